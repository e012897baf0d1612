//! One year's rows over a subtree, each tied to the organizations it counts for, and how they
//! add up each organization's chain of ancestors (for [`super::metrics_many`]).
//!
//! The additive figures (attendance, members, ratings, study sessions, supervision records)
//! are counted per organization in SQL and added up the chain in memory. "Studied" and
//! "supervised" are not additive: a person counts for an organization `O` when posted in `O`'s
//! subtree and present at a session (or inspected by a record) held in `O`'s subtree. For one
//! person posted in `X` and a session held in `S`, that holds exactly for the ancestors of the
//! deepest common ancestor of `X` and `S`; so the query returns (person, posting organization,
//! session organization) and each person counts once, up the chain from the deepest such
//! ancestor. Admissions count a person once for every organization above any of the postings
//! they were admitted into.
//!
//! Every row is tied to organizations (its `org_id`, or a pair's two), so the rows of a few
//! organizations can be read again alone and put in place of their old ones.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use domain::branch::rating::{LevelCounts, RatingLevel};
use sea_orm::{ConnectionTrait, QueryResult};

use super::metrics::YearScope;
use crate::error::Result;
use crate::register::stats::{MEMBERS_ON_DATE, MEMBERS_ON_DATE_BY_POSTING, members_on_date_from};
use crate::sql::{all, get, get_count};

/// The ids of a materialized path `/1/5/23/`, root first.
fn path_ids(path: &str) -> Vec<i32> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// The tree of one year: each organization's chain of ancestors (itself first) restricted to
/// the organizations asked about.
pub(super) struct Chains {
    /// org id → its path's ids, root first
    pub paths: Arc<HashMap<i32, Vec<i32>>>,
    pub wanted: HashSet<i32>,
}

impl Chains {
    /// Each organization's path's ids, from its id and path.
    pub fn paths(rows: &[(i32, String)]) -> Arc<HashMap<i32, Vec<i32>>> {
        Arc::new(rows.iter().map(|(id, p)| (*id, path_ids(p))).collect())
    }

    /// From each organization's path's ids ([`Chains::paths`]).
    pub fn of(paths: Arc<HashMap<i32, Vec<i32>>>, wanted: &HashSet<i32>) -> Self {
        Chains {
            paths,
            wanted: wanted.clone(),
        }
    }

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

/// One organization's counts, added up from its subtree.
#[derive(Default, Clone, Copy)]
pub(super) struct Acc {
    pub counted: u64,
    pub present: u64,
    pub sessions: u64,
    pub members: u64,
    pub members_studied: u64,
    pub non_members: u64,
    pub non_members_studied: u64,
    pub records: u64,
    pub supervised: u64,
    pub ratings: LevelCounts,
    pub admissions: u64,
    pub pledged: u64,
    pub self_assessed: u64,
}

/// (person, posting organization, session's or record's organization, a member then).
type Pair = (i32, i32, i32, bool);

/// One year's rows over a subtree.
#[derive(Clone, Default)]
pub(super) struct YearRows {
    /// (organization, attendance lines counted, present)
    attendance: Vec<(i32, u64, u64)>,
    sessions: Vec<(i32, u64)>,
    members: Vec<(i32, u64)>,
    records: Vec<(i32, u64)>,
    ratings: Vec<(i32, RatingLevel, u64)>,
    /// (posting organization, person) of the people admitted in the year
    admitted: Vec<(i32, i32)>,
    /// Members on the reference date with the year's pledge, and its self-assessment.
    pledged: Vec<(i32, u64)>,
    self_assessed: Vec<(i32, u64)>,
    pub plans: Vec<(i32, f64)>,
    pub org_ratings: Vec<(i32, RatingLevel)>,
    /// Read only when the year has a resolution study session; `None`: not read.
    non_members: Option<Vec<(i32, u64)>>,
    studied: Option<Vec<Pair>>,
    /// Read only when the year has a supervision record; `None`: not read.
    supervised: Option<Vec<Pair>>,
}

/// Which organizations a read covers: the whole subtree, or only these among it.
#[derive(Clone, Copy)]
pub(super) enum Only<'a> {
    Whole,
    These(&'a [i32]),
}

impl YearRows {
    /// Whether the year has a study session (so "studied" must be read).
    fn needs_study(&self) -> bool {
        !self.sessions.is_empty()
    }

    /// Whether the year has a supervision record (so "supervised" must be read).
    fn needs_supervision(&self) -> bool {
        !self.records.is_empty()
    }

