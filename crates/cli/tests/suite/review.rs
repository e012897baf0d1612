//! `dangvu review` as CONTRACTS.md states it, on the demo data set: the JSON shape, summary
//! counts consistent with the targets, targets computed from the data, the text form's
//! sentence, and bad input refused with exit 2 and a Vietnamese message. Runs on SQLite and,
//! when `DANGVU_TEST_PG` names a server, on PostgreSQL too.

use crate::common::{dangvu, ok, targets};
use serde_json::Value;

#[test]
fn review_of_the_demo_meets_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url;
        ok(&db, &["demo"]);
        let first = ok(&db, &["review", "--org", "CB-SNV", "--json"]);
        ok(&db, &["demo"]);
        let second = ok(
            &db,
            &["review", "--org", "CB-SNV", "--term", "2020-2025", "--json"],
        );
        assert_eq!(first, second, "loading the demo twice changes nothing");
        let r: Value = serde_json::from_str(&first).unwrap();
        assert_eq!(r["org"], "CB-SNV");
        assert_eq!(r["term"], "2020-2025");
        let targets = r["targets"].as_array().unwrap();
        let computed = targets
            .iter()
            .filter(|t| t["source"] != "manual" && !t["by_year"].as_object().unwrap().is_empty())
            .count();
        assert!(computed >= 4, "{computed} targets computed from data");
        for t in targets {
            for key in [
                "text",
                "comparator",
                "target",
                "unit",
                "source",
                "by_year",
                "achievement_percent",
                "met",
            ] {
                assert!(t.get(key).is_some(), "target lacks {key}: {t}");
            }
            let years: Vec<&String> = t["by_year"].as_object().unwrap().keys().collect();
            assert!(
                years
                    .iter()
                    .all(|y| ("2020"..="2024").contains(&y.as_str())),
                "{years:?}"
            );
        }
        let s = &r["summary"];
        let met = targets.iter().filter(|t| t["met"] == true).count();
        let over = targets
            .iter()
            .filter(|t| {
                t["met"] == false && t["achievement_percent"].as_f64().is_some_and(|p| p > 60.0)
            })
            .count();
        assert_eq!(s["total"], targets.len());
        assert_eq!(s["met"], met);
        assert_eq!(s["over_60_percent"], over);
        // The headline agrees with every rate: a target is counted met exactly when its rate
        // of the term so far is 100% or more (a rank target, which has no rate, when met).
        for t in targets {
            if let Some(p) = t["achievement_percent"].as_f64() {
                assert_eq!(t["met"] == true, p >= 100.0, "{t}");
            }
        }
        let by_source = |src: &str| targets.iter().find(|t| t["source"] == src).unwrap();
        // The demo's story: everyone studied; attendance fell short in 2021 but the term so
        // far is above 95%, and the short year is named.
        assert_eq!(by_source("study_members")["met"], true);
        let att = by_source("attendance");
        assert!(att["by_year"]["2021"].as_f64().unwrap() < 95.0, "{att}");
        assert!(att["by_year"]["2020"].as_f64().unwrap() >= 95.0, "{att}");
        assert!(
            att["short_years"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(2021)),
            "{att}"
        );
        let rank = by_source("org_rating");
        assert_eq!(rank["met"], true);
        assert!(
            rank["achievement_percent"].is_null(),
            "a rank has no rate: {rank}"
        );

        let text = ok(&db, &["review", "--org", "CB-SNV"]);
        let sentence = format!(
            "Có {met}/{} chỉ tiêu đạt 100% trở lên, {over} chỉ tiêu đạt trên 60%",
            targets.len()
        );
        assert!(text.contains(&sentence), "{text}");
        assert!(text.contains("Năm 2021 chưa đạt"), "{text}");
        assert!(!text.contains("133,3%") && !text.contains("— —"), "{text}");
        assert!(
            text.contains("Chi bộ Sở Ngoại vụ") && text.contains("Minh chứng"),
            "{text}"
        );

        // Other organizations have targets of their own.
        let other: Value =
            serde_json::from_str(&ok(&db, &["review", "--org", "DB-CQTD", "--json"])).unwrap();
        assert!(other["summary"]["total"].as_u64().unwrap() >= 5);
    }
}

#[test]
fn bad_input_exits_2_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("b.db").display());
    ok(&db, &["demo"]);
    for (args, words) in [
        (
            vec!["review", "--org", "KHONG-CO"],
            "không tìm thấy tổ chức",
        ),
        (
            vec!["review", "--org", "CB-SNV", "--term", "2025-2020"],
            "nhiệm kỳ",
        ),
        (
            vec!["review", "--org", "CB-SNV", "--term", "2015-2020"],
            "nghị quyết",
        ),
        (vec!["review", "--org", "CB-BTG", "--json"], "nghị quyết"),
    ] {
        let o = dangvu(&db, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?} printed a result");
    }
}
