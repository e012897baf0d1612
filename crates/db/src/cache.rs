//! Answers remembered between requests while the data is unchanged (the member list's counts,
//! structure statistics, the superior's roll-up). Each answer is kept with a stamp of the data
//! it was computed from and used only while the stamp is the same:
//! - on SQLite, `PRAGMA data_version` asked on a connection that never writes: it changes
//!   whenever any other connection — of this process or another program on the same file —
//!   commits anything;
//! - on PostgreSQL, the audit log's last id: every change writes an audit entry in its own
//!   transaction (the audit rule), so an unchanged last id means unchanged data.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sea_orm::DatabaseConnection;

use crate::error::Result;

/// At most this many answers are remembered; beyond it the cache starts again empty.
const LIMIT: usize = 4096;

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// The remembered answers, by key, each with the data version it was computed at.
#[derive(Clone)]
pub(crate) struct VersionCache {
    /// Where the stamp is read: SQLite's watching connection, or the PostgreSQL pool.
    stamp: Stamp,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    /// One lock per key being computed, so that requests arriving together after a change
    /// wait for one computation instead of each running it (a province's count under load).
    computing: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

#[derive(Clone)]
enum Stamp {
    SqliteDataVersion(DatabaseConnection),
    LastAuditId(DatabaseConnection),
}

impl VersionCache {
    /// On SQLite, `watch` is a connection of its own that never writes.
    pub(crate) fn sqlite(watch: DatabaseConnection) -> Self {
        Self {
            stamp: Stamp::SqliteDataVersion(watch),
            entries: Default::default(),
            computing: Default::default(),
        }
    }

    pub(crate) fn postgres(pool: DatabaseConnection) -> Self {
        Self {
            stamp: Stamp::LastAuditId(pool),
            entries: Default::default(),
            computing: Default::default(),
        }
    }

    async fn data_version(&self) -> Result<Option<i64>> {
        let (conn, sql) = match &self.stamp {
            Stamp::SqliteDataVersion(c) => (c, "PRAGMA data_version"),
            Stamp::LastAuditId(c) => (
                c,
                "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM audit_log",
            ),
        };
        let row = crate::sql::one(conn, sql, vec![]).await?;
        Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()))
    }

    fn remembered<T: Clone + 'static>(&self, key: &str, version: i64) -> Option<T> {
        let entries = self.entries.lock().expect("cache");
        let (v, value) = entries.get(key)?;
        if *v != version {
            return None;
        }
        value.downcast_ref::<T>().cloned()
    }

    /// Forgets every remembered answer (to measure the computations themselves).
    pub(crate) fn forget(&self) {
        self.entries.lock().expect("cache").clear();
    }

    /// The answer remembered under `key` when nothing was committed since it was computed;
    /// otherwise `compute` runs and its answer is remembered with the data version read
    /// before it ran (a commit while it runs makes the next call compute again).
    pub(crate) async fn get_or<T, F, Fut>(&self, key: String, compute: F) -> Result<T>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let Some(version) = self.data_version().await? else {
            return compute().await;
        };
        if let Some(value) = self.remembered::<T>(&key, version) {
            return Ok(value);
        }
        let lock = self
            .computing
            .lock()
            .expect("cache")
            .entry(key.clone())
            .or_default()
            .clone();
        let _computing = lock.lock().await;
        // Whoever held the lock may have just computed it.
        let version = self.data_version().await?.unwrap_or(version);
        if let Some(value) = self.remembered::<T>(&key, version) {
            return Ok(value);
        }
        let value = compute().await?;
        let mut entries = self.entries.lock().expect("cache");
        if entries.len() >= LIMIT {
            entries.clear();
            self.computing.lock().expect("cache").clear();
        }
        entries.insert(key, (version, Arc::new(value.clone())));
        Ok(value)
    }
}
