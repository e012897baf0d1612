//! Cross-site request forgery, refused twice on every request that changes something (POST,
//! PUT, PATCH, DELETE): the request must come from the site's own pages (`Origin`, else
//! `Referer`, names this host), and it must carry the form token bound to the browser's
//! session (a hash of the session's token; before sign-in, of a pre-session seed renewed at
//! sign-in). Requests signed with an API token (`Authorization: Bearer`) carry no ambient
//! credential and pass; the refusal is a Vietnamese 403 (JSON under `/api/`), and nothing runs.

use std::collections::VecDeque;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use blake2::{Blake2b256, Digest};
use futures_util::StreamExt;

use crate::cookies::{PRESESSION_COOKIE, SESSION_COOKIE, cookie};
use crate::error::WebError;
use crate::state::{AppState, Settings};

/// The largest form body read to find its token (axum's own default for forms).
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;
/// How far into a file upload (multipart) the token must come: the forms put it first.
const MULTIPART_PREFIX: usize = 64 * 1024;
/// The form field that carries the token, and the header scripts may send it in instead.
pub const FIELD: &str = "csrf";
const HEADER: &str = "x-csrf-token";

/// The token a form of this browser must send back: derived from the session cookie when
/// there is one, else from the pre-session seed; `None` without either.
pub fn form_token(headers: &HeaderMap) -> Option<String> {
    if let Some(session) = cookie(headers, SESSION_COOKIE).filter(|s| !s.is_empty()) {
        return Some(derive("session", &session));
    }
    cookie(headers, PRESESSION_COOKIE)
        .filter(|seed| seed.len() >= 32)
        .map(|seed| derive("pre-session", &seed))
}

/// The token of a pre-session seed (the sign-in form sets the seed and shows this).
pub fn presession_token(seed: &str) -> String {
    derive("pre-session", seed)
}

/// A hash of the secret, so that the token changes with the session and tells nothing of it.
fn derive(kind: &str, secret: &str) -> String {
    let mut h = Blake2b256::new();
    h.update(b"dangvu csrf v1\0");
    h.update(kind.as_bytes());
    h.update(b"\0");
    h.update(secret.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time that does not depend on where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks a submitted form's token against the one bound to the request's session.
pub fn check_csrf(headers: &HeaderMap, submitted: &str) -> Result<(), WebError> {
    match form_token(headers) {
        Some(t) if same(&t, submitted) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

fn changes_state(m: &Method) -> bool {
    [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(m)
}

/// Signed with an API token: the user is the token's (`auth::CurrentUser` never falls back
/// to the cookie when the header is there), and no other site can make a browser send it.
fn bearer(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
}

/// The middleware: the origin, then the token; a refusal answers before any handler runs.
pub async fn guard_writes(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if !changes_state(req.method()) || bearer(req.headers()) {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    let checked = if same_origin(req.headers(), req.uri(), &s.settings) {
        with_token(req).await
    } else {
        Err(WebError::ForeignOrigin)
    };
    match checked {
        Ok(req) => next.run(req).await,
        Err(e) => e.answer(api),
    }
}

/// `scheme://host[:port]` of an `Origin` or `Referer`, lower case, without a default port.
fn origin_of(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some((scheme.to_ascii_lowercase(), bare_host(authority)))
}

fn bare_host(authority: &str) -> String {
    let a = authority.trim().to_ascii_lowercase();
    match a.strip_suffix(":80").or_else(|| a.strip_suffix(":443")) {
        Some(h) => h.to_string(),
        None => a,
    }
}

/// The host this request was sent to: `Host` (or the URI's authority, HTTP/2), or behind a
/// trusted proxy the `X-Forwarded-Host` it sets.
fn own_host(headers: &HeaderMap, uri: &Uri, settings: &Settings) -> Option<String> {
    let header_value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::to_string)
    };
    settings
        .trust_proxy
        .then(|| header_value("x-forwarded-host"))
        .flatten()
        .or_else(|| header_value("host"))
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .map(|h| bare_host(&h))
        .filter(|h| !h.is_empty())
}

/// The request names this site as where it comes from: `Origin` (a browser sends it with
/// every POST; "null" says nothing), else `Referer`. Neither, or another site: refused.
fn same_origin(headers: &HeaderMap, uri: &Uri, settings: &Settings) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let source = text(header::ORIGIN)
        .filter(|o| !o.trim().eq_ignore_ascii_case("null"))
        .or_else(|| text(header::REFERER))
        .and_then(origin_of);
    match (source, own_host(headers, uri, settings)) {
        (Some((scheme, host)), Some(own)) => {
            host == own && (scheme == "https" || (scheme == "http" && !settings.behind_https))
        }
        _ => false,
    }
}

/// The request again, once the token it carries (header, form field or the first fields of
/// an upload) is the one bound to its session.
async fn with_token(req: Request) -> Result<Request, WebError> {
    let expected = form_token(req.headers()).ok_or(WebError::Csrf)?;
    if let Some(sent) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(sent, &expected) {
            Ok(req)
        } else {
            Err(WebError::Csrf)
        };
    }
    let (parts, body) = req.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (body, sent) = if content_type.starts_with("application/x-www-form-urlencoded") {
        form_body(&parts.headers, body).await?
    } else if let Some(boundary) = content_type
        .starts_with("multipart/form-data")
        .then(|| boundary(&content_type))
        .flatten()
    {
        upload_body(body, &boundary).await
    } else {
        return Err(WebError::Csrf);
    };
    match sent {
        Some(t) if same(&t, &expected) => Ok(Request::from_parts(parts, body)),
        _ => Err(WebError::Csrf),
    }
}

/// A urlencoded body read whole (up to [`FORM_LIMIT`], else 413), and its token.
async fn form_body(headers: &HeaderMap, body: Body) -> Result<(Body, Option<String>), WebError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > FORM_LIMIT) {
        return Err(WebError::TooLarge);
    }
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| WebError::TooLarge)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let sent = pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v);
    Ok((Body::from(bytes), sent))
}

