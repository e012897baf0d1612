//! The public news portal, served without sign-in (CONTRACTS.md, "The public portal"): the
//! published articles (`list`: all, a search, a month of the archive, an organization's
//! home page), one article with its read count (`article`; the counts kept in memory and
//! written in batches, `reads`), the RSS feed (`rss`) and the portal's own stylesheet. No
//! handler here takes a `CurrentUser`, and none shows a draft or a withdrawn article; the
//! editors' pages are `pages::portal`, behind sign-in like every other page.

mod article;
mod list;
pub mod reads;
mod rss;
mod view;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

pub use reads::Reads;
pub use view::{size_headers, text_size};

/// The public routes, the only ones besides sign-in, the health check and the static files
/// that answer without a session (`tests/access.rs` names them).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tin-tuc", get(list::all))
        .route("/tin-tuc/rss.xml", get(rss::feed))
        .route("/tin-tuc/luu-tru/{year}/{month}", get(list::month))
        .route("/tin-tuc/don-vi/{code}", get(list::org))
        .route("/tin-tuc/{slug}", get(article::page))
        .route("/static/portal.css", get(css))
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/portal.css"),
    )
}
