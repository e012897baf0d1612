//! Awards for the benchmark (`dangvu bench`, docs/PERFORMANCE.md): a bulk insert of many
//! synthetic awards without the checks of `record_award` (one statement per thousand rows), and
//! the hand-written SQL aggregate the statistics are measured against. Nothing else calls them.

use chrono::NaiveDate;
use domain::commendation::{AwardKind, Method, Subject};
use sea_orm::Value;

use crate::Db;
use crate::error::Result;
use crate::register::bulk::insert_rows;
use crate::sql::{all, get, get_count, now};

/// One award of the benchmark's province, given to a recipient outside the register.
#[derive(Debug, Clone)]
pub struct SyntheticAward {
    pub org_id: i32,
    pub subject: Subject,
    pub kind: AwardKind,
    pub method: Method,
    pub number: i32,
    pub decided_on: NaiveDate,
    pub amount: i64,
}

const COLS: [&str; 13] = [
    "subject",
    "org_id",
    "recipient",
    "kind",
    "year",
    "method",
    "decision_number",
    "decision_symbol",
    "issuer",
    "decided_on",
    "amount",
    "created_at",
    "person_id",
];

impl Db {
    /// Inserts the awards in one transaction; returns how many.
    pub async fn load_synthetic_awards(&self, awards: &[SyntheticAward]) -> Result<usize> {
        use chrono::Datelike;
        let t = now();
        let rows: Vec<Vec<Value>> = awards
            .iter()
            .map(|a| {
                vec![
                    a.subject.code().into(),
                    a.org_id.into(),
                    format!("Người, tập thể số {}", a.number).into(),
                    a.kind.code().into(),
                    a.decided_on.year().into(),
                    a.method.code().into(),
                    a.number.into(),
                    format!("{}-QĐ/UBND", a.number).into(),
                    "UBND".into(),
                    a.decided_on.into(),
                    a.amount.into(),
                    t.into(),
                    Option::<i32>::None.into(),
                ]
            })
            .collect();
        let tx = self.write_tx().await?;
        insert_rows(&tx, "commendation_award", &COLS, rows).await?;
        tx.commit().await?;
        Ok(awards.len())
    }

    /// The baseline: the same counts as `award_stats`, written by hand as one would without
    /// dangvu — a join on the current versions, literal bounds, `COUNT(*) … GROUP BY` — as
    /// (kind, subject, method, count) rows.
    pub async fn baseline_award_counts(
        &self,
        path: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, String, String, u64)>> {
        let sql = format!(
            "SELECT a.kind, a.subject, a.method, COUNT(*) AS n FROM commendation_award a \
             JOIN org_version v ON v.org_id = a.org_id AND v.valid_to IS NULL \
             WHERE v.path LIKE '{path}%' AND a.decided_on BETWEEN '{from}' AND '{to}' \
             GROUP BY a.kind, a.subject, a.method",
            path = path.replace('\'', "''"),
        );
        let rows = all(&self.conn, &sql, vec![]).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    get(r, "kind")?,
                    get(r, "subject")?,
                    get(r, "method")?,
                    get_count(r, "n")?,
                ))
            })
            .collect()
    }
}
