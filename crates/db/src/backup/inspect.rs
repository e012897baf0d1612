//! What a restore checks in a backup before anything is replaced, and what it reports after:
//! the tables of a dangvu database, a schema version this program knows (the names in
//! sea-orm's `seaql_migrations` are all among this program's migrations), the migration to
//! this program's schema, and the counts of what was restored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

use crate::error::{DbError, Result};
use crate::sql::{all, get, get_count, one};

/// What `restore` may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Restore even when another program has the database open (SQLite: that program must be
    /// stopped right after, its writes go to the replaced file; PostgreSQL: its connections
    /// are closed).
    pub force: bool,
    /// Only check the backup: restore it aside, check and count, then throw that copy away.
    pub check_only: bool,
}

/// The tables every dangvu database has had since its first migration.
pub(super) const REQUIRED: [&str; 5] = [
    "seaql_migrations",
    "organization",
    "person",
    "member_event",
    "audit_log",
];

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The database restored into: the SQLite file or the PostgreSQL database's name.
    pub target: String,
    /// The backup file.
    pub from: PathBuf,
    pub counts: Counts,
    /// The newest entry of the restored audit log.
    pub last_change: Option<LastChange>,
    /// How many schema steps this program added to the backup's (an older backup).
    pub migrated: usize,
    /// Whether a database was there and was replaced (false: a new one, or only checked).
    pub replaced: bool,
    /// PostgreSQL: how many connections of other programs `force` closed.
    pub disconnected: u64,
    /// Only checked: nothing was replaced.
    pub checked_only: bool,
}

/// The rows of the restored database that a person recognizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Members on the register today (admitted, not ended).
    pub members: u64,
    /// Every person's record (members, former members, applicants).
    pub people: u64,
    pub orgs: u64,
    pub users: u64,
    pub audit: u64,
}

/// The newest entry of the audit log: the moment the backup was made when it is a backup
/// entry (dangvu records each backup before writing it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastChange {
    /// In UTC.
    pub at: chrono::NaiveDateTime,
    /// Whether the entry is the record of a backup.
    pub backup: bool,
}

/// Refuses `c` unless it is a dangvu database of a schema version this program knows;
/// `file` is the backup, named in the messages.
pub(super) async fn check(c: &impl ConnectionTrait, file: &Path) -> Result<()> {
    let tables = tables(c).await?;
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|t| !tables.contains(*t))
        .collect();
    if !missing.is_empty() {
        return Err(DbError::Invalid(format!(
            "tệp '{}' không phải bản sao lưu của dangvu: thiếu bảng {}",
            file.display(),
            missing.join(", ")
        )));
    }
    let rows = all(c, "SELECT version FROM seaql_migrations", vec![]).await?;
    let versions = rows
        .iter()
        .map(|r| get::<String>(r, "version"))
        .collect::<Result<Vec<_>>>()?;
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    if versions.is_empty() {
        return Err(DbError::Invalid(format!(
            "tệp '{}' không phải bản sao lưu của dangvu: bảng seaql_migrations (phiên bản cấu trúc) trống",
            file.display()
        )));
    }
    if let Some(v) = versions.iter().find(|v| !known.contains(v)) {
        return Err(DbError::Invalid(format!(
            "tệp '{}' được tạo bởi phiên bản dangvu mới hơn chương trình này (có bước cấu trúc '{v}' mà chương trình không biết); hãy khôi phục bằng phiên bản dangvu mới hơn",
            file.display()
        )));
    }
    Ok(())
}

/// The names of the tables of the current schema.
async fn tables(c: &impl ConnectionTrait) -> Result<BTreeSet<String>> {
    let sql = match c.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT CAST(tablename AS TEXT) AS name FROM pg_tables WHERE schemaname = current_schema()"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    all(c, sql, vec![])
        .await?
        .iter()
        .map(|r| get::<String>(r, "name"))
        .collect()
}

/// Brings the restored copy to this program's schema; returns how many steps it took.
pub(super) async fn migrate(c: &DatabaseConnection) -> Result<usize> {
    let pending = Migrator::get_pending_migrations(c).await?.len();
    Migrator::up(c, None).await?;
    Ok(pending)
}

/// The counts and the newest audit entry of a migrated database.
pub(super) async fn summary(c: &impl ConnectionTrait) -> Result<(Counts, Option<LastChange>)> {
    let row = one(
        c,
        "SELECT \
           (SELECT COUNT(*) FROM person WHERE admitted_on IS NOT NULL AND ended_on IS NULL) AS members, \
           (SELECT COUNT(*) FROM person) AS people, \
           (SELECT COUNT(*) FROM organization) AS orgs, \
           (SELECT COUNT(*) FROM app_user) AS users, \
           (SELECT COUNT(*) FROM audit_log) AS audit",
        vec![],
    )
    .await?
    .ok_or_else(|| DbError::Failure("không đếm được dữ liệu đã khôi phục".into()))?;
    let counts = Counts {
        members: get_count(&row, "members")?,
        people: get_count(&row, "people")?,
        orgs: get_count(&row, "orgs")?,
        users: get_count(&row, "users")?,
        audit: get_count(&row, "audit")?,
    };
    let last = one(
        c,
        "SELECT at, action FROM audit_log ORDER BY id DESC LIMIT 1",
        vec![],
    )
    .await?
    .map(|r| -> Result<LastChange> {
        Ok(LastChange {
            at: get(&r, "at")?,
            backup: get::<String>(&r, "action")? == "backup",
        })
    })
    .transpose()?;
    Ok((counts, last))
}
