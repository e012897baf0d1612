//! What the branch-life pages share: the organization looked up and the user's right to read
//! it checked (a refusal answers 404 and is audited), and the year asked for.

pub(crate) mod admission;
pub(crate) mod corrections;
pub(crate) mod meeting;
pub(crate) mod meetings;
pub(crate) mod notices;
pub(crate) mod personal;
pub(crate) mod ratings;
pub(crate) mod review;
pub(crate) mod rollup;
pub(crate) mod study;
pub(crate) mod study_edit;
pub(crate) mod supervision_edit;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use db::branch::RosterEntry;
use domain::accounts::access::Action;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::form::{Errors, keep, parse_dmy, parse_year, unprocessable};
use crate::pages::guard::readable_org;
use crate::state::AppState;

/// Branch life's routes: meetings, study and supervision, ratings, the resolution's review and
/// its roll-up, admission, meeting notices, and what members hand in themselves.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/to-chuc/{code}/lich-sinh-hoat",
            get(meetings::page).post(meetings::record),
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
            "/to-chuc/{code}/hoc-tap-giam-sat/xoa-hoc-tap",
            post(corrections::delete_study),
        )
        .route(
            "/to-chuc/{code}/hoc-tap-giam-sat/xoa-giam-sat",
            post(corrections::delete_supervision),
        )
        .route(
            "/to-chuc/{code}/xep-loai/sua",
            post(corrections::correct_rating),
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
        .route("/to-chuc/{code}/nghi-quyet", get(review::page))
        .route("/to-chuc/{code}/nghi-quyet/xuat", get(review::export))
        .route("/to-chuc/{code}/nghi-quyet/tong-hop", get(rollup::page))
        .route(
            "/to-chuc/{code}/nghi-quyet/tong-hop/xuat",
            get(rollup::export),
        )
        .route(
            "/to-chuc/{code}/ket-nap",
            get(admission::page).post(admission::open_case),
        )
        .route("/to-chuc/{code}/ket-nap/{id}", post(admission::record_step))
        .route("/hop/{id}", get(meeting::page))
        .route("/hop/{id}/sua", post(meeting::update))
        .route(
            "/hoc-tap/{id}",
            get(study_edit::page).post(study_edit::submit),
        )
        .route(
            "/giam-sat/{id}",
            get(supervision_edit::page).post(supervision_edit::submit),
        )
        .route("/hop/{id}/xoa", post(meeting::delete))
        .merge(member_routes())
}

/// The routes of meeting notices and of what members hand in themselves (issue 20).
fn member_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/to-chuc/{code}/thong-bao",
            get(notices::page).post(notices::publish),
        )
        .route("/to-chuc/{code}/thong-bao/{id}", get(notices::notice))
        .route(
            "/to-chuc/{code}/thong-bao/{id}/thu-hoi",
            post(notices::withdraw),
        )
        .route("/to-chuc/{code}/lam-theo", get(personal::page))
        .route("/to-chuc/{code}/lam-theo/duyet", post(personal::approve))
        .route("/to-chuc/{code}/lam-theo/han", post(personal::deadlines))
        .route("/to-chuc/{code}/lam-theo/{person}", get(personal::member))
        .route(
            "/to-chuc/{code}/lam-theo/{person}/{file}",
            get(personal::member_form),
        )
        .route("/to-chuc/{code}/de-nghi/{id}", post(personal::answer))
}

/// The `nam` (year) query parameter: a year from 1930 to this year, or `default`.
pub fn year_param(raw: Option<&str>, default: i32, today: NaiveDate) -> Result<i32, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(raw) => parse_year(raw, today.year()).map_err(WebError::BadInput),
    }
}

/// The organization of a branch page, once the user may read it, and the year the page
/// shows: the `nam` parameter, or this year less `back` (1: last year).
pub async fn org_and_year(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    nam: Option<&str>,
    back: i32,
) -> Result<(db::OrgRow, i32), WebError> {
    let today = s.today();
    let org = readable_org(s, me, code).await?;
    let year = year_param(nam, today.year() - back, today)?;
    Ok((org, year))
}

/// The years a year selector offers: the last ten, newest first.
pub fn recent_years(today: NaiveDate) -> Vec<i32> {
    (today.year() - 9..=today.year()).rev().collect()
}

/// [`recent_years`] reaching back to `shown` when an older year is on the page (seed 003's
/// ratings of 2010–2014), so the menu shows the year the page shows.
pub fn years_with(today: NaiveDate, shown: i32) -> Vec<i32> {
    (shown.min(today.year() - 9)..=today.year()).rev().collect()
}

/// Whether the user may record here: a writer of the organization, which still exists.
pub fn may_write(me: &CurrentUser, org: &db::OrgRow) -> bool {
    me.can(&org.path, Action::Write) && org.dissolved_on.is_none()
}

/// Everyone posted in the organization on a date (members and non-member staff); nobody
/// when the organization did not exist then.
pub async fn posted_on(
    s: &AppState,
    org: &str,
    on: NaiveDate,
) -> Result<Vec<RosterEntry>, WebError> {
    match s.db.roster(org, on).await {
        Ok(r) => Ok(r),
        Err(e) if e.is_bad_input() => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// The person ids of a roster, as the form carries them (`roster`).
pub fn roster_ids(roster: &[RosterEntry]) -> String {
    roster
        .iter()
        .map(|e| e.person_id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The roster a form was drawn for is not the roster of the day it records.
pub fn roster_changed(listed: &[i32], roster: &[RosterEntry]) -> bool {
    let mut listed = listed.to_vec();
    listed.sort_unstable();
    let mut wanted: Vec<i32> = roster.iter().map(|e| e.person_id).collect();
    wanted.sort_unstable();
    listed != wanted
}

/// A required dd/mm/yyyy date into `field`; its message into the errors otherwise.
pub fn date_field(raw: &str, field: &'static str, errors: &mut Errors) -> Option<NaiveDate> {
    keep(errors, field, parse_dmy(raw))
}

/// The year a page coming back shows: the date's, when it is a plausible one.
pub fn year_of(d: Option<NaiveDate>, today: NaiveDate) -> i32 {
    d.filter(|d| *d <= today && d.year() >= 1930)
        .map_or(today.year(), |d| d.year())
}

/// A branch page shown again after a refusal, with the input kept: 422.
pub async fn show_again<P: IntoResponse>(
    page: impl Future<Output = Result<P, WebError>>,
) -> Result<Response, WebError> {
    Ok(unprocessable(page.await?))
}

/// An .xlsx download.
pub fn xlsx_download(name: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::{parse_year, year_param};
    use chrono::NaiveDate;

    #[test]
    fn years_run_from_1930_to_the_last_allowed() {
        assert_eq!(parse_year(" 2025 ", 2026), Ok(2025));
        assert_eq!(parse_year("1930", 2026), Ok(1930));
        assert_eq!(parse_year("2027", 2027), Ok(2027));
        let e = parse_year("2027", 2026).unwrap_err();
        assert_eq!(e, "Năm '2027' không hợp lệ (từ 1930 đến 2026).");
        assert!(parse_year("1929", 2026).is_err());
        assert!(parse_year("hai nghìn", 2026).is_err());
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(year_param(None, 2025, today).unwrap(), 2025);
        assert_eq!(year_param(Some("  "), 2025, today).unwrap(), 2025);
        assert_eq!(year_param(Some("2020"), 2025, today).unwrap(), 2020);
        assert!(year_param(Some("2030"), 2025, today).is_err());
    }
}
