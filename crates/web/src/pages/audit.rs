//! The audit log for administrators of a root organization: newest first, filtered by
//! entity kind, times in Vietnam time; read-only (no route edits or deletes an entry).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use domain::access::Action;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// How many entries the page shows.
const ROWS: u64 = 100;
/// How many characters of the after-JSON the page shows.
const JSON_CHARS: usize = 120;

#[derive(Deserialize)]
pub struct Params {
    loai: Option<String>,
}

pub struct Line {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    user: Option<String>,
    csrf: String,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
}

/// Whether the user administers a root organization (a grant whose path has one segment).
fn is_root_admin(me: &CurrentUser) -> bool {
    me.grants
        .iter()
        .any(|g| g.org_path.matches('/').count() == 2 && me.can(&g.org_path, Action::Administer))
}

fn abbreviate(s: &str) -> String {
    if s.chars().count() <= JSON_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(JSON_CHARS).collect();
    out.push('…');
    out
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<AuditPage, WebError> {
    if !is_root_admin(&me) {
        s.db.audit_denied(&me.actor, "audit_log", "*", "Administer")
            .await?;
        return Err(WebError::NotFound);
    }
    let kind = p.loai.map(|k| k.trim().to_string()).unwrap_or_default();
    let filter = Some(kind.as_str()).filter(|k| !k.is_empty());
    let lines =
        s.db.audit_entries(filter, ROWS)
            .await?
            .into_iter()
            .map(|e| Line {
                at: (e.at + chrono::Duration::hours(7))
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
                actor: e.actor,
                action: e.action,
                record: format!("{} {}", e.entity, e.entity_id),
                after: e
                    .after
                    .map(|j| abbreviate(&j.to_string()))
                    .unwrap_or_default(),
            })
            .collect();
    Ok(AuditPage {
        user: Some(me.username.clone()),
        csrf: me.csrf.clone(),
        kind,
        kinds: vec![
            ("organization", "Tổ chức"),
            ("person", "Đảng viên"),
            ("user", "Tài khoản"),
            ("audit_log", "Nhật ký"),
        ],
        lines,
    })
}
