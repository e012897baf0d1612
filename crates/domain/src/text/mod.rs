//! Vietnamese text: NFC normalization, diacritic-insensitive search keys, name collation,
//! and the number, date and Roman-numeral formats that reports print (DOMAIN.md §9).

mod collation;
mod date;
mod excerpt;
mod number;
mod roman;
mod search;

pub use collation::{compare_names, name_sort_key};
pub use date::{
    format_clock_vn, format_date, format_date_long, format_date_padded, format_datetime_vn,
    parse_date, parse_iso_date,
};
pub use excerpt::{EXCERPT_CHARS, excerpt};
pub use number::{
    format_count2, format_decimal1, format_int, format_percent, percent, ratio_tenths,
};
pub use roman::{from_roman, to_roman};
pub use search::search_key;

use unicode_normalization::UnicodeNormalization;

/// NFC-normalizes a text from outside, trims it and collapses runs of whitespace to one space.
pub fn normalize(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NFC-normalizes a text of several paragraphs: each line normalized as [`normalize`] does,
/// paragraphs kept, blank lines at the ends dropped and runs of them kept to one.
pub fn normalize_lines(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in raw.lines().map(normalize) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalize_lines_keeps_paragraphs() {
        assert_eq!(
            normalize_lines("\n  Điều 1.  Nay  \r\n\n\n\nĐiều 2.\n\n"),
            "Điều 1. Nay\n\nĐiều 2."
        );
    }

    #[test]
    fn normalize_composes_trims_and_collapses_whitespace() {
        let nfd: String = "Nguyễn  Văn\tĐức".nfd().collect();
        assert_eq!(normalize(&format!("  {nfd}\n")), "Nguyễn Văn Đức");
        assert_eq!(normalize("Lê\u{a0}\u{a0}Thị  Hồng"), "Lê Thị Hồng");
        assert_eq!(normalize(" \t\n "), "");
    }

    #[test]
    fn normalize_keeps_case_and_punctuation() {
        assert_eq!(normalize("H'Hen NIÊ"), "H'Hen NIÊ");
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in ".*") {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_ignores_normalization_form(s in ".*") {
            let nfd: String = s.nfd().collect();
            let nfc: String = s.nfc().collect();
            prop_assert_eq!(normalize(&nfd), normalize(&nfc));
        }

        #[test]
        fn normalize_output_is_nfc_with_single_inner_spaces(s in ".*") {
            let n = normalize(&s);
            prop_assert!(unicode_normalization::is_nfc(&n));
            prop_assert_eq!(n.trim(), n.as_str());
            prop_assert!(!n.contains("  "));
            prop_assert!(!n.chars().any(|c| c.is_whitespace() && c != ' '));
        }
    }
}
