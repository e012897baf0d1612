//! One dossier (`/ho-so-khen-thuong/{id}`): who is proposed for what, the history it claims
//! year by year, its documents (added and downloaded here), the appraisal with the rule that
//! decided and its reasons, and the next step of its path (appraise, propose, record the
//! decision), each refused with the reason when out of order.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::commendation::decision::DecisionSymbol;
use domain::commendation::dossier::{DocumentKind, Status, required_documents};
use domain::commendation::wire;
use domain::text::format_date;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::form::{Errors, Pairs, field, keep, parse_dmy, unprocessable};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

pub struct YearLine {
    pub year: i32,
    pub rating: String,
    pub titles: String,
    pub initiatives: String,
    pub discipline: String,
}

pub struct Doc {
    pub id: i32,
    pub kind: &'static str,
    pub title: String,
    pub file: Option<String>,
    pub added: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/dossier.html")]
pub struct DossierPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    d: db::DossierRow,
    org_code: String,
    subject: &'static str,
    kind: &'static str,
    method: &'static str,
    status: &'static str,
    submitted: String,
    due: String,
    overdue: bool,
    years: Vec<YearLine>,
    prior: Vec<String>,
    docs: Vec<Doc>,
    missing: Vec<&'static str>,
    doc_kinds: Vec<(&'static str, &'static str)>,
    may_write: bool,
    can_appraise: bool,
    can_propose: bool,
    can_decide: bool,
    /// The decision, once recorded: "45-QĐ/UBND ngày 1/4/2026 của …; tiền thưởng 2.340.000 đồng".
    decision: Option<String>,
    error: Option<String>,
    /// The decision form's refusals beside their fields, and what was typed.
    errors: Errors,
    typed: Pairs,
}

