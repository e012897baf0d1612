//! The roll-up for a superior: every subordinate organization's resolution reviewed for a year,
//! the mid-term or the end of the term (`domain::branch::rollup`), from one set of aggregates
//! per year over the superior's whole subtree instead of one review per organization
//! ([`super::metrics_many`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use domain::branch::rollup::{Line, Scope, Totals, roll_up};
use domain::branch::target::{Source, Term};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::kept::KeptPlan;
use super::metrics::YearMetrics;
use super::metrics_many::year_metrics_many;
use super::review::{TargetRow, target_from_row};
use super::year_bounds;
use crate::Db;
use crate::error::Result;
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, get};

/// One organization of the roll-up, with where it sits.
#[derive(Debug, Clone, Serialize)]
pub struct RollupEntry {
    pub line: Line,
    pub kind: domain::register::org::OrgKind,
    pub path: String,
}

/// The roll-up of a superior's subtree.
#[derive(Debug, Clone, Serialize)]
pub struct RollupResult {
    pub root: OrgRow,
    pub scope: Scope,
    /// In the superior's reading order: those needing attention first.
    pub entries: Vec<RollupEntry>,
    pub totals: Totals,
}

impl Db {
    /// What the data says about one year for each organization of `orgs` (codes), from one set
    /// of aggregates over `root`'s subtree: the same figures as [`Db::year_metrics`] of each.
    pub async fn year_metrics_batch(
        &self,
        root: &str,
        orgs: &[String],
        year: i32,
        today: NaiveDate,
    ) -> Result<BTreeMap<String, YearMetrics>> {
        use std::hash::{Hash, Hasher};
        year_bounds(year)?;
        // Remembered while the data is unchanged: a committee's home page asks for every
        // branch's year at each visit (2.000 branches in a province).
        let mut h = std::collections::hash_map::DefaultHasher::new();
        orgs.hash(&mut h);
        let key = format!(
            "year_metrics_batch|{root}|{year}|{today}|{}|{:x}",
            orgs.len(),
            h.finish()
        );
        self.cache
            .get_or(key, || {
                self.year_metrics_batch_uncached(root, orgs, year, today)
            })
            .await
    }

    async fn year_metrics_batch_uncached(
        &self,
        root: &str,
        orgs: &[String],
        year: i32,
        today: NaiveDate,
    ) -> Result<BTreeMap<String, YearMetrics>> {
        // The codes of the subtree in one read (a province asks for 2.000 branches); a code
        // outside it is looked up alone, which names it if it does not exist.
        let top = require_org(&self.conn, &root.trim().to_uppercase(), None).await?;
        let known = all(
            &self.conn,
            "SELECT DISTINCT o.id, o.code FROM organization o JOIN org_version v ON v.org_id = o.id WHERE v.path LIKE $1",
            vec![format!("{}%", top.path).into()],
        )
        .await?;
        let mut by_code = HashMap::new();
        for r in &known {
            by_code.insert(get::<String>(r, "code")?, get::<i32>(r, "id")?);
        }
        let mut ids = HashMap::new();
        for code in orgs {
            let code = code.trim().to_uppercase();
            match by_code.get(&code) {
                Some(id) => ids.insert(*id, code),
                None => {
                    let o = require_org(&self.conn, &code, None).await?;
                    ids.insert(o.id, o.code)
                }
            };
        }
        let wanted: HashSet<i32> = ids.keys().copied().collect();
        let m = year_metrics_many(self, &root.trim().to_uppercase(), &wanted, year, today).await?;
        Ok(m.into_iter()
            .filter_map(|(id, v)| ids.get(&id).map(|c| (c.clone(), v)))
            .collect())
    }

