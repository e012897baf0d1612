//! `dangvu congress` and `dangvu tally --verify` as a user calls them: the demo's season plan
//! and whole congress, a small congress run by hand with double entry, and a tampered ballot
//! found by verification. On SQLite and, when `DANGVU_TEST_PG` is set, PostgreSQL.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{Target, targets};

fn dangvu(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(args)
        .env("DANGVU_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dangvu");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(db: &str, args: &[&str]) -> String {
    let o = dangvu(db, args, None);
    assert!(o.status.success(), "dangvu {args:?} failed: {}", err(&o));
    out(&o)
}

/// The text of a PDF file as `pdftotext` reads it (poppler-utils, installed by CI), NFC.
fn pdf_text(path: &str) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", path, "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success(), "pdftotext {path}");
    let text = String::from_utf8_lossy(&o.stdout).replace('\n', " ");
    domain::text::normalize(&text)
}

/// Runs SQL on the target directly, as someone tampering with the database would.
fn tamper(t: &Target, dir: &Path, sql: &str) {
    let status = if t.label == "sqlite" {
        Command::new("sqlite3")
            .args([dir.join("t.db").to_str().expect("path"), sql])
            .status()
    } else {
        Command::new("psql")
            .args([t.url.as_str(), "-qc", sql])
            .status()
    }
    .expect("run sql");
    assert!(status.success());
}

#[test]
fn the_demo_runs_a_season_and_a_whole_congress_that_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let p = ok(
            db,
            &[
                "congress",
                "progress",
                "DB-SNOIVU",
                "--symbol",
                "41-KH/ĐU",
                "--today",
                "2025-06-10",
            ],
        );
        assert!(p.contains("2/4 đã tổ chức"), "{}: {p}", t.label);
        let overdue = p.find("CB-BTG").expect("CB-BTG listed");
        let held = p.find("CB-TDKT").expect("CB-TDKT listed");
        assert!(overdue < held, "overdue first: {p}");
        assert!(p.contains("quá hạn") && p.contains("(đại hội điểm)"), "{p}");
        assert!(p.contains("Cảnh báo: CB-VTLT"), "{p}");

        let s = ok(db, &["congress", "show", "CB-VPSNOIVU"]);
        assert!(s.contains("lần thứ VII, nhiệm kỳ 2025–2030"), "{s}");
        assert!(s.contains("01-BC/ĐH") && s.contains("03-NQ/ĐH"), "{s}");
        for label in [
            "Chi ủy (3 người): trúng cử",
            "Bí thư chi bộ (1 người): trúng cử",
            "Phó Bí thư chi bộ",
            "Đại biểu chính thức",
            "Đại biểu dự khuyết",
        ] {
            assert!(s.contains(label), "{label}: {s}");
        }
        assert!(
            s.contains("CB-VPSNOIVU/VII/committee/2"),
            "two committee rounds: {s}"
        );

        let v = ok(db, &["tally", "--verify", "CB-VPSNOIVU/VII/committee/1"]);
        assert!(v.contains("khớp"), "{v}");
        // Loading twice changes nothing.
        assert!(ok(db, &["demo"]).contains("đã có"));

        tamper(
            &t,
            dir.path(),
            "UPDATE ballot_entry SET payload = 'S:1' WHERE seq = 2 AND counter = 2 AND round_id = (SELECT MIN(r.id) FROM election_round r JOIN election e ON e.id = r.election_id JOIN congress c ON c.id = e.congress_id JOIN organization o ON o.id = c.org_id WHERE o.code = 'CB-VPSNOIVU')",
        );
        let o = dangvu(
            db,
            &["tally", "--verify", "CB-VPSNOIVU/VII/committee/1"],
            None,
        );
        assert_eq!(o.status.code(), Some(1), "{}", t.label);
        assert!(err(&o).contains("người nhập 2, phiếu thứ 2"), "{}", err(&o));
        let o = dangvu(db, &["tally", "--verify", "CB-KHONG/I/committee"], None);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    }
}

