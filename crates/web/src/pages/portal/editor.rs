//! One article's editor (`/tin-bai/{id}`): its text in a form while it is a draft or
//! withdrawn (a published article is withdrawn before it is edited), the figures the number
//! checker finds wrong highlighted (`figures`: flagged, never blocking), and the steps:
//! approve (publish now, the approver named) and withdraw. Who may read the organization sees
//! the page; who may write it edits and approves.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::portal::ArticleStatus;
use serde::Deserialize;

use super::articles::typed_text;
use super::figures::{FigureCheck, check};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::form::{Errors, Pairs, field, unprocessable};
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "portal/editor.html")]
pub struct EditorPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    a: db::ArticleRow,
    status: &'static str,
    published: bool,
    editable: bool,
    may_write: bool,
    created: String,
    published_on: String,
    title: String,
    body: String,
    source: String,
    errors: Errors,
    message: Option<String>,
    notice: Option<&'static str>,
    figures: FigureCheck,
}

#[derive(Deserialize, Default)]
pub struct Notice {
    xong: Option<String>,
}

/// The article `raw` names, once the user may read its organization (404 otherwise, and
/// audited); with `Action::Write`, once the user may write it.
async fn article_for(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
    action: Action,
) -> Result<(db::ArticleRow, db::OrgRow), WebError> {
    let id: i32 = raw.trim().parse().map_err(|_| WebError::NotFound)?;
    let a = s.db.article(id).await?;
    let org = s.db.org_by_id(a.org_id).await?;
    me.require(&s.db, &org.path, Action::Read, "portal_article", raw)
        .await?;
    let org = match action {
        Action::Read => org,
        _ => writable_org(s, me, &org.code).await?,
    };
    Ok((a, org))
}

fn build(
    me: &CurrentUser,
    a: db::ArticleRow,
    org: &db::OrgRow,
    typed: Option<(Errors, Pairs)>,
    notice: Option<&'static str>,
) -> EditorPage {
    let (errors, pairs) = typed.unwrap_or_default();
    let from_form = !pairs.is_empty();
    let pick = |name: &str, stored: &str| {
        if from_form {
            field(&pairs, name).to_string()
        } else {
            stored.to_string()
        }
    };
    let (title, body, source) = (
        pick("tieu_de", &a.title),
        pick("noi_dung", &a.body),
        pick("nguon", &a.source),
    );
    EditorPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        status: a.status.label(),
        published: a.status == ArticleStatus::Published,
        editable: a.status.editable(),
        may_write: may_write(me, org),
        created: domain::portal::stamp(a.created_at),
        published_on: a
            .published_at
            .map(domain::portal::stamp)
            .unwrap_or_default(),
        figures: check(&format!("{title}\n\n{body}")),
        title,
        body,
        source,
        message: (!errors.is_empty())
            .then(|| "Chưa ghi được; hãy sửa các ô được đánh dấu.".to_string()),
        errors,
        notice,
        a,
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(raw): Path<String>,
    Query(n): Query<Notice>,
) -> Result<EditorPage, WebError> {
    let (a, org) = article_for(&s, &me, &raw, Action::Read).await?;
    let notice = match n.xong.as_deref() {
        Some("luu") => Some("Đã lưu bản nháp."),
        Some("duyet") => Some("Đã duyệt: tin bài đã đăng trên cổng tin tức."),
        Some("go") => Some("Đã gỡ tin bài khỏi cổng tin tức."),
        _ => None,
    };
    Ok(build(&me, a, &org, None, notice))
}

/// Saves the text of a draft or withdrawn article (`tieu_de`, `noi_dung`, `nguon`).
pub async fn save(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let (a, org) = article_for(&s, &me, &raw, Action::Write).await?;
    if !a.status.editable() {
        let mut errors = Errors::new();
        errors.insert(
            "noi_dung",
            domain::portal::PortalError::PublishedNotEditable.to_string(),
        );
        return Ok(unprocessable(build(
            &me,
            a,
            &org,
            Some((errors, pairs)),
            None,
        )));
    }
    let text = match typed_text(&pairs) {
        Ok(t) => t,
        Err(errors) => {
            return Ok(unprocessable(build(
                &me,
                a,
                &org,
                Some((errors, pairs)),
                None,
            )));
        }
    };
    s.db.update_article(&me.actor, a.id, &text).await?;
    Ok(Redirect::to(&format!("/tin-bai/{}?xong=luu", a.id)).into_response())
}

/// Approves and publishes now. The figures are checked on the page the editor returns to;
/// a wrong figure is shown, not refused.
pub async fn approve(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let (a, _) = article_for(&s, &me, &raw, Action::Write).await?;
    let now = chrono::Utc::now().naive_utc();
    s.db.publish_article(&me.actor, a.id, now).await?;
    Ok(Redirect::to(&format!("/tin-bai/{}?xong=duyet", a.id)).into_response())
}

/// Takes a published article off the portal.
pub async fn withdraw(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let (a, _) = article_for(&s, &me, &raw, Action::Write).await?;
    s.db.withdraw_article(&me.actor, a.id).await?;
    Ok(Redirect::to(&format!("/tin-bai/{}?xong=go", a.id)).into_response())
}
