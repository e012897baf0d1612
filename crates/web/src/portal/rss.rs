//! `/tin-tuc/rss.xml`: RSS 2.0 of the published articles, newest first (the latest
//! [`ITEMS`]), each with its absolute address on this site, its date (RFC 822), its
//! organization as category and the start of its text as description.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use db::ArticleQuery;

use crate::error::WebError;
use crate::state::AppState;

pub const ITEMS: u64 = 50;

pub struct RssItem {
    pub title: String,
    pub link: String,
    pub date: String,
    pub category: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "portal/rss.xml", escape = "html")]
struct Feed {
    site: String,
    items: Vec<RssItem>,
}

/// `http(s)://host` of this request: the `Host` header (behind a trusted proxy, the one it
/// forwards), https when the site says it is served so.
fn site(s: &AppState, headers: &HeaderMap) -> String {
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.rsplit(',').next().unwrap_or(v).trim().to_string())
    };
    let host = s
        .settings
        .trust_proxy
        .then(|| value("x-forwarded-host"))
        .flatten()
        .or_else(|| value("host"))
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or_else(|| "localhost".into());
    let scheme = if s.settings.behind_https {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub async fn feed(State(s): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let (rows, _) =
        s.db.published_articles(&ArticleQuery {
            limit: ITEMS,
            ..Default::default()
        })
        .await?;
    let site = site(&s, &headers);
    let items = rows
        .iter()
        .map(|a| RssItem {
            title: a.title.clone(),
            link: format!("{site}/tin-tuc/{}", a.slug),
            date: a
                .published_at
                .map(|t| t.and_utc().to_rfc2822())
                .unwrap_or_default(),
            category: a.org_name.clone(),
            description: domain::portal::summary(&a.body, 400),
        })
        .collect();
    let body = Feed { site, items }
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
        body,
    )
        .into_response())
}
