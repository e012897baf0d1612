//! The roll-up for a superior: every subordinate organization's resolution reviewed for a year,
//! the mid-term or the end of the term (`domain::branch::rollup`), from one set of aggregates
//! per year over the superior's whole subtree instead of one review per organization.
//!
//! How the batch gives each organization what [`super::review`]'s `year_metrics` gives for its
//! subtree alone: the additive figures (attendance, members, ratings, study sessions,
//! supervision records) are counted per organization in SQL and added up each organization's
//! chain of ancestors in memory. "Studied" and "supervised" are not additive: a person counts
//! for an organization `O` when posted in `O`'s subtree and present at a session (or inspected
//! by a record) held in `O`'s subtree. For one person posted in `X` and a session held in `S`,
//! that holds exactly for the ancestors of the deepest common ancestor of `X` and `S`; so the
//! query returns (person, posting organization, session organization) and each person counts
//! once, up the chain from the deepest such ancestor. Admissions count a person once for every
//! organization above any of the postings they were admitted into.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::rollup::{Line, Scope, Totals, roll_up};
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use domain::branch::target::{Source, Term};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::review::{TargetRow, YearMetrics, target_from_row};
use super::{reference_date, subtree, year_bounds};
use crate::Db;
use crate::error::Result;
use crate::register::orgs::{OrgRow, require_org};
use crate::register::stats::MEMBERS_ON_DATE;
use crate::sql::{all, get, get_count};

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

/// The ids of a materialized path `/1/5/23/`, root first.
fn path_ids(path: &str) -> Vec<i32> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The tree of one year: each organization's chain of ancestors (itself first) restricted to
/// the organizations asked about.
struct Chains {
    /// org id → its path's ids, root first
    paths: HashMap<i32, Vec<i32>>,
    wanted: HashSet<i32>,
}

impl Chains {
    /// The wanted organizations at or above `org` (nothing for an organization unknown that year).
    fn up(&self, org: i32) -> impl Iterator<Item = i32> + '_ {
        self.paths
            .get(&org)
            .into_iter()
            .flat_map(|p| p.iter().copied())
            .filter(|id| self.wanted.contains(id))
    }

    /// The deepest organization above both `a` and `b`.
    fn common(&self, a: i32, b: i32) -> Option<(usize, i32)> {
        let (pa, pb) = (self.paths.get(&a)?, self.paths.get(&b)?);
        pa.iter()
            .zip(pb.iter())
            .take_while(|(x, y)| x == y)
            .enumerate()
            .last()
            .map(|(depth, (id, _))| (depth, *id))
    }
}

#[derive(Default, Clone, Copy)]
struct Acc {
    counted: u64,
    present: u64,
    sessions: u64,
    members: u64,
    members_studied: u64,
    non_members: u64,
    non_members_studied: u64,
    records: u64,
    supervised: u64,
    ratings: LevelCounts,
    admissions: u64,
}

/// For each person (and posting organization) the deepest organization shared by the posting
/// and any of the places in `pairs`, then one count up its chain.
fn count_shared(
    chains: &Chains,
    acc: &mut HashMap<i32, Acc>,
    pairs: &[(i32, i32, i32, bool)],
    add: fn(&mut Acc, bool),
) {
    let mut deepest: HashMap<(i32, i32), (usize, i32, bool)> = HashMap::new();
    for &(person, home, at, member) in pairs {
        if let Some((depth, id)) = chains.common(home, at) {
            let e = deepest.entry((person, home)).or_insert((depth, id, member));
            if depth > e.0 {
                *e = (depth, id, member);
            }
        }
    }
    for (_, (_, id, member)) in deepest {
        for o in chains.up(id) {
            add(acc.entry(o).or_default(), member);
        }
    }
}

