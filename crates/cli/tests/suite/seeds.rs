//! Every seed reproduced (docs/SEEDS.md): on a freshly loaded demo, the commands of that
//! document give each seed's checkable facts from the data — the congresses, the members'
//! structure, the targets, the mid-term review, the season's progress, the awards — and
//! correct the seeds' own arithmetic. A fact the data cannot give fails here; nothing is
//! typed in to match. Runs on SQLite and, when `DANGVU_TEST_PG` names a server, on PostgreSQL.

use crate::common::http::{Client, serve};
use crate::common::{ok, refused, targets};
use serde_json::{Value, json};

fn json_of(db: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// `congress show ORG --ordinal N --json`, as the seed states that congress.
fn congress(db: &str, org: &str, ordinal: u32) -> Value {
    json_of(
        db,
        &[
            "congress",
            "show",
            org,
            "--ordinal",
            &ordinal.to_string(),
            "--json",
        ],
    )
}

fn counts(v: &Value, dimension: &str) -> Vec<(String, u64, f64)> {
    v["dimensions"][dimension]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["label"].as_str().unwrap().to_string(),
                e["count"].as_u64().unwrap(),
                e["percent"].as_f64().unwrap(),
            )
        })
        .filter(|(_, n, _)| *n > 0)
        .collect()
}

#[test]
fn every_seed_is_reproduced_by_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = &t.url;
        ok(db, &["demo"]);
        seed_000(db);
        seed_001(db);
        seed_002(db);
        seed_003(db);
        seed_004(db);
        // Loading twice changes nothing.
        let before = congress(db, "CB-TDKT", 6);
        ok(db, &["demo"]);
        assert_eq!(congress(db, "CB-TDKT", 6), before, "{}", t.label);
    }
}

/// Seed 000: Chi bộ Sở Ngoại vụ's congress IV and its 22 members on 15/5/2020.
fn seed_000(db: &str) {
    let c = congress(db, "CB-SNV", 4);
    assert_eq!(c["term"], "2020-2025");
    assert_eq!(c["opened"], "2020-05-15");
    assert_eq!(c["status"], "closed");
    assert_eq!(
        c["elected"],
        json!({"committee": 5, "secretary": 1, "deputy": 1, "delegates": 3, "alternates": 1})
    );
    assert_eq!(c["summoned"], 22);
    let s = json_of(
        db,
        &[
            "stats",
            "--org",
            "CB-SNV",
            "--as-of",
            "2020-05-15",
            "--json",
        ],
    );
    assert_eq!(s["members"], 22);
    let age: Vec<(u64, f64)> = counts(&s, "age").iter().map(|(_, n, p)| (*n, *p)).collect();
    // The seed printed 27,5%, 36%, 27,5% and 9%.
    assert_eq!(age, vec![(6, 27.3), (8, 36.4), (6, 27.3), (2, 9.1)]);
    let theory: Vec<u64> = counts(&s, "theory").iter().map(|(_, n, _)| *n).collect();
    // 8 + 6 + 7 = 21 of 22: one member has no political theory training.
    assert_eq!(theory, vec![8, 6, 7, 1]);
    let qual: Vec<u64> = counts(&s, "qualification")
        .iter()
        .map(|(_, n, _)| *n)
        .collect();
    assert_eq!(qual, vec![6, 16]);
    let r = json_of(
        db,
        &["review", "--org", "CB-SNV", "--term", "2020-2025", "--json"],
    );
    let texts: Vec<&str> = r["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 9, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Hồ Chí Minh")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("Dân vận khéo")),
        "{texts:?}"
    );
    // The checker finds the seed's two wrong percentages.
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../domain/tests/check_corpus/seed000.txt"
    );
    let f = json_of(db, &["check-text", corpus, "--json"]);
    let quotes: Vec<&str> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["severity"] == "error" && x["kind"] == "percent")
        .map(|x| x["quote"].as_str().unwrap())
        .collect();
    assert_eq!(quotes.len(), 2, "{f}");
    assert!(quotes.iter().all(|q| q.contains("27,5%")), "{quotes:?}");
}

