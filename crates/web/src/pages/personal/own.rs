//! `/ca-nhan`: the signed-in member's own page — their name and file (read-only, with a
//! request to correct it that reaches the secretary), the branch's coming meetings from its
//! notices (with the documents to read, and "I will be absent" with the reason), the yearly
//! pledge to follow Hồ Chí Minh's example (write it, then review it at the year's end), the
//! self-assessment and the study sessions attended. The text size can be raised (A+, A++), as
//! on the portal.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::personal::{self as rules, DeadlineKind, PledgeOutcome};
use serde::Deserialize;

use super::member_of;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::state::AppState;

/// A coming meeting, from its notice.
pub struct NoticeView {
    pub id: i32,
    pub day: String,
    pub starts_at: String,
    pub place: String,
    pub agenda: Vec<String>,
    /// (href, label) of the documents to read before it.
    pub documents: Vec<(String, String)>,
    /// "Bạn đã báo vắng: …" or "Bạn đã xác nhận tham dự".
    pub answered: Option<String>,
}

/// The pledge as the member reads it.
pub struct PledgeView {
    pub content: String,
    pub state: &'static str,
    pub review: Option<String>,
    pub outcome: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "personal/own.html")]
pub struct OwnPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    size: u8,
    name: String,
    org_name: String,
    facts: Vec<(&'static str, String)>,
    timeline: Vec<(String, String)>,
    year: i32,
    notices: Vec<NoticeView>,
    pledge: Option<PledgeView>,
    /// Why the pledge cannot be written or changed now, if it cannot.
    pledge_closed: Option<String>,
    /// Why the year-end review cannot be written now, if it cannot.
    review_closed: Option<String>,
    outcomes: Vec<(&'static str, &'static str)>,
    pledge_until: String,
    self_until: String,
    /// (level, handed in at) of the year's self-assessment.
    assessment: Option<(&'static str, String)>,
    self_closed: Option<String>,
    study: Vec<(String, String, String)>,
    /// (asked on, what, state or answer).
    requests: Vec<(String, String, String)>,
    message: Option<String>,
    done: Option<&'static str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    co: Option<String>,
    xong: Option<String>,
}

/// What a finished action says on the page it returns to.
fn done_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "lam-theo" => "Đã lưu bản đăng ký làm theo; bí thư chi bộ sẽ duyệt.",
        "danh-gia" => "Đã lưu phần tự đánh giá kết quả làm theo.",
        "vang" => "Đã gửi báo vắng; bí thư thấy lý do của bạn trong danh sách điểm danh.",
        "du" => "Đã xác nhận bạn sẽ tham dự.",
        "de-nghi" => "Đã gửi đề nghị sửa hồ sơ tới bí thư chi bộ.",
        "tu-danh-gia" => "Đã nộp bản tự kiểm điểm; bí thư thấy bạn đã nộp.",
        _ => return None,
    })
}

async fn notice_views(
    s: &AppState,
    person: i32,
    org_id: i32,
    today: chrono::NaiveDate,
) -> Result<Vec<NoticeView>, WebError> {
    let mut out = Vec::new();
    for n in s.db.notices(org_id, today).await? {
        let reply = s.db.my_reply(n.id, person).await?;
        out.push(NoticeView {
            day: domain::text::format_date(n.meeting_on),
            starts_at: n.starts_at,
            place: n.place,
            agenda: n.agenda.lines().map(str::to_string).collect(),
            documents: n
                .documents
                .iter()
                .filter(|d| d.3)
                .map(|(doc, symbol, subject, _)| {
                    (
                        format!("/ca-nhan/thong-bao/{}/van-ban/{doc}", n.id),
                        format!("{symbol} — {subject}"),
                    )
                })
                .collect(),
            answered: reply.map(|r| match (r.absent, r.reason) {
                (true, reason) => format!("Bạn đã báo vắng: {}", reason.unwrap_or_default()),
                (false, _) => "Bạn đã xác nhận tham dự.".to_string(),
            }),
            id: n.id,
        });
    }
    Ok(out)
}

fn pledge_view(p: db::MemberPledge) -> PledgeView {
    PledgeView {
        state: p.state.label(),
        content: p.content,
        review: p.review,
        outcome: p.outcome.map(PledgeOutcome::label),
    }
}

