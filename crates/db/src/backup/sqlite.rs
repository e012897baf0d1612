//! SQLite: the backup is `VACUUM INTO`; the restore checks the backup file (its header, then
//! opened read-only: `PRAGMA integrity_check`, a dangvu database of a known schema), copies it
//! with `VACUUM INTO` into a new file beside the database, checks and migrates that copy, and
//! renames it over the database after removing the database's `-wal`, `-shm` and `-journal`,
//! so that no log of the old file can ever be replayed into the restored one.
//!
//! "In use": every connection to a database in WAL mode keeps a shared lock on the file while
//! it is open, even idle, so a connection in exclusive locking mode that cannot begin an
//! exclusive transaction at once means another connection (`dangvu serve`, say) is open.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteLockingMode, SqlitePoolOptions,
};
use sea_orm::sqlx::{self, Connection as _};
use sea_orm::{ConnectionTrait, DatabaseConnection, SqlxSqliteConnector};

use crate::backup::inspect::{self, Counts, LastChange, RestoreOptions, Restored};
use crate::error::{DbError, Result};
use crate::sql::all;

/// A consistent copy of the database into the new file `to`.
pub(super) async fn backup(c: &DatabaseConnection, to: &Path) -> Result<()> {
    vacuum_into(c, to).await
}

async fn vacuum_into(c: &DatabaseConnection, to: &Path) -> Result<()> {
    let path = to.to_string_lossy().replace('\'', "''");
    c.execute_unprepared(&format!("VACUUM INTO '{path}'"))
        .await?;
    Ok(())
}

/// Restores `from` into the SQLite file `target` (see the module comment).
pub(super) async fn restore(target: &Path, from: &Path, opts: RestoreOptions) -> Result<Restored> {
    let wal_header = check_header(from)?;
    // A file whose header says WAL but that has no -wal beside it (a copy of a closed
    // database) is read as immutable, so that reading it creates no -wal/-shm beside it.
    let immutable = wal_header && !beside(from, "-wal").exists();
    if !opts.check_only {
        refuse_same_file(target, from)?;
    }
    let live = !opts.force && !opts.check_only;
    if live && in_use(target).await? {
        return Err(in_use_refusal(target));
    }
    let tmp = temp_beside(target)?;
    let made = copy_checked(from, &tmp, immutable).await;
    let result = match made {
        Ok(m) if opts.check_only => Ok((m, false)),
        Ok(m) => {
            if live && in_use(target).await? {
                Err(in_use_refusal(target))
            } else {
                let existed = target.exists();
                swap(&tmp, target).map(|()| (m, existed))
            }
        }
        Err(e) => Err(e),
    };
    for side in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(&tmp, side));
    }
    let ((migrated, counts, last_change), replaced) = result?;
    Ok(Restored {
        target: target.display().to_string(),
        from: from.to_path_buf(),
        counts,
        last_change,
        migrated,
        replaced,
        disconnected: 0,
        checked_only: opts.check_only,
    })
}

/// Refuses a file that is not a whole SQLite database by its header: another kind of file, a
/// PostgreSQL dump, or one shorter than the pages its header counts (cut off in a copy).
/// Returns whether the header says the file is in WAL mode.
fn check_header(from: &Path) -> Result<bool> {
    let name = from.display();
    let mut head = Vec::with_capacity(100);
    let size = std::fs::File::open(from)
        .and_then(|f| {
            let size = f.metadata()?.len();
            f.take(100).read_to_end(&mut head)?;
            Ok(size)
        })
        .map_err(|e| DbError::Invalid(format!("không đọc được tệp sao lưu '{name}': {e}")))?;
    if head.starts_with(b"PGDMP") {
        return Err(DbError::Invalid(format!(
            "tệp '{name}' là bản sao lưu PostgreSQL (pg_dump); hãy khôi phục nó vào cơ sở dữ liệu PostgreSQL (--db postgres://…)"
        )));
    }
    if head.len() < 100 || !head.starts_with(b"SQLite format 3\0") {
        return Err(DbError::Invalid(format!(
            "tệp '{name}' không phải bản sao lưu dangvu: không phải cơ sở dữ liệu SQLite"
        )));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // The page count in the header is valid when written by the same change as the file.
    let counted = head[24..28] == head[92..96] && pages > 0;
    if page_size < 512 || size % page_size != 0 || (counted && size < pages * page_size) {
        return Err(DbError::Invalid(format!(
            "tệp '{name}' bị cắt cụt hoặc hỏng: phần đầu tệp ghi {pages} trang × {page_size} byte nhưng tệp có {size} byte; không khôi phục"
        )));
    }
    Ok(head[18] == 2 || head[19] == 2)
}

fn refuse_same_file(target: &Path, from: &Path) -> Result<()> {
    let same = match (target.canonicalize(), from.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(DbError::Invalid(format!(
            "tệp sao lưu '{}' chính là cơ sở dữ liệu cần khôi phục; hãy chỉ ra một bản sao lưu khác",
            from.display()
        )));
    }
    Ok(())
}

/// Checks the backup, copies it into the new file `tmp`, then checks, migrates and counts
/// the copy. Returns the schema steps added, the counts and the newest audit entry.
async fn copy_checked(
    from: &Path,
    tmp: &Path,
    immutable: bool,
) -> Result<(usize, Counts, Option<LastChange>)> {
    let unreadable = |e: DbError| match e {
        DbError::Db(e) => DbError::Invalid(format!(
            "tệp '{}' không đọc được như cơ sở dữ liệu SQLite: {e}; không khôi phục",
            from.display()
        )),
        other => other,
    };
    let src = open(from, Some(immutable)).await.map_err(unreadable)?;
    let checked = async {
        integrity(&src, from).await?;
        inspect::check(&src, from).await?;
        vacuum_into(&src, tmp).await
    }
    .await;
    src.close_by_ref().await?;
    checked.map_err(unreadable)?;
    let copy = open(tmp, None).await?;
    let done = async {
        integrity(&copy, from).await?;
        let migrated = inspect::migrate(&copy).await?;
        let (counts, last) = inspect::summary(&copy).await?;
        Ok((migrated, counts, last))
    }
    .await;
    copy.close_by_ref().await?;
    done
}

/// One connection to `path`: read-only to a backup (`Some(immutable)`), or read-write in
/// rollback-journal mode to the copy (`None`; so that all of it is in the one file that is
/// renamed).
async fn open(path: &Path, backup: Option<bool>) -> Result<DatabaseConnection> {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true);
    let opts = match backup {
        Some(immutable) => opts.read_only(true).immutable(immutable),
        None => opts
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Delete),
    };
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into())))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Refuses a database that SQLite's own check finds damaged; `file` is named in the message.
async fn integrity(c: &DatabaseConnection, file: &Path) -> Result<()> {
    let rows = all(c, "PRAGMA integrity_check", vec![]).await?;
    let found: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect();
    if found == ["ok"] {
        return Ok(());
    }
    Err(DbError::Invalid(format!(
        "tệp '{}' bị hỏng: PRAGMA integrity_check báo: {}; không khôi phục",
        file.display(),
        found.into_iter().take(3).collect::<Vec<_>>().join("; ")
    )))
}

