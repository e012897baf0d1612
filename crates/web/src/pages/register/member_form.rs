//! Writing members: the form that adds a member to an organization and the form that
//! transfers a member to another organization; both keep the input and name each bad field.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::register::import::{Column, headers, parse_member_rows};
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{Qualification, TheoryLevel};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, Refusal, keep, parse_day, parse_decision, sentence};
use crate::pages::guard::writable_org;
use crate::state::AppState;

/// The input of the add-member form, kept as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MemberInput {
    pub csrf: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: String,
    pub theory: String,
    pub qualification: String,
    pub admitted_on: String,
    pub official_on: String,
    pub card_number: String,
    pub record_number: String,
    pub ethnicity: String,
    pub religion: String,
    pub home_town: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/member_new.html")]
pub struct AddMemberPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    f: MemberInput,
    errors: Errors,
    message: Option<String>,
    sexes: Vec<&'static str>,
    theories: Vec<&'static str>,
    qualifications: Vec<&'static str>,
}

/// The form field that holds a column of the member file.
fn field_of(c: Column) -> &'static str {
    match c {
        Column::FullName => "full_name",
        Column::BirthDate => "birth_date",
        Column::Sex => "sex",
        Column::Theory => "theory",
        Column::Qualification => "qualification",
        Column::AdmittedOn => "admitted_on",
        Column::OfficialOn => "official_on",
        Column::CardNumber => "card_number",
        Column::RecordNumber => "record_number",
        Column::Ethnicity => "ethnicity",
        Column::Religion => "religion",
        Column::HomeTown => "home_town",
        _ => "form",
    }
}

/// The input as one row of the member file, in `Column::ALL` order.
fn cells(f: &MemberInput) -> Vec<String> {
    Column::ALL
        .iter()
        .map(|c| match c {
            Column::FullName => f.full_name.clone(),
            Column::BirthDate => f.birth_date.clone(),
            Column::Sex => f.sex.clone(),
            Column::Theory => f.theory.clone(),
            Column::Qualification => f.qualification.clone(),
            Column::AdmittedOn => f.admitted_on.clone(),
            Column::OfficialOn => f.official_on.clone(),
            Column::CardNumber => f.card_number.clone(),
            Column::RecordNumber => f.record_number.clone(),
            Column::Ethnicity => f.ethnicity.clone(),
            Column::Religion => f.religion.clone(),
            Column::HomeTown => f.home_town.clone(),
            _ => String::new(),
        })
        .collect()
}

fn add_page(
    me: &CurrentUser,
    org: &db::OrgRow,
    f: MemberInput,
    errors: Errors,
    message: Option<String>,
) -> AddMemberPage {
    AddMemberPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        org_name: org.name.clone(),
        f,
        errors,
        message,
        sexes: vec!["Nam", "Nữ"],
        theories: TheoryLevel::ALL.iter().map(|t| t.label()).collect(),
        qualifications: Qualification::ALL.iter().map(|q| q.label()).collect(),
    }
}

pub async fn add_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<AddMemberPage, WebError> {
    let org = writable_org(&s, &me, &code).await?;
    let f = MemberInput {
        sex: "Nam".into(),
        theory: TheoryLevel::None.label().into(),
        qualification: Qualification::None.label().into(),
        ..MemberInput::default()
    };
    Ok(add_page(&me, &org, f, Errors::new(), None))
}

pub async fn add_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers_in: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<MemberInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers_in, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    match add_member(&s, &me, &org, &f).await? {
        Ok(id) => Ok(Redirect::to(&format!("/dang-vien/{id}")).into_response()),
        Err(r) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            add_page(&me, &org, f, r.errors, r.message),
        )
            .into_response()),
    }
}

