//! Structure statistics from the database: one aggregate pass over the members of a subtree
//! on a date; the brackets, labels, percents and paragraph come from `domain::register::stats`.

use chrono::NaiveDate;
use domain::register::member::{Qualification, TheoryLevel};
use domain::register::stats::{AgeBrackets, Counts, Structure};
use sea_orm::{ConnectionTrait, Value};

use crate::Db;
use crate::error::Result;
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{get_count, one};

/// Into how many parts a large aggregate over people is split to run at once on SQLite: the
/// cores, at most 4 (the pool is shared with every other request).
pub(crate) fn parts() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

/// `parts` ranges of person ids (inclusive), of equal width, covering every id (the first
/// and the last open-ended, so that a person added meanwhile falls in one); one range when
/// there are few people.
pub(crate) async fn person_ranges(
    c: &impl ConnectionTrait,
    parts: usize,
) -> Result<Vec<(i32, i32)>> {
    if parts <= 1 {
        // One part needs no bounds (PostgreSQL, one core): nothing to ask.
        return Ok(vec![(i32::MIN, i32::MAX)]);
    }
    let row = one(
        c,
        "SELECT COALESCE(MIN(id), 0) AS lo, COALESCE(MAX(id), 0) AS hi FROM person",
        vec![],
    )
    .await?;
    let (lo, hi): (i64, i64) = match &row {
        Some(r) => (
            crate::sql::get::<i32>(r, "lo")? as i64,
            crate::sql::get::<i32>(r, "hi")? as i64,
        ),
        None => (0, 0),
    };
    Ok(split_ids(lo, hi, parts))
}

