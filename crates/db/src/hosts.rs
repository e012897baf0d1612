//! PostgreSQL with a standby: `postgres://user@h1:p1,h2:p2/db` names every server of the
//! group, as libpq's multi-host URLs do. sqlx follows one host only, so the pool is pointed at
//! the one that accepts writes (`pg_is_in_recovery()` false), a watchdog asks it every second
//! whether it still does, and after a failover the pool is pointed at the new primary and
//! every connection opened before the switch is dropped when next handed out: writes never
//! stay pinned to a server that was demoted. A connection that comes up read-only is refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sea_orm::sqlx::{self, ConnectOptions as _, Connection as _};

use crate::error::{DbError, Result};

/// How long one server may take to answer "are you the primary?".
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How often the watchdog asks.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// The single-host URLs of a URL naming several hosts (`h1:p1,h2:p2`), in its order; `None`
/// for a URL with one host. A bracketed IPv6 address is kept whole.
pub fn split_hosts(url: &str) -> Option<Vec<String>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, hosts) = match authority.rfind('@') {
        Some(at) => (&authority[..=at], &authority[at + 1..]),
        None => ("", authority),
    };
    let mut list = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in hosts.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                list.push(&hosts[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    list.push(&hosts[start..]);
    if list.len() < 2 {
        return None;
    }
    Some(
        list.into_iter()
            .filter(|h| !h.is_empty())
            .map(|h| format!("{scheme}://{user}{h}{tail}"))
            .collect(),
    )
}

/// The host part of a single-host URL, for messages (never the password).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// What one server said when asked.
enum Probe {
    Primary,
    ReadOnly,
    Unreachable(String),
}

async fn probe(opts: &PgConnectOptions) -> Probe {
    let ask = async {
        let mut conn = PgConnection::connect_with(opts).await?;
        let standby: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&mut conn)
            .await?;
        let read_only: String = sqlx::query_scalar("SHOW transaction_read_only")
            .fetch_one(&mut conn)
            .await?;
        let _ = conn.close().await;
        Ok::<_, sqlx::Error>(!standby && read_only != "on")
    };
    match tokio::time::timeout(PROBE_TIMEOUT, ask).await {
        Ok(Ok(true)) => Probe::Primary,
        Ok(Ok(false)) => Probe::ReadOnly,
        Ok(Err(e)) => Probe::Unreachable(e.to_string()),
        Err(_) => Probe::Unreachable("không trả lời trong 2 giây".into()),
    }
}

/// Whether the pool's server still takes writes, asked within [`PROBE_TIMEOUT`].
async fn still_takes_writes(pool: &PgPool) -> bool {
    let ask = sqlx::query_scalar::<_, String>("SHOW transaction_read_only").fetch_one(pool);
    matches!(tokio::time::timeout(PROBE_TIMEOUT, ask).await, Ok(Ok(ro)) if ro != "on")
}

/// The servers of the group and which one the pool writes to.
struct Group {
    urls: Vec<String>,
    options: Vec<PgConnectOptions>,
    /// Index of the current primary in `urls`.
    current: AtomicU64,
    /// When the pool was last pointed at a new primary, in milliseconds after `born`.
    switched_ms: AtomicU64,
    born: Instant,
}

impl Group {
    /// The first server that accepts writes, or every server's answer in Vietnamese.
    async fn find_primary(&self) -> Result<usize> {
        let mut answers = Vec::new();
        for (i, opts) in self.options.iter().enumerate() {
            match probe(opts).await {
                Probe::Primary => return Ok(i),
                Probe::ReadOnly => answers.push(format!("{}: chỉ đọc", host_of(&self.urls[i]))),
                Probe::Unreachable(e) => answers.push(format!(
                    "{}: không kết nối được ({})",
                    host_of(&self.urls[i]),
                    domain::text::excerpt(&e)
                )),
            }
        }
        Err(DbError::Failure(format!(
            "không máy chủ PostgreSQL nào trong danh sách nhận ghi dữ liệu — {}",
            answers.join("; ")
        )))
    }

    /// Whether a connection opened `age` ago predates the last switch.
    fn predates_switch(&self, age: Duration) -> bool {
        let switched = Duration::from_millis(self.switched_ms.load(Ordering::Relaxed));
        self.born.elapsed().saturating_sub(age) < switched
    }
}

