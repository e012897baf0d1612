//! `dangvu backup` and `dangvu restore` as a person runs them (issue 18 §4, §5.1): the demo
//! data round-trips on SQLite and PostgreSQL table by table, a restore says in Vietnamese
//! what it restored, a database in use is refused without `--force`, a `-wal` left by a
//! crash is never replayed into the restored file, and bad files are refused with nothing
//! changed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{dangvu, ok, refused, targets};

/// Every table's rows (`db::Db::table_contents`), read with a connection closed after.
fn tables(url: &str) -> BTreeMap<String, Vec<String>> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = db::Db::connect(url).await.unwrap();
        let c = db.table_contents().await.unwrap();
        db.close().await.unwrap();
        c
    })
}

fn backup_file(dir: &Path, label: &str) -> PathBuf {
    dir.join(match label {
        "sqlite" => "sao-luu.db",
        _ => "sao-luu.dump",
    })
}

/// Writes after the backup: a new branch and other age brackets.
fn write_more(db: &str) {
    ok(
        db,
        &[
            "org",
            "add",
            "CB-THU",
            "--name",
            "Chi bộ Thử",
            "--kind",
            "branch",
            "--parent",
            "DB-SNOIVU",
            "--since",
            "2024-01-01",
        ],
    );
    ok(db, &["setting", "set-age-brackets", "30,40,50,60"]);
}

#[test]
fn the_demo_round_trips_table_by_table_on_every_database() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let file = backup_file(dir.path(), t.label);
        let said = ok(db, &["backup", "--out", file.to_str().unwrap()]);
        assert!(said.contains("Đã sao lưu vào"), "{}: {said}", t.label);
        let at_backup = tables(db);
        write_more(db);
        assert_ne!(tables(db), at_backup, "{}", t.label);

        let checked = ok(db, &["restore", "--check", file.to_str().unwrap()]);
        assert!(
            checked.contains("Chưa khôi phục gì"),
            "{}: {checked}",
            t.label
        );
        assert_ne!(
            tables(db),
            at_backup,
            "{}: --check changes nothing",
            t.label
        );

        let said = ok(db, &["restore", file.to_str().unwrap()]);
        for words in [
            "Đã khôi phục cơ sở dữ liệu",
            "sao lưu lúc",
            "19 tổ chức",
            "đảng viên",
        ] {
            assert!(said.contains(words), "{}: {words}: {said}", t.label);
        }
        let restored = tables(db);
        for (table, rows) in &at_backup {
            assert_eq!(&restored[table], rows, "{}: table {table}", t.label);
        }
        assert_eq!(restored.len(), at_backup.len(), "{}", t.label);
        assert!(!ok(db, &["org", "tree"]).contains("CB-THU"), "{}", t.label);
    }
}

/// `dangvu serve` on `db`, once it has the database open.
fn serve(db: &str) -> Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DANGVU_DB", db)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("serve ended").unwrap();
        if line.contains("đang chạy") {
            break;
        }
    }
    child
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

#[test]
fn a_database_in_use_is_refused_and_a_log_left_by_a_crash_is_never_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let db = format!("sqlite://{}", live.display());
    ok(&db, &["demo"]);
    let file = backup_file(dir.path(), "sqlite");
    ok(&db, &["backup", file.to_str().unwrap()]);
    let at_backup = tables(&db);

    let mut server = serve(&db);
    let said = refused(&db, &["restore", file.to_str().unwrap()]);
    assert!(
        said.contains("đang được một chương trình khác mở") && said.contains("--force"),
        "{said}"
    );
    // Writes while the server has the file open stay in its -wal; then the server dies.
    write_more(&db);
    server.kill().unwrap();
    server.wait().unwrap();
    let wal = std::fs::metadata(beside(&live, "-wal"))
        .map(|m| m.len())
        .ok();
    assert!(
        wal.unwrap_or(0) > 0,
        "the -wal holds the later writes: {wal:?}"
    );

    let said = ok(&db, &["restore", file.to_str().unwrap()]);
    assert!(said.contains("Đã khôi phục"), "{said}");
    assert!(!beside(&live, "-wal").exists(), "the old -wal is gone");
    // The restored file passes SQLite's integrity check (restore --check runs it).
    let checked = ok(&db, &["restore", "--check", live.to_str().unwrap()]);
    assert!(checked.contains("dùng được"), "{checked}");
    assert_eq!(tables(&db), at_backup);

    // --force restores under a running server (which must then stop).
    let mut server = serve(&db);
    write_more(&db);
    let said = ok(&db, &["restore", "--force", file.to_str().unwrap()]);
    assert!(said.contains("Đã khôi phục"), "{said}");
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(tables(&db), at_backup);
}

#[test]
fn bad_files_are_refused_in_vietnamese_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("rac.db");
    std::fs::write(&garbage, "không phải bản sao lưu\n".repeat(200)).unwrap();
    let missing = dir.path().join("khong-co.db");
    let other_dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        // The other database's kind of backup.
        let other = match t.label {
            "sqlite" => {
                let f = dir.path().join("sqlite-backup.db");
                ok(db, &["backup", f.to_str().unwrap()]);
                let copy = other_dir.path().join("copy.dump");
                std::fs::write(&copy, b"PGDMP\x01\x0e\x00 a pg_dump archive cut short").unwrap();
                copy
            }
            _ => {
                let f = dir.path().join("pg-backup.dump");
                ok(db, &["backup", f.to_str().unwrap()]);
                let lite = dir.path().join("sqlite-backup.db");
                if !lite.exists() {
                    // A PostgreSQL-only run (CI's, `DANGVU_TEST_PG_ONLY`) made no SQLite
                    // backup above: one of an empty SQLite database.
                    let url = format!("sqlite://{}", dir.path().join("lite.db").display());
                    ok(&url, &["setting", "age-brackets"]);
                    ok(&url, &["backup", lite.to_str().unwrap()]);
                }
                lite
            }
        };
        let before = tables(db);
        let cases: [(&Path, &str); 4] = [
            (&missing, "không tìm thấy tệp sao lưu"),
            (other_dir.path(), "không phải một tệp"),
            (&garbage, "không phải bản sao lưu"),
            (
                &other,
                match t.label {
                    "sqlite" => "là bản sao lưu PostgreSQL",
                    _ => "là cơ sở dữ liệu SQLite",
                },
            ),
        ];
        for (file, words) in cases {
            let said = refused(db, &["restore", "--force", file.to_str().unwrap()]);
            assert!(
                said.contains(words),
                "{}: {}: {said}",
                t.label,
                file.display()
            );
            assert!(
                said.contains(&file.display().to_string()),
                "{}: names the file: {said}",
                t.label
            );
        }
        assert_eq!(tables(db), before, "{}: nothing changed", t.label);
        let existing = dir.path().join("rac.db");
        let said = refused(db, &["backup", "--out", existing.to_str().unwrap()]);
        assert!(said.contains("đã tồn tại"), "{}: {said}", t.label);
    }
}

#[test]
fn a_missing_pg_dump_is_named_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path())
        .into_iter()
        .filter(|t| t.label == "postgres")
    {
        let file = dir.path().join("x.dump");
        let o = Command::new(env!("CARGO_BIN_EXE_dangvu"))
            .args(["backup", file.to_str().unwrap()])
            .env("DANGVU_DB", &t.url)
            .env("PATH", dir.path())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{said}");
        assert!(
            said.contains("không tìm thấy chương trình pg_dump"),
            "{said}"
        );
        assert!(!file.exists());
    }
    let o = dangvu("sqlite://unused.db", &["restore", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("--force"));
}
