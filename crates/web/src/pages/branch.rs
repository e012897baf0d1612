//! What the branch-life pages share: the organization looked up and the user's right to read
//! it checked (a refusal answers 404 and is audited), and the year asked for.

use chrono::{Datelike, NaiveDate};
use domain::access::Action;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// The organization named by the path, as it stands now, once the user may read it.
pub async fn readable_org(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
) -> Result<db::OrgRow, WebError> {
    let org = s.db.org_latest(code).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    Ok(org)
}

/// A year typed by a user, from 1930 (the party's founding) to `last`; the Vietnamese reason
/// otherwise.
pub fn parse_year(raw: &str, last: i32) -> Result<i32, String> {
    let raw = raw.trim();
    match raw.parse::<i32>() {
        Ok(y) if (1930..=last).contains(&y) => Ok(y),
        _ => Err(format!("Năm '{raw}' không hợp lệ (từ 1930 đến {last}).")),
    }
}

/// The `nam` (year) query parameter: a year from 1930 to this year, or `default`.
pub fn year_param(raw: Option<&str>, default: i32, today: NaiveDate) -> Result<i32, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(raw) => parse_year(raw, today.year()).map_err(WebError::BadInput),
    }
}

/// The years a year selector offers: the last ten, newest first.
pub fn recent_years(today: NaiveDate) -> Vec<i32> {
    (today.year() - 9..=today.year()).rev().collect()
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
