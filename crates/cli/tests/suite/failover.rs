//! A standby and failover (issue 15, item 2): the web server runs against a PostgreSQL
//! primary with a synchronous standby under pg_auto_failover (`scripts/ha-up`), given both
//! hosts in one URL; two writers work without pause (members through the API, ballots through
//! the counting form); the primary is killed with SIGKILL, postmaster and keeper
//! (`scripts/ha-kill-primary`). The server must find the new primary by itself, answer only
//! successes or the Vietnamese "thử lại sau ít giây" (503) meanwhile — never a 500 — and every
//! write it acknowledged must be on the new primary, the ballots' hash chains whole.
//!
//! Runs when `DANGVU_TEST_HA` names the group (`.ci/run` sets it up); prints the failover
//! time seen by each writer.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::block_on;
use crate::common::http::{Client, attr_after, serve_db};

/// What one writer saw: acknowledged writes (with when), refusals by status, and the
/// unexpected answers in full.
#[derive(Default)]
struct Log {
    acked: Vec<(String, Instant)>,
    statuses: BTreeMap<u16, usize>,
    unexpected: Vec<String>,
}

impl Log {
    fn note(&mut self, status: u16, ok: bool, key: String, body: &str) {
        *self.statuses.entry(status).or_default() += 1;
        if ok {
            self.acked.push((key, Instant::now()));
        } else if status != 503 {
            self.unexpected.push(format!(
                "{status}: {}",
                body.chars().take(300).collect::<String>()
            ));
        } else if !body.contains("thử lại sau ít giây") {
            self.unexpected
                .push(format!("503 without the Vietnamese message: {body}"));
        }
    }

    /// The longest time between two acknowledged writes: the pause the user lived through.
    fn longest_gap(&self) -> Duration {
        self.acked
            .windows(2)
            .map(|w| w[1].1 - w[0].1)
            .max()
            .unwrap_or_default()
    }
}

/// A raw JSON POST with a bearer token: (status, body).
fn post_json(port: u16, path: &str, token: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return (0, "the web server does not answer".into());
    };
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let req = format!(
        "POST {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = s.write_all(req.as_bytes());
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, raw)
}

