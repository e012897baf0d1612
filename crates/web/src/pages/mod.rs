//! The HTML pages, one module per page; every page that shows an organization or a member
//! first checks that the signed-in user may read it (`auth::CurrentUser::require_read`).

mod admission;
mod audit;
mod ballot_entry;
mod branch;
mod congress;
mod congress_forms;
mod home;
mod login;
mod meetings;
mod member;
mod member_edit;
mod member_file;
pub(crate) mod member_form;
mod members_list;
mod org;
pub(crate) mod org_edit;
pub(crate) mod org_form;
mod ratings;
mod review;
mod rollup;
mod study;
mod tokens;
mod tree;

pub use member_file::ImportJobs;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use chrono::NaiveDate;

use crate::error::WebError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/dang-nhap", get(login::form).post(login::submit))
        .route("/dang-xuat", post(login::sign_out))
        .route("/to-chuc", get(tree::page))
        .route("/to-chuc/moi", get(org_form::form).post(org_form::submit))
        .route("/to-chuc/{code}", get(org::page))
        .route("/to-chuc/{code}/dang-vien", get(members_list::page))
        .route(
            "/to-chuc/{code}/them-dang-vien",
            get(member_form::add_form).post(member_form::add_submit),
        )
        .route(
            "/to-chuc/{code}/ket-nap",
            get(admission::page).post(admission::open_case),
        )
        .route("/to-chuc/{code}/ket-nap/{id}", post(admission::record_step))
        .route("/dang-vien/{id}", get(member::page))
        .route(
            "/dang-vien/{id}/chuyen-sinh-hoat",
            get(member_form::transfer_form).post(member_form::transfer_submit),
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
        .route(
            "/to-chuc/{code}/nhap",
            get(member_file::import_form)
                .post(member_file::import_submit)
                .layer(DefaultBodyLimit::max(member_file::IMPORT_LIMIT)),
        )
        .route("/to-chuc/{code}/nhap/{job}", get(member_file::job))
        .route("/to-chuc/{code}/nghi-quyet", get(review::page))
        .route("/to-chuc/{code}/nghi-quyet/xuat", get(review::export))
        .route("/to-chuc/{code}/nghi-quyet/tong-hop", get(rollup::page))
        .route(
            "/to-chuc/{code}/nghi-quyet/tong-hop/xuat",
            get(rollup::export),
        )
        .route(
            "/to-chuc/{code}/lich-sinh-hoat",
            get(meetings::page).post(meetings::record),
        )
        .route(
            "/to-chuc/{code}/xep-loai",
            get(ratings::page).post(ratings::rate_members),
        )
        .route("/to-chuc/{code}/xep-loai/xuat", get(ratings::export))
        .route("/to-chuc/{code}/xep-loai/to-chuc", post(ratings::rate_org))
        .route(
            "/to-chuc/{code}/xep-loai/ngoai-le",
            post(ratings::grant_exception),
        )
        .route("/to-chuc/{code}/hoc-tap-giam-sat", get(study::page))
        .route(
            "/to-chuc/{code}/hoc-tap-giam-sat/hoc-tap",
            post(study::record_study),
        )
        .route(
            "/to-chuc/{code}/hoc-tap-giam-sat/giam-sat",
            post(study::record_supervision),
        )
        .route(
            "/to-chuc/{code}/hoc-tap-giam-sat/ke-hoach",
            post(study::set_plan),
        )
        .route(
            "/dang-vien/{id}/sua",
            get(member_edit::form).post(member_edit::submit),
        )
        .route("/tai-khoan/token", get(tokens::list).post(tokens::create))
        .route("/tai-khoan/token/{id}/thu-hoi", post(tokens::revoke))
        .route("/nhat-ky", get(audit::page))
        .route("/to-chuc/{code}/dai-hoi", get(congress::season))
        .route(
            "/to-chuc/{code}/dai-hoi/ke-hoach",
            post(congress_forms::plan_submit),
        )
        .route(
            "/to-chuc/{code}/dai-hoi/moi",
            post(congress_forms::congress_submit),
        )
        .route("/dai-hoi/{id}", get(congress::page))
        .route(
            "/dai-hoi/{id}/co-mat",
            post(congress_forms::presence_submit),
        )
        .route(
            "/dai-hoi/{id}/ban-kiem-phieu",
            post(congress_forms::board_submit),
        )
        .route(
            "/dai-hoi/{id}/van-ban",
            post(congress_forms::document_submit),
        )
        .route(
            "/dai-hoi/{id}/nghi-quyet",
            post(congress_forms::resolution_submit),
        )
        .route(
            "/dai-hoi/{id}/bau-cu",
            post(congress_forms::election_submit),
        )
        .route(
            "/dai-hoi/{id}/bau-cu/{election}/vong-moi",
            post(congress_forms::next_round_submit),
        )
        .route(
            "/dai-hoi/{id}/bau-cu/{election}/ket-thuc",
            post(congress_forms::finish_submit),
        )
        .route(
            "/dai-hoi/{id}/tin-bai.docx",
            get(congress_forms::article_docx),
        )
        .route(
            "/dai-hoi/{id}/tin-bai.txt",
            get(congress_forms::article_txt),
        )
        .route(
            "/dai-hoi/vong/{round}/bien-ban.docx",
            get(congress_forms::minutes_docx),
        )
        .route(
            "/dai-hoi/vong/{round}/bien-ban.pdf",
            get(congress_forms::minutes_pdf),
        )
        .route(
            "/dai-hoi/vong/{round}/phieu-bau.pdf",
            get(congress_forms::ballots_pdf),
        )
        .route("/dai-hoi/vong/{round}", get(ballot_entry::results))
        .route("/dai-hoi/vong/{round}/ket-thuc", post(ballot_entry::close))
        .route(
            "/dai-hoi/vong/{round}/nhap/{counter}",
            get(ballot_entry::form).post(ballot_entry::submit),
        )
        .route(
            "/dai-hoi/vong/{round}/nhap/{counter}/hoan-tac",
            post(ballot_entry::undo),
        )
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
                WebError::BadInput(format!("Ngày '{s}' không hợp lệ (dạng ngày/tháng/năm)."))
            }),
    }
}
