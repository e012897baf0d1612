//! Bulk loading of a year of branch life for synthetic data (`gen --branch-life`): congress
//! resolutions with their targets, meetings with attendance, resolution study sessions,
//! supervision plans and records, member and organization ratings (committee decisions), in
//! multi-row statements and one transaction. The rows are taken as given (the generator
//! makes them consistent); one audit entry records the load.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use domain::branch::rating::RatingLevel;
use domain::branch::target::{Target, Term};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::Result;
use crate::register::bulk::insert_rows;
use crate::sql::{all, get, now};

/// A meeting and its attendance: (person, `present` | `excused` | `unexcused`).
#[derive(Debug, Clone)]
pub struct BulkMeeting {
    pub org_id: i32,
    pub held_on: NaiveDate,
    pub thematic: bool,
    pub attendance: Vec<(i32, &'static str)>,
}

/// A year of branch life to load.
#[derive(Debug, Clone, Default)]
pub struct BulkLife {
    pub year: i32,
    /// (organization, term, title, targets)
    pub resolutions: Vec<(i32, Term, String, Vec<Target>)>,
    /// (organization, target position from 1, value for `year`, evidence)
    pub manual_values: Vec<(i32, i32, f64, String)>,
    pub meetings: Vec<BulkMeeting>,
    /// (organization, date, attendees): resolution study sessions
    pub study: Vec<(i32, NaiveDate, Vec<i32>)>,
    /// (organization, planned share)
    pub supervision_plans: Vec<(i32, f64)>,
    /// (organization, person, date)
    pub supervision: Vec<(i32, i32, NaiveDate)>,
    /// (person, organization, level)
    pub member_ratings: Vec<(i32, i32, RatingLevel)>,
    /// (organization, level)
    pub org_ratings: Vec<(i32, RatingLevel)>,
}

impl Db {
    /// Writes a year of branch life in one transaction; returns the rows written.
    pub async fn load_branch_life(&self, actor: &Actor, l: &BulkLife) -> Result<usize> {
        let tx = self.write_tx().await?;
        let t = now();
        let mut written = 0;
        written += insert_resolutions(&tx, l, t).await?;
        written += insert_manual_values(&tx, l).await?;
        written += insert_meetings(&tx, l, t).await?;
        written += insert_study(&tx, l).await?;
        written += insert_supervision(&tx, l).await?;
        written += insert_ratings(&tx, l).await?;
        audit::record(
            &tx,
            actor,
            "branch_life_loaded",
            "resolution",
            0,
            None,
            Some(json!({"year": l.year, "rows": written})),
        )
        .await?;
        tx.commit().await?;
        self.refresh_statistics(written).await?;
        Ok(written)
    }
}

/// The first and last day of `year`, bounds of the dated rows loaded for it.
fn year_bounds(year: i32) -> (Option<NaiveDate>, Option<NaiveDate>) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    )
}

/// Writes the congress resolutions and then their targets (numbered from 1); returns the rows
/// written.
async fn insert_resolutions(
    c: &impl ConnectionTrait,
    l: &BulkLife,
    t: NaiveDateTime,
) -> Result<usize> {
    insert_rows(
        c,
        "resolution",
        &[
            "org_id",
            "term_from",
            "term_to",
            "title",
            "adopted_on",
            "created_at",
        ],
        l.resolutions
            .iter()
            .map(|(org, term, title, _)| {
                vec![
                    (*org).into(),
                    term.from.into(),
                    term.to.into(),
                    title.clone().into(),
                    NaiveDate::from_ymd_opt(term.from, 1, 15).into(),
                    t.into(),
                ]
            })
            .collect(),
    )
    .await?;
    let res_ids = resolution_ids(c).await?;
    let mut rows = Vec::new();
    for (org, term, _, targets) in &l.resolutions {
        let id = res_ids[&(*org, term.from)];
        for (i, tg) in targets.iter().enumerate() {
            rows.push(vec![
                id.into(),
                (i as i32 + 1).into(),
                tg.text.clone().into(),
                tg.comparator.code().into(),
                tg.value.into(),
                tg.unit.clone().into(),
                tg.period.code().into(),
                tg.source.code().into(),
            ]);
        }
    }
    let written = l.resolutions.len() + rows.len();
    insert_rows(
        c,
        "target",
        &[
            "resolution_id",
            "position",
            "text",
            "comparator",
            "value",
            "unit",
            "period",
            "source",
        ],
        rows,
    )
    .await?;
    Ok(written)
}

