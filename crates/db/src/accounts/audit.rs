//! The audit log: every write records who, when, which record, before and after.
//! Entries are only ever inserted; nothing in dangvu updates or deletes them. Refusals are
//! logged once per user, kind and hour, and counted beside the log (`audit_refusal`).

use chrono::Timelike;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::Value as Json;

use crate::Db;
use crate::error::Result;
use crate::sql::{all, exec, get, insert_id, now};

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
    /// How many times it happened: 1, or for a refusal ("denied") the refusals of the same
    /// kind by the same user within the hour it opened ([`Db::audit_denied`]).
    pub times: i64,
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

/// Records one change inside the caller's transaction; returns the entry's id.
pub(crate) async fn record(
    c: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<Json>,
    after: Option<Json>,
) -> Result<i32> {
    insert_id(
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
    .await
}

impl Db {
    /// Records a refused attempt to read or change something outside the actor's rights,
    /// in a bounded way (issue 18 §5.9): the first refusal of a kind (user, kind of record,
    /// kind of request) in an hour writes one "denied" entry; the following ones of that hour
    /// only count in `audit_refusal` (the entry shows the count, [`AuditEntry::times`]), so a
    /// user hammering refused pages cannot grow the log without bound.
    pub async fn audit_denied(
        &self,
        actor: &Actor,
        entity: &str,
        entity_id: &str,
        what: &str,
    ) -> Result<()> {
        let at = now();
        let hour = at.date().and_hms_opt(at.hour(), 0, 0).unwrap_or(at);
        let key: Vec<sea_orm::Value> = vec![
            actor.0.clone().into(),
            entity.into(),
            what.into(),
            hour.into(),
            entity_id.into(),
            at.into(),
        ];
        let tx = self.write_tx().await?;
        let first = exec(
            &tx,
            "INSERT INTO audit_refusal (actor, entity, request, hour, count, last_entity_id, last_at) \
             VALUES ($1, $2, $3, $4, 1, $5, $6) \
             ON CONFLICT (actor, entity, request, hour) DO NOTHING",
            key.clone(),
        )
        .await?
            == 1;
        if first {
            let after = Some(serde_json::json!({ "request": what }));
            let id = record(&tx, actor, "denied", entity, entity_id, None, after).await?;
            exec(
                &tx,
                "UPDATE audit_refusal SET audit_id = $5 \
                 WHERE actor = $1 AND entity = $2 AND request = $3 AND hour = $4",
                vec![
                    key[0].clone(),
                    key[1].clone(),
                    key[2].clone(),
                    key[3].clone(),
                    id.into(),
                ],
            )
            .await?;
        } else {
            exec(
                &tx,
                "UPDATE audit_refusal SET count = count + 1, last_entity_id = $5, last_at = $6 \
                 WHERE actor = $1 AND entity = $2 AND request = $3 AND hour = $4",
                key,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
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
            "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after, \
             r.count AS times FROM audit_log a LEFT JOIN audit_refusal r ON r.audit_id = a.id \
             WHERE ($1 IS NULL OR a.entity = $1) AND ($2 IS NULL OR a.actor = $2) \
             AND ($3 IS NULL OR a.at >= $3) AND ($4 IS NULL OR a.at < $4) \
             AND ($5 IS NULL OR a.id < $5) \
             AND ($7 IS NULL OR a.entity_id = $7 OR a.before LIKE $8 ESCAPE '!' OR a.after LIKE $8 ESCAPE '!') \
             ORDER BY a.id DESC LIMIT $6",
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
                    times: get::<Option<i64>>(r, "times")?.unwrap_or(1),
                })
            })
            .collect()
    }
}
