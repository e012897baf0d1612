//! The meeting calendar of an organization for a year: twelve months with the meetings held
//! (kind, duration, topic, attendance rate), months without a meeting and quarters without a
//! thematic meeting flagged, and the members flagged by `domain::branch::meeting` (absent
//! without reason, excused more than three meetings running).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use chrono::{Datelike, NaiveDate};
use domain::branch::meeting::{self, MAX_EXCUSED_RUN, MIN_MINUTES, MIN_MINUTES_THEMATIC};
use serde::Deserialize;

use super::branch::{readable_org, recent_years, year_param};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    nam: Option<String>,
}

pub struct MeetingLine {
    pub date: String,
    pub kind: &'static str,
    pub minutes: u32,
    pub short: bool,
    pub topic: String,
    pub attendance: String,
}

pub struct MonthLine {
    pub month: u32,
    pub meetings: Vec<MeetingLine>,
    /// No meeting held in a month already begun.
    pub missing: bool,
    /// The month has not begun yet.
    pub future: bool,
}

pub struct MemberLine {
    pub name: String,
    pub counted: u64,
    pub present: u64,
    pub excused: u64,
    pub unexcused: u64,
    pub rate: String,
    pub flags: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings.html")]
pub struct MeetingsPage {
    user: Option<String>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    months: Vec<MonthLine>,
    missing_months: Vec<u32>,
    missing_quarters: Vec<u32>,
    meeting_count: usize,
    rate: String,
    members: Vec<MemberLine>,
    flagged: usize,
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<MeetingsPage, WebError> {
    let today = s.today();
    let org = readable_org(&s, &me, &code).await?;
    let year = year_param(p.nam.as_deref(), today.year(), today)?;
    let bad = || WebError::BadInput(format!("Năm {year} không hợp lệ."));
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(bad)?
        .min(today);
    let on = db::branch_life::reference_date(year, today);
    let rows = s.db.meetings(&org.code, from, to).await?;
    let held: Vec<NaiveDate> = rows.iter().map(|m| m.held_on).collect();
    let missing: Vec<(i32, u32)> = meeting::months_without_meeting(&held, from, to);
    let missing_quarters = meeting::quarters_without_thematic(
        &rows.iter().map(|m| (m.held_on, m.kind)).collect::<Vec<_>>(),
        year,
        to,
    );
    let mut months: Vec<MonthLine> = (1..=12)
        .map(|m| MonthLine {
            month: m,
            meetings: Vec::new(),
            missing: missing.contains(&(year, m)),
            future: NaiveDate::from_ymd_opt(year, m, 1).is_none_or(|d| d > today),
        })
        .collect();
    for m in &rows {
        let line = MeetingLine {
            date: domain::text::format_date(m.held_on),
            kind: m.kind.label(),
            minutes: m.minutes,
            short: m.minutes
                < if m.thematic_part {
                    MIN_MINUTES_THEMATIC
                } else {
                    MIN_MINUTES
                },
            topic: m.topic.clone(),
            attendance: if m.counted > 0 {
                format!(
                    "{}/{} ({})",
                    m.present,
                    m.counted,
                    domain::text::format_percent(m.rate)
                )
            } else {
                "chưa ghi điểm danh".into()
            },
        };
        if let Some(month) = months.get_mut(m.held_on.month0() as usize) {
            month.meetings.push(line);
        }
    }

    // Attendance of the organization's meetings (its subtree's) over the year, per member.
    let summary = s.db.attendance_summary(&org.code, from, to).await?;
    let names: BTreeMap<i32, (usize, String)> = match s.db.roster(&org.code, on).await {
        Ok(r) => r
            .into_iter()
            .enumerate()
            .map(|(i, e)| (e.person_id, (i, e.full_name)))
            .collect(),
        Err(_) => BTreeMap::new(),
    };
    let mut members = Vec::new();
    for m in &summary.members {
        let (order, name) = match names.get(&m.member) {
            Some((i, n)) => (*i, n.clone()),
            None => (
                usize::MAX,
                match s.db.person(m.member).await {
                    Ok(p) => p.full_name.to_string(),
                    Err(_) => format!("Người có mã {}", m.member),
                },
            ),
        };
        let mut flags = Vec::new();
        if m.absent_without_reason {
            flags.push(format!("Vắng không lý do {} lần", m.unexcused));
        }
        if m.excused_too_often() {
            flags.push(format!(
                "Vắng có lý do {} cuộc liên tiếp (quá {MAX_EXCUSED_RUN})",
                m.longest_excused_run
            ));
        }
        members.push((
            order,
            MemberLine {
                name,
                counted: m.counted,
                present: m.present,
                excused: m.excused,
                unexcused: m.unexcused,
                rate: domain::text::format_percent(m.rate),
                flags,
            },
        ));
    }
    // Flagged members first, then in the roster's (Vietnamese name) order.
    members.sort_by_key(|(order, m)| (m.flags.is_empty(), *order));
    let members: Vec<MemberLine> = members.into_iter().map(|(_, m)| m).collect();
    let flagged = members.iter().filter(|m| !m.flags.is_empty()).count();
    Ok(MeetingsPage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        code: org.code,
        name: org.name,
        year,
        years: recent_years(today),
        missing_months: missing.iter().map(|(_, m)| *m).collect(),
        missing_quarters,
        meeting_count: rows.len(),
        rate: if summary.counted > 0 {
            domain::text::format_percent(summary.rate)
        } else {
            "—".into()
        },
        months,
        members,
        flagged,
    })
}
