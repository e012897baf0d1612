//! The editors' side of the portal, behind sign-in: an organization's articles with a form
//! for a new one (`articles`), one article's editor with its figures checked and the steps
//! approve / withdraw (`editor`), and a congress's generated draft made into an article
//! (`articles::from_congress`). Reading needs the right to read the organization; writing,
//! the right to write it (its secretary, or staff and administrators above it).

pub(crate) mod articles;
pub(crate) mod editor;
pub(crate) mod figures;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/to-chuc/{code}/tin-bai",
            get(articles::page).post(articles::create),
        )
        .route("/dai-hoi/{id}/tin-bai", post(articles::from_congress))
        .route("/tin-bai/{id}", get(editor::page).post(editor::save))
        .route("/tin-bai/{id}/duyet", post(editor::approve))
        .route("/tin-bai/{id}/go", post(editor::withdraw))
}
