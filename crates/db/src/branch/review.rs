//! Congress resolutions and their targets, the yearly metrics computed in SQL from what is
//! recorded (attendance, study, supervision, ratings, admissions, the organization's rating),
//! values entered by hand with evidence, and the review: every target evaluated year by year
//! by `domain::branch::target`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use domain::branch::target::{
    Comparator, Evaluation, Period, Source, Summary, Target, TargetError, Term,
};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::{reference_date, subtree, year_bounds};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::register::stats::MEMBERS_ON_DATE;
use crate::sql::{all, exec, get, get_count, insert_id, now, one};

/// A congress resolution to store with its targets.
#[derive(Debug, Clone)]
pub struct NewResolution {
    pub org: String,
    pub term: Term,
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub targets: Vec<Target>,
}

/// A stored target.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub id: i32,
    pub position: i32,
    #[serde(flatten)]
    pub target: Target,
}

/// A stored resolution with its targets in order.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionRow {
    pub id: i32,
    pub org: OrgRow,
    pub term: Term,
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub targets: Vec<TargetRow>,
}

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

/// One target of the review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewTarget {
    pub id: i32,
    pub target: Target,
    pub evaluation: Evaluation,
    /// Evidence of values entered by hand, by year.
    pub evidence: BTreeMap<i32, String>,
}

/// The review of a resolution's targets.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewResult {
    pub org: OrgRow,
    pub term: Term,
    pub title: String,
    pub years: Vec<i32>,
    pub targets: Vec<ReviewTarget>,
    pub summary: Summary,
}

pub(crate) fn target_from_row(r: &sea_orm::QueryResult) -> Result<TargetRow> {
    let comparator: String = get(r, "comparator")?;
    let period: String = get(r, "period")?;
    let source: String = get(r, "source")?;
    let bad = |what: &str, v: &str| DbError::Invalid(format!("dữ liệu lưu trữ hỏng: {what} '{v}'"));
    Ok(TargetRow {
        id: get(r, "id")?,
        position: get(r, "position")?,
        target: Target {
            text: get(r, "text")?,
            comparator: Comparator::parse(&comparator).map_err(DbError::invalid)?,
            value: get(r, "value")?,
            unit: get(r, "unit")?,
            period: Period::from_code(&period).ok_or_else(|| bad("kỳ", &period))?,
            source: Source::from_code(&source).ok_or_else(|| bad("nguồn", &source))?,
        },
    })
}

