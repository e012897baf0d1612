//! `dangvu doc register`, `doc record` and `doc issue` as CONTRACTS.md says, on SQLite and (with
//! `DANGVU_TEST_PG`) PostgreSQL: the demo's register holds seed 002's 118-QĐ/ĐU and 205-KH/ĐU
//! with their dates; a symbol typed with a fraction slash finds the plan; an unknown
//! organization, a gap in a series and a date before the previous document exit 2 with the
//! reason in Vietnamese, and nothing is stored.

use crate::common::{ok, refused, targets};
use serde_json::Value;

#[test]
fn the_demo_register_holds_seed_002s_documents_as_the_seed_dates_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let out = ok(db, &["doc", "register", "--org", "DB-SCT", "--json"]);
        let rows: Vec<Value> = serde_json::from_str(&out).expect("JSON");
        let find = |s: &str| {
            rows.iter()
                .find(|r| r["symbol"] == s)
                .unwrap_or_else(|| panic!("{s}: {out}"))
        };
        assert_eq!(find("118-QĐ/ĐU")["date"], "2019-02-19", "{}", t.label);
        assert_eq!(find("205-KH/ĐU")["date"], "2019-08-01");
        assert_eq!(find("205-KH/ĐU")["issuer"], "DB-SCT");
        assert_eq!(find("205-KH/ĐU")["direction"], "issued");
        assert_eq!(find("150-KH/ĐUK")["direction"], "received");
        for row in &rows {
            for key in [
                "symbol",
                "number",
                "kind",
                "issuer",
                "date",
                "subject",
                "direction",
            ] {
                assert!(row.get(key).is_some(), "{key} missing: {row}");
            }
        }
        let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {dates:?}"
        );

        let found = ok(
            db,
            &[
                "doc",
                "register",
                "--org",
                "DB-SCT",
                "--search",
                "205-KH⁄ĐU",
                "--json",
            ],
        );
        let found: Vec<Value> = serde_json::from_str(&found).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0]["symbol"], "205-KH/ĐU");

        let err = refused(db, &["doc", "register", "--org", "KHONG-CO"]);
        assert!(err.contains("không tìm thấy tổ chức"), "{err}");

        // 119-QĐ/ĐU is the demo's draft numbered after 118: 121 leaves a gap.
        let gap = refused(
            db,
            &[
                "doc",
                "record",
                "--org",
                "DB-SCT",
                "--symbol",
                "121-QĐ/ĐU",
                "--date",
                "2019-03-01",
                "--subject",
                "Thử",
            ],
        );
        assert!(gap.contains("số tiếp theo của sổ là 120"), "{gap}");
        let early = refused(
            db,
            &[
                "doc",
                "record",
                "--org",
                "DB-SCT",
                "--symbol",
                "120-QĐ/ĐU",
                "--date",
                "2019-01-01",
                "--subject",
                "Thử",
            ],
        );
        assert!(
            early.contains("sớm hơn văn bản số trước 119-QĐ/ĐU"),
            "{early}"
        );
        let recorded = ok(
            db,
            &[
                "doc",
                "record",
                "--org",
                "DB-SCT",
                "--symbol",
                "120-QĐ/ĐU",
                "--date",
                "2019-03-01",
                "--subject",
                "Thử",
            ],
        );
        assert!(recorded.contains("Đã vào sổ"), "{recorded}");
    }
}
