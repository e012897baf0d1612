//! Connecting: the backend is chosen by URL (`sqlite://PATH` or `postgres://…`), SQLite gets
//! WAL, a busy timeout and foreign keys, and every connection migrates the schema first.

use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbBackend, SqlxPostgresConnector,
    SqlxSqliteConnector,
};

use crate::error::{DbError, Result};

/// The file of a `sqlite://PATH` (or `sqlite:PATH`) URL; `None` for any other URL.
pub(crate) fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .filter(|p| !p.is_empty())?;
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{rest}")).ok()?;
    Some(opts.get_filename().to_path_buf())
}

/// The rows a bulk load writes before the planner's statistics are refreshed after it.
pub(crate) const STATISTICS_AFTER_ROWS: usize = 1000;

/// A PostgreSQL pool: over the one server named, or over the one of a list that takes writes
/// (a primary and its standbys, `hosts`).
async fn connect_postgres(url: &str) -> Result<DatabaseConnection> {
    if let Some(hosts) = crate::hosts::split_hosts(url) {
        let pool = crate::hosts::connect_group(hosts).await?;
        return Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool));
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(16).sqlx_logging(false);
    Ok(Database::connect(opts).await?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A migrated database connection pool.
#[derive(Clone)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    /// SQLite only: one lazily opened connection with `synchronous=FULL` for acknowledged
    /// ballot writes (`congress::ballots`); the pragma cannot change inside a transaction.
    pub(crate) durable: Option<DatabaseConnection>,
    /// Answers remembered while the data is unchanged (`cache`).
    pub(crate) cache: crate::cache::VersionCache,
    /// The roll-up's yearly rows kept with the generations they were read at
    /// (`branch::metrics_many`).
    pub(crate) kept: crate::branch::kept::Kept,
    url: String,
}

impl Db {
    /// Connects to `url`, creating a SQLite file if missing, and runs the migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut durable = None;
        let mut watch = None;
        let conn = if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(DbError::BadUrl(url.to_string()));
            }
            let opts = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
                .map_err(|_| DbError::BadUrl(url.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .pragma("cache_size", "-32000")
                .pragma("temp_store", "memory")
                .pragma("mmap_size", "268435456")
                .disable_statement_logging();
            // Every connection that may write counts its commits (`commits`).
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| Box::pin(crate::commits::watch(conn)))
                .connect_with(opts.clone())
                .await
                .map_err(|e| {
                    DbError::Db(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
                        e.into(),
                    )))
                })?;
            let full = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .after_connect(|conn, _| Box::pin(crate::commits::watch(conn)))
                .connect_lazy_with(opts.clone().synchronous(SqliteSynchronous::Full));
            durable = Some(SqlxSqliteConnector::from_sqlx_sqlite_pool(full));
            // The watching connection is kept open for good: `data_version` is only
            // comparable between readings on the same connection.
            let watcher = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_lazy_with(opts.clone().read_only(true));
            watch = Some(SqlxSqliteConnector::from_sqlx_sqlite_pool(watcher));
            SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            connect_postgres(url).await?
        } else {
            return Err(DbError::BadUrl(url.to_string()));
        };
        Migrator::up(&conn, None).await?;
        let cache = match watch {
            Some(w) => {
                // Commits are counted by the WAL hook, so only in WAL mode (a file system
                // that refuses it leaves the rollback journal): otherwise ask every time.
                let wal = crate::sql::one(&conn, "PRAGMA journal_mode", vec![])
                    .await?
                    .and_then(|r| r.try_get_by_index::<String>(0).ok())
                    .is_some_and(|m| m.eq_ignore_ascii_case("wal"));
                crate::cache::VersionCache::sqlite(w, wal)
            }
            None => crate::cache::VersionCache::postgres(conn.clone()),
        };
        Ok(Self {
            conn,
            durable,
            cache,
            kept: Default::default(),
            url: url.to_string(),
        })
    }

    /// Closes every connection of the pool (and SQLite's extra ones), so that the file is no
    /// longer open when this returns.
    pub async fn close(&self) -> Result<()> {
        self.conn.close_by_ref().await?;
        if let Some(d) = &self.durable {
            d.close_by_ref().await?;
        }
        self.cache.close().await
    }

    /// After a bulk load: PostgreSQL's planner statistics brought up to date (`ANALYZE`), so
    /// that the next query is not planned over tables it believes nearly empty (the badges due
    /// of a province took 490 ms a query before, 63 ms after, docs/PERFORMANCE.md); SQLite's
    /// `PRAGMA optimize`, which analyzes only what needs it. A load of fewer than
    /// [`STATISTICS_AFTER_ROWS`] rows changes no plan; autovacuum's own analysis covers it, and
    /// a one-row import does not pay for analyzing a national database.
    pub(crate) async fn refresh_statistics(&self, rows: usize) -> Result<()> {
        if rows < STATISTICS_AFTER_ROWS {
            return Ok(());
        }
        let sql = match self.backend() {
            Backend::Postgres => "ANALYZE",
            Backend::Sqlite => "PRAGMA optimize",
        };
        crate::sql::exec(&self.conn, sql, vec![]).await?;
        Ok(())
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<()> {
        Ok(self.conn.ping().await?)
    }

    pub fn backend(&self) -> Backend {
        match self.conn.get_database_backend() {
            DbBackend::Postgres => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The underlying SeaORM connection, for code that needs its own queries (benchmarks).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite, so writers queue instead of
    /// failing with "database is locked").
    pub(crate) async fn write_tx(&self) -> Result<sea_orm::DatabaseTransaction> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        let opts = TransactionOptions {
            isolation_level: None,
            access_mode: None,
            sqlite_transaction_mode: match self.backend() {
                Backend::Sqlite => Some(SqliteTransactionMode::Immediate),
                Backend::Postgres => None,
            },
        };
        Ok(self.conn.begin_with_options(opts).await?)
    }
}