impl DossierPage {
    /// What was typed in a field of the decision form, when it comes back refused.
    fn val(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

fn years_of(history: &str) -> (Vec<YearLine>, Vec<String>) {
    let Ok(case) = wire::parse(history) else {
        return (Vec::new(), Vec::new());
    };
    let years = case
        .years()
        .map(|r| YearLine {
            year: r.year,
            rating: r
                .rating
                .map_or("chưa xếp loại".into(), |l| l.label().to_string()),
            titles: r
                .titles
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join("; "),
            initiatives: r
                .initiatives
                .iter()
                .map(|i| format!("sáng kiến {}", i.label()))
                .collect::<Vec<_>>()
                .join("; "),
            discipline: r
                .discipline
                .map_or(String::new(), |x| x.label().to_string()),
        })
        .collect();
    let prior = case
        .awards()
        .iter()
        .map(|a| format!("{} ({})", a.kind.label(), a.year))
        .collect();
    (years, prior)
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    error: Option<String>,
) -> Result<DossierPage, WebError> {
    build_with(s, me, id, error, Default::default()).await
}

async fn build_with(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    error: Option<String>,
    (errors, typed): (Errors, Pairs),
) -> Result<DossierPage, WebError> {
    let d = s.db.dossier(id).await?;
    let org = readable_org(s, me, &d.org_code).await?;
    let (docs, history) = s.db.dossier_papers(id).await?;
    let (years, prior) = years_of(&history);
    let have: Vec<DocumentKind> = docs.iter().map(|x| x.kind).collect();
    let writer = may_write(me, &org);
    let decision = match d.award {
        Some(a) => {
            let a = s.db.award(a).await?;
            Some(format!(
                "Quyết định số {} ngày {} của {}; tiền thưởng {} đồng",
                a.symbol,
                format_date(a.decided_on),
                a.issuer,
                domain::text::format_int(a.amount)
            ))
        }
        None => None,
    };
    Ok(DossierPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        org_code: org.code,
        subject: d.subject.label(),
        kind: d.kind.label(),
        method: d.method.label(),
        status: d.status.label(),
        submitted: format_date(d.submitted_on),
        due: format_date(d.due_on),
        overdue: d.overdue(s.today()),
        years,
        prior,
        missing: required_documents(d.kind)
            .into_iter()
            .filter(|k| !have.contains(k))
            .map(DocumentKind::label)
            .collect(),
        docs: docs
            .into_iter()
            .map(|x| Doc {
                id: x.id,
                kind: x.kind.label(),
                title: x.title,
                file: x.file_name,
                added: format_date(x.added_on),
            })
            .collect(),
        doc_kinds: DocumentKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        may_write: writer,
        can_appraise: writer
            && matches!(
                d.status,
                Status::Submitted | Status::Eligible | Status::Ineligible
            ),
        can_propose: writer && d.status == Status::Eligible,
        can_decide: writer && d.status == Status::Proposed,
        decision,
        error,
        errors,
        typed,
        d,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<DossierPage, WebError> {
    build(&s, &me, id, None).await
}

/// The next step: `buoc` = tham-dinh, trinh or quyet-dinh (with `so_ky_hieu`, `co_quan`,
/// `ngay`).
pub async fn step(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let d = s.db.dossier(id).await?;
    writable_org(&s, &me, &d.org_code).await?;
    let today = s.today();
    let done = match field(&pairs, "buoc") {
        "tham-dinh" => {
            s.db.appraise_dossier(&me.actor, id, today)
                .await
                .map(|_| ())
        }
        "trinh" => s.db.propose_dossier(&me.actor, id, today).await,
        "quyet-dinh" => {
            let mut errors = Errors::new();
            keep(
                &mut errors,
                "so_ky_hieu",
                DecisionSymbol::parse(field(&pairs, "so_ky_hieu")),
            );
            let on = keep(&mut errors, "ngay", parse_dmy(field(&pairs, "ngay")));
            if let Some(on) = on
                && on > today
            {
                errors.insert("ngay", format!("ngày {} ở tương lai", format_date(on)));
            }
            let (Some(on), true) = (on, errors.is_empty()) else {
                let note = Some("Chưa ghi được; hãy sửa các ô được đánh dấu.".to_string());
                let page = build_with(&s, &me, id, note, (errors, pairs.clone()));
                return Ok(unprocessable(page.await?));
            };
            let (symbol, issuer) = (field(&pairs, "so_ky_hieu"), field(&pairs, "co_quan"));
            s.db.decide_dossier(&me.actor, id, symbol, issuer, on)
                .await
                .map(|_| ())
        }
        other => Err(db::DbError::Invalid(format!(
            "bước '{}' không có",
            domain::text::excerpt(other)
        ))),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/ho-so-khen-thuong/{id}")).into_response()),
        Err(e) if e.is_bad_input() => Ok(unprocessable(
            build(
                &s,
                &me,
                id,
                Some(crate::pages::form::sentence(&e.to_string())),
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Adds a document (multipart: csrf, loai, ten, file).
pub async fn upload(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    mut m: Multipart,
) -> Result<Response, WebError> {
    let (mut csrf, mut kind, mut title, mut file) =
        (String::new(), String::new(), String::new(), None);
    while let Some(part) = m
        .next_field()
        .await
        .map_err(|e| WebError::BadInput(format!("Tệp gửi lên không đọc được: {e}")))?
    {
        let name = part.name().unwrap_or("").to_string();
        let file_name = part.file_name().map(str::to_string);
        let bytes = part
            .bytes()
            .await
            .map_err(|e| WebError::BadInput(format!("Tệp gửi lên không đọc được: {e}")))?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "loai" => kind = String::from_utf8_lossy(&bytes).into_owned(),
            "ten" => title = String::from_utf8_lossy(&bytes).into_owned(),
            "file" if !bytes.is_empty() => {
                file = Some((file_name.unwrap_or_else(|| "tep".into()), bytes.to_vec()))
            }
            _ => {}
        }
    }
    check_csrf(&headers, &csrf)?;
    let d = s.db.dossier(id).await?;
    writable_org(&s, &me, &d.org_code).await?;
    let Some(kind) = DocumentKind::from_code(&kind) else {
        return Ok(unprocessable(
            build(&s, &me, id, Some("Chọn loại văn bản.".into())).await?,
        ));
    };
    match s
        .db
        .add_dossier_document(&me.actor, id, kind, &title, file, s.today())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so-khen-thuong/{id}")).into_response()),
        Err(e) if e.is_bad_input() => Ok(unprocessable(
            build(
                &s,
                &me,
                id,
                Some(crate::pages::form::sentence(&e.to_string())),
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Downloads a document's file.
pub async fn download(
    State(s): State<AppState>,
    me: CurrentUser,
    Path((id, doc)): Path<(i32, i32)>,
) -> Result<Response, WebError> {
    let d = s.db.dossier(id).await?;
    readable_org(&s, &me, &d.org_code).await?;
    let (name, bytes) = s.db.dossier_document_file(id, doc).await?;
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    if safe.is_empty() { "tep".into() } else { safe }
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
