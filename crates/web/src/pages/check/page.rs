//! `GET/POST /kiem-tra-so-lieu`: the form (a text area and an optional .txt file) and the
//! text checked, its findings highlighted and listed. Sent as multipart so that a long text is
//! not tripled by URL encoding; the text is refused above [`TEXT_LIMIT`] and a file that is
//! not UTF-8 is refused with how to save it as UTF-8 — both in Vietnamese, beside the field.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Multipart;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::check::{Report, check};

use super::{highlighted, mark_class};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;

/// The longest text checked: 2 MB, some 700 pages.
pub const TEXT_LIMIT: usize = 2 * 1024 * 1024;
/// The largest request the route reads: the text, or a file of the same size, and the form.
pub const BODY_LIMIT: usize = TEXT_LIMIT + 64 * 1024;

/// One finding as the page lists it.
pub struct Line {
    pub number: usize,
    pub line: usize,
    pub class: &'static str,
    pub label: &'static str,
    pub quote: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "check/page.html")]
pub struct CheckPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    /// What was typed, kept in the text area.
    text: String,
    /// Why the text was refused, beside the field.
    error: Option<String>,
    /// The text with its findings marked (escaped HTML), once checked.
    marked: Option<String>,
    lines: Vec<Line>,
    summary: Option<domain::check::Summary>,
    limit_mb: usize,
}

fn page(
    me: &CurrentUser,
    text: String,
    error: Option<String>,
    report: Option<&Report>,
) -> CheckPage {
    let lines = report
        .map(|r| {
            r.findings
                .iter()
                .enumerate()
                .map(|(i, f)| Line {
                    number: i + 1,
                    line: f.line,
                    class: mark_class(f.severity),
                    label: f.severity.label(),
                    quote: f.quote.clone(),
                    message: f.message.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    CheckPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        text,
        error,
        marked: report.map(|r| highlighted(&r.text, &r.findings)),
        lines,
        summary: report.map(|r| r.summary),
        limit_mb: TEXT_LIMIT / (1024 * 1024),
    }
}

pub async fn form(me: CurrentUser) -> CheckPage {
    page(&me, String::new(), None, None)
}

/// The form's fields: the token, the pasted text, and the file if one was chosen.
#[derive(Default)]
struct Sent {
    csrf: String,
    text: String,
    file: Option<Vec<u8>>,
}

async fn read(mut m: Multipart) -> Result<Sent, axum::extract::multipart::MultipartError> {
    let mut sent = Sent::default();
    while let Some(field) = m.next_field().await? {
        match field.name() {
            Some("csrf") => sent.csrf = field.text().await?,
            Some("text") => sent.text = field.text().await?,
            Some("file") => {
                let bytes = field.bytes().await?;
                if !bytes.is_empty() {
                    sent.file = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    Ok(sent)
}

fn too_long() -> String {
    format!(
        "Văn bản quá dài: chỉ kiểm tra được văn bản đến {} MB (khoảng 700 trang). Hãy chia văn bản thành nhiều phần rồi kiểm tra từng phần.",
        TEXT_LIMIT / (1024 * 1024)
    )
}

/// The text to check: the file's when one was sent (refused unless UTF-8), else the pasted
/// text; refused above the limit.
fn text_of(sent: Sent) -> Result<String, (String, String)> {
    let text = match sent.file {
        Some(bytes) => String::from_utf8(bytes).map_err(|_| {
            (
                sent.text.clone(),
                "Tệp không phải văn bản UTF-8 (có thể được lưu theo bảng mã cũ như Windows-1258, TCVN3 hoặc VNI). Hãy mở tệp và lưu lại theo bảng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8; chữ gõ bằng phông TCVN3/VNI thì chuyển mã sang Unicode trước, ví dụ bằng Unikey), hoặc dán nội dung vào ô văn bản.".to_string(),
            )
        })?,
        None => sent.text,
    };
    if text.len() > TEXT_LIMIT {
        return Err((String::new(), too_long()));
    }
    if text.trim().is_empty() {
        return Err((
            text,
            "Hãy dán văn bản cần kiểm tra, hoặc chọn một tệp .txt.".into(),
        ));
    }
    Ok(text)
}

pub async fn submit(
    me: CurrentUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let sent = match read(multipart).await {
        Ok(sent) => sent,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let p = page(&me, String::new(), Some(too_long()), None);
            return Ok((StatusCode::PAYLOAD_TOO_LARGE, p).into_response());
        }
        Err(_) => return Err(WebError::BadForm),
    };
    check_csrf(&headers, &sent.csrf)?;
    let text = match text_of(sent) {
        Ok(t) => t,
        Err((kept, message)) => {
            let status = if kept.is_empty() && message.starts_with("Văn bản quá dài") {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return Ok((status, page(&me, kept, Some(message), None)).into_response());
        }
    };
    let report = tokio::task::spawn_blocking(move || check(&text))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let kept = report.text.clone();
    Ok(page(&me, kept, None, Some(&report)).into_response())
}