    /// Reads the year's rows over the subtree, or those of `only`'s organizations.
    pub async fn read(c: &impl ConnectionTrait, s: &YearScope, only: Only<'_>) -> Result<Self> {
        let mut rows = Self::read_base(c, s, only).await?;
        let (study, supervision) = (rows.needs_study(), rows.needs_supervision());
        let q = Queries::of(&s.sub, only);
        let ((non_members, studied), supervised) = tokio::try_join!(
            async {
                if study {
                    read_study(c, s, &q).await.map(|(n, p)| (Some(n), Some(p)))
                } else {
                    Ok((None, None))
                }
            },
            async {
                if supervision {
                    read_pairs(c, &q.supervised, s).await.map(Some)
                } else {
                    Ok(None)
                }
            },
        )?;
        (rows.non_members, rows.studied, rows.supervised) = (non_members, studied, supervised);
        Ok(rows)
    }

    /// These rows with `changed`'s rows read again: their old rows dropped, their new ones
    /// added. "Studied" and "supervised", if the year now needs them and they were not read,
    /// are read whole.
    pub async fn refreshed(
        &self,
        c: &impl ConnectionTrait,
        s: &YearScope,
        changed: &[i32],
    ) -> Result<Self> {
        let set: HashSet<i32> = changed.iter().copied().collect();
        let mut rows = self.clone();
        rows.drop_orgs(&set);
        let fresh = Self::read_base(c, s, Only::These(changed)).await?;
        rows.add_base(fresh);
        let whole = Queries::of(&s.sub, Only::Whole);
        let part = Queries::of(&s.sub, Only::These(changed));
        let study_q = if rows.studied.is_some() {
            &part
        } else {
            &whole
        };
        let supervised_q = if rows.supervised.is_some() {
            &part
        } else {
            &whole
        };
        let (study, supervised) = tokio::try_join!(
            async {
                match rows.needs_study() {
                    true => read_study(c, s, study_q).await.map(Some),
                    false => Ok(None),
                }
            },
            async {
                match rows.needs_supervision() {
                    true => read_pairs(c, &supervised_q.supervised, s).await.map(Some),
                    false => Ok(None),
                }
            },
        )?;
        let (non_members, studied) = study.unzip();
        rows.non_members = merge(rows.non_members.take(), non_members);
        rows.studied = merge(rows.studied.take(), studied);
        rows.supervised = merge(rows.supervised.take(), supervised);
        Ok(rows)
    }

    /// The rows that need no condition on the others, read at once on the pool's connections.
    async fn read_base(c: &impl ConnectionTrait, s: &YearScope, only: Only<'_>) -> Result<Self> {
        let q = Queries::of(&s.sub, only);
        let (attendance, sessions, members, records, ratings, admitted, plans, org_ratings) = tokio::try_join!(
            all(c, &q.attendance, s.dated()),
            all(c, &q.sessions, s.dated()),
            all(c, &q.members, s.on_path()),
            all(c, &q.records, s.dated()),
            all(c, &q.ratings, s.of_year()),
            all(c, &q.admitted, s.dated()),
            all(c, &q.plans, s.of_year()),
            all(c, &q.org_ratings, s.of_year()),
        )?;
        let (pledged, self_assessed) = tokio::try_join!(
            all(c, &q.pledged, s.of_year()),
            all(c, &q.self_assessed, s.of_year()),
        )?;
        Ok(YearRows {
            attendance: attendance
                .iter()
                .map(|r| {
                    Ok((
                        get(r, "org_id")?,
                        get_count(r, "counted")?,
                        get_count(r, "present")?,
                    ))
                })
                .collect::<Result<_>>()?,
            sessions: counts(&sessions)?,
            members: counts(&members)?,
            pledged: counts(&pledged)?,
            self_assessed: counts(&self_assessed)?,
            records: counts(&records)?,
            ratings: ratings
                .iter()
                .filter_map(|r| {
                    let level = get::<String>(r, "level").ok()?;
                    RatingLevel::from_code(&level).map(|l| (r, l))
                })
                .map(|(r, l)| Ok((get(r, "org_id")?, l, get_count(r, "n")?)))
                .collect::<Result<_>>()?,
            admitted: admitted
                .iter()
                .map(|r| Ok((get(r, "org_id")?, get(r, "person")?)))
                .collect::<Result<_>>()?,
            plans: plans
                .iter()
                .map(|r| Ok((get(r, "org_id")?, get(r, "planned_percent")?)))
                .collect::<Result<_>>()?,
            org_ratings: org_ratings
                .iter()
                .filter_map(|r| {
                    let level = get::<String>(r, "level").ok()?;
                    RatingLevel::from_code(&level).map(|l| (r, l))
                })
                .map(|(r, l)| Ok((get(r, "org_id")?, l)))
                .collect::<Result<_>>()?,
            non_members: None,
            studied: None,
            supervised: None,
        })
    }

