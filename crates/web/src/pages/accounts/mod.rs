//! Accounts' pages: sign-in and sign-out (`login`), choosing one's own password
//! (`password`) and one-time codes (`second_factor`), a user's API tokens (`tokens`) with the
//! API's reference (`api_docs`), the audit log (`audit`) and the administrator's accounts
//! (`admin`, with its forms in `admin_forms`).

pub(crate) mod admin;
pub(crate) mod admin_forms;
pub(crate) mod api_docs;
pub(crate) mod audit;
pub(crate) mod login;
pub(crate) mod password;
pub(crate) mod second_factor;
pub(crate) mod tokens;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// The accounts' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dang-nhap", get(login::form).post(login::submit))
        .route("/dang-xuat", post(login::sign_out))
        .route("/doi-mat-khau", get(password::form).post(password::submit))
        .route(
            "/tai-khoan/ma-xac-thuc",
            get(second_factor::page).post(second_factor::submit),
        )
        .route("/tai-khoan/token", get(tokens::list).post(tokens::create))
        .route("/tai-khoan/token/{id}/thu-hoi", post(tokens::revoke))
        .route("/tai-khoan/api", get(api_docs::page))
        .route("/nhat-ky", get(audit::page))
        .route("/quan-tri/tai-khoan", get(admin::page).post(admin::act))
        .route("/quan-tri/tai-khoan/tao", post(admin_forms::create))
        .route("/quan-tri/tai-khoan/vai-tro", post(admin_forms::role))
        .route("/quan-tri/tai-khoan/hang-loat", post(admin_forms::bulk))
        .route("/quan-tri/tai-khoan/cai-dat", post(admin_forms::settings))
}
