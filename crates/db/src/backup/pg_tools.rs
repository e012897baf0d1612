//! PostgreSQL's own tools, `pg_dump` and `pg_restore`, run on the server of a dangvu URL:
//! host, port, user and database come from the URL; its password, if any, is handed over in
//! `PGPASSWORD` rather than on the command line (where other users could read it).

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output};

use crate::error::{DbError, Result};

/// A `postgres://user:password@host:port/database?parameters` URL in its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PgUrl {
    scheme: String,
    /// `user@` as written (still percent-encoded), or empty.
    user: String,
    /// Decoded.
    password: Option<String>,
    host: String,
    /// The database's name, decoded.
    pub db: String,
    /// `?…` or empty.
    query: String,
}

impl PgUrl {
    pub(super) fn parse(url: &str) -> Result<PgUrl> {
        let bad = || DbError::BadUrl(redacted(url));
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, format!("?{q}")),
            None => (rest, String::new()),
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo.map(|u| u.split_once(':').unwrap_or((u, ""))) {
            Some((u, p)) => (format!("{u}@"), (!p.is_empty()).then(|| decode(p))),
            None => (String::new(), None),
        };
        if path.is_empty() {
            return Err(DbError::Invalid(format!(
                "địa chỉ '{}' thiếu tên cơ sở dữ liệu (postgres://…/TÊN)",
                redacted(url)
            )));
        }
        Ok(PgUrl {
            scheme: scheme.to_string(),
            user,
            password,
            host: host.to_string(),
            db: decode(path),
            query,
        })
    }

    /// The URL of database `db` (a plain name) on the same server, with the password when
    /// `with_password` (for dangvu's own connections) or without (for the tools).
    pub(super) fn url_for(&self, db: &str, with_password: bool) -> String {
        let mut user = self.user.clone();
        if let (true, Some(p), Some(name)) = (with_password, &self.password, user.strip_suffix('@'))
        {
            user = format!("{name}:{}@", encode(p));
        }
        format!(
            "{}://{user}{}/{}{}",
            self.scheme,
            self.host,
            encode(db),
            self.query
        )
    }
}

/// The URL with its password, if any, hidden.
fn redacted(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((userinfo, host)) = rest.rsplit_once('@')
        && let Some((user, _)) = userinfo.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_string()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Runs one PostgreSQL tool (off the async threads) with the URL's password.
async fn run(tool: &'static str, args: Vec<OsString>, pg: Option<&PgUrl>) -> Result<Output> {
    let password = pg.and_then(|p| p.password.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(tool);
        cmd.args(&args);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        cmd.output()
    })
    .await
    .map_err(|e| DbError::Failure(format!("không chạy được {tool}: {e}")))?;
    out.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => DbError::Failure(format!(
            "không tìm thấy chương trình {tool} (công cụ của PostgreSQL, cần cho sao lưu và khôi phục PostgreSQL); hãy cài gói postgresql-client cùng phiên bản với máy chủ (ví dụ: apt-get install postgresql-client) rồi chạy lại"
        )),
        _ => DbError::Failure(format!("không chạy được {tool}: {e}")),
    })
}

/// Refuses when `tool` cannot be run (not installed), with the message of [`run`].
pub(super) async fn available(tool: &'static str) -> Result<()> {
    run(tool, vec!["--version".into()], None).await.map(|_| ())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

/// `pg_dump --format=custom` of the database of `url` into the new file `to` (written under
/// another name first, so that a failed dump leaves no file that looks like a backup).
pub(super) async fn dump(url: &str, to: &Path) -> Result<()> {
    let pg = PgUrl::parse(url)?;
    let mut part = OsString::from(to.as_os_str());
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let args: Vec<OsString> = vec![
        "--format=custom".into(),
        "--file".into(),
        part.clone().into(),
        "--dbname".into(),
        pg.url_for(&pg.db, false).into(),
    ];
    let out = run("pg_dump", args, Some(&pg)).await?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&part);
        return Err(DbError::Failure(format!(
            "pg_dump không sao lưu được cơ sở dữ liệu '{}': {}",
            pg.db,
            stderr(&out)
        )));
    }
    std::fs::rename(&part, to)
        .map_err(|e| DbError::Failure(format!("không đặt được tên tệp '{}': {e}", to.display())))
}

/// The table of contents of a custom-format dump (`pg_restore --list`); refuses a file that
/// pg_restore cannot read.
pub(super) async fn list(from: &Path) -> Result<String> {
    let out = run(
        "pg_restore",
        vec!["--list".into(), from.as_os_str().to_owned()],
        None,
    )
    .await?;
    if !out.status.success() {
        return Err(DbError::Invalid(format!(
            "tệp '{}' không đọc được như bản sao lưu PostgreSQL (hỏng, bị cắt cụt hoặc không do pg_dump tạo): pg_restore báo: {}; không khôi phục",
            from.display(),
            stderr(&out)
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The tables a dump's table of contents creates (lines `id; oid oid TABLE schema name owner`).
pub(super) fn tables_listed(list: &str) -> Vec<String> {
    list.lines()
        .filter(|l| !l.starts_with(';'))
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.len() >= 6 && w[3] == "TABLE" && w[4] != "DATA").then(|| w[5].to_string())
        })
        .collect()
}

/// Restores the dump `from` into the empty database `db` of the server of `pg`, in one
/// transaction, owned by the restoring user.
pub(super) async fn restore_into(pg: &PgUrl, db: &str, from: &Path) -> Result<()> {
    let args: Vec<OsString> = vec![
        "--no-owner".into(),
        "--no-privileges".into(),
        "--exit-on-error".into(),
        "--single-transaction".into(),
        "--dbname".into(),
        pg.url_for(db, false).into(),
        from.as_os_str().to_owned(),
    ];
    let out = run("pg_restore", args, Some(pg)).await?;
    if !out.status.success() {
        return Err(DbError::Invalid(format!(
            "tệp '{}' hỏng hoặc bị cắt cụt: pg_restore không khôi phục được ({}); cơ sở dữ liệu '{}' không bị thay đổi",
            from.display(),
            stderr(&out),
            pg.db
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::PgUrl;

    #[test]
    fn the_password_leaves_the_tools_url_and_is_decoded() {
        let u = PgUrl::parse("postgres://u:p%40ss@h:5432/dangvu?sslmode=disable").unwrap();
        assert_eq!(u.db, "dangvu");
        assert_eq!(u.password.as_deref(), Some("p@ss"));
        assert_eq!(
            u.url_for("dangvu", false),
            "postgres://u@h:5432/dangvu?sslmode=disable"
        );
        assert_eq!(
            u.url_for("x", true),
            "postgres://u:p%40ss@h:5432/x?sslmode=disable"
        );
        let plain = PgUrl::parse("postgresql://h/db").unwrap();
        assert_eq!(plain.url_for("db", true), "postgresql://h/db");
        assert!(PgUrl::parse("postgres://u:secret@h").is_err());
        let e = PgUrl::parse("postgres://u:secret@h")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
    }
}
