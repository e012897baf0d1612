//! Backup and restore on real databases (issue 18 §4, §5.1): a restore brings back every
//! table exactly as it was when the backup was made, never replays a log left beside the
//! database, and refuses, changing nothing, a file that is not a whole dangvu backup of a
//! schema this program knows, or a database another program has open (unless forced).

use std::path::{Path, PathBuf};

use crate::common::{d, databases};
use db::{Actor, BulkOrg, BulkPerson, BulkPosting, Db, DbError, NewOrg, RestoreOptions};
use domain::accounts::access::Role;
use domain::register::member::{
    MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};
use migration::MigratorTrait;
use sea_orm::ConnectionTrait;

const PEOPLE: usize = 300;

fn actor() -> Actor {
    Actor("test".into())
}

fn person(i: usize) -> PersonRecord {
    const GIVEN: [&str; 6] = ["An", "Bình", "Châu", "Dũng", "Hà", "Yến"];
    let name = format!("Nguyễn Văn {} {}", GIVEN[i % 6], GIVEN[(i / 6) % 6]);
    PersonRecord {
        full_name: PersonName::parse(&name).unwrap(),
        birth_name: None,
        birth_date: d(
            1960 + (i % 40) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        ),
        sex: if i.is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        },
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: (!i.is_multiple_of(10)).then(|| MembershipRecord {
            admitted_on: d(2010, 3, 4),
            official_on: Some(d(2011, 3, 4)),
            card_number: None,
            record_number: None,
        }),
    }
}

fn bulk_org(code: &str, name: &str, kind: OrgKind, parent: Option<usize>) -> BulkOrg {
    BulkOrg {
        code: OrgCode::parse(code).unwrap(),
        name: name.into(),
        kind,
        parent,
        since: d(2000, 1, 1),
    }
}

