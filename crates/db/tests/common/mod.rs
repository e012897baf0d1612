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
pub async fn databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    out.push(TestDb {
        db: Db::connect(&url).await.expect("sqlite"),
        label: "sqlite",
        _dir: Some(dir),
    });
    if let Ok(admin) = std::env::var("DANGVU_TEST_PG") {
        let name = format!("dangvu_t_{}", uuid::Uuid::now_v7().simple());
        let admin_db = sea_orm::Database::connect(&admin)
            .await
            .expect("postgres admin connection");
        admin_db
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
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

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

pub fn today() -> NaiveDate {
    d(2026, 11, 22)
}
