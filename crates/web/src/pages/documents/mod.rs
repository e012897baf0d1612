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
use axum::routing::{get, post};

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
