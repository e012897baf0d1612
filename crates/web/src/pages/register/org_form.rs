//! Creating an organization under a parent the user may write to, with every bad field
//! (code, name, kind, parent, founding date, decision) named beside it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::register::org::{OrgCode, OrgKind};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, Refusal, keep, parse_day, parse_decision};
use crate::state::AppState;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrgInput {
    pub csrf: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
    pub since: String,
    pub symbol: String,
    pub signed_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/org_new.html")]
pub struct NewOrgPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    f: OrgInput,
    errors: Errors,
    message: Option<String>,
    /// (code, Vietnamese label) of every kind.
    kinds: Vec<(&'static str, &'static str)>,
    parents: crate::pages::guard::OrgChoice,
}

async fn page(
    s: &AppState,
    me: &CurrentUser,
    f: OrgInput,
    errors: Errors,
    message: Option<String>,
) -> Result<NewOrgPage, WebError> {
    Ok(NewOrgPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        f,
        errors,
        message,
        kinds: OrgKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        parents: crate::pages::guard::OrgChoice::writable(s, me, &|_| true).await?,
    })
}

pub async fn form(State(s): State<AppState>, me: CurrentUser) -> Result<NewOrgPage, WebError> {
    let f = OrgInput {
        kind: OrgKind::Branch.code().into(),
        since: domain::text::format_date(s.today()),
        ..OrgInput::default()
    };
    page(&s, &me, f, Errors::new(), None).await
}

pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<OrgInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    match create_org(&s, &me, &f).await? {
        Ok(o) => Ok(Redirect::to(&format!("/to-chuc/{}", o.code)).into_response()),
        Err(r) => {
            let p = page(&s, &me, f, r.errors, r.message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

/// Creates the organization typed into `f` under a parent the user may write to; shared by
/// the form and the API.
pub async fn create_org(
    s: &AppState,
    me: &CurrentUser,
    f: &OrgInput,
) -> Result<Result<db::OrgRow, Refusal>, WebError> {
    let today = s.today();
    let mut errors = Errors::new();
    let code = free_code(s, &f.code, &mut errors).await?;
    let name = keep(
        &mut errors,
        "name",
        domain::register::org::parse_org_name(&f.name),
    );
    let kind = keep(&mut errors, "kind", OrgKind::parse(&f.kind));
    let since = keep(&mut errors, "since", parse_day(&f.since, today));
    let decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    let mut parent = None;
    if f.parent.trim().is_empty() {
        errors.insert("parent", "không được để trống".into());
    } else {
        let pcode = f.parent.trim().to_uppercase();
        let not_found = format!(
            "không tìm thấy tổ chức '{pcode}' trong phạm vi bạn được quyền ghi",
            pcode = domain::text::excerpt(&pcode)
        );
        match s.db.org(&pcode, since).await {
            Ok(p) if me.can(&p.path, Action::Write) => parent = Some(p),
            Ok(p) => {
                s.db.audit_denied(&me.actor, "organization", &p.code, "Write")
                    .await?;
                errors.insert("parent", not_found);
            }
            Err(db::DbError::Invalid(m)) => {
                errors.insert("parent", m);
            }
            Err(db::DbError::NotFound { .. }) => {
                errors.insert("parent", not_found);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let (Some(k), Some(p)) = (kind, &parent)
        && let Err(e) = k.may_sit_under(Some(p.kind))
    {
        errors.insert("kind", e.to_string());
    }
    let (Some(code), Some(name), Some(kind), Some(since), Some(parent), true) =
        (code, name, kind, since, parent, errors.is_empty())
    else {
        return Ok(Err(Refusal::fields(errors)));
    };
    let parent_code =
        OrgCode::parse(&parent.code).map_err(|e| WebError::Internal(e.to_string()))?;
    let new = db::NewOrg {
        code,
        name,
        kind,
        parent: Some(parent_code),
        since,
        decision,
    };
    match s.db.create_org(&me.actor, &new).await {
        Ok(o) => Ok(Ok(o)),
        Err(e) if e.is_bad_input() => Ok(Err(Refusal::message(&e.to_string()))),
        Err(e) => Err(e.into()),
    }
}

/// The new organization's code, when it is well formed and no organization has it yet.
pub(super) async fn free_code(
    s: &AppState,
    raw: &str,
    errors: &mut Errors,
) -> Result<Option<OrgCode>, WebError> {
    let new_code = keep(errors, "code", OrgCode::parse(raw));
    if let Some(c) = &new_code {
        match s.db.org_latest(c.as_str()).await {
            Ok(_) => {
                errors.insert("code", format!("mã tổ chức '{}' đã tồn tại", c.as_str()));
            }
            Err(db::DbError::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(new_code)
}
