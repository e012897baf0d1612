//! The congress's pages: the season dashboard of a superior (`season`), the page of one
//! congress with the secretariat's forms (`page`, `forms`), ballot entry by two counters and
//! the results (`ballot_entry`), and the documents they download (`docs`: minutes, ballot
//! papers, the draft article; also used by `dangvu congress minutes`).

pub(crate) mod ballot_entry;
pub mod docs;
pub(crate) mod forms;
pub(crate) mod page;
pub(crate) mod season;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// The congress's routes: the season under an organization, a congress, its rounds.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/to-chuc/{code}/dai-hoi", get(season::season))
        .route("/to-chuc/{code}/dai-hoi/ke-hoach", post(forms::plan_submit))
        .route("/to-chuc/{code}/dai-hoi/moi", post(forms::congress_submit))
        .route("/dai-hoi/{id}", get(page::page))
        .route("/dai-hoi/{id}/co-mat", post(forms::presence_submit))
        .route("/dai-hoi/{id}/ban-kiem-phieu", post(forms::board_submit))
        .route("/dai-hoi/{id}/van-ban", post(forms::document_submit))
        .route("/dai-hoi/{id}/nghi-quyet", post(forms::resolution_submit))
        .route("/dai-hoi/{id}/bau-cu", post(forms::election_submit))
        .route(
            "/dai-hoi/{id}/bau-cu/{election}/vong-moi",
            post(forms::next_round_submit),
        )
        .route(
            "/dai-hoi/{id}/bau-cu/{election}/ket-thuc",
            post(forms::finish_submit),
        )
        .route("/dai-hoi/{id}/tin-bai.docx", get(forms::article_docx))
        .route("/dai-hoi/{id}/tin-bai.txt", get(forms::article_txt))
        .route(
            "/dai-hoi/vong/{round}/bien-ban.docx",
            get(forms::minutes_docx),
        )
        .route(
            "/dai-hoi/vong/{round}/bien-ban.pdf",
            get(forms::minutes_pdf),
        )
        .route(
            "/dai-hoi/vong/{round}/phieu-bau.pdf",
            get(forms::ballots_pdf),
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
        .route(
            "/dai-hoi/vong/{round}/nhap/{counter}/sua",
            post(ballot_entry::correct),
        )
}