    /// Adds the rows of `fresh` that need no condition (not "studied" nor "supervised").
    fn add_base(&mut self, fresh: YearRows) {
        self.attendance.extend(fresh.attendance);
        self.sessions.extend(fresh.sessions);
        self.members.extend(fresh.members);
        self.pledged.extend(fresh.pledged);
        self.self_assessed.extend(fresh.self_assessed);
        self.records.extend(fresh.records);
        self.ratings.extend(fresh.ratings);
        self.admitted.extend(fresh.admitted);
        self.plans.extend(fresh.plans);
        self.org_ratings.extend(fresh.org_ratings);
    }

    /// Drops every row tied to one of `orgs`.
    fn drop_orgs(&mut self, orgs: &HashSet<i32>) {
        let out = |o: &i32| !orgs.contains(o);
        self.attendance.retain(|(o, ..)| out(o));
        self.sessions.retain(|(o, _)| out(o));
        self.members.retain(|(o, _)| out(o));
        self.pledged.retain(|(o, _)| out(o));
        self.self_assessed.retain(|(o, _)| out(o));
        self.records.retain(|(o, _)| out(o));
        self.ratings.retain(|(o, ..)| out(o));
        self.admitted.retain(|(o, _)| out(o));
        self.plans.retain(|(o, _)| out(o));
        self.org_ratings.retain(|(o, _)| out(o));
        if let Some(v) = &mut self.non_members {
            v.retain(|(o, _)| out(o));
        }
        for pairs in [&mut self.studied, &mut self.supervised]
            .into_iter()
            .flatten()
        {
            pairs.retain(|(_, home, at, _)| out(home) && out(at));
        }
    }

