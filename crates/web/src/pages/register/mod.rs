//! The register's pages: the tree (`tree`), an organization (`org`) with its edits, split and
//! merge (`org_edit`) and a new one (`org_form`), the member list (`members_list`), a member's
//! file (`member`), its corrections (`member_edit`), adding and transferring members
//! (`member_form`), and the member file's import and export (`member_file`).

pub(crate) mod figure;
pub(crate) mod member;
pub(crate) mod member_edit;
pub(crate) mod member_export;
pub(crate) mod member_file;
pub(crate) mod member_form;
pub(crate) mod members_list;
pub(crate) mod org;
pub(crate) mod org_edit;
pub(crate) mod org_form;
pub(crate) mod tree;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// The register's routes: organizations and members.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/to-chuc", get(tree::page))
        .route("/to-chuc/moi", get(org_form::form).post(org_form::submit))
        .route("/to-chuc/{code}", get(org::page))
        .route("/to-chuc/{code}/dang-vien", get(members_list::page))
        .route("/to-chuc/{code}/so-lieu", get(figure::page))
        .route(
            "/to-chuc/{code}/them-dang-vien",
            get(member_form::add_form).post(member_form::add_submit),
        )
        .route(
            "/to-chuc/{code}/sua",
            get(org_edit::edit_form).post(org_edit::edit_submit),
        )
        .route(
            "/to-chuc/{code}/tach",
            get(org_edit::split_form).post(org_edit::split_submit),
        )
        .route(
            "/to-chuc/{code}/sap-nhap",
            get(org_edit::merge_form).post(org_edit::merge_submit),
        )
        .route("/to-chuc/{code}/xuat", get(member_file::export))
        .route("/to-chuc/{code}/xuat-nen", post(member_export::start))
        .route(
            "/to-chuc/{code}/nhap",
            get(member_file::import_form)
                .post(member_file::import_submit)
                .layer(DefaultBodyLimit::max(member_file::IMPORT_LIMIT)),
        )
        .route("/to-chuc/{code}/nhap/{job}", get(member_file::job))
        .route("/dang-vien/{id}", get(member::page))
        .route(
            "/dang-vien/{id}/chuyen-sinh-hoat",
            get(member_form::transfer_form).post(member_form::transfer_submit),
        )
        .route(
            "/dang-vien/{id}/sua",
            get(member_edit::form).post(member_edit::submit),
        )
}
