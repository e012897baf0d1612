//! Correcting a supervision (issue 18 §2.3): `/giam-sat/{id}` shows the record — the member,
//! date, kind, content and conclusion — and saves the correction with its reason
//! (`Db::update_supervision`, the checks of recording it; the audit log keeps before and after).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::supervision::SupervisionKind;
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::guard::writable_org;
use crate::state::AppState;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Input {
    pub csrf: String,
    pub held_on: String,
    pub kind: String,
    pub content: String,
    pub conclusion: String,
    pub ly_do: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/supervision_edit.html")]
pub struct SupervisionEditPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    code: String,
    name: String,
    year: i32,
    member: String,
    f: Input,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    typed: Option<Input>,
    error: Option<String>,
) -> Result<SupervisionEditPage, WebError> {
    let (place, r) = s.db.supervision(id).await?;
    let org = writable_org(s, me, &place.org_code).await?;
    let f = typed.unwrap_or(Input {
        held_on: format_date(place.on),
        kind: r.kind,
        content: r.content,
        conclusion: r.conclusion.unwrap_or_default(),
        ..Input::default()
    });
    Ok(SupervisionEditPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        code: org.code,
        name: org.name,
        year: place.on.year(),
        member: r.full_name,
        f,
        kinds: SupervisionKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        error,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<SupervisionEditPage, WebError> {
    build(&s, &me, id, None, None).await
}

/// Saves the correction; a refusal brings the form back (422) as typed, nothing saved.
pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    axum::Form(f): axum::Form<Input>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let (place, r) = s.db.supervision(id).await?;
    let org = writable_org(&s, &me, &place.org_code).await?;
    let parsed = SupervisionKind::from_code(f.kind.trim())
        .ok_or_else(|| "Hãy chọn hình thức kiểm tra, giám sát.".to_string())
        .and_then(|k| {
            domain::text::parse_date(&f.held_on)
                .map(|d| (k, d))
                .ok_or_else(|| "Ngày không hợp lệ (dạng ngày/tháng/năm).".to_string())
        });
    let outcome = match parsed {
        Err(m) => Err(m),
        Ok((kind, held_on)) => {
            let new = db::branch::NewSupervision {
                org: org.code.clone(),
                person: r.person,
                held_on,
                kind,
                content: f.content.clone(),
                conclusion: Some(f.conclusion.clone()),
            };
            match s
                .db
                .update_supervision(&me.actor, id, &new, &f.ly_do, s.today())
                .await
            {
                Ok(()) => Ok(held_on.year()),
                Err(e) if e.is_bad_input() => Err(crate::pages::form::sentence(&e.to_string())),
                Err(e) => return Err(e.into()),
            }
        }
    };
    match outcome {
        Ok(year) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/hoc-tap-giam-sat?nam={year}&da_ghi=sua-giam-sat",
            org.code
        ))
        .into_response()),
        Err(m) => super::show_again(build(&s, &me, id, Some(f), Some(m))).await,
    }
}
