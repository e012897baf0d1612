//! Backups and restores of a whole database. SQLite: `VACUUM INTO` writes a consistent copy
//! while the database is in use, and a restore copies the backup into a new file beside the
//! database, checks it, and renames it over the database with the old `-wal`, `-shm` and
//! `-journal` gone (`sqlite`). PostgreSQL: `pg_dump` in its custom format, and a restore into
//! a new database on the same server that takes the old one's name (`postgres`, the tools in
//! `pg_tools`). Both check the backup the same way first: a dangvu database, of a schema
//! version this program knows (`inspect`).

mod contents;
mod inspect;
mod pg_tools;
mod postgres;
mod sqlite;

use std::path::Path;

pub use inspect::{Counts, LastChange, RestoreOptions, Restored};

use crate::accounts::audit::{Actor, record};
use crate::error::{DbError, Result};
use crate::{Backend, Db};

impl Db {
    /// The database's own consistency check: SQLite's `PRAGMA integrity_check` ("ok", or what
    /// it found, one finding per line); PostgreSQL keeps its own consistency through its WAL
    /// and answers "ok" once a query runs (the crash tests read it after a SIGKILL).
    pub async fn integrity_check(&self) -> Result<String> {
        match self.backend() {
            Backend::Sqlite => {
                let rows = crate::sql::all(&self.conn, "PRAGMA integrity_check", vec![]).await?;
                Ok(rows
                    .iter()
                    .filter_map(|r| r.try_get_by_index::<String>(0).ok())
                    .collect::<Vec<_>>()
                    .join("\n"))
            }
            Backend::Postgres => postgres_integrity(&self.conn).await,
        }
    }

    /// Writes a backup of the whole database to `to`, which must not exist: SQLite's
    /// `VACUUM INTO`, or `pg_dump --format=custom` for PostgreSQL. The audit log records the
    /// backup first, so the backup itself carries the moment it was made (a backup that fails
    /// after that leaves the entry, an attempt).
    pub async fn backup(&self, actor: &Actor, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(DbError::Invalid(format!(
                "tệp '{}' đã tồn tại; hãy chọn tên khác",
                to.display()
            )));
        }
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(DbError::Invalid(format!(
                "thư mục '{}' không tồn tại; hãy tạo nó hoặc chọn nơi khác cho tệp sao lưu",
                dir.display()
            )));
        }
        if self.backend() == Backend::Postgres {
            // Before the audit entry: a missing pg_dump is the likely failure.
            pg_tools::available("pg_dump").await?;
        }
        let file = to.display().to_string();
        let after = serde_json::json!({ "file": file });
        record(
            &self.conn,
            actor,
            "backup",
            "database",
            &file,
            None,
            Some(after),
        )
        .await?;
        match self.backend() {
            Backend::Sqlite => sqlite::backup(&self.conn, to).await,
            Backend::Postgres => pg_tools::dump(self.url(), to).await,
        }
    }
}

/// Restores the backup `from` into the database of `url` (created if missing), after checking
/// it: a file of the right kind, whole, a dangvu database of a schema version this program
/// knows. Nothing is changed when a check fails, nor when another program has the database
/// open and `force` is not set. The restored database is migrated to this program's schema.
pub async fn restore(url: &str, from: &Path, opts: RestoreOptions) -> Result<Restored> {
    if !from.exists() {
        return Err(DbError::Invalid(format!(
            "không tìm thấy tệp sao lưu '{}'",
            from.display()
        )));
    }
    if !from.is_file() {
        return Err(DbError::Invalid(format!(
            "'{}' không phải một tệp (là thư mục?); hãy chỉ ra tệp sao lưu",
            from.display()
        )));
    }
    if let Some(path) = crate::connect::sqlite_path(url) {
        sqlite::restore(&path, from, opts).await
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres::restore(url, from, opts).await
    } else {
        Err(DbError::BadUrl(url.to_string()))
    }
}

/// PostgreSQL's counterpart of `PRAGMA integrity_check`: every B-tree index of the schema
/// checked against its table by `amcheck` (`bt_index_check` with `heapallindexed`), and every
/// table read to its end. Without the right to create the extension, only the reading is done.
async fn postgres_integrity(conn: &sea_orm::DatabaseConnection) -> Result<String> {
    let tables = crate::sql::all(
        conn,
        "SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = current_schema()",
        vec![],
    )
    .await?;
    for t in tables
        .iter()
        .filter_map(|r| r.try_get::<String>("", "t").ok())
    {
        crate::sql::all(conn, &format!("SELECT count(*) AS n FROM {t}"), vec![]).await?;
    }
    if crate::sql::all(conn, "CREATE EXTENSION IF NOT EXISTS amcheck", vec![])
        .await
        .is_err()
    {
        return Ok("ok".into());
    }
    let indexes = crate::sql::all(
        conn,
        "SELECT c.relname AS name, c.oid::bigint AS oid FROM pg_index i \
         JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_am a ON a.oid = c.relam \
         WHERE n.nspname = current_schema() AND a.amname = 'btree' AND i.indisvalid",
        vec![],
    )
    .await?;
    let mut problems = Vec::new();
    for r in &indexes {
        let name: String = r.try_get("", "name").unwrap_or_default();
        let oid: i64 = r.try_get("", "oid").unwrap_or_default();
        let check = format!("SELECT bt_index_check({oid}::oid, true) IS NULL AS ok");
        if let Err(e) = crate::sql::all(conn, &check, vec![]).await {
            problems.push(format!("{name}: {e}"));
        }
    }
    Ok(if problems.is_empty() {
        "ok".into()
    } else {
        problems.join("\n")
    })
}
