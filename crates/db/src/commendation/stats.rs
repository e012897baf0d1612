//! Award statistics from the database: one aggregate over the awards of a subtree decided in a
//! period (kind × subject × method), and the counts per submitting unit; the sums, the form's
//! rows and the sentence come from `domain::commendation::stats`.

use chrono::NaiveDate;
use domain::commendation::stats::{AwardStats, CountRow, Split};
use domain::commendation::{AwardKind, Method, Subject};

use crate::Db;
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, get, get_count};

/// The awards of the subtree whose current path starts with `$1`, decided in [`$2`, `$3`].
pub const AWARDS_IN_SUBTREE: &str = "FROM commendation_award a \
     WHERE a.org_id IN (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1) \
     AND a.decided_on >= $2 AND a.decided_on <= $3";

/// The statistics of an organization's subtree over a period.
#[derive(Debug, Clone)]
pub struct AwardStatsResult {
    pub org: OrgRow,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub stats: AwardStats,
}

impl Db {
    /// Counts the titles and awards of `org_code`'s subtree decided between `from` and `to`
    /// (both included), by kind, subject and method, in one `GROUP BY`.
    pub async fn award_stats(
        &self,
        org_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<AwardStatsResult> {
        let org = require_org(&self.conn, org_code, None).await?;
        let rows = all(
            &self.conn,
            &format!(
                "SELECT a.kind, a.subject, a.method, COUNT(*) AS n {AWARDS_IN_SUBTREE} \
                 GROUP BY a.kind, a.subject, a.method"
            ),
            vec![format!("{}%", org.path).into(), from.into(), to.into()],
        )
        .await?;
        let cells = rows.iter().map(count_row).collect::<Result<Vec<_>>>()?;
        Ok(AwardStatsResult {
            stats: AwardStats::from_rows(cells),
            org,
            from,
            to,
        })
    }

    /// [`Db::award_stats`] with the counts per submitting unit: each organization directly
    /// under `org_code` with its own subtree, and `org_code` itself for what it submitted.
    pub async fn award_stats_with_units(
        &self,
        org_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<AwardStatsResult> {
        let mut r = self.award_stats(org_code, from, to).await?;
        let units = self.units_of(&r.org, from, to).await?;
        r.stats = r.stats.with_units(units);
        Ok(r)
    }

    async fn units_of(
        &self,
        org: &OrgRow,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, Split)>> {
        let children = all(
            &self.conn,
            "SELECT v.name, v.path FROM org_version v WHERE v.valid_to IS NULL AND v.parent_id = $1 ORDER BY v.path",
            vec![org.id.into()],
        )
        .await?;
        let mut units = vec![(org.name.clone(), org.path.clone(), Split::default())];
        for c in &children {
            units.push((get(c, "name")?, get(c, "path")?, Split::default()));
        }
        let rows = all(
            &self.conn,
            "SELECT v.path, a.subject, COUNT(*) AS n FROM commendation_award a \
             JOIN org_version v ON v.org_id = a.org_id AND v.valid_to IS NULL \
             WHERE v.path LIKE $1 AND a.decided_on >= $2 AND a.decided_on <= $3 \
             GROUP BY v.path, a.subject",
            vec![format!("{}%", org.path).into(), from.into(), to.into()],
        )
        .await?;
        for r in &rows {
            let path: String = get(r, "path")?;
            let subject = subject_of(&get::<String>(r, "subject")?)?;
            // The longest unit path that the award's organization lies under (the root's own
            // awards fall to the root, whose path is the shortest).
            if let Some(u) = units
                .iter_mut()
                .filter(|u| path.starts_with(&u.1))
                .max_by_key(|u| u.1.len())
            {
                u.2.add(subject, get_count(r, "n")?);
            }
        }
        Ok(units.into_iter().map(|(n, _, s)| (n, s)).collect())
    }
}

fn bad(what: &str, v: &str) -> DbError {
    DbError::Invalid(format!("{what} \"{v}\" không hợp lệ trong cơ sở dữ liệu"))
}

fn subject_of(s: &str) -> Result<Subject> {
    Subject::from_code(s).ok_or_else(|| bad("đối tượng", s))
}

fn count_row(r: &sea_orm::QueryResult) -> Result<CountRow> {
    let kind: String = get(r, "kind")?;
    let method: String = get(r, "method")?;
    Ok(CountRow {
        kind: AwardKind::from_code(&kind).ok_or_else(|| bad("hình thức", &kind))?,
        subject: subject_of(&get::<String>(r, "subject")?)?,
        method: Method::from_code(&method).ok_or_else(|| bad("phương thức", &method))?,
        count: get_count(r, "n")?,
    })
}