async fn requests(s: &AppState, person: i32) -> Result<Vec<(String, String, String)>, WebError> {
    Ok(s.db
        .member_requests(None, Some(person))
        .await?
        .into_iter()
        .map(|q| {
            let state = match (q.resolved_at, q.answer) {
                (Some(_), Some(a)) => format!("Đã trả lời: {a}"),
                _ => "Chờ bí thư xem".to_string(),
            };
            (
                domain::text::format_datetime_vn(q.created_at),
                q.body,
                state,
            )
        })
        .collect())
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    size: u8,
    message: Option<String>,
    done: Option<&'static str>,
) -> Result<OwnPage, WebError> {
    let person = member_of(s, me).await?;
    let today = s.today();
    let year = today.year();
    let home = s.db.person_home(person).await?;
    let (name, facts, timeline) = crate::pages::register::member::profile(s, person, &home).await?;
    let pledge = s.db.member_pledge(person, year).await?;
    let pledge_until =
        s.db.member_deadline(&home, year, DeadlineKind::Pledge)
            .await?;
    let self_until =
        s.db.member_deadline(&home, year, DeadlineKind::SelfAssessment)
            .await?;
    let state = pledge.as_ref().map(|p| p.state);
    let pledge_closed = rules::check_open(DeadlineKind::Pledge, year, today, Some(pledge_until))
        .and_then(|()| rules::check_pledge_edit(year, state))
        .err()
        .map(|e| crate::pages::form::sentence(&e.to_string()));
    let review_closed = rules::check_review(year, state, today)
        .err()
        .map(|e| crate::pages::form::sentence(&e.to_string()));
    let self_closed =
        rules::check_open(DeadlineKind::SelfAssessment, year, today, Some(self_until))
            .err()
            .map(|e| crate::pages::form::sentence(&e.to_string()));
    let assessment = s.db.self_assessment(person, year).await?.map(|a| {
        (
            a.level.label(),
            domain::text::format_datetime_vn(a.submitted_at),
        )
    });
    let study =
        s.db.attended_study(person)
            .await?
            .into_iter()
            .take(12)
            .map(|a| (domain::text::format_date(a.held_on), a.kind, a.topic))
            .collect();
    Ok(OwnPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        size,
        name,
        notices: notice_views(s, person, home.id, today).await?,
        org_name: home.name,
        facts,
        timeline,
        year,
        pledge: pledge.map(pledge_view),
        pledge_closed,
        review_closed,
        outcomes: PledgeOutcome::ALL
            .iter()
            .map(|o| (o.code(), o.label()))
            .collect(),
        pledge_until: domain::text::format_date(pledge_until),
        self_until: domain::text::format_date(self_until),
        assessment,
        self_closed,
        study,
        requests: requests(s, person).await?,
        message,
        done,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let size = crate::portal::text_size(p.co.as_deref(), &headers);
    let done = p.xong.as_deref().and_then(done_text);
    let page = build(&s, &me, size.0, None, done).await?;
    Ok((crate::portal::size_headers(size, &s.settings), page).into_response())
}

/// The page again with the refusal on top (nothing was saved).
async fn refused(
    s: &AppState,
    me: &CurrentUser,
    headers: &HeaderMap,
    e: db::DbError,
) -> Result<Response, WebError> {
    if !e.is_bad_input() {
        return Err(e.into());
    }
    let size = crate::portal::text_size(None, headers).0;
    let msg = crate::pages::form::sentence(&e.to_string());
    let page = build(
        s,
        me,
        size,
        Some(format!("{msg}. Chưa có gì được lưu.")),
        None,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn back(done: &str) -> Response {
    Redirect::to(&format!("/ca-nhan?xong={done}")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PledgeForm {
    csrf: String,
    content: String,
    outcome: String,
    review: String,
}

/// The member writes (or rewrites) the year's pledge.
pub async fn pledge(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<PledgeForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let person = member_of(&s, &me).await?;
    let today = s.today();
    match s
        .db
        .save_pledge(&me.actor, person, today.year(), &f.content, today)
        .await
    {
        Ok(()) => Ok(back("lam-theo")),
        Err(e) => refused(&s, &me, &headers, e).await,
    }
}

/// The member reviews the approved pledge at the year's end.
pub async fn review(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<PledgeForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let person = member_of(&s, &me).await?;
    let today = s.today();
    let outcome = match PledgeOutcome::parse(&f.outcome) {
        Ok(o) => o,
        Err(e) => return refused(&s, &me, &headers, db::DbError::Invalid(e.to_string())).await,
    };
    match s
        .db
        .review_pledge(&me.actor, person, today.year(), outcome, &f.review, today)
        .await
    {
        Ok(()) => Ok(back("danh-gia")),
        Err(e) => refused(&s, &me, &headers, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    csrf: String,
    /// `vang` (absent) or `du` (present).
    answer: String,
    reason: String,
}

/// The notice `id` if it is one of the member's organization's; 404 (audited) otherwise.
async fn my_notice(
    s: &AppState,
    me: &CurrentUser,
    person: i32,
    id: i32,
) -> Result<db::Notice, WebError> {
    let home = s.db.person_home(person).await?;
    match s.db.notice(id).await {
        Ok(n) if n.org_id == home.id && !n.withdrawn => Ok(n),
        Ok(_) | Err(db::DbError::NotFound { .. }) => {
            s.db.audit_denied(&me.actor, "meeting_notice", &id.to_string(), "Read")
                .await?;
            Err(WebError::NotFound)
        }
        Err(e) => Err(e.into()),
    }
}

/// The member answers a notice: present, or absent with the reason.
pub async fn reply(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let person = member_of(&s, &me).await?;
    my_notice(&s, &me, person, id).await?;
    let absent = f.answer == "vang";
    match s
        .db
        .reply_notice(&me.actor, person, id, absent, &f.reason, s.today())
        .await
    {
        Ok(()) => Ok(back(if absent { "vang" } else { "du" })),
        Err(e) => refused(&s, &me, &headers, e).await,
    }
}

/// A document attached to a notice of the member's organization.
pub async fn notice_document(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((id, doc)): Path<(i32, i32)>,
) -> Result<Response, WebError> {
    let person = member_of(&s, &me).await?;
    let n = my_notice(&s, &me, person, id).await?;
    if !n.documents.iter().any(|d| d.0 == doc) {
        s.db.audit_denied(&me.actor, "party_document", &doc.to_string(), "Read")
            .await?;
        return Err(WebError::NotFound);
    }
    let (name, kind, bytes) = s.db.document_file(doc).await?.ok_or(WebError::NotFound)?;
    Ok(crate::pages::download::download(&name, &kind, bytes))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RequestForm {
    csrf: String,
    body: String,
}

/// The member asks the secretary to correct their file.
pub async fn request(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<RequestForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let person = member_of(&s, &me).await?;
    match s.db.request_correction(&me.actor, person, &f.body).await {
        Ok(_) => Ok(back("de-nghi")),
        Err(e) => refused(&s, &me, &headers, e).await,
    }
}
