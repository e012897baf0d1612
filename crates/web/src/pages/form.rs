//! Form parsing in one place: every web form reads its fields through these typed parsers (a
//! day in ngày/tháng/năm, a date that may lie ahead, a decision symbol with its date, a year, a
//! count, a required text), each returning the Vietnamese message shown beside its field, and
//! collects them into [`Errors`] or a [`Refusal`].

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

/// Field name → the Vietnamese message shown beside that field.
pub type Errors = HashMap<&'static str, String>;

/// The fields of a form post in the order sent (check boxes and per-person fields repeat).
pub type Pairs = Vec<(String, String)>;

/// Capitalizes the first letter of a message shown on its own.
pub fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A write refused because of the user's input: the message beside each bad field, and a
/// message about the input as a whole. Nothing was saved.
#[derive(Debug, Default)]
pub struct Refusal {
    pub errors: Errors,
    pub message: Option<String>,
}

impl Refusal {
    pub fn fields(errors: Errors) -> Self {
        Self {
            errors,
            message: None,
        }
    }

    pub fn message(m: &str) -> Self {
        Self {
            errors: Errors::new(),
            message: Some(sentence(m)),
        }
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body, repeated keys kept; an
/// unreadable body gives no pairs (and so fails the CSRF check).
pub fn form_pairs(body: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(body).unwrap_or_default()
}

/// The value read from a field, or `None` with the field's message kept in the errors.
pub fn keep<T, E: std::fmt::Display>(
    errors: &mut Errors,
    field: &'static str,
    read: Result<T, E>,
) -> Option<T> {
    read.map_err(|e| errors.insert(field, e.to_string())).ok()
}

/// A text that may not be left blank (spaces alone are blank); its message into the errors.
pub fn require_text(errors: &mut Errors, field: &'static str, raw: &str) {
    if domain::text::normalize(raw).is_empty() {
        errors.insert(field, "không được để trống".into());
    }
}

pub fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// A required dd/mm/yyyy date, not in the future.
pub fn parse_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match parse_dmy(raw)? {
        d if d > today => Err(format!(
            "ngày {} ở sau ngày hôm nay ({})",
            domain::text::format_date(d),
            domain::text::format_date(today)
        )),
        d => Ok(d),
    }
}

/// A required dd/mm/yyyy date, any day: a day ahead is left to the rules, which refuse it
/// with a reason of their own.
pub fn parse_dmy(raw: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("không được để trống".into());
    }
    domain::text::parse_date(raw)
        .ok_or_else(|| domain::register::member::FieldError::BadDate(raw.to_string()).to_string())
}

/// A date typed as dd/mm/yyyy (or yyyy-mm-dd); congress dates may lie ahead.
pub fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("không được để trống".into());
    }
    domain::text::parse_date(raw)
        .or_else(|| domain::text::parse_iso_date(raw))
        .ok_or_else(|| domain::register::member::FieldError::BadDate(raw.to_string()).to_string())
}

/// The optional decision of a form: its symbol and signing date, both or neither.
pub fn parse_decision(
    symbol: &str,
    signed_on: &str,
    today: NaiveDate,
    errors: &mut Errors,
) -> Option<domain::register::org::Decision> {
    if symbol.trim().is_empty() {
        if !signed_on.trim().is_empty() {
            errors.insert("symbol", "cần ghi số hiệu quyết định khi có ngày ký".into());
        }
        return None;
    }
    let sym = keep(
        errors,
        "symbol",
        domain::register::org::DocSymbol::parse(symbol),
    );
    let day = keep(errors, "signed_on", parse_day(signed_on, today));
    Some(domain::register::org::Decision {
        symbol: sym?,
        signed_on: day?,
        title: None,
    })
}

/// A year typed by a user, from 1930 (the party's founding) to `last`; the Vietnamese reason
/// otherwise.
pub fn parse_year(raw: &str, last: i32) -> Result<i32, String> {
    let raw = raw.trim();
    match raw.parse::<i32>() {
        Ok(y) if (1930..=last).contains(&y) => Ok(y),
        _ => Err(format!(
            "Năm '{raw}' không hợp lệ (từ 1930 đến {last}).",
            raw = domain::text::excerpt(raw)
        )),
    }
}

/// A count typed into a field: a whole number, not blank.
pub fn parse_count(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("không được để trống".into());
    }
    raw.parse().map_err(|_| {
        format!(
            "'{raw}' không phải là một số nguyên không âm",
            raw = domain::text::excerpt(raw)
        )
    })
}

pub fn unprocessable(page: impl IntoResponse) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// Lines per page of a long list (the register, the list behind a figure).
pub const PAGE_SIZE: u64 = 50;

/// The page number asked for: 1 when absent or not a number, at most the last page.
pub fn page_number(raw: Option<&str>, pages: u64) -> u64 {
    raw.and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, pages.max(1))
}

#[cfg(test)]
mod tests {
    use super::page_number;

    #[test]
    fn page_numbers_stay_within_the_list() {
        assert_eq!(page_number(None, 5), 1);
        assert_eq!(page_number(Some("3"), 5), 3);
        assert_eq!(page_number(Some("99"), 5), 5);
        assert_eq!(page_number(Some("0"), 5), 1);
        assert_eq!(page_number(Some("-2"), 5), 1);
        assert_eq!(page_number(Some("abc"), 5), 1);
        assert_eq!(page_number(Some("2"), 0), 1);
    }
}
