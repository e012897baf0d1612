//! `/quan-tri/tai-khoan` (CONTRACTS.md; issue 20, item 1): the accounts an administrator
//! manages — those holding a role in the administrator's subtree — with their roles there,
//! their last sign-in and their state. Others get 404 (and an audit entry). The changes are
//! made with `dangvu user …` for now.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use domain::accounts::access::{self, Action};

use crate::auth::CurrentUser;
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
                username: l.user.username,
            })
            .collect();
    Ok(AccountsPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        accounts,
    })
}
