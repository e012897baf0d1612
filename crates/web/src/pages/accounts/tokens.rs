//! The signed-in user's personal access tokens for the JSON API: the list (names and when
//! they were last used, never the tokens), a new token shown once, and revoking one.
//! Tokens act with the user's own rights.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::Errors;
use crate::state::AppState;

pub struct TokenLine {
    pub id: i32,
    pub name: String,
    pub created: String,
    pub last_used: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/tokens.html")]
pub struct TokensPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    tokens: Vec<TokenLine>,
    name: String,
    errors: Errors,
    /// The token just created, shown this once.
    secret: Option<String>,
    secret_name: String,
}

/// A UTC time as Vietnam reads it (UTC+7): `08:15 22/11/2026`.
fn vn(t: chrono::NaiveDateTime) -> String {
    (t + chrono::Duration::hours(7))
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

async fn page(
    s: &AppState,
    me: &CurrentUser,
    name: String,
    errors: Errors,
    secret: Option<(String, String)>,
) -> Result<TokensPage, WebError> {
    let uid = s.db.user_id_by_name(&me.username).await?;
    let tokens =
        s.db.api_tokens(uid)
            .await?
            .into_iter()
            .map(|t| TokenLine {
                id: t.id,
                name: t.name,
                created: vn(t.created_at),
                last_used: t.last_used_at.map(vn).unwrap_or_else(|| "chưa dùng".into()),
            })
            .collect();
    let (secret_name, secret) = match secret {
        Some((n, t)) => (n, Some(t)),
        None => (String::new(), None),
    };
    Ok(TokensPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        tokens,
        name,
        errors,
        secret,
        secret_name,
    })
}

pub async fn list(State(s): State<AppState>, me: CurrentUser) -> Result<TokensPage, WebError> {
    page(&s, &me, String::new(), Errors::new(), None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewToken {
    csrf: String,
    name: String,
}

pub async fn create(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<NewToken>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let uid = s.db.user_id_by_name(&me.username).await?;
    match s.db.create_api_token(&me.actor, uid, &f.name).await {
        Ok(token) => {
            let label = domain::text::normalize(&f.name);
            let p = page(&s, &me, String::new(), Errors::new(), Some((label, token))).await?;
            Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], p).into_response())
        }
        Err(e) if e.is_bad_input() => {
            let mut errors = Errors::new();
            errors.insert("name", e.to_string());
            let p = page(&s, &me, f.name, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Revoke {
    csrf: String,
}

pub async fn revoke(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
    Form(f): Form<Revoke>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let uid = s.db.user_id_by_name(&me.username).await?;
    s.db.revoke_api_token(&me.actor, uid, id).await?;
    Ok(Redirect::to("/tai-khoan/token").into_response())
}
