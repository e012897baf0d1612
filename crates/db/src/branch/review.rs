//! Congress resolutions and their targets, the yearly metrics (computed in SQL from what is
//! recorded, [`super::metrics`]), values entered by hand with evidence, and the review: every
//! target evaluated year by year by `domain::branch::target`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use domain::branch::target::{
    Comparator, Evaluation, Period, Source, Summary, Target, TargetError, Term,
};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::reference_date;
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, exec, get, insert_id, now, one};

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

/// A value entered by hand must come with evidence and be a finite number, not negative;
/// returns the evidence normalized.
fn checked_value(value: f64, evidence: &str) -> Result<String> {
    let evidence = domain::text::normalize(evidence);
    if evidence.is_empty() {
        return Err(DbError::invalid(TargetError::NoEvidence));
    }
    if !value.is_finite() || value < 0.0 {
        return Err(DbError::invalid(TargetError::BadValue(value.to_string())));
    }
    Ok(evidence)
}

/// Refuses a target that is computed from the data, or whose resolution's term does not
/// contain `year`.
async fn check_manual_target(c: &impl ConnectionTrait, target_id: i32, year: i32) -> Result<()> {
    let t = one(
        c,
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
    Ok(())
}

/// The value entered for a target and year, as the audit log keeps it (`None`: none yet).
async fn target_value(
    c: &impl ConnectionTrait,
    target_id: i32,
    year: i32,
) -> Result<Option<serde_json::Value>> {
    let before = one(
        c,
        "SELECT value, evidence FROM target_value WHERE target_id = $1 AND year = $2",
        vec![target_id.into(), year.into()],
    )
    .await?;
    Ok(match before {
        Some(r) => Some(
            json!({"year": year, "value": get::<f64>(&r, "value")?, "evidence": get::<String>(&r, "evidence")?}),
        ),
        None => None,
    })
}

/// Writes a target's value for a year: replaces the one entered when `replacing`, otherwise
/// adds it.
async fn store_target_value(
    c: &impl ConnectionTrait,
    target_id: i32,
    year: i32,
    value: f64,
    evidence: &str,
    replacing: bool,
) -> Result<()> {
    if replacing {
        exec(
            c,
            "UPDATE target_value SET value = $1, evidence = $2 WHERE target_id = $3 AND year = $4",
            vec![value.into(), evidence.into(), target_id.into(), year.into()],
        )
        .await?;
    } else {
        exec(
            c,
            "INSERT INTO target_value (target_id, year, value, evidence) VALUES ($1, $2, $3, $4)",
            vec![target_id.into(), year.into(), value.into(), evidence.into()],
        )
        .await?;
    }
    Ok(())
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
        let evidence = checked_value(value, evidence)?;
        super::check_year(year, today)?;
        let tx = self.write_tx().await?;
        check_manual_target(&tx, target_id, year).await?;
        let before = target_value(&tx, target_id, year).await?;
        store_target_value(&tx, target_id, year, value, &evidence, before.is_some()).await?;
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

    /// The review of the organization's resolution for a term (the latest when `None`): each
    /// target evaluated on every year of the term up to this year that has data.
    /// The review a committee holds on `day` during the term (sơ kết giữa nhiệm kỳ): the
    /// resolution of `term`, or else the latest one whose term had begun by then; refused
    /// (in Vietnamese) for a day before the term began or after it ended. Only the years up to
    /// `day` count, the running one as far as it has gone.
    pub async fn review_as_of(
        &self,
        org: &str,
        term: Option<Term>,
        day: NaiveDate,
    ) -> Result<ReviewResult> {
        let code = org.trim().to_uppercase();
        let latest = require_org(&self.conn, &code, None).await?;
        let term = match term {
            Some(t) => t,
            None => {
                let r = one(
                    &self.conn,
                    "SELECT term_from, term_to FROM resolution WHERE org_id = $1 AND term_from <= $2 ORDER BY term_from DESC LIMIT 1",
                    vec![latest.id.into(), day.year().into()],
                )
                .await?;
                match r {
                    Some(r) => Term {
                        from: get(&r, "term_from")?,
                        to: get(&r, "term_to")?,
                    },
                    // No term had begun: the latest one says when it begins.
                    None => load_resolution(&self.conn, &latest, None).await?.term,
                }
            }
        };
        domain::branch::target::check_review_day(term, day)
            .map_err(|e| DbError::Invalid(e.to_string()))?;
        self.review(&code, Some(term), day).await
    }

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
                if require_org(&self.conn, &code, Some(on)).await.is_ok() {
                    // The set-wise reading of the roll-up (the same figures as
                    // `year_metrics`): a province's review in a second, not a minute.
                    let mut batch = self
                        .year_metrics_batch(&code, std::slice::from_ref(&code), y, today)
                        .await?;
                    metrics.extend(batch.remove(&code));
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
