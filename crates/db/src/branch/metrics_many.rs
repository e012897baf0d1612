//! The yearly metrics of many organizations at once, from one set of aggregates over a
//! superior's whole subtree instead of one review per organization (for the roll-up).
//!
//! How the batch gives each organization what [`super::metrics`]'s `year_metrics` gives for its
//! subtree alone: the additive figures (attendance, members, ratings, study sessions,
//! supervision records) are counted per organization in SQL and added up each organization's
//! chain of ancestors in memory. "Studied" and "supervised" are not additive: a person counts
//! for an organization `O` when posted in `O`'s subtree and present at a session (or inspected
//! by a record) held in `O`'s subtree. For one person posted in `X` and a session held in `S`,
//! that holds exactly for the ancestors of the deepest common ancestor of `X` and `S`; so the
//! query returns (person, posting organization, session organization) and each person counts
//! once, up the chain from the deepest such ancestor. Admissions count a person once for every
//! organization above any of the postings they were admitted into.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use sea_orm::ConnectionTrait;

use super::metrics::YearMetrics;
use super::metrics::YearScope;
use super::{reference_date, year_bounds};
use crate::error::Result;
use crate::register::orgs::require_org;
use crate::register::stats::MEMBERS_ON_DATE;
use crate::sql::{all, get, get_count};

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

/// The counts of one year's batch, each added up the chain of the organization it was found in.
struct Tally {
    chains: Chains,
    acc: HashMap<i32, Acc>,
}

impl Tally {
    /// Adds each row of a query grouped by `org_id` up that organization's chain.
    fn per_org(
        &mut self,
        rows: &[sea_orm::QueryResult],
        add: impl Fn(&mut Acc, &sea_orm::QueryResult) -> Result<()>,
    ) -> Result<()> {
        for r in rows {
            let org: i32 = get(r, "org_id")?;
            for o in self.chains.up(org) {
                add(self.acc.entry(o).or_default(), r)?;
            }
        }
        Ok(())
    }

    /// Whether any organization's counts so far satisfy `f`.
    fn any(&self, f: impl Fn(&Acc) -> bool) -> bool {
        self.acc.values().any(f)
    }
}

/// What [`super::metrics`]'s `year_metrics` gives for each organization of `wanted`, computed
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
    year_bounds(year)?;
    let Ok(root) = require_org(c, root, Some(on)).await else {
        return Ok(HashMap::new());
    };
    let s = YearScope::of(&root.path, year, today)?;
    // The aggregates are read at once, each on a connection of the pool (the cores work in
    // parallel), then added up in memory; "studied" and "supervised", the costly ones, only
    // when the year has a session or a record.
    let sub = &s.sub;
    let q = Queries::of(sub);
    let (chains, attendance, sessions, members, records, ratings, admitted, plans, org_ratings) = tokio::try_join!(
        chains_of(c, &s, wanted),
        all(c, &q.attendance, s.dated()),
        all(c, &q.sessions, s.dated()),
        all(c, &q.members, s.on_path()),
        all(c, &q.records, s.dated()),
        all(c, &q.ratings, s.of_year()),
        all(c, &q.admitted, s.dated()),
        supervision_plans(c, &s),
        org_ratings(c, &s),
    )?;
    let mut t = Tally {
        chains,
        acc: HashMap::new(),
    };
    count_attendance(&attendance, &mut t)?;
    count_sessions(&sessions, &mut t)?;
    count_members(&members, &mut t)?;
    count_records(&records, &mut t)?;
    count_ratings(&ratings, &mut t)?;
    count_admissions(&admitted, &mut t)?;
    let (study, supervision) = (t.any(|a| a.sessions > 0), t.any(|a| a.records > 0));
    let (non_members, studied, supervised) = tokio::try_join!(
        when(study, all(c, &q.non_members, s.on_path())),
        when(study, all(c, &q.studied, s.dated())),
        when(supervision, all(c, &q.supervised, s.dated())),
    )?;
    count_studied(&non_members, &studied, &mut t)?;
    count_supervised(&supervised, &mut t)?;
    Ok(wanted
        .iter()
        .filter(|id| t.chains.paths.contains_key(id))
        .map(|id| {
            let a = t.acc.get(id).copied().unwrap_or_default();
            let m = metrics_of(
                year,
                a,
                plans.get(id).copied(),
                org_ratings.get(id).copied(),
            );
            (*id, m)
        })
        .collect())
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
    }
}

