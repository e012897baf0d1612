//! The cookies of the application: the session and the pre-session seed of the sign-in form,
//! read from a request and set with the attributes every cookie carries (HttpOnly,
//! SameSite=Lax, and Secure when the site is served over HTTPS, `Settings::behind_https`).

use axum::http::{HeaderMap, HeaderValue, header};

use crate::state::Settings;

/// The session's token (only its hash is stored, `db::token_hash`).
pub const SESSION_COOKIE: &str = "dangvu_session";
/// A random seed given to a browser before it signs in: the sign-in form's CSRF token is
/// derived from it (`csrf::form_token`), and it is renewed at each sign-in.
pub const PRESESSION_COOKIE: &str = "dangvu_pre";

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Adds a `Set-Cookie` to a response's headers: `max_age` in seconds (`Some(0)` removes the
/// cookie, `None` keeps it for the browser's session).
pub fn set_cookie(
    headers: &mut HeaderMap,
    settings: &Settings,
    name: &str,
    value: &str,
    max_age: Option<i64>,
) {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if settings.behind_https {
        c.push_str("; Secure");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        headers.append(header::SET_COOKIE, v);
    }
}
