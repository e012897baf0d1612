//! `/to-chuc/{code}/lam-theo`: what the branch's members hand in themselves (issue 20) — who
//! has pledged to follow Hồ Chí Minh's example and the figure the seeds print ("100% đảng viên
//! đăng ký làm theo", opening its list below), each pledge to approve, who has handed in the
//! self-assessment before the rating meeting (with the level proposed and the printable form),
//! the deadlines the branch sets, and the members' requests to correct their files.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::branch::personal::{DeadlineKind, PledgeOutcome, PledgeState};
use domain::figure::Figure;
use serde::Deserialize;

use super::{may_write, org_and_year, years_with};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Pairs, field};
use crate::state::AppState;

/// One member on the list.
pub struct Line {
    pub id: i32,
    pub name: String,
    pub pledge: &'static str,
    pub waiting: bool,
    pub outcome: Option<&'static str>,
    pub level: Option<&'static str>,
    pub submitted: Option<String>,
}

/// A figure of the page: the count, of how many, the share and where its list opens.
pub struct Card {
    pub count: usize,
    pub of: u64,
    pub percent: String,
    pub href: String,
}

/// The figure computed as its list (`Db::figure_page`): the count is the list's length.
async fn card(s: &AppState, code: &str, figure: Figure) -> Result<Card, WebError> {
    let today = s.today();
    // The list's count without its lines (an empty page of it).
    let list =
        s.db.figure_page(code, figure, (today, today), (0, 0))
            .await?;
    let of = list.of.unwrap_or_default();
    Ok(Card {
        count: list.total as usize,
        of,
        percent: domain::text::format_percent(domain::branch::percent(list.total, of)),
        href: crate::pages::register::figure::link(code, figure, list.on),
    })
}

/// A request to correct a file.
pub struct RequestLine {
    pub id: i32,
    pub name: String,
    pub person: i32,
    pub at: String,
    pub body: String,
    pub answer: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/personal.html")]
pub struct PersonalPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    year: i32,
    years: Vec<i32>,
    lines: Vec<Line>,
    /// The figures, each with its share and the address of its list (`so-lieu`).
    pledged: Card,
    assessed: Card,
    pledge_until: String,
    self_until: String,
    can_write: bool,
    requests: Vec<RequestLine>,
    message: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    nam: Option<String>,
    xong: Option<String>,
}

fn line(l: db::PersonalLine) -> Line {
    Line {
        id: l.person_id,
        name: l.full_name,
        pledge: l.pledge.map_or("Chưa đăng ký", PledgeState::label),
        waiting: l.pledge == Some(PledgeState::Submitted),
        outcome: l.outcome.map(PledgeOutcome::label),
        level: l.self_level.map(|x| x.label()),
        submitted: l.self_submitted.map(domain::text::format_datetime_vn),
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<PersonalPage, WebError> {
    let today = s.today();
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 0).await?;
    let list = s.db.personal_list(&org.code, year, today).await?;
    let requests =
        s.db.member_requests(Some(org.id), None)
            .await?
            .into_iter()
            .map(|q| RequestLine {
                id: q.id,
                name: q.full_name,
                person: q.person_id,
                at: domain::text::format_datetime_vn(q.created_at),
                body: q.body,
                answer: q.answer,
            })
            .collect();
    Ok(PersonalPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        can_write: may_write(&me, &org),
        pledged: card(&s, &org.code, Figure::Pledged { year }).await?,
        assessed: card(&s, &org.code, Figure::SelfAssessed { year }).await?,
        pledge_until: domain::text::format_date(list.pledge_until),
        self_until: domain::text::format_date(list.self_until),
        lines: list.lines.into_iter().map(line).collect(),
        years: years_with(today, year),
        code: org.code,
        name: org.name,
        year,
        requests,
        message: p.xong.as_deref().and_then(|x| match x {
            "duyet" => Some("Đã duyệt bản đăng ký.".to_string()),
            "han" => Some("Đã lưu hạn nộp.".to_string()),
            "tra-loi" => Some("Đã trả lời đề nghị.".to_string()),
            _ => None,
        }),
    })
}

/// The organization if the user may write in it, and the person if they are one of its
/// members that year; 404 (audited) otherwise.
async fn writable_member(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    person: i32,
    year: i32,
) -> Result<db::OrgRow, WebError> {
    let org = crate::pages::guard::writable_org(s, me, code).await?;
    let list = s.db.personal_list(&org.code, year, s.today()).await?;
    if !list.lines.iter().any(|l| l.person_id == person) {
        s.db.audit_denied(&me.actor, "person", &person.to_string(), "Write")
            .await?;
        return Err(WebError::NotFound);
    }
    Ok(org)
}

fn back(code: &str, year: i32, done: &str) -> Response {
    Redirect::to(&format!("/to-chuc/{code}/lam-theo?nam={year}&xong={done}")).into_response()
}

