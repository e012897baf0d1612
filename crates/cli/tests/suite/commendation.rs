//! `dangvu commend` from outside, as a script would use it: `eligible` on the contract's example
//! and refusing bad input with exit 2; and on the demo data set, the statistics of the term
//! 2015–2020 in seed 001's split, the office's dossiers and their bulk appraisal, and Chi bộ Sở
//! Ngoại vụ's proposal computed from its ratings. On SQLite and, when `DANGVU_TEST_PG` names a
//! server, PostgreSQL.

use std::io::Write;

use crate::common::{dangvu, ok, refused, targets};
use serde_json::Value;

const EXAMPLE: &str = r#"{"subject": "individual", "year": 2025,
 "history": [{"year": 2024, "rating": "excellent", "titles": ["chien_si_thi_dua_co_so"], "initiatives": ["co_so"], "discipline": null},
             {"year": 2025, "rating": "good", "titles": [], "initiatives": [], "discipline": null}],
 "awards": [{"kind": "bang_khen_tinh", "year": 2023}], "emulation_active": true}"#;

fn file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::File::create(&p)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    p.display().to_string()
}

#[test]
fn eligible_answers_the_contract_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let out: Value = serde_json::from_str(&ok(
        &db,
        &["commend", "eligible", &file(dir.path(), "a.json", EXAMPLE)],
    ))
    .unwrap();
    assert_eq!(out["year"], 2025);
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    assert_eq!(results[0]["award"], "lao_dong_tien_tien");
    assert_eq!(results[0]["eligible"], true);
    assert_eq!(
        results[0]["rule"],
        "Luật Thi đua, khen thưởng 2022, Điều 24"
    );
    assert_eq!(
        results[0]["reasons"][0],
        "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ"
    );
    for (name, bad, says) in [
        ("unknown", EXAMPLE.replace("\"good\"", "\"great\""), "great"),
        (
            "twice",
            EXAMPLE.replace("\"year\": 2024", "\"year\": 2025"),
            "hai lần",
        ),
        (
            "short",
            EXAMPLE.replacen("\"year\": 2025,", "\"year\": 2026,", 1),
            "năm 2026",
        ),
        ("broken", "{".to_string(), "JSON"),
    ] {
        let msg = refused(&db, &["commend", "eligible", &file(dir.path(), name, &bad)]);
        assert!(msg.contains(says), "{name}: {msg}");
    }
    let missing = dangvu(&db, &["commend", "eligible", "/khong/co/tep.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_demo_office_counts_appraises_and_proposes() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let (db, l) = (t.url, t.label);
        ok(&db, &["demo"]);
        let s: Value = serde_json::from_str(&ok(
            &db,
            &[
                "commend",
                "stats",
                "--org",
                "TU-KG",
                "--from",
                "2017-01-01",
                "--to",
                "2019-11-08",
                "--json",
            ],
        ))
        .unwrap();
        let text = s["text"].as_str().unwrap();
        assert!(
            text.contains("67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân)"),
            "{l}: {text}"
        );
        assert!(
            text.contains("10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân)"),
            "{l}: {text}"
        );
        // The office's dossiers: some waiting, some overdue; the bulk appraisal takes them all.
        let list: Value = serde_json::from_str(&ok(
            &db,
            &[
                "commend",
                "dossiers",
                "--org",
                "TU-KG",
                "--status",
                "submitted",
                "--json",
            ],
        ))
        .unwrap();
        let waiting = list.as_array().unwrap().len();
        assert!(waiting >= 100, "{l}: {waiting}");
        let out = ok(&db, &["commend", "appraise", "--org", "TU-KG"]);
        assert!(
            out.starts_with(&format!("Đã thẩm định {waiting} hồ sơ")),
            "{l}: {out}"
        );
        let after: Value = serde_json::from_str(&ok(
            &db,
            &[
                "commend",
                "dossiers",
                "--org",
                "TU-KG",
                "--status",
                "submitted",
                "--json",
            ],
        ))
        .unwrap();
        assert_eq!(after.as_array().unwrap().len(), 0, "{l}");
        // Chi bộ Sở Ngoại vụ's 2025 proposal from its ratings: Lao động tiên tiến for most, a
        // grassroots fighter for those Excellent with an initiative, one without a pledge.
        let p: Value = serde_json::from_str(&ok(
            &db,
            &[
                "commend", "proposal", "--org", "CB-SNV", "--year", "2025", "--json",
            ],
        ))
        .unwrap();
        let lines = p.as_array().unwrap();
        let eligible = |i: usize| {
            lines
                .iter()
                .filter(|x| x["verdicts"][i]["eligible"] == true)
                .count()
        };
        assert!(
            eligible(0) >= 15 && eligible(1) >= 1,
            "{l}: {} {}",
            eligible(0),
            eligible(1)
        );
        assert!(
            lines
                .iter()
                .any(|x| x["verdicts"][0]["reasons"][0] == "Không tham gia phong trào thi đua"),
            "{l}"
        );
        refused(
            &db,
            &["commend", "proposal", "--org", "KHONG-CO", "--year", "2025"],
        );
    }
}
