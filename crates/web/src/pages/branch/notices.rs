//! `/to-chuc/{code}/thong-bao`: the notices of the organization's next meetings (issue 20).
//! The secretary publishes the date, time, place, agenda and the documents of the register to
//! read before it; the members read it on their own page and answer; here the secretary sees
//! who will be absent and why (the attendance form of that day is filled in with it), and may
//! withdraw a notice.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::may_write;
use super::meetings::members_on;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Pairs, field};
use crate::pages::guard::readable_org;
use crate::state::AppState;

/// One notice on the list.
pub struct NoticeLine {
    pub id: i32,
    pub day: String,
    pub starts_at: String,
    pub place: String,
    pub absent: usize,
    pub present: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/notices.html")]
pub struct NoticesPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    notices: Vec<NoticeLine>,
    can_write: bool,
    /// (id, "symbol — subject") of the register's documents with a file.
    documents: Vec<(i32, String)>,
    typed: Pairs,
    message: Option<String>,
}

impl NoticesPage {
    fn typed(&self, name: &str) -> &str {
        field(&self.typed, name)
    }

    fn chosen(&self, id: &i32) -> bool {
        self.typed
            .iter()
            .any(|(k, v)| k == "doc" && v == &id.to_string())
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    typed: Pairs,
    message: Option<String>,
) -> Result<NoticesPage, WebError> {
    let org = readable_org(s, me, code).await?;
    let today = s.today();
    let mut notices = Vec::new();
    for n in s.db.notices(org.id, today).await? {
        let replies = s.db.notice_replies(n.id).await?;
        notices.push(NoticeLine {
            id: n.id,
            day: domain::text::format_date(n.meeting_on),
            starts_at: n.starts_at,
            place: n.place,
            absent: replies.iter().filter(|r| r.absent).count(),
            present: replies.iter().filter(|r| !r.absent).count(),
        });
    }
    let can_write = may_write(me, &org);
    let documents = if can_write {
        s.db.doc_register(&org.code, &db::DocFilter::default())
            .await?
            .into_iter()
            .filter(|d| d.has_file)
            .filter_map(|d| d.id.map(|id| (id, format!("{} — {}", d.symbol, d.subject))))
            .take(30)
            .collect()
    } else {
        Vec::new()
    };
    Ok(NoticesPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code,
        name: org.name,
        notices,
        can_write,
        documents,
        typed,
        message,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<NoticesPage, WebError> {
    build(&s, &me, &code, Vec::new(), None).await
}

/// Publishes a notice; refused with the reason and the input kept.
pub async fn publish(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = crate::pages::guard::writable_org(&s, &me, &code).await?;
    let day = crate::pages::form::parse_dmy(field(&pairs, "meeting_on"))
        .map_err(|e| format!("Ngày họp: {e}"));
    let result = match day {
        Ok(meeting_on) => {
            let n = db::NewNotice {
                meeting_on,
                starts_at: field(&pairs, "starts_at").to_string(),
                place: field(&pairs, "place").to_string(),
                agenda: field(&pairs, "agenda").to_string(),
                documents: pairs
                    .iter()
                    .filter(|(k, _)| k == "doc")
                    .filter_map(|(_, v)| v.parse().ok())
                    .collect(),
            };
            s.db.publish_notice(&me.actor, &org.code, &n, s.today())
                .await
                .map_err(|e| match e.is_bad_input() {
                    true => crate::pages::form::sentence(&e.to_string()),
                    false => String::new(),
                })
        }
        Err(m) => Err(m),
    };
    match result {
        Ok(id) => {
            Ok(Redirect::to(&format!("/to-chuc/{}/thong-bao/{id}", org.code)).into_response())
        }
        Err(m) if m.is_empty() => Err(WebError::Internal("ghi thông báo".into())),
        Err(m) => {
            let page = build(
                &s,
                &me,
                &code,
                pairs,
                Some(format!("{m}. Chưa có gì được lưu.")),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/notice.html")]
pub struct NoticePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    n: db::Notice,
    day: String,
    /// (name, absent, reason) of the members who answered.
    replies: Vec<(String, bool, String)>,
    /// Members who have not answered.
    silent: Vec<String>,
    can_write: bool,
}

/// The notice `id` of organization `code`, once the user may read it; 404 (audited) otherwise.
async fn notice_of(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    id: i32,
) -> Result<(db::OrgRow, db::Notice), WebError> {
    let org = readable_org(s, me, code).await?;
    let n = s.db.notice(id).await?;
    if n.org_id != org.id {
        s.db.audit_denied(&me.actor, "meeting_notice", &id.to_string(), "Read")
            .await?;
        return Err(WebError::NotFound);
    }
    Ok((org, n))
}

pub async fn notice(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((code, id)): Path<(String, i32)>,
) -> Result<NoticePage, WebError> {
    let (org, n) = notice_of(&s, &me, &code, id).await?;
    let replies = s.db.notice_replies(id).await?;
    let roster = members_on(&s, &org.code, s.today()).await?;
    let silent = roster
        .into_iter()
        .filter(|e| !replies.iter().any(|r| r.person_id == e.person_id))
        .map(|e| e.full_name)
        .collect();
    Ok(NoticePage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        can_write: may_write(&me, &org),
        code: org.code,
        name: org.name,
        day: domain::text::format_date(n.meeting_on),
        replies: replies
            .into_iter()
            .map(|r| (r.full_name, r.absent, r.reason.unwrap_or_default()))
            .collect(),
        silent,
        n,
    })
}

/// Withdraws a notice (the meeting is off or moved).
pub async fn withdraw(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((code, id)): Path<(String, i32)>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = crate::pages::guard::writable_org(&s, &me, &code).await?;
    let (_, n) = notice_of(&s, &me, &org.code, id).await?;
    s.db.withdraw_notice(&me.actor, n.id).await?;
    Ok(Redirect::to(&format!("/to-chuc/{}/thong-bao", org.code)).into_response())
}
