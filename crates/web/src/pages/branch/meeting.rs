//! One meeting's own page: what was held, and the attendance behind the figure the calendar
//! shows ("Dự họp: 20/22"), each member with present / excused (with the reason) / unexcused,
//! the HD 12-HD/BTCTW verdict; and, for a writer, deleting a meeting recorded by mistake, with
//! the reason kept in the audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::meeting::{self, Attendance, Standing};
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

pub struct Line {
    pub name: String,
    pub status: &'static str,
    pub reason: String,
    pub counted: bool,
    pub flagged: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/meeting.html")]
pub struct MeetingPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    code: String,
    org_name: String,
    year: i32,
    title: String,
    topic: String,
    minutes: u32,
    minutes_text: Option<String>,
    present: usize,
    counted: usize,
    quality: Option<(bool, String)>,
    lines: Vec<Line>,
    can_write: bool,
    error: Option<String>,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    error: Option<String>,
) -> Result<MeetingPage, WebError> {
    let m = s.db.meeting(id).await?;
    let org = readable_org(s, me, &m.org_code).await?;
    let counted: Vec<_> = m
        .lines
        .iter()
        .filter(|l| l.standing == Standing::Counted)
        .collect();
    let present = counted
        .iter()
        .filter(|l| l.attendance == Attendance::Present)
        .count();
    let unexcused = counted
        .iter()
        .filter(|l| l.attendance == Attendance::Unexcused)
        .count();
    let quality = m
        .kind
        .is_branch_meeting()
        .then(|| meeting::quality(present as u64, counted.len() as u64, unexcused as u64))
        .flatten()
        .map(|q| (q.ok, q.text()));
    Ok(MeetingPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        year: m.held_on.year(),
        title: format!("{} ngày {}", m.kind.label(), format_date(m.held_on)),
        topic: m.topic.clone(),
        minutes: m.minutes,
        minutes_text: m.minutes_text.clone(),
        present,
        counted: counted.len(),
        quality,
        lines: m
            .lines
            .iter()
            .map(|l| Line {
                name: l.full_name.clone(),
                status: l.attendance.label(),
                reason: l.attendance.reason().unwrap_or_default().to_string(),
                counted: l.standing == Standing::Counted,
                flagged: l.attendance == Attendance::Unexcused,
            })
            .collect(),
        can_write: super::may_write(me, &org),
        code: org.code,
        org_name: org.name,
        error,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<MeetingPage, WebError> {
    build(&s, &me, id, None).await
}

#[derive(Deserialize)]
pub struct DeleteForm {
    csrf: String,
    #[serde(default)]
    ly_do: String,
}

/// Deletes the meeting with its attendance; the reason is required and kept in the log.
pub async fn delete(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let m = s.db.meeting(id).await?;
    let org = writable_org(&s, &me, &m.org_code).await?;
    match s.db.delete_meeting(&me.actor, id, &f.ly_do).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/lich-sinh-hoat?nam={}",
            org.code,
            m.held_on.year()
        ))
        .into_response()),
        Err(e) if e.is_bad_input() => {
            let page = build(
                &s,
                &me,
                id,
                Some(crate::pages::form::sentence(&e.to_string())),
            )
            .await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