/// Seed 001: Chi bộ Ban Thi đua – Khen thưởng's congress VI, 3rd of 4; its term 2017–2020;
/// the office's award counts.
fn seed_001(db: &str) {
    let c = congress(db, "CB-TDKT", 6);
    assert_eq!(c["term"], "2020-2022");
    assert_eq!(c["opened"], "2019-11-08");
    assert_eq!(c["status"], "closed");
    assert_eq!(c["elected"]["committee"], 3);
    assert_eq!(c["elected"]["secretary"], 1);
    assert_eq!(c["elected"]["deputy"], 1);
    // The later congresses follow in number.
    let latest = json_of(db, &["congress", "show", "CB-TDKT", "--json"]);
    assert_eq!(latest["ordinal"], 8, "{latest}");
    let p = ok(
        db,
        &[
            "congress",
            "progress",
            "DB-SNOIVU",
            "--symbol",
            "25-KH/ĐU",
            "--today",
            "2019-11-08",
        ],
    );
    assert!(p.contains("3/4 đã tổ chức"), "{p}");
    let r = json_of(
        db,
        &[
            "review",
            "--org",
            "CB-TDKT",
            "--term",
            "2017-2020",
            "--as-of",
            "2019-11-08",
            "--json",
        ],
    );
    let by_source = |s: &str| -> Value {
        r["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["source"] == s)
            .cloned()
            .unwrap_or_else(|| panic!("no {s} target: {r}"))
    };
    assert_eq!(
        by_source("attendance")["by_year"],
        json!({"2017": 100.0, "2018": 100.0, "2019": 100.0})
    );
    assert_eq!(
        by_source("admissions")["by_year"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum::<f64>(),
        1.0
    );
    assert_eq!(
        by_source("rating_good_or_better")["by_year"],
        json!({"2017": 100.0, "2018": 100.0})
    );
    assert_eq!(by_source("org_rating")["met"], true);
    assert_eq!(r["summary"]["met"], r["summary"]["total"]);
    let term = json_of(
        db,
        &[
            "review",
            "--org",
            "CB-TDKT",
            "--term",
            "2020-2022",
            "--json",
        ],
    );
    assert_eq!(term["summary"]["total"], 11);
    let a = json_of(
        db,
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
    );
    let text = a["text"].as_str().unwrap();
    for words in [
        "67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân)",
        "262 Bằng khen của Thủ tướng Chính phủ (17 tập thể và 245 cá nhân)",
        "10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân)",
        "66 danh hiệu Chiến sĩ thi đua",
        "1.688 danh hiệu",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let kinds: Vec<(String, u64)> = a["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["kinds"].as_array().unwrap().clone())
        .map(|k| {
            (
                k["kind"].as_str().unwrap().to_string(),
                k["count"]["total"].as_u64().unwrap(),
            )
        })
        .collect();
    for (kind, n) in [("co_thi_dua_chinh_phu", 34), ("co_thi_dua_tinh", 361)] {
        assert!(kinds.contains(&(kind.to_string(), n)), "{kind}: {kinds:?}");
    }
}

/// Seed 002: Chi bộ Văn phòng Sở 2, split by 118-QĐ/ĐU; plan 205-KH/ĐU; its pilot congress.
fn seed_002(db: &str) {
    let reg = ok(db, &["doc", "register", "--org", "DB-SCT"]);
    for symbol in ["118-QĐ/ĐU", "205-KH/ĐU"] {
        assert!(reg.contains(symbol), "{symbol}: {reg}");
    }
    let c = congress(db, "CB-VPS2", 1);
    assert_eq!(c["term"], "2020-2022");
    assert_eq!(c["opened"], "2020-01-16");
    assert_eq!(c["pilot"], true);
    assert_eq!(c["elected"]["committee"], 3);
    assert_eq!(c["elected"]["secretary"], 1);
    assert_eq!(c["elected"]["deputy"], 1);
    let p = ok(
        db,
        &[
            "congress",
            "progress",
            "DB-SCT",
            "--symbol",
            "205-KH/ĐU",
            "--today",
            "2020-01-16",
        ],
    );
    assert!(p.contains("1/3 đã tổ chức"), "{p}");
    let r = json_of(db, &["review", "--org", "CB-VPS2", "--json"]);
    let targets = r["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 12);
    for t in targets
        .iter()
        .filter(|t| t["text"].as_str().unwrap().starts_with("Trên"))
    {
        assert_eq!(t["comparator"], ">", "“trên” is more than: {t}");
    }
}

/// Seed 003: Chi bộ Sở Ngoại vụ Vĩnh Phúc in a second province.
fn seed_003(db: &str) {
    let c = congress(db, "CB-SNV-VP", 3);
    assert_eq!(c["term"], "2015-2020");
    assert!(c["opened"].as_str().unwrap() < "2015-05-24", "{c}");
    assert_eq!(c["status"], "closed");
    for year in 2010..=2014 {
        let s = json_of(
            db,
            &[
                "rating",
                "sheet",
                "--org",
                "CB-SNV-VP",
                "--year",
                &year.to_string(),
                "--json",
            ],
        );
        assert_eq!(s["org_rating"]["level"], "excellent", "{year}");
    }
    let a = json_of(
        db,
        &[
            "commend",
            "stats",
            "--org",
            "CB-SNV-VP",
            "--from",
            "2010-01-01",
            "--to",
            "2015-05-24",
            "--json",
        ],
    );
    assert_eq!(a["total"]["collective"], 5, "{a}");
}

/// Seed 004: the mid-term review of Đảng bộ Cơ quan Tỉnh đoàn on 24/6/2023.
fn seed_004(db: &str) {
    let args = ["review", "--org", "DB-CQTD", "--as-of", "2023-06-24"];
    let text = ok(db, &args);
    assert!(
        text.contains("Có 10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%."),
        "{text}"
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let r = json_of(db, &with_json);
    assert_eq!(
        r["summary"],
        json!({"total": 14, "met": 10, "over_60_percent": 3})
    );
    assert_eq!(r["as_of"], "2023-06-24");
    let admissions = r["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["source"] == "admissions")
        .unwrap();
    assert_eq!(admissions["achievement_percent"], 80.0);
    // Only the years up to that day.
    let years: Vec<&String> = admissions["by_year"].as_object().unwrap().keys().collect();
    assert!(years.iter().all(|y| y.as_str() <= "2023"), "{years:?}");
    // A day outside the term says so.
    let before = refused(db, &["review", "--org", "DB-CQTD", "--as-of", "2019-06-24"]);
    assert!(
        before.contains("trước khi nhiệm kỳ 2020–2025 bắt đầu"),
        "{before}"
    );
    let after = refused(
        db,
        &[
            "review",
            "--org",
            "DB-CQTD",
            "--term",
            "2020-2025",
            "--as-of",
            "2026-06-24",
        ],
    );
    assert!(after.contains("đã kết thúc"), "{after}");
}

/// The seeds' articles on the public portal of a freshly served demo, read by a first reader:
/// their dates and read counts as published, their figures computed.
#[test]
fn the_seeds_articles_are_on_the_portal_as_published() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = serve(dir.path());
    let mut anon = Client {
        port,
        cookies: Default::default(),
    };
    let mut page = |slug: &str| -> String {
        let r = anon.request("GET", &format!("/tin-tuc/{slug}"), None);
        assert_eq!(r.status, 200, "{slug}: {}", r.body);
        r.body
    };
    // Seed 000: the members' paragraph computed, the seed's 27,5% corrected.
    let a = page("dai-hoi-chi-bo-so-ngoai-vu-lan-thu-iv-nhiem-ky-2020-2025");
    assert!(a.contains("18/5/2020") || a.contains("18/05/2020"), "{a}");
    assert!(a.contains("06 đồng chí, chiếm 27,3%"), "{a}");
    assert!(!a.contains("27,5%"), "{a}");
    assert!(a.contains("03 đồng chí chính thức"), "{a}");
    // Seed 001: its read count, and its place in the season computed.
    let a = page("dai-hoi-chi-bo-ban-thi-dua-khen-thuong-lan-thu-vi-nhiem-ky-2020-2022");
    assert!(a.contains("Số lần đọc: 48"), "{a}");
    assert!(
        a.contains("là chi bộ thứ 3 trong 4 chi bộ trực thuộc Đảng bộ Sở Nội vụ"),
        "{a}"
    );
    // Seed 002: the pilot of 205-KH/ĐU.
    let a = page("dai-hoi-chi-bo-van-phong-so-2-lan-thu-i-nhiem-ky-2020-2022");
    assert!(
        a.contains("Kế hoạch số 205-KH/ĐU ngày 1/8/2019 của Đảng ủy Sở Công Thương"),
        "{a}"
    );
    assert!(a.contains("được lựa chọn tổ chức đại hội điểm"), "{a}");
    // Seed 004: the review's own figures and the read count (Vietnamese style, 4.982).
    let a = page("dang-uy-co-quan-tinh-doan-so-ket-giua-nhiem-ky-thuc-hien-nghi-quyet-dai-hoi");
    assert!(
        a.contains("Có 10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%"),
        "{a}"
    );
    assert!(a.contains("80,0%"), "{a}");
    assert!(a.contains("4.982"), "{a}");
}