/// The subtree as it stood on the reference date: each organization's chain of ancestors.
async fn chains_of(
    c: &impl ConnectionTrait,
    s: &YearScope,
    wanted: &HashSet<i32>,
) -> Result<Chains> {
    let rows = all(
        c,
        "SELECT v.org_id, v.path FROM org_version v WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND v.path LIKE $2",
        s.on_path(),
    )
    .await?;
    let mut paths = HashMap::with_capacity(rows.len());
    for r in &rows {
        paths.insert(
            get::<i32>(r, "org_id")?,
            path_ids(&get::<String>(r, "path")?),
        );
    }
    Ok(Chains {
        paths,
        wanted: wanted.clone(),
    })
}

/// The SQL of the year's aggregates over the subtree `sub` (`$1` the reference date, `$2`
/// the path, `$3`/`$4` the year's days or `$3` the year, as `YearScope` binds them).
struct Queries {
    attendance: String,
    sessions: String,
    members: String,
    non_members: String,
    studied: String,
    records: String,
    supervised: String,
    ratings: String,
    admitted: String,
}

impl Queries {
    fn of(sub: &str) -> Self {
        Queries {
            attendance: format!(
                "SELECT g.org_id, COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present \
                 FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
                 WHERE a.standing = 'counted' AND g.kind <> 'committee' AND g.held_on >= $3 AND g.held_on <= $4 AND g.org_id IN {sub} GROUP BY g.org_id"
            ),
            sessions: format!(
                "SELECT s.org_id, COUNT(*) AS n FROM study_session s WHERE s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 \
                 AND s.org_id IN {sub} GROUP BY s.org_id"
            ),
            members: format!("SELECT m.org_id, COUNT(*) AS n {MEMBERS_ON_DATE} GROUP BY m.org_id"),
            non_members: format!(
                "SELECT m.org_id, COUNT(*) AS n FROM person p CROSS JOIN posting m \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND (p.admitted_on IS NULL OR p.admitted_on > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) GROUP BY m.org_id"
            ),
            studied: format!(
                "SELECT DISTINCT p.id AS person, m.org_id AS home, s.org_id AS at, \
                 CASE WHEN p.admitted_on IS NOT NULL AND p.admitted_on <= $1 THEN 1 ELSE 0 END AS member \
                 FROM person p CROSS JOIN posting m JOIN study_attendance a ON a.person_id = p.id \
                 JOIN study_session s ON s.id = a.session_id \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) \
                 AND s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 AND s.org_id IN {sub}"
            ),
            records: format!(
                "SELECT r.org_id, COUNT(*) AS n FROM supervision_record r WHERE r.held_on >= $3 AND r.held_on <= $4 \
                 AND r.org_id IN {sub} GROUP BY r.org_id"
            ),
            supervised: format!(
                "SELECT DISTINCT p.id AS person, m.org_id AS home, r.org_id AS at \
                 FROM person p CROSS JOIN posting m JOIN supervision_record r ON r.person_id = p.id \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND p.admitted_on <= $1 AND (p.ended_on IS NULL OR p.ended_on > $1) \
                 AND r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}"
            ),
            ratings: format!(
                "SELECT org_id, level, COUNT(*) AS n FROM member_rating WHERE year = $3 AND stage = 'decision' \
                 AND org_id IN {sub} GROUP BY org_id, level"
            ),
            admitted: format!(
                "SELECT p.id AS person, m.org_id FROM person p JOIN posting m ON m.person_id = p.id \
                 WHERE p.admitted_on >= $3 AND p.admitted_on <= $4 AND m.kind = 'regular' AND m.org_id IN {sub} \
                 AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on)"
            ),
        }
    }
}

/// The rows of `read` when `wanted`, none otherwise (without asking).
async fn when(
    wanted: bool,
    read: impl std::future::Future<Output = Result<Vec<sea_orm::QueryResult>>>,
) -> Result<Vec<sea_orm::QueryResult>> {
    if wanted { read.await } else { Ok(Vec::new()) }
}

