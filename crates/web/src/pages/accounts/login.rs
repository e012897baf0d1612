//! Sign-in and sign-out: a Vietnamese form, Argon2id-checked passwords, throttling per
//! (account, address) after repeated failures (`domain::accounts::throttle`), a session
//! cookie (HttpOnly, SameSite=Lax) stored in our own database. The sign-in form's CSRF token
//! comes from a pre-session seed, renewed at sign-in (`csrf::form_token`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{ClientAddress, check_csrf, random_token};
use crate::cookies::{PRESESSION_COOKIE, SESSION_COOKIE, cookie, set_cookie};
use crate::csrf::{form_token, presession_token};
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

fn login_page(csrf: String, message: Option<String>, username: String) -> LoginPage {
    LoginPage {
        user: None,
        csrf,
        message,
        username,
    }
}

/// The sign-in form, with the token of the browser's pre-session seed (set here when the
/// browser has none) or of the session it still holds.
pub async fn form(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(csrf) = form_token(&headers) {
        return login_page(csrf, None, String::new()).into_response();
    }
    let seed = random_token();
    let mut resp = login_page(presession_token(&seed), None, String::new()).into_response();
    set_cookie(
        resp.headers_mut(),
        &s.settings,
        PRESESSION_COOKIE,
        &seed,
        None,
    );
    resp
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    /// The one-time code, for an account that has them.
    #[serde(default)]
    code: String,
}

pub async fn submit(
    State(s): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let now = chrono::Utc::now().naive_utc();
    let again = |message: String| login_page(f.csrf.clone(), Some(message), f.username.clone());
    let user = match s
        .db
        .verify_sign_in(
            &f.username,
            &f.password,
            Some(f.code.trim()).filter(|c| !c.is_empty()),
            &address,
            now,
        )
        .await
    {
        Ok(Some(u)) => u,
        Ok(None) => {
            return Ok((
                axum::http::StatusCode::UNAUTHORIZED,
                // The form's code field says when a code is needed; one message for every
                // failure, so nothing tells which part was wrong.
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
    let h = resp.headers_mut();
    set_cookie(
        h,
        &s.settings,
        SESSION_COOKIE,
        &token,
        Some(SESSION_HOURS * 3600),
    );
    // A new seed: no token shown before sign-in is worth anything after it.
    set_cookie(h, &s.settings, PRESESSION_COOKIE, &random_token(), None);
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
    set_cookie(resp.headers_mut(), &s.settings, SESSION_COOKIE, "", Some(0));
    Ok(resp)
}
