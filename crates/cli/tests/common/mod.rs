//! What the command-line tests share: the databases to run on (a SQLite file, and a fresh
//! PostgreSQL database when `DANGVU_TEST_PG` names a server) and running the binary.

#![allow(dead_code)]

pub mod http;

use std::path::Path;
use std::process::{Command, Output};

pub struct Target {
    pub url: String,
    pub label: &'static str,
}

/// A SQLite file in `dir`, and a new PostgreSQL database (`dangvu_c_…`, dropped by `.ci/run`)
/// when `DANGVU_TEST_PG` is set: only that one with `DANGVU_TEST_PG_ONLY` (CI's PostgreSQL
/// run, after its SQLite run), copied from the migrated database `DANGVU_TEST_PG_TEMPLATE`
/// when set.
pub fn targets(dir: &Path) -> Vec<Target> {
    let pg = std::env::var("DANGVU_TEST_PG").ok();
    let mut out = Vec::new();
    if pg.is_none() || std::env::var_os("DANGVU_TEST_PG_ONLY").is_none() {
        out.push(Target {
            url: format!("sqlite://{}", dir.join("t.db").display()),
            label: "sqlite",
        });
    }
    if let Some(admin) = pg {
        let name = format!("dangvu_c_{}_{}", std::process::id(), fastrand::u64(..));
        let template = std::env::var("DANGVU_TEST_PG_TEMPLATE")
            .map(|t| format!(" TEMPLATE {t}"))
            .unwrap_or_default();
        let status = Command::new("psql")
            .args([
                admin.as_str(),
                "-qc",
                &format!("CREATE DATABASE {name}{template}"),
            ])
            .status()
            .expect("psql");
        assert!(status.success(), "could not create {name}");
        let base = admin
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or(admin);
        out.push(Target {
            url: format!("{base}/{name}"),
            label: "postgres",
        });
    }
    out
}

/// Runs `dangvu` on the database `db`.
pub fn dangvu(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(args)
        .env("DANGVU_DB", db)
        .output()
        .expect("run dangvu")
}

/// Runs a command that must succeed; returns what it printed.
pub fn ok(db: &str, args: &[&str]) -> String {
    let o = dangvu(db, args);
    assert!(
        o.status.success(),
        "dangvu {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs a command that must be refused as bad input (exit 2); returns its message.
pub fn refused(db: &str, args: &[&str]) -> String {
    let o = dangvu(db, args);
    assert_eq!(
        o.status.code(),
        Some(2),
        "dangvu {args:?}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A congress of CB-SNV on the demo (`congress add`, its counting board, an election of 22
/// ballots for 2 of 3 names): room for 22 ballots on each counter. Returns the round's name.
pub fn snv_round(db: &str) -> &'static str {
    for args in [
        &[
            "congress",
            "add",
            "CB-SNV",
            "--term",
            "2030-2035",
            "--start",
            "2030-03-01",
        ][..],
        &[
            "congress",
            "board",
            "CB-SNV",
            "Bùi Thị Lan Anh",
            "Huỳnh Quốc Bảo",
            "Trương Công Danh",
        ],
        &[
            "congress",
            "election",
            "CB-SNV",
            "committee",
            "--seats",
            "2",
            "--candidate",
            "Phan Văn Đức",
            "--candidate",
            "Lâm Văn Hậu",
            "--candidate",
            "Lê Minh Khoa",
            "--issued",
            "22",
        ],
    ] {
        ok(db, args);
    }
    "CB-SNV/V/committee/1"
}

/// Runs a future to its end on a runtime of its own (tests that are not async).
pub fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