/// Every resolution's id by (organization, first year of its term).
async fn resolution_ids(c: &impl ConnectionTrait) -> Result<HashMap<(i32, i32), i32>> {
    let mut ids = HashMap::new();
    for r in all(c, "SELECT id, org_id, term_from FROM resolution", vec![]).await? {
        ids.insert((get(&r, "org_id")?, get(&r, "term_from")?), get(&r, "id")?);
    }
    Ok(ids)
}

/// Writes the values entered by hand for the targets in force in the year (a value whose
/// target is not found is skipped); returns the rows written.
async fn insert_manual_values(c: &impl ConnectionTrait, l: &BulkLife) -> Result<usize> {
    let mut target_ids: HashMap<(i32, i32), i32> = HashMap::new();
    for r in all(
        c,
        "SELECT t.id, r.org_id, t.position FROM target t JOIN resolution r ON r.id = t.resolution_id WHERE r.term_from <= $1 AND r.term_to > $1",
        vec![l.year.into()],
    )
    .await?
    {
        target_ids.insert((get(&r, "org_id")?, get(&r, "position")?), get(&r, "id")?);
    }
    let rows: Vec<_> = l
        .manual_values
        .iter()
        .filter_map(|(org, pos, v, ev)| {
            target_ids
                .get(&(*org, *pos))
                .map(|id| vec![(*id).into(), l.year.into(), (*v).into(), ev.clone().into()])
        })
        .collect();
    let written = rows.len();
    insert_rows(
        c,
        "target_value",
        &["target_id", "year", "value", "evidence"],
        rows,
    )
    .await?;
    Ok(written)
}

/// Writes the meetings and then their attendance; returns the rows written.
async fn insert_meetings(
    c: &impl ConnectionTrait,
    l: &BulkLife,
    t: NaiveDateTime,
) -> Result<usize> {
    insert_rows(
        c,
        "meeting",
        &[
            "org_id",
            "kind",
            "held_on",
            "minutes",
            "thematic_part",
            "topic",
            "created_at",
        ],
        l.meetings
            .iter()
            .map(|m| {
                vec![
                    m.org_id.into(),
                    if m.thematic { "thematic" } else { "regular" }.into(),
                    m.held_on.into(),
                    (if m.thematic { 150 } else { 120 }).into(),
                    m.thematic.into(),
                    format!("Sinh hoạt chi bộ tháng {}", m.held_on.format("%m/%Y")).into(),
                    t.into(),
                ]
            })
            .collect(),
    )
    .await?;
    let (from, to) = year_bounds(l.year);
    let mut meeting_ids: HashMap<(i32, NaiveDate), i32> = HashMap::new();
    for r in all(
        c,
        "SELECT id, org_id, held_on FROM meeting WHERE held_on >= $1 AND held_on <= $2",
        vec![from.into(), to.into()],
    )
    .await?
    {
        meeting_ids.insert((get(&r, "org_id")?, get(&r, "held_on")?), get(&r, "id")?);
    }
    let mut rows = Vec::new();
    for m in &l.meetings {
        let id = meeting_ids[&(m.org_id, m.held_on)];
        for (p, status) in &m.attendance {
            rows.push(vec![
                id.into(),
                (*p).into(),
                "counted".into(),
                (*status).into(),
                (*status == "excused")
                    .then(|| "Đi công tác".to_string())
                    .into(),
            ]);
        }
    }
    let written = l.meetings.len() + rows.len();
    insert_rows(
        c,
        "meeting_attendance",
        &["meeting_id", "person_id", "standing", "status", "reason"],
        rows,
    )
    .await?;
    Ok(written)
}

