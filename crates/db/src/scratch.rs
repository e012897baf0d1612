//! Scratch databases for measurements (`dangvu bench`): a fresh SQLite file in a folder, or a
//! fresh database on the PostgreSQL server a URL names, created empty and dropped after, so a
//! benchmark never touches the data of the database it was pointed at.

use std::path::Path;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::connect::{Backend, Db};
use crate::error::{DbError, Result};

/// A database made for one measurement; [`Scratch::drop_now`] removes it.
pub struct Scratch {
    /// The URL dangvu connects to.
    pub url: String,
    pub backend: Backend,
    /// PostgreSQL: the server's URL (the database named in it) and the scratch database's name.
    server: Option<(String, String)>,
}

impl Scratch {
    /// A fresh database named after `label`: on the PostgreSQL server of `server_url` when it
    /// is a `postgres://` URL (a new database `dangvu_bench_<label>_<unique>`), otherwise a
    /// SQLite file `<label>.db` in `dir` (an older one of that name is removed first).
    pub async fn create(server_url: &str, dir: &Path, label: &str) -> Result<Scratch> {
        if !(server_url.starts_with("postgres://") || server_url.starts_with("postgresql://")) {
            let path = dir.join(format!("{label}.db"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            return Ok(Scratch {
                url: format!("sqlite://{}", path.display()),
                backend: Backend::Sqlite,
                server: None,
            });
        }
        let name = format!(
            "dangvu_bench_{label}_{}",
            uuid::Uuid::now_v7()
                .simple()
                .to_string()
                .get(20..)
                .unwrap_or("0")
        );
        let url = database_url(server_url, &name)
            .ok_or_else(|| DbError::BadUrl(server_url.to_string()))?;
        let admin = admin(server_url).await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        Ok(Scratch {
            url,
            backend: Backend::Postgres,
            server: Some((server_url.to_string(), name)),
        })
    }

    /// Connects to the scratch database (migrating it).
    pub async fn connect(&self) -> Result<Db> {
        Db::connect(&self.url).await
    }

    /// Drops a PostgreSQL scratch database (closing its connections); a SQLite file is left
    /// in its folder, which the caller owns.
    pub async fn drop_now(self) -> Result<()> {
        if let Some((server, name)) = self.server {
            let admin = admin(&server).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            admin.close().await?;
        }
        Ok(())
    }
}

/// A connection to the server's own database for CREATE and DROP, without statement logging
/// (dropping a database takes a second or two, which sqlx would report as a slow statement).
async fn admin(server_url: &str) -> Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(server_url);
    opts.sqlx_logging(false).max_connections(1);
    Ok(Database::connect(opts).await?)
}

/// The URL of database `name` on the server of `server_url`: the same user, host, port and
/// parameters, with the database (the path after the host, or none) replaced.
fn database_url(server_url: &str, name: &str) -> Option<String> {
    let (scheme, rest) = server_url.split_once("://")?;
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, format!("?{q}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next()?;
    Some(format!("{scheme}://{authority}/{name}{query}"))
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn the_scratch_database_replaces_the_one_named_keeping_host_and_parameters() {
        let u = |s| database_url(s, "x").unwrap();
        assert_eq!(u("postgres://u@h:5432/postgres"), "postgres://u@h:5432/x");
        assert_eq!(u("postgres://u@h:5432"), "postgres://u@h:5432/x");
        assert_eq!(
            u("postgres://u@h/db?sslmode=disable"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(
            u("postgresql://h?sslmode=disable"),
            "postgresql://h/x?sslmode=disable"
        );
    }
}
