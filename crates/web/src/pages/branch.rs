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

/// The `nam` (year) query parameter: a year from 1930 to this year, or `default`.
pub fn year_param(raw: Option<&str>, default: i32, today: NaiveDate) -> Result<i32, WebError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(default);
    };
    match raw.parse::<i32>() {
        Ok(y) if (1930..=today.year()).contains(&y) => Ok(y),
        _ => Err(WebError::BadInput(format!(
            "Năm '{raw}' không hợp lệ (từ 1930 đến {}).",
            today.year()
        ))),
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