    /// The roll-up of the resolutions of every organization under `root` (not `root` itself)
    /// that `readable` lets through (given the organization's path), for `scope`. Each line
    /// reviews its organization's whole subtree, whoever reads it; the lines are computed once
    /// and kept until the next write (`crate::cache`), then filtered, ordered and counted
    /// for the reader.
    pub async fn rollup(
        &self,
        root: &str,
        scope: Scope,
        today: NaiveDate,
        readable: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<RollupResult> {
        let key = root.trim().to_uppercase();
        let (root, all) = self
            .cache
            .get_or(format!("rollup|{key}|{scope:?}|{today}"), || async {
                let (root, all) = self.rollup_all(&key, scope, today).await?;
                Ok((root, std::sync::Arc::new(all)))
            })
            .await?;
        let (lines, totals) = roll_up(
            all.iter()
                .filter(|e| readable(&e.path))
                .map(|e| e.line.clone())
                .collect(),
        );
        let by_code: HashMap<&str, &RollupEntry> =
            all.iter().map(|e| (e.line.code.as_str(), e)).collect();
        let entries = lines
            .into_iter()
            .filter_map(|l| {
                by_code.get(l.code.as_str()).map(|e| RollupEntry {
                    line: l,
                    kind: e.kind,
                    path: e.path.clone(),
                })
            })
            .collect();
        Ok(RollupResult {
            root,
            scope,
            entries,
            totals,
        })
    }

    /// Forgets the roll-ups and other answers kept (for measuring the computation after a
    /// change: the yearly rows kept per organization stay).
    pub fn forget_rollups(&self) {
        self.cache.forget();
    }

    /// Forgets, besides the answers, the yearly rows kept per organization (for measuring the
    /// computation from nothing).
    pub fn forget_rollup_rows(&self) {
        self.cache.forget();
        self.kept.forget();
    }

    /// Every line of the roll-up, in no order.
    async fn rollup_all(
        &self,
        root: &str,
        scope: Scope,
        today: NaiveDate,
    ) -> Result<(OrgRow, Vec<RollupEntry>)> {
        let this_year = today.year();
        let tree = self.tree(root, None).await?;
        let Some(root) = tree.first().cloned() else {
            return Err(crate::DbError::NotFound {
                what: "tổ chức",
                key: root.to_string(),
            });
        };
        let orgs: HashMap<i32, OrgRow> = tree
            .into_iter()
            .filter(|o| o.id != root.id)
            .map(|o| (o.id, o))
            .collect();
        let plan = self.plan(&root, &orgs).await?;
        let chosen = choose_resolutions(&plan.terms, scope, this_year);
        let targets = chosen_targets(&plan.targets, &chosen);
        let manual = &plan.manual;
        let wanted_by_year = computed_years(&chosen, &targets, scope);
        let mut metrics: HashMap<(i32, i32), YearMetrics> = HashMap::new();
        for (year, wanted) in &wanted_by_year {
            for (org, m) in year_metrics_many(self, &root.code, wanted, *year, today).await? {
                metrics.insert((org, *year), m);
            }
        }
        let mut entries = Vec::with_capacity(chosen.len());
        for (org, ch) in &chosen {
            let o = &orgs[org];
            let evaluations: Vec<_> = targets
                .get(org)
                .copied()
                .unwrap_or(&[])
                .iter()
                .map(|t| {
                    let by_year = values_by_year(t, *org, &ch.window, manual, &metrics);
                    scope.evaluate(&t.target, &by_year)
                })
                .collect();
            entries.push(RollupEntry {
                line: Line::of(&o.code, &o.name, ch.term, &evaluations),
                kind: o.kind,
                path: o.path.clone(),
            });
        }
        Ok((root, entries))
    }

    /// The subordinates' resolutions, targets and values entered by hand, kept in memory
    /// while no organization of the subtree has a new plan generation (triggers raise it on
    /// every write to the three tables, migration 18).
    async fn plan(&self, root: &OrgRow, orgs: &HashMap<i32, OrgRow>) -> Result<Arc<KeptPlan>> {
        let gens = all(
            &self.conn,
            &format!(
                "SELECT o.id, o.plan_gen FROM organization o WHERE o.id IN {SUBORDINATES} ORDER BY o.id"
            ),
            subordinates_of(root),
        )
        .await?
        .iter()
        .map(|r| Ok((get::<i32>(r, "id")?, get::<i64>(r, "plan_gen")?)))
        .collect::<Result<Vec<_>>>()?;
        let digest = super::kept::digest(&gens);
        if let Some(kept) = self.kept.plan(&root.path, digest) {
            return Ok(kept);
        }
        // Read after the generations: a write in between is read again next time.
        let plan = Arc::new(KeptPlan {
            digest,
            terms: subordinate_resolutions(&self.conn, root, orgs).await?,
            targets: subordinate_targets(&self.conn, root).await?,
            manual: manual_values(&self.conn, root).await?,
        });
        self.kept.put_plan(root.path.clone(), plan.clone());
        Ok(plan)
    }
}

/// `(SELECT org_id …)`: the organizations under the roll-up's root today, not the root itself
/// (`$1` its path, `$2` its id).
const SUBORDINATES: &str = "(SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1 AND v.org_id <> $2)";

/// The values bound by [`SUBORDINATES`].
fn subordinates_of(root: &OrgRow) -> Vec<sea_orm::Value> {
    vec![format!("{}%", root.path).into(), root.id.into()]
}

/// The resolution a scope reviews for one organization, with its window of years.
struct Chosen {
    term: Term,
    id: i32,
    window: Vec<i32>,
}

/// Each organization's resolutions: (term, resolution id).
async fn subordinate_resolutions(
    c: &impl ConnectionTrait,
    root: &OrgRow,
    orgs: &HashMap<i32, OrgRow>,
) -> Result<HashMap<i32, Vec<(Term, i32)>>> {
    let mut terms: HashMap<i32, Vec<(Term, i32)>> = HashMap::new();
    for r in all(
        c,
        &format!(
            "SELECT id, org_id, term_from, term_to FROM resolution WHERE org_id IN {SUBORDINATES}"
        ),
        subordinates_of(root),
    )
    .await?
    .iter()
    {
        let org: i32 = get(r, "org_id")?;
        if orgs.contains_key(&org) {
            terms.entry(org).or_default().push((
                Term {
                    from: get(r, "term_from")?,
                    to: get(r, "term_to")?,
                },
                get(r, "id")?,
            ));
        }
    }
    Ok(terms)
}

/// The resolution the scope reviews for each organization that has one.
fn choose_resolutions(
    terms: &HashMap<i32, Vec<(Term, i32)>>,
    scope: Scope,
    this_year: i32,
) -> HashMap<i32, Chosen> {
    let mut chosen = HashMap::new();
    for (org, ts) in terms {
        let list: Vec<Term> = ts.iter().map(|(t, _)| *t).collect();
        if let Some(t) = scope.choose(&list, this_year)
            && let Some((_, id)) = ts.iter().find(|(x, _)| *x == t)
        {
            chosen.insert(
                *org,
                Chosen {
                    term: t,
                    id: *id,
                    window: scope.window(t, this_year),
                },
            );
        }
    }
    chosen
}

/// The targets of the subordinates' resolutions, by resolution, in order.
async fn subordinate_targets(
    c: &impl ConnectionTrait,
    root: &OrgRow,
) -> Result<HashMap<i32, Vec<TargetRow>>> {
    let mut targets: HashMap<i32, Vec<TargetRow>> = HashMap::new();
    for r in all(
        c,
        &format!(
            "SELECT t.id, t.resolution_id, t.position, t.text, t.comparator, t.value, t.unit, t.period, t.source \
             FROM target t JOIN resolution r ON r.id = t.resolution_id WHERE r.org_id IN {SUBORDINATES} ORDER BY t.position, t.id"
        ),
        subordinates_of(root),
    )
    .await?
    .iter()
    {
        let res: i32 = get(r, "resolution_id")?;
        targets.entry(res).or_default().push(target_from_row(r)?);
    }
    Ok(targets)
}

/// The targets of the chosen resolutions, by organization, in order.
fn chosen_targets<'a>(
    targets: &'a HashMap<i32, Vec<TargetRow>>,
    chosen: &HashMap<i32, Chosen>,
) -> HashMap<i32, &'a [TargetRow]> {
    chosen
        .iter()
        .filter_map(|(org, ch)| targets.get(&ch.id).map(|t| (*org, t.as_slice())))
        .collect()
}

