//! Answers remembered between requests while the data is unchanged (the member list's pages
//! and counts, structure statistics, the superior's roll-up; on SQLite also the lookups every
//! request makes: its session, the user's grants, organizations by code). Each answer is kept
//! with a stamp of the data it was computed from and used only while the stamp is the same:
//! - on SQLite, the number of commits this process has made (`commits`, counted by SQLite's
//!   WAL hook after each commit, so reading it asks nothing of the database) together with
//!   `PRAGMA data_version` asked on a connection that never writes, which changes whenever any
//!   connection — of this process or another program on the same file — commits anything.
//!   The second is asked at most every `OUTSIDE_CHECK`: a change made by this process is seen
//!   by the next request, a change made by another program (the CLI on the server's file)
//!   within a tenth of a second;
//! - on PostgreSQL, the audit log's last id, asked each time: every change of the data writes
//!   an audit entry in its own transaction (the audit rule), so an unchanged last id means
//!   unchanged data. Sessions are not audited, so on PostgreSQL the per-request lookups
//!   (`lookup`) are not remembered: the stamp would cost as much as the lookup.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::DatabaseConnection;

use crate::error::Result;

/// At most this many answers are remembered (a member list page is about 50 kB, so at most
/// about 100 MB); when full, all go. Answers of older data go as soon as an answer of newer
/// data is remembered: their stamp can never be read again, so under steady writes the
/// cache holds only the answers of the data as it now is (the 10-minute soak of issue 15
/// had kept up to 2.048 stale pages until the limit).
const LIMIT: usize = 2048;

/// How long a reading of SQLite's `data_version` is trusted: how late a change made by
/// another program on the same file may be seen.
pub const OUTSIDE_CHECK: Duration = Duration::from_millis(100);

/// The state of the data an answer was computed from.
type Version = (u64, i64);

type Entry = (Version, Arc<dyn Any + Send + Sync>);

/// The remembered answers, by key, each with the data version it was computed at.
#[derive(Clone)]
pub(crate) struct VersionCache {
    stamp: Arc<Stamp>,
    entries: Arc<Mutex<Remembered>>,
    /// One lock per key being computed, so that requests arriving together after a change
    /// wait for one computation instead of each running it (a province's count under load).
    computing: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

/// The answers kept, all of the newest data version seen.
#[derive(Default)]
struct Remembered {
    newest: Version,
    map: HashMap<String, Entry>,
}

enum Stamp {
    Sqlite(SqliteStamp),
    LastAuditId(DatabaseConnection),
}

/// SQLite's stamp: this process's commits, and `data_version` as last read.
struct SqliteStamp {
    /// A connection of its own that never writes.
    watch: DatabaseConnection,
    /// When the cache was made; `checked` counts from it.
    since: Instant,
    /// Microseconds after `since` when `data_version` was last read, plus one (0: never).
    checked: AtomicU64,
    data_version: AtomicI64,
    /// One reader of `data_version` at a time.
    reading: tokio::sync::Mutex<()>,
    /// Whether commits are counted (WAL mode); if not, `data_version` is read every time.
    counted: bool,
}

impl SqliteStamp {
    fn now(&self) -> u64 {
        self.since.elapsed().as_micros() as u64 + 1
    }

    fn fresh(&self) -> Option<i64> {
        let checked = self.checked.load(Ordering::Acquire);
        (self.counted && checked != 0 && self.now() - checked < OUTSIDE_CHECK.as_micros() as u64)
            .then(|| self.data_version.load(Ordering::Acquire))
    }

    async fn version(&self) -> Result<Version> {
        // This process's commits are counted before anything is read, so a commit that ends
        // while the answer is computed changes the stamp of the next request.
        let commits = crate::commits::count();
        if let Some(v) = self.fresh() {
            return Ok((commits, v));
        }
        let _reading = self.reading.lock().await;
        if let Some(v) = self.fresh() {
            return Ok((commits, v));
        }
        let row = crate::sql::one(&self.watch, "PRAGMA data_version", vec![]).await?;
        let v = row
            .and_then(|r| r.try_get_by_index::<i64>(0).ok())
            .unwrap_or_default();
        self.data_version.store(v, Ordering::Release);
        self.checked.store(self.now(), Ordering::Release);
        Ok((commits, v))
    }
}

impl VersionCache {
    /// On SQLite, `watch` is a connection of its own that never writes; the connections that
    /// write carry the commit hook (`commits::watch`).
    /// `counted`: whether the database is in WAL mode, where the hook counts commits.
    pub(crate) fn sqlite(watch: DatabaseConnection, counted: bool) -> Self {
        Self::with(Stamp::Sqlite(SqliteStamp {
            counted,
            watch,
            since: Instant::now(),
            checked: AtomicU64::new(0),
            data_version: AtomicI64::new(0),
            reading: Default::default(),
        }))
    }

