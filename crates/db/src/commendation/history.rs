//! A member's history as the commendation rules read it, assembled from the register: the
//! rating of each year (the committee's decision, else the branch's proposal, else the member's
//! own), the titles and awards recorded, the initiatives, the discipline decided in the year
//! (`member_discipline`, the badges' table), and whether the member took part in
//! the year's emulation (a pledge in a campaign, or no campaign with pledges in the branch).
//! Read set-wise for a whole subtree, so a branch's proposal or a province's bench is a few
//! queries, not one per member.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::commendation::{
    AwardKind, Case, Discipline, InitiativeLevel, PriorAward, Subject, YearRecord,
};
use sea_orm::ConnectionTrait;

use crate::Db;
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::register::stats::MEMBERS_ON_DATE;
use crate::sql::{all, get};

/// How many years back a history reaches (the longest run of a rule is 5–6 years; 10 covers
/// the ladders' prerequisites).
pub const YEARS_BACK: i32 = 10;

/// One member and the case the rules judge for a year.
#[derive(Debug, Clone)]
pub struct MemberCase {
    pub person: i32,
    pub full_name: String,
    pub card: Option<String>,
    pub case: Case,
}

impl Db {
    /// The cases of every member of `org`'s subtree on 31/12 of `year`.
    pub async fn member_cases(&self, org: &str, year: i32) -> Result<Vec<MemberCase>> {
        let o = require_org(&self.conn, org, None).await?;
        cases_in(&self.conn, &format!("{}%", o.path), year).await
    }

    /// One member's case for `year` (whoever's branch they are in).
    pub async fn member_case(&self, person: i32, year: i32) -> Result<Case> {
        member_case_in(&self.conn, person, year).await
    }
}

pub(crate) async fn member_case_in(
    c: &impl ConnectionTrait,
    person: i32,
    year: i32,
) -> Result<Case> {
    let mut people = read_people(
        c,
        "SELECT p.id, p.full_name, p.card_number FROM person p WHERE p.id = $1",
        vec![person.into()],
    )
    .await?;
    let p = people.pop().ok_or_else(|| DbError::NotFound {
        what: "đảng viên",
        key: person.to_string(),
    })?;
    let mut cases = assemble_with(c, vec![p], year, &format!("({person})"), vec![]).await?;
    Ok(cases.remove(0).case)
}

type Person = (i32, String, Option<String>);

/// Per person, per year: the stage the rating came from, and the year as the rules read it.
type Years = HashMap<i32, BTreeMap<i32, (Option<(RatingStage, RatingLevel)>, YearRecord)>>;

fn slot(
    years: &mut Years,
    person: i32,
    year: i32,
) -> &mut (Option<(RatingStage, RatingLevel)>, YearRecord) {
    years
        .entry(person)
        .or_default()
        .entry(year)
        .or_insert_with(|| (None, YearRecord::new(year, None)))
}

async fn read_people(
    c: &impl ConnectionTrait,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<Person>> {
    let rows = all(c, sql, values).await?;
    rows.iter()
        .map(|r| Ok((get(r, "id")?, get(r, "full_name")?, get(r, "card_number")?)))
        .collect()
}

/// The cases of the members of the subtree whose path starts with `like` on 31/12 of `year`.
pub(crate) async fn cases_in(
    c: &impl ConnectionTrait,
    like: &str,
    year: i32,
) -> Result<Vec<MemberCase>> {
    let day = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| DbError::Invalid(format!("năm {year} không hợp lệ")))?;
    let people = read_people(
        c,
        &format!("SELECT DISTINCT p.id, p.full_name, p.card_number {MEMBERS_ON_DATE}"),
        vec![day.into(), like.to_string().into()],
    )
    .await?;
    let ids = format!("(SELECT p.id {MEMBERS_ON_DATE})");
    // The id subquery binds the same $1 and $2, so every query below starts with them.
    assemble_with(
        c,
        people,
        year,
        &ids,
        vec![day.into(), like.to_string().into()],
    )
    .await
}