/// The summoned names `congress show` lists: "    1. Nguyễn Văn An — chính thức, có mặt"
/// (numbered in order, never with the program's id).
fn summoned(show: &str) -> Vec<String> {
    assert!(!show.contains(" #"), "a program id is printed: {show}");
    show.lines()
        .filter(|l| {
            let t = l.trim_start();
            l.starts_with("  ")
                && t.split_once(". ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .filter_map(|l| {
            let rest = l.trim_start().split_once(' ')?.1;
            Some(rest.split_once(" — ")?.0.to_string())
        })
        .collect()
}

#[test]
fn a_small_congress_by_hand_refuses_bad_ballots_and_closes_on_agreement() {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        // Chi bộ Ban Tôn giáo has 7 official members: it elects its secretary directly.
        let a = ok(
            db,
            &[
                "congress",
                "add",
                "CB-BTG",
                "--term",
                "2025-2030",
                "--start",
                "2025-05-21",
            ],
        );
        assert!(a.contains("Đại hội Chi bộ Ban Tôn giáo lần thứ VI,"), "{a}");
        let show = ok(db, &["congress", "show", "CB-BTG"]);
        assert_eq!(summoned(&show).len(), 7, "{}: {show}", t.label);
        // Official members only: probationary members do not vote on personnel or count.
        let official: Vec<&str> = show
            .lines()
            .filter(|l| l.contains(" — chính thức"))
            .collect();
        let names = summoned(&official.join("\n"));
        assert!(names.len() >= 5, "{show}");
        let last = names.len() - 1;
        // An excused absence keeps its reason; a reason with any other presence is refused.
        // The person is named as `congress show` prints them.
        let first_name = names[0].clone();
        let first_id = first_name.as_str();
        let presence = |p: &str, reason: &str| {
            dangvu(
                db,
                &[
                    "congress",
                    "presence",
                    "CB-BTG",
                    "--person",
                    first_id,
                    "--presence",
                    p,
                    "--reason",
                    reason,
                ],
                None,
            )
        };
        let o = presence("present", "Ốm");
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        assert!(err(&o).contains("chỉ ghi lý do"), "{}", err(&o));
        assert!(presence("absent_with_reason", "Ốm").status.success());
        let show = ok(db, &["congress", "show", "CB-BTG"]);
        assert!(show.contains("vắng có lý do (Ốm)"), "{show}");
        assert!(presence("present", "").status.success());
        let show = ok(db, &["congress", "show", "CB-BTG"]);
        assert!(!show.contains("vắng có lý do"), "{show}");
        let o = dangvu(
            db,
            &[
                "congress",
                "election",
                "CB-BTG",
                "committee",
                "--seats",
                "3",
                "--candidate",
                &names[0],
                "--candidate",
                &names[1],
                "--candidate",
                &names[2],
                "--issued",
                "7",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("không bầu chi ủy"), "{}", err(&o));

        ok(
            db,
            &[
                "congress",
                "board",
                "CB-BTG",
                &names[last - 1],
                &names[last],
            ],
        );
        let o = dangvu(
            db,
            &[
                "congress",
                "election",
                "CB-BTG",
                "secretary",
                "--seats",
                "1",
                "--candidate",
                &names[last],
                "--issued",
                "7",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("Ban kiểm phiếu"), "{}", err(&o));
        let e = ok(
            db,
            &[
                "congress",
                "election",
                "CB-BTG",
                "secretary",
                "--seats",
                "1",
                "--candidate",
                &names[0],
                "--issued",
                "7",
            ],
        );
        assert!(e.contains("CB-BTG/VI/secretary/1"), "{e}");

        let round = "CB-BTG/VI/secretary/1";
        let o = dangvu(
            db,
            &["congress", "ballot", round, "--counter", "1"],
            Some("\n\n\n1\n\n2\n"),
        );
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        assert!(
            err(&o).contains("dòng 6 (2): số 2 không có trong danh sách"),
            "{}",
            err(&o)
        );
        assert!(
            out(&o).contains("Phiếu 5/7"),
            "the first five are kept: {}",
            out(&o)
        );
        ok(
            db,
            &["congress", "ballot", round, "--counter", "1", "", "k"],
        );
        let o = dangvu(
            db,
            &["congress", "ballot", round, "--counter", "1", ""],
            None,
        );
        assert!(err(&o).contains("đã nhập đủ 7 phiếu"), "{}", err(&o));

        ok(db, &["congress", "ballot", round, "--counter", "2"]);
        let o = dangvu(
            db,
            &["congress", "ballot", round, "--counter", "2"],
            Some("\n\n\n1\n\n\n1\n"),
        );
        assert!(o.status.success(), "{}", err(&o));
        let o = dangvu(db, &["congress", "close", round], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            err(&o).contains("phiếu thứ 7: người nhập 1 «không hợp lệ"),
            "{}",
            err(&o)
        );
        assert!(
            ok(
                db,
                &["congress", "ballot", round, "--counter", "2", "--undo"]
            )
            .contains("gạch 1")
        );
        ok(db, &["congress", "ballot", round, "--counter", "2", "k"]);
        let closed = ok(db, &["congress", "close", round]);
        let v: serde_json::Value = serde_json::from_str(&closed).expect("json");
        assert_eq!(v["elected"], serde_json::json!([names[0]]), "{}", t.label);
        assert_eq!(v["ballots"]["invalid"], 1);
        assert!(ok(db, &["tally", "--verify", round]).contains("khớp"));
        // The counting minutes: without --time they give the time the count ended; with
        // --number and --time, those (the web download takes the same two).
        let pdf = dir.path().join(format!("bb-{}.pdf", t.label));
        let pdf = pdf.to_str().expect("path");
        ok(db, &["congress", "minutes", round, "--out", pdf]);
        let text = pdf_text(pdf);
        assert!(text.contains("(Lần bỏ phiếu thứ 1)"), "{text}");
        assert!(!text.contains("secretary"), "{text}");
        let at = text
            .split("Biên bản lập xong vào lúc ")
            .nth(1)
            .expect("the minutes say when the count ended");
        let (clock, _) = at.split_once(" cùng ngày").expect("the time of day");
        let (h, m) = clock.split_once(" giờ ").expect("16 giờ 30");
        assert!(h.parse::<u32>().is_ok_and(|h| h < 24), "{clock}");
        assert!(
            m.len() == 2 && m.parse::<u32>().is_ok_and(|m| m < 60),
            "{clock}"
        );
        let args = ["congress", "minutes", round, "--out", pdf];
        ok(
            db,
            &[&args[..], &["--number", "05-BB/ĐH", "--time", "16 giờ 30"]].concat(),
        );
        let text = pdf_text(pdf);
        assert!(text.contains("Số 05-BB/ĐH"), "{text}");
        assert!(text.contains("vào lúc 16 giờ 30 cùng ngày"), "{text}");
        let o = dangvu(
            db,
            &["congress", "ballot", round, "--counter", "1", ""],
            None,
        );
        assert_eq!(o.status.code(), Some(2));
    }
}
