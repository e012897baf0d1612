//! The member import's reader on arbitrary files (issue 15, item 5): any bytes as `.csv` or as
//! `.xlsx`, and a valid file changed anywhere, are read or refused with a message — never a
//! panic — and every table read then goes through the rows' rules
//! (`domain::register::import::parse_member_rows`). `scripts/fuzz` runs these with a large
//! budget (`PROPTEST_CASES`).

use domain::register::import::{headers, parse_member_rows};
use proptest::prelude::*;
use reports::register::members_file::read_table_from_bytes;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
}

/// Reads `bytes` as `name` and, when it reads, parses its rows; panics only on a bug.
fn read_and_parse(name: &str, bytes: &[u8]) {
    if let Ok(t) = read_table_from_bytes(name, bytes) {
        let _ = parse_member_rows(&t.headers, &t.rows, today());
    }
}

/// A small CSV: the header row and two members.
fn sample_csv() -> Vec<u8> {
    let h = headers();
    let mut s = h.join(",");
    s.push('\n');
    for (name, card) in [("Nguyễn Văn An", "70000001"), ("Trần Thị Bình", "70000002")] {
        let mut cells = vec![String::new(); h.len()];
        cells[0] = name.into();
        if let Some(i) = h.iter().position(|x| x == "Số thẻ đảng viên") {
            cells[i] = card.into();
        }
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    s.into_bytes()
}

proptest! {
    #[test]
    fn any_bytes_as_csv_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_and_parse("ds.csv", &bytes);
    }

    #[test]
    fn any_text_as_csv_is_read_without_panic(text in "[\\PC,\"\n\r;]{0,600}") {
        read_and_parse("ds.csv", text.as_bytes());
    }

    #[test]
    fn any_bytes_as_xlsx_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_and_parse("ds.xlsx", &bytes);
    }

    #[test]
    fn a_csv_changed_anywhere_is_read_without_panic(changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = sample_csv();
        for (at, b) in changes {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        read_and_parse("ds.csv", &bytes);
    }
}

#[test]
fn the_sample_is_read() {
    let t = read_table_from_bytes("ds.csv", &sample_csv()).unwrap();
    assert_eq!(t.rows.len(), 2);
}
