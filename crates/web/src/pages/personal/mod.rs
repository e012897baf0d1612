//! A member's own pages (issue 20; CONTRACTS.md "Pages for members and for administrators"):
//! `/ca-nhan` with their file, the branch's coming meetings and notices, their pledge to follow
//! Hồ Chí Minh's example and their self-assessment (`own`), the self-assessment form and its
//! printable copy (`assessment`). Only an account that stands for a party member opens them;
//! everything here is the member's own — nothing of another member.

pub(crate) mod assessment;
pub(crate) mod own;

use axum::Router;
use axum::routing::{get, post};

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// The member's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ca-nhan", get(own::page))
        .route("/ca-nhan/lam-theo", post(own::pledge))
        .route("/ca-nhan/lam-theo/danh-gia", post(own::review))
        .route("/ca-nhan/thong-bao/{id}", post(own::reply))
        .route(
            "/ca-nhan/thong-bao/{id}/van-ban/{doc}",
            get(own::notice_document),
        )
        .route("/ca-nhan/de-nghi", post(own::request))
        .route(
            "/ca-nhan/tu-danh-gia",
            get(assessment::form).post(assessment::submit),
        )
        .route("/ca-nhan/tu-danh-gia/{file}", get(assessment::download))
}

/// The party member the signed-in account stands for; anyone else gets 404 (audited).
pub(crate) async fn member_of(s: &AppState, me: &CurrentUser) -> Result<i32, WebError> {
    match me.person_id {
        Some(p) => Ok(p),
        None => {
            s.db.audit_denied(&me.actor, "person", "ca-nhan", "Read")
                .await?;
            Err(WebError::NotFound)
        }
    }
}
