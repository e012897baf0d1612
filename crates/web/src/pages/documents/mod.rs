//! The document register's pages (DOMAIN.md §7): an organization's register with its search,
//! the form that records a numbered document and the one that starts a draft from a template
//! (`register`); one document with its text, the edit of a draft, its numbering and its
//! downloads in the HD 36 layout (`document`); the congress resolution printed from the record
//! (`resolution`); the facts of the draft political report (`political`).

pub(crate) mod document;
pub mod political;
pub(crate) mod register;
pub(crate) mod resolution;

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::WebError;
use crate::pages::form::sentence;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/to-chuc/{code}/van-ban",
            get(register::page).post(register::record),
        )
        .route("/to-chuc/{code}/van-ban/soan", post(register::draft))
        .route("/van-ban/{id}", get(document::page).post(document::edit))
        .route("/van-ban/{id}/cap-so", post(document::issue))
        .route("/van-ban/{id}/tep", get(document::attached))
        .route("/van-ban/{id}/in.docx", get(document::docx))
        .route("/van-ban/{id}/in.pdf", get(document::pdf))
        .route("/dai-hoi/{id}/nghi-quyet.docx", get(resolution::docx))
        .route("/dai-hoi/{id}/nghi-quyet.pdf", get(resolution::pdf))
}

pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub(crate) const PDF: &str = "application/pdf";

/// A file to save, with its name.
pub(crate) fn download(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", ascii_name(name)),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A file name a header can carry: diacritics folded, anything but letters, digits, dots and
/// hyphens made a hyphen ("205-KH/ĐU" → "205-kh-du").
pub(crate) fn ascii_name(name: &str) -> String {
    domain::text::search_key(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Renders off the async workers: typst and the Word writer are CPU work.
pub(crate) async fn render<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, reports::DocError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::BadInput(sentence(&e.to_string())))
}
