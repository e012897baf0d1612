//! The home page: what is due first. A branch's secretary (or anyone whose scope is one
//! branch) sees their month (`due`); a superior's staff see the organizations that need
//! attention first, then the scope's counts; an administrator of a whole tree also the latest
//! changes of the audit log.

mod commendation;
mod due;

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    today: String,
    roots: Vec<(String, String)>,
    members: String,
    orgs: String,
    kinds: Vec<(&'static str, usize)>,
    changes: Vec<Change>,
    /// The branches of the scope with what is due in each (a secretary's month) and the
    /// branch's latest changes (time, who, what, which record).
    months: Vec<(String, String, Vec<due::Due>, Vec<Change>)>,
    /// Above the branch level: the organizations that need attention first.
    attention: Vec<due::Due>,
    /// Some organization of the scope has organizations under it (the roll-up has lines).
    superior: bool,
    /// Above the branch level: the commendation dossiers in progress (`commendation`) and the
    /// party badges the committee presents (`due::badges`).
    badges: Vec<due::Due>,
}

/// One change of the audit log as the home page lists it.
pub struct Change {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
}

fn change_of(e: db::AuditEntry) -> Change {
    Change {
        at: (e.at + chrono::Duration::hours(7))
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        action: domain::accounts::audit::action_label(&e.action).to_string(),
        record: format!(
            "{} {}",
            domain::accounts::audit::entity_label(&e.entity),
            e.entity_id
        ),
        actor: e.actor,
    }
}

/// The latest changes about a branch (the audit log's entries naming it).
async fn recent_changes(s: &AppState, code: &str) -> Result<Vec<Change>, WebError> {
    let f = db::AuditFilter {
        org: Some(code.to_string()),
        limit: 8,
        ..db::AuditFilter::default()
    };
    Ok(s.db
        .audit_search(&f)
        .await?
        .into_iter()
        .map(change_of)
        .collect())
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    if me.grants.is_empty() && me.person_id.is_some() {
        // A member's home is their own page.
        return Ok(axum::response::Redirect::to("/ca-nhan").into_response());
    }
    let today = s.today();
    let mut roots = Vec::new();
    let mut members = 0;
    let mut orgs = 0;
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut months, mut attention, mut superior) = (Vec::new(), Vec::new(), false);
    let mut badges = Vec::new();
    for code in me.root_codes(&s.db).await? {
        let Ok(tree) = s.db.tree_shared(&code, Some(today)).await else {
            continue;
        };
        let visible: Vec<&db::OrgRow> = tree.iter().filter(|o| me.can_read(&o.path)).collect();
        if let Some(root) = visible.first() {
            roots.push((root.code.clone(), root.name.clone()));
            members += s.db.structure(&root.code, today).await?.structure.members;
            if domain::branch::meeting::holds_monthly_meetings(root.kind) {
                let list = due::branch_due(&s, root, today).await?;
                let recent = recent_changes(&s, &root.code).await?;
                months.push((root.code.clone(), root.name.clone(), list, recent));
            } else {
                superior = true;
                badges.extend(commendation::dossiers(&s, root, today).await?);
                badges.extend(due::badges(&s, root, today).await?);
                attention.extend(due::season(&s, root, today).await?);
                attention.extend(due::attention(&s, root, &visible, today).await?);
            }
        }
        orgs += visible.len();
        for o in &visible {
            *kinds.entry(o.kind.label()).or_default() += 1;
        }
    }
    // The log spans every organization: only its readers see it here (`menu::may_read_audit`).
    let changes = if crate::pages::menu::may_read_audit(&me) {
        s.db.audit_entries(None, 10)
            .await?
            .into_iter()
            .map(change_of)
            .collect()
    } else {
        Vec::new()
    };
    Ok(HomePage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        today: domain::text::format_date(today),
        roots,
        members: domain::text::format_int(members as i64),
        orgs: domain::text::format_int(orgs as i64),
        kinds: kinds.into_iter().collect(),
        changes,
        months,
        attention,
        superior,
        badges,
    }
    .into_response())
}
