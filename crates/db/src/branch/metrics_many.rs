//! The yearly metrics of many organizations at once, from one set of aggregates over a
//! superior's whole subtree instead of one review per organization (for the roll-up and the
//! home page), with [`super::year_rows`] counting them up each organization's chain.
//!
//! The rows of a year are kept in memory with the generation of every organization of the
//! subtree (`organization.tally_gen`, raised by triggers on every write that counts for it,
//! migration 18). The next request reads the generations first, then reads again only the
//! rows of the organizations whose generation moved, so the first request after a write costs
//! a few small queries instead of every aggregate. The generations are read before the rows:
//! a write between the two leaves a generation older than the rows, which only means those
//! rows are read once more next time, never that a change is missed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use domain::branch::meeting;
use domain::branch::rating::RatingLevel;
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;

use super::kept::{KeptYear, Stamp};
use super::metrics::{YearMetrics, YearScope, year_metrics};
use super::year_rows::{Acc, Chains, Only, YearRows};
use super::{reference_date, year_bounds};
use crate::Db;
use crate::error::Result;
use crate::register::orgs::require_org;
use crate::sql::{all, get};

/// Above this many organizations changed since the rows were kept, the year is read whole.
const READ_WHOLE_ABOVE: usize = 500;
impl Db {
    /// What the data says about one year for an organization's subtree: from the year's rows
    /// kept per organization under their generations ([`year_metrics_many`] with the
    /// organization as its own root), so that a country's study page reads again only what
    /// changed; debug builds (every test) check it against the aggregates over the subtree.
    pub async fn year_metrics(
        &self,
        org: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<YearMetrics> {
        year_bounds(year)?;
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let one = std::collections::HashSet::from([org.id]);
        let kept = year_metrics_many(self, &org.code, &one, year, today)
            .await?
            .remove(&org.id);
        let direct = || year_metrics(&self.conn, &org, year, today);
        match kept {
            Some(m) if cfg!(debug_assertions) => {
                let show = |m: &YearMetrics| serde_json::to_string(m).unwrap_or_default();
                if show(&m) != show(&direct().await?) {
                    // A write between the two reads may explain it: once more, both.
                    let again = year_metrics_many(self, &org.code, &one, year, today).await?;
                    let kept = again.get(&org.id).map(show).unwrap_or_default();
                    assert_eq!(kept, show(&direct().await?), "year {year} of {}", org.code);
                }
                Ok(m)
            }
            Some(m) => Ok(m),
            None => direct().await,
        }
    }
}

/// What [`super::metrics`]'s `year_metrics` gives for each organization of `wanted`, computed
/// at once over the subtree of `root` as it stood in `year`. Organizations outside that
/// subtree that year get nothing.
pub(crate) async fn year_metrics_many(
    db: &Db,
    root: &str,
    wanted: &HashSet<i32>,
    year: i32,
    today: NaiveDate,
) -> Result<HashMap<i32, YearMetrics>> {
    let c = &db.conn;
    let on = reference_date(year, today);
    year_bounds(year)?;
    let Ok(root) = require_org(c, root, Some(on)).await else {
        return Ok(HashMap::new());
    };
    let s = YearScope::of(&root.path, year, today)?;
    let key = (root.path.clone(), year, today);
    // One short query says whether anything moved since the year was kept; only then are
    // the generations of every organization read (175.000 rows for a country).
    if let Some(k) = db.kept.get(&key)
        && k.stamp == stamp_of(c, &s).await?
    {
        return Ok(metrics_from(&k.rows, k.paths.clone(), wanted, year));
    }
    let (orgs, gens, stamp) = subtree_of(c, &s).await?;
    let tree = super::kept::digest(&orgs);
    let kept = db.kept.get(&key).filter(|k| k.tree == tree);
    let changed: Option<Vec<i32>> = kept.as_ref().map(|k| {
        gens.iter()
            .filter(|(id, g)| k.gens.get(id) != Some(g))
            .map(|(id, _)| *id)
            .collect()
    });
    let rows = match (&kept, changed) {
        (Some(k), Some(changed)) if changed.is_empty() => k.rows.clone(),
        (Some(k), Some(changed)) if changed.len() <= READ_WHOLE_ABOVE => {
            db.kept.count(false);
            let rows = Arc::new(k.rows.refreshed(c, &s, &changed).await?);
            check_against_whole(db, &s, &rows, (&orgs, &gens)).await?;
            rows
        }
        _ => {
            db.kept.count(true);
            Arc::new(YearRows::read(c, &s, Only::Whole).await?)
        }
    };
    let paths = match &kept {
        Some(k) => k.paths.clone(),
        None => Chains::paths(&orgs),
    };
    db.kept.put(
        key,
        KeptYear {
            tree,
            stamp,
            gens,
            paths: paths.clone(),
            rows: rows.clone(),
        },
    );
    Ok(metrics_from(&rows, paths, wanted, year))
}

/// The subtree's [`Stamp`] now, in one aggregate over its organizations.
async fn stamp_of(c: &impl sea_orm::ConnectionTrait, s: &YearScope) -> Result<Stamp> {
    let r = crate::sql::one(
        c,
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(o.tally_gen), 0) AS BIGINT) AS g, \
         CAST(COALESCE(SUM(v.id), 0) AS BIGINT) AS v \
         FROM org_version v JOIN organization o ON o.id = v.org_id \
         WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2",
        s.on_path(),
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("stamp".into()))?;
    Ok((get(&r, "n")?, get(&r, "g")?, get(&r, "v")?))
}

