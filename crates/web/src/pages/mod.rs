//! The HTML pages, one folder per area of the map in docs/DESIGN.md (`register`, `congress`,
//! `branch`, `accounts`, a member's own `personal`), each with its own routes; `form` parses every form's fields and
//! `guard` finds the organization a page may read or write. Every page that shows an
//! organization or a member first checks that the signed-in user may read it.

pub(crate) mod accounts;
pub(crate) mod branch;
pub(crate) mod check;
pub(crate) mod commendation;
pub(crate) mod congress;
pub(crate) mod documents;
pub(crate) mod download;
pub(crate) mod form;
pub(crate) mod guard;
mod home;
pub(crate) mod menu;
pub mod package;
pub(crate) mod personal;
pub(crate) mod portal;
pub(crate) mod register;

pub use register::member_file::ImportJobs;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::NaiveDate;

use crate::error::WebError;
use crate::state::AppState;

/// Every page: each area's routes, the home page and the static files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .merge(register::routes())
        .merge(congress::routes())
        .merge(branch::routes())
        .merge(commendation::routes())
        .merge(documents::routes())
        .merge(check::routes())
        .merge(accounts::routes())
        .merge(personal::routes())
        .merge(package::routes())
        .merge(portal::routes())
        .route("/static/style.css", get(css))
        .route("/static/htmx.min.js", get(htmx))
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
}

async fn htmx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        include_str!("../../static/htmx.min.js"),
    )
}

/// The `ngay` (date) query parameter: `YYYY-MM-DD` from a date input, or today.
pub fn as_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today),
        Some(s) => domain::text::parse_iso_date(s)
            .or_else(|| domain::text::parse_date(s))
            .ok_or_else(|| {
                WebError::BadInput(format!(
                    "Ngày '{s}' không hợp lệ (dạng ngày/tháng/năm).",
                    s = domain::text::excerpt(s)
                ))
            }),
    }
}
