//! Branch life through the term (issue 5): meetings and attendance, study sessions,
//! supervision, annual ratings with the Excellent cap, congress resolutions with their targets,
//! and the review computed from all of it. The rules are `domain::branch`'s; this module stores,
//! refuses what they refuse (in Vietnamese, nothing written), audits every write, and computes
//! the per-year aggregates in SQL. Functions return plain structs so pages can call them as is.

pub(crate) mod admission;
pub(crate) mod bulk;
mod corrections;
pub(crate) mod kept;
mod meeting_detail;
mod meetings;
pub(crate) mod metrics;
mod metrics_many;
pub(crate) mod notices;
pub(crate) mod personal;
mod ratings;
pub(crate) mod requests;
mod review;
mod rollup;
mod study;
mod year_rows;

use chrono::{Datelike, NaiveDate};
use domain::branch::meeting::Standing;
use sea_orm::ConnectionTrait;
use serde::Serialize;

pub use corrections::{RecordPlace, SupervisionRecord};
pub use meeting_detail::{AttendanceLine, MeetingDetail};
pub use meetings::{MeetingRow, NewMeeting, RecordedMeeting};
pub use metrics::YearMetrics;
pub use ratings::{GrassrootsCap, MemberRatingInput, OrgRatingRow, RatingSheetRow};
pub use review::{NewResolution, ResolutionRow, ReviewResult, ReviewTarget, TargetRow};
pub use rollup::{RollupEntry, RollupResult};
pub use study::{NewStudySession, NewSupervision, StudySessionRow, SupervisionRow};

use crate::Db;
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, get};

/// One person posted in an organization on a date, with how they count at its meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    pub person_id: i32,
    pub full_name: String,
    /// A party member on that date (otherwise non-member staff, quần chúng).
    pub member: bool,
    /// How a member counts in the attendance rate (non-members: `Counted`, never used).
    pub standing: Standing,
}

/// `(SELECT org_id …)`: the organizations of the subtree whose path starts with `$p`, as they
/// stood on `$d`.
pub(crate) fn subtree(d: usize, p: usize) -> String {
    format!(
        "(SELECT v.org_id FROM org_version v WHERE v.valid_from <= ${d} AND (v.valid_to IS NULL OR v.valid_to > ${d}) AND v.path LIKE ${p})"
    )
}

/// The date a year's shares are taken on: 31 December, or today for the current year.
pub fn reference_date(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap_or(today)
        .min(today)
}

pub(crate) fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(DbError::Invalid(format!("năm {year} không hợp lệ"))),
    }
}

/// Who is posted in `org_id` (regular or temporary) on `on`, members and non-members, in
/// Vietnamese name order.
pub(crate) async fn roster_on(
    c: &impl ConnectionTrait,
    org_id: i32,
    on: NaiveDate,
) -> Result<Vec<RosterEntry>> {
    let rows = all(
        c,
        "SELECT p.id, p.full_name, p.name_sort, \
         CASE WHEN p.admitted_on IS NOT NULL AND p.admitted_on <= $2 THEN 1 ELSE 0 END AS member, \
         CASE WHEN EXISTS (SELECT 1 FROM posting r WHERE r.person_id = p.id AND r.org_id = $1 AND r.kind = 'regular' \
              AND r.from_date <= $2 AND (r.to_date IS NULL OR r.to_date > $2)) THEN 1 ELSE 0 END AS regular_here, \
         CASE WHEN EXISTS (SELECT 1 FROM posting t WHERE t.person_id = p.id AND t.org_id <> $1 AND t.kind = 'temporary' \
              AND t.from_date <= $2 AND (t.to_date IS NULL OR t.to_date > $2)) THEN 1 ELSE 0 END AS temp_elsewhere, \
         CASE WHEN EXISTS (SELECT 1 FROM exemption e WHERE e.person_id = p.id \
              AND e.from_date <= $2 AND (e.to_date IS NULL OR e.to_date > $2)) THEN 1 ELSE 0 END AS exempt \
         FROM person p WHERE (p.ended_on IS NULL OR p.ended_on > $2) \
         AND p.id IN (SELECT m.person_id FROM posting m WHERE m.org_id = $1 \
              AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date > $2))",
        vec![org_id.into(), on.into()],
    )
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            let flag = |c: &str| -> Result<bool> { Ok(get::<i32>(r, c)? != 0) };
            let standing = if !flag("regular_here")? {
                Standing::Counted
            } else if flag("exempt")? {
                Standing::Exempt
            } else if flag("temp_elsewhere")? {
                Standing::TemporaryElsewhere
            } else {
                Standing::Counted
            };
            Ok((
                get::<String>(r, "name_sort")?,
                RosterEntry {
                    person_id: get(r, "id")?,
                    full_name: get(r, "full_name")?,
                    member: flag("member")?,
                    standing,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

/// The refusal for someone who is not in the organization on the date.
pub(crate) fn not_in_org(person: i32, org: &OrgRow, on: NaiveDate, what: &str) -> DbError {
    DbError::Invalid(format!(
        "người có mã {person} không sinh hoạt tại {} vào ngày {} nên không thể ghi {what}",
        org.name,
        domain::text::format_date(on)
    ))
}

pub(crate) fn check_year(year: i32, today: NaiveDate) -> Result<()> {
    if (1930..=today.year()).contains(&year) {
        Ok(())
    } else {
        Err(DbError::Invalid(format!(
            "năm {year} không hợp lệ (từ 1930 đến năm nay)"
        )))
    }
}

impl Db {
    /// Who is posted in the organization on a date (for attendance forms and rating sheets).
    pub async fn roster(&self, org: &str, on: NaiveDate) -> Result<Vec<RosterEntry>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        roster_on(&self.conn, org.id, on).await
    }
}
