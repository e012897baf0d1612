//! Admission of new members (kết nạp) for an organization and the branches below it: each
//! case's timeline (steps done with their dates, the next step with its due date counted in
//! Vietnamese working days, overdue in red), a form to record the next step and one to open a
//! case, with errors beside the fields; the rules in force are shown with their defaults.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use db::{AdmissionCaseRow, Applicant, NewAdmission, StepInput};
use domain::accounts::access::Action;
use domain::branch::admission::{RuleEntry, StepKind, Vote};
use domain::register::member::{CardNumber, PersonName, PersonRecord, Sex};
use domain::register::org::OrgKind;
use domain::text::format_date;
use serde::Deserialize;

use super::show_again;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, keep, parse_day, sentence};
use crate::state::AppState;

pub struct StepLine {
    pub label: &'static str,
    pub on: String,
    pub detail: String,
    pub warning: Option<String>,
}

pub struct NextLine {
    pub label: &'static str,
    pub earliest: Option<String>,
    pub due: Option<String>,
    pub reason: Option<String>,
    pub needs_number: bool,
    pub needs_introducer: bool,
    pub needs_vote: bool,
}

pub struct CaseLine {
    pub id: i32,
    pub name: String,
    pub org_code: String,
    pub org_name: String,
    pub applied: String,
    pub steps: Vec<StepLine>,
    pub next: Option<NextLine>,
    pub overdue: bool,
    pub can_write: bool,
}

/// The input of the step form, kept as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StepForm {
    pub csrf: String,
    pub on: String,
    pub number: String,
    pub introducer: String,
    pub worked_since: String,
    pub in_favour: String,
    pub official_members: String,
}

/// The input of the new-case form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CaseForm {
    pub csrf: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: String,
    pub applied_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/admission.html")]
pub struct AdmissionPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    today: String,
    cases: Vec<CaseLine>,
    open: usize,
    overdue: usize,
    rules: Vec<RuleEntry>,
    /// The case whose step form holds `f` and `errors` (0: none).
    form_case: i32,
    f: StepForm,
    errors: Errors,
    message: Option<String>,
    can_open: bool,
    nf: CaseForm,
    new_errors: Errors,
    new_message: Option<String>,
    sexes: Vec<&'static str>,
}

fn case_line(me: &CurrentUser, c: &AdmissionCaseRow, paths: &HashMap<String, String>) -> CaseLine {
    CaseLine {
        id: c.id,
        name: c.person_name.clone(),
        org_code: c.org_code.clone(),
        org_name: c.org_name.clone(),
        applied: format_date(c.applied_on),
        steps: c
            .steps
            .iter()
            .map(|s| StepLine {
                label: s.label,
                on: format_date(s.on),
                detail: s.detail.clone().unwrap_or_default(),
                warning: s.warning.as_deref().map(sentence),
            })
            .collect(),
        next: c.next.as_ref().map(|n| NextLine {
            label: n.kind.label(),
            earliest: n.earliest.map(format_date),
            due: n.due.map(format_date),
            reason: n.due_reason.clone(),
            needs_number: matches!(n.kind, StepKind::Certificate | StepKind::Decision),
            needs_introducer: n.kind == StepKind::Introducer,
            needs_vote: matches!(n.kind, StepKind::Resolution | StepKind::Recognition),
        }),
        overdue: c.overdue,
        can_write: paths
            .get(&c.org_code)
            .is_some_and(|p| me.can(p, Action::Write)),
    }
}

struct Extra {
    form_case: i32,
    f: StepForm,
    errors: Errors,
    message: Option<String>,
    nf: CaseForm,
    new_errors: Errors,
    new_message: Option<String>,
}

