//! The yearly metrics of one organization's subtree, computed in SQL from what is recorded
//! (attendance, study, supervision, ratings, admissions, the organization's rating): one query
//! and its reading per figure.

use chrono::NaiveDate;
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use domain::branch::target::Source;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::{reference_date, subtree, year_bounds};
use crate::error::Result;
use crate::register::orgs::OrgRow;
use crate::register::stats::MEMBERS_ON_DATE;
use crate::sql::{get, get_count, one};

/// What the data of one organization's subtree says about one year. `None`: nothing recorded
/// that year for that figure.
#[derive(Debug, Clone, Serialize, Default)]
pub struct YearMetrics {
    pub year: i32,
    pub attendance: Option<f64>,
    pub study: Option<Coverage>,
    pub supervision: Option<SupervisionCoverage>,
    pub ratings: Option<LevelCounts>,
    pub admissions: u64,
    pub org_rating: Option<RatingLevel>,
    /// Members on the reference date who wrote the year's pledge (`Figure::Pledged`).
    pub pledged: u64,
    /// Members on the reference date who handed in the year's self-assessment.
    pub self_assessed: u64,
}

impl YearMetrics {
    /// The value a computed source takes this year (`None` for `Manual` or no data).
    pub fn value(&self, source: Source) -> Option<f64> {
        match source {
            Source::Attendance => self.attendance,
            Source::StudyMembers => self
                .study
                .filter(|c| c.members > 0)
                .map(|c| c.members_percent()),
            Source::StudyNonMembers => self
                .study
                .filter(|c| c.non_members > 0)
                .map(|c| c.non_members_percent()),
            Source::RatingGoodOrBetter => self
                .ratings
                .filter(|r| r.total() > 0)
                .map(|r| r.good_or_better_percent()),
            Source::RatingExcellent => self
                .ratings
                .filter(|r| r.total() > 0)
                .map(|r| r.excellent_percent()),
            Source::Supervision => self
                .supervision
                .filter(|s| s.members > 0)
                .map(|s| s.percent()),
            Source::Admissions => Some(self.admissions as f64),
            Source::OrgRating => self.org_rating.map(|l| f64::from(l.rank())),
            Source::Manual => None,
        }
    }
}

/// The bind values the yearly aggregates of one subtree share: `$1` the reference date, `$2`
/// the subtree's path pattern, then `$3`/`$4` the year's first and last day (or `$3` the year).
pub(crate) struct YearScope {
    pub(crate) year: i32,
    pub(crate) on: NaiveDate,
    pub(crate) path: String,
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    /// The subtree as it stood on `$1`: `subtree(1, 2)`.
    pub(crate) sub: String,
}

impl YearScope {
    /// The scope of the subtree under `org_path` for `year`, counted up to `today`.
    pub(crate) fn of(org_path: &str, year: i32, today: NaiveDate) -> Result<Self> {
        let on = reference_date(year, today);
        let (from, to) = year_bounds(year)?;
        Ok(YearScope {
            year,
            on,
            path: format!("{org_path}%"),
            from,
            to: to.min(today),
            sub: subtree(1, 2),
        })
    }

    /// `$1` date, `$2` path, `$3`..`$4` the days of the year.
    pub(crate) fn dated(&self) -> Vec<sea_orm::Value> {
        vec![
            self.on.into(),
            self.path.clone().into(),
            self.from.into(),
            self.to.into(),
        ]
    }

    /// `$1` date, `$2` path.
    pub(crate) fn on_path(&self) -> Vec<sea_orm::Value> {
        vec![self.on.into(), self.path.clone().into()]
    }

    /// `$1` date, `$2` path, `$3` the year.
    pub(crate) fn of_year(&self) -> Vec<sea_orm::Value> {
        vec![self.on.into(), self.path.clone().into(), self.year.into()]
    }
}

/// The attendance lines counted in the year's rate: counted members at the subtree's
/// meetings between `$3` and `$4` (the chi ủy's own meetings apart).
pub(crate) fn counted_attendance(sub: &str) -> String {
    format!(
        "FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
         WHERE a.standing = 'counted' AND g.kind <> 'committee' AND g.held_on >= $3 AND g.held_on <= $4 AND g.org_id IN {sub}"
    )
}

