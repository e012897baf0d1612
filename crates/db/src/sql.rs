//! Small helpers for portable SQL: statements with `$n` placeholders (understood by both
//! SQLite and PostgreSQL), typed row access, and today's timestamp.

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, TryGetable, Value};

use crate::error::Result;

pub(crate) fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    // PostgreSQL refuses a statement given more values than its placeholders, and a
    // connection that prepared a text with one count refuses it later with another (a
    // protocol error); SQLite lets extra values pass. Tests run on SQLite catch it here.
    // (SQLite's bulk statements use `?`, not checked.)
    debug_assert!(
        sql.contains('?') || highest_placeholder(sql) == values.len(),
        "{} values for {sql}",
        values.len()
    );
    Statement::from_sql_and_values(backend, sql, values)
}

/// The highest `$n` placeholder in `sql` (0: none).
fn highest_placeholder(sql: &str) -> usize {
    let b = sql.as_bytes();
    let mut max = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let digits: String = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .map(|c| *c as char)
                .collect();
            if let Ok(n) = digits.parse::<usize>() {
                max = max.max(n);
            }
            i += 1 + digits.len();
        } else {
            i += 1;
        }
    }
    max
}

pub(crate) async fn exec(c: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<u64> {
    Ok(c.execute_raw(stmt(c.get_database_backend(), sql, values))
        .await?
        .rows_affected())
}

pub(crate) async fn all(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>> {
    Ok(c.query_all_raw(stmt(c.get_database_backend(), sql, values))
        .await?)
}

pub(crate) async fn one(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Option<QueryResult>> {
    Ok(c.query_one_raw(stmt(c.get_database_backend(), sql, values))
        .await?)
}

/// Takes the row's lock on PostgreSQL (`SELECT … FOR UPDATE`) for the rest of the
/// transaction, so that two writers appending after the same row (the next ballot of a
/// counter's chain) take turns instead of both reading the same tail; on SQLite
/// `BEGIN IMMEDIATE` already lets one writer in at a time.
pub(crate) async fn lock_row(c: &impl ConnectionTrait, table: &str, id: i32) -> Result<()> {
    if c.get_database_backend() == DbBackend::Postgres {
        let sql = format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE");
        all(c, &sql, vec![id.into()]).await?;
    }
    Ok(())
}

/// The escape character of every `LIKE` built from a value that may hold `%` or `_`: write
/// `col LIKE $n ESCAPE '!'` ([`LIKE_ESCAPE`]) and bind [`like_contains`] or [`like_prefix`].
/// `!` rather than `\`, so the clause reads the same on SQLite and PostgreSQL whatever
/// `standard_conforming_strings` says.
pub(crate) const LIKE_ESCAPE: &str = "ESCAPE '!'";

/// `raw` with the characters `LIKE` treats specially (`%`, `_` and the escape `!`) escaped,
/// so that they match themselves: in a name they are ordinary characters.
pub(crate) fn like_literal(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// The pattern for "contains `raw`" (with [`LIKE_ESCAPE`]).
pub(crate) fn like_contains(raw: &str) -> String {
    format!("%{}%", like_literal(raw))
}

/// The pattern for "starts with `raw`" (with [`LIKE_ESCAPE`]).
pub(crate) fn like_prefix(raw: &str) -> String {
    format!("{}%", like_literal(raw))
}

/// Inserts and returns the new row's id (`RETURNING id` works on SQLite ≥ 3.35 and PostgreSQL).
pub(crate) async fn insert_id(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<i32> {
    let sql = format!("{sql} RETURNING id");
    let row = one(c, &sql, values)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotInserted)?;
    get(&row, "id")
}

pub(crate) fn get<T: TryGetable>(row: &QueryResult, col: &str) -> Result<T> {
    Ok(row.try_get::<T>("", col)?)
}

/// Integers come back as i64 from aggregates on both backends; SQLite may hand back i32.
pub(crate) fn get_count(row: &QueryResult, col: &str) -> Result<u64> {
    let v: Option<i64> = row.try_get("", col)?;
    Ok(v.unwrap_or(0).max(0) as u64)
}

/// The current time in UTC, for created/updated/audit stamps.
pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Placeholders for one row of `n` values starting at number `start`: `$start, …` on
/// PostgreSQL, plain `?` on SQLite (whose driver resolves numbered names slowly in big
/// multi-row statements).
pub(crate) fn placeholders(backend: DbBackend, start: usize, n: usize) -> String {
    match backend {
        DbBackend::Sqlite => vec!["?"; n].join(", "),
        _ => (start..start + n)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards_and_the_escape_itself() {
        assert_eq!(like_contains("a%b_c!d"), "%a!%b!_c!!d%");
        assert_eq!(like_prefix("admission."), "admission.%");
        assert_eq!(like_literal("nguyen van"), "nguyen van");
    }
}