fn year_of(pairs: &Pairs, s: &AppState) -> Result<i32, WebError> {
    let today = s.today();
    super::year_param(
        Some(field(pairs, "year")),
        chrono::Datelike::year(&today),
        today,
    )
}

/// The secretary approves a member's pledge.
pub async fn approve(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let year = year_of(&pairs, &s)?;
    let person: i32 = field(&pairs, "person")
        .parse()
        .map_err(|_| WebError::BadRequest)?;
    let org = writable_member(&s, &me, &code, person, year).await?;
    s.db.approve_pledge(&me.actor, person, year).await?;
    Ok(back(&org.code, year, "duyet"))
}

/// The secretary sets the deadlines of the year.
pub async fn deadlines(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = crate::pages::guard::writable_org(&s, &me, &code).await?;
    let year = year_of(&pairs, &s)?;
    for (kind, name) in [
        (DeadlineKind::Pledge, "pledge_until"),
        (DeadlineKind::SelfAssessment, "self_until"),
    ] {
        let raw = field(&pairs, name).trim();
        if raw.is_empty() {
            continue;
        }
        let until = crate::pages::form::parse_dmy(raw).map_err(WebError::BadInput)?;
        s.db.set_member_deadline(&me.actor, &org.code, year, kind, until)
            .await?;
    }
    Ok(back(&org.code, year, "han"))
}

/// The secretary answers a member's request to correct their file.
pub async fn answer(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((code, id)): Path<(String, i32)>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = crate::pages::guard::writable_org(&s, &me, &code).await?;
    let q = s.db.member_request(id).await?;
    if q.org_id != org.id {
        s.db.audit_denied(&me.actor, "member_request", &id.to_string(), "Write")
            .await?;
        return Err(WebError::NotFound);
    }
    s.db.resolve_request(&me.actor, id, field(&pairs, "answer"))
        .await?;
    Ok(back(
        &org.code,
        chrono::Datelike::year(&s.today()),
        "tra-loi",
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/personal_member.html")]
pub struct MemberWorkPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    person: i32,
    name: String,
    year: i32,
    pledge: Option<db::MemberPledge>,
    pledge_state: &'static str,
    outcome: Option<&'static str>,
    /// (title, text) of the self-assessment's sections.
    sections: Vec<(&'static str, String)>,
    level: Option<&'static str>,
    submitted: Option<String>,
    can_write: bool,
}

/// A member's pledge and self-assessment of a year, for whoever may read the branch.
pub async fn member(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((code, person)): Path<(String, i32)>,
    Query(p): Query<Params>,
) -> Result<MemberWorkPage, WebError> {
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 0).await?;
    let list = s.db.personal_list(&org.code, year, s.today()).await?;
    let Some(l) = list.lines.into_iter().find(|l| l.person_id == person) else {
        s.db.audit_denied(&me.actor, "person", &person.to_string(), "Read")
            .await?;
        return Err(WebError::NotFound);
    };
    let pledge = s.db.member_pledge(person, year).await?;
    let sa = s.db.self_assessment(person, year).await?;
    let titles = domain::branch::personal::SECTIONS;
    Ok(MemberWorkPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        can_write: may_write(&me, &org),
        code: org.code,
        org_name: org.name,
        person,
        name: l.full_name,
        year,
        pledge_state: pledge.as_ref().map_or("Chưa đăng ký", |p| p.state.label()),
        outcome: pledge
            .as_ref()
            .and_then(|p| p.outcome.map(PledgeOutcome::label)),
        pledge,
        sections: sa
            .as_ref()
            .map(|a| {
                titles
                    .iter()
                    .map(|t| {
                        let text = a
                            .sections
                            .iter()
                            .find(|(c, _)| c == t.code)
                            .map(|(_, x)| x.clone());
                        (t.title, text.unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default(),
        level: sa.as_ref().map(|a| a.level.label()),
        submitted: sa.map(|a| domain::text::format_datetime_vn(a.submitted_at)),
    })
}

/// A member's self-assessment form as .docx or PDF, for whoever may read the branch.
pub async fn member_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((code, person, file)): Path<(String, i32, String)>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let (org, year) = org_and_year(&s, &me, &code, p.nam.as_deref(), 0).await?;
    let list = s.db.personal_list(&org.code, year, s.today()).await?;
    if !list.lines.iter().any(|l| l.person_id == person) {
        s.db.audit_denied(&me.actor, "person", &person.to_string(), "Read")
            .await?;
        return Err(WebError::NotFound);
    }
    let doc = crate::pages::personal::assessment::form_document(&s, person, year)
        .await?
        .ok_or(WebError::NotFound)?;
    crate::pages::personal::assessment::send(doc, &file).await
}
