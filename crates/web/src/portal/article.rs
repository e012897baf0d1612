//! One published article (`/tin-tuc/{slug}`): headline, the moment of publication in
//! Vietnam, the organization, the body, the source, "Số lần đọc: N" (this read counted, in
//! memory: `reads`), the text-size switch and the related articles; `?in=1` the print view
//! (also what `@media print` gives the normal page). A draft, a withdrawn article or an
//! unknown address answers 404, counting nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::portal::{Block, Candidate, blocks, is_slug, related, stamp};
use serde::Deserialize;

use super::view::{size_headers, text_size};
use crate::error::WebError;
use crate::state::AppState;

/// How many related articles the page offers.
pub const RELATED: usize = 5;

#[derive(Deserialize, Default)]
pub struct ArticleParams {
    co: Option<String>,
    #[serde(rename = "in")]
    print: Option<String>,
}

pub struct Link {
    pub href: String,
    pub title: String,
    pub date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/article.html")]
pub struct ArticlePage {
    title: String,
    stamp: String,
    org_name: String,
    org_code: String,
    href: String,
    blocks: Vec<Block>,
    source: String,
    /// "1.234".
    reads: String,
    related: Vec<Link>,
    size: u8,
    print: bool,
}

pub async fn page(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(p): Query<ArticleParams>,
) -> Result<Response, WebError> {
    if !is_slug(&slug) {
        return Err(WebError::NotFound);
    }
    let a =
        s.db.published_article(&slug)
            .await?
            .ok_or(WebError::NotFound)?;
    let published_at = a.published_at.ok_or(WebError::NotFound)?;
    let reads = s.reads.count(a.id, a.read_count);
    let links = s.db.published_links().await?;
    let candidates: Vec<Candidate> = links
        .iter()
        .map(|l| Candidate {
            id: l.id,
            org_id: l.org_id,
            published_at: l.published_at,
        })
        .collect();
    let this = Candidate {
        id: a.id,
        org_id: a.org_id,
        published_at,
    };
    let related = related(&this, &candidates, RELATED)
        .into_iter()
        .filter_map(|id| links.iter().find(|l| l.id == id))
        .map(|l| Link {
            href: format!("/tin-tuc/{}", l.slug),
            title: l.title.clone(),
            date: domain::text::format_date_padded(
                (l.published_at + chrono::Duration::hours(7)).date(),
            ),
        })
        .collect();
    let size = text_size(p.co.as_deref(), &headers);
    let page = ArticlePage {
        stamp: stamp(published_at),
        org_name: a.org_name,
        org_code: a.org_code,
        href: format!("/tin-tuc/{}", a.slug),
        blocks: blocks(&a.body),
        source: a.source,
        title: a.title,
        reads: domain::text::format_int(reads as i64),
        related,
        size: size.0,
        print: p.print.is_some_and(|v| v != "0"),
    };
    Ok((size_headers(size, &s.settings), page).into_response())
}
