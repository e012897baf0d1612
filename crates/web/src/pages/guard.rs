//! The organization a page reads or writes, once the signed-in user may: a refusal answers
//! 404 and is audited (`auth::CurrentUser::require`); a dissolved organization takes no writes.

use chrono::NaiveDate;
use domain::accounts::access::Action;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// The organization named by the path, as it stands now, once the user may read it.
pub async fn readable_org(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
) -> Result<db::OrgRow, WebError> {
    let org = s.db.org_latest(code).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    Ok(org)
}

/// The organization at `code` (latest version) if the user may write in it and it still
/// exists; otherwise 404 (with an audit entry) or the reason it cannot change.
pub async fn writable_org(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
) -> Result<db::OrgRow, WebError> {
    let org = s.db.org_latest(code).await?;
    me.require(&s.db, &org.path, Action::Write, "organization", &org.code)
        .await?;
    if org.dissolved_on.is_some() {
        return Err(WebError::BadInput(format!(
            "Tổ chức '{}' đã giải thể.",
            org.code
        )));
    }
    Ok(org)
}

/// The organizations, as they stand on `on`, in which the user may write.
pub async fn writable_orgs(
    s: &AppState,
    me: &CurrentUser,
    on: NaiveDate,
) -> Result<Vec<(String, String)>, WebError> {
    orgs_where(s, me, on, Action::Write).await
}

/// The organizations (code, name), as they stand on `on`, on which the user may `action`.
pub async fn orgs_where(
    s: &AppState,
    me: &CurrentUser,
    on: NaiveDate,
    action: Action,
) -> Result<Vec<(String, String)>, WebError> {
    let mut out: Vec<(String, String)> = Vec::new();
    // Each code once, however many grants reach it (a set: a country has 175,000).
    let mut seen = std::collections::HashSet::new();
    for root in me.root_codes(&s.db).await? {
        let tree = match s.db.tree_shared(&root, Some(on)).await {
            Ok(t) => t,
            Err(db::DbError::Invalid(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        for o in tree.iter() {
            if me.can(&o.path, action) && seen.insert(o.code.clone()) {
                out.push((o.code.clone(), o.name.clone()));
            }
        }
    }
    Ok(out)
}