/// Year metrics of the subtree under `org` (path) for `year`, as of `on`.
pub(crate) async fn year_metrics(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    year: i32,
    today: NaiveDate,
) -> Result<YearMetrics> {
    let on = reference_date(year, today);
    let (from, to) = year_bounds(year)?;
    let to = to.min(today);
    let path = format!("{}%", org.path);
    let base =
        || -> Vec<sea_orm::Value> { vec![on.into(), path.clone().into(), from.into(), to.into()] };
    let sub = subtree(1, 2);

    let r = one(
        c,
        &format!(
            "SELECT COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present \
             FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
             WHERE a.standing = 'counted' AND g.held_on >= $3 AND g.held_on <= $4 AND g.org_id IN {sub}"
        ),
        base(),
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
    let counted = get_count(&r, "counted")?;
    let attendance = (counted > 0)
        .then(|| meeting::attendance_rate(get_count(&r, "present").unwrap_or(0), counted));

    let studied = |alias: &str| {
        format!(
            "COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM study_attendance a JOIN study_session s ON s.id = a.session_id \
             WHERE a.person_id = {alias}.id AND s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 \
             AND s.org_id IN {sub}) THEN 1 ELSE 0 END), 0)"
        )
    };
    let sessions = one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM study_session s WHERE s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 AND s.org_id IN {sub}"
        ),
        base(),
    )
    .await?
    .map(|r| get_count(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    let study = if sessions > 0 {
        let m = one(
            c,
            &format!(
                "SELECT COUNT(*) AS members, {} AS studied {MEMBERS_ON_DATE}",
                studied("p")
            ),
            base(),
        )
        .await?
        .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
        let n = one(
            c,
            &format!(
                "SELECT COUNT(*) AS people, {} AS studied FROM person p CROSS JOIN posting m \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND (p.admitted_on IS NULL OR p.admitted_on > $1) AND (p.ended_on IS NULL OR p.ended_on > $1)",
                studied("p")
            ),
            base(),
        )
        .await?
        .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
        Some(Coverage {
            members: get_count(&m, "members")?,
            members_studied: get_count(&m, "studied")?,
            non_members: get_count(&n, "people")?,
            non_members_studied: get_count(&n, "studied")?,
        })
    } else {
        None
    };

    let plan = one(
        c,
        "SELECT planned_percent FROM supervision_plan WHERE org_id = $1 AND year = $2",
        vec![org.id.into(), year.into()],
    )
    .await?
    .map(|r| get::<f64>(&r, "planned_percent"))
    .transpose()?;
    let s = one(
        c,
        &format!(
            "SELECT COUNT(*) AS members, COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM supervision_record r \
             WHERE r.person_id = p.id AND r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}) THEN 1 ELSE 0 END), 0) AS supervised \
             {MEMBERS_ON_DATE}"
        ),
        base(),
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
    let records = one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM supervision_record r WHERE r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}"
        ),
        base(),
    )
    .await?
    .map(|r| get_count(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    let supervision = (records > 0 || plan.is_some()).then_some(SupervisionCoverage {
        members: get_count(&s, "members")?,
        supervised: get_count(&s, "supervised")?,
        planned_percent: plan,
    });

    let r = one(
        c,
        &format!(
            "SELECT COALESCE(SUM(CASE WHEN level = 'excellent' THEN 1 ELSE 0 END), 0) AS excellent, \
             COALESCE(SUM(CASE WHEN level = 'good' THEN 1 ELSE 0 END), 0) AS good, \
             COALESCE(SUM(CASE WHEN level = 'complete' THEN 1 ELSE 0 END), 0) AS complete, \
             COALESCE(SUM(CASE WHEN level = 'incomplete' THEN 1 ELSE 0 END), 0) AS incomplete \
             FROM member_rating WHERE year = $3 AND stage = 'decision' AND org_id IN {sub}"
        ),
        vec![on.into(), path.clone().into(), year.into()],
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
    let ratings = LevelCounts {
        excellent: get_count(&r, "excellent")?,
        good: get_count(&r, "good")?,
        complete: get_count(&r, "complete")?,
        incomplete: get_count(&r, "incomplete")?,
    };

    let r = one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM person p WHERE p.admitted_on >= $3 AND p.admitted_on <= $4 \
             AND EXISTS (SELECT 1 FROM posting m WHERE m.person_id = p.id AND m.kind = 'regular' AND m.org_id IN {sub} \
             AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on))"
        ),
        base(),
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
    let admissions = get_count(&r, "n")?;

    let org_rating = one(
        c,
        "SELECT level FROM org_rating WHERE org_id = $1 AND year = $2 AND stage = 'decision'",
        vec![org.id.into(), year.into()],
    )
    .await?
    .map(|r| get::<String>(&r, "level"))
    .transpose()?
    .and_then(|l| RatingLevel::from_code(&l));

    Ok(YearMetrics {
        year,
        attendance,
        study,
        supervision,
        ratings: (ratings.total() > 0).then_some(ratings),
        admissions,
        org_rating,
    })
}