/// Reads the ratings, awards, initiatives and pledges of `people` (selected again by the SQL
/// `ids`, whose parameters are `base`) and builds each case.
async fn assemble_with(
    c: &impl ConnectionTrait,
    people: Vec<Person>,
    year: i32,
    ids: &str,
    base: Vec<sea_orm::Value>,
) -> Result<Vec<MemberCase>> {
    let n = base.len();
    let with = |extra: Vec<sea_orm::Value>| {
        let mut v = base.clone();
        v.extend(extra);
        v
    };
    let (from, to) = (year - YEARS_BACK, year);
    let ratings = all(
        c,
        &format!("SELECT person_id, year, stage, level FROM member_rating WHERE person_id IN {ids} AND year BETWEEN ${} AND ${}", n + 1, n + 2),
        with(vec![from.into(), to.into()]),
    )
    .await?;
    let awards = all(
        c,
        &format!("SELECT person_id, year, kind FROM commendation_award WHERE person_id IN {ids} AND year <= ${}", n + 1),
        with(vec![to.into()]),
    )
    .await?;
    let initiatives = all(
        c,
        &format!("SELECT person_id, year, level FROM commendation_initiative WHERE person_id IN {ids} AND year BETWEEN ${} AND ${}", n + 1, n + 2),
        with(vec![from.into(), to.into()]),
    )
    .await?;
    let discipline = all(
        c,
        &format!("SELECT person_id, on_date, form FROM member_discipline WHERE person_id IN {ids} AND on_date BETWEEN ${} AND ${}", n + 1, n + 2),
        with(vec![
            NaiveDate::from_ymd_opt(from, 1, 1).unwrap_or_default().into(),
            NaiveDate::from_ymd_opt(to, 12, 31).unwrap_or_default().into(),
        ]),
    )
    .await?;
    let pledged = pledged_in(c, ids, &base, year).await?;
    let (mut years, mut prior) = fold_rows(&ratings, &awards, &initiatives, from)?;
    fold_discipline(&mut years, &discipline)?;
    let mut out = Vec::with_capacity(people.len());
    for (person, full_name, card) in people {
        let mut h: Vec<YearRecord> = years
            .remove(&person)
            .unwrap_or_default()
            .into_values()
            .map(|(_, r)| r)
            .collect();
        if !h.iter().any(|r| r.year == year) {
            h.push(YearRecord::new(year, None));
        }
        let active = pledged.as_ref().is_none_or(|set| set.contains(&person));
        let case = Case::new(
            Subject::Individual,
            year,
            h,
            prior.remove(&person).unwrap_or_default(),
            active,
        )
        .map_err(DbError::invalid)?;
        out.push(MemberCase {
            person,
            full_name,
            card,
            case,
        });
    }
    Ok(out)
}

/// The members who pledged in a campaign running in `year`; `None` when no campaign of the
/// year has a pledge from these members' organizations (then nobody is held back for it).
async fn pledged_in(
    c: &impl ConnectionTrait,
    ids: &str,
    base: &[sea_orm::Value],
    year: i32,
) -> Result<Option<HashSet<i32>>> {
    let (start, end) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    );
    let n = base.len();
    let mut values = base.to_vec();
    values.extend([start.into(), end.into()]);
    let rows = all(
        c,
        &format!(
            "SELECT g.person_id FROM commendation_pledge g JOIN commendation_campaign k ON k.id = g.campaign_id \
             WHERE k.starts_on <= ${} AND k.ends_on >= ${} AND g.org_id IN \
             (SELECT q.org_id FROM posting q WHERE q.kind = 'regular' AND q.person_id IN {ids})",
            n + 2,
            n + 1
        ),
        values,
    )
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        rows.iter()
            .filter_map(|r| get::<Option<i32>>(r, "person_id").ok().flatten())
            .collect(),
    ))
}

/// The rows read for a set of people, folded per person and year.
fn fold_rows(
    ratings: &[sea_orm::QueryResult],
    awards: &[sea_orm::QueryResult],
    initiatives: &[sea_orm::QueryResult],
    from: i32,
) -> Result<(Years, HashMap<i32, Vec<PriorAward>>)> {
    let mut years: Years = HashMap::new();
    let mut prior: HashMap<i32, Vec<PriorAward>> = HashMap::new();
    for r in ratings {
        let (p, y): (i32, i32) = (get(r, "person_id")?, get(r, "year")?);
        let stage = RatingStage::from_code(&get::<String>(r, "stage")?);
        let level = RatingLevel::from_code(&get::<String>(r, "level")?);
        let (Some(stage), Some(level)) = (stage, level) else {
            continue;
        };
        let slot = slot(&mut years, p, y);
        if slot.0.is_none_or(|(s, _)| stage > s) {
            slot.0 = Some((stage, level));
            slot.1.rating = Some(level);
        }
    }
    for r in awards {
        let (p, y): (i32, i32) = (get(r, "person_id")?, get(r, "year")?);
        let Some(kind) = AwardKind::from_code(&get::<String>(r, "kind")?) else {
            continue;
        };
        if !kind.admits(Subject::Individual) {
            continue;
        }
        if kind.is_title() {
            if y >= from {
                slot(&mut years, p, y).1.titles.push(kind);
            }
        } else {
            prior
                .entry(p)
                .or_default()
                .push(PriorAward { kind, year: y });
        }
    }
    for r in initiatives {
        let (p, y): (i32, i32) = (get(r, "person_id")?, get(r, "year")?);
        let Some(level) = InitiativeLevel::from_code(&get::<String>(r, "level")?) else {
            continue;
        };
        slot(&mut years, p, y).1.initiatives.push(level);
    }
    Ok((years, prior))
}

/// A year's discipline: the heaviest form decided in it (what blocks the year's titles).
fn fold_discipline(years: &mut Years, rows: &[sea_orm::QueryResult]) -> Result<()> {
    use chrono::Datelike;
    for r in rows {
        let p: i32 = get(r, "person_id")?;
        let on: NaiveDate = get(r, "on_date")?;
        let Some(form) = Discipline::from_code(&get::<String>(r, "form")?) else {
            continue;
        };
        let y = &mut slot(years, p, on.year()).1;
        y.discipline = y.discipline.max(Some(form));
    }
    Ok(())
}
