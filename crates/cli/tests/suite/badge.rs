//! `dangvu badge due` as CONTRACTS.md states it, on the demo data set: the JSON shape and
//! order (milestone, then name in Vietnamese order), the demo's cases on 2/9/2026 (30 and 40
//! years due, a deduction, a deferral, an early award), an unknown organization exiting 2;
//! `badge award` refusing someone short of the age with nothing saved, then awarding. Runs on
//! SQLite and, when `DANGVU_TEST_PG` names a server, on PostgreSQL too.

use crate::common::{dangvu, ok, targets};
use serde_json::Value;

fn due(db: &str, org: &str, on: &str) -> Vec<Value> {
    let out = ok(db, &["badge", "due", "--org", org, "--on", on, "--json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(rows: &'a [Value], card: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["card"] == card)
        .unwrap_or_else(|| panic!("{card} not listed: {rows:?}"))
}

#[test]
fn badge_due_of_the_demo_meets_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url;
        ok(&db, &["demo"]);
        ok(&db, &["demo"]);
        let rows = due(&db, "TU-KG", "2026-09-02");
        let keys = [
            "admitted",
            "card",
            "deducted_days",
            "milestone",
            "name",
            "party_age",
            "status",
        ];
        for r in &rows {
            let mut got: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
            got.sort();
            assert_eq!(got, keys, "{}", t.label);
            assert!(["due", "deferred", "early"].contains(&r["status"].as_str().unwrap()));
        }
        let order: Vec<(u64, String)> = rows
            .iter()
            .map(|r| {
                (
                    r["milestone"].as_u64().unwrap(),
                    r["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut sorted = order.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0).then(domain::text::compare_names(&a.1, &b.1)));
        assert_eq!(order, sorted, "{}", t.label);
        let hung = find(&rows, "31900001");
        assert_eq!(
            (hung["milestone"].as_u64(), hung["status"].as_str()),
            (Some(30), Some("due"))
        );
        assert_eq!(hung["admitted"], "1996-07-20");
        assert_eq!(hung["party_age"]["years"], 30);
        assert_eq!(hung["party_age"]["months"], 1);
        assert_eq!(hung["party_age"]["days"], 13);
        let oanh = find(&rows, "31900002");
        assert_eq!(
            (oanh["milestone"].as_u64(), oanh["status"].as_str()),
            (Some(40), Some("due"))
        );
        assert_eq!(find(&rows, "31900003")["status"], "deferred");
        assert_eq!(find(&rows, "31900004")["status"], "early");
        let thanh = find(&rows, "31900005");
        assert_eq!(thanh["deducted_days"], 425);
        assert_eq!(thanh["milestone"], 40);
        // The deferred member is due once the warning's six months are over.
        let nov = due(&db, "TU-KG", "2026-11-07");
        assert_eq!(find(&nov, "31900003")["status"], "due");
        // A subtree lists only its own.
        let tdoan = due(&db, "DB-CQTD", "2026-09-02");
        assert!(tdoan.iter().any(|r| r["card"] == "31900005"));
        assert!(tdoan.iter().all(|r| r["card"] != "31900001"));
        let text = ok(
            &db,
            &["badge", "due", "--org", "TU-KG", "--on", "2026-09-02"],
        );
        assert!(text.contains("Huy hiệu Đảng dịp 2/9/2026"), "{text}");
        assert!(text.contains("Huy hiệu 40 năm tuổi Đảng"), "{text}");
        let o = dangvu(
            &db,
            &["badge", "due", "--org", "KHONG-CO", "--on", "2026-09-02"],
        );
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        assert!(String::from_utf8_lossy(&o.stderr).contains("không tìm thấy tổ chức"));
    }
}

#[test]
fn an_award_short_of_the_age_is_refused_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url;
        ok(&db, &["demo"]);
        // Dương Thị Ngọc Lan reaches 40 years on 15/3/2027; ill, she may receive it from
        // 20/6/2026, not on 19/5/2026.
        let o = dangvu(
            &db,
            &[
                "badge",
                "award",
                "--card",
                "31900004",
                "--milestone",
                "40",
                "--on",
                "2026-05-19",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("chưa đủ 40 năm tuổi Đảng (HD 01-HD/TW, Mục 18)"),
            "{err}"
        );
        let o = dangvu(
            &db,
            &[
                "badge",
                "award",
                "--card",
                "31900003",
                "--milestone",
                "30",
                "--on",
                "2026-09-02",
            ],
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("cảnh cáo"));
        assert!(
            due(&db, "TU-KG", "2026-09-02")
                .iter()
                .any(|r| r["card"] == "31900004")
        );
        ok(
            &db,
            &[
                "badge",
                "award",
                "--card",
                "31900002",
                "--milestone",
                "40",
                "--on",
                "2026-09-02",
                "--decision",
                "301-QĐ/TU",
                "--decision-date",
                "2026-08-25",
            ],
        );
        assert!(
            due(&db, "TU-KG", "2026-09-02")
                .iter()
                .all(|r| r["card"] != "31900002")
        );
        ok(
            &db,
            &[
                "badge",
                "discipline",
                "--card",
                "31900001",
                "--date",
                "2026-08-01",
                "--form",
                "Cảnh cáo",
                "--reason",
                "Vi phạm",
                "--decision",
                "15-QĐ/ĐU",
            ],
        );
        assert_eq!(
            find(&due(&db, "TU-KG", "2026-09-02"), "31900001")["status"],
            "deferred"
        );
        let o = dangvu(
            &db,
            &[
                "badge",
                "discipline",
                "--card",
                "31900001",
                "--date",
                "2026-08-01",
                "--form",
                "phê bình",
                "--reason",
                "x",
            ],
        );
        assert_eq!(o.status.code(), Some(2));
    }
}
