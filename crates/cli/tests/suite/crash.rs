//! Crash safety, tested (issue 15, item 4), on SQLite and on PostgreSQL (`DANGVU_TEST_PG`):
//! the real binary killed with SIGKILL in the middle of work, the database opened again. An
//! import of thousands of members is all there or not at all; every ballot the hall
//! acknowledged is there and its hash chain holds; a congress close and a bulk appraisal are
//! done wholly or not at all; and the database passes its integrity check every time
//! (`PRAGMA integrity_check`, or amcheck on PostgreSQL).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::block_on;
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

/// A CSV of `n` new members (cards from `base`).
fn big_csv(n: usize, base: usize) -> String {
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
                card_number: Some(CardNumber::parse(&format!("{}", base + i)).unwrap()),
                record_number: None,
            }),
        };
        s.push_str(&record_cells(&r).join(","));
        s.push('\n');
    }
    s
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

/// `dangvu demo` on `url`, which must succeed.
fn demo(url: &str) {
    let o = Command::new(bin())
        .args(["demo", "--db", url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `dangvu ARGS --db URL`, killed with SIGKILL after `after` (or left to finish when `None`).
fn run_killed(url: &str, args: &[&str], after: Option<Duration>) -> bool {
    let mut child = Command::new(bin())
        .args(args)
        .args(["--db", url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    match after {
        None => child.wait().unwrap().success(),
        Some(d) => {
            std::thread::sleep(d);
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            false
        }
    }
}

#[test]
fn an_import_killed_midway_is_all_there_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let n = 6000;
    for t in crate::common::targets(dir.path()) {
        let url = &t.url;
        demo(url);
        // Each attempt imports other cards, so that one that got in does not refuse the next.
        let csv = |k: usize| {
            let path = dir.path().join(format!("big{k}.csv"));
            std::fs::write(&path, big_csv(n, 91_000_000 + k * 100_000)).unwrap();
            path.to_str().unwrap().to_string()
        };
        let import = |file: &str| ["import", "members", file, "--org", "CB-SNV"].map(String::from);
        let first = csv(0);
        let mut count = members(url);
        let start = Instant::now();
        let args = import(&first);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(
            run_killed(url, &args, None),
            "{}: the whole import failed",
            t.label
        );
        let whole = start.elapsed();
        assert_eq!(members(url), count + n, "{}", t.label);
        count += n;
        let mut outcomes = Vec::new();
        for (k, frac) in [0.1, 0.3, 0.5, 0.7, 0.9].into_iter().enumerate() {
            let file = csv(k + 1);
            let args = import(&file);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_killed(url, &args, Some(whole.mul_f64(frac)));
            assert_eq!(integrity(url), "ok", "{}: killed at {frac}", t.label);
            let after = members(url);
            assert!(
                after == count || after == count + n,
                "{}: killed at {frac}: {count} → {after}",
                t.label
            );
            outcomes.push(after == count + n);
            count = after;
        }
        // Some kill landed before the commit (otherwise the test proved nothing).
        assert!(
            outcomes.iter().any(|done| !done),
            "{}: {outcomes:?} (whole import {whole:?})",
            t.label
        );
    }
}

#[test]
fn every_ballot_acknowledged_before_a_kill_is_there_with_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    for t in crate::common::targets(dir.path()) {
        demo(&t.url);
        ballots_survive_a_kill(&t.url);
    }
}

fn ballots_survive_a_kill(url: &str) {
    let url = url.to_string();
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

/// `dangvu ARGS` killed after 1, 3, 9 … ms until it is let finish: after each kill the
/// database passes its integrity check and `done` is all or nothing (it panics otherwise);
/// returns how many kills landed before the work was done.
fn kill_until_done(
    url: &str,
    args: &[&str],
    label: &str,
    done: &dyn Fn() -> Option<bool>,
) -> usize {
    let mut before = 0;
    for ms in [1u64, 3, 9, 27, 81] {
        run_killed(url, args, Some(Duration::from_millis(ms)));
        assert_eq!(integrity(url), "ok", "{label}: killed after {ms} ms");
        match done() {
            Some(true) => return before,
            Some(false) => before += 1,
            None => panic!("{label}: half done after a kill at {ms} ms"),
        }
    }
    assert!(
        run_killed(url, args, None),
        "{label}: failed when let finish"
    );
    assert_eq!(done(), Some(true), "{label}");
    before
}

#[test]
fn a_congress_close_and_a_bulk_appraisal_killed_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for t in crate::common::targets(dir.path()) {
        let url = t.url.as_str();
        demo(url);
        // A round whose two entries agree: 22 ballots typed twice.
        let round = crate::common::snv_round(url);
        for counter in ["1", "2"] {
            let mut child = Command::new(bin())
                .args([
                    "congress",
                    "ballot",
                    round,
                    "--counter",
                    counter,
                    "--db",
                    url,
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            let mut input = child.stdin.take().unwrap();
            for i in 0..22 {
                writeln!(input, "{}", 1 + i % 3).unwrap();
            }
            drop(input);
            assert!(
                child.wait().unwrap().success(),
                "{}: counter {counter}",
                t.label
            );
        }
        let id = block_on(async {
            db::Db::connect(url)
                .await
                .unwrap()
                .find_round(round)
                .await
                .unwrap()
        });
        let closed = || {
            block_on(async {
                let db = db::Db::connect(url).await.unwrap();
                let r = db.round(id).await.unwrap();
                let v = db.verify_round(id).await.unwrap();
                assert!(
                    !v.problems.iter().any(|p| p.contains("người nhập")),
                    "a chain is broken: {:?}",
                    v.problems
                );
                match (r.status.as_str(), r.result.is_some(), r.closed_at.is_some()) {
                    ("closed", true, true) => Some(true),
                    ("open", false, false) => Some(false),
                    _ => None,
                }
            })
        };
        let early = kill_until_done(url, &["congress", "close", round], t.label, &closed);
        eprintln!(
            "{}: the close was killed {early} times before it was done",
            t.label
        );
        // Every waiting dossier of the province appraised at once, or none.
        let waiting = || {
            block_on(async {
                let db = db::Db::connect(url).await.unwrap();
                let today = chrono::Utc::now().date_naive();
                db.dossiers(
                    "TU-KG",
                    Some(domain::commendation::dossier::Status::Submitted),
                    today,
                    10_000,
                )
                .await
                .unwrap()
                .len()
            })
        };
        let before = waiting();
        assert!(before >= 50, "{}: {before} dossiers waiting", t.label);
        let appraised = || match waiting() {
            0 => Some(true),
            n if n == before => Some(false),
            _ => None,
        };
        let early = kill_until_done(
            url,
            &["commend", "appraise", "--org", "TU-KG"],
            t.label,
            &appraised,
        );
        eprintln!(
            "{}: the appraisal was killed {early} times before it was done",
            t.label
        );
    }
}
