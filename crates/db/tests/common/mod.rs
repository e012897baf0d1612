//! Test databases: every repository test runs on a fresh SQLite file and, when
//! `DANGVU_TEST_PG` names a PostgreSQL server, on a fresh PostgreSQL database too.

#![allow(dead_code)]

use chrono::NaiveDate;
use db::Db;
use sea_orm::ConnectionTrait;

pub struct TestDb {
    pub db: Db,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite database, plus a fresh PostgreSQL one when configured.
/// With `DANGVU_TEST_PG_ONLY` set (CI's PostgreSQL run, after its SQLite run), only the
/// PostgreSQL one; with `DANGVU_TEST_PG_TEMPLATE`, the PostgreSQL one is a copy of that
/// migrated database rather than migrated afresh.
pub async fn databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    let pg = std::env::var("DANGVU_TEST_PG").ok();
    if pg.is_none() || std::env::var_os("DANGVU_TEST_PG_ONLY").is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        out.push(TestDb {
            db: Db::connect(&url).await.expect("sqlite"),
            label: "sqlite",
            _dir: Some(dir),
        });
    }
    if let Some(admin) = pg {
        let name = format!("dangvu_t_{}", uuid::Uuid::now_v7().simple());
        let admin_db = sea_orm::Database::connect(&admin)
            .await
            .expect("postgres admin connection");
        admin_db
            .execute_unprepared(&format!("CREATE DATABASE {name}{}", template()))
            .await
            .expect("create database");
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        let url = format!("{base}/{name}");
        out.push(TestDb {
            db: Db::connect(&url).await.expect("postgres"),
            label: "postgres",
            _dir: None,
        });
    }
    out
}

/// " TEMPLATE name" when `DANGVU_TEST_PG_TEMPLATE` names a migrated database to copy.
pub fn template() -> String {
    std::env::var("DANGVU_TEST_PG_TEMPLATE")
        .map(|t| format!(" TEMPLATE {t}"))
        .unwrap_or_default()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

pub fn today() -> NaiveDate {
    d(2026, 11, 22)
}
