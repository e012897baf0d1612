//! A file a page hands over to save (.docx, PDF, an attachment): its headers, a name a header
//! can carry, and the rendering off the async workers. Shared by every area's downloads.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::pages::form::sentence;

pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub(crate) const PDF: &str = "application/pdf";
/// A register exported as .csv (UTF-8 with a BOM).
pub(crate) const CSV: &str = "text/csv; charset=utf-8";

/// A file to save, with its name: its bytes, or a stream of them.
pub(crate) fn download(
    name: &str,
    content_type: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", ascii_name(name)),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// The file a job made: from memory, or read from disk as it is sent (a register of millions
/// of lines is never held whole).
pub(crate) async fn job_file(f: &crate::jobs::JobFile) -> Result<Response, WebError> {
    let path = match &f.body {
        crate::jobs::FileBody::Memory(bytes) => {
            return Ok(download(&f.name, f.content_type, bytes.clone()));
        }
        crate::jobs::FileBody::Disk(path) => path,
    };
    let file = tokio::fs::File::open(&**path)
        .await
        .map_err(|e| WebError::Internal(format!("{}: {e}", path.display())))?;
    let length = file
        .metadata()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .len();
    let chunks = futures_util::stream::unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 256 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    let mut r = download(
        &f.name,
        f.content_type,
        axum::body::Body::from_stream(chunks),
    );
    r.headers_mut()
        .insert(header::CONTENT_LENGTH, header::HeaderValue::from(length));
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

/// A file name a header can carry: diacritics folded, anything but letters, digits, dots and
/// hyphens made a hyphen ("205-KH/ĐU" → "205-kh-du").
pub(crate) fn ascii_name(name: &str) -> String {
    domain::text::search_key(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Renders off the async workers: typst and the Word writer are CPU work.
pub(crate) async fn render<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, reports::DocError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::BadInput(sentence(&e.to_string())))
}

/// A party document as .docx or PDF (`ext`), rendered off the async workers and handed over
/// as `{stem}.{ext}`.
pub(crate) async fn party_document(
    doc: reports::documents::PartyDoc,
    stem: &str,
    ext: &str,
) -> Result<Response, WebError> {
    let pdf = ext == "pdf";
    let bytes = render(move || {
        let d = doc.to_document()?;
        if pdf { d.to_pdf() } else { d.to_docx() }
    })
    .await?;
    Ok(download(
        &format!("{stem}.{ext}"),
        if pdf { PDF } else { DOCX },
        bytes,
    ))
}
