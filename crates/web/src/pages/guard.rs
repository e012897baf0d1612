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
    let mut out: Vec<(String, String)> = Vec::new();
    for root in me.root_codes(&s.db).await? {
        let tree = match s.db.tree(&root, Some(on)).await {
            Ok(t) => t,
            Err(db::DbError::Invalid(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        for o in tree {
            if me.can(&o.path, Action::Write) && !out.iter().any(|(c, _)| *c == o.code) {
                out.push((o.code, o.name));
            }
        }
    }
    Ok(out)
}
