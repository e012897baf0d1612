//! An organization's register (`/to-chuc/{code}/van-ban`): its documents issued and received,
//! newest first, searched by symbol (a fraction slash read as "/"), subject without diacritics
//! and dates; the form that records a document that already carries its number, with its
//! file; and the one that starts a draft from a template.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use db::{DocFile, DocFilter, DocLink, DocRow, Draft, NewDocument};
use domain::documents::{Direction, recipient_lines, signature_titles};
use domain::register::org::DocKind;
use domain::text::format_date;
use reports::documents::templates::{self, TEMPLATES};

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::form::{Errors, Pairs, field, keep, parse_dmy, sentence, unprocessable};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

/// One line of the register as the page shows it.
pub struct Line {
    pub date: String,
    pub symbol: String,
    pub direction: &'static str,
    pub issuer: String,
    pub subject: String,
    pub href: String,
    pub draft: bool,
    pub file: Option<String>,
}

fn line(r: DocRow) -> Line {
    let href = match (&r.id, &r.link) {
        (Some(id), _) => format!("/van-ban/{id}"),
        // A plan links to its issuer's season page, which only the issuer's side may open: a
        // branch that received it sees the line without a link (no 404 for its secretary).
        (None, Some(DocLink::Plan(code))) if r.direction == Direction::Issued => {
            format!("/to-chuc/{code}/dai-hoi")
        }
        (None, Some(DocLink::Plan(_))) => String::new(),
        (None, Some(DocLink::Org(code))) => format!("/to-chuc/{code}"),
        (None, Some(DocLink::Member(id))) => format!("/dang-vien/{id}"),
        (None, Some(DocLink::Congress(id))) => format!("/dai-hoi/{id}"),
        (None, None) => String::new(),
    };
    Line {
        date: r.date.map(format_date).unwrap_or_default(),
        symbol: if r.symbol.is_empty() {
            "(chưa cấp số)".into()
        } else {
            r.symbol.clone()
        },
        direction: r.direction.label(),
        issuer: r.issuer_name.clone(),
        subject: r.subject.clone(),
        draft: r.status == "draft",
        file: r
            .id
            .filter(|_| r.has_file)
            .map(|id| format!("/van-ban/{id}/tep")),
        href,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "documents/register.html")]
pub struct RegisterPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    lines: Vec<Line>,
    kinds: Vec<(&'static str, &'static str)>,
    templates: Vec<(&'static str, &'static str)>,
    query: Pairs,
    may_write: bool,
    error: Option<String>,
    errors: Errors,
    typed: Pairs,
}

