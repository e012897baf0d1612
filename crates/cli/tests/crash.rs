//! Crash safety, tested (issue 15, item 4 — on SQLite so far): the real binary killed with
//! SIGKILL in the middle of work, the database opened again. An import of thousands of members
//! is all there or not at all; every ballot the hall acknowledged is there and its hash chain
//! holds; and the file passes `PRAGMA integrity_check` every time.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use domain::register::import::{headers, record_cells};
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dangvu")
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A name part for `i` made of letters only ("Ba", "Bb", …): names hold no digits.
fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    let mut c = s.chars();
    let first = c.next().unwrap().to_ascii_uppercase();
    std::iter::once(first).chain(c).collect()
}

/// A CSV of `n` new members (cards from 91000000).
fn big_csv(n: usize) -> String {
    let mut s = headers().join(",") + "\n";
    for i in 0..n {
        let r = PersonRecord {
            full_name: PersonName::parse(&format!("Nguyễn Văn {}", letters(i))).unwrap(),
            birth_name: None,
            birth_date: d(
                1970 + (i % 20) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            ),
            sex: if i % 2 == 0 { Sex::Male } else { Sex::Female },
            ethnicity: None,
            religion: None,
            home_town: None,
            education: None,
            theory: TheoryLevel::Elementary,
            qualification: Qualification::Bachelor,
            foreign_language: None,
            occupation: None,
            membership: Some(MembershipRecord {
                admitted_on: d(2010, 3, 4),
                official_on: Some(d(2011, 3, 4)),
                card_number: Some(CardNumber::parse(&format!("{}", 91_000_000 + i)).unwrap()),
                record_number: None,
            }),
        };
        s.push_str(&record_cells(&r).join(","));
        s.push('\n');
    }
    s
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// `PRAGMA integrity_check` of the SQLite file, through the same storage layer.
fn integrity(url: &str) -> String {
    block_on(async {
        let db = db::Db::connect(url).await.unwrap();
        db.integrity_check().await.unwrap()
    })
}

fn members(url: &str) -> usize {
    block_on(async {
        let db = db::Db::connect(url).await.unwrap();
        db.roster("CB-SNV", chrono::Utc::now().date_naive())
            .await
            .unwrap()
            .iter()
            .filter(|e| e.member)
            .count()
    })
}

#[test]
fn an_import_killed_midway_is_all_there_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    let n = 6000;
    std::fs::write(&csv, big_csv(n)).unwrap();
    // The time a whole import takes here, to kill at fractions of it.
    let url = format!("sqlite://{}", dir.path().join("whole.db").display());
    assert!(
        Command::new(bin())
            .args(["demo", "--db", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let before = members(&url);
    let start = Instant::now();
    let o = Command::new(bin())
        .args([
            "import",
            "members",
            csv.to_str().unwrap(),
            "--org",
            "CB-SNV",
            "--db",
            &url,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole = start.elapsed();
    assert_eq!(members(&url), before + n);
    let mut outcomes = Vec::new();
    for (k, frac) in [0.1, 0.3, 0.5, 0.7, 0.9].into_iter().enumerate() {
        let url = format!("sqlite://{}", dir.path().join(format!("k{k}.db")).display());
        assert!(
            Command::new(bin())
                .args(["demo", "--db", &url])
                .output()
                .unwrap()
                .status
                .success()
        );
        let mut child = Command::new(bin())
            .args([
                "import",
                "members",
                csv.to_str().unwrap(),
                "--org",
                "CB-SNV",
                "--db",
                &url,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(frac));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_eq!(integrity(&url), "ok", "killed at {frac}");
        let after = members(&url);
        assert!(
            after == before || after == before + n,
            "killed at {frac}: {before} → {after}"
        );
        outcomes.push(after == before + n);
    }
    // Some kill landed before the commit (otherwise the test proved nothing).
    assert!(
        outcomes.iter().any(|done| !done),
        "{outcomes:?} (whole import {whole:?})"
    );
}

#[test]
fn every_ballot_acknowledged_before_a_kill_is_there_with_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hall.db").display());
    assert!(
        Command::new(bin())
            .args(["demo", "--db", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let round = "CB-PTTTN/V/committee/1";
    let (id, before) = block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        let id = db.find_round(round).await.unwrap();
        (id, db.round(id).await.unwrap().entered[1])
    });
    let mut child = Command::new(bin())
        .args(["congress", "ballot", round, "--counter", "2", "--db", &url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut acked = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while acked < 2 && Instant::now() < deadline {
        writeln!(input, "4").unwrap();
        input.flush().unwrap();
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.starts_with("Phiếu ") {
            acked += 1;
        }
    }
    // One more typed but not waited for, then the power goes.
    writeln!(input, "3").unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(acked, 2, "the hall acknowledged two ballots");
    assert_eq!(integrity(&url), "ok");
    block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        let r = db.round(id).await.unwrap();
        assert!(
            r.entered[1] >= before + acked,
            "{} < {before} + {acked}",
            r.entered[1]
        );
        let v = db.verify_round(id).await.unwrap();
        assert!(
            !v.problems.iter().any(|p| p.contains("người nhập")),
            "a chain is broken: {:?}",
            v.problems
        );
    });
}