/// Adds the member typed into `f` to `org` (rights already checked), with the same row rules
/// as a member file (one source of truth); shared by the form and the API.
pub async fn add_member(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    f: &MemberInput,
) -> Result<Result<i32, Refusal>, WebError> {
    let today = s.today();
    let record = match parse_member_rows(&headers(), &[cells(f)], today) {
        Ok(mut rows) if rows.len() == 1 => rows.remove(0).record,
        Ok(_) => {
            let mut e = Errors::new();
            e.insert("full_name", "không được để trống".into());
            return Ok(Err(Refusal::fields(e)));
        }
        Err(row_errors) => {
            let mut e = Errors::new();
            for r in row_errors {
                let field = Column::from_header(&r.column).map_or("form", field_of);
                e.entry(field)
                    .and_modify(|m: &mut String| {
                        m.push_str("; ");
                        m.push_str(&r.message);
                    })
                    .or_insert(r.message);
            }
            let message = e.remove("form").map(|m| sentence(&m));
            return Ok(Err(Refusal { errors: e, message }));
        }
    };
    match s.db.add_person(&me.actor, &org.code, &record, today).await {
        Ok(id) => Ok(Ok(id)),
        Err(db::DbError::Invalid(m)) => {
            let mut e = Errors::new();
            if m.starts_with("số thẻ") {
                e.insert("card_number", m);
                Ok(Err(Refusal::fields(e)))
            } else if m.starts_with("số lý lịch") {
                e.insert("record_number", m);
                Ok(Err(Refusal::fields(e)))
            } else {
                Ok(Err(Refusal::message(&m)))
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The input of the transfer form, kept as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TransferInput {
    pub csrf: String,
    pub to: String,
    pub on: String,
    pub symbol: String,
    pub signed_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/transfer.html")]
pub struct TransferPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    name: String,
    home: String,
    f: TransferInput,
    errors: Errors,
    message: Option<String>,
    /// (code, name) of the organizations the user may write to.
    targets: crate::pages::guard::OrgChoice,
}

async fn transfer_page(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    f: TransferInput,
    errors: Errors,
    message: Option<String>,
) -> Result<TransferPage, WebError> {
    let home = s.db.person_home(id).await?;
    let r = s.db.person(id).await?;
    let targets = crate::pages::guard::OrgChoice::writable(s, me, &|c| c != home.code).await?;
    Ok(TransferPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        name: r.full_name.to_string(),
        home: home.name,
        f,
        errors,
        message,
        targets,
    })
}

pub async fn require_member_write(s: &AppState, me: &CurrentUser, id: i32) -> Result<(), WebError> {
    let home = s.db.person_home(id).await?;
    me.require(&s.db, &home.path, Action::Write, "person", &id.to_string())
        .await
}

pub async fn transfer_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<TransferPage, WebError> {
    require_member_write(&s, &me, id).await?;
    let f = TransferInput {
        on: domain::text::format_date(s.today()),
        ..TransferInput::default()
    };
    transfer_page(&s, &me, id, f, Errors::new(), None).await
}

pub async fn transfer_submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers_in: HeaderMap,
    Path(id): Path<i32>,
    Form(f): Form<TransferInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers_in, &f.csrf)?;
    require_member_write(&s, &me, id).await?;
    match transfer_member(&s, &me, id, &f).await? {
        Ok(()) => Ok(Redirect::to(&format!("/dang-vien/{id}")).into_response()),
        Err(r) => {
            let page = transfer_page(&s, &me, id, f, r.errors, r.message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Transfers member `id` (rights on the member already checked) to the organization typed in
/// `f`, which the user must be allowed to write to; shared by the form and the API.
pub async fn transfer_member(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    f: &TransferInput,
) -> Result<Result<(), Refusal>, WebError> {
    let today = s.today();
    let mut errors = Errors::new();
    let on = keep(&mut errors, "on", parse_day(&f.on, today));
    let decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    let to = f.to.trim().to_uppercase();
    let mut dest = None;
    if to.is_empty() {
        errors.insert("to", "không được để trống".into());
    } else {
        let not_found = format!(
            "không tìm thấy tổ chức '{to}' trong phạm vi bạn được quyền ghi",
            to = domain::text::excerpt(&to)
        );
        match s.db.org(&to, on).await {
            Ok(o) if me.can(&o.path, Action::Write) => dest = Some(o),
            Ok(o) => {
                s.db.audit_denied(&me.actor, "organization", &o.code, "Write")
                    .await?;
                errors.insert("to", not_found);
            }
            Err(db::DbError::Invalid(m)) => {
                errors.insert("to", m);
            }
            Err(db::DbError::NotFound { .. }) => {
                errors.insert("to", not_found);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let (Some(on), Some(dest), true) = (on, dest, errors.is_empty()) else {
        return Ok(Err(Refusal::fields(errors)));
    };
    let event = MemberEvent::Transferred { to: dest.code };
    match s
        .db
        .record_member_event(&me.actor, id, on, event, decision.as_ref(), today)
        .await
    {
        Ok(()) => Ok(Ok(())),
        Err(e) if e.is_bad_input() => Ok(Err(Refusal::message(&e.to_string()))),
        Err(e) => Err(e.into()),
    }
}
