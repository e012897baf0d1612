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

/// The most organizations a form offers in a list; with more, it asks for the code (a list of
/// a country's 175,000 organizations weighs tens of megabytes).
pub const MOST_OPTIONS: usize = 2_000;

/// A form's choice of an organization: a list of (code, name), or, with more than
/// [`MOST_OPTIONS`], a field for the code (`typed`), with an example code. The handler checks
/// the code sent either way.
pub struct OrgChoice {
    pub typed: bool,
    pub example: String,
    pub options: Vec<(String, String)>,
}

impl OrgChoice {
    /// The organizations the user may write in today that `keep` lets through, read only as
    /// far as the first beyond [`MOST_OPTIONS`] (a country's form does not list 175,000 to
    /// show none of them).
    pub async fn writable(
        s: &AppState,
        me: &CurrentUser,
        keep: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Self, WebError> {
        let on = s.today();
        let options =
            orgs_where_filtered(s, me, (on, Action::Write), keep, MOST_OPTIONS + 1).await?;
        Ok(Self::of(options))
    }

    pub fn of(mut options: Vec<(String, String)>) -> Self {
        let typed = options.len() > MOST_OPTIONS;
        let example = options
            .get(1)
            .or(options.first())
            .map(|o| o.0.clone())
            .unwrap_or_default();
        if typed {
            options.clear();
        }
        OrgChoice {
            typed,
            example,
            options,
        }
    }
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
    orgs_where_filtered(s, me, (on, action), &|_| true, usize::MAX).await
}

/// [`orgs_where`], only the codes `keep` lets through, and at most `most` of them (a form's
/// list stops at the first beyond [`MOST_OPTIONS`], which then asks for a code).
async fn orgs_where_filtered(
    s: &AppState,
    me: &CurrentUser,
    (on, action): (NaiveDate, Action),
    keep: &(dyn Fn(&str) -> bool + Sync),
    most: usize,
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
            if out.len() >= most {
                return Ok(out);
            }
            if keep(&o.code) && me.can(&o.path, action) && seen.insert(o.code.clone()) {
                out.push((o.code.clone(), o.name.clone()));
            }
        }
    }
    Ok(out)
}
