//! PostgreSQL: the restore checks the dump (`pg_restore --list`: a custom-format dump with
//! dangvu's tables), restores it into a new database on the same server, checks, migrates and
//! counts that one, and then gives it the target's name: the old database is renamed aside
//! and dropped. The target keeps working until the renames, and is untouched if anything
//! before them fails (the new database is dropped instead). Other connections to the target
//! refuse the restore unless `force`, which closes them.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::backup::inspect::{self, Counts, LastChange, REQUIRED, RestoreOptions, Restored};
use crate::backup::pg_tools::{self, PgUrl};
use crate::error::{DbError, Result};
use crate::sql::{get_count, one};

/// Restores `from` into the database of `url` (see the module comment).
pub(super) async fn restore(url: &str, from: &Path, opts: RestoreOptions) -> Result<Restored> {
    let pg = PgUrl::parse(url)?;
    check_magic(from)?;
    let listed = pg_tools::tables_listed(&pg_tools::list(from).await?);
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|t| !listed.iter().any(|l| l == t))
        .collect();
    if !missing.is_empty() {
        return Err(DbError::Invalid(format!(
            "tệp '{}' là bản sao lưu PostgreSQL nhưng không phải của dangvu: thiếu bảng {}",
            from.display(),
            missing.join(", ")
        )));
    }
    // The renames need a connection to another database of the server.
    let maintenance = if pg.db == "postgres" {
        "template1"
    } else {
        "postgres"
    };
    let admin = connect(&pg.url_for(maintenance, true)).await?;
    let result = restore_with(&admin, &pg, from, opts).await;
    let _ = admin.close_by_ref().await;
    result
}

/// Refuses a file that is not a custom-format dump by its first bytes.
fn check_magic(from: &Path) -> Result<()> {
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(from)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| {
            DbError::Invalid(format!(
                "không đọc được tệp sao lưu '{}': {e}",
                from.display()
            ))
        })?;
    if head.starts_with(b"SQLite format 3") {
        return Err(DbError::Invalid(format!(
            "tệp '{}' là cơ sở dữ liệu SQLite; hãy khôi phục nó vào SQLite (--db sqlite://…)",
            from.display()
        )));
    }
    if !head.starts_with(b"PGDMP") {
        return Err(DbError::Invalid(format!(
            "tệp '{}' không phải bản sao lưu PostgreSQL của dangvu (định dạng custom của pg_dump, như dangvu backup tạo ra)",
            from.display()
        )));
    }
    Ok(())
}

async fn restore_with(
    admin: &DatabaseConnection,
    pg: &PgUrl,
    from: &Path,
    opts: RestoreOptions,
) -> Result<Restored> {
    if !opts.force && !opts.check_only {
        let others = others(admin, &pg.db).await?;
        if others > 0 {
            return Err(in_use(&pg.db, others));
        }
    }
    let scratch = new_name(&pg.db, "restore");
    admin
        .execute_unprepared(&format!(
            "CREATE DATABASE {} TEMPLATE template0",
            quote(&scratch)
        ))
        .await
        .map_err(|e| {
            DbError::Failure(format!(
                "không tạo được cơ sở dữ liệu tạm '{scratch}' để khôi phục vào (tài khoản cần quyền CREATEDB): {e}"
            ))
        })?;
    let done = match fill(pg, &scratch, from).await {
        Ok(f) if opts.check_only => Ok((f, false, 0)),
        Ok(f) => swap(admin, &pg.db, &scratch, opts.force)
            .await
            .map(|(replaced, n)| (f, replaced, n)),
        Err(e) => Err(e),
    };
    if opts.check_only || done.is_err() {
        let _ = admin
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote(&scratch)
            ))
            .await;
    }
    let ((migrated, counts, last_change), replaced, disconnected) = done?;
    Ok(Restored {
        target: pg.db.clone(),
        from: from.to_path_buf(),
        counts,
        last_change,
        migrated,
        replaced,
        disconnected,
        checked_only: opts.check_only,
    })
}

/// Restores the dump into the new database `db`, then checks, migrates, counts and analyzes it.
async fn fill(pg: &PgUrl, db: &str, from: &Path) -> Result<(usize, Counts, Option<LastChange>)> {
    pg_tools::restore_into(pg, db, from).await?;
    let c = connect(&pg.url_for(db, true)).await?;
    let done = async {
        inspect::check(&c, from).await?;
        let migrated = inspect::migrate(&c).await?;
        let (counts, last) = inspect::summary(&c).await?;
        // pg_restore brings no planner statistics: without them the first pages of a large
        // register are planned over tables believed empty (docs/PERFORMANCE.md).
        c.execute_unprepared("ANALYZE").await?;
        Ok((migrated, counts, last))
    }
    .await;
    c.close_by_ref().await?;
    done
}