    pub(crate) fn postgres(pool: DatabaseConnection) -> Self {
        Self::with(Stamp::LastAuditId(pool))
    }

    /// Closes SQLite's watching connection (PostgreSQL's is the pool, closed by its owner).
    pub(crate) async fn close(&self) -> Result<()> {
        if let Stamp::Sqlite(s) = &*self.stamp {
            s.watch.close_by_ref().await?;
        }
        Ok(())
    }

    fn with(stamp: Stamp) -> Self {
        Self {
            stamp: Arc::new(stamp),
            entries: Default::default(),
            computing: Default::default(),
        }
    }

    async fn version(&self) -> Result<Version> {
        match &*self.stamp {
            Stamp::Sqlite(s) => s.version().await,
            Stamp::LastAuditId(c) => {
                let row = crate::sql::one(
                    c,
                    "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM audit_log",
                    vec![],
                )
                .await?;
                Ok((
                    0,
                    row.and_then(|r| r.try_get_by_index::<i64>(0).ok())
                        .unwrap_or_default(),
                ))
            }
        }
    }

    fn remembered<T: Clone + 'static>(&self, key: &str, version: Version) -> Option<T> {
        let entries = self.entries.lock().expect("cache");
        let (v, value) = entries.map.get(key)?;
        if *v != version {
            return None;
        }
        value.downcast_ref::<T>().cloned()
    }

    fn remember<T: Send + Sync + 'static>(&self, key: String, version: Version, value: T) {
        let mut entries = self.entries.lock().expect("cache");
        if version < entries.newest {
            // Computed from data already changed: nobody will ask for this stamp again.
            return;
        }
        if version > entries.newest || entries.map.len() >= LIMIT {
            entries.map.clear();
            entries.newest = version;
            self.computing.lock().expect("cache").clear();
        }
        entries.map.insert(key, (version, Arc::new(value)));
    }

    /// Forgets every remembered answer (to measure the computations themselves).
    pub(crate) fn forget(&self) {
        self.entries.lock().expect("cache").map.clear();
    }

    /// The answer remembered under `key` when nothing was committed since it was computed;
    /// otherwise `compute` runs and its answer is remembered with the data version read
    /// before it ran (a commit while it runs makes the next call compute again). For answers
    /// that cost more than reading the stamp, on either database.
    pub(crate) async fn get_or<T, F, Fut>(&self, key: String, compute: F) -> Result<T>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let version = self.version().await?;
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
        let version = self.version().await?;
        if let Some(value) = self.remembered::<T>(&key, version) {
            return Ok(value);
        }
        let value = compute().await?;
        self.remember(key, version, value.clone());
        Ok(value)
    }

    /// A small lookup every request makes (a session, grants, an organization by code):
    /// remembered on SQLite, where the stamp costs no query; asked each time on PostgreSQL.
    /// Only found answers (`Some`) are remembered, so that made-up keys (random session
    /// cookies) cannot crowd out the rest.
    pub(crate) async fn lookup<T, F, Fut>(&self, key: String, compute: F) -> Result<Option<T>>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        if !matches!(&*self.stamp, Stamp::Sqlite(s) if s.counted) {
            return compute().await;
        }
        let version = self.version().await?;
        if let Some(value) = self.remembered::<T>(&key, version) {
            return Ok(Some(value));
        }
        let value = compute().await?;
        if let Some(v) = &value {
            self.remember(key, version, v.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> VersionCache {
        VersionCache::postgres(DatabaseConnection::default())
    }

    #[test]
    fn an_answer_of_newer_data_lets_the_older_ones_go() {
        let c = cache();
        c.remember("a".into(), (0, 1), 1u32);
        c.remember("b".into(), (0, 1), 2u32);
        assert_eq!(c.remembered::<u32>("a", (0, 1)), Some(1));
        c.remember("a".into(), (0, 2), 3u32);
        assert_eq!(c.remembered::<u32>("a", (0, 2)), Some(3));
        assert_eq!(c.entries.lock().unwrap().map.len(), 1, "b went with (0, 1)");
        // Computed from data already changed: not kept.
        c.remember("b".into(), (0, 1), 4u32);
        assert_eq!(c.remembered::<u32>("b", (0, 1)), None);
        assert_eq!(c.entries.lock().unwrap().map.len(), 1);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_limit() {
        let c = cache();
        for i in 0..LIMIT + 10 {
            c.remember(format!("k{i}"), (0, 7), i);
        }
        assert!(c.entries.lock().unwrap().map.len() <= LIMIT);
        assert_eq!(
            c.remembered::<usize>(&format!("k{}", LIMIT + 9), (0, 7)),
            Some(LIMIT + 9)
        );
    }
}