/// A small province: three organizations, `PEOPLE` people (a tenth not members), an
/// account and a setting.
async fn province(db: &Db) {
    let orgs = [
        bulk_org("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
        bulk_org(
            "DB-A",
            "Đảng bộ Sở A",
            OrgKind::GrassrootsCommittee,
            Some(0),
        ),
        bulk_org("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some(1)),
    ];
    let ids = db
        .load_orgs(&actor(), &orgs, None, &mut |_| {})
        .await
        .unwrap();
    let people: Vec<BulkPerson> = (0..PEOPLE)
        .map(|i| BulkPerson {
            record: person(i),
            postings: vec![BulkPosting {
                org_id: ids[2],
                from: d(2012, 1, 1),
                to: None,
                temporary: false,
            }],
            ended: None,
        })
        .collect();
    db.load_people(&actor(), &people, true, "test", &mut |_| {})
        .await
        .unwrap();
    db.create_user(
        &actor(),
        "bi.thu",
        "mat-khau-dai-du",
        "CB-A1",
        Role::Secretary,
    )
    .await
    .unwrap();
    db.set_setting(&actor(), "age_brackets", "35,41,51,60")
        .await
        .unwrap();
}

/// Writes made after the backup, which a restore must take away.
async fn after_the_backup(db: &Db) {
    db.set_setting(&actor(), "age_brackets", "30,40,50,60")
        .await
        .unwrap();
    db.create_user(&actor(), "can.bo", "mat-khau-dai-du", "DB-A", Role::Staff)
        .await
        .unwrap();
    let branch = NewOrg {
        code: OrgCode::parse("CB-A2").unwrap(),
        name: "Chi bộ Phòng A2".into(),
        kind: OrgKind::Branch,
        parent: Some(OrgCode::parse("DB-A").unwrap()),
        since: d(2024, 1, 1),
        decision: None,
    };
    db.create_org(&actor(), &branch).await.unwrap();
}

fn backup_name(db: &Db) -> &'static str {
    match db.backend() {
        db::Backend::Sqlite => "sao-luu.db",
        db::Backend::Postgres => "sao-luu.dump",
    }
}

fn restore_opts(force: bool) -> RestoreOptions {
    RestoreOptions {
        force,
        check_only: false,
    }
}

/// Whether `e` is a refusal (bad input) whose message says `words`.
fn refused(e: &DbError, words: &str) -> bool {
    e.is_bad_input() && e.to_string().contains(words)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_brings_back_every_table_as_it_was_at_the_backup() {
    for t in databases().await {
        let (db, url) = (&t.db, t.db.url().to_string());
        province(db).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(backup_name(db));
        db.backup(&actor(), &file).await.unwrap();
        let at_backup = db.table_contents().await.unwrap();
        assert!(at_backup["person"].len() == PEOPLE, "{}", t.label);
        after_the_backup(db).await;
        assert_ne!(db.table_contents().await.unwrap(), at_backup, "{}", t.label);
        db.close().await.unwrap();

        let r = db::restore(&url, &file, restore_opts(false)).await.unwrap();
        assert!(r.replaced && !r.checked_only, "{}: {r:?}", t.label);
        assert_eq!(r.migrated, 0, "{}", t.label);
        assert_eq!(
            (
                r.counts.people,
                r.counts.members,
                r.counts.orgs,
                r.counts.users
            ),
            (PEOPLE as u64, (PEOPLE - PEOPLE / 10) as u64, 3, 1),
            "{}",
            t.label
        );
        assert!(r.last_change.unwrap().backup, "{}: {r:?}", t.label);
        let back = Db::connect(&url).await.unwrap();
        let restored = back.table_contents().await.unwrap();
        assert_eq!(
            restored.keys().collect::<Vec<_>>(),
            at_backup.keys().collect::<Vec<_>>(),
            "{}",
            t.label
        );
        for (table, rows) in &at_backup {
            assert_eq!(&restored[table], rows, "{}: table {table}", t.label);
        }
        // The restored database takes writes again.
        after_the_backup(&back).await;
        back.close().await.unwrap();
    }
}

/// `path` with `suffix` appended to its name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A copy of the database file and its WAL as they are while `db` is still open: the state a
/// crash (or copying files by hand) leaves behind, writes committed only in the `-wal`.
fn crashed_copy(live: &Path, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let copy = dir.join("live.db");
    std::fs::copy(live, &copy).unwrap();
    std::fs::copy(beside(live, "-wal"), beside(&copy, "-wal")).unwrap();
    copy
}

async fn integrity(db: &Db) -> String {
    let rows = db
        .connection()
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap();
    rows[0].try_get_by_index::<String>(0).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_left_beside_the_sqlite_file_is_never_replayed_into_the_restored_one() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let db = Db::connect(&format!("sqlite://{}", live.display()))
        .await
        .unwrap();
    province(&db).await;
    let file = dir.path().join("sao-luu.db");
    db.backup(&actor(), &file).await.unwrap();
    let at_backup = db.table_contents().await.unwrap();
    after_the_backup(&db).await;

    // The state left by a crash: the writes after the backup are in the -wal only.
    let proof = crashed_copy(&live, &dir.path().join("proof"));
    let shown = Db::connect(&format!("sqlite://{}", proof.display()))
        .await
        .unwrap();
    assert!(
        shown.org("CB-A2", None).await.is_ok(),
        "the log is replayed"
    );
    shown.close().await.unwrap();

    for (case, force) in [("checked", false), ("forced", true)] {
        let target = crashed_copy(&live, &dir.path().join(case));
        let wal = std::fs::metadata(beside(&target, "-wal")).unwrap().len();
        assert!(wal > 0, "{case}: the -wal holds the later writes");
        let url = format!("sqlite://{}", target.display());
        db::restore(&url, &file, restore_opts(force)).await.unwrap();
        assert!(
            !beside(&target, "-wal").exists(),
            "{case}: the old -wal is gone"
        );
        let back = Db::connect(&url).await.unwrap();
        assert_eq!(integrity(&back).await, "ok", "{case}");
        assert!(
            back.org("CB-A2", None).await.is_err(),
            "{case}: a later write came back"
        );
        assert_eq!(back.table_contents().await.unwrap(), at_backup, "{case}");
        back.close().await.unwrap();
    }
    db.close().await.unwrap();
}

/// A SQLite file that is not dangvu's, or a PostgreSQL dump of a database that is not.
async fn foreign_backup(db: &Db, dir: &Path) -> PathBuf {
    match db.backend() {
        db::Backend::Sqlite => {
            let path = dir.join("khac.db");
            let c = sea_orm::Database::connect(format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .unwrap();
            c.execute_unprepared("CREATE TABLE ghi_chu (id INTEGER PRIMARY KEY, noi_dung TEXT)")
                .await
                .unwrap();
            c.close().await.unwrap();
            path
        }
        db::Backend::Postgres => {
            let path = dir.join("khac.dump");
            let admin = std::env::var("DANGVU_TEST_PG").unwrap();
            let name = format!("dangvu_t_khac_{}", uuid::Uuid::now_v7().simple());
            let server = sea_orm::Database::connect(&admin).await.unwrap();
            server
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
            let other = sea_orm::Database::connect(&url).await.unwrap();
            other
                .execute_unprepared("CREATE TABLE ghi_chu (id SERIAL PRIMARY KEY, noi_dung TEXT)")
                .await
                .unwrap();
            other.close().await.unwrap();
            let status = std::process::Command::new("pg_dump")
                .args(["--format=custom", "--file"])
                .arg(&path)
                .args(["--dbname", &url])
                .status()
                .unwrap();
            assert!(status.success());
            server
                .execute_unprepared(&format!("DROP DATABASE {name}"))
                .await
                .unwrap();
            server.close().await.unwrap();
            path
        }
    }
}

/// A backup of a later dangvu: its migration history has a step this program does not know.
async fn newer_backup(db: &Db, dir: &Path) -> PathBuf {
    let file = dir.join(format!("moi-hon-{}", backup_name(db)));
    db.connection()
        .execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20990101_000001_future', 0)",
        )
        .await
        .unwrap();
    db.backup(&actor(), &file).await.unwrap();
    db.connection()
        .execute_unprepared(
            "DELETE FROM seaql_migrations WHERE version = 'm20990101_000001_future'",
        )
        .await
        .unwrap();
    file
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_backups_and_a_database_in_use_are_refused_and_nothing_changes() {
    for t in databases().await {
        let (db, url) = (&t.db, t.db.url().to_string());
        province(db).await;
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join(backup_name(db));
        db.backup(&actor(), &good).await.unwrap();
        let newer = newer_backup(db, dir.path()).await;
        let foreign = foreign_backup(db, dir.path()).await;
        let garbage = dir.path().join("rac.db");
        std::fs::write(&garbage, "không phải cơ sở dữ liệu\n".repeat(100)).unwrap();
        let truncated = dir.path().join(format!("cut-{}", backup_name(db)));
        let bytes = std::fs::read(&good).unwrap();
        std::fs::write(&truncated, &bytes[..bytes.len() * 9 / 10]).unwrap();
        let before = db.table_contents().await.unwrap();

        // Open: in use.
        let e = db::restore(&url, &good, restore_opts(false))
            .await
            .unwrap_err();
        let words = match db.backend() {
            db::Backend::Sqlite => "đang được một chương trình khác mở",
            db::Backend::Postgres => "kết nối của chương trình khác",
        };
        assert!(
            refused(&e, words) && e.to_string().contains("--force"),
            "{}: {e}",
            t.label
        );
        db.close().await.unwrap();

        let missing = dir.path().join("khong-co.db");
        let cases: [(&Path, &str); 6] = [
            (&missing, "không tìm thấy tệp sao lưu"),
            (dir.path(), "không phải một tệp"),
            (&garbage, "không phải bản sao lưu"),
            (&foreign, "của dangvu: thiếu bảng"),
            (&truncated, "cắt cụt"),
            (&newer, "phiên bản dangvu mới hơn"),
        ];
        for (file, words) in cases {
            let e = db::restore(&url, file, restore_opts(true))
                .await
                .unwrap_err();
            assert!(refused(&e, words), "{}: {}: {e}", t.label, file.display());
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                e.to_string().contains(&name),
                "{}: names the file: {e}",
                t.label
            );
        }
        let back = Db::connect(&url).await.unwrap();
        let after = back.table_contents().await.unwrap();
        assert_eq!(after, before, "{}: nothing changed", t.label);
        back.close().await.unwrap();
        assert_eq!(leftovers(&back, dir.path()).await, 0, "{}", t.label);
    }
}

/// What refused restores left behind: temporary files beside a SQLite database, temporary
/// databases on the PostgreSQL server.
async fn leftovers(db: &Db, dir: &Path) -> usize {
    match db.backend() {
        db::Backend::Sqlite => std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().contains("khoi-phuc")
            })
            .count(),
        db::Backend::Postgres => {
            let name = db.url().rsplit('/').next().unwrap().to_string();
            let admin = sea_orm::Database::connect(std::env::var("DANGVU_TEST_PG").unwrap())
                .await
                .unwrap();
            let rows = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    format!("SELECT datname FROM pg_database WHERE datname LIKE '{name}_%'"),
                ))
                .await
                .unwrap();
            admin.close().await.unwrap();
            rows.len()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn force_restores_postgres_over_open_connections_and_an_older_backup_is_migrated() {
    for t in databases().await {
        let (db, url) = (&t.db, t.db.url().to_string());
        province(db).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(backup_name(db));
        if db.backend() == db::Backend::Sqlite {
            // An older backup: the last schema step undone in the copy.
            db.backup(&actor(), &file).await.unwrap();
            let old = sea_orm::Database::connect(format!("sqlite://{}", file.display()))
                .await
                .unwrap();
            migration::Migrator::down(&old, Some(1)).await.unwrap();
            old.close().await.unwrap();
            db.close().await.unwrap();
            let r = db::restore(&url, &file, restore_opts(false)).await.unwrap();
            assert_eq!(r.migrated, 1, "{r:?}");
            let checked = db::restore(
                &url,
                &file,
                RestoreOptions {
                    force: false,
                    check_only: true,
                },
            )
            .await
            .unwrap();
            assert!(checked.checked_only && checked.migrated == 1, "{checked:?}");
            continue;
        }
        db.backup(&actor(), &file).await.unwrap();
        let at_backup = db.table_contents().await.unwrap();
        after_the_backup(db).await;
        // `db` stays connected: force closes its connections.
        let r = db::restore(&url, &file, restore_opts(true)).await.unwrap();
        assert!(r.disconnected >= 1, "{r:?}");
        let back = Db::connect(&url).await.unwrap();
        assert_eq!(back.table_contents().await.unwrap(), at_backup);
        back.close().await.unwrap();
        assert_eq!(leftovers(&back, dir.path()).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_of_a_closed_sqlite_database_restores_and_reading_it_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let db = Db::connect(&format!("sqlite://{}", live.display()))
        .await
        .unwrap();
    province(&db).await;
    let at_copy = db.table_contents().await.unwrap();
    db.close().await.unwrap();
    // Copied by hand: the header still says WAL.
    let copy = dir.path().join("ban-chep.db");
    std::fs::copy(&live, &copy).unwrap();
    let target = dir.path().join("moi.db");
    let url = format!("sqlite://{}", target.display());
    db::restore(&url, &copy, restore_opts(false)).await.unwrap();
    for side in ["-wal", "-shm"] {
        assert!(!beside(&copy, side).exists(), "{side} beside the copy");
    }
    let back = Db::connect(&url).await.unwrap();
    assert_eq!(back.table_contents().await.unwrap(), at_copy);
    back.close().await.unwrap();
}
