//! The benchmarks' hand-written baselines (`dangvu bench`, docs/PERFORMANCE.md): the same
//! figures as dangvu's own queries, written by hand as one would without dangvu's layers, with
//! literal dates, on the same connection. They live here because no SQL lives outside `db`;
//! nothing but the benchmark calls them. The SQL is portable: it runs on SQLite and PostgreSQL.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::branch::meeting;
use domain::branch::rating::{LevelCounts, RatingLevel};
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use sea_orm::QueryResult;

use crate::Db;
use crate::branch::{YearMetrics, reference_date};
use crate::error::Result;
use crate::sql::{all, get, get_count};

/// The raw figures of one organization's year, summed over its subtree.
#[derive(Default)]
struct Figures {
    counted: u64,
    present: u64,
    sessions: u64,
    members: u64,
    non_members: u64,
    members_studied: u64,
    non_members_studied: u64,
    records: u64,
    supervised: u64,
    ratings: LevelCounts,
    admissions: u64,
    plan: Option<f64>,
    org_rating: Option<RatingLevel>,
}

impl Figures {
    fn metrics(self, year: i32) -> YearMetrics {
        YearMetrics {
            year,
            attendance: (self.counted > 0)
                .then(|| meeting::attendance_rate(self.present, self.counted)),
            study: (self.sessions > 0).then_some(Coverage {
                members: self.members,
                members_studied: self.members_studied,
                non_members: self.non_members,
                non_members_studied: self.non_members_studied,
            }),
            supervision: (self.records > 0 || self.plan.is_some()).then_some(SupervisionCoverage {
                members: self.members,
                supervised: self.supervised,
                planned_percent: self.plan,
            }),
            ratings: (self.ratings.total() > 0).then_some(self.ratings),
            admissions: self.admissions,
            org_rating: self.org_rating,
            // Not among the roll-up's sources: the hand-written figures leave them out.
            ..YearMetrics::default()
        }
    }
}

/// The pieces of SQL every figure's query shares, with the year's dates spliced in (only
/// dates, a year and a path of digits, all produced by dangvu itself).
struct YearSql {
    /// The tree on the reference date as a closure table over the organizations that have a
    /// resolution for the year (`cl`), and those organizations (`r`).
    closure: String,
    /// A regular posting and a person still in the register on the reference date.
    posted: String,
    /// A party member on the reference date.
    is_member: String,
    from: String,
    to: String,
    year: i32,
}

impl YearSql {
    fn new(root_path: &str, year: i32, today: NaiveDate) -> Self {
        let on = reference_date(year, today);
        let closure = format!(
            "WITH RECURSIVE t AS (SELECT v.org_id, v.parent_id FROM org_version v WHERE v.valid_from <= '{on}' \
             AND (v.valid_to IS NULL OR v.valid_to > '{on}') AND v.path LIKE '{root_path}%'), \
             c(org_id, anc) AS (SELECT org_id, org_id FROM t UNION ALL SELECT c.org_id, t.parent_id FROM c JOIN t ON t.org_id = c.anc WHERE t.parent_id IS NOT NULL), \
             r AS (SELECT org_id FROM resolution WHERE term_from <= {year} AND term_to > {year} AND org_id IN (SELECT org_id FROM t)), \
             cl AS MATERIALIZED (SELECT c.org_id, c.anc FROM c WHERE c.anc IN (SELECT org_id FROM r)) "
        );
        Self {
            closure,
            posted: format!(
                "m.kind = 'regular' AND m.from_date <= '{on}' AND (m.to_date IS NULL OR m.to_date > '{on}') \
                 AND (p.ended_on IS NULL OR p.ended_on > '{on}')"
            ),
            is_member: format!("(p.admitted_on IS NOT NULL AND p.admitted_on <= '{on}')"),
            from: format!("{year}-01-01"),
            to: reference_date(year, today).to_string(),
            year,
        }
    }

    /// The organizations with a resolution for the year.
    fn orgs(&self) -> String {
        format!(
            "{} SELECT anc FROM cl WHERE cl.org_id = cl.anc",
            self.closure
        )
    }