    /// Each wanted organization's counts, added up from its subtree.
    pub fn count(&self, chains: &Chains) -> HashMap<i32, Acc> {
        let mut acc: HashMap<i32, Acc> = HashMap::new();
        let mut up = |org: i32, add: &dyn Fn(&mut Acc)| {
            for o in chains.up(org) {
                add(acc.entry(o).or_default());
            }
        };
        for &(org, counted, present) in &self.attendance {
            up(org, &|a| {
                (a.counted, a.present) = (a.counted + counted, a.present + present)
            });
        }
        for &(org, n) in &self.sessions {
            up(org, &|a| a.sessions += n);
        }
        for &(org, n) in &self.members {
            up(org, &|a| a.members += n);
        }
        for &(org, n) in &self.pledged {
            up(org, &|a| a.pledged += n);
        }
        for &(org, n) in &self.self_assessed {
            up(org, &|a| a.self_assessed += n);
        }
        for &(org, n) in &self.records {
            up(org, &|a| a.records += n);
        }
        for &(org, level, n) in &self.ratings {
            up(org, &|a| add_rating(&mut a.ratings, level, n));
        }
        for &(org, n) in self.non_members.iter().flatten() {
            up(org, &|a| a.non_members += n);
        }
        count_admissions(&self.admitted, chains, &mut acc);
        if let Some(pairs) = &self.studied {
            count_shared(chains, &mut acc, pairs, |a, member| {
                if member {
                    a.members_studied += 1
                } else {
                    a.non_members_studied += 1
                }
            });
        }
        if let Some(pairs) = &self.supervised {
            count_shared(chains, &mut acc, pairs, |a, _| a.supervised += 1);
        }
        acc
    }
}

/// Rows that need reading only in some years, after a partial read: none if the year no
/// longer needs them (`fresh` is `None`); the kept ones with the fresh ones added if they were
/// kept (`fresh` is then the changed organizations' rows); otherwise `fresh`, read whole.
fn merge<T>(kept: Option<Vec<T>>, fresh: Option<Vec<T>>) -> Option<Vec<T>> {
    match (kept, fresh) {
        (_, None) => None,
        (Some(mut kept), Some(fresh)) => {
            kept.extend(fresh);
            Some(kept)
        }
        (None, fresh) => fresh,
    }
}

fn add_rating(r: &mut LevelCounts, level: RatingLevel, n: u64) {
    match level {
        RatingLevel::Excellent => r.excellent += n,
        RatingLevel::Good => r.good += n,
        RatingLevel::Complete => r.complete += n,
        RatingLevel::Incomplete => r.incomplete += n,
    }
}

/// `(org_id, n)` of a query grouped by organization.
fn counts(rows: &[QueryResult]) -> Result<Vec<(i32, u64)>> {
    rows.iter()
        .map(|r| Ok((get(r, "org_id")?, get_count(r, "n")?)))
        .collect()
}

/// The non-members on the reference date, and who studied the resolution in a session of the year.
async fn read_study(
    c: &impl ConnectionTrait,
    s: &YearScope,
    q: &Queries,
) -> Result<(Vec<(i32, u64)>, Vec<Pair>)> {
    let (non_members, studied) = tokio::try_join!(
        all(c, &q.non_members, s.on_path()),
        read_pairs(c, &q.studied, s),
    )?;
    Ok((counts(&non_members)?, studied))
}

/// (person, home, at, member) of a query of pairs (an inspected person is always a member:
/// "supervised" selects `1 AS member`).
async fn read_pairs(c: &impl ConnectionTrait, sql: &str, s: &YearScope) -> Result<Vec<Pair>> {
    all(c, sql, s.dated())
        .await?
        .iter()
        .map(|r| {
            let member = get::<i32>(r, "member")? != 0;
            Ok((get(r, "person")?, get(r, "home")?, get(r, "at")?, member))
        })
        .collect()
}

/// For each person (and posting organization) the deepest organization shared by the posting
/// and any of the places in `pairs`, then one count up its chain.
fn count_shared(
    chains: &Chains,
    acc: &mut HashMap<i32, Acc>,
    pairs: &[Pair],
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

/// The people admitted in the year, each once for every organization above any of the
/// postings they were admitted into.
fn count_admissions(admitted: &[(i32, i32)], chains: &Chains, acc: &mut HashMap<i32, Acc>) {
    let mut reached: HashMap<i32, HashSet<i32>> = HashMap::new();
    for &(org, person) in admitted {
        reached.entry(person).or_default().extend(chains.up(org));
    }
    for orgs in reached.values() {
        for o in orgs {
            acc.entry(*o).or_default().admissions += 1;
        }
    }
}

/// The SQL of the year's aggregates over the subtree `sub` (`$1` the reference date, `$2`
/// the path, `$3`/`$4` the year's days or `$3` the year, as `YearScope` binds them), each
/// limited to some organizations when asked ([`Only`]).
struct Queries {
    attendance: String,
    sessions: String,
    members: String,
    pledged: String,
    self_assessed: String,
    non_members: String,
    studied: String,
    records: String,
    supervised: String,
    ratings: String,
    admitted: String,
    plans: String,
    org_ratings: String,
}

/// The condition that limits a query to the organizations read ([`Only`]).
struct Limit(Option<String>);

impl Limit {
    fn new(only: Only<'_>) -> Self {
        Limit(match only {
            Only::Whole => None,
            Only::These(ids) => Some(ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")),
        })
    }

    /// `col` is one of the organizations read.
    fn of(&self, col: &str) -> String {
        self.0
            .as_ref()
            .map(|l| format!(" AND {col} IN ({l})"))
            .unwrap_or_default()
    }
}

impl Queries {
    fn of(sub: &str, only: Only<'_>) -> Self {
        let limit = Limit::new(only);
        let of = |col: &str| limit.of(col);
        let partial = limit.0.is_some();
        // A whole subtree reads people first; a few organizations read their postings first
        // (`ix_posting_org`), or their sessions or records first for the pairs held there.
        let people = if partial {
            "posting m CROSS JOIN person p"
        } else {
            "person p CROSS JOIN posting m"
        };
        let (studied, supervised) = pair_queries(sub, &limit, people);
        Queries {
            attendance: format!(
                "SELECT g.org_id, COUNT(*) AS counted, COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present \
                 FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
                 WHERE a.standing = 'counted' AND g.kind <> 'committee' AND g.held_on >= $3 AND g.held_on <= $4 AND g.org_id IN {sub}{} GROUP BY g.org_id",
                of("g.org_id")
            ),
            sessions: format!(
                "SELECT s.org_id, COUNT(*) AS n FROM study_session s WHERE s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 \
                 AND s.org_id IN {sub}{} GROUP BY s.org_id",
                of("s.org_id")
            ),
            members: if partial {
                format!(
                    "SELECT m.org_id, COUNT(*) AS n {MEMBERS_ON_DATE_BY_POSTING}{} GROUP BY m.org_id",
                    of("m.org_id")
                )
            } else {
                format!("SELECT m.org_id, COUNT(*) AS n {MEMBERS_ON_DATE} GROUP BY m.org_id")
            },
            pledged: personal(&limit, "member_pledge"),
            self_assessed: personal(&limit, "self_assessment"),
            non_members: format!(
                "SELECT m.org_id, COUNT(*) AS n FROM {people} \
                 WHERE m.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
                 AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
                 AND (p.admitted_on IS NULL OR p.admitted_on > $1) AND (p.ended_on IS NULL OR p.ended_on > $1){} GROUP BY m.org_id",
                of("m.org_id")
            ),
            studied,
            records: format!(
                "SELECT r.org_id, COUNT(*) AS n FROM supervision_record r WHERE r.held_on >= $3 AND r.held_on <= $4 \
                 AND r.org_id IN {sub}{} GROUP BY r.org_id",
                of("r.org_id")
            ),
            supervised,
            ratings: format!(
                "SELECT org_id, level, COUNT(*) AS n FROM member_rating WHERE year = $3 AND stage = 'decision' \
                 AND org_id IN {sub}{} GROUP BY org_id, level",
                of("org_id")
            ),
            admitted: format!(
                "SELECT p.id AS person, m.org_id FROM person p JOIN posting m ON m.person_id = p.id \
                 WHERE p.admitted_on >= $3 AND p.admitted_on <= $4 AND m.kind = 'regular' AND m.org_id IN {sub} \
                 AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on){}",
                of("m.org_id")
            ),
            plans: format!(
                "SELECT org_id, planned_percent FROM supervision_plan WHERE year = $3 AND org_id IN {sub}{}",
                of("org_id")
            ),
            org_ratings: format!(
                "SELECT org_id, level FROM org_rating WHERE year = $3 AND stage = 'decision' AND org_id IN {sub}{}",
                of("org_id")
            ),
        }
    }
}

/// The members on the reference date per organization with a row of the year in `table`
/// (`member_pledge` or `self_assessment`, `$3` the year): a whole subtree from that table's
/// rows, a few organizations from their postings (the conditions of `figures::PLEDGED` and
/// `SELF_ASSESSED`, which the lists behind the figures read).
fn personal(limit: &Limit, table: &str) -> String {
    match &limit.0 {
        None => format!(
            "SELECT m.org_id, COUNT(*) AS n {} AND x.year = $3 GROUP BY m.org_id",
            members_on_date_from(table)
        ),
        Some(_) => format!(
            "SELECT m.org_id, COUNT(*) AS n {MEMBERS_ON_DATE_BY_POSTING}{} \
             AND EXISTS (SELECT 1 FROM {table} x WHERE x.person_id = p.id AND x.year = $3) \
             GROUP BY m.org_id",
            limit.of("m.org_id")
        ),
    }
}

/// The "studied" and "supervised" pairs' queries: from the people (their session or record
/// joined after), and for a few organizations also from the sessions and records held there.
fn pair_queries(sub: &str, limit: &Limit, people: &str) -> (String, String) {
    let pairs = |select: &str, conds: String, (joined, place, at): (&str, &str, &str)| {
        let home = format!("{select} FROM {people} {joined} WHERE {conds}");
        match &limit.0 {
            None => home,
            Some(l) => format!(
                "{home} AND m.org_id IN ({l}) UNION {select} FROM {place} CROSS JOIN person p \
                 CROSS JOIN posting m WHERE {conds} AND {at} IN ({l})"
            ),
        }
    };
    let studied = pairs(
        "SELECT DISTINCT p.id AS person, m.org_id AS home, s.org_id AS at, \
         CASE WHEN p.admitted_on IS NOT NULL AND p.admitted_on <= $1 THEN 1 ELSE 0 END AS member",
        format!(
            "m.person_id = p.id AND a.person_id = p.id AND s.id = a.session_id \
             AND m.org_id IN {sub} AND m.kind = 'regular' \
             AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) \
             AND s.kind = 'resolution' AND s.held_on >= $3 AND s.held_on <= $4 AND s.org_id IN {sub}"
        ),
        (
            "JOIN study_attendance a ON a.person_id = p.id JOIN study_session s ON s.id = a.session_id",
            "study_session s CROSS JOIN study_attendance a",
            "s.org_id",
        ),
    );
    let supervised = pairs(
        "SELECT DISTINCT p.id AS person, m.org_id AS home, r.org_id AS at, 1 AS member",
        format!(
            "m.person_id = p.id AND r.person_id = p.id AND m.org_id IN {sub} AND m.kind = 'regular' \
             AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
             AND p.admitted_on <= $1 AND (p.ended_on IS NULL OR p.ended_on > $1) \
             AND r.held_on >= $3 AND r.held_on <= $4 AND r.org_id IN {sub}"
        ),
        (
            "JOIN supervision_record r ON r.person_id = p.id",
            "supervision_record r",
            "r.org_id",
        ),
    );
    (studied, supervised)
}
