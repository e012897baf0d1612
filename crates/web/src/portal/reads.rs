//! Read counts kept in memory and written in batches: each read of an article adds one to its
//! counter here (a lock held for a map update, no database write on the page's path), and
//! [`Reads::flush`] adds what was counted since the last batch to the database in one
//! transaction — every [`FLUSH_EVERY`] from `web::serve_until`, and once more after a clean
//! shutdown, so no read is lost. The page shows the count stored when the article was first
//! read in this process plus the reads counted since, which grows by exactly one per read
//! whatever the batches are doing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often the counted reads are written to the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// One article's reads in this process.
#[derive(Debug, Default, Clone, Copy)]
struct Counter {
    /// The stored count when this process first counted a read of the article.
    base: u64,
    /// Reads counted by this process.
    counted: u64,
    /// Of those, the ones written to the database.
    written: u64,
}

/// The read counters of every article read since the server started.
#[derive(Clone, Default)]
pub struct Reads {
    counters: Arc<Mutex<HashMap<i32, Counter>>>,
    /// One batch at a time, so that a batch's reads are marked written once.
    flushing: Arc<tokio::sync::Mutex<()>>,
}

impl Reads {
    /// Counts one read of the article `id`, whose stored count is `stored`; returns the count
    /// to show, this read included.
    pub fn count(&self, id: i32, stored: u64) -> u64 {
        let mut map = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let c = map.entry(id).or_insert(Counter {
            base: stored,
            ..Counter::default()
        });
        c.counted += 1;
        c.base + c.counted
    }

    /// The reads counted and not yet written, over all articles.
    pub fn unwritten(&self) -> u64 {
        let map = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        map.values().map(|c| c.counted - c.written).sum()
    }

    /// Writes the reads counted since the last batch; they are marked written only once the
    /// database has them, so a failed batch is tried again by the next. Returns how many
    /// reads were written.
    pub async fn flush(&self, db: &db::Db) -> Result<u64, db::DbError> {
        let _one_at_a_time = self.flushing.lock().await;
        let batch: Vec<(i32, u64)> = {
            let map = self.counters.lock().unwrap_or_else(|e| e.into_inner());
            map.iter()
                .filter(|(_, c)| c.counted > c.written)
                .map(|(id, c)| (*id, c.counted - c.written))
                .collect()
        };
        db.add_article_reads(&batch).await?;
        let mut map = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        for (id, n) in &batch {
            if let Some(c) = map.get_mut(id) {
                c.written += n;
            }
        }
        Ok(batch.iter().map(|(_, n)| n).sum())
    }

    /// Flushes every [`FLUSH_EVERY`] until `stop` is notified, then returns (a batch under
    /// way is finished first). A failed batch is logged and retried at the next.
    pub async fn flush_until(&self, db: db::Db, stop: Arc<tokio::sync::Notify>) {
        let mut tick = tokio::time::interval(FLUSH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = self.flush(&db).await {
                        tracing::warn!("không ghi được số lần đọc tin bài: {e}");
                    }
                }
                _ = stop.notified() => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_read_adds_one_to_the_stored_count() {
        let r = Reads::default();
        assert_eq!(r.count(7, 48), 49);
        assert_eq!(r.count(7, 0), 50, "the stored count is read once");
        assert_eq!(r.count(8, 0), 1);
        assert_eq!(r.unwritten(), 3);
    }
}