async fn load_resolution(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    term: Option<Term>,
) -> Result<ResolutionRow> {
    let r = match term {
        Some(t) => {
            one(
                c,
                "SELECT id, term_from, term_to, title, adopted_on FROM resolution WHERE org_id = $1 AND term_from = $2 AND term_to = $3",
                vec![org.id.into(), t.from.into(), t.to.into()],
            )
            .await?
        }
        None => {
            one(
                c,
                "SELECT id, term_from, term_to, title, adopted_on FROM resolution WHERE org_id = $1 ORDER BY term_from DESC LIMIT 1",
                vec![org.id.into()],
            )
            .await?
        }
    };
    let Some(r) = r else {
        return Err(DbError::NotFound {
            what: "nghị quyết đại hội",
            key: match term {
                Some(t) => format!("{} nhiệm kỳ {t}", org.code),
                None => org.code.clone(),
            },
        });
    };
    let id: i32 = get(&r, "id")?;
    let targets = all(
        c,
        "SELECT id, position, text, comparator, value, unit, period, source FROM target WHERE resolution_id = $1 ORDER BY position, id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(target_from_row)
    .collect::<Result<Vec<_>>>()?;
    Ok(ResolutionRow {
        id,
        org: org.clone(),
        term: Term {
            from: get(&r, "term_from")?,
            to: get(&r, "term_to")?,
        },
        title: get(&r, "title")?,
        adopted_on: get(&r, "adopted_on")?,
        targets,
    })
}

impl Db {
    /// Stores a congress resolution with its targets; one per organization and term.
    pub async fn add_resolution(&self, actor: &Actor, r: &NewResolution) -> Result<i32> {
        let title = domain::text::normalize(&r.title);
        if title.is_empty() {
            return Err(DbError::Invalid(
                "tên nghị quyết không được để trống".into(),
            ));
        }
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &r.org.trim().to_uppercase(), None).await?;
        if one(
            &tx,
            "SELECT id FROM resolution WHERE org_id = $1 AND term_from = $2",
            vec![org.id.into(), r.term.from.into()],
        )
        .await?
        .is_some()
        {
            return Err(DbError::Invalid(format!(
                "{} đã có nghị quyết đại hội nhiệm kỳ {}",
                org.name, r.term
            )));
        }
        let id = insert_id(
            &tx,
            "INSERT INTO resolution (org_id, term_from, term_to, title, adopted_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                org.id.into(),
                r.term.from.into(),
                r.term.to.into(),
                title.clone().into(),
                r.adopted_on.into(),
                now().into(),
            ],
        )
        .await?;
        for (i, t) in r.targets.iter().enumerate() {
            // Targets built elsewhere than `Target::new` are checked the same way.
            let t = Target::new(&t.text, t.comparator, t.value, &t.unit, t.period, t.source)
                .map_err(DbError::invalid)?;
            exec(
                &tx,
                "INSERT INTO target (resolution_id, position, text, comparator, value, unit, period, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                vec![
                    id.into(),
                    (i as i32 + 1).into(),
                    t.text.into(),
                    t.comparator.code().into(),
                    t.value.into(),
                    t.unit.into(),
                    t.period.code().into(),
                    t.source.code().into(),
                ],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "resolution_added",
            "resolution",
            id,
            None,
            Some(json!({"org": org.code, "term": r.term.to_string(), "title": title, "targets": r.targets})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The organization's resolution for a term (the latest when `None`).
    pub async fn resolution(&self, org: &str, term: Option<Term>) -> Result<ResolutionRow> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        load_resolution(&self.conn, &org, term).await
    }

    /// Enters (or corrects) a manual target's value for a year, with its evidence; the value
    /// replaced is kept in the audit log.
    pub async fn set_target_value(
        &self,
        actor: &Actor,
        target_id: i32,
        year: i32,
        value: f64,
        evidence: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let evidence = domain::text::normalize(evidence);
        if evidence.is_empty() {
            return Err(DbError::invalid(TargetError::NoEvidence));
        }
        if !value.is_finite() || value < 0.0 {
            return Err(DbError::invalid(TargetError::BadValue(value.to_string())));
        }
        super::check_year(year, today)?;
        let tx = self.write_tx().await?;
        let t = one(
            &tx,
            "SELECT t.source, r.term_from, r.term_to FROM target t JOIN resolution r ON r.id = t.resolution_id WHERE t.id = $1",
            vec![target_id.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "chỉ tiêu",
            key: target_id.to_string(),
        })?;
        let source: String = get(&t, "source")?;
        if source != Source::Manual.code() {
            return Err(DbError::Invalid(format!(
                "chỉ tiêu này tính từ dữ liệu ({}), không nhập tay",
                Source::from_code(&source).map(|s| s.label()).unwrap_or("?")
            )));
        }
        let term = Term {
            from: get(&t, "term_from")?,
            to: get(&t, "term_to")?,
        };
        if !term.contains(year) {
            return Err(DbError::invalid(TargetError::YearOutsideTerm {
                year,
                term,
            }));
        }
        let before = one(
            &tx,
            "SELECT value, evidence FROM target_value WHERE target_id = $1 AND year = $2",
            vec![target_id.into(), year.into()],
        )
        .await?;
        let before = match before {
            Some(r) => Some(
                json!({"year": year, "value": get::<f64>(&r, "value")?, "evidence": get::<String>(&r, "evidence")?}),
            ),
            None => None,
        };
        if before.is_some() {
            exec(
                &tx,
                "UPDATE target_value SET value = $1, evidence = $2 WHERE target_id = $3 AND year = $4",
                vec![value.into(), evidence.clone().into(), target_id.into(), year.into()],
            )
            .await?;
        } else {
            exec(
                &tx,
                "INSERT INTO target_value (target_id, year, value, evidence) VALUES ($1, $2, $3, $4)",
                vec![target_id.into(), year.into(), value.into(), evidence.clone().into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "target_value_set",
            "target",
            target_id,
            before,
            Some(json!({"year": year, "value": value, "evidence": evidence})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What the data says about one year for an organization's subtree.
    pub async fn year_metrics(
        &self,
        org: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<YearMetrics> {
        year_bounds(year)?;
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        year_metrics(&self.conn, &org, year, today).await
    }

    /// The review of the organization's resolution for a term (the latest when `None`): each
    /// target evaluated on every year of the term up to this year that has data.
    pub async fn review(
        &self,
        org: &str,
        term: Option<Term>,
        today: NaiveDate,
    ) -> Result<ReviewResult> {
        let code = org.trim().to_uppercase();
        let latest = require_org(&self.conn, &code, None).await?;
        let res = load_resolution(&self.conn, &latest, term).await?;
        let years: Vec<i32> = res.term.years_until(today.year()).collect();
        let needs_data = res.targets.iter().any(|t| t.target.source.is_computed());
        let mut metrics = Vec::new();
        if needs_data {
            for &y in &years {
                let on = reference_date(y, today);
                // The organization as it stood that year (its subtree then); skip years it did
                // not exist.
                if let Ok(o) = require_org(&self.conn, &code, Some(on)).await {
                    metrics.push(year_metrics(&self.conn, &o, y, today).await?);
                }
            }
        }
        let mut targets = Vec::new();
        for t in &res.targets {
            let mut evidence = BTreeMap::new();
            let by_year: BTreeMap<i32, f64> = if t.target.source == Source::Manual {
                let rows = all(
                    &self.conn,
                    "SELECT year, value, evidence FROM target_value WHERE target_id = $1 AND year >= $2 AND year <= $3 ORDER BY year",
                    vec![t.id.into(), res.term.from.into(), today.year().into()],
                )
                .await?;
                let mut m = BTreeMap::new();
                for r in &rows {
                    let y: i32 = get(r, "year")?;
                    m.insert(y, get::<f64>(r, "value")?);
                    evidence.insert(y, get::<String>(r, "evidence")?);
                }
                m
            } else {
                metrics
                    .iter()
                    .filter_map(|m| m.value(t.target.source).map(|v| (m.year, v)))
                    .collect()
            };
            targets.push(ReviewTarget {
                id: t.id,
                target: t.target.clone(),
                evaluation: t.target.evaluate(by_year),
                evidence,
            });
        }
        let summary = Summary::of(targets.iter().map(|t| &t.evaluation));
        Ok(ReviewResult {
            org: latest,
            term: res.term,
            title: res.title,
            years,
            targets,
            summary,
        })
    }
}
