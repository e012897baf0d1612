//! Changing an organization from its page: editing its name (a dated rename backed by a
//! decision) and its kind; splitting a new organization off it; merging it into another.
//! Each form keeps the input and names every bad field; the changes go through the
//! repository's operations (`rename_org`, `split_org`, `merge_orgs`), which write the history
//! and the audit log.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::accounts::access::Action;
use domain::register::org::OrgKind;
use serde::Deserialize;

use super::org_form::free_code;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::form_pairs;
use crate::pages::form::{Errors, keep, parse_day, parse_decision, sentence};
use crate::pages::guard::writable_org;
use crate::state::AppState;

fn kinds() -> Vec<(&'static str, &'static str)> {
    OrgKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}

/// Puts a refusal of the repository beside the field it is about: dates of the change
/// ("ngày … phải sau …") beside `date_field`, anything else above the form.
fn place(m: String, date_field: &'static str, errors: &mut Errors) -> Option<String> {
    if m.starts_with("ngày") {
        errors.insert(date_field, m);
        None
    } else {
        Some(sentence(&m))
    }
}

/// Reads a `code` field naming an organization the user may write in on `on`.
async fn target_org(
    s: &AppState,
    me: &CurrentUser,
    raw: &str,
    on: Option<NaiveDate>,
    field: &'static str,
    errors: &mut Errors,
) -> Result<Option<db::OrgRow>, WebError> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        errors.insert(field, "không được để trống".into());
        return Ok(None);
    }
    let not_found = format!(
        "không tìm thấy tổ chức '{code}' trong phạm vi bạn được quyền ghi",
        code = domain::text::excerpt(&code)
    );
    match s.db.org(&code, on).await {
        Ok(o) if me.can(&o.path, Action::Write) => Ok(Some(o)),
        Ok(o) => {
            s.db.audit_denied(&me.actor, "organization", &o.code, "Write")
                .await?;
            errors.insert(field, not_found);
            Ok(None)
        }
        Err(db::DbError::Invalid(m)) => {
            errors.insert(field, m);
            Ok(None)
        }
        Err(db::DbError::NotFound { .. }) => {
            errors.insert(field, not_found);
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- edit (name and kind)

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EditInput {
    pub csrf: String,
    pub name: String,
    pub kind: String,
    /// The day a new name takes effect.
    pub on: String,
    pub symbol: String,
    pub signed_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/org_edit.html")]
pub struct EditOrgPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    f: EditInput,
    errors: Errors,
    message: Option<String>,
    kinds: Vec<(&'static str, &'static str)>,
    /// The split is offered only where its route allows it (`menu::may_split`).
    can_split: bool,
}

fn edit_page(
    me: &CurrentUser,
    org: &db::OrgRow,
    f: EditInput,
    errors: Errors,
    message: Option<String>,
    can_split: bool,
) -> EditOrgPage {
    EditOrgPage {
        can_split,
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        org_name: org.name.clone(),
        f,
        errors,
        message,
        kinds: kinds(),
    }
}

pub async fn edit_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<EditOrgPage, WebError> {
    let org = writable_org(&s, &me, &code).await?;
    let f = EditInput {
        name: org.name.clone(),
        kind: org.kind.code().into(),
        on: domain::text::format_date(s.today()),
        ..EditInput::default()
    };
    let split = crate::pages::menu::may_split_org(&s, &me, &org).await?;
    Ok(edit_page(&me, &org, f, Errors::new(), None, split))
}

pub async fn edit_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<EditInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let name = keep(
        &mut errors,
        "name",
        domain::register::org::parse_org_name(&f.name),
    );
    let kind = keep(&mut errors, "kind", OrgKind::parse(&f.kind));
    let renamed = name.as_ref().is_some_and(|n| *n != org.name);
    let mut on = None;
    let mut decision = None;
    if renamed {
        on = keep(&mut errors, "on", parse_day(&f.on, today));
        decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    }
    let new_kind = kind.filter(|k| *k != org.kind);
    if let Some(k) = new_kind {
        match s.db.check_org_kind(&org.code, k).await {
            Ok(()) => {}
            Err(e) if e.is_bad_input() => {
                errors.insert("kind", e.to_string());
            }
            Err(e) => return Err(e.into()),
        }
    }
    let split = crate::pages::menu::may_split_org(&s, &me, &org).await?;
    let again = |f: EditInput, errors: Errors, message: Option<String>| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            edit_page(&me, &org, f, errors, message, split),
        )
            .into_response()
    };
    if !errors.is_empty() || name.is_none() || kind.is_none() || (renamed && on.is_none()) {
        return Ok(again(f, errors, None));
    }
    if !renamed && new_kind.is_none() {
        return Ok(again(
            f,
            errors,
            Some("Không có thay đổi nào để lưu.".into()),
        ));
    }
    if let (true, Some(name), Some(on)) = (renamed, &name, on) {
        match s
            .db
            .rename_org(&me.actor, &org.code, name, on, decision.as_ref())
            .await
        {
            Ok(()) => {}
            Err(e) if e.is_bad_input() => {
                let message = place(e.to_string(), "on", &mut errors);
                return Ok(again(f, errors, message));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(k) = new_kind {
        s.db.set_org_kind(&me.actor, &org.code, k).await?;
    }
    Ok(Redirect::to(&format!("/to-chuc/{}", org.code)).into_response())
}

// ---------------------------------------------------------------- split

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SplitInput {
    pub csrf: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub on: String,
    pub symbol: String,
    pub signed_on: String,
    /// Ids of the members who move to the new organization.
    pub members: Vec<i32>,
}

pub struct Candidate {
    pub id: i32,
    pub name: String,
    pub born: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/org_split.html")]
pub struct SplitPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    parent_name: String,
    f: SplitInput,
    errors: Errors,
    message: Option<String>,
    kinds: Vec<(&'static str, &'static str)>,
    members: Vec<Candidate>,
}

/// The members posted directly in the organization (not in its subordinates) on a date.
async fn own_members(
    s: &AppState,
    org: &db::OrgRow,
    on: NaiveDate,
) -> Result<Vec<db::MemberRow>, WebError> {
    Ok(s.db.own_register(&org.code, on).await?)
}

async fn split_page(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    f: SplitInput,
    errors: Errors,
    message: Option<String>,
) -> Result<SplitPage, WebError> {
    let parent_name = match org.parent_id {
        Some(pid) => s.db.org_by_id(pid).await?.name,
        None => "—".into(),
    };
    let chosen: HashSet<i32> = f.members.iter().copied().collect();
    let members = own_members(s, org, s.today())
        .await?
        .into_iter()
        .map(|m| Candidate {
            checked: chosen.contains(&m.id),
            id: m.id,
            name: m.record.full_name.to_string(),
            born: domain::text::format_date(m.record.birth_date),
        })
        .collect();
    Ok(SplitPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        org_name: org.name.clone(),
        parent_name,
        f,
        errors,
        message,
        kinds: kinds(),
        members,
    })
}

/// The parent of the organization, whose subtree the new organization joins: the user
/// must be allowed to write there too.
async fn require_parent_write(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
) -> Result<Option<db::OrgRow>, WebError> {
    let Some(pid) = org.parent_id else {
        return Ok(None);
    };
    let parent = s.db.org_by_id(pid).await?;
    me.require(
        &s.db,
        &parent.path,
        Action::Write,
        "organization",
        &parent.code,
    )
    .await?;
    Ok(Some(parent))
}

pub async fn split_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<SplitPage, WebError> {
    let org = writable_org(&s, &me, &code).await?;
    require_parent_write(&s, &me, &org).await?;
    let f = SplitInput {
        kind: org.kind.code().into(),
        on: domain::text::format_date(s.today()),
        ..SplitInput::default()
    };
    split_page(&s, &me, &org, f, Errors::new(), None).await
}

/// Reads the split form: a urlencoded body with `members` repeated once per checked box.
fn parse_split(body: &str) -> SplitInput {
    let mut f = SplitInput::default();
    for (k, v) in form_pairs(body) {
        match k.as_str() {
            "csrf" => f.csrf = v,
            "code" => f.code = v,
            "name" => f.name = v,
            "kind" => f.kind = v,
            "on" => f.on = v,
            "symbol" => f.symbol = v,
            "signed_on" => f.signed_on = v,
            "members" => {
                if let Ok(id) = v.trim().parse() {
                    f.members.push(id);
                }
            }
            _ => {}
        }
    }
    f
}

/// Refuses members chosen who are not posted in the organization on the day of the split.
async fn check_posted(
    s: &AppState,
    org: &db::OrgRow,
    on: NaiveDate,
    members: &[i32],
    errors: &mut Errors,
) -> Result<(), WebError> {
    let posted: HashSet<i32> = own_members(s, org, on)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if members.iter().any(|id| !posted.contains(id)) {
        errors.insert(
            "members",
            format!(
                "chỉ chọn được đảng viên đang sinh hoạt tại '{}' vào ngày {}",
                org.code,
                domain::text::format_date(on)
            ),
        );
    }
    Ok(())
}

pub async fn split_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: String,
) -> Result<Response, WebError> {
    let f = parse_split(&body);
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let parent = require_parent_write(&s, &me, &org).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let new_code = free_code(&s, &f.code, &mut errors).await?;
    let name = keep(
        &mut errors,
        "name",
        domain::register::org::parse_org_name(&f.name),
    );
    let kind = keep(&mut errors, "kind", OrgKind::parse(&f.kind));
    if let Some(k) = kind
        && let Err(e) = k.may_sit_under(parent.as_ref().map(|p| p.kind))
    {
        errors.insert("kind", e.to_string());
    }
    let on = keep(&mut errors, "on", parse_day(&f.on, today));
    let decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    if let Some(on) = on {
        check_posted(&s, &org, on, &f.members, &mut errors).await?;
    }
    let (Some(new_code), Some(name), Some(kind), Some(on), true) =
        (new_code, name, kind, on, errors.is_empty())
    else {
        let p = split_page(&s, &me, &org, f, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    };
    let new = db::NewOrg {
        code: new_code,
        name,
        kind,
        parent: None, // beside the source, under its parent
        since: on,
        decision,
    };
    match s
        .db
        .split_org(&me.actor, &org.code, &new, &f.members, today)
        .await
    {
        Ok(o) => Ok(Redirect::to(&format!("/to-chuc/{}", o.code)).into_response()),
        Err(e) if e.is_bad_input() => {
            let message = place(e.to_string(), "on", &mut errors);
            let p = split_page(&s, &me, &org, f, errors, message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- merge

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MergeInput {
    pub csrf: String,
    /// The organization this one is merged into.
    pub into: String,
    pub on: String,
    pub symbol: String,
    pub signed_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/org_merge.html")]
pub struct MergePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    f: MergeInput,
    errors: Errors,
    message: Option<String>,
    targets: crate::pages::guard::OrgChoice,
}

async fn merge_page(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    f: MergeInput,
    errors: Errors,
    message: Option<String>,
) -> Result<MergePage, WebError> {
    // Not itself, nor anything inside it.
    let tree = s.db.tree_shared(&org.code, None).await?;
    let own: HashSet<&str> = tree.iter().map(|o| o.code.as_str()).collect();
    let targets = crate::pages::guard::OrgChoice::writable(s, me, &|c| !own.contains(c)).await?;
    Ok(MergePage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        org_name: org.name.clone(),
        f,
        errors,
        message,
        targets,
    })
}

pub async fn merge_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<MergePage, WebError> {
    let org = writable_org(&s, &me, &code).await?;
    let f = MergeInput {
        on: domain::text::format_date(s.today()),
        ..MergeInput::default()
    };
    merge_page(&s, &me, &org, f, Errors::new(), None).await
}

pub async fn merge_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<MergeInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let mut errors = Errors::new();
    let on = keep(&mut errors, "on", parse_day(&f.on, today));
    let decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    let into = target_org(&s, &me, &f.into, on, "into", &mut errors).await?;
    if let Some(t) = &into
        && t.code == org.code
    {
        errors.insert("into", "không thể sáp nhập một tổ chức vào chính nó".into());
    }
    let (Some(on), Some(into), true) = (on, into, errors.is_empty()) else {
        let p = merge_page(&s, &me, &org, f, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    };
    match s
        .db
        .merge_orgs(
            &me.actor,
            std::slice::from_ref(&org.code),
            &into.code,
            on,
            decision.as_ref(),
            today,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/to-chuc/{}", into.code)).into_response()),
        Err(e) if e.is_bad_input() => {
            let message = place(e.to_string(), "on", &mut errors);
            let p = merge_page(&s, &me, &org, f, errors, message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
