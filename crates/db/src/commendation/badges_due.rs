//! The badges due in a subtree on an award date: the members whose regular organization lies
//! in the subtree on that day (and those who died there lately, for a posthumous award),
//! narrowed in SQL to those old enough in the party to reach the first milestone, then each
//! assessed by `domain::commendation::badge::assess` from facts read in four batch queries.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use domain::commendation::Discipline;
use domain::commendation::badge::{self, BadgeFacts, BadgeStatus, Gap, GapKind, PartyAge};
use sea_orm::Value;
use serde::Serialize;

use super::badges::settings_on;
use crate::Db;
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, get};

/// One member on the list of an award date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadgeDueRow {
    pub person_id: i32,
    pub card: Option<String>,
    pub name: String,
    #[serde(skip)]
    pub name_sort: String,
    pub org_code: String,
    pub org_name: String,
    pub admitted: NaiveDate,
    pub died: Option<NaiveDate>,
    pub milestone: u32,
    pub status: BadgeStatus,
    pub party_age: PartyAge,
    pub deducted_days: i64,
    pub reached_on: NaiveDate,
    pub reason: String,
}

/// The people of the subtree (`$2`, a path prefix) who may be on the list of `$1`: members
/// there on `$1`, or members who died there after `$4`; admitted on or before `$3`.
const CANDIDATES: &str = "FROM person p JOIN posting m ON m.person_id = p.id AND m.kind = 'regular' \
     JOIN org_version v ON v.org_id = m.org_id \
     JOIN organization o ON o.id = m.org_id \
     WHERE v.path LIKE $2 AND p.admitted_on <= $3 AND ( \
       (m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) AND (p.ended_on IS NULL OR p.ended_on > $1) \
        AND v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1)) \
       OR (p.end_reason = 'died' AND p.ended_on <= $1 AND p.ended_on > $4 AND m.to_date = p.ended_on \
        AND v.valid_from < p.ended_on AND (v.valid_to IS NULL OR v.valid_to >= p.ended_on)))";

/// How many candidates one read of their facts names.
const IDS_PER_READ: usize = 1000;

fn bad(what: &str, v: &str) -> DbError {
    DbError::Invalid(format!("dữ liệu lưu trữ hỏng: {what} '{v}'"))
}

struct Candidate {
    id: i32,
    card: Option<String>,
    name: String,
    name_sort: String,
    org_code: String,
    org_name: String,
    admitted: NaiveDate,
    died: Option<NaiveDate>,
}

impl Db {
    /// The members of `org`'s subtree on the list of the award date `on`, ordered by milestone
    /// then name in Vietnamese order (see `domain::commendation::badge` for who is listed);
    /// remembered while the data is unchanged (the committee's home page asks for several
    /// award dates at each visit).
    pub async fn badges_due(&self, org: &str, on: NaiveDate) -> Result<Vec<BadgeDueRow>> {
        let root = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let key = format!("badges_due|{}|{on}", root.path);
        self.cache
            .get_or(key, || self.list_badges_due(root, on))
            .await
    }

    /// The list computed afresh, never from what was remembered (the benchmark measures it).
    pub async fn badges_due_uncached(&self, org: &str, on: NaiveDate) -> Result<Vec<BadgeDueRow>> {
        let root = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        self.list_badges_due(root, on).await
    }

    async fn list_badges_due(
        &self,
        root: crate::OrgRow,
        on: NaiveDate,
    ) -> Result<Vec<BadgeDueRow>> {
        let settings = settings_on(&self.conn, on).await?;
        let allowance = settings
            .early_illness_months
            .max(settings.early_illness_months_from_70)
            .max(settings.early_posthumous_months);
        // Nobody admitted later than this reaches 30 years with any allowance; deaths before
        // the other bound are past every list that could still name them.
        let admitted_by = on
            .checked_sub_months(Months::new(badge::MILESTONES[0] * 12))
            .and_then(|d| d.checked_add_months(Months::new(allowance)))
            .unwrap_or(on);
        let died_after = on
            .checked_sub_months(Months::new(allowance + 12))
            .unwrap_or(on);
        let values: Vec<Value> = vec![
            on.into(),
            format!("{}%", root.path).into(),
            admitted_by.into(),
            died_after.into(),
        ];
        let people = self.candidates(&values).await?;
        let mut facts = self.candidate_facts(&people).await?;
        let mut out = Vec::new();
        for c in people {
            let mut f = facts.remove(&c.id).unwrap_or_default();
            f.admitted = Some(c.admitted);
            f.died = c.died;
            if let Some(line) = badge::assess(&f, on, &settings) {
                out.push(BadgeDueRow {
                    person_id: c.id,
                    card: c.card,
                    name: c.name,
                    name_sort: c.name_sort,
                    org_code: c.org_code,
                    org_name: c.org_name,
                    admitted: c.admitted,
                    died: c.died,
                    milestone: line.milestone,
                    status: line.status,
                    party_age: line.party_age,
                    deducted_days: line.deducted_days,
                    reached_on: line.reached_on,
                    reason: line.reason,
                });
            }
        }
        out.sort_by(|a, b| {
            (a.milestone, &a.name_sort, a.person_id).cmp(&(b.milestone, &b.name_sort, b.person_id))
        });
        Ok(out)
    }

