//! Bulk loading of people on PostgreSQL through `COPY … FROM STDIN`: the very rows `bulk`
//! builds, sent in COPY's text format on one connection, in one transaction. A national data
//! set (millions of people) loads several times faster than through multi-row `INSERT`s
//! (docs/PERFORMANCE.md). COPY cannot return the ids it assigns, so they are drawn from the
//! table's sequence first. SQLite has no COPY: there `bulk` inserts.

use std::fmt::Write as _;

use sea_orm::Value;
use sea_orm::sqlx::{self, PgPool};

use super::bulk::{
    AUDIT_COLS, BulkPerson, EVENT_COLS, PERSON_COLS, POSTING_COLS, people_rows, person_values,
};
use crate::accounts::audit::Actor;
use crate::error::{DbError, Result};

/// Rows sent to the server in one message.
const ROWS_PER_MESSAGE: usize = 5_000;

/// The driver's error as a database error (what a failed statement gives elsewhere).
fn driver(e: sqlx::Error) -> DbError {
    DbError::Db(sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(
        std::sync::Arc::new(e),
    )))
}

/// Appends `s` as a field of COPY's text format: backslash, tab, newline and carriage return
/// escaped.
fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Appends one value as a field of COPY's text format (`\N` for NULL). Only the kinds of
/// value the bulk rows hold are known; any other is refused rather than written wrong.
fn push_value(out: &mut String, v: &Value) -> Result<()> {
    match v {
        Value::String(Some(s)) => push_text(out, s),
        Value::Int(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::BigInt(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
        Value::ChronoDate(Some(d)) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
        Value::ChronoDateTime(Some(t)) => {
            let _ = write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f"));
        }
        Value::String(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::Bool(None)
        | Value::ChronoDate(None)
        | Value::ChronoDateTime(None) => out.push_str("\\N"),
        other => {
            return Err(DbError::Failure(format!(
                "không chép được giá trị {other:?} bằng COPY"
            )));
        }
    }
    Ok(())
}

/// Appends one row (fields separated by tabs, ended by a newline).
fn push_row(out: &mut String, row: &[Value]) -> Result<()> {
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        push_value(out, v)?;
    }
    out.push('\n');
    Ok(())
}

/// Copies `rows` into `table (cols)` on `conn`, `ROWS_PER_MESSAGE` at a time, calling
/// `sent(rows so far)` after each message.
async fn copy_rows(
    conn: &mut sqlx::PgConnection,
    table: &str,
    cols: &[&str],
    rows: impl Iterator<Item = Vec<Value>>,
    sent: &mut (dyn FnMut(usize) + Send),
) -> Result<()> {
    let sql = format!("COPY {table} ({}) FROM STDIN", cols.join(", "));
    let mut copy = conn.copy_in_raw(&sql).await.map_err(driver)?;
    let mut buf = String::new();
    let mut n = 0;
    for row in rows {
        if let Err(e) = push_row(&mut buf, &row) {
            let _ = copy.abort("giá trị không hợp lệ").await;
            return Err(e);
        }
        n += 1;
        if n % ROWS_PER_MESSAGE == 0 {
            copy.send(std::mem::take(&mut buf).into_bytes())
                .await
                .map_err(driver)?;
            sent(n);
        }
    }
    if !buf.is_empty() {
        copy.send(buf.into_bytes()).await.map_err(driver)?;
    }
    copy.finish().await.map_err(driver)?;
    sent(n);
    Ok(())
}

/// Loads `people` with their postings, history events and audit entries in one transaction,
/// all through COPY; returns their ids in input order. `progress` counts people written.
pub(super) async fn copy_people(
    pool: &PgPool,
    actor: &Actor,
    people: &[BulkPerson],
    audit_each: bool,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<i32>> {
    let mut tx = pool.begin().await.map_err(driver)?;
    let ids: Vec<i32> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('person', 'id'))::int4 FROM generate_series(1, $1)",
    )
    .bind(people.len() as i64)
    .fetch_all(&mut *tx)
    .await
    .map_err(driver)?;
    let mut cols = vec!["id"];
    cols.extend(PERSON_COLS);
    let person_rows = people.iter().zip(&ids).map(|(p, &id)| {
        let uid = uuid::Uuid::now_v7().to_string();
        let mut row = vec![Value::from(id)];
        row.extend(person_values(&uid, &p.record, p.ended));
        row
    });
    copy_rows(&mut tx, "person", &cols, person_rows, progress).await?;
    let rows = people_rows(actor, people, &ids, audit_each, action);
    let quiet = &mut |_| {};
    copy_rows(
        &mut tx,
        "posting",
        &POSTING_COLS,
        rows.postings.into_iter(),
        quiet,
    )
    .await?;
    copy_rows(
        &mut tx,
        "member_event",
        &EVENT_COLS,
        rows.events.into_iter(),
        quiet,
    )
    .await?;
    copy_rows(
        &mut tx,
        "audit_log",
        &AUDIT_COLS,
        rows.audits.into_iter(),
        quiet,
    )
    .await?;
    tx.commit().await.map_err(driver)?;
    Ok(ids)
}

impl crate::Db {
    /// Inserts people with postings and history in one transaction; returns their ids: through
    /// COPY on PostgreSQL, multi-row `INSERT`s on SQLite.
    /// `audit_each` writes one audit entry per person, otherwise one for the whole load.
    pub async fn load_people(
        &self,
        actor: &Actor,
        people: &[BulkPerson],
        audit_each: bool,
        action: &str,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Vec<i32>> {
        if self.backend() == crate::Backend::Postgres {
            let pool = self.conn.get_postgres_connection_pool();
            let ids = copy_people(pool, actor, people, audit_each, action, progress).await?;
            if people.len() >= crate::connect::STATISTICS_AFTER_ROWS {
                // Rows copied in are not yet marked all-visible: until a vacuum, the structure
                // aggregate's index-only scan fetches every heap page (5,3 s against 4,3 s for
                // the country). A vacuum of the three tables sets the map, and analyzes them.
                crate::sql::exec(
                    &self.conn,
                    "VACUUM (ANALYZE) person, posting, member_event",
                    vec![],
                )
                .await?;
            }
            return Ok(ids);
        }
        let tx = self.write_tx().await?;
        let ids =
            super::bulk::insert_people(&tx, actor, people, audit_each, action, progress).await?;
        tx.commit().await?;
        self.refresh_statistics(people.len()).await?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_would_split_a_row_and_marks_null() {
        let mut out = String::new();
        let row = vec![
            Value::from(7),
            Value::from("Nguyễn\tVăn\\A\nB\r"),
            Value::from(None::<String>),
            Value::from(chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()),
            Value::from(
                chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
                    .unwrap()
                    .and_hms_micro_opt(4, 5, 6, 789)
                    .unwrap(),
            ),
        ];
        push_row(&mut out, &row).unwrap();
        assert_eq!(
            out,
            "7\tNguyễn\\tVăn\\\\A\\nB\\r\t\\N\t2026-12-07\t2026-12-07 04:05:06.000789\n"
        );
        assert!(push_row(&mut String::new(), &[Value::from(1.5f64)]).is_err());
    }
}
