//! The home dashboard: the user's scope — members and organizations by kind today — and the
//! latest changes in the audit log.

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
    user: Option<String>,
    csrf: String,
    today: String,
    roots: Vec<(String, String)>,
    members: String,
    orgs: String,
    kinds: Vec<(&'static str, usize)>,
    changes: Vec<(String, String, String, String)>,
}

pub async fn page(State(s): State<AppState>, me: CurrentUser) -> Result<HomePage, WebError> {
    let today = s.today();
    let mut roots = Vec::new();
    let mut members = 0;
    let mut orgs = 0;
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for code in me.root_codes(&s.db).await? {
        let Ok(tree) = s.db.tree(&code, Some(today)).await else {
            continue;
        };
        let visible: Vec<_> = tree.into_iter().filter(|o| me.can_read(&o.path)).collect();
        if let Some(root) = visible.first() {
            roots.push((root.code.clone(), root.name.clone()));
            members += s.db.structure(&root.code, today).await?.structure.members;
        }
        orgs += visible.len();
        for o in &visible {
            *kinds.entry(o.kind.label()).or_default() += 1;
        }
    }
    // The log spans every organization: only an administrator of a whole tree reads it here.
    let changes = if me.grants.iter().any(|g| {
        g.role == domain::accounts::access::Role::Admin && g.org_path.matches('/').count() == 2
    }) {
        s.db.audit_entries(None, 10)
            .await?
            .into_iter()
            .map(|e| {
                let at = e.at + chrono::Duration::hours(7);
                (
                    at.format("%d/%m/%Y %H:%M").to_string(),
                    e.actor,
                    domain::accounts::audit::action_label(&e.action).to_string(),
                    format!(
                        "{} {}",
                        domain::accounts::audit::entity_label(&e.entity),
                        e.entity_id
                    ),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(HomePage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        today: domain::text::format_date(today),
        roots,
        members: domain::text::format_int(members as i64),
        orgs: domain::text::format_int(orgs as i64),
        kinds: kinds.into_iter().collect(),
        changes,
    })
}
