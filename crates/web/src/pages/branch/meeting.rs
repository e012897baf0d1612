//! One meeting's own page: what was held, and the attendance behind the figure the calendar
//! shows ("Dự họp: 20/22"), each member with present / excused (with the reason) / unexcused,
//! the HD 12-HD/BTCTW verdict; and, for a writer, correcting the meeting and its attendance
//! (the same form and checks as recording it) or deleting a meeting recorded by mistake, each
//! with the reason kept in the audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::meeting::{self, Attendance, Standing};
use domain::text::format_date;
use serde::Deserialize;

use std::collections::HashMap;

use super::meetings::{Extra, FormView, MeetingForm, members_on, read_attendance, read_meeting};
use super::{roster_changed, show_again};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, sentence};
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
    /// The correction form, for a writer: open when it comes back with a refusal.
    form: Option<FormView>,
    form_open: bool,
    /// The correction just saved, with the warnings of the corrected meeting.
    saved: Option<String>,
}

/// The correction form filled from the meeting as recorded.
fn recorded_form(m: &db::branch::MeetingDetail) -> MeetingForm {
    MeetingForm {
        kind: m.kind.code().into(),
        held_on: format_date(m.held_on),
        minutes: m.minutes.to_string(),
        thematic_part: m.thematic_part,
        topic: m.topic.clone(),
        minutes_text: m.minutes_text.clone().unwrap_or_default(),
        status: m
            .lines
            .iter()
            .map(|l| (l.person_id, l.attendance.code().to_string()))
            .collect(),
        reason: m
            .lines
            .iter()
            .filter_map(|l| l.attendance.reason().map(|r| (l.person_id, r.to_string())))
            .collect(),
        ..MeetingForm::default()
    }
}

/// The correction form: as the meeting was recorded, or as it comes back with a refusal.
async fn correction_form(
    s: &AppState,
    org: &db::OrgRow,
    m: &db::branch::MeetingDetail,
    edit: Option<Extra>,
) -> Result<FormView, WebError> {
    let extra = edit.unwrap_or_else(|| Extra {
        f: recorded_form(m),
        roster_on: m.held_on,
        errors: Errors::new(),
        row_errors: HashMap::new(),
        message: None,
        saved: None,
    });
    let roster = members_on(s, &org.code, extra.roster_on).await?;
    Ok(FormView::new(
        &roster,
        extra,
        format!("/hop/{}/sua", m.id),
        true,
    ))
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    error: Option<String>,
    edit: Option<Extra>,
) -> Result<MeetingPage, WebError> {
    let m = s.db.meeting(id).await?;
    let org = readable_org(s, me, &m.org_code).await?;
    let can_write = super::may_write(me, &org);
    let form_open = edit.is_some();
    let form = if can_write {
        Some(correction_form(s, &org, &m, edit).await?)
    } else {
        None
    };
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
        can_write,
        form,
        form_open,
        saved: None,
        code: org.code,
        org_name: org.name,
        error,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
    Query(p): Query<PageParams>,
) -> Result<MeetingPage, WebError> {
    let mut page = build(&s, &me, id, None, None).await?;
    if p.da_sua.is_some() {
        // The warnings of the meeting as it now stands (the short-meeting rule), not read
        // from the address.
        let m = s.db.meeting(id).await?;
        let warnings =
            meeting::check_meeting(m.kind, m.held_on, m.minutes, m.thematic_part, s.today())
                .unwrap_or_default();
        let mut text = "Đã lưu sửa đổi; nhật ký giữ lại cuộc họp trước khi sửa".to_string();
        for w in warnings {
            text.push_str(&format!(". Lưu ý: {w}"));
        }
        page.saved = Some(format!("{text}."));
    }
    Ok(page)
}

#[derive(Deserialize)]
pub struct PageParams {
    /// Set after a correction was saved (the redirect).
    da_sua: Option<String>,
}

/// Saves a correction of the meeting and its attendance. A refusal brings the page back
/// (422) with the input kept and the reason beside the field; nothing is saved.
pub async fn update(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (csrf, f) = MeetingForm::from_pairs(&pairs);
    check_csrf(&headers, &csrf)?;
    let m = s.db.meeting(id).await?;
    let org = writable_org(&s, &me, &m.org_code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let read = read_meeting(&f, today, &mut errors);
    if f.reason_for_change.trim().is_empty() {
        errors.insert("ly_do", "Hãy ghi lý do sửa (lưu vào nhật ký).".into());
    }
    let roster_on = read.held_on.filter(|d| *d <= today).unwrap_or(m.held_on);
    let roster = members_on(&s, &org.code, roster_on).await?;
    let (attendance, row_errors) = read_attendance(&roster, &f);
    let mut message = None;
    if read.held_on.is_some() && roster_changed(&f.roster, &roster) {
        message = Some(format!(
            "Danh sách đảng viên của chi bộ ngày {} khác danh sách trên biểu mẫu; biểu mẫu đã lấy lại danh sách của ngày đó — hãy kiểm tra điểm danh rồi lưu lại.",
            format_date(roster_on)
        ));
    }
    let again = |errors: Errors, row_errors: HashMap<i32, String>, message: Option<String>| {
        let extra = Extra {
            f: f.clone(),
            roster_on,
            errors,
            row_errors,
            message,
            saved: None,
        };
        show_again(build(&s, &me, id, None, Some(extra)))
    };
    let (Some(kind), Some(held_on), Some(minutes), true, true, None) = (
        read.kind,
        read.held_on,
        read.minutes,
        errors.is_empty(),
        row_errors.is_empty(),
        &message,
    ) else {
        return again(errors, row_errors, message).await;
    };
    let text = domain::text::normalize(&f.minutes_text);
    let new = db::branch::NewMeeting {
        org: org.code.clone(),
        kind,
        held_on,
        minutes,
        thematic_part: f.thematic_part,
        topic: f.topic.clone(),
        minutes_text: (!text.is_empty()).then(|| f.minutes_text.trim().to_string()),
        attendance,
    };
    match s
        .db
        .update_meeting(&me.actor, id, &new, &f.reason_for_change, today)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/hop/{id}?da_sua=1")).into_response()),
        Err(e) if e.is_bad_input() => {
            again(
                Errors::new(),
                HashMap::new(),
                Some(sentence(&e.to_string())),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
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
                None,
            )
            .await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