/// Writes the resolution study sessions and then who attended them; returns the rows written.
async fn insert_study(c: &impl ConnectionTrait, l: &BulkLife) -> Result<usize> {
    insert_rows(
        c,
        "study_session",
        &["org_id", "kind", "held_on", "topic"],
        l.study
            .iter()
            .map(|(org, on, _)| {
                vec![
                    (*org).into(),
                    "resolution".into(),
                    (*on).into(),
                    "Học tập, quán triệt nghị quyết đại hội".into(),
                ]
            })
            .collect(),
    )
    .await?;
    let (from, to) = year_bounds(l.year);
    let mut session_ids: HashMap<(i32, NaiveDate), i32> = HashMap::new();
    for r in all(
        c,
        "SELECT id, org_id, held_on FROM study_session WHERE held_on >= $1 AND held_on <= $2",
        vec![from.into(), to.into()],
    )
    .await?
    {
        session_ids.insert((get(&r, "org_id")?, get(&r, "held_on")?), get(&r, "id")?);
    }
    let rows: Vec<_> = l
        .study
        .iter()
        .flat_map(|(org, on, people)| {
            let id = session_ids[&(*org, *on)];
            people.iter().map(move |p| vec![id.into(), (*p).into()])
        })
        .collect();
    let written = l.study.len() + rows.len();
    insert_rows(c, "study_attendance", &["session_id", "person_id"], rows).await?;
    Ok(written)
}

/// Writes the supervision plans and then the supervision records; returns the rows written.
async fn insert_supervision(c: &impl ConnectionTrait, l: &BulkLife) -> Result<usize> {
    let rows: Vec<_> = l
        .supervision_plans
        .iter()
        .map(|(org, share)| {
            vec![
                (*org).into(),
                l.year.into(),
                (*share).into(),
                "Kế hoạch kiểm tra, giám sát đảng viên".into(),
            ]
        })
        .collect();
    let mut written = rows.len();
    insert_rows(
        c,
        "supervision_plan",
        &["org_id", "year", "planned_percent", "content"],
        rows,
    )
    .await?;
    let rows: Vec<_> = l
        .supervision
        .iter()
        .map(|(org, p, on)| {
            vec![
                (*org).into(),
                (*p).into(),
                (*on).into(),
                "regular".into(),
                "Việc thực hiện nhiệm vụ đảng viên".into(),
            ]
        })
        .collect();
    written += rows.len();
    insert_rows(
        c,
        "supervision_record",
        &["org_id", "person_id", "held_on", "kind", "content"],
        rows,
    )
    .await?;
    Ok(written)
}

/// Writes the committee's decisions: member ratings, then organization ratings; returns the
/// rows written.
async fn insert_ratings(c: &impl ConnectionTrait, l: &BulkLife) -> Result<usize> {
    let rows: Vec<_> = l
        .member_ratings
        .iter()
        .map(|(p, org, level)| {
            vec![
                (*p).into(),
                (*org).into(),
                l.year.into(),
                "decision".into(),
                level.code().into(),
            ]
        })
        .collect();
    let mut written = rows.len();
    insert_rows(
        c,
        "member_rating",
        &["person_id", "org_id", "year", "stage", "level"],
        rows,
    )
    .await?;
    let rows: Vec<_> = l
        .org_ratings
        .iter()
        .map(|(org, level)| {
            vec![
                (*org).into(),
                l.year.into(),
                "decision".into(),
                level.code().into(),
            ]
        })
        .collect();
    written += rows.len();
    insert_rows(c, "org_rating", &["org_id", "year", "stage", "level"], rows).await?;
    Ok(written)
}
