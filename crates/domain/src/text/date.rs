//! Vietnamese dates: "15/5/2020" in text, "ngày 15 tháng 5 năm 2020" in documents.
//! Day first, month second; "15/05/2020" in spreadsheets; strict parsing of what people type.

use chrono::{Datelike, NaiveDate, Timelike};

/// Parses a day-first date: `dd/mm/yyyy` or `d/m/yyyy`, with `/`, `-` or `.` as the separator
/// (the same one twice), and whitespace around it all: "15/05/2020", "5/1/2020", " 15-5-2020 ",
/// "15.05.2020".
///
/// Day and month have one or two ASCII digits, the year exactly four. A date that does not
/// exist (30/02/1988, 29/02/2019, 31/04/2020, 0/1/2020) gives `None`, as does anything else
/// ("2020-05-15", "15/05/20", "15/05-2020", "15 / 05 / 2020").
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let mut parts = s.split(sep);
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let day = digits(day, 1..=2)?;
    let month = digits(month, 1..=2)?;
    let year = digits(year, 4..=4)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Parses `YYYY-MM-DD` ("2020-05-15"), exactly so, with whitespace around it; `None` for a
/// date that does not exist.
pub fn parse_iso_date(raw: &str) -> Option<NaiveDate> {
    let mut parts = raw.trim().split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year = digits(year, 4..=4)?;
    let month = digits(month, 2..=2)?;
    let day = digits(day, 2..=2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// "15/5/2020": day and month without leading zeros, as Vietnamese prose writes them.
///
/// The year has four digits (only years before 1000 would get leading zeros), so that
/// [`parse_date`] reads the text back.
pub fn format_date(d: NaiveDate) -> String {
    format!("{}/{}/{:04}", d.day(), d.month(), d.year())
}

/// "15/05/2020": two-digit day and month, as spreadsheets show dates.
pub fn format_date_padded(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// "ngày 15 tháng 5 năm 2020", as documents date themselves.
pub fn format_date_long(d: NaiveDate) -> String {
    format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
}

/// The hour in Vietnam (UTC+07:00, no daylight saving) of a moment stored in UTC, as
/// documents write it: "16 giờ 30", "8 giờ 05".
pub fn format_clock_vn(utc: chrono::NaiveDateTime) -> String {
    let t = utc + chrono::Duration::hours(7);
    format!("{} giờ {:02}", t.hour(), t.minute())
}

/// A moment stored in UTC as Vietnam reads it: "16:30 ngày 6/12/2026".
pub fn format_datetime_vn(utc: chrono::NaiveDateTime) -> String {
    let t = utc + chrono::Duration::hours(7);
    format!(
        "{}:{:02} ngày {}",
        t.hour(),
        t.minute(),
        format_date(t.date())
    )
}

/// The value of `s` if it is made of ASCII digits only, as many as `len` allows.
fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !len.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_in_vietnam_from_utc() {
        let utc = NaiveDate::from_ymd_opt(2020, 5, 15)
            .unwrap()
            .and_hms_opt(3, 5, 0)
            .unwrap();
        assert_eq!(format_clock_vn(utc), "10 giờ 05");
        let late = NaiveDate::from_ymd_opt(2020, 5, 15)
            .unwrap()
            .and_hms_opt(17, 30, 0)
            .unwrap();
        assert_eq!(format_clock_vn(late), "0 giờ 30");
    }
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parse_date_reads_padded_and_unpadded_day_first_dates() {
        assert_eq!(parse_date("15/05/2020"), Some(d(2020, 5, 15)));
        assert_eq!(parse_date("15/5/2020"), Some(d(2020, 5, 15)));
        assert_eq!(parse_date("5/1/2020"), Some(d(2020, 1, 5)));
        assert_eq!(parse_date("05/01/2020"), Some(d(2020, 1, 5)));
        assert_eq!(parse_date("3/02/1930"), Some(d(1930, 2, 3)));
        assert_eq!(parse_date("31/12/1999"), Some(d(1999, 12, 31)));
    }

    #[test]
    fn parse_date_accepts_dashes_dots_and_surrounding_whitespace() {
        assert_eq!(parse_date("15-05-2020"), Some(d(2020, 5, 15)));
        assert_eq!(parse_date("15.5.2020"), Some(d(2020, 5, 15)));
        assert_eq!(parse_date("  15/05/2020\t"), Some(d(2020, 5, 15)));
        assert_eq!(parse_date("\u{a0}2/9/1945\n"), Some(d(1945, 9, 2)));
    }

    #[test]
    fn parse_date_rejects_impossible_dates() {
        assert_eq!(parse_date("30/02/1988"), None);
        assert_eq!(parse_date("29/02/2019"), None);
        assert_eq!(parse_date("31/04/2020"), None);
        assert_eq!(parse_date("32/01/2020"), None);
        assert_eq!(parse_date("0/1/2020"), None);
        assert_eq!(parse_date("15/0/2020"), None);
        assert_eq!(parse_date("15/13/2020"), None);
        assert_eq!(parse_date("29/02/2020"), Some(d(2020, 2, 29)));
        assert_eq!(parse_date("29/02/2000"), Some(d(2000, 2, 29)));
        assert_eq!(parse_date("29/02/1900"), None);
    }

    #[test]
    fn parse_date_wants_a_four_digit_year() {
        assert_eq!(parse_date("15/05/20"), None);
        assert_eq!(parse_date("15/05/020"), None);
        assert_eq!(parse_date("15/05/02020"), None);
        assert_eq!(parse_date("15/05/+2020"), None);
    }

    #[test]
    fn parse_date_rejects_other_shapes() {
        for raw in [
            "",
            "   ",
            "15052020",
            "2020-05-15",
            "2020/05/15",
            "15/05-2020",
            "15 / 05 / 2020",
            "015/05/2020",
            "15/005/2020",
            "15/05",
            "15/05/2020/1",
            "/05/2020",
            "15//2020",
            "15,05,2020",
            "+5/05/2020",
            "15/05/2020 10:30",
            "ngày 15 tháng 5 năm 2020",
            "١٥/٠٥/٢٠٢٠",
        ] {
            assert_eq!(parse_date(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn parse_iso_date_reads_exactly_yyyy_mm_dd() {
        assert_eq!(parse_iso_date("2020-05-15"), Some(d(2020, 5, 15)));
        assert_eq!(parse_iso_date(" 1988-02-29 "), Some(d(1988, 2, 29)));
        assert_eq!(parse_iso_date("1988-02-30"), None);
        assert_eq!(parse_iso_date("2020-5-15"), None);
        assert_eq!(parse_iso_date("20-05-15"), None);
        assert_eq!(parse_iso_date("+2020-05-15"), None);
        assert_eq!(parse_iso_date("15/05/2020"), None);
        assert_eq!(parse_iso_date("2020-05-15T00:00"), None);
        assert_eq!(parse_iso_date(""), None);
    }

    #[test]
    fn format_date_has_no_leading_zeros() {
        assert_eq!(format_date(d(2020, 5, 15)), "15/5/2020");
        assert_eq!(format_date(d(1945, 9, 2)), "2/9/1945");
        assert_eq!(format_date(d(2020, 12, 31)), "31/12/2020");
    }

    #[test]
    fn format_date_padded_has_two_digit_day_and_month() {
        assert_eq!(format_date_padded(d(2020, 5, 15)), "15/05/2020");
        assert_eq!(format_date_padded(d(1945, 9, 2)), "02/09/1945");
        assert_eq!(format_date_padded(d(2020, 12, 31)), "31/12/2020");
    }

    #[test]
    fn years_before_1000_keep_four_digits() {
        assert_eq!(format_date(d(938, 1, 1)), "1/1/0938");
        assert_eq!(format_date_padded(d(938, 1, 1)), "01/01/0938");
    }

    #[test]
    fn format_date_long_reads_as_in_documents() {
        assert_eq!(format_date_long(d(2020, 5, 15)), "ngày 15 tháng 5 năm 2020");
        assert_eq!(format_date_long(d(1930, 2, 3)), "ngày 3 tháng 2 năm 1930");
    }

    /// Any date from 1/1/0001 to 31/12/9999.
    fn date() -> impl Strategy<Value = NaiveDate> {
        let first = d(1, 1, 1).num_days_from_ce();
        let last = d(9999, 12, 31).num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        #[test]
        fn parse_date_reads_back_format_date_padded(date in date()) {
            prop_assert_eq!(parse_date(&format_date_padded(date)), Some(date));
        }

        #[test]
        fn parse_date_reads_back_format_date(date in date()) {
            prop_assert_eq!(parse_date(&format_date(date)), Some(date));
        }

        #[test]
        fn parse_date_reads_back_any_separator(date in date(), sep in "[/.-]", ws in "[ \t]{0,2}") {
            let text = format_date(date).replace('/', &sep);
            prop_assert_eq!(parse_date(&format!("{ws}{text}{ws}")), Some(date));
        }

        #[test]
        fn parse_iso_date_reads_back_chrono_display(date in date()) {
            prop_assert_eq!(parse_iso_date(&date.to_string()), Some(date));
        }

        #[test]
        fn parse_date_agrees_with_the_calendar(day in 0u32..40, month in 0u32..15, year in 1000i32..=9999) {
            let text = format!("{day}/{month}/{year}");
            prop_assert_eq!(parse_date(&text), NaiveDate::from_ymd_opt(year, month, day));
        }

        #[test]
        fn parse_date_never_panics(raw in ".{0,20}") {
            let _ = parse_date(&raw);
            let _ = parse_iso_date(&raw);
        }

        #[test]
        fn parse_date_accepts_only_what_it_could_print(
            raw in "\\s?[0-9]{0,3}[/.,-][0-9]{0,3}[/.-][0-9]{0,5}\\s?",
        ) {
            if let Some(date) = parse_date(&raw) {
                let trimmed = raw.trim();
                let sep = if trimmed.contains('-') { '-' } else if trimmed.contains('.') { '.' } else { '/' };
                let unpadded = format_date(date).replace('/', &sep.to_string());
                let padded = format_date_padded(date).replace('/', &sep.to_string());
                // Padding may differ between day and month, so compare the numbers.
                let numbers = |s: &str| s.split(sep).map(|p| p.parse::<u32>().ok()).collect::<Vec<_>>();
                prop_assert_eq!(numbers(trimmed), numbers(&unpadded));
                prop_assert!(trimmed.len() >= unpadded.len() && trimmed.len() <= padded.len());
            }
        }
    }
}
