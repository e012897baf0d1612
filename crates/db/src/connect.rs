//! Connecting: the backend is chosen by URL (`sqlite://PATH` or `postgres://…`), SQLite gets
//! WAL, a busy timeout and foreign keys, and every connection migrates the schema first.

use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, SqlxSqliteConnector};

use crate::error::{DbError, Result};

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
    /// SQLite only: one connection that never writes, asked `PRAGMA data_version` to learn
    /// whether any other connection — of this process or another — committed since a cached
    /// figure was computed (`counts`).
    pub(crate) watch: Option<DatabaseConnection>,
    /// Register counts by (subtree path, date, search, with non-members), each with the data
    /// version it was counted at; see `Db::cached_count`.
    pub(crate) counts: std::sync::Arc<std::sync::Mutex<CountCache>>,
    url: String,
}

/// Counts remembered between requests, each valid while the data version is unchanged.
pub(crate) type CountCache =
    std::collections::HashMap<(String, chrono::NaiveDate, Option<String>, bool), (i64, u64)>;

/// At most this many counts are remembered; beyond it the cache starts again empty.
const COUNT_CACHE_LIMIT: usize = 4096;

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
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
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
                .connect_lazy_with(opts.clone().synchronous(SqliteSynchronous::Full));
            durable = Some(SqlxSqliteConnector::from_sqlx_sqlite_pool(full));
            let watcher = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .connect_lazy_with(opts.clone().read_only(true));
            watch = Some(SqlxSqliteConnector::from_sqlx_sqlite_pool(watcher));
            SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opts = ConnectOptions::new(url.to_string());
            opts.max_connections(16).sqlx_logging(false);
            Database::connect(opts).await?
        } else {
            return Err(DbError::BadUrl(url.to_string()));
        };
        Migrator::up(&conn, None).await?;
        Ok(Self {
            conn,
            durable,
            watch,
            counts: Default::default(),
            url: url.to_string(),
        })
    }

    /// SQLite's data version as the watching connection sees it: it changes whenever another
    /// connection commits. `None` on PostgreSQL (nothing is cached there).
    async fn data_version(&self) -> Result<Option<i64>> {
        let Some(watch) = &self.watch else {
            return Ok(None);
        };
        let row = crate::sql::one(watch, "PRAGMA data_version", vec![]).await?;
        Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()))
    }

    /// A count from the cache when nothing was committed since it was taken; otherwise
    /// `count` runs and its answer is remembered with the data version read before it ran
    /// (a commit while it runs makes the next request count again).
    pub(crate) async fn cached_count<F, Fut>(
        &self,
        key: (String, chrono::NaiveDate, Option<String>, bool),
        count: F,
    ) -> Result<u64>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<u64>>,
    {
        let Some(version) = self.data_version().await? else {
            return count().await;
        };
        if let Some(&(v, n)) = self.counts.lock().expect("count cache").get(&key)
            && v == version
        {
            return Ok(n);
        }
        let n = count().await?;
        let mut cache = self.counts.lock().expect("count cache");
        if cache.len() >= COUNT_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, (version, n));
        Ok(n)
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