/// The `boundary` parameter of a multipart content type.
fn boundary(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

/// An upload's first chunks, read until its token field is whole (within
/// [`MULTIPART_PREFIX`]); the body handed on is those chunks, then the rest as it comes, so
/// the route's own size limit still applies.
async fn upload_body(body: Body, boundary: &str) -> (Body, Option<String>) {
    let mut stream = body.into_data_stream();
    let mut read: VecDeque<Bytes> = VecDeque::new();
    let mut seen = Vec::new();
    let mut sent = None;
    while seen.len() < MULTIPART_PREFIX {
        match stream.next().await {
            Some(Ok(chunk)) => {
                let room = MULTIPART_PREFIX - seen.len();
                seen.extend_from_slice(&chunk[..chunk.len().min(room)]);
                read.push_back(chunk);
            }
            Some(Err(_)) | None => break,
        }
        sent = multipart_field(&seen, boundary, FIELD);
        if sent.is_some() {
            break;
        }
    }
    let head = futures_util::stream::iter(read.into_iter().map(Ok::<_, axum::Error>));
    (Body::from_stream(head.chain(stream)), sent)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The value of the text field `name` among the complete parts at the start of a multipart
/// body (a part is complete once the next boundary has arrived).
fn multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let mut rest = &body[find(body, delimiter.as_bytes())? + delimiter.len()..];
    while let Some(end) = find(rest, delimiter.as_bytes()) {
        let part = rest[..end].strip_prefix(b"\r\n")?;
        let split = find(part, b"\r\n\r\n")?;
        let value = &part[split + 4..];
        let value = value.strip_suffix(b"\r\n").unwrap_or(value);
        if part_name(&part[..split]).as_deref() == Some(name) {
            return String::from_utf8(value.to_vec()).ok();
        }
        rest = &rest[end + delimiter.len()..];
    }
    None
}

/// The `name` of a part, from its `Content-Disposition` header.
fn part_name(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head);
    let line = head
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    line.split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("name="))
        .map(|n| n.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_field_is_found_in_the_first_complete_part_of_an_upload() {
        let body = b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
                     --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"csrf\"\r\n\r\nx";
        assert_eq!(multipart_field(body, "b", "csrf").as_deref(), Some("abc"));
        let file_first = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"csrf\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc";
        assert_eq!(
            multipart_field(file_first, "b", "csrf"),
            None,
            "not yet whole"
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=\"x y\"").as_deref(),
            Some("x y")
        );
    }

    #[test]
    fn an_origin_is_compared_by_scheme_and_host_without_default_ports() {
        assert_eq!(
            origin_of("HTTPS://Dangvu.example:443/dang-nhap?x"),
            Some(("https".into(), "dangvu.example".into()))
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080"),
            Some(("http".into(), "127.0.0.1:8080".into()))
        );
        assert_eq!(origin_of("dangvu.example"), None);
    }

    #[test]
    fn tokens_differ_by_session_and_from_the_secret() {
        let a = derive("session", "s1");
        assert_ne!(a, derive("session", "s2"));
        assert_ne!(a, derive("pre-session", "s1"));
        assert!(!a.contains("s1") && a.len() == 64);
        assert!(same(&a, &a.clone()) && !same(&a, &a[1..]));
    }
}