/// Each wanted organization's figures from the year's rows.
fn metrics_from(
    rows: &YearRows,
    paths: Arc<HashMap<i32, Vec<i32>>>,
    wanted: &HashSet<i32>,
    year: i32,
) -> HashMap<i32, YearMetrics> {
    let chains = Chains::of(paths, wanted);
    let acc = rows.count(&chains);
    let plans: HashMap<i32, f64> = rows.plans.iter().copied().collect();
    let org_ratings: HashMap<i32, RatingLevel> = rows.org_ratings.iter().copied().collect();
    wanted
        .iter()
        .filter(|id| chains.paths.contains_key(id))
        .map(|id| {
            let a = acc.get(id).copied().unwrap_or_default();
            let m = metrics_of(
                year,
                a,
                plans.get(id).copied(),
                org_ratings.get(id).copied(),
            );
            (*id, m)
        })
        .collect()
}

/// Debug builds (every test): rows refreshed in part give every organization the figures the
/// whole year read afresh gives, unless a write came after the generations were read (which
/// may explain a difference).
async fn check_against_whole(
    db: &Db,
    s: &YearScope,
    rows: &YearRows,
    (orgs, gens): (&[(i32, String)], &HashMap<i32, i64>),
) -> Result<()> {
    if cfg!(debug_assertions) {
        let all: HashSet<i32> = orgs.iter().map(|(id, _)| *id).collect();
        let show = |r: &YearRows| {
            let m = metrics_from(r, Chains::paths(orgs), &all, s.year);
            let sorted: std::collections::BTreeMap<_, _> = m.into_iter().collect();
            serde_json::to_string(&sorted).unwrap_or_default()
        };
        let whole = YearRows::read(&db.conn, s, Only::Whole).await?;
        let (orgs_now, gens_now, _) = subtree_of(&db.conn, s).await?;
        if orgs_now == orgs && &gens_now == gens {
            assert_eq!(
                show(&whole),
                show(rows),
                "rows kept for {} in {} differ from the year read whole",
                s.path,
                s.year
            );
        }
    }
    Ok(())
}

/// The year's figures of one organization from its counts, its supervision plan and its rating.
fn metrics_of(
    year: i32,
    a: Acc,
    plan: Option<f64>,
    org_rating: Option<RatingLevel>,
) -> YearMetrics {
    YearMetrics {
        year,
        attendance: (a.counted > 0).then(|| meeting::attendance_rate(a.present, a.counted)),
        study: (a.sessions > 0).then_some(Coverage {
            members: a.members,
            members_studied: a.members_studied,
            non_members: a.non_members,
            non_members_studied: a.non_members_studied,
        }),
        supervision: (a.records > 0 || plan.is_some()).then_some(SupervisionCoverage {
            members: a.members,
            supervised: a.supervised,
            planned_percent: plan,
        }),
        ratings: (a.ratings.total() > 0).then_some(a.ratings),
        admissions: a.admissions,
        org_rating,
        pledged: a.pledged,
        self_assessed: a.self_assessed,
    }
}

/// The subtree as it stood on the reference date: each organization's path (in id order),
/// its generation now, and the [`Stamp`] of them.
async fn subtree_of(
    c: &impl sea_orm::ConnectionTrait,
    s: &YearScope,
) -> Result<(Vec<(i32, String)>, HashMap<i32, i64>, Stamp)> {
    let rows = all(
        c,
        "SELECT v.id, v.org_id, v.path, o.tally_gen FROM org_version v JOIN organization o ON o.id = v.org_id \
         WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2 ORDER BY v.org_id",
        s.on_path(),
    )
    .await?;
    let mut orgs = Vec::with_capacity(rows.len());
    let mut gens = HashMap::with_capacity(rows.len());
    let mut stamp: Stamp = (rows.len() as i64, 0, 0);
    for r in &rows {
        let id: i32 = get(r, "org_id")?;
        let generation: i64 = get(r, "tally_gen")?;
        orgs.push((id, get::<String>(r, "path")?));
        gens.insert(id, generation);
        stamp.1 += generation;
        stamp.2 += i64::from(get::<i32>(r, "id")?);
    }
    Ok((orgs, gens, stamp))
}
