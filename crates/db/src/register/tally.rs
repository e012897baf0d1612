//! Counts kept per organization (`org_tally`): the structure of each organization's own
//! members on a date. A subtree's statistics add up the counts of its organizations, and
//! count afresh only the organizations whose members changed since.
//!
//! Every write to a posting, or to a person's dates, theory level or qualification, raises
//! the generation (`organization.tally_gen`) of the organizations concerned, in the same
//! transaction: triggers do it (migration 18), so no writer can forget it, not even a program
//! other than dangvu. A kept count records the generation it was counted at, read in the same
//! statement as the members, so it is used only while no write has touched the organization
//! since: a count is never stale, however reads and writes interleave.

use chrono::{Duration, NaiveDate};
use sea_orm::{ConnectionTrait, Value};

use crate::error::Result;
use crate::register::bulk::multi_row_insert;
use crate::sql::{all, exec, get, get_count, now};

/// Above this many organizations without a kept count, the subtree is counted whole in one
/// grouped pass rather than organization by organization.
const COUNT_WHOLE_ABOVE: usize = 2_000;
/// Organizations counted per statement when counted by id.
const IDS_PER_COUNT: usize = 500;
/// Kept counts written per statement.
const ROWS_PER_WRITE: usize = 400;
/// A kept count not counted again for this many days is let go (the table holds the dates
/// people asked for, not every date).
const KEEP_DAYS: i64 = 30;

fn id_list(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// What a subtree's count is asked with: the date, the subtree's path pattern and the
/// brackets' key, the aggregate's column expressions and names, and its values (`$1` the
/// date, `$2` the path pattern, then the rest).
pub(crate) struct TallyQuery<'a> {
    pub as_of: NaiveDate,
    pub pattern: String,
    pub bounds: String,
    pub columns: &'a [String],
    pub names: &'a [String],
    pub values: Vec<Value>,
    /// `FROM … WHERE …` of the members counted over a whole subtree
    /// (`stats::MEMBERS_ON_DATE`, people first) …
    pub from: &'static str,
    /// … and the same for a few organizations by id (postings first).
    pub from_few: &'static str,
}

/// The subtree's counts (in the order of `q.names`): kept counts added up, the organizations
/// without one counted afresh and kept (when the database takes writes).
pub(crate) async fn subtree_sums(db: &crate::Db, q: &TallyQuery<'_>) -> Result<Vec<u64>> {
    let rows = all(
        &db.conn,
        "SELECT v.org_id AS org_id, t.counts AS counts FROM org_version v \
         JOIN organization o ON o.id = v.org_id \
         LEFT JOIN org_tally t ON t.org_id = v.org_id AND t.as_of = $1 AND t.bounds = $3 \
            AND t.gen = o.tally_gen \
         WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2",
        vec![
            q.as_of.into(),
            q.pattern.clone().into(),
            q.bounds.clone().into(),
        ],
    )
    .await?;
    let mut sums = vec![0u64; q.names.len()];
    let mut missing = Vec::new();
    for r in &rows {
        let kept: Option<String> = get(r, "counts")?;
        match kept.and_then(|t| parse_counts(&t, sums.len())) {
            Some(counts) => add(&mut sums, &counts),
            None => missing.push(get::<i32>(r, "org_id")?),
        }
    }
    if missing.is_empty() {
        return Ok(sums);
    }
    let counted = if missing.len() > COUNT_WHOLE_ABOVE {
        // Counting the whole subtree in one pass is cheaper than by lists of ids; only the
        // missing organizations' counts are added (the others are already in the sums).
        let all = count_orgs(&db.conn, q, None).await?;
        let wanted: std::collections::HashSet<i32> = missing.iter().copied().collect();
        all.into_iter()
            .filter(|(org, _, _)| wanted.contains(org))
            .collect()
    } else {
        let mut counted = Vec::with_capacity(missing.len());
        for chunk in missing.chunks(IDS_PER_COUNT) {
            counted.extend(count_orgs(&db.conn, q, Some(chunk)).await?);
        }
        counted
    };
    for (_, _, counts) in &counted {
        add(&mut sums, counts);
    }
    if let Err(e) = keep(db, q, &counted).await {
        // A standby answers reads only: the counts are right, just not kept.
        tracing::warn!("số liệu theo tổ chức không lưu được: {e}");
    }
    Ok(sums)
}

fn add(sums: &mut [u64], counts: &[u64]) {
    for (s, x) in sums.iter_mut().zip(counts) {
        *s += x;
    }
}

/// The counts kept as text: `n` numbers separated by commas (`None` if they are not that).
fn parse_counts(text: &str, n: usize) -> Option<Vec<u64>> {
    let v = text
        .split(',')
        .map(|x| x.parse::<u64>().ok())
        .collect::<Option<Vec<u64>>>()?;
    (v.len() == n).then_some(v)
}