impl Default for Extra {
    fn default() -> Self {
        Self {
            form_case: 0,
            f: StepForm::default(),
            errors: Errors::new(),
            message: None,
            nf: CaseForm {
                sex: "Nam".into(),
                ..CaseForm::default()
            },
            new_errors: Errors::new(),
            new_message: None,
        }
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    extra: Extra,
) -> Result<AdmissionPage, WebError> {
    let today = s.today();
    let rows = s.db.admission_cases(&org.code, false, today).await?;
    let mut paths = HashMap::new();
    for r in &rows {
        if !paths.contains_key(&r.org_code) {
            let o = s.db.org_latest(&r.org_code).await?;
            paths.insert(r.org_code.clone(), o.path);
        }
    }
    let cases: Vec<CaseLine> = rows.iter().map(|r| case_line(me, r, &paths)).collect();
    let rules = s.db.admission_rules().await?.entries();
    Ok(AdmissionPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        today: format_date(today),
        open: cases.iter().filter(|c| c.next.is_some()).count(),
        overdue: cases.iter().filter(|c| c.overdue).count(),
        cases,
        rules,
        form_case: extra.form_case,
        f: extra.f,
        errors: extra.errors,
        message: extra.message,
        can_open: matches!(org.kind, OrgKind::Branch | OrgKind::GrassrootsBranch)
            && org.dissolved_on.is_none()
            && me.can(&org.path, Action::Write),
        nf: extra.nf,
        new_errors: extra.new_errors,
        new_message: extra.new_message,
        sexes: vec!["Nam", "Nữ"],
    })
}

async fn readable(s: &AppState, me: &CurrentUser, code: &str) -> Result<db::OrgRow, WebError> {
    let org = s.db.org_latest(&code.trim().to_uppercase()).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    Ok(org)
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<AdmissionPage, WebError> {
    let org = readable(&s, &me, &code).await?;
    build(&s, &me, &org, Extra::default()).await
}

/// Opens a case for a new applicant in this branch.
pub async fn open_case(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(nf): Form<CaseForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &nf.csrf)?;
    let org = readable(&s, &me, &code).await?;
    me.require(&s.db, &org.path, Action::Write, "organization", &org.code)
        .await?;
    let today = s.today();
    let mut errors = Errors::new();
    let name = keep(&mut errors, "full_name", PersonName::parse(&nf.full_name));
    let born = keep(&mut errors, "birth_date", parse_day(&nf.birth_date, today));
    let sex = keep(&mut errors, "sex", Sex::parse(&nf.sex));
    let applied = keep(&mut errors, "applied_on", parse_day(&nf.applied_on, today));
    let again = |new_errors: Errors, new_message: Option<String>| {
        let extra = Extra {
            nf: nf.clone(),
            new_errors,
            new_message,
            ..Extra::default()
        };
        show_again(build(&s, &me, &org, extra))
    };
    let (Some(full_name), Some(birth_date), Some(sex), Some(applied_on), true) =
        (name, born, sex, applied, errors.is_empty())
    else {
        return again(errors, None).await;
    };
    let record = PersonRecord::applicant(full_name, birth_date, sex);
    let new = NewAdmission {
        org: org.code.clone(),
        applicant: Applicant::New(Box::new(record)),
        applied_on,
    };
    match s.db.create_admission(&me.actor, &new, today).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/to-chuc/{}/ket-nap#ho-so-{id}", org.code)).into_response())
        }
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            let mut errors = Errors::new();
            if m.contains("tuổi") {
                errors.insert("birth_date", m);
                again(errors, None).await
            } else {
                again(errors, Some(sentence(&m))).await
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The case `id` of the organization's subtree, once the user may write in its branch, and
/// the step it waits for; a case complete is refused.
async fn case_for_step(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    id: i32,
) -> Result<StepKind, WebError> {
    let case = s.db.admission_case(id, s.today()).await?;
    let case_org = s.db.org_latest(&case.org_code).await?;
    if !case_org.path.starts_with(&org.path) {
        return Err(WebError::NotFound);
    }
    me.require(
        &s.db,
        &case_org.path,
        Action::Write,
        "admission_case",
        &id.to_string(),
    )
    .await?;
    case.next.as_ref().map(|n| n.kind).ok_or_else(|| {
        WebError::BadInput("Hồ sơ đã hoàn tất: đảng viên đã được công nhận chính thức.".into())
    })
}

/// A count of votes or members: a whole number, not blank.
fn vote_count(field: &'static str, raw: &str, errors: &mut Errors) -> Option<u32> {
    match raw.trim().parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) if raw.trim().is_empty() => {
            errors.insert(field, "không được để trống".into());
            None
        }
        Err(_) => {
            errors.insert(
                field,
                format!(
                    "'{}' không phải là một số",
                    domain::text::excerpt(raw.trim())
                ),
            );
            None
        }
    }
}

