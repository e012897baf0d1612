//! What every public page shares: an article as a list shows it, the text size the reader
//! chose (a query parameter that a cookie remembers; no script), and the side column — the
//! archive's months and the publishing organizations.

use axum::http::HeaderMap;
use db::ArticleRow;
use domain::portal::{archive_month, stamp, summary};

use crate::cookies::{cookie, set_cookie};
use crate::error::WebError;
use crate::state::{AppState, Settings};

/// The cookie that remembers the reader's text size (0, 1 or 2).
pub const SIZE_COOKIE: &str = "dangvu_co";

/// An article in a list.
pub struct Item {
    pub href: String,
    pub title: String,
    pub org_name: String,
    pub org_code: String,
    /// "09:26 | 18/05/2020".
    pub stamp: String,
    pub summary: String,
}

impl Item {
    pub fn of(a: &ArticleRow) -> Self {
        Self {
            href: format!("/tin-tuc/{}", a.slug),
            title: a.title.clone(),
            org_name: a.org_name.clone(),
            org_code: a.org_code.clone(),
            stamp: a.published_at.map(stamp).unwrap_or_default(),
            summary: summary(&a.body, 240),
        }
    }
}

/// The text size: from `?co=` (then remembered in a cookie), else the cookie, else 0.
pub fn text_size(asked: Option<&str>, headers: &HeaderMap) -> (u8, bool) {
    let read = |s: &str| s.trim().parse::<u8>().ok().filter(|n| *n <= 2);
    match asked.and_then(read) {
        Some(n) => (n, true),
        None => (
            cookie(headers, SIZE_COOKIE)
                .as_deref()
                .and_then(read)
                .unwrap_or(0),
            false,
        ),
    }
}

/// The headers of a public page: the chosen size remembered for a year when it was asked.
pub fn size_headers(size: (u8, bool), settings: &Settings) -> HeaderMap {
    let mut h = HeaderMap::new();
    if size.1 {
        set_cookie(
            &mut h,
            settings,
            SIZE_COOKIE,
            &size.0.to_string(),
            Some(365 * 24 * 3600),
        );
    }
    h
}

/// A month of the archive with its count.
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub count: usize,
}

/// The side column: the archive's months (newest first) and the publishing organizations.
pub struct Side {
    pub months: Vec<Month>,
    pub orgs: Vec<db::PublishingOrg>,
}

impl Side {
    pub async fn load(s: &AppState) -> Result<Self, WebError> {
        let links = s.db.published_links().await?;
        let mut months: Vec<Month> = Vec::new();
        for l in &links {
            let (year, month) = archive_month(l.published_at);
            match months.last_mut() {
                Some(m) if m.year == year && m.month == month => m.count += 1,
                _ => months.push(Month {
                    year,
                    month,
                    count: 1,
                }),
            }
        }
        Ok(Self {
            months,
            orgs: s.db.publishing_orgs().await?,
        })
    }
}