impl RegisterPage {
    fn q(&self, name: &str) -> &str {
        field(&self.query, name)
    }
    fn val(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    query: Pairs,
    (error, errors, typed): (Option<String>, Errors, Pairs),
) -> Result<RegisterPage, WebError> {
    let org = readable_org(s, me, code).await?;
    let date = |name: &str| parse_dmy(field(&query, name)).ok();
    let filter = DocFilter {
        kind: Some(field(&query, "loai").to_string()).filter(|k| !k.is_empty()),
        search: Some(field(&query, "q").to_string()).filter(|k| !k.trim().is_empty()),
        from: date("tu"),
        to: date("den"),
        direction: Direction::parse(field(&query, "chieu")),
    };
    let lines =
        s.db.doc_register(&org.code, &filter)
            .await?
            .into_iter()
            .map(line)
            .collect();
    Ok(RegisterPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        may_write: may_write(me, &org),
        code: org.code,
        name: org.name,
        lines,
        kinds: DocKind::ALL
            .iter()
            .map(|k| (k.abbrev(), k.label()))
            .collect(),
        templates: TEMPLATES
            .iter()
            .filter(|t| t.0 != "report")
            .map(|t| (t.0, t.1))
            .collect(),
        query,
        error,
        errors,
        typed,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<RegisterPage, WebError> {
    build(&s, &me, &code, query, (None, Errors::new(), Vec::new())).await
}

/// The form's fields and its file, read from a multipart body.
async fn read_form(m: &mut Multipart) -> Result<(Pairs, Option<DocFile>), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadInput(format!("Tệp gửi lên không đọc được: {e}"))
    };
    let (mut pairs, mut file) = (Vec::new(), None);
    while let Some(part) = m.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        let file_name = part.file_name().map(str::to_string);
        let bytes = part.bytes().await.map_err(bad)?;
        match (name.as_str(), file_name) {
            ("file", Some(f)) if !bytes.is_empty() => {
                file = Some(DocFile {
                    media_type: domain::documents::media_type(&f).into(),
                    name: f,
                    bytes: bytes.to_vec(),
                })
            }
            ("file", _) => {}
            _ => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((pairs, file))
}

/// Records a document that carries its number: `chieu`, `ky_hieu`, `ngay`, `trich_yeu`,
/// `noi_ban_hanh`, `nguoi_ky`, and the file `file`.
pub async fn record(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    mut m: Multipart,
) -> Result<Response, WebError> {
    let (pairs, file) = read_form(&mut m).await?;
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let mut errors = Errors::new();
    let on = keep(&mut errors, "ngay", parse_dmy(field(&pairs, "ngay")));
    if field(&pairs, "ky_hieu").trim().is_empty() {
        errors.insert("ky_hieu", "cần ghi số và ký hiệu, ví dụ 205-KH/ĐU".into());
    }
    if field(&pairs, "trich_yeu").trim().is_empty() {
        errors.insert("trich_yeu", "cần ghi trích yếu nội dung".into());
    }
    let (Some(on), true) = (on, errors.is_empty()) else {
        return again(&s, &me, &org.code, (None, errors, pairs)).await;
    };
    let text = |n: &str| Some(field(&pairs, n).trim().to_string()).filter(|t| !t.is_empty());
    let new = NewDocument {
        org: org.code.clone(),
        direction: Direction::parse(field(&pairs, "chieu")).unwrap_or(Direction::Received),
        symbol: field(&pairs, "ky_hieu").to_string(),
        signed_on: on,
        subject: field(&pairs, "trich_yeu").to_string(),
        issuer_name: text("noi_ban_hanh"),
        signer: text("nguoi_ky"),
        recipients: Vec::new(),
        congress: None,
        file,
        co_issuers: field(&pairs, "dong_ban_hanh")
            .split([',', ';', ' '])
            .filter(|c| !c.trim().is_empty())
            .map(str::to_string)
            .collect(),
    };
    match s.db.record_document(&me.actor, &new).await {
        Ok(id) => Ok(Redirect::to(&format!("/van-ban/{id}")).into_response()),
        Err(e) if e.is_bad_input() => {
            let mut errors = Errors::new();
            errors.insert("ky_hieu", sentence(&e.to_string()));
            again(&s, &me, &org.code, (None, errors, pairs)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn again(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    (error, errors, typed): (Option<String>, Errors, Pairs),
) -> Result<Response, WebError> {
    let note = error.or_else(|| Some("Chưa vào sổ; hãy sửa các ô được đánh dấu.".into()));
    Ok(unprocessable(
        build(s, me, code, Vec::new(), (note, errors, typed)).await?,
    ))
}

/// Starts a draft from a template: `mau`, `trich_yeu`.
pub async fn draft(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let Some(&(template, _, kind)) = TEMPLATES.iter().find(|t| t.0 == field(&pairs, "mau")) else {
        return again(
            &s,
            &me,
            &org.code,
            (Some("Chọn mẫu văn bản.".into()), Errors::new(), pairs),
        )
        .await;
    };
    let typed = field(&pairs, "trich_yeu").trim().to_string();
    let draft = if template == "report" {
        let f = super::political::facts(&s.db, &org.code, s.today()).await?;
        let (subject, body) = reports::documents::political::political_report(&f);
        Draft {
            org: org.code.clone(),
            kind: kind.into(),
            template: Some(template.into()),
            subject,
            body,
            signer: None,
            signer_title: Some(signature_titles(org.kind, false, false).join("\n")),
            recipients: recipient_lines(&["Các đồng chí đảng viên".into()], "Văn phòng"),
            congress: None,
        }
    } else if template == "resolution" {
        match super::resolution::draft_for(&s, &org).await? {
            Some(d) => d,
            None => {
                let m = format!("{} chưa có đại hội nào để soạn nghị quyết.", org.name);
                return again(&s, &me, &org.code, (Some(m), Errors::new(), pairs)).await;
            }
        }
    } else {
        if typed.is_empty() {
            let mut errors = Errors::new();
            errors.insert("trich_yeu", "cần ghi trích yếu của văn bản".into());
            return again(&s, &me, &org.code, (None, errors, pairs)).await;
        }
        let body = match template {
            "decision" => templates::decision(&org.name, &typed),
            "plan" => templates::plan(&org.name, &typed),
            _ => templates::notice(&org.name, None, None, &[]),
        };
        Draft {
            org: org.code.clone(),
            kind: kind.into(),
            template: Some(template.into()),
            subject: typed,
            body,
            signer: None,
            signer_title: Some(signature_titles(org.kind, false, false).join("\n")),
            recipients: recipient_lines(&[], "Văn phòng"),
            congress: None,
        }
    };
    let id = s.db.draft_document(&me.actor, &draft).await?;
    Ok(Redirect::to(&format!("/van-ban/{id}")).into_response())
}