    fn attendance(&self) -> String {
        let (c, from, to) = (&self.closure, &self.from, &self.to);
        format!(
            "{c} SELECT cl.anc, CAST(SUM(x.n) AS BIGINT) AS a, CAST(SUM(x.p) AS BIGINT) AS b FROM (SELECT g.org_id, COUNT(*) AS n, \
             SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS p \
             FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
             WHERE a.standing = 'counted' AND g.kind <> 'committee' AND g.held_on BETWEEN '{from}' AND '{to}' GROUP BY g.org_id) x \
             JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
        )
    }

    fn sessions(&self) -> String {
        let (c, from, to) = (&self.closure, &self.from, &self.to);
        format!(
            "{c} SELECT cl.anc, CAST(SUM(x.n) AS BIGINT) AS a FROM (SELECT s.org_id, COUNT(*) AS n FROM study_session s \
             WHERE s.kind = 'resolution' AND s.held_on BETWEEN '{from}' AND '{to}' GROUP BY s.org_id) x \
             JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
        )
    }

    fn members(&self) -> String {
        let (c, m, posted) = (&self.closure, &self.is_member, &self.posted);
        format!(
            "{c} SELECT cl.anc, CAST(SUM(x.a) AS BIGINT) AS a, CAST(SUM(x.b) AS BIGINT) AS b FROM (SELECT m.org_id, \
             SUM(CASE WHEN {m} THEN 1 ELSE 0 END) AS a, SUM(CASE WHEN {m} THEN 0 ELSE 1 END) AS b \
             FROM person p JOIN posting m ON m.person_id = p.id WHERE {posted} GROUP BY m.org_id) x \
             JOIN cl ON cl.org_id = x.org_id GROUP BY cl.anc"
        )
    }

    fn studied(&self) -> String {
        let (c, m, posted, from, to) = (
            &self.closure,
            &self.is_member,
            &self.posted,
            &self.from,
            &self.to,
        );
        format!(
            "{c} SELECT ch.anc, COUNT(DISTINCT CASE WHEN x.member THEN x.person END) AS a, \
             COUNT(DISTINCT CASE WHEN NOT x.member THEN x.person END) AS b \
             FROM (SELECT DISTINCT p.id AS person, m.org_id AS home, s.org_id AS at, {m} AS member \
             FROM person p JOIN posting m ON m.person_id = p.id JOIN study_attendance a ON a.person_id = p.id \
             JOIN study_session s ON s.id = a.session_id \
             WHERE {posted} AND s.kind = 'resolution' AND s.held_on BETWEEN '{from}' AND '{to}') x \
             JOIN cl ch ON ch.org_id = x.home JOIN cl cs ON cs.org_id = x.at AND cs.anc = ch.anc GROUP BY ch.anc"
        )
    }

    fn records(&self) -> String {
        let (c, from, to) = (&self.closure, &self.from, &self.to);
        format!(
            "{c} SELECT cl.anc, CAST(SUM(y.n) AS BIGINT) AS a FROM (SELECT x.org_id, COUNT(*) AS n FROM supervision_record x \
             WHERE x.held_on BETWEEN '{from}' AND '{to}' GROUP BY x.org_id) y JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc"
        )
    }

    fn supervised(&self) -> String {
        let (c, m, posted, from, to) = (
            &self.closure,
            &self.is_member,
            &self.posted,
            &self.from,
            &self.to,
        );
        format!(
            "{c} SELECT ch.anc, COUNT(DISTINCT y.person) AS a FROM (SELECT DISTINCT p.id AS person, m.org_id AS home, x.org_id AS at \
             FROM person p JOIN posting m ON m.person_id = p.id JOIN supervision_record x ON x.person_id = p.id \
             WHERE {posted} AND {m} AND x.held_on BETWEEN '{from}' AND '{to}') y \
             JOIN cl ch ON ch.org_id = y.home JOIN cl cs ON cs.org_id = y.at AND cs.anc = ch.anc GROUP BY ch.anc"
        )
    }

    fn ratings(&self) -> String {
        let (c, year) = (&self.closure, self.year);
        let level = |l: &str| format!("SUM(CASE WHEN x.level = '{l}' THEN 1 ELSE 0 END) AS {l}");
        format!(
            "{c} SELECT cl.anc, CAST(SUM(y.excellent) AS BIGINT) AS e, CAST(SUM(y.good) AS BIGINT) AS g, \
             CAST(SUM(y.complete) AS BIGINT) AS c, CAST(SUM(y.incomplete) AS BIGINT) AS i \
             FROM (SELECT x.org_id, {}, {}, {}, {} \
             FROM member_rating x WHERE x.year = {year} AND x.stage = 'decision' GROUP BY x.org_id) y \
             JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc",
            level("excellent"),
            level("good"),
            level("complete"),
            level("incomplete")
        )
    }

    fn admissions(&self) -> String {
        let (c, from, to) = (&self.closure, &self.from, &self.to);
        format!(
            "{c} SELECT cl.anc, COUNT(DISTINCT y.person) AS a FROM (SELECT DISTINCT p.id AS person, m.org_id \
             FROM person p JOIN posting m ON m.person_id = p.id WHERE p.admitted_on BETWEEN '{from}' AND '{to}' AND m.kind = 'regular' \
             AND m.from_date <= p.admitted_on AND (m.to_date IS NULL OR m.to_date > p.admitted_on)) y \
             JOIN cl ON cl.org_id = y.org_id GROUP BY cl.anc"
        )
    }

    fn plan(&self) -> String {
        format!(
            "{} SELECT org_id AS anc, planned_percent FROM supervision_plan WHERE year = {} AND org_id IN (SELECT org_id FROM r)",
            self.closure, self.year
        )
    }

    fn org_rating(&self) -> String {
        format!(
            "{} SELECT org_id AS anc, level FROM org_rating WHERE year = {} AND stage = 'decision' AND org_id IN (SELECT org_id FROM r)",
            self.closure, self.year
        )
    }
}

