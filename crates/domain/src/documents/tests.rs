use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::register::org::{DocKind, DocSymbol, OrgKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn entry(number: u32, date: NaiveDate) -> SeriesEntry {
    SeriesEntry {
        number,
        date,
        symbol: format!("{number:02}-KH/ĐU"),
    }
}

#[test]
fn a_new_series_starts_at_01() {
    assert_eq!(next_number(&[]), 1);
    assert_eq!(
        DocSymbol {
            number: 1,
            kind: DocKind::QD,
            issuer: "CB".into()
        }
        .to_string(),
        "01-QĐ/CB"
    );
}

#[test]
fn the_next_number_follows_the_highest_given() {
    let s = [entry(204, d(2019, 7, 1)), entry(205, d(2019, 8, 1))];
    assert_eq!(next_number(&s), 206);
}

#[test]
fn a_register_begun_mid_term_opens_at_the_first_number_typed() {
    // Seed 002's plan 205-KH/ĐU is the first of Đảng ủy Sở Công Thương's KH series dangvu holds.
    assert_eq!(check_recorded(&[], 205, d(2019, 8, 1)), Ok(()));
}

#[test]
fn a_duplicate_number_is_refused_naming_the_document() {
    let s = [entry(205, d(2019, 8, 1))];
    let err = check_recorded(&s, 205, d(2019, 9, 1)).unwrap_err();
    assert!(matches!(err, DocError::Duplicate { number: 205, .. }));
    assert!(err.to_string().contains("205-KH/ĐU"), "{err}");
}

#[test]
fn a_gap_after_the_last_number_is_refused_with_the_next_number() {
    let s = [entry(205, d(2019, 8, 1))];
    let err = check_recorded(&s, 207, d(2019, 9, 1)).unwrap_err();
    assert_eq!(
        err,
        DocError::Gap {
            number: 207,
            expected: 206
        }
    );
    assert!(
        err.to_string().contains("số tiếp theo của sổ là 206"),
        "{err}"
    );
}

#[test]
fn a_date_before_the_previous_document_of_the_series_is_refused() {
    let s = [entry(205, d(2019, 8, 1))];
    let err = check_recorded(&s, 206, d(2019, 7, 31)).unwrap_err();
    assert!(matches!(err, DocError::BeforePrevious { .. }));
    assert_eq!(
        err.to_string(),
        "Ngày 31/7/2019 sớm hơn văn bản số trước 205-KH/ĐU (ngày 1/8/2019); văn bản số sau không \
         thể ban hành trước"
    );
    // The same day is allowed: several documents are signed on one day.
    assert_eq!(check_recorded(&s, 206, d(2019, 8, 1)), Ok(()));
}

#[test]
fn a_register_may_be_filled_backwards_below_its_first_number() {
    let s = [entry(205, d(2019, 8, 1)), entry(206, d(2019, 9, 1))];
    assert_eq!(check_recorded(&s, 204, d(2019, 7, 1)), Ok(()));
    assert!(matches!(
        check_recorded(&s, 204, d(2019, 8, 2)),
        Err(DocError::AfterNext { .. })
    ));
    assert!(matches!(
        check_recorded(&s, 203, d(2019, 7, 1)),
        Err(DocError::Gap { expected: 207, .. })
    ));
}

#[test]
fn the_term_begins_the_day_after_the_congress_before_closed() {
    let created = d(2005, 1, 1);
    let closes = [d(2015, 5, 20), d(2020, 5, 15)];
    // A document of the 2020–2025 term.
    assert_eq!(term_start(d(2021, 3, 1), created, &closes), d(2020, 5, 16));
    // On the closing day itself the old term still runs (the congress's own documents).
    assert_eq!(term_start(d(2020, 5, 15), created, &closes), d(2015, 5, 21));
    // Before any congress dangvu knows of: the organization's creation.
    assert_eq!(term_start(d(2010, 1, 1), created, &closes), created);
}

#[test]
fn issuers_by_kind_of_organization() {
    assert_eq!(issuer_abbrev(OrgKind::GrassrootsCommittee), "ĐU");
    assert_eq!(issuer_abbrev(OrgKind::Block), "ĐUK");
    assert_eq!(issuer_abbrev(OrgKind::Province), "TU");
    assert_eq!(issuer_abbrev(OrgKind::Branch), "CB");
}

#[test]
fn a_symbol_is_found_however_it_is_typed() {
    let key = symbol_key("205-KH/ĐU");
    assert_eq!(symbol_key("205-KH⁄ĐU"), key, "seed 002's fraction slash");
    assert_eq!(symbol_key("Số 205 - KH/ĐU"), key);
    assert_eq!(symbol_key("205-kh/du"), key);
    assert_ne!(symbol_key("205-KH/ĐUK"), key);
}

proptest! {
    /// Numbers given one after another, on days that never go back, are always accepted, and
    /// the next number is always one more than the count of a series begun at 01.
    #[test]
    fn a_series_given_in_order_is_always_accepted(steps in proptest::collection::vec(0u32..40, 1..30)) {
        let mut series = Vec::new();
        let mut day = d(2020, 5, 16);
        for (i, step) in steps.iter().enumerate() {
            day += chrono::Duration::days(i64::from(*step));
            let n = next_number(&series);
            prop_assert_eq!(n as usize, i + 1);
            prop_assert_eq!(check_recorded(&series, n, day), Ok(()));
            series.push(entry(n, day));
        }
    }

    /// Any number already given, or beyond the next, is refused.
    #[test]
    fn a_duplicate_or_a_gap_is_always_refused(len in 1u32..20, pick in 0u32..60) {
        let series: Vec<_> = (1..=len).map(|n| entry(n, d(2021, 1, 1))).collect();
        let result = check_recorded(&series, pick.max(1), d(2021, 1, 2));
        prop_assert_eq!(result.is_ok(), pick.max(1) == len + 1);
    }
}

#[test]
fn a_branch_signs_for_the_branch_and_a_deputy_signs_for_the_secretary() {
    assert_eq!(
        signature_titles(OrgKind::Branch, false, false),
        ["T/M CHI BỘ", "BÍ THƯ"]
    );
    assert_eq!(
        signature_titles(OrgKind::GrassrootsCommittee, true, false),
        ["T/M ĐẢNG ỦY", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    );
    assert_eq!(
        signature_titles(OrgKind::Branch, false, true),
        ["T/M ĐOÀN CHỦ TỊCH"]
    );
}

#[test]
fn recipients_end_with_the_file_copy() {
    let lines = recipient_lines(
        &[
            "Đảng ủy Khối các cơ quan tỉnh,".into(),
            "- Các đảng viên".into(),
        ],
        "Chi bộ",
    );
    assert_eq!(
        lines,
        [
            "- Đảng ủy Khối các cơ quan tỉnh,",
            "- Các đảng viên,",
            "- Lưu Chi bộ."
        ]
    );
}
