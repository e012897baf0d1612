//! Correcting a study session (issue 18 §2.3): `/hoc-tap/{id}` shows the session as recorded
//! — kind, date, topic and a tick for each person posted in the organization that day — and
//! saves the correction with its reason (`Db::update_study`, the checks of recording it; the
//! audit log keeps the session before and after).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::study::StudyKind;
use domain::text::format_date;

use super::posted_on;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::guard::writable_org;
use crate::state::AppState;

pub struct Person {
    pub id: i32,
    pub name: String,
    pub member: bool,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/study_edit.html")]
pub struct StudyEditPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    code: String,
    name: String,
    year: i32,
    kind: String,
    held_on: String,
    topic: String,
    reason: String,
    kinds: Vec<(&'static str, &'static str)>,
    people: Vec<Person>,
    error: Option<String>,
}

/// The page as recorded, or as typed when it comes back with a refusal.
struct Typed {
    kind: String,
    held_on: String,
    topic: String,
    reason: String,
    ticked: Vec<i32>,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    typed: Option<Typed>,
    error: Option<String>,
) -> Result<StudyEditPage, WebError> {
    let (place, kind, topic, attendees) = s.db.study_session(id).await?;
    let org = writable_org(s, me, &place.org_code).await?;
    let t = typed.unwrap_or(Typed {
        kind,
        held_on: format_date(place.on),
        topic,
        reason: String::new(),
        ticked: attendees,
    });
    let people = posted_on(s, &org.code, place.on)
        .await?
        .into_iter()
        .map(|e| Person {
            checked: t.ticked.contains(&e.person_id),
            id: e.person_id,
            name: e.full_name,
            member: e.member,
        })
        .collect();
    Ok(StudyEditPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        code: org.code,
        name: org.name,
        year: place.on.year(),
        kind: t.kind,
        held_on: t.held_on,
        topic: t.topic,
        reason: t.reason,
        kinds: StudyKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        people,
        error,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<StudyEditPage, WebError> {
    build(&s, &me, id, None, None).await
}

/// Saves the correction; a refusal brings the form back (422) as typed, nothing saved.
pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    check_csrf(&headers, &field("csrf"))?;
    let (place, ..) = s.db.study_session(id).await?;
    let org = writable_org(&s, &me, &place.org_code).await?;
    let typed = Typed {
        kind: field("kind"),
        held_on: field("held_on"),
        topic: field("topic"),
        reason: field("ly_do"),
        ticked: pairs
            .iter()
            .filter(|(k, _)| k == "p")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    };
    let today = s.today();
    let parsed = StudyKind::from_code(typed.kind.trim())
        .ok_or_else(|| "Hãy chọn loại học tập.".to_string())
        .and_then(|k| {
            domain::text::parse_date(&typed.held_on)
                .map(|d| (k, d))
                .ok_or_else(|| "Ngày học tập không hợp lệ (dạng ngày/tháng/năm).".to_string())
        });
    let result = match parsed {
        Err(m) => Err(m),
        Ok((kind, held_on)) => {
            let new = db::branch::NewStudySession {
                org: org.code.clone(),
                kind,
                held_on,
                topic: typed.topic.clone(),
                attendees: typed.ticked.clone(),
            };
            match s
                .db
                .update_study(&me.actor, id, &new, &typed.reason, today)
                .await
            {
                Ok(()) => Ok(held_on.year()),
                Err(e) if e.is_bad_input() => Err(crate::pages::form::sentence(&e.to_string())),
                Err(e) => return Err(e.into()),
            }
        }
    };
    match result {
        Ok(year) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/hoc-tap-giam-sat?nam={year}&da_ghi=sua-hoc-tap",
            org.code
        ))
        .into_response()),
        Err(m) => super::show_again(build(&s, &me, id, Some(typed), Some(m))).await,
    }
}
