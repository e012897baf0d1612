//! One document of the register (`/van-ban/{id}`): what it is and its downloads in the HD 36
//! layout; while a draft, its text to edit and the form that numbers it (the next number of
//! its series is shown, never typed).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use db::{DocDetail, Draft};
use domain::register::org::DocKind;
use domain::text::format_date;
use reports::documents::PartyDoc;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::download::{ascii_name, download, party_document};
use crate::pages::form::{Errors, Pairs, field, keep, parse_dmy, sentence, unprocessable};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "documents/document.html")]
pub struct DocumentPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    id: i32,
    code: String,
    org_name: String,
    d: DocDetail,
    kind_label: String,
    date: String,
    next_symbol: String,
    today: String,
    may_write: bool,
    error: Option<String>,
    errors: Errors,
    typed: Pairs,
}

impl DocumentPage {
    /// The text of a field: what was typed when the form came back, else what is stored.
    fn val(&self, name: &str) -> String {
        if !self.typed.is_empty() {
            return field(&self.typed, name).to_string();
        }
        match name {
            "trich_yeu" => self.d.row.subject.clone(),
            "noi_dung" => self.d.body.clone().unwrap_or_default(),
            "nguoi_ky" => self.d.signer.clone().unwrap_or_default(),
            "chuc_danh" => self.d.signer_title.clone().unwrap_or_default(),
            "noi_nhan" => self.d.recipients.join("\n"),
            _ => String::new(),
        }
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
    (error, errors, typed): (Option<String>, Errors, Pairs),
) -> Result<DocumentPage, WebError> {
    let d = s.db.document(id).await?;
    let org = readable_org(s, me, &d.org_code).await?;
    let today = s.today();
    let next_symbol = if d.row.status == "draft" {
        s.db.next_document_number(&org.code, &d.row.kind, today, d.congress)
            .await?
    } else {
        String::new()
    };
    Ok(DocumentPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        id,
        may_write: may_write(me, &org),
        code: org.code,
        org_name: org.name,
        kind_label: DocKind::parse(&d.row.kind).map_or(d.row.kind.clone(), |k| k.label().into()),
        date: d.row.date.map(format_date).unwrap_or_default(),
        next_symbol,
        today: format_date(today),
        d,
        error,
        errors,
        typed,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<DocumentPage, WebError> {
    build(&s, &me, id, (None, Errors::new(), Vec::new())).await
}

/// A draft of the register, once the user may write in its organization.
async fn writable_draft(s: &AppState, me: &CurrentUser, id: i32) -> Result<DocDetail, WebError> {
    let d = s.db.document(id).await?;
    writable_org(s, me, &d.org_code).await?;
    Ok(d)
}

fn lines(raw: &str) -> Vec<String> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Saves a draft's text: `trich_yeu`, `noi_dung`, `nguoi_ky`, `chuc_danh`, `noi_nhan`.
pub async fn edit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let d = writable_draft(&s, &me, id).await?;
    let text = |n: &str| Some(field(&pairs, n).trim().to_string()).filter(|t| !t.is_empty());
    let draft = Draft {
        org: d.org_code.clone(),
        kind: d.row.kind.clone(),
        template: d.template.clone(),
        subject: field(&pairs, "trich_yeu").to_string(),
        body: field(&pairs, "noi_dung").to_string(),
        signer: text("nguoi_ky"),
        signer_title: text("chuc_danh"),
        recipients: lines(field(&pairs, "noi_nhan")),
        congress: d.congress,
    };
    match s.db.edit_draft(&me.actor, id, &draft).await {
        Ok(()) => Ok(Redirect::to(&format!("/van-ban/{id}")).into_response()),
        Err(e) if e.is_bad_input() => {
            let mut errors = Errors::new();
            errors.insert("trich_yeu", sentence(&e.to_string()));
            Ok(unprocessable(
                build(&s, &me, id, (None, errors, pairs)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Numbers a draft on the day typed (`ngay`).
pub async fn issue(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    writable_draft(&s, &me, id).await?;
    let mut errors = Errors::new();
    let Some(on) = keep(&mut errors, "ngay", parse_dmy(field(&pairs, "ngay"))) else {
        return Ok(unprocessable(
            build(&s, &me, id, (None, errors, Vec::new())).await?,
        ));
    };
    match s.db.issue_document(&me.actor, id, on).await {
        Ok(_) => Ok(Redirect::to(&format!("/van-ban/{id}")).into_response()),
        Err(e) if e.is_bad_input() => {
            errors.insert("ngay", sentence(&e.to_string()));
            Ok(unprocessable(
                build(&s, &me, id, (None, errors, Vec::new())).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The file attached to a document.
pub async fn attached(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response, WebError> {
    let d = s.db.document(id).await?;
    readable_org(&s, &me, &d.org_code).await?;
    let (name, media, bytes) = s.db.document_file(id).await?.ok_or(WebError::NotFound)?;
    Ok(download(&name, &media, bytes))
}

/// The document in the HD 36 layout, with its file name.
async fn party_doc(
    s: &AppState,
    me: &CurrentUser,
    id: i32,
) -> Result<(PartyDoc, String), WebError> {
    let d = s.db.document(id).await?;
    let org = readable_org(s, me, &d.org_code).await?;
    let (superior, province) = s.db.issuer_names(&org.code).await?;
    let kind = DocKind::parse(&d.row.kind).unwrap_or(DocKind::CV);
    let issuer = if d.congress.is_some() {
        "ĐH".to_string()
    } else {
        domain::documents::issuer_abbrev(org.kind).to_string()
    };
    let name = if d.row.symbol.is_empty() {
        format!("du-thao-{id}")
    } else {
        ascii_name(&d.row.symbol)
    };
    let doc = PartyDoc {
        superior,
        organization: org.name.clone(),
        place: province.unwrap_or_default(),
        date: d.row.date,
        symbol: Some(d.row.symbol.clone()).filter(|s| !s.is_empty()),
        kind,
        issuer,
        subject: d.row.subject.clone(),
        body: d.body.clone().unwrap_or_default(),
        signature_titles: d.signer_title.as_deref().map(lines).unwrap_or_default(),
        signer: d.signer.clone(),
        recipients: d.recipients.clone(),
    };
    Ok((doc, name))
}

pub async fn docx(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response, WebError> {
    let (doc, name) = party_doc(&s, &me, id).await?;
    party_document(doc, &name, "docx").await
}

pub async fn pdf(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response, WebError> {
    let (doc, name) = party_doc(&s, &me, id).await?;
    party_document(doc, &name, "pdf").await
}
