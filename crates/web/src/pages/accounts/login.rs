//! Sign-in and sign-out: a Vietnamese form, Argon2id-checked passwords, throttling per
//! (account, address) after repeated failures (`domain::accounts::throttle`), a session
//! cookie (HttpOnly, SameSite=Lax) stored in our own database.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{CSRF_COOKIE, ClientAddress, SESSION_COOKIE, check_csrf, cookie, random_token};
use crate::error::WebError;
use crate::state::AppState;

/// How long a session lasts without signing in again.
const SESSION_HOURS: i64 = 12;

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    message: Option<String>,
    username: String,
}

fn with_csrf_cookie(page: LoginPage, fresh: bool) -> Response {
    let token = page.csrf.clone();
    let mut resp = page.into_response();
    if fresh
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
        ))
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

pub async fn form(headers: HeaderMap) -> Response {
    let existing = cookie(&headers, CSRF_COOKIE).filter(|c| c.len() >= 32);
    let fresh = existing.is_none();
    let csrf = existing.unwrap_or_else(random_token);
    with_csrf_cookie(
        LoginPage {
            user: None,
            csrf,
            message: None,
            username: String::new(),
        },
        fresh,
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
}

pub async fn submit(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let now = chrono::Utc::now().naive_utc();
    let again = |message: String| {
        with_csrf_cookie(
            LoginPage {
                user: None,
                csrf: f.csrf.clone(),
                message: Some(message),
                username: f.username.clone(),
            },
            false,
        )
    };
    let user = match s
        .db
        .verify_login(&f.username, &f.password, &address, now)
        .await
    {
        Ok(Some(u)) => u,
        Ok(None) => {
            return Ok((
                axum::http::StatusCode::UNAUTHORIZED,
                again("Tên đăng nhập hoặc mật khẩu không đúng.".into()),
            )
                .into_response());
        }
        Err(e @ db::DbError::Throttled { .. }) => {
            return Ok((
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                again(e.to_string()),
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let token =
        s.db.create_session(user.id, now, chrono::Duration::hours(SESSION_HOURS))
            .await?;
    let mut resp = Redirect::to("/").into_response();
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        SESSION_HOURS * 3600
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct SignOutForm {
    csrf: String,
}

pub async fn sign_out(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        s.db.delete_session(&token).await?;
    }
    let mut resp = Redirect::to("/dang-nhap").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("dangvu_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(resp)
}
