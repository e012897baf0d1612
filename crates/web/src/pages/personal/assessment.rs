//! `/ca-nhan/tu-danh-gia`: the member's yearly self-assessment (tự kiểm điểm, tự đánh giá,
//! xếp loại) — the sections of the party's personal review form and the level the member
//! proposes, handed in by the branch's deadline. Handing it in records the `self` stage of
//! the year's rating, which the secretary sees before the branch's rating meeting. The form
//! prints as .docx and PDF (`reports::branch::personal`), for the member and for the secretary.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use domain::branch::personal::{self as rules, DeadlineKind, SECTIONS};
use domain::branch::rating::RatingLevel;
use serde::Deserialize;

use super::member_of;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Pairs, field, form_pairs};
use crate::state::AppState;

/// One section of the form with what is written in it.
pub struct SectionView {
    pub code: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub required: bool,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "personal/assessment.html")]
pub struct AssessmentPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    year: i32,
    name: String,
    sections: Vec<SectionView>,
    levels: Vec<(&'static str, &'static str)>,
    level: String,
    until: String,
    /// Why it can no longer be handed in or changed, if so.
    closed: Option<String>,
    submitted: Option<String>,
    message: Option<String>,
    /// The text size (the switch's current choice).
    size: u8,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    typed: Option<&Pairs>,
    message: Option<String>,
) -> Result<AssessmentPage, WebError> {
    let person = member_of(s, me).await?;
    let today = s.today();
    let year = today.year();
    let home = s.db.person_home(person).await?;
    let saved = s.db.self_assessment(person, year).await?;
    let until =
        s.db.member_deadline(&home, year, DeadlineKind::SelfAssessment)
            .await?;
    let text_of = |code: &str| -> String {
        match typed {
            Some(p) => field(p, code).to_string(),
            None => saved
                .as_ref()
                .and_then(|a| a.sections.iter().find(|(c, _)| c == code))
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
        }
    };
    Ok(AssessmentPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        year,
        name: s.db.person(person).await?.full_name.to_string(),
        sections: SECTIONS
            .iter()
            .map(|x| SectionView {
                code: x.code,
                title: x.title,
                hint: x.hint,
                required: x.required,
                text: text_of(x.code),
            })
            .collect(),
        levels: RatingLevel::ALL
            .iter()
            .map(|l| (l.code(), l.label()))
            .collect(),
        level: match typed {
            Some(p) => field(p, "level").to_string(),
            None => saved
                .as_ref()
                .map(|a| a.level.code().to_string())
                .unwrap_or_default(),
        },
        until: domain::text::format_date(until),
        closed: rules::check_open(DeadlineKind::SelfAssessment, year, today, Some(until))
            .err()
            .map(|e| crate::pages::form::sentence(&e.to_string())),
        submitted: saved.map(|a| domain::text::format_datetime_vn(a.submitted_at)),
        message,
        size: me.text_size,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SizeParams {
    co: Option<String>,
}

/// The form, in the text size asked for (`?co=0|1|2`, remembered) or chosen before.
pub async fn form(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Query(p): Query<SizeParams>,
) -> Result<Response, WebError> {
    let size = crate::portal::text_size(p.co.as_deref(), &headers);
    let mut page = build(&s, &me, None, None).await?;
    page.size = size.0;
    if let Some(u) = page.user.as_mut() {
        u.size = size.0;
    }
    Ok((crate::portal::size_headers(size, &s.settings), page).into_response())
}

/// Hands in the form; refused with the reason (and the text kept) when a required section is
/// empty, the level is missing, the deadline has passed or the branch has already proposed.
pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    body: String,
) -> Result<Response, WebError> {
    let pairs = form_pairs(&body);
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let person = member_of(&s, &me).await?;
    let today = s.today();
    let read = rules::clean_sections(|code| Some(field(&pairs, code).to_string()))
        .map_err(|e| e.to_string())
        .and_then(|sections| {
            RatingLevel::parse(field(&pairs, "level"))
                .map(|l| (sections, l))
                .map_err(|_| "hãy chọn mức tự xếp loại chất lượng".to_string())
        });
    let result = match read {
        Ok((sections, level)) => {
            s.db.save_self_assessment(&me.actor, person, today.year(), &sections, level, today)
                .await
                .map_err(|e| (e.is_bad_input(), e))
        }
        Err(msg) => Err((true, db::DbError::Invalid(msg))),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/ca-nhan?xong=tu-danh-gia").into_response()),
        Err((true, e)) => {
            let msg = format!(
                "{}. Chưa có gì được lưu.",
                crate::pages::form::sentence(&e.to_string())
            );
            let page = build(&s, &me, Some(&pairs), Some(msg)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err((false, e)) => Err(e.into()),
    }
}

/// The personal review form of `person` for `year`, filled with what they handed in, as a
/// document; `None` when nothing was handed in. Shared with the secretary's page.
pub async fn form_document(
    s: &AppState,
    person: i32,
    year: i32,
) -> Result<Option<reports::document::Document>, WebError> {
    let Some(a) = s.db.self_assessment(person, year).await? else {
        return Ok(None);
    };
    let home = s.db.person_home(person).await?;
    let (superior, province) = s.db.issuer_names(&home.code).await?;
    let r = s.db.person(person).await?;
    let form = reports::branch::personal::SelfAssessmentForm {
        superior,
        organization: home.name,
        place: province.unwrap_or_default(),
        // The day in Vietnam (UTC+7) it was handed in.
        date: (a.submitted_at + chrono::Duration::hours(7)).date(),
        year,
        full_name: r.full_name.to_string(),
        birth_date: Some(r.birth_date),
        position: r.occupation,
        sections: a.sections,
        level: a.level,
    };
    Ok(Some(form.document()))
}

/// The document as `ban-kiem-diem.docx` or `.pdf`.
pub(crate) async fn send(
    doc: reports::document::Document,
    file: &str,
) -> Result<Response, WebError> {
    let name = format!(
        "ban-kiem-diem-{}",
        crate::pages::download::ascii_name(&doc.title)
    );
    match file.rsplit_once('.').map(|(_, e)| e) {
        Some("docx") => {
            let bytes = crate::pages::download::render(move || doc.to_docx()).await?;
            Ok(crate::pages::download::download(
                &format!("{name}.docx"),
                crate::pages::download::DOCX,
                bytes,
            ))
        }
        Some("pdf") => {
            let bytes = crate::pages::download::render(move || doc.to_pdf()).await?;
            Ok(crate::pages::download::download(
                &format!("{name}.pdf"),
                crate::pages::download::PDF,
                bytes,
            ))
        }
        _ => Err(WebError::NotFound),
    }
}

/// The member's own form of this year, printable.
pub async fn download(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let person = member_of(&s, &me).await?;
    let doc = form_document(&s, person, s.today().year())
        .await?
        .ok_or(WebError::NotFound)?;
    send(doc, &file).await
}