/// Whether another connection has `target` open (see the module comment).
async fn in_use(target: &Path) -> Result<bool> {
    if !target.exists() {
        return Ok(false);
    }
    let cannot_tell = |e: sqlx::Error| {
        DbError::Invalid(format!(
            "không kiểm tra được cơ sở dữ liệu '{}' có đang được dùng hay không ({e}); hãy dừng các chương trình đang dùng nó rồi chạy lại với --force",
            target.display()
        ))
    };
    let opts = SqliteConnectOptions::new()
        .filename(target)
        .create_if_missing(false)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO);
    let mut c = SqliteConnection::connect_with(&opts)
        .await
        .map_err(cannot_tell)?;
    let outcome = match sqlx::query("BEGIN EXCLUSIVE").execute(&mut c).await {
        Ok(_) => sqlx::query("COMMIT")
            .execute(&mut c)
            .await
            .map(|_| false)
            .map_err(cannot_tell),
        Err(e) if busy(&e) => Ok(true),
        Err(e) => Err(cannot_tell(e)),
    };
    // Closing the last connection checkpoints the database's WAL and removes it.
    c.close().await.map_err(cannot_tell)?;
    outcome
}

/// SQLITE_BUSY or SQLITE_LOCKED, with any extended code.
fn busy(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

fn in_use_refusal(target: &Path) -> DbError {
    DbError::Invalid(format!(
        "cơ sở dữ liệu '{}' đang được một chương trình khác mở (ví dụ dangvu serve); hãy dừng chương trình đó rồi chạy lại, hoặc thêm --force để khôi phục đè (chương trình đang chạy phải dừng ngay sau đó)",
        target.display()
    ))
}

/// A new file name in the target's folder (a rename within one folder is atomic).
fn temp_beside(target: &Path) -> Result<PathBuf> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(DbError::Invalid(format!(
            "thư mục '{}' của cơ sở dữ liệu không tồn tại",
            dir.display()
        )));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dangvu.db".into());
    let unique = uuid::Uuid::now_v7().simple().to_string();
    Ok(dir.join(format!(".{name}.khoi-phuc-{}", &unique[20..])))
}

/// `path` with `suffix` appended to its name (`dangvu.db` → `dangvu.db-wal`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut s = OsString::from(path.as_os_str());
    s.push(suffix);
    PathBuf::from(s)
}

/// Puts the checked copy `tmp` in place of `target`: the target's logs are removed first,
/// so a log of the old file can never be replayed into the new one, then one rename.
fn swap(tmp: &Path, target: &Path) -> Result<()> {
    let failed = |what: String, e: std::io::Error| DbError::Failure(format!("{what}: {e}"));
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| failed(format!("không ghi được tệp '{}'", tmp.display()), e))?;
    for side in ["-wal", "-shm", "-journal"] {
        let side = beside(target, side);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(failed(format!("không xóa được '{}'", side.display()), e)),
        }
    }
    std::fs::rename(tmp, target).map_err(|e| {
        failed(
            format!("không thay được '{}' bằng bản khôi phục", target.display()),
            e,
        )
    })?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}