impl Db {
    /// The hand-written structure aggregate: members of the subtree at `root_path` on `as_of`
    /// counted by probation, age bracket (the ages in `ages`), theory and qualification in one
    /// pass; returns the member count (the other sums are computed for the time they take).
    pub async fn baseline_structure(
        &self,
        root_path: &str,
        as_of: NaiveDate,
        ages: &[u32],
    ) -> Result<i64> {
        let d = as_of;
        let case = |cond: String| format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)");
        let mut sums = vec![case(format!(
            "p.official_on IS NULL OR p.official_on > '{d}'"
        ))];
        for age in ages {
            let born = domain::register::stats::latest_birth_for_age(as_of, *age);
            sums.push(case(format!("p.birth_date <= '{born}'")));
        }
        for t in ["advanced", "intermediate", "elementary", "none"] {
            sums.push(case(format!("p.theory = '{t}'")));
        }
        for q in [
            "doctorate",
            "master",
            "bachelor",
            "college",
            "vocational",
            "elementary",
            "none",
        ] {
            sums.push(case(format!("p.qualification = '{q}'")));
        }
        let sql = format!(
            "SELECT COUNT(*) AS n, {} \
             FROM person p CROSS JOIN posting m WHERE m.person_id = p.id \
             AND m.org_id IN (SELECT v.org_id FROM org_version v WHERE v.valid_from <= '{d}' \
             AND (v.valid_to IS NULL OR v.valid_to > '{d}') AND v.path LIKE '{root_path}%') \
             AND m.kind = 'regular' AND m.from_date <= '{d}' AND (m.to_date IS NULL OR m.to_date > '{d}') \
             AND p.admitted_on <= '{d}' AND (p.ended_on IS NULL OR p.ended_on > '{d}')",
            sums.join(", ")
        );
        let rows = all(&self.conn, &sql, vec![]).await?;
        Ok(rows
            .first()
            .map(|r| get_count(r, "n"))
            .transpose()?
            .unwrap_or(0) as i64)
    }

    /// The hand-written yearly figures of every organization under `root_path` that has a
    /// resolution for `year`: the tree of the reference date as a closure table (recursive
    /// CTE over the versions' parents, materialized), then one aggregate per figure, each
    /// grouped by organization first and then summed over the closure (joining the closure to
    /// the raw rows took seconds on SQLite). Returns org id → the year's figures.
    pub async fn baseline_year_metrics(
        &self,
        root_path: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<HashMap<i32, YearMetrics>> {
        let q = YearSql::new(root_path, year, today);
        let mut f: HashMap<i32, Figures> = HashMap::new();
        for r in all(&self.conn, &q.orgs(), vec![]).await? {
            f.entry(get(&r, "anc")?).or_default();
        }
        self.sum_into(&mut f, &q.attendance(), |e, r| {
            (e.counted, e.present) = (get_count(r, "a")?, get_count(r, "b")?);
            Ok(())
        })
        .await?;
        self.sum_into(&mut f, &q.sessions(), |e, r| {
            e.sessions = get_count(r, "a")?;
            Ok(())
        })
        .await?;
        self.sum_into(&mut f, &q.members(), |e, r| {
            (e.members, e.non_members) = (get_count(r, "a")?, get_count(r, "b")?);
            Ok(())
        })
        .await?;
        self.sum_into(&mut f, &q.studied(), |e, r| {
            (e.members_studied, e.non_members_studied) = (get_count(r, "a")?, get_count(r, "b")?);
            Ok(())
        })
        .await?;
        self.baseline_rest(&q, &mut f).await?;
        Ok(f.into_iter().map(|(id, a)| (id, a.metrics(year))).collect())
    }

    /// Supervision, ratings, admissions, the supervision plan and the organization's rating.
    async fn baseline_rest(&self, q: &YearSql, f: &mut HashMap<i32, Figures>) -> Result<()> {
        self.sum_into(f, &q.records(), |e, r| {
            e.records = get_count(r, "a")?;
            Ok(())
        })
        .await?;
        self.sum_into(f, &q.supervised(), |e, r| {
            e.supervised = get_count(r, "a")?;
            Ok(())
        })
        .await?;
        self.sum_into(f, &q.ratings(), |e, r| {
            e.ratings = LevelCounts {
                excellent: get_count(r, "e")?,
                good: get_count(r, "g")?,
                complete: get_count(r, "c")?,
                incomplete: get_count(r, "i")?,
            };
            Ok(())
        })
        .await?;
        self.sum_into(f, &q.admissions(), |e, r| {
            e.admissions = get_count(r, "a")?;
            Ok(())
        })
        .await?;
        self.sum_into(f, &q.plan(), |e, r| {
            e.plan = Some(get(r, "planned_percent")?);
            Ok(())
        })
        .await?;
        self.sum_into(f, &q.org_rating(), |e, r| {
            e.org_rating = RatingLevel::from_code(&get::<String>(r, "level")?);
            Ok(())
        })
        .await
    }

    /// Runs one figure's query and hands each row to `set` with its organization's figures.
    async fn sum_into(
        &self,
        f: &mut HashMap<i32, Figures>,
        sql: &str,
        set: impl Fn(&mut Figures, &QueryResult) -> Result<()>,
    ) -> Result<()> {
        for r in all(&self.conn, sql, vec![]).await? {
            set(f.entry(get(&r, "anc")?).or_default(), &r)?;
        }
        Ok(())
    }
}

impl Db {
    /// The hand-written read behind the badges due: the members of the subtree at `root_path`
    /// on `on` admitted on or before `admitted_by`, with their admission dates and names (the
    /// rows `Db::badges_due` reads before it assesses each); returns how many.
    pub async fn baseline_badge_candidates(
        &self,
        root_path: &str,
        on: NaiveDate,
        admitted_by: NaiveDate,
    ) -> Result<usize> {
        let sql = format!(
            "SELECT p.id, p.full_name, p.name_sort, p.card_number, p.admitted_on \
             FROM person p JOIN posting m ON m.person_id = p.id AND m.kind = 'regular' \
             JOIN org_version v ON v.org_id = m.org_id \
             WHERE v.path LIKE '{root_path}%' AND v.valid_from <= '{on}' AND (v.valid_to IS NULL OR v.valid_to > '{on}') \
             AND m.from_date <= '{on}' AND (m.to_date IS NULL OR m.to_date > '{on}') \
             AND p.admitted_on <= '{admitted_by}' AND (p.ended_on IS NULL OR p.ended_on > '{on}')"
        );
        Ok(all(&self.conn, &sql, vec![]).await?.len())
    }
}