/// A pool over the writable server of `urls` (each one host), with the watchdog started.
pub(crate) async fn connect_group(urls: Vec<String>) -> Result<PgPool> {
    let options = urls
        .iter()
        .map(|u| {
            u.parse::<PgConnectOptions>()
                .map(|o| o.disable_statement_logging())
                .map_err(|_| DbError::BadUrl(u.clone()))
        })
        .collect::<Result<Vec<_>>>()?;
    let group = Arc::new(Group {
        urls,
        options,
        current: AtomicU64::new(0),
        switched_ms: AtomicU64::new(0),
        born: Instant::now(),
    });
    let first = group.find_primary().await?;
    group.current.store(first as u64, Ordering::Relaxed);
    let evict = group.clone();
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        // A server that turned read-only (a demoted primary) never enters the pool.
        .after_connect(|conn, _| {
            Box::pin(async move {
                let read_only: String = sqlx::query_scalar("SHOW transaction_read_only")
                    .fetch_one(&mut *conn)
                    .await?;
                if read_only == "on" {
                    return Err(sqlx::Error::Protocol(
                        "máy chủ này chỉ đọc (không còn là máy chính)".into(),
                    ));
                }
                Ok(())
            })
        })
        // Connections opened before a switch are dropped, not handed out.
        .before_acquire(move |_, meta| {
            let stale = evict.predates_switch(meta.age);
            Box::pin(async move { Ok(!stale) })
        })
        .connect_with(group.options[first].clone())
        .await
        .map_err(|e| {
            DbError::Db(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
                Arc::new(e),
            )))
        })?;
    tokio::spawn(watch(group, pool.clone()));
    Ok(pool)
}

/// Every second: is the pool's server still the primary? If it does not answer or has become
/// read-only, find the one that accepts writes and point the pool there.
async fn watch(group: Arc<Group>, pool: PgPool) {
    let mut tick = tokio::time::interval(WATCH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if pool.is_closed() {
            return;
        }
        let current = group.current.load(Ordering::Relaxed) as usize;
        // Asked over the pool's own connections, so that a healthy primary costs no new one.
        if still_takes_writes(&pool).await {
            continue;
        }
        let Ok(next) = group.find_primary().await else {
            tracing::warn!("không máy chủ nào nhận ghi; thử lại sau 1 giây");
            continue;
        };
        if next != current {
            tracing::warn!(
                "máy chủ chính đổi: {} → {}",
                host_of(&group.urls[current]),
                host_of(&group.urls[next])
            );
            pool.set_connect_options(group.options[next].clone());
            group.current.store(next as u64, Ordering::Relaxed);
            group
                .switched_ms
                .store(group.born.elapsed().as_millis() as u64, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_hosts_becomes_one_url_each() {
        assert_eq!(
            split_hosts("postgres://u:p@127.0.0.1:6001,127.0.0.1:6002/dangvu?sslmode=disable"),
            Some(vec![
                "postgres://u:p@127.0.0.1:6001/dangvu?sslmode=disable".to_string(),
                "postgres://u:p@127.0.0.1:6002/dangvu?sslmode=disable".to_string(),
            ])
        );
        assert_eq!(
            split_hosts("postgresql://a,[::1]:5433"),
            Some(vec![
                "postgresql://a".to_string(),
                "postgresql://[::1]:5433".to_string()
            ])
        );
        assert_eq!(split_hosts("postgres://u@h:5432/db"), None);
        assert_eq!(split_hosts("postgres://[::1]:5432/db"), None);
    }

    #[test]
    fn messages_name_the_host_not_the_password() {
        assert_eq!(
            host_of("postgres://u:secret@10.0.0.1:6001/db"),
            "10.0.0.1:6001"
        );
    }

    #[test]
    fn connections_opened_before_a_switch_are_stale() {
        let g = Group {
            urls: vec![],
            options: vec![],
            current: AtomicU64::new(0),
            switched_ms: AtomicU64::new(0),
            born: Instant::now() - Duration::from_secs(100),
        };
        // No switch yet: nothing is stale.
        assert!(!g.predates_switch(Duration::from_secs(50)));
        g.switched_ms.store(90_000, Ordering::Relaxed);
        // Opened 50 s ago (at 50 s) is before the switch at 90 s; opened 5 s ago is after.
        assert!(g.predates_switch(Duration::from_secs(50)));
        assert!(!g.predates_switch(Duration::from_secs(5)));
    }
}