/// The values entered by hand for the subordinates' targets: target → year → value.
async fn manual_values(
    c: &impl ConnectionTrait,
    root: &OrgRow,
) -> Result<HashMap<i32, BTreeMap<i32, f64>>> {
    let mut manual: HashMap<i32, BTreeMap<i32, f64>> = HashMap::new();
    for r in all(
        c,
        &format!(
            "SELECT x.target_id, x.year, x.value FROM target_value x JOIN target t ON t.id = x.target_id \
             JOIN resolution r ON r.id = t.resolution_id WHERE r.org_id IN {SUBORDINATES}"
        ),
        subordinates_of(root),
    )
    .await?
    .iter()
    {
        manual
            .entry(get(r, "target_id")?)
            .or_default()
            .insert(get(r, "year")?, get(r, "value")?);
    }
    Ok(manual)
}

/// The organizations whose computed targets count in each year of their window, by year:
/// the yearly figures to compute, one batch a year.
fn computed_years(
    chosen: &HashMap<i32, Chosen>,
    targets: &HashMap<i32, &[TargetRow]>,
    scope: Scope,
) -> BTreeMap<i32, HashSet<i32>> {
    let mut wanted_by_year: BTreeMap<i32, HashSet<i32>> = BTreeMap::new();
    for (org, ch) in chosen {
        let computed: Vec<_> = targets
            .get(org)
            .copied()
            .unwrap_or(&[])
            .iter()
            .filter(|t| t.target.source.is_computed())
            .collect();
        for y in &ch.window {
            if computed.iter().any(|t| scope.counts(&t.target, *y)) {
                wanted_by_year.entry(*y).or_default().insert(*org);
            }
        }
    }
    wanted_by_year
}

/// A target's values in the years of `window`: entered by hand, or the organization's
/// yearly figure for its source.
fn values_by_year(
    t: &TargetRow,
    org: i32,
    window: &[i32],
    manual: &HashMap<i32, BTreeMap<i32, f64>>,
    metrics: &HashMap<(i32, i32), YearMetrics>,
) -> BTreeMap<i32, f64> {
    if t.target.source == Source::Manual {
        manual
            .get(&t.id)
            .map(|m| {
                m.iter()
                    .filter(|(y, _)| window.contains(y))
                    .map(|(y, v)| (*y, *v))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        window
            .iter()
            .filter_map(|y| {
                metrics
                    .get(&(org, *y))
                    .and_then(|m| m.value(t.target.source))
                    .map(|v| (*y, v))
            })
            .collect()
    }
}