/// The introducer of the step: the member with that card number, and since when they have
/// worked with the applicant.
async fn introducer_input(
    s: &AppState,
    f: &StepForm,
    errors: &mut Errors,
) -> Result<Option<StepInput>, WebError> {
    let person = match CardNumber::parse(&f.introducer) {
        Err(e) => {
            errors.insert("introducer", e.to_string());
            None
        }
        Ok(card) => match s.db.person_by_card(&card).await {
            Ok(p) => Some(p),
            Err(db::DbError::NotFound { .. }) => {
                errors.insert(
                    "introducer",
                    format!("không có đảng viên mang số thẻ {}", card.as_str()),
                );
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    let since = keep(
        errors,
        "worked_since",
        parse_day(&f.worked_since, s.today()),
    );
    Ok(match (person, since) {
        (Some(person), Some(worked_since)) => Some(StepInput::Introducer {
            person,
            worked_since,
        }),
        _ => None,
    })
}

/// The vote of a resolution or recognition step: members in favour of the official members.
fn vote_input(next: StepKind, f: &StepForm, errors: &mut Errors) -> Option<StepInput> {
    let in_favour = vote_count("in_favour", &f.in_favour, errors);
    let official_members = vote_count("official_members", &f.official_members, errors);
    let v = Vote {
        in_favour: in_favour?,
        official_members: official_members?,
    };
    Some(if next == StepKind::Resolution {
        StepInput::Resolution(v)
    } else {
        StepInput::Recognition(v)
    })
}

/// What the form gives for step `next`; each field missing has its message in the errors.
async fn step_input(
    s: &AppState,
    next: StepKind,
    f: &StepForm,
    errors: &mut Errors,
) -> Result<Option<StepInput>, WebError> {
    let number = Some(f.number.clone()).filter(|n| !n.trim().is_empty());
    Ok(match next {
        StepKind::Certificate => Some(StepInput::Certificate { number }),
        StepKind::Decision => Some(StepInput::Decision { number }),
        StepKind::Ceremony => Some(StepInput::Ceremony),
        StepKind::Introducer => introducer_input(s, f, errors).await?,
        StepKind::Resolution | StepKind::Recognition => vote_input(next, f, errors),
    })
}

/// The field a refusal of step `next` by the rules concerns.
fn refused_field(next: StepKind, m: &str) -> &'static str {
    match next {
        StepKind::Introducer if m.contains("tháng") => "worked_since",
        StepKind::Introducer if !m.contains("ngày") => "introducer",
        StepKind::Resolution | StepKind::Recognition
            if m.contains("tán thành") || m.contains("phiếu") =>
        {
            "in_favour"
        }
        _ => "on",
    }
}

/// Records the next step of a case; on a refusal the page comes back with the reason beside
/// the field it concerns.
pub async fn record_step(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((code, id)): Path<(String, i32)>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = readable(&s, &me, &code).await?;
    let today = s.today();
    let next = case_for_step(&s, &me, &org, id).await?;
    let mut errors = Errors::new();
    let on = keep(&mut errors, "on", parse_day(&f.on, today));
    let input = step_input(&s, next, &f, &mut errors).await?;
    let again = |errors: Errors, message: Option<String>| {
        let extra = Extra {
            form_case: id,
            f: f.clone(),
            errors,
            message,
            ..Extra::default()
        };
        show_again(build(&s, &me, &org, extra))
    };
    let (Some(on), Some(input), true) = (on, input, errors.is_empty()) else {
        return again(errors, None).await;
    };
    match s
        .db
        .record_admission_step(&me.actor, id, on, &input, today)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/to-chuc/{}/ket-nap#ho-so-{id}", org.code)).into_response())
        }
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            let mut errors = Errors::new();
            errors.insert(refused_field(next, &m), m);
            again(errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}
