//! What the signed-in user is offered: the main menu and the action links of pages, each
//! decided by the same function that guards its route, so that no link leads to a refusal
//! (a 403 or a 404). A route refuses with `require_*`; a page offers the link when `may_*`
//! says yes; both call the one predicate here.

use domain::accounts::access::Action;

use crate::auth::CurrentUser;

/// The user as the page header shows them: the name, the menu and the account link.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub name: String,
    /// (href, label) of the main menu: only the daily work the user may open.
    pub links: Vec<(&'static str, &'static str)>,
    /// Where the user's name leads: their account page (a member's: changing the password).
    pub account_href: &'static str,
    /// The chosen text size (`size-N` on the page's body; 0 the usual).
    pub size: u8,
}

/// A `member` account: one party member with no grant, who sees only their own page.
pub fn is_member_only(me: &CurrentUser) -> bool {
    me.grants.is_empty() && me.person_id.is_some()
}

impl Viewer {
    pub fn of(me: &CurrentUser) -> Self {
        if is_member_only(me) {
            return Self {
                name: me.username.clone(),
                links: vec![
                    ("/ca-nhan", "Trang của tôi"),
                    ("/doi-mat-khau", "Đổi mật khẩu"),
                ],
                account_href: "/doi-mat-khau",
                size: me.text_size,
            };
        }
        let mut links = vec![
            ("/", "Tổng quan"),
            ("/to-chuc", "Cây tổ chức"),
            ("/kiem-tra-so-lieu", "Kiểm tra số liệu"),
        ];
        if may_read_audit(me) {
            links.push(("/nhat-ky", "Nhật ký"));
        }
        if !domain::accounts::access::scopes(&me.grants, Action::Write).is_empty() {
            links.push(("/goi-ket-qua", "Gói kết quả"));
        }
        if may_administer(me) {
            links.push(("/quan-tri/tai-khoan", "Tài khoản"));
        }
        if me.person_id.is_some() {
            links.push(("/ca-nhan", "Trang của tôi"));
        }
        Self {
            name: me.username.clone(),
            links,
            account_href: "/tai-khoan/token",
            size: me.text_size,
        }
    }
}

impl std::fmt::Display for Viewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// The audit log is for the administrators of a root organization (a grant whose path has
/// one segment): it holds every subtree's changes.
pub fn may_read_audit(me: &CurrentUser) -> bool {
    me.grants
        .iter()
        .any(|g| g.org_path.matches('/').count() == 2 && me.can(&g.org_path, Action::Administer))
}

/// Splitting an organization writes in it and in its parent (the new organization is created
/// there): the user must be able to write in both.
pub fn may_split(me: &CurrentUser, org: &db::OrgRow, parent: Option<&db::OrgRow>) -> bool {
    me.can(&org.path, Action::Write) && parent.is_none_or(|p| me.can(&p.path, Action::Write))
}

/// [`may_split`] with the parent looked up: what the organization and edit pages offer.
pub async fn may_split_org(
    s: &crate::state::AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
) -> Result<bool, crate::error::WebError> {
    let parent = match org.parent_id {
        Some(pid) => Some(s.db.org_by_id(pid).await?),
        None => None,
    };
    Ok(may_split(me, org, parent.as_ref()))
}

/// Whether the user administers some subtree (the accounts page, `pages::accounts::admin`).
pub fn may_administer(me: &CurrentUser) -> bool {
    !domain::accounts::access::scopes(&me.grants, Action::Administer).is_empty()
}