    async fn candidates(&self, values: &[Value]) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT p.id, p.full_name, p.name_sort, p.card_number, p.admitted_on, p.ended_on, p.end_reason, \
             o.code, v.name {CANDIDATES}"
        );
        let rows = all(&self.conn, &sql, values.to_vec()).await?;
        rows.iter()
            .map(|r| {
                let reason: Option<String> = get(r, "end_reason")?;
                let ended: Option<NaiveDate> = get(r, "ended_on")?;
                Ok(Candidate {
                    id: get(r, "id")?,
                    card: get(r, "card_number")?,
                    name: get(r, "full_name")?,
                    name_sort: get(r, "name_sort")?,
                    org_code: get(r, "code")?,
                    org_name: get(r, "name")?,
                    admitted: get(r, "admitted_on")?,
                    died: ended.filter(|_| reason.as_deref() == Some("died")),
                })
            })
            .collect()
    }

    /// The candidates' gaps, discipline, illness and badges: one query of each per
    /// `IDS_PER_READ` candidates, by their ids. (Asking with the candidates' query as a
    /// subquery ran that join four times more: on SQLite 170 ms of a province's 270.)
    async fn candidate_facts(&self, people: &[Candidate]) -> Result<HashMap<i32, BadgeFacts>> {
        let mut facts: HashMap<i32, BadgeFacts> = HashMap::new();
        for chunk in people.chunks(IDS_PER_READ) {
            let ids = chunk
                .iter()
                .map(|c| c.id.to_string())
                .collect::<Vec<_>>()
                .join(",");
            self.facts_of(&ids, &mut facts).await?;
        }
        Ok(facts)
    }

    /// Adds the facts of the people `ids` (a list of integers for `IN (…)`) to `facts`.
    async fn facts_of(&self, ids: &str, facts: &mut HashMap<i32, BadgeFacts>) -> Result<()> {
        let q = |sql: &str| sql.replace("{ids}", ids);
        for r in all(
            &self.conn,
            &q("SELECT person_id, kind, from_date, to_date FROM party_gap WHERE person_id IN ({ids})"),
            vec![],
        )
        .await?
        {
            let kind: String = get(&r, "kind")?;
            let gap = Gap {
                kind: GapKind::from_code(&kind).ok_or_else(|| bad("thời gian", &kind))?,
                from: get(&r, "from_date")?,
                to: get(&r, "to_date")?,
            };
            facts.entry(get(&r, "person_id")?).or_default().gaps.push(gap);
        }
        for r in all(
            &self.conn,
            &q("SELECT person_id, on_date, form FROM member_discipline WHERE person_id IN ({ids})"),
            vec![],
        )
        .await?
        {
            let form: String = get(&r, "form")?;
            let form = Discipline::from_code(&form).ok_or_else(|| bad("kỷ luật", &form))?;
            facts
                .entry(get(&r, "person_id")?)
                .or_default()
                .disciplines
                .push((get(&r, "on_date")?, form));
        }
        for r in all(
            &self.conn,
            &q("SELECT person_id, MIN(noted_on) AS since FROM serious_illness WHERE person_id IN ({ids}) GROUP BY person_id"),
            vec![],
        )
        .await?
        {
            facts.entry(get(&r, "person_id")?).or_default().ill_since = get(&r, "since")?;
        }
        for r in all(
            &self.conn,
            &q("SELECT person_id, milestone FROM party_badge WHERE person_id IN ({ids})"),
            vec![],
        )
        .await?
        {
            let m: i32 = get(&r, "milestone")?;
            facts
                .entry(get(&r, "person_id")?)
                .or_default()
                .awarded
                .push(m as u32);
        }
        Ok(())
    }
}