/// Attendance at the meetings of the year: those counted and those present.
fn count_attendance(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    t.per_org(rows, |a, r| {
        a.counted += get_count(r, "counted")?;
        a.present += get_count(r, "present")?;
        Ok(())
    })
}

/// The resolution study sessions of the year.
fn count_sessions(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    t.per_org(rows, |a, r| {
        a.sessions += get_count(r, "n")?;
        Ok(())
    })
}

/// The members on the reference date.
fn count_members(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    t.per_org(rows, |a, r| {
        a.members += get_count(r, "n")?;
        Ok(())
    })
}

/// The non-members on the reference date, then who of the members and non-members studied
/// the resolution in a session of the year.
fn count_studied(
    non_members: &[sea_orm::QueryResult],
    studied: &[sea_orm::QueryResult],
    t: &mut Tally,
) -> Result<()> {
    t.per_org(non_members, |a, r| {
        a.non_members += get_count(r, "n")?;
        Ok(())
    })?;
    let pairs = studied
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
    count_shared(&t.chains, &mut t.acc, &pairs, |a, member| {
        if member {
            a.members_studied += 1
        } else {
            a.non_members_studied += 1
        }
    });
    Ok(())
}

/// The supervision records of the year.
fn count_records(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    t.per_org(rows, |a, r| {
        a.records += get_count(r, "n")?;
        Ok(())
    })
}

/// The members inspected by a supervision record of the year.
fn count_supervised(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    let pairs = rows
        .iter()
        .map(|r| Ok((get(r, "person")?, get(r, "home")?, get(r, "at")?, true)))
        .collect::<Result<Vec<_>>>()?;
    count_shared(&t.chains, &mut t.acc, &pairs, |a, _| a.supervised += 1);
    Ok(())
}

/// The members' ratings decided for the year, by level.
fn count_ratings(rows: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    t.per_org(rows, |a, r| {
        let n = get_count(r, "n")?;
        match RatingLevel::from_code(&get::<String>(r, "level")?) {
            Some(RatingLevel::Excellent) => a.ratings.excellent += n,
            Some(RatingLevel::Good) => a.ratings.good += n,
            Some(RatingLevel::Complete) => a.ratings.complete += n,
            Some(RatingLevel::Incomplete) => a.ratings.incomplete += n,
            None => {}
        }
        Ok(())
    })
}

/// The people admitted in the year, each once for every organization above any of the
/// postings they were admitted into.
fn count_admissions(admitted: &[sea_orm::QueryResult], t: &mut Tally) -> Result<()> {
    let mut reached: HashMap<i32, HashSet<i32>> = HashMap::new();
    for r in admitted {
        let person: i32 = get(r, "person")?;
        let org: i32 = get(r, "org_id")?;
        reached.entry(person).or_default().extend(t.chains.up(org));
    }
    for orgs in reached.values() {
        for o in orgs {
            t.acc.entry(*o).or_default().admissions += 1;
        }
    }
    Ok(())
}

/// Each organization's planned share of members to supervise in the year.
async fn supervision_plans(c: &impl ConnectionTrait, s: &YearScope) -> Result<HashMap<i32, f64>> {
    let sub = &s.sub;
    let mut plans = HashMap::new();
    for r in all(
        c,
        &format!("SELECT org_id, planned_percent FROM supervision_plan WHERE year = $3 AND org_id IN {sub}"),
        s.of_year(),
    )
    .await?
    .iter()
    {
        plans.insert(get(r, "org_id")?, get(r, "planned_percent")?);
    }
    Ok(plans)
}

/// Each organization's own rating decided for the year.
async fn org_ratings(c: &impl ConnectionTrait, s: &YearScope) -> Result<HashMap<i32, RatingLevel>> {
    let sub = &s.sub;
    let mut org_ratings = HashMap::new();
    for r in all(
        c,
        &format!("SELECT org_id, level FROM org_rating WHERE year = $3 AND stage = 'decision' AND org_id IN {sub}"),
        s.of_year(),
    )
    .await?
    .iter()
    {
        if let Some(l) = RatingLevel::from_code(&get::<String>(r, "level")?) {
            org_ratings.insert(get(r, "org_id")?, l);
        }
    }
    Ok(org_ratings)
}
