//! Emulation and commendation's pages: the party badges due in a subtree on an award date and
//! the form that records a badge (`badges`); a member's badges, discipline and periods outside
//! the party on their page (`member`).

pub(crate) mod badges;
pub(crate) mod member;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// Commendation's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/to-chuc/{code}/huy-hieu",
        get(badges::page).post(badges::record),
    )
}
