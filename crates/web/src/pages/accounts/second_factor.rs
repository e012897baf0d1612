//! `/tai-khoan/ma-xac-thuc`: one-time codes for the signed-in user's account (TOTP, RFC 6238).
//! Turning them on shows a new secret as a QR code and as text for an authenticator app, and
//! asks for the first code the app shows; turning them off asks for a current code. When the
//! setting requires them of administrators, an administrator without them is sent here first.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::totp;
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "accounts/second_factor.html")]
pub struct SecondFactorPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    enabled: bool,
    /// The administrators' setting requires it of this account.
    required: bool,
    /// A new secret to set up (base32) and its QR code (SVG).
    secret: String,
    qr: String,
    message: Option<String>,
}

/// A new random secret, base32.
fn new_secret() -> String {
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.truncate(totp::SECRET_BYTES);
    totp::encode_secret(&bytes)
}

/// The QR code of the `otpauth://` address, as an SVG picture.
fn qr_svg(secret: &str, account: &str) -> String {
    let Ok(url) = totp::otpauth_url(secret, account) else {
        return String::new();
    };
    qrcode::QrCode::new(url.as_bytes())
        .map(|c| {
            c.render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    secret: Option<String>,
    message: Option<String>,
) -> Result<SecondFactorPage, WebError> {
    let id = s.db.user_id_by_name(&me.username).await?;
    let enabled = s.db.user_by_id(id).await?.is_some_and(|u| u.has_totp);
    let required = me
        .grants
        .iter()
        .any(|g| g.role == domain::accounts::access::Role::Admin)
        && s.db.totp_required_for_admins().await?;
    let secret = if enabled {
        String::new()
    } else {
        secret.unwrap_or_else(new_secret)
    };
    Ok(SecondFactorPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        qr: if enabled {
            String::new()
        } else {
            qr_svg(&secret, &me.username)
        },
        enabled,
        required,
        secret,
        message,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
) -> Result<SecondFactorPage, WebError> {
    build(&s, &me, None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    csrf: String,
    secret: String,
    code: String,
    /// `bat` (turn on) or `tat` (turn off).
    action: String,
}

pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let id = s.db.user_id_by_name(&me.username).await?;
    let now = chrono::Utc::now().naive_utc();
    let done = if f.action == "tat" {
        s.db.disable_totp(&me.actor, id, Some(&f.code), now).await
    } else {
        s.db.enable_totp(id, &f.secret, &f.code, now).await
    };
    match done {
        Ok(()) => Ok(Redirect::to("/tai-khoan/ma-xac-thuc").into_response()),
        Err(e) if e.is_bad_input() => {
            let msg = format!(
                "{}. Không có gì thay đổi.",
                crate::pages::form::sentence(&e.to_string())
            );
            let keep = (f.action != "tat").then_some(f.secret);
            let page = build(&s, &me, keep, Some(msg)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
