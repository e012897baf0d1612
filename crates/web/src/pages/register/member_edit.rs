//! Correcting a member's personal fields (form 7-HSĐV): name, birth, sex, ethnicity,
//! religion, home town, education, levels, language, occupation. The input is checked by the
//! same rules as the member file (`domain::register::import`), with the member's admission kept, so
//! that e.g. a birth date that would make the admission under age is refused beside the field.
//! Admission, official recognition and transfers change only through dated events.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::register::import::{Column, headers, parse_member_rows, record_cells};
use domain::register::member::{PersonRecord, Qualification, TheoryLevel};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, sentence};
use crate::state::AppState;

/// The input of the edit form, kept as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EditInput {
    pub csrf: String,
    pub full_name: String,
    pub birth_name: String,
    pub birth_date: String,
    pub sex: String,
    pub ethnicity: String,
    pub religion: String,
    pub home_town: String,
    pub education: String,
    pub theory: String,
    pub qualification: String,
    pub foreign_language: String,
    pub occupation: String,
}

/// The columns of the member file this form edits, with their field names.
const FIELDS: [(Column, &str); 12] = [
    (Column::FullName, "full_name"),
    (Column::BirthName, "birth_name"),
    (Column::BirthDate, "birth_date"),
    (Column::Sex, "sex"),
    (Column::Ethnicity, "ethnicity"),
    (Column::Religion, "religion"),
    (Column::HomeTown, "home_town"),
    (Column::Education, "education"),
    (Column::Theory, "theory"),
    (Column::Qualification, "qualification"),
    (Column::ForeignLanguage, "foreign_language"),
    (Column::Occupation, "occupation"),
];

impl EditInput {
    fn get(&self, field: &str) -> &str {
        match field {
            "full_name" => &self.full_name,
            "birth_name" => &self.birth_name,
            "birth_date" => &self.birth_date,
            "sex" => &self.sex,
            "ethnicity" => &self.ethnicity,
            "religion" => &self.religion,
            "home_town" => &self.home_town,
            "education" => &self.education,
            "theory" => &self.theory,
            "qualification" => &self.qualification,
            "foreign_language" => &self.foreign_language,
            "occupation" => &self.occupation,
            _ => "",
        }
    }

    /// The stored record as the form shows it.
    fn of(r: &PersonRecord) -> Self {
        let cells = record_cells(r);
        let cell = |c: Column| cells[c.index()].clone();
        Self {
            csrf: String::new(),
            full_name: cell(Column::FullName),
            birth_name: cell(Column::BirthName),
            birth_date: cell(Column::BirthDate),
            sex: cell(Column::Sex),
            ethnicity: cell(Column::Ethnicity),
            religion: cell(Column::Religion),
            home_town: cell(Column::HomeTown),
            education: cell(Column::Education),
            theory: r.theory.label().into(),
            qualification: r.qualification.label().into(),
            foreign_language: cell(Column::ForeignLanguage),
            occupation: cell(Column::Occupation),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "register/member_edit.html")]
pub struct EditMemberPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    name: String,
    f: EditInput,
    errors: Errors,
    message: Option<String>,
    sexes: Vec<&'static str>,
    theories: Vec<&'static str>,
    qualifications: Vec<&'static str>,
}

fn page(
    me: &CurrentUser,
    id: i32,
    name: String,
    f: EditInput,
    errors: Errors,
    message: Option<String>,
) -> EditMemberPage {
    EditMemberPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        name,
        f,
        errors,
        message,
        sexes: vec!["Nam", "Nữ"],
        theories: TheoryLevel::ALL.iter().map(|t| t.label()).collect(),
        qualifications: Qualification::ALL.iter().map(|q| q.label()).collect(),
    }
}

/// The person's record if the user may write in the organization the person belongs to.
async fn writable_person(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
) -> Result<PersonRecord, WebError> {
    let home = s.db.person_home(id).await?;
    me.require(&s.db, &home.path, Action::Write, "person", &id.to_string())
        .await?;
    let r = s.db.person(id).await?;
    if r.membership.is_none() {
        return Err(WebError::BadInput(
            "Chỉ sửa được lý lịch của đảng viên trên trang này.".into(),
        ));
    }
    Ok(r)
}

pub async fn form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<EditMemberPage, WebError> {
    let r = writable_person(&s, &me, id).await?;
    Ok(page(
        &me,
        id,
        r.full_name.to_string(),
        EditInput::of(&r),
        Errors::new(),
        None,
    ))
}

pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers_in: HeaderMap,
    Path(id): Path<i32>,
    Form(f): Form<EditInput>,
) -> Result<Response, WebError> {
    check_csrf(&headers_in, &f.csrf)?;
    let old = writable_person(&s, &me, id).await?;
    let name = old.full_name.to_string();
    let again = |f: EditInput, errors: Errors, message: Option<String>| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&me, id, name.clone(), f, errors, message),
        )
            .into_response()
    };
    // The stored row with the edited cells put in: the member file's rules check it whole.
    let mut cells = record_cells(&old);
    for (c, field) in FIELDS {
        cells[c.index()] = f.get(field).to_string();
    }
    let record = match parse_member_rows(&headers(), &[cells], s.today()) {
        Ok(mut rows) if rows.len() == 1 => rows.remove(0).record,
        Ok(_) => {
            let mut e = Errors::new();
            e.insert("full_name", "không được để trống".into());
            return Ok(again(f, e, None));
        }
        Err(row_errors) => {
            let mut e = Errors::new();
            let mut other = Vec::new();
            for r in row_errors {
                // The admission date is not edited here: a refusal of it (under age on the
                // day of admission) comes from the edited birth date.
                let field = Column::from_header(&r.column).and_then(|c| match c {
                    Column::AdmittedOn => Some("birth_date"),
                    c => FIELDS
                        .iter()
                        .find(|(fc, _)| *fc == c)
                        .map(|(_, name)| *name),
                });
                match field {
                    Some(field) => {
                        e.entry(field)
                            .and_modify(|m: &mut String| {
                                m.push_str("; ");
                                m.push_str(&r.message);
                            })
                            .or_insert(r.message);
                    }
                    // A stored cell the form does not edit: say which.
                    None => other.push(format!("{}: {}", r.column, r.message)),
                }
            }
            let message = (!other.is_empty()).then(|| sentence(&other.join("; ")));
            return Ok(again(f, e, message));
        }
    };
    match s.db.update_person(&me.actor, id, &record).await {
        Ok(_) => Ok(Redirect::to(&format!("/dang-vien/{id}")).into_response()),
        Err(e) if e.is_bad_input() => Ok(again(f, Errors::new(), Some(sentence(&e.to_string())))),
        Err(e) => Err(e.into()),
    }
}
