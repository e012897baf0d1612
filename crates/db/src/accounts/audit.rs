//! The audit log: every write records who, when, which record, before and after.
//! Entries are only ever inserted; nothing in dangvu updates or deletes them.

use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::Value as Json;

use crate::Db;
use crate::error::Result;
use crate::sql::{all, exec, get, now};

/// Who makes a change: a signed-in user, or the command line (`cli:<os user>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    pub fn cli() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "?".into());
        Self(format!("cli:{user}"))
    }
}

/// One stored audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i32,
    pub at: chrono::NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Json>,
    pub after: Option<Json>,
}

/// What to look for in the audit log; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The kind of record (`person`, `organization`, …).
    pub entity: Option<String>,
    /// Who made the change.
    pub actor: Option<String>,
    /// From this moment (UTC), inclusive.
    pub from: Option<chrono::NaiveDateTime>,
    /// Until this moment (UTC), exclusive.
    pub until: Option<chrono::NaiveDateTime>,
    /// Only entries older than this one (paging).
    pub before_id: Option<i32>,
    /// Only entries about this organization (its code): the organization itself, or a record
    /// whose before or after names it (`"org": "CB-SNV"`, as every write records it).
    pub org: Option<String>,
    /// How many entries at most.
    pub limit: u64,
}

/// Records one change inside the caller's transaction.
pub(crate) async fn record(
    c: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<Json>,
    after: Option<Json>,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            now().into(),
            actor.0.clone().into(),
            action.into(),
            entity.into(),
            entity_id.to_string().into(),
            before.map(|j| j.to_string()).into(),
            after.map(|j| j.to_string()).into(),
        ],
    )
    .await?;
    Ok(())
}

impl Db {
    /// Records a refused attempt to read or change something outside the actor's rights.
    pub async fn audit_denied(
        &self,
        actor: &Actor,
        entity: &str,
        entity_id: &str,
        what: &str,
    ) -> Result<()> {
        record(
            &self.conn,
            actor,
            "denied",
            entity,
            entity_id,
            None,
            Some(serde_json::json!({ "request": what })),
        )
        .await
    }

    /// The latest audit entries, newest first, optionally for one entity kind.
    pub async fn audit_entries(&self, entity: Option<&str>, limit: u64) -> Result<Vec<AuditEntry>> {
        self.audit_search(&AuditFilter {
            entity: entity.map(str::to_string),
            limit,
            ..AuditFilter::default()
        })
        .await
    }

    /// Audit entries matching a filter, newest first: one page of `limit` entries, older than
    /// `before_id` when given (the next page starts below the last id shown).
    pub async fn audit_search(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let rows = all(
            &self.conn,
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log \
             WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR actor = $2) \
             AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4) \
             AND ($5 IS NULL OR id < $5) \
             AND ($7 IS NULL OR entity_id = $7 OR before LIKE $8 ESCAPE '!' OR after LIKE $8 ESCAPE '!') \
             ORDER BY id DESC LIMIT $6",
            vec![
                f.entity.clone().into(),
                f.actor.clone().into(),
                f.from.into(),
                f.until.into(),
                f.before_id.into(),
                (f.limit as i64).into(),
                f.org.clone().into(),
                f.org
                    .as_deref()
                    .map(|c| {
                        let c = c.replace('!', "!!").replace('%', "!%").replace('_', "!_");
                        format!("%\"{c}\"%")
                    })
                    .into(),
            ],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
                Ok(AuditEntry {
                    id: get(r, "id")?,
                    at: get(r, "at")?,
                    actor: get(r, "actor")?,
                    action: get(r, "action")?,
                    entity: get(r, "entity")?,
                    entity_id: get(r, "entity_id")?,
                    before: parse(get(r, "before")?),
                    after: parse(get(r, "after")?),
                })
            })
            .collect()
    }
}