/// What [`super::review`]'s `year_metrics` gives for each organization of `wanted`, computed
/// at once over the subtree of `root` as it stood in `year`. Organizations outside that
/// subtree that year get nothing.
pub(crate) async fn year_metrics_many(
    c: &impl ConnectionTrait,
    root: &str,
    wanted: &HashSet<i32>,
    year: i32,
    today: NaiveDate,
) -> Result<HashMap<i32, YearMetrics>> {
    let on = reference_date(year, today);
    let (from, to) = year_bounds(year)?;
    let to = to.min(today);
    let Ok(root) = require_org(c, root, Some(on)).await else {
        return Ok(HashMap::new());
    };
    let path = format!("{}%", root.path);
    let base =
        || -> Vec<sea_orm::Value> { vec![on.into(), path.clone().into(), from.into(), to.into()] };
    let sub = subtree(1, 2);
    let rows = all(
        c,
        "SELECT v.org_id, v.path FROM org_version v WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2",
        vec![on.into(), path.clone().into()],
    )
    .await?;
    let mut paths = HashMap::with_capacity(rows.len());
    for r in &rows {
        paths.insert(
            get::<i32>(r, "org_id")?,
            path_ids(&get::<String>(r, "path")?),
        );
    }
    let chains = Chains {
        paths,
        wanted: wanted.clone(),
    };
    let mut acc: HashMap<i32, Acc> = HashMap::new();
    // Adds a per-organization count up the chain.
    macro_rules! per_org {
        ($sql:expr, $params:expr, |$a:ident, $r:ident| $body:expr) => {
            for $r in all(c, &$sql, $params).await?.iter() {
                let org: i32 = get($r, "org_id")?;
                for o in chains.up(org) {
                    let $a = acc.entry(o).or_default();
                    $body;
                }
            }
        };
    }

    per_org!(
        format!(
            "SELECT g.org_id, COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present \
             FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
             WHERE a.standing = 'counted' AND g.held_on >= $3 AND g.held_on <= $4 AND g.org_id IN {sub} GROUP BY g.org_id"
        ),
        base(),
        |a, r| {
            a.counted += get_count(r, "counted")?;
            a.present += get_count(r, "present")?;
        }
    );
    per_org!(
        format!(
            "SELECT s.org_id, COUNT(*) AS n FROM study_session s WHERE s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 \
             AND s.org_id IN {sub} GROUP BY s.org_id"
        ),
        base(),
        |a, r| a.sessions += get_count(r, "n")?
    );
    per_org!(
        format!("SELECT m.org_id, COUNT(*) AS n {MEMBERS_ON_DATE} GROUP BY m.org_id"),
        vec![on.into(), path.clone().into()],
        |a, r| a.members += get_count(r, "n")?
    );
    let any_sessions = acc.values().any(|a| a.sessions > 0);
    if any_sessions {
        per_org!(
            format!(
                "SELECT m.org_id, COUNT(*) AS n FROM person p CROSS JOIN posting m \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND (p.admitted_on IS NULL OR p.admitted_on > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) GROUP BY m.org_id"
            ),
            vec![on.into(), path.clone().into()],
            |a, r| a.non_members += get_count(r, "n")?
        );
        let pairs = all(
            c,
            &format!(
                "SELECT DISTINCT p.id AS person, m.org_id AS home, s.org_id AS at, \
                 CASE WHEN p.admitted_on IS NOT NULL AND p.admitted_on <= $1 THEN 1 ELSE 0 END AS member \
                 FROM person p CROSS JOIN posting m JOIN study_attendance a ON a.person_id = p.id \
                 JOIN study_session s ON s.id = a.session_id \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) \
                 AND s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 AND s.org_id IN {sub}"
            ),
            base(),
        )
        .await?
        .iter()
        .map(|r| {
            Ok((
                get(r, "person")?,
                get(r, "home")?,
                get(r, "at")?,
                get::<i32>(r, "member")? != 0,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
        count_shared(&chains, &mut acc, &pairs, |a, member| {
            if member {
                a.members_studied += 1
            } else {
                a.non_members_studied += 1
            }
        });
    }

    per_org!(
        format!(
            "SELECT r.org_id, COUNT(*) AS n FROM supervision_record r WHERE r.held_on >= $3 AND r.held_on <= $4 \
             AND r.org_id IN {sub} GROUP BY r.org_id"
        ),
        base(),
        |a, r| a.records += get_count(r, "n")?
    );
    if acc.values().any(|a| a.records > 0) {
        let pairs = all(
            c,
            &format!(
                "SELECT DISTINCT p.id AS person, m.org_id AS home, r.org_id AS at \
                 FROM person p CROSS JOIN posting m JOIN supervision_record r ON r.person_id = p.id \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND p.admitted_on <= $1 AND (p.ended_on IS NULL OR p.ended_on > $1) \
                 AND r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}"
            ),
            base(),
        )
        .await?
        .iter()
        .map(|r| Ok((get(r, "person")?, get(r, "home")?, get(r, "at")?, true)))
        .collect::<Result<Vec<_>>>()?;
        count_shared(&chains, &mut acc, &pairs, |a, _| a.supervised += 1);
    }

    per_org!(
        format!(
            "SELECT org_id, level, COUNT(*) AS n FROM member_rating WHERE year = $3 AND stage = 'decision' \
             AND org_id IN {sub} GROUP BY org_id, level"
        ),
        vec![on.into(), path.clone().into(), year.into()],
        |a, r| {
            let n = get_count(r, "n")?;
            match RatingLevel::from_code(&get::<String>(r, "level")?) {
                Some(RatingLevel::Excellent) => a.ratings.excellent += n,
                Some(RatingLevel::Good) => a.ratings.good += n,
                Some(RatingLevel::Complete) => a.ratings.complete += n,
                Some(RatingLevel::Incomplete) => a.ratings.incomplete += n,
                None => {}
            }
        }
    );

    let admitted = all(
        c,
        &format!(
            "SELECT p.id AS person, m.org_id FROM person p JOIN posting m ON m.person_id = p.id \
             WHERE p.admitted_on >= $3 AND p.admitted_on <= $4 AND m.kind = 'regular' AND m.org_id IN {sub} \
             AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on)"
        ),
        base(),
    )
    .await?;
    let mut reached: HashMap<i32, HashSet<i32>> = HashMap::new();
    for r in &admitted {
        let person: i32 = get(r, "person")?;
        let org: i32 = get(r, "org_id")?;
        reached.entry(person).or_default().extend(chains.up(org));
    }
    for orgs in reached.values() {
        for o in orgs {
            acc.entry(*o).or_default().admissions += 1;
        }
    }

    let mut plans: HashMap<i32, f64> = HashMap::new();
    for r in all(
        c,
        &format!("SELECT org_id, planned_percent FROM supervision_plan WHERE year = $3 AND org_id IN {sub}"),
        vec![on.into(), path.clone().into(), year.into()],
    )
    .await?
    .iter()
    {
        plans.insert(get(r, "org_id")?, get(r, "planned_percent")?);
    }
    let mut org_ratings: HashMap<i32, RatingLevel> = HashMap::new();
    for r in all(
        c,
        &format!("SELECT org_id, level FROM org_rating WHERE year = $3 AND stage = 'decision' AND org_id IN {sub}"),
        vec![on.into(), path.clone().into(), year.into()],
    )
    .await?
    .iter()
    {
        if let Some(l) = RatingLevel::from_code(&get::<String>(r, "level")?) {
            org_ratings.insert(get(r, "org_id")?, l);
        }
    }

    Ok(wanted
        .iter()
        .filter(|id| chains.paths.contains_key(id))
        .map(|id| {
            let a = acc.get(id).copied().unwrap_or_default();
            let plan = plans.get(id).copied();
            let m = YearMetrics {
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
                org_rating: org_ratings.get(id).copied(),
            };
            (*id, m)
        })
        .collect())
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
        year_bounds(year)?;
        let mut ids = HashMap::new();
        for code in orgs {
            let o = require_org(&self.conn, &code.trim().to_uppercase(), None).await?;
            ids.insert(o.id, o.code);
        }
        let wanted: HashSet<i32> = ids.keys().copied().collect();
        let m = year_metrics_many(
            &self.conn,
            &root.trim().to_uppercase(),
            &wanted,
            year,
            today,
        )
        .await?;
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

    /// Forgets the roll-ups and other answers kept (for measuring the computation itself).
    pub fn forget_rollups(&self) {
        self.cache.forget();
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
        let sub = "(SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1 AND v.org_id <> $2)";
        let params =
            || -> Vec<sea_orm::Value> { vec![format!("{}%", root.path).into(), root.id.into()] };
        // Each organization's resolutions, then the one the scope reviews.
        let mut terms: HashMap<i32, Vec<(Term, i32)>> = HashMap::new();
        for r in all(
            &self.conn,
            &format!("SELECT id, org_id, term_from, term_to FROM resolution WHERE org_id IN {sub}"),
            params(),
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
        // org → (term, resolution id, its window of years)
        let mut chosen: HashMap<i32, (Term, i32, Vec<i32>)> = HashMap::new();
        for (org, ts) in &terms {
            let list: Vec<Term> = ts.iter().map(|(t, _)| *t).collect();
            if let Some(t) = scope.choose(&list, this_year)
                && let Some((_, id)) = ts.iter().find(|(x, _)| *x == t)
            {
                chosen.insert(*org, (t, *id, scope.window(t, this_year)));
            }
        }
        let by_resolution: HashMap<i32, i32> =
            chosen.iter().map(|(org, (_, id, _))| (*id, *org)).collect();
        let mut targets: HashMap<i32, Vec<TargetRow>> = HashMap::new();
        for r in all(
            &self.conn,
            &format!(
                "SELECT t.id, t.resolution_id, t.position, t.text, t.comparator, t.value, t.unit, t.period, t.source \
                 FROM target t JOIN resolution r ON r.id = t.resolution_id WHERE r.org_id IN {sub} ORDER BY t.position, t.id"
            ),
            params(),
        )
        .await?
        .iter()
        {
            let res: i32 = get(r, "resolution_id")?;
            if let Some(org) = by_resolution.get(&res) {
                targets.entry(*org).or_default().push(target_from_row(r)?);
            }
        }
        let mut manual: HashMap<i32, BTreeMap<i32, f64>> = HashMap::new();
        for r in all(
            &self.conn,
            &format!(
                "SELECT x.target_id, x.year, x.value FROM target_value x JOIN target t ON t.id = x.target_id \
                 JOIN resolution r ON r.id = t.resolution_id WHERE r.org_id IN {sub}"
            ),
            params(),
        )
        .await?
        .iter()
        {
            manual
                .entry(get(r, "target_id")?)
                .or_default()
                .insert(get(r, "year")?, get(r, "value")?);
        }
        // The yearly figures of the organizations with computed targets, one batch a year.
        let mut wanted_by_year: BTreeMap<i32, HashSet<i32>> = BTreeMap::new();
        for (org, (_, _, window)) in &chosen {
            let computed: Vec<_> = targets
                .get(org)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .filter(|t| t.target.source.is_computed())
                .collect();
            for y in window {
                if computed.iter().any(|t| scope.counts(&t.target, *y)) {
                    wanted_by_year.entry(*y).or_default().insert(*org);
                }
            }
        }
        let mut metrics: HashMap<(i32, i32), YearMetrics> = HashMap::new();
        for (year, wanted) in &wanted_by_year {
            for (org, m) in year_metrics_many(&self.conn, &root.code, wanted, *year, today).await? {
                metrics.insert((org, *year), m);
            }
        }
        let mut entries = Vec::with_capacity(chosen.len());
        for (org, (term, _, window)) in &chosen {
            let o = &orgs[org];
            let evaluations: Vec<_> = targets
                .get(org)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .map(|t| {
                    let by_year: BTreeMap<i32, f64> = if t.target.source == Source::Manual {
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
                                    .get(&(*org, *y))
                                    .and_then(|m| m.value(t.target.source))
                                    .map(|v| (*y, v))
                            })
                            .collect()
                    };
                    scope.evaluate(&t.target, &by_year)
                })
                .collect();
            entries.push(RollupEntry {
                line: Line::of(&o.code, &o.name, *term, &evaluations),
                kind: o.kind,
                path: o.path.clone(),
            });
        }
        Ok((root, entries))
    }
}
