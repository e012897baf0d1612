//! Who is asking: the session cookie (pages) or a bearer token (API) becomes a `CurrentUser`
//! with the user's grants and the form token of the session (`csrf`); and the subtree check
//! every route calls.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use domain::accounts::access::{Action, Grant, may};

use crate::cookies::{SESSION_COOKIE, cookie};
use crate::error::WebError;
use crate::state::{AppState, Settings};

pub use crate::csrf::check_csrf;

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub username: String,
    pub grants: Vec<Grant>,
    /// The CSRF token the user's forms must send back, bound to the session
    /// (`csrf::form_token`).
    pub csrf: String,
    pub actor: db::Actor,
    /// Signed in with a personal access token (scripts), not a browser session.
    pub by_token: bool,
    /// The party member a `member` account stands for: such a user has no grants and sees
    /// only `/ca-nhan` and what it links to.
    pub person_id: Option<i32>,
    /// The session's token (browser sign-ins): what a password change keeps signed in.
    pub session: Option<String>,
    /// The text size chosen on the member's page or the portal (0–2, a cookie), which every
    /// page the user opens keeps.
    pub text_size: u8,
}

/// The pages a user who must change a handed-out password (or set up one-time codes) may
/// still open.
const BEFORE_PASSWORD_CHANGE: [&str; 4] = [
    "/doi-mat-khau",
    "/dang-xuat",
    "/static/style.css",
    "/tai-khoan/ma-xac-thuc",
];

/// A fresh random token (two v4 UUIDs: 244 random bits), for pre-session seeds and job ids.
pub fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The address a request comes from, as sign-in throttling counts it: the socket's address
/// (axum's `ConnectInfo`), or behind a trusted proxy (`Settings::trust_proxy`) the last
/// entry of `X-Forwarded-For`, the one that proxy added; a client can write the earlier ones
/// itself. `-` when neither is known (requests made in process).
pub fn client_address(parts: &Parts, settings: &Settings) -> String {
    let forwarded = settings
        .trust_proxy
        .then(|| {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|a| !a.is_empty())
                .map(str::to_string)
        })
        .flatten();
    forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "-".into())
}

/// The address of a request ([`client_address`]), as an extractor.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(parts, &state.settings)))
    }
}

impl CurrentUser {
    pub fn can_read(&self, path: &str) -> bool {
        may(&self.grants, path, Action::Read)
    }

    pub fn can(&self, path: &str, action: Action) -> bool {
        may(&self.grants, path, action)
    }

    /// Refuses (as "not found", so nothing leaks) and records the attempt in the audit log
    /// when the user may not read an organization at `path`.
    pub async fn require(
        &self,
        db: &db::Db,
        path: &str,
        action: Action,
        entity: &str,
        id: &str,
    ) -> Result<(), WebError> {
        if self.can(path, action) {
            return Ok(());
        }
        db.audit_denied(&self.actor, entity, id, &format!("{action:?}"))
            .await?;
        Err(WebError::NotFound)
    }

    /// The codes of the organizations at the top of the user's rights (their grants).
    pub async fn root_codes(&self, db: &db::Db) -> Result<Vec<String>, WebError> {
        let mut codes = Vec::new();
        for g in &self.grants {
            if self
                .grants
                .iter()
                .any(|o| o.org_path != g.org_path && g.org_path.starts_with(&o.org_path))
            {
                continue; // inside another grant's subtree
            }
            let org = db.org_by_id(g.org_id).await?;
            if !codes.contains(&org.code) {
                codes.push(org.code);
            }
        }
        Ok(codes)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let now = chrono::Utc::now().naive_utc();
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let session = cookie(&parts.headers, SESSION_COOKIE);
        let user = match (bearer, &session) {
            (Some(token), _) => state.db.api_token_user(token, now).await?,
            (None, Some(token)) => state.db.session_user(token, now).await?,
            (None, None) => None,
        };
        let user = user.ok_or(WebError::SignIn)?;
        if user.must_change_password
            && bearer.is_none()
            && !BEFORE_PASSWORD_CHANGE.contains(&parts.uri.path())
        {
            return Err(WebError::ChangePassword);
        }
        let grants = state.db.grants(user.id).await?;
        if !user.has_totp
            && bearer.is_none()
            && grants
                .iter()
                .any(|g| g.role == domain::accounts::access::Role::Admin)
            && !BEFORE_PASSWORD_CHANGE.contains(&parts.uri.path())
            && state.db.totp_required_for_admins().await?
        {
            return Err(WebError::SetUpTotp);
        }
        Ok(CurrentUser {
            actor: db::Actor(user.username.clone()),
            username: user.username,
            grants,
            csrf: crate::csrf::form_token(&parts.headers).unwrap_or_default(),
            by_token: bearer.is_some(),
            person_id: user.person_id,
            session: if bearer.is_none() { session } else { None },
            text_size: crate::portal::text_size(None, &parts.headers).0,
        })
    }
}
