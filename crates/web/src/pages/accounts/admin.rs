//! `/quan-tri/tai-khoan` (CONTRACTS.md; issue 20, item 1): the accounts an administrator
//! manages — those holding a role in the administrator's subtree — with their roles there,
//! their last sign-in and their state; and, for an account the administrator manages wholly
//! (every role of it in their subtree), disabling, enabling and signing it out everywhere.
//! Others get 404 (and an audit entry). Creating accounts, one or in bulk, granting and
//! withdrawing roles and resetting passwords are in `admin_forms`.

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
    /// Must change a handed-out password at the next sign-in.
    pub must_change: bool,
    /// Signs in with one-time codes.
    pub has_totp: bool,
    /// Every role of the account lies in the administrator's subtree: they may lock it.
    pub manageable: bool,
}

/// A password just made (a new account or a reset), shown this once.
pub struct Secret {
    pub username: String,
    pub password: String,
    pub what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/admin.html")]
pub struct AccountsPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    accounts: Vec<AccountLine>,
    /// The organizations the administrator administers, in tree order (or their code typed,
    /// for more than a list can offer).
    orgs: crate::pages::guard::OrgChoice,
    roles: Vec<(&'static str, &'static str)>,
    secret: Option<Secret>,
    message: Option<String>,
    /// The administrator of a root organization sets whether administrators need one-time
    /// codes.
    may_set_totp: bool,
    totp_required: bool,
}

pub async fn page(State(s): State<AppState>, me: CurrentUser) -> Result<AccountsPage, WebError> {
    build(&s, &me, None, None).await
}

/// The organizations the administrator administers, as they stand today.
pub(crate) async fn administered_orgs(
    s: &AppState,
    me: &CurrentUser,
) -> Result<Vec<(String, String)>, WebError> {
    crate::pages::guard::orgs_where(s, me, s.today(), Action::Administer).await
}

/// The page, with a password just made or a refusal on top.
pub(crate) async fn build(
    s: &AppState,
    me: &CurrentUser,
    secret: Option<Secret>,
    message: Option<String>,
) -> Result<AccountsPage, WebError> {
    let scopes = access::scopes(&me.grants, Action::Administer);
    if scopes.is_empty() {
        s.db.audit_denied(&me.actor, "app_user", "*", "Administer")
            .await?;
        return Err(WebError::NotFound);
    }
    let orgs = crate::pages::guard::OrgChoice::of(administered_orgs(s, me).await?);
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
                    .chain(l.member.iter().map(|m| {
                        format!(
                            "Đảng viên {} — {} ({})",
                            m.full_name, m.org_code, m.org_name
                        )
                    }))
                    .collect(),
                last_sign_in: last
                    .get(&l.user.username)
                    .map(|t| domain::text::format_datetime_vn(*t))
                    .unwrap_or_else(|| "chưa đăng nhập".to_string()),
                disabled: l.user.disabled,
                must_change: l.user.must_change_password,
                has_totp: l.user.has_totp,
                manageable: wholly_managed(&l, &scopes, me),
                username: l.user.username,
            })
            .collect();
    Ok(AccountsPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        accounts,
        orgs,
        roles: access::Role::ALL
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect(),
        secret,
        message,
        may_set_totp: crate::pages::menu::may_read_audit(me),
        totp_required: s.db.totp_required_for_admins().await?,
    })
}

/// Whether every role of the account lies in the administrator's `scopes` (and it is not the
/// administrator's own): what they may lock, unlock, reset or sign out. A member's account lies
/// where the member belongs.
pub(crate) fn wholly_managed(
    l: &db::UserListing,
    scopes: &[access::ReadScope],
    me: &CurrentUser,
) -> bool {
    l.user.username != me.username
        && l.grants
            .iter()
            .all(|g| scopes.iter().any(|sc| sc.contains(&g.org_path)))
        && l.member
            .as_ref()
            .is_none_or(|m| scopes.iter().any(|sc| sc.contains(&m.org_path)))
}

/// The account named `username` if the administrator manages it wholly; 404 (audited)
/// otherwise.
pub(crate) async fn managed_account(
    s: &AppState,
    me: &CurrentUser,
    username: &str,
) -> Result<db::UserListing, WebError> {
    let scopes = access::scopes(&me.grants, Action::Administer);
    let target =
        s.db.list_users(Some(&scopes))
            .await?
            .into_iter()
            .find(|l| l.user.username == username.trim());
    match target {
        Some(l) if !scopes.is_empty() && wholly_managed(&l, &scopes, me) => Ok(l),
        _ => {
            s.db.audit_denied(&me.actor, "app_user", username.trim(), "Administer")
                .await?;
            Err(WebError::NotFound)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Act {
    csrf: String,
    username: String,
    /// `khoa` (disable), `mo-khoa` (enable), `dang-xuat` (sign out everywhere) or `dat-lai`
    /// (a new password, shown once, to be changed at the next sign-in).
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
    managed_account(&s, &me, &f.username).await?;
    let name = f.username.trim();
    match f.action.as_str() {
        "khoa" => s.db.set_disabled(&me.actor, name, true).await?,
        "mo-khoa" => s.db.set_disabled(&me.actor, name, false).await?,
        "dang-xuat" => {
            s.db.sign_out_everywhere(&me.actor, name).await?;
        }
        "tat-ma" => {
            let id = s.db.user_id_by_name(name).await?;
            let now = chrono::Utc::now().naive_utc();
            s.db.disable_totp(&me.actor, id, None, now).await?;
        }
        "dat-lai" => {
            let password = db::generate_password()?;
            s.db.reset_password(&me.actor, name, &password, true)
                .await?;
            let secret = Secret {
                username: name.to_string(),
                password,
                what: "Đã đặt lại mật khẩu; mọi phiên đăng nhập của tài khoản đã kết thúc".into(),
            };
            return Ok(build(&s, &me, Some(secret), None).await?.into_response());
        }
        other => {
            return Err(WebError::BadInput(format!(
                "Thao tác '{}' không có (khoa, mo-khoa, dang-xuat, dat-lai hoặc tat-ma).",
                domain::text::excerpt(other)
            )));
        }
    }
    Ok(Redirect::to("/quan-tri/tai-khoan").into_response())
}