/// Gives `scratch` the name `target`; the old `target`, if any, is renamed aside and dropped.
/// Returns whether there was one, and how many connections `force` closed.
async fn swap(
    admin: &DatabaseConnection,
    target: &str,
    scratch: &str,
    force: bool,
) -> Result<(bool, u64)> {
    if !exists(admin, target).await? {
        rename(admin, scratch, target).await?;
        return Ok((false, 0));
    }
    set_connections(admin, target, false).await?;
    let moved = async {
        let closed = if force {
            close_others(admin, target).await?
        } else {
            0
        };
        let left = others(admin, target).await?;
        if left > 0 {
            return Err(in_use(target, left));
        }
        let old = new_name(target, "old");
        rename(admin, target, &old).await?;
        if let Err(e) = rename(admin, scratch, target).await {
            let _ = rename(admin, &old, target).await;
            return Err(e);
        }
        Ok((old, closed))
    }
    .await;
    match moved {
        Ok((old, closed)) => {
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote(&old));
            if let Err(e) = admin.execute_unprepared(&drop).await {
                tracing::warn!("the replaced database {old} was not dropped: {e}");
            }
            Ok((true, closed))
        }
        Err(e) => {
            let _ = set_connections(admin, target, true).await;
            Err(e)
        }
    }
}

fn in_use(db: &str, n: u64) -> DbError {
    DbError::Invalid(format!(
        "cơ sở dữ liệu PostgreSQL '{db}' đang có {n} kết nối của chương trình khác (ví dụ dangvu serve); hãy dừng các chương trình đó rồi chạy lại, hoặc thêm --force để ngắt các kết nối đó và khôi phục"
    ))
}

/// Connections to `db` other than this one, after waiting up to a second for those that
/// are ending (a command that has just finished leaves its connection for a moment).
async fn others(admin: &DatabaseConnection, db: &str) -> Result<u64> {
    let started = Instant::now();
    loop {
        let n = count_others(admin, db).await?;
        if n == 0 || started.elapsed() > Duration::from_secs(1) {
            return Ok(n);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn count_others(admin: &DatabaseConnection, db: &str) -> Result<u64> {
    let row = one(
        admin,
        "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        vec![db.into()],
    )
    .await?;
    row.map_or(Ok(0), |r| get_count(&r, "n"))
}

/// Closes the other connections to `db`; waits up to five seconds for them to end.
async fn close_others(admin: &DatabaseConnection, db: &str) -> Result<u64> {
    let row = one(
        admin,
        "SELECT COUNT(*) AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) AS closed",
        vec![db.into()],
    )
    .await?;
    let closed = row.map_or(Ok(0), |r| get_count(&r, "n"))?;
    let started = Instant::now();
    while count_others(admin, db).await? > 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(closed)
}

async fn exists(admin: &DatabaseConnection, db: &str) -> Result<bool> {
    let row = one(
        admin,
        "SELECT COUNT(*) AS n FROM pg_database WHERE datname = $1",
        vec![db.into()],
    )
    .await?;
    Ok(row.map_or(Ok(0), |r| get_count(&r, "n"))? > 0)
}

async fn set_connections(admin: &DatabaseConnection, db: &str, allow: bool) -> Result<()> {
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE {} WITH ALLOW_CONNECTIONS {allow}",
            quote(db)
        ))
        .await?;
    Ok(())
}

async fn rename(admin: &DatabaseConnection, from: &str, to: &str) -> Result<()> {
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE {} RENAME TO {}",
            quote(from),
            quote(to)
        ))
        .await?;
    Ok(())
}

/// `<db>_<what>_<unique>`, within PostgreSQL's 63 bytes for a name.
fn new_name(db: &str, what: &str) -> String {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    let mut keep = db.len().min(40);
    while !db.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}_{what}_{}", &db[..keep], &unique[20..])
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// One connection without statement logging (creating and dropping databases is slow enough
/// for sqlx to report it).
async fn connect(url: &str) -> Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url);
    opts.sqlx_logging(false).max_connections(1);
    Ok(Database::connect(opts).await?)
}
