//! Vietnamese answers where the framework would answer in English plain text: an unknown
//! address (404), a method a route does not take (405), a body too large (413) or of a type
//! not taken (415), a form that cannot be read (422), a malformed address or query (400). Each
//! becomes the site's error page, or the API's JSON error under `/api/`.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::WebError;

/// The middleware: the framework's own refusals (plain text, or no body at all) rewritten.
pub async fn vietnamese(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let method = req.method().clone();
    let resp = next.run(req).await;
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !plain {
        return resp;
    }
    let e = match resp.status() {
        StatusCode::NOT_FOUND => WebError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => WebError::MethodNotAllowed(method.to_string()),
        StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => WebError::Unsupported(
            "Kiểu nội dung gửi lên (Content-Type) không được hỗ trợ ở địa chỉ này.".into(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY => WebError::BadForm,
        StatusCode::BAD_REQUEST => WebError::BadRequest,
        _ => return resp,
    };
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut out = e.answer(api);
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}
