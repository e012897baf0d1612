//! The commendation office's pages: the work list of dossiers (overdue first) with the bulk
//! appraisal and its progress bar (`worklist`), one dossier with its documents and its path
//! (`dossier`), a branch's yearly proposal computed from its ratings (`proposal`), the
//! emulation campaigns with their pledges (`campaigns`), and the award statistics of a subtree
//! over a period with their .xlsx (`stats`); the party badges due in a subtree on an award date
//! with the form that records one (`badges`), and a member's badges, discipline and periods
//! outside the party on their page (`member`).

pub(crate) mod badges;
pub(crate) mod campaigns;
pub(crate) mod dossier;
pub(crate) mod member;
pub(crate) mod proposal;
pub(crate) mod stats;
pub(crate) mod worklist;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/to-chuc/{code}/khen-thuong", get(worklist::page))
        .route(
            "/to-chuc/{code}/khen-thuong/tham-dinh",
            post(worklist::appraise_all),
        )
        .route("/tien-trinh/{id}", get(worklist::progress))
        .route("/tien-trinh/{id}/tep", get(worklist::progress_file))
        .route(
            "/to-chuc/{code}/huy-hieu",
            get(badges::page).post(badges::record),
        )
        .route("/to-chuc/{code}/khen-thuong/thong-ke", get(stats::page))
        .route(
            "/to-chuc/{code}/khen-thuong/thong-ke/xuat",
            get(stats::export),
        )
        .route(
            "/to-chuc/{code}/khen-thuong/de-nghi",
            get(proposal::page).post(proposal::adjust),
        )
        .route(
            "/to-chuc/{code}/khen-thuong/ho-so",
            post(proposal::open_dossier),
        )
        .route(
            "/to-chuc/{code}/thi-dua",
            get(campaigns::page).post(campaigns::launch),
        )
        .route("/to-chuc/{code}/thi-dua/dang-ky", post(campaigns::pledge))
        .route("/ho-so-khen-thuong/{id}", get(dossier::page))
        .route("/ho-so-khen-thuong/{id}/buoc", post(dossier::step))
        .route("/ho-so-khen-thuong/{id}/van-ban", post(dossier::upload))
        .route(
            "/ho-so-khen-thuong/{id}/van-ban/{doc}",
            get(dossier::download),
        )
}