/// `alias` studied a resolution at a session of the subtree between `$3` and `$4`.
pub(crate) fn studied(alias: &str, sub: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM study_attendance a JOIN study_session s ON s.id = a.session_id \
         WHERE a.person_id = {alias}.id AND s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 \
         AND s.org_id IN {sub})"
    )
}

/// The non-member staff (quần chúng) posted in the subtree on `$1`.
pub(crate) fn non_members_on_date(sub: &str) -> String {
    format!(
        "FROM person p CROSS JOIN posting m \
         WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
         AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
         AND (p.admitted_on IS NULL OR p.admitted_on > $1) AND (p.ended_on IS NULL OR p.ended_on > $1)"
    )
}

/// `p` was supervised or inspected by the subtree between `$3` and `$4`.
pub(crate) fn supervised(sub: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM supervision_record r \
         WHERE r.person_id = p.id AND r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub})"
    )
}

/// The members' decided ratings of year `$3` in the subtree (`r`, with the person `p`).
pub(crate) fn decided_ratings(sub: &str) -> String {
    format!(
        "FROM member_rating r JOIN person p ON p.id = r.person_id \
         WHERE r.year = $3 AND r.stage = 'decision' AND r.org_id IN {sub}"
    )
}

/// The people admitted between `$3` and `$4` into a regular posting of the subtree.
pub(crate) fn admitted(sub: &str) -> String {
    format!(
        "FROM person p WHERE p.admitted_on >= $3 AND p.admitted_on <= $4 \
         AND EXISTS (SELECT 1 FROM posting m WHERE m.person_id = p.id AND m.kind = 'regular' AND m.org_id IN {sub} \
         AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on))"
    )
}

/// `p` wrote a pledge for the year in `$3` (waiting for approval or approved: it is
/// registered once written, as the branch's list shows it).
pub(crate) const PLEDGED: &str =
    "EXISTS (SELECT 1 FROM member_pledge mp WHERE mp.person_id = p.id AND mp.year = $3)";

/// `p` handed in a self-assessment for the year in `$3`.
pub(crate) const SELF_ASSESSED: &str =
    "EXISTS (SELECT 1 FROM self_assessment sa WHERE sa.person_id = p.id AND sa.year = $3)";

/// The one row of an aggregate query.
async fn aggregate(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<sea_orm::QueryResult> {
    Ok(one(c, sql, values)
        .await?
        .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?)
}

/// Year metrics of the subtree under `org` (path) for `year`, as of `on`.
pub(crate) async fn year_metrics(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    year: i32,
    today: NaiveDate,
) -> Result<YearMetrics> {
    let s = YearScope::of(&org.path, year, today)?;
    let attendance = attendance(c, &s).await?;
    let study = study_coverage(c, &s).await?;
    let supervision = supervision_coverage(c, org, &s).await?;
    let ratings = rating_counts(c, &s).await?;
    let admissions = admissions(c, &s).await?;
    let org_rating = org_rating(c, org, year).await?;
    let (pledged, self_assessed) = personal_counts(c, &s).await?;
    Ok(YearMetrics {
        year,
        attendance,
        study,
        supervision,
        ratings: (ratings.total() > 0).then_some(ratings),
        admissions,
        org_rating,
        pledged,
        self_assessed,
    })
}

/// The members on the reference date with the year's pledge, and with its self-assessment.
async fn personal_counts(c: &impl ConnectionTrait, s: &YearScope) -> Result<(u64, u64)> {
    let count = |cond: &'static str| async move {
        let r = aggregate(
            c,
            &format!("SELECT COUNT(*) AS n {MEMBERS_ON_DATE} AND {cond}"),
            s.of_year(),
        )
        .await?;
        get_count(&r, "n")
    };
    Ok((count(PLEDGED).await?, count(SELF_ASSESSED).await?))
}

/// The attendance rate at the subtree's meetings of the year (`None`: nobody counted).
async fn attendance(c: &impl ConnectionTrait, s: &YearScope) -> Result<Option<f64>> {
    let sub = &s.sub;
    let r = aggregate(
        c,
        &format!(
            "SELECT COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present {}",
            counted_attendance(sub)
        ),
        s.dated(),
    )
    .await?;
    let counted = get_count(&r, "counted")?;
    Ok((counted > 0)
        .then(|| meeting::attendance_rate(get_count(&r, "present").unwrap_or(0), counted)))
}