fn counts_text(counts: &[u64]) -> String {
    counts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Counts the own members of each organization of the subtree (of `ids` among them, when
/// given), with each organization's generation read in the same statement: `(org, generation,
/// counts)`, organizations without members included with zeros.
async fn count_orgs(
    c: &impl ConnectionTrait,
    q: &TallyQuery<'_>,
    ids: Option<&[i32]>,
) -> Result<Vec<(i32, i64, Vec<u64>)>> {
    let (only_m, only_o) = match ids {
        Some(ids) => {
            let list = id_list(ids);
            (
                format!(" AND m.org_id IN ({list})"),
                format!(" AND o.id IN ({list})"),
            )
        }
        None => (String::new(), String::new()),
    };
    let outer: Vec<String> = q
        .names
        .iter()
        .map(|n| format!("COALESCE(a.{n}, 0) AS {n}"))
        .collect();
    let sql = format!(
        "SELECT o.id AS org_id, o.tally_gen AS gen, {} FROM organization o \
         LEFT JOIN (SELECT m.org_id AS org_id, {} {}{only_m} GROUP BY m.org_id) a \
            ON a.org_id = o.id \
         WHERE o.id IN (SELECT v.org_id FROM org_version v WHERE v.valid_from <= $1 \
            AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2){only_o}",
        outer.join(", "),
        q.columns.join(", "),
        if ids.is_some() { q.from_few } else { q.from },
    );
    let rows = all(c, &sql, q.values.clone()).await?;
    rows.iter()
        .map(|r| {
            let counts = q
                .names
                .iter()
                .map(|n| get_count(r, n))
                .collect::<Result<Vec<u64>>>()?;
            Ok((get::<i32>(r, "org_id")?, get::<i64>(r, "gen")?, counts))
        })
        .collect()
}

/// Keeps the counts just made, and lets go of those not counted for [`KEEP_DAYS`].
async fn keep(db: &crate::Db, q: &TallyQuery<'_>, counted: &[(i32, i64, Vec<u64>)]) -> Result<()> {
    let today = now().date();
    let tx = db.write_tx().await?;
    for chunk in counted.chunks(ROWS_PER_WRITE) {
        let rows = chunk
            .iter()
            .map(|(org, generation, counts)| {
                vec![
                    Value::from(*org),
                    q.as_of.into(),
                    q.bounds.clone().into(),
                    Value::from(*generation),
                    counts_text(counts).into(),
                    today.into(),
                ]
            })
            .collect();
        let (sql, values) = multi_row_insert(
            tx.get_database_backend(),
            "org_tally",
            &["org_id", "as_of", "bounds", "gen", "counts", "computed_on"],
            rows,
        );
        let sql = format!(
            "{sql} ON CONFLICT (org_id, as_of, bounds) DO UPDATE SET gen = excluded.gen, \
             counts = excluded.counts, computed_on = excluded.computed_on"
        );
        exec(&tx, &sql, values).await?;
    }
    exec(
        &tx,
        "DELETE FROM org_tally WHERE computed_on < $1",
        vec![(today - Duration::days(KEEP_DAYS)).into()],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

impl crate::Db {
    /// Counts ahead the structure on `on` of every root whose tree holds at least `min_orgs`
    /// organizations, and reads its year's rows (`Db::year_metrics`, kept in memory for the
    /// study, ratings and pledge pages): the server does it at start and each night, so that
    /// the day's first page does not pay for counting a province or a country. Returns how
    /// many roots were counted. Smaller trees are counted fast enough when first asked.
    pub async fn count_ahead(&self, on: NaiveDate, min_orgs: usize) -> Result<usize> {
        let mut counted = 0;
        for root in self.roots(Some(on)).await? {
            if self.tree_shared(&root.code, Some(on)).await?.len() >= min_orgs {
                self.structure(&root.code, on).await?;
                self.year_metrics(&root.code, chrono::Datelike::year(&on), on)
                    .await?;
                counted += 1;
            }
        }
        Ok(counted)
    }

    /// Lets go of every kept count (the benchmark measures a day's first count with it).
    pub async fn forget_tallies(&self) -> Result<()> {
        exec(&self.conn, "DELETE FROM org_tally", vec![]).await?;
        Ok(())
    }

    /// Each kept count's organization code and whether it is still used (its generation is
    /// the organization's current one), in code order.
    pub async fn kept_tallies(&self) -> Result<Vec<(String, bool)>> {
        let rows = all(
            &self.conn,
            "SELECT o.code AS code, CASE WHEN t.gen = o.tally_gen THEN 1 ELSE 0 END AS used \
             FROM org_tally t JOIN organization o ON o.id = t.org_id ORDER BY o.code, t.as_of",
            vec![],
        )
        .await?;
        rows.iter()
            .map(|r| Ok((get::<String>(r, "code")?, get::<i32>(r, "used")? == 1)))
            .collect()
    }

    /// Marks the organization `code`'s kept counts as out of date, as a write to one of its
    /// members does (the benchmark measures the count after one change with it).
    pub async fn touch_org(&self, code: &str) -> Result<()> {
        let org = crate::register::orgs::require_org(&self.conn, code, None).await?;
        exec(
            &self.conn,
            "UPDATE organization SET tally_gen = tally_gen + 1 WHERE id = $1",
            vec![org.id.into()],
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{counts_text, parse_counts};

    #[test]
    fn kept_counts_read_back_as_written_and_a_wrong_length_is_not_used() {
        let v = vec![0, 12, 3_000_000_000, 7];
        assert_eq!(parse_counts(&counts_text(&v), 4), Some(v.clone()));
        assert_eq!(parse_counts(&counts_text(&v), 5), None);
        assert_eq!(parse_counts("1,x,3", 3), None);
        assert_eq!(parse_counts("", 1), None);
    }
}
