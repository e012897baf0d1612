//! `/quan-tri/tai-khoan` (CONTRACTS.md; issue 20, item 1): the accounts an administrator
//! manages — those holding a role in the administrator's subtree — with their roles there,
//! their last sign-in and their state; and, for an account the administrator manages wholly
//! (every role of it in their subtree), disabling, enabling and signing it out everywhere.
//! Others get 404 (and an audit entry). Grants and passwords are changed with `dangvu user …`
//! for now.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::{self, Action};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::state::AppState;

/// One account as the administrator sees it.
pub struct AccountLine {
    pub username: String,
    /// "Bí thư — CB-SNV (Chi bộ Sở Ngoại vụ)", the roles within the administrator's subtree.
    pub roles: Vec<String>,
    /// "8:15 ngày 6/12/2026", or "chưa đăng nhập".
    pub last_sign_in: String,
    pub disabled: bool,
    /// Every role of the account lies in the administrator's subtree: they may lock it.
    pub manageable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/admin.html")]
pub struct AccountsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    accounts: Vec<AccountLine>,
}

pub async fn page(State(s): State<AppState>, me: CurrentUser) -> Result<AccountsPage, WebError> {
    let scopes = access::scopes(&me.grants, Action::Administer);
    if scopes.is_empty() {
        s.db.audit_denied(&me.actor, "app_user", "*", "Administer")
            .await?;
        return Err(WebError::NotFound);
    }
    let last = s.db.last_sign_ins().await?;
    let accounts =
        s.db.list_users(Some(&scopes))
            .await?
            .into_iter()
            .map(|l| AccountLine {
                roles: l
                    .grants
                    .iter()
                    // Only what lies in the administrator's subtree: another province's roles of
                    // the same account stay unseen.
                    .filter(|g| scopes.iter().any(|sc| sc.contains(&g.org_path)))
                    .map(|g| format!("{} — {} ({})", g.role.label(), g.org_code, g.org_name))
                    .collect(),
                last_sign_in: last
                    .get(&l.user.username)
                    .map(|t| domain::text::format_datetime_vn(*t))
                    .unwrap_or_else(|| "chưa đăng nhập".to_string()),
                disabled: l.user.disabled,
                manageable: wholly_managed(&l, &scopes, &me),
                username: l.user.username,
            })
            .collect();
    Ok(AccountsPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        accounts,
    })
}

/// Whether every role of the account lies in the administrator's `scopes` (and it is not the
/// administrator's own): what they may lock, unlock or sign out.
fn wholly_managed(l: &db::UserListing, scopes: &[access::ReadScope], me: &CurrentUser) -> bool {
    l.user.username != me.username
        && l.grants
            .iter()
            .all(|g| scopes.iter().any(|sc| sc.contains(&g.org_path)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Act {
    csrf: String,
    username: String,
    /// `khoa` (disable), `mo-khoa` (enable) or `dang-xuat` (sign out everywhere).
    action: String,
}

/// Locks, unlocks or signs out an account the administrator manages wholly; 404 otherwise.
pub async fn act(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<Act>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let scopes = access::scopes(&me.grants, Action::Administer);
    let target =
        s.db.list_users(Some(&scopes))
            .await?
            .into_iter()
            .find(|l| l.user.username == f.username.trim());
    let manageable = target
        .as_ref()
        .is_some_and(|l| wholly_managed(l, &scopes, &me));
    if scopes.is_empty() || !manageable {
        s.db.audit_denied(&me.actor, "app_user", f.username.trim(), "Administer")
            .await?;
        return Err(WebError::NotFound);
    }
    let name = f.username.trim();
    match f.action.as_str() {
        "khoa" => s.db.set_disabled(&me.actor, name, true).await?,
        "mo-khoa" => s.db.set_disabled(&me.actor, name, false).await?,
        "dang-xuat" => {
            s.db.sign_out_everywhere(&me.actor, name).await?;
        }
        other => {
            return Err(WebError::BadInput(format!(
                "Thao tác '{}' không có (khoa, mo-khoa hoặc dang-xuat).",
                domain::text::excerpt(other)
            )));
        }
    }
    Ok(Redirect::to("/quan-tri/tai-khoan").into_response())
}