/// Who studied the resolution in the year, members and non-members (`None`: no session).
async fn study_coverage(c: &impl ConnectionTrait, s: &YearScope) -> Result<Option<Coverage>> {
    let sub = &s.sub;
    let studied = |alias: &str| {
        format!(
            "COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0)",
            studied(alias, sub)
        )
    };
    let sessions = one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM study_session s WHERE s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 AND s.org_id IN {sub}"
        ),
        s.dated(),
    )
    .await?
    .map(|r| get_count(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    if sessions == 0 {
        return Ok(None);
    }
    let m = aggregate(
        c,
        &format!(
            "SELECT COUNT(*) AS members, {} AS studied {MEMBERS_ON_DATE}",
            studied("p")
        ),
        s.dated(),
    )
    .await?;
    let n = aggregate(
        c,
        &format!(
            "SELECT COUNT(*) AS people, {} AS studied {}",
            studied("p"),
            non_members_on_date(sub)
        ),
        s.dated(),
    )
    .await?;
    Ok(Some(Coverage {
        members: get_count(&m, "members")?,
        members_studied: get_count(&m, "studied")?,
        non_members: get_count(&n, "people")?,
        non_members_studied: get_count(&n, "studied")?,
    }))
}

/// The members supervised in the year against the organization's plan (`None`: neither a
/// record nor a plan).
async fn supervision_coverage(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    s: &YearScope,
) -> Result<Option<SupervisionCoverage>> {
    let sub = &s.sub;
    let plan = one(
        c,
        "SELECT planned_percent FROM supervision_plan WHERE org_id = $1 AND year = $2",
        vec![org.id.into(), s.year.into()],
    )
    .await?
    .map(|r| get::<f64>(&r, "planned_percent"))
    .transpose()?;
    let m = aggregate(
        c,
        &format!(
            "SELECT COUNT(*) AS members, COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS supervised \
             {MEMBERS_ON_DATE}",
            supervised(sub)
        ),
        s.dated(),
    )
    .await?;
    let records = one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM supervision_record r WHERE r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}"
        ),
        s.dated(),
    )
    .await?
    .map(|r| get_count(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    Ok(
        (records > 0 || plan.is_some()).then_some(SupervisionCoverage {
            members: get_count(&m, "members")?,
            supervised: get_count(&m, "supervised")?,
            planned_percent: plan,
        }),
    )
}

/// The members' ratings decided for the year, by level.
async fn rating_counts(c: &impl ConnectionTrait, s: &YearScope) -> Result<LevelCounts> {
    let sub = &s.sub;
    let r = aggregate(
        c,
        &format!(
            "SELECT COALESCE(SUM(CASE WHEN r.level = 'excellent' THEN 1 ELSE 0 END), 0) AS excellent, \
             COALESCE(SUM(CASE WHEN r.level = 'good' THEN 1 ELSE 0 END), 0) AS good, \
             COALESCE(SUM(CASE WHEN r.level = 'complete' THEN 1 ELSE 0 END), 0) AS complete, \
             COALESCE(SUM(CASE WHEN r.level = 'incomplete' THEN 1 ELSE 0 END), 0) AS incomplete {}",
            decided_ratings(sub)
        ),
        s.of_year(),
    )
    .await?;
    Ok(LevelCounts {
        excellent: get_count(&r, "excellent")?,
        good: get_count(&r, "good")?,
        complete: get_count(&r, "complete")?,
        incomplete: get_count(&r, "incomplete")?,
    })
}

/// The people admitted in the year into a posting of the subtree.
async fn admissions(c: &impl ConnectionTrait, s: &YearScope) -> Result<u64> {
    let sub = &s.sub;
    let r = aggregate(
        c,
        &format!("SELECT COUNT(*) AS n {}", admitted(sub)),
        s.dated(),
    )
    .await?;
    get_count(&r, "n")
}

/// The organization's own rating decided for the year.
async fn org_rating(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    year: i32,
) -> Result<Option<RatingLevel>> {
    Ok(one(
        c,
        "SELECT level FROM org_rating WHERE org_id = $1 AND year = $2 AND stage = 'decision'",
        vec![org.id.into(), year.into()],
    )
    .await?
    .map(|r| get::<String>(&r, "level"))
    .transpose()?
    .and_then(|l| RatingLevel::from_code(&l)))
}
