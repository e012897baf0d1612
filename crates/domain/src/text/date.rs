//! Vietnamese dates: "15/5/2020" in text, "ngày 15 tháng 5 năm 2020" in documents.

use chrono::{Datelike, NaiveDate};

/// Parses `dd/mm/yyyy` (also `d/m/yyyy`).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%d/%m/%Y").ok()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

/// "15/5/2020".
pub fn format_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// "ngày 15 tháng 5 năm 2020".
pub fn format_date_long(d: NaiveDate) -> String {
    format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
}