/// The ranges of [`person_ranges`] for ids from `lo` to `hi`.
fn split_ids(lo: i64, hi: i64, parts: usize) -> Vec<(i32, i32)> {
    let parts = if hi - lo < 10_000 {
        1
    } else {
        parts.max(1) as i64
    };
    let width = (hi - lo + parts) / parts;
    (0..parts)
        .map(|k| {
            let from = if k == 0 {
                i32::MIN as i64
            } else {
                lo + k * width
            };
            let to = if k == parts - 1 {
                i32::MAX as i64
            } else {
                lo + (k + 1) * width - 1
            };
            (from as i32, to as i32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_ids;

    #[test]
    fn the_parts_cover_every_id_once() {
        for (lo, hi, parts) in [(1, 75_000, 2), (5, 100_004, 3), (1, 20_001, 4), (1, 900, 4)] {
            let r = split_ids(lo, hi, parts);
            assert_eq!(r.len(), if hi - lo < 10_000 { 1 } else { parts });
            for w in r.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "{r:?}");
                assert!(w[0].0 <= w[0].1);
            }
            assert_eq!((r[0].0, r[r.len() - 1].1), (i32::MIN, i32::MAX));
        }
    }
}

/// The structure of an organization's members on a date.
#[derive(Debug, Clone)]
pub struct StructureResult {
    pub org: OrgRow,
    pub as_of: NaiveDate,
    pub counts: Counts,
    pub structure: Structure,
}

/// The conditions of a member counted on `$1` in the subtree whose path starts with `$2`:
/// official and probationary members whose regular organization lies there on that date (one
/// text for both join orders below).
macro_rules! member_on_date {
    () => {
        "WHERE m.person_id = p.id \
         AND m.org_id IN (SELECT v.org_id FROM org_version v \
            WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2) \
         AND m.kind = 'regular' AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
         AND p.admitted_on <= $1 AND (p.ended_on IS NULL OR p.ended_on > $1)"
    };
}

/// The members counted on `$1` in the subtree whose path starts with `$2`. People are read
/// first (`CROSS JOIN` fixes that order on SQLite; PostgreSQL plans it as an inner join) so
/// both lookups run on covering indexes.
pub const MEMBERS_ON_DATE: &str = concat!("FROM person p CROSS JOIN posting m ", member_on_date!());

/// The same members, postings read first (`ix_posting_org`): for a few organizations named
/// by id, where reading every person first would cost the whole table.
pub const MEMBERS_ON_DATE_BY_POSTING: &str =
    concat!("FROM posting m CROSS JOIN person p ", member_on_date!());

/// The same members, read from a table of their own rows first (`x`, with its `person_id`:
/// the year's pledges or self-assessments, fewer than the members until everyone has written
/// one).
pub(crate) fn members_on_date_from(table: &str) -> String {
    format!(
        "FROM {table} x CROSS JOIN person p CROSS JOIN posting m {} AND x.person_id = p.id",
        member_on_date!()
    )
}

/// Probationary on `$1`: not yet official on that date.
pub(crate) const PROBATIONARY: &str = "(p.official_on IS NULL OR p.official_on > $1)";

/// At least a bracket's lower bound old: born on or before the cutoff in `$n`.
pub(crate) fn born_by(n: usize) -> String {
    format!("p.birth_date <= ${n}")
}

/// Political theory level given in `$n`.
pub(crate) fn theory_is(n: usize) -> String {
    format!("p.theory = ${n}")
}

/// Qualification given in `$n`.
pub(crate) fn qualification_is(n: usize) -> String {
    format!("p.qualification = ${n}")
}

fn count_where(pred: &str, alias: &str) -> String {
    format!("COALESCE(SUM(CASE WHEN {pred} THEN 1 ELSE 0 END), 0) AS {alias}")
}

/// The aggregate's column expressions (`… AS name`) and names: total, probationary, "born on
/// or before" each age cutoff, theory levels and qualifications. Placeholders from `$3` are
/// the cutoffs then the codes. The conditions are the ones the lists behind the figures use
/// (`crate::figures`).
fn structure_columns(brackets: &AgeBrackets) -> (Vec<String>, Vec<String>) {
    let mut names = vec!["members".to_string(), "probationary".to_string()];
    let mut cols = vec![
        "COUNT(*) AS members".to_string(),
        count_where(PROBATIONARY, "probationary"),
    ];
    let mut n = 3;
    let mut push = |pred: String, name: String| {
        cols.push(count_where(&pred, &name));
        names.push(name);
    };
    for i in 0..brackets.bounds().len() {
        push(born_by(n), format!("age{i}"));
        n += 1;
    }
    for i in 0..TheoryLevel::ALL.len() {
        push(theory_is(n), format!("theory{i}"));
        n += 1;
    }
    for i in 0..Qualification::ALL.len() {
        push(qualification_is(n), format!("qual{i}"));
        n += 1;
    }
    (cols, names)
}

/// The aggregate in one pass over the subtree's members.
pub fn structure_sql(brackets: &AgeBrackets) -> String {
    let (cols, _) = structure_columns(brackets);
    format!("SELECT {} {MEMBERS_ON_DATE}", cols.join(", "))
}

/// The aggregate's values: the date, the subtree's path pattern, the cutoffs and the codes.
fn structure_values(path: &str, as_of: NaiveDate, brackets: &AgeBrackets) -> Vec<Value> {
    let mut values: Vec<Value> = vec![as_of.into(), format!("{path}%").into()];
    values.extend(brackets.birth_cutoffs(as_of).into_iter().map(Value::from));
    values.extend(TheoryLevel::ALL.iter().map(|t| Value::from(t.code())));
    values.extend(Qualification::ALL.iter().map(|q| Value::from(q.code())));
    values
}

/// The result from the aggregate's sums (in the order of `structure_columns`' names).
fn result_from_sums(
    org: OrgRow,
    as_of: NaiveDate,
    brackets: &AgeBrackets,
    sums: &[u64],
) -> StructureResult {
    let members = sums[0];
    let ages = brackets.bounds().len();
    let theories = TheoryLevel::ALL.len();
    let counts = Counts {
        members,
        probationary: sums[1],
        age: Counts::age_from_cutoff_counts(members, &sums[2..2 + ages]),
        theory: sums[2 + ages..2 + ages + theories].to_vec(),
        qualification: sums[2 + ages + theories..].to_vec(),
    };
    let structure = Structure::from_counts(&counts, brackets);
    StructureResult {
        org,
        as_of,
        counts,
        structure,
    }
}

impl Db {
    /// The structure of `org`'s whole subtree on `as_of`, with the configured brackets.
    pub async fn structure(&self, org: &str, as_of: NaiveDate) -> Result<StructureResult> {
        let brackets = self.age_brackets().await?;
        self.structure_with(org, as_of, &brackets).await
    }

    pub async fn structure_with(
        &self,
        org: &str,
        as_of: NaiveDate,
        brackets: &AgeBrackets,
    ) -> Result<StructureResult> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(as_of)).await?;
        let key = format!("structure|{}|{as_of}|{:?}", org.path, brackets.bounds());
        self.cache
            .get_or(key, || self.count_structure(org, as_of, brackets))
            .await
    }

    /// The structure computed afresh from every member, neither from the answers nor from
    /// the counts kept per organization (the benchmark measures the aggregate itself with it).
    pub async fn structure_uncached(&self, org: &str, as_of: NaiveDate) -> Result<StructureResult> {
        let brackets = self.age_brackets().await?;
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(as_of)).await?;
        let sums = self.structure_sums_directly(&org, as_of, &brackets).await?;
        Ok(result_from_sums(org, as_of, &brackets, &sums))
    }

    /// The structure from the counts kept per organization, counting afresh only the
    /// organizations changed since (not from the remembered answers: the benchmark).
    pub async fn structure_counted(&self, org: &str, as_of: NaiveDate) -> Result<StructureResult> {
        let brackets = self.age_brackets().await?;
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(as_of)).await?;
        self.count_structure(org, as_of, &brackets).await
    }

    /// The subtree's structure added up from the counts kept per organization
    /// (`register::tally`); `structure_with` remembers its answer. In debug builds (every
    /// test) it is checked against the aggregate over every member.
    async fn count_structure(
        &self,
        org: crate::OrgRow,
        as_of: NaiveDate,
        brackets: &AgeBrackets,
    ) -> Result<StructureResult> {
        let sums = self.structure_sums(&org, as_of, brackets).await?;
        #[cfg(debug_assertions)]
        {
            let direct = self.structure_sums_directly(&org, as_of, brackets).await?;
            if direct != sums {
                // A write between the two reads may explain it: once more, both.
                let again = self.structure_sums(&org, as_of, brackets).await?;
                let direct = self.structure_sums_directly(&org, as_of, brackets).await?;
                assert_eq!(
                    again, direct,
                    "kept counts differ from the members of {}",
                    org.code
                );
            }
        }
        Ok(result_from_sums(org, as_of, brackets, &sums))
    }

    async fn structure_sums(
        &self,
        org: &OrgRow,
        as_of: NaiveDate,
        brackets: &AgeBrackets,
    ) -> Result<Vec<u64>> {
        let (columns, names) = structure_columns(brackets);
        let bounds = brackets
            .bounds()
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let q = crate::register::tally::TallyQuery {
            as_of,
            pattern: format!("{}%", org.path),
            bounds,
            columns: &columns,
            names: &names,
            values: structure_values(&org.path, as_of, brackets),
            from: MEMBERS_ON_DATE,
            from_few: MEMBERS_ON_DATE_BY_POSTING,
        };
        crate::register::tally::subtree_sums(self, &q).await
    }

    /// One aggregate pass over the subtree's members, split into [`parts`] ranges of person
    /// ids counted at once on as many connections and added up (every count is a sum over
    /// people, so the parts add to the whole).
    async fn structure_sums_directly(
        &self,
        org: &OrgRow,
        as_of: NaiveDate,
        brackets: &AgeBrackets,
    ) -> Result<Vec<u64>> {
        let values = structure_values(&org.path, as_of, brackets);
        let (_, columns) = structure_columns(brackets);
        let n = values.len();
        let sql = format!(
            "{} AND p.id >= ${} AND p.id <= ${}",
            structure_sql(brackets),
            n + 1,
            n + 2
        );
        // PostgreSQL plans the whole aggregate better than parts of it (its own parallel
        // workers; 97 ms whole against 205 ms in two parts at 60,000 members): one part.
        let parts = match self.conn.get_database_backend() {
            sea_orm::DbBackend::Sqlite => parts(),
            _ => 1,
        };
        let ranges = person_ranges(&self.conn, parts).await?;
        // One part is the plain aggregate: a range condition, even over every id, changes
        // PostgreSQL's plan for the worse (296 ms against 78 ms at 60,000 members).
        let whole = ranges.len() == 1;
        let plain = structure_sql(brackets);
        let partial = ranges.into_iter().map(|(from, to)| {
            let mut v = values.clone();
            if !whole {
                v.extend([Value::from(from), Value::from(to)]);
            }
            let sql = if whole { &plain } else { &sql };
            let columns = &columns;
            async move {
                let row = one(&self.conn, sql, v)
                    .await?
                    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
                columns
                    .iter()
                    .map(|c| get_count(&row, c))
                    .collect::<Result<Vec<u64>>>()
            }
        });
        let mut sums = vec![0u64; columns.len()];
        for part in futures_util::future::try_join_all(partial).await? {
            for (s, x) in sums.iter_mut().zip(part) {
                *s += x;
            }
        }
        Ok(sums)
    }
}