#[test]
fn the_server_follows_a_failover_and_loses_no_acknowledged_write() {
    let Ok(group) = std::env::var("DANGVU_TEST_HA") else {
        eprintln!("skipped: DANGVU_TEST_HA names no primary/standby group (scripts/ha-up)");
        return;
    };
    let ha_dir = std::env::var("DANGVU_HA_DIR").unwrap_or_else(|_| "/tmp/dangvu-ha".into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // A database of its own on the group (created on the primary, replicated).
    let base = group.rsplit_once('/').map_or(group.as_str(), |(b, _)| b);
    let name = format!("dangvu_ha_{}_{}", std::process::id(), fastrand::u32(..));
    let created = Command::new("psql")
        .arg(format!("{base}/postgres?target_session_attrs=read-write"))
        .args(["-qc", &format!("CREATE DATABASE {name}")])
        .status()
        .unwrap();
    assert!(created.success(), "could not create {name} on {base}");
    let url = format!("{base}/{name}");
    // The demo and its accounts, loaded by the server itself.
    let (server, port) = serve_db(&url, true);
    // A congress of CB-SNV with an election of 22 ballots: room for 44 entries (two counters).
    let round_name = crate::common::snv_round(&url);
    let (token, round, entered_before) = block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        let uid = db.user_id_by_name("demo").await.unwrap();
        let token = db
            .create_api_token(&db::Actor("test".into()), uid, "chuyển máy")
            .await
            .unwrap();
        let round = db.find_round(round_name).await.unwrap();
        let r = db.round(round).await.unwrap();
        let before = r.entered[0] + r.entered[1];
        db.close().await.unwrap();
        (token, round, before)
    });
    let stop = Arc::new(AtomicBool::new(false));
    let members = Arc::new(Mutex::new(Log::default()));
    let ballots = Arc::new(Mutex::new(Log::default()));
    let writer_members = {
        let (stop, log, token) = (stop.clone(), members.clone(), token.clone());
        std::thread::spawn(move || {
            let mut i = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let card = format!("{}", 93_000_000 + i);
                let body = serde_json::json!({
                    "full_name": "Trần Thị Bền", "birth_date": "1990-01-02", "sex": "Nữ",
                    "admitted_on": "2015-03-04", "official_on": "2016-03-04",
                    "card_number": card,
                })
                .to_string();
                let (status, raw) = post_json(port, "/api/v1/orgs/CB-SNV/members", &token, &body);
                // The id the server acknowledged.
                let id = raw
                    .split_once("\r\n\r\n")
                    .and_then(|(_, b)| serde_json::from_str::<serde_json::Value>(b).ok())
                    .and_then(|v| v["id"].as_i64())
                    .map_or(card, |id| id.to_string());
                log.lock().unwrap().note(status, status == 201, id, &raw);
                i += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let writer_ballots = {
        let (stop, log) = (stop.clone(), ballots.clone());
        std::thread::spawn(move || {
            let mut c = Client {
                port,
                cookies: BTreeMap::new(),
            };
            c.sign_in("demo");
            let mut counter = 1;
            let mut entry = format!("/dai-hoi/vong/{round}/nhap/{counter}");
            let page = c.page(&entry);
            let csrf = attr_after(&page, "name=\"csrf\"", "value=\"").unwrap();
            let mut i = 0u32;
            while !stop.load(Ordering::Relaxed) {
                // Alternately a ballot crossing out name 2 and one crossing out name 3.
                let form = format!(
                    "csrf={csrf}&phieu={}",
                    if i.is_multiple_of(2) { "2" } else { "3" }
                );
                let r = c.request("POST", &entry, Some(&form));
                if r.status == 422 && r.body.contains("đã nhập đủ") && counter == 1 {
                    // The first counter has all 22: the second one goes on.
                    counter = 2;
                    entry = format!("/dai-hoi/vong/{round}/nhap/{counter}");
                    continue;
                }
                log.lock()
                    .unwrap()
                    .note(r.status, r.status == 303, format!("{counter}"), &r.body);
                i += 1;
                std::thread::sleep(Duration::from_millis(150));
            }
        })
    };
    let count = |log: &Arc<Mutex<Log>>| log.lock().unwrap().acked.len();
    let wait_for = |n: usize, what: &str| {
        let deadline = Instant::now() + Duration::from_secs(120);
        while count(&members) < n || count(&ballots) < n {
            assert!(
                Instant::now() < deadline,
                "{what}: writers stalled at {} / {}",
                count(&members),
                count(&ballots)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(10, "before the kill");
    let (m0, b0) = (count(&members), count(&ballots));
    let killed = Instant::now();
    let kill = Command::new(root.join("scripts/ha-kill-primary"))
        .arg(&ha_dir)
        .output()
        .unwrap();
    assert!(
        kill.status.success(),
        "{}",
        String::from_utf8_lossy(&kill.stderr)
    );
    // Both writers get through again, and keep going.
    let deadline = Instant::now() + Duration::from_secs(120);
    while count(&members) < m0 + 20 || count(&ballots) < b0 + 10 {
        assert!(
            Instant::now() < deadline,
            "no write got through after the kill: {} / {}",
            count(&members) - m0,
            count(&ballots) - b0
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    writer_members.join().unwrap();
    writer_ballots.join().unwrap();
    drop(server);
    let members = members.lock().unwrap();
    let ballots = ballots.lock().unwrap();
    for (what, log) in [("members", &*members), ("ballots", &*ballots)] {
        assert!(log.unexpected.is_empty(), "{what}: {:?}", log.unexpected);
        eprintln!(
            "{what}: {} acknowledged, answers {:?}, longest pause {:?} (the run went on {:?} after the kill)",
            log.acked.len(),
            log.statuses,
            log.longest_gap(),
            killed.elapsed()
        );
    }
    // Every acknowledged write is on the new primary.
    block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        let roster = db
            .roster("CB-SNV", chrono::Utc::now().date_naive())
            .await
            .unwrap();
        let ids: std::collections::BTreeSet<String> =
            roster.iter().map(|e| e.person_id.to_string()).collect();
        let lost: Vec<&String> = members
            .acked
            .iter()
            .map(|(c, _)| c)
            .filter(|c| !ids.contains(*c))
            .collect();
        assert!(lost.is_empty(), "acknowledged members lost: {lost:?}");
        let r = db.round(round).await.unwrap();
        let stored = r.entered[0] + r.entered[1];
        assert!(
            stored >= entered_before + ballots.acked.len(),
            "acknowledged ballots lost: {stored} < {entered_before} + {}",
            ballots.acked.len()
        );
        let v = db.verify_round(round).await.unwrap();
        assert!(
            !v.problems.iter().any(|p| p.contains("người nhập")),
            "a chain is broken: {:?}",
            v.problems
        );
    });
}
