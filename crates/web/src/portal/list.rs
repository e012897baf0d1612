//! The public lists: every published article newest first (`/tin-tuc`, with `?q=` a search
//! that ignores diacritics and case), a month of the archive (`/tin-tuc/luu-tru/{năm}/{tháng}`)
//! and an organization's home page on the portal (`/tin-tuc/don-vi/{code}`), a page of
//! [`PER_PAGE`] at a time (`?trang=`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use db::ArticleQuery;
use serde::Deserialize;

use super::view::{Item, Side, size_headers, text_size};
use crate::error::WebError;
use crate::state::AppState;

pub const PER_PAGE: u64 = 20;

#[derive(Deserialize, Default)]
pub struct ListParams {
    q: Option<String>,
    trang: Option<String>,
    co: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/list.html")]
pub struct ListPage {
    heading: String,
    /// A line under the heading (the organization, the search's count).
    note: Option<String>,
    items: Vec<Item>,
    side: Side,
    q: String,
    size: u8,
    /// This list's address, for the size switch and the pages.
    here: String,
    page: u64,
    pages: u64,
}

impl ListPage {
    /// The address of page `n` of this list (the search kept).
    fn page_href(&self, n: &u64) -> String {
        let n = *n;
        let mut params = Vec::new();
        if !self.q.is_empty() {
            params.push(format!("q={}", encode(&self.q)));
        }
        if n > 1 {
            params.push(format!("trang={n}"));
        }
        if params.is_empty() {
            self.here.clone()
        } else {
            format!("{}?{}", self.here, params.join("&"))
        }
    }
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

struct Want {
    heading: String,
    note: Option<String>,
    here: String,
    query: ArticleQuery,
}

async fn render(
    s: &AppState,
    want: Want,
    p: &ListParams,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let page = p
        .trang
        .as_deref()
        .and_then(|t| t.trim().parse::<u64>().ok())
        .filter(|n| (1..=100_000).contains(n))
        .unwrap_or(1);
    let query = ArticleQuery {
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
        ..want.query
    };
    let (rows, total) = s.db.published_articles(&query).await?;
    let size = text_size(p.co.as_deref(), headers);
    let q = query.search.clone().unwrap_or_default();
    let note = match (&want.note, q.is_empty()) {
        (_, false) => Some(format!(
            "{} tin bài có \"{}\"",
            domain::text::format_int(total as i64),
            domain::text::excerpt(&q)
        )),
        (n, true) => n.clone(),
    };
    let page = ListPage {
        heading: want.heading,
        note,
        items: rows.iter().map(Item::of).collect(),
        side: Side::load(s).await?,
        q,
        size: size.0,
        here: want.here,
        page,
        pages: total.div_ceil(PER_PAGE).max(1),
    };
    Ok((size_headers(size, &s.settings), page).into_response())
}

/// `/tin-tuc`: every published article, or those with the words of `?q=`.
pub async fn all(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let search =
        p.q.as_deref()
            .map(domain::text::normalize)
            .filter(|q| !q.is_empty());
    let want = Want {
        heading: if search.is_some() {
            "Tìm tin bài".into()
        } else {
            "Tin tức".into()
        },
        note: None,
        here: "/tin-tuc".into(),
        query: ArticleQuery {
            search,
            ..Default::default()
        },
    };
    render(&s, want, &p, &headers).await
}

/// `/tin-tuc/luu-tru/{năm}/{tháng}`: the articles published in a month (in Vietnam).
pub async fn month(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((year, month)): Path<(String, String)>,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (Ok(y), Ok(m)) = (year.parse::<i32>(), month.parse::<u32>()) else {
        return Err(WebError::NotFound);
    };
    let between = domain::portal::month_bounds(y, m).ok_or(WebError::NotFound)?;
    let want = Want {
        heading: format!("Tin bài tháng {m}/{y}"),
        note: None,
        here: format!("/tin-tuc/luu-tru/{y}/{m}"),
        query: ArticleQuery {
            between: Some(between),
            ..Default::default()
        },
    };
    render(&s, want, &ListParams { q: None, ..p }, &headers).await
}

/// `/tin-tuc/don-vi/{code}`: an organization's home page on the portal; one that publishes
/// nothing is not on the portal (404).
pub async fn org(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let code = code.trim().to_uppercase();
    let org =
        s.db.publishing_orgs()
            .await?
            .into_iter()
            .find(|o| o.code == code)
            .ok_or(WebError::NotFound)?;
    let want = Want {
        heading: org.name.clone(),
        note: Some(format!(
            "Trang tin của {}: {} tin bài đã đăng",
            org.name,
            domain::text::format_int(org.articles as i64)
        )),
        here: format!("/tin-tuc/don-vi/{}", org.code),
        query: ArticleQuery {
            org: Some(org.code),
            ..Default::default()
        },
    };
    render(&s, want, &ListParams { q: None, ..p }, &headers).await
}
