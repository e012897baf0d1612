//! Answers remembered between requests while the data is unchanged. On SQLite a connection
//! that never writes asks `PRAGMA data_version`, which changes whenever any other connection —
//! of this process or another program on the same file — commits; a remembered answer is used
//! only while that number is the one it was computed at. PostgreSQL has no such number here,
//! so nothing is remembered there and every answer is computed.

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
#[derive(Clone, Default)]
pub(crate) struct VersionCache {
    /// SQLite only: the watching connection.
    watch: Option<DatabaseConnection>,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl VersionCache {
    pub(crate) fn new(watch: Option<DatabaseConnection>) -> Self {
        Self {
            watch,
            entries: Default::default(),
        }
    }

    async fn data_version(&self) -> Result<Option<i64>> {
        let Some(watch) = &self.watch else {
            return Ok(None);
        };
        let row = crate::sql::one(watch, "PRAGMA data_version", vec![]).await?;
        Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()))
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
        if let Some((v, value)) = self.entries.lock().expect("cache").get(&key)
            && *v == version
            && let Some(value) = value.downcast_ref::<T>()
        {
            return Ok(value.clone());
        }
        let value = compute().await?;
        let mut entries = self.entries.lock().expect("cache");
        if entries.len() >= LIMIT {
            entries.clear();
        }
        entries.insert(key, (version, Arc::new(value.clone())));
        Ok(value)
    }
}
