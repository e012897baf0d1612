//! Bulk loading of organizations and people in multi-row statements: the fast path shared by
//! imports, the demo data set and synthetic data (`gen`).

use chrono::NaiveDate;
use domain::register::lifecycle::LeaveForm;
use domain::register::member::PersonRecord;
use domain::register::org::OrgCode;
use domain::register::org::OrgKind;
use sea_orm::{ConnectionTrait, DbBackend, Value};
use serde_json::json;

use crate::accounts::audit::Actor;
use crate::error::Result;
use crate::sql::{all, exec, get, now, placeholders};

/// A period in an organization: `regular` activity or `temporary` attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkPosting {
    pub org_id: i32,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub temporary: bool,
}

/// A person with their postings (chronological) and, if it happened, the end of membership.
#[derive(Debug, Clone)]
pub struct BulkPerson {
    pub record: PersonRecord,
    pub postings: Vec<BulkPosting>,
    pub ended: Option<(NaiveDate, Option<LeaveForm>)>,
}

/// An organization to create in bulk, with its parent given by index into the same slice.
#[derive(Debug, Clone)]
pub struct BulkOrg {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<usize>,
    pub since: NaiveDate,
}

/// What a bulk load wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub orgs: usize,
    pub people: usize,
    pub members: usize,
}

pub(super) const PERSON_COLS: [&str; 23] = [
    "uid",
    "full_name",
    "name_search",
    "name_sort",
    "birth_name",
    "birth_date",
    "sex",
    "ethnicity",
    "religion",
    "home_town",
    "education",
    "theory",
    "qualification",
    "foreign_language",
    "occupation",
    "admitted_on",
    "official_on",
    "card_number",
    "record_number",
    "ended_on",
    "end_reason",
    "created_at",
    "updated_at",
];

pub(super) fn person_values(
    uid: &str,
    r: &PersonRecord,
    ended: Option<(NaiveDate, Option<LeaveForm>)>,
) -> Vec<Value> {
    let m = r.membership.as_ref();
    let t = now();
    vec![
        uid.into(),
        r.full_name.as_str().into(),
        domain::text::search_key(r.full_name.as_str()).into(),
        domain::text::name_sort_key(r.full_name.as_str()).into(),
        r.birth_name.clone().into(),
        r.birth_date.into(),
        r.sex.code().into(),
        r.ethnicity.clone().into(),
        r.religion.clone().into(),
        r.home_town.clone().into(),
        r.education.clone().into(),
        r.theory.code().into(),
        r.qualification.code().into(),
        r.foreign_language.clone().into(),
        r.occupation.clone().into(),
        m.map(|m| m.admitted_on).into(),
        m.and_then(|m| m.official_on).into(),
        m.and_then(|m| m.card_number.as_ref())
            .map(|c| c.as_str().to_string())
            .into(),
        m.and_then(|m| m.record_number.as_ref())
            .map(|c| c.as_str().to_string())
            .into(),
        ended.map(|e| e.0).into(),
        ended
            .map(|e| e.1.map(LeaveForm::code).unwrap_or("died").to_string())
            .into(),
        t.into(),
        t.into(),
    ]
}

/// The most bound values one statement carries (SQLite allows 32,766, PostgreSQL 65,535).
const VALUES_PER_STATEMENT: usize = 30_000;

/// One multi-row `INSERT INTO table (cols) VALUES (…), (…)` statement for `rows`.
pub(crate) fn multi_row_insert(
    backend: DbBackend,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<Value>>,
) -> (String, Vec<Value>) {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    let mut values = Vec::with_capacity(rows.len() * cols.len());
    for (i, row) in rows.into_iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        sql.push_str(&placeholders(backend, values.len() + 1, row.len()));
        sql.push(')');
        values.extend(row);
    }
    (sql, values)
}

/// Inserts rows of `cols` in chunks of multi-row statements.
pub(crate) async fn insert_rows(
    c: &impl ConnectionTrait,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<()> {
    let per_stmt = (VALUES_PER_STATEMENT / cols.len()).clamp(1, 1000);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_stmt).collect();
        let (sql, values) = multi_row_insert(c.get_database_backend(), table, cols, chunk);
        exec(c, &sql, values).await?;
    }
    Ok(())
}

/// The columns of `posting`, `member_event` and `audit_log` rows a bulk load writes.
pub(super) const POSTING_COLS: [&str; 5] = ["person_id", "org_id", "kind", "from_date", "to_date"];
pub(super) const EVENT_COLS: [&str; 5] = ["person_id", "kind", "on_date", "org_id", "detail"];
pub(super) const AUDIT_COLS: [&str; 7] = [
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
];

/// The rows that go with people once their ids are known: postings, history events (in the
/// order they replay) and audit entries.
pub(super) struct PeopleRows {
    pub postings: Vec<Vec<Value>>,
    pub events: Vec<Vec<Value>>,
    pub audits: Vec<Vec<Value>>,
}

/// The postings, events and audit entries of `people` with their `ids`: with `audit_each`,
/// one audit entry per person; otherwise one for the whole load.
pub(super) fn people_rows(
    actor: &Actor,
    people: &[BulkPerson],
    ids: &[i32],
    audit_each: bool,
    action: &str,
) -> PeopleRows {
    let mut postings = Vec::new();
    let mut events = Vec::new();
    let mut audits = Vec::new();
    let t = now();
    for (p, &id) in people.iter().zip(ids) {
        postings.extend(p.postings.iter().map(|post| posting_row(id, post)));
        events.extend(history_events(p, id));
        if audit_each {
            audits.push(audit_row(
                t,
                actor,
                action,
                id.to_string(),
                serde_json::to_string(&p.record).unwrap_or_default(),
            ));
        }
    }
    // Events must replay in date order; sort them per person by date (stable).
    events.sort_by(|a, b| {
        (value_i32(&a[0]), value_date(&a[2])).cmp(&(value_i32(&b[0]), value_date(&b[2])))
    });
    if !audit_each && !people.is_empty() {
        audits.push(audit_row(
            t,
            actor,
            action,
            format!("{} người", people.len()),
            json!({"people": people.len(), "first_id": ids.first(), "last_id": ids.last()})
                .to_string(),
        ));
    }
    PeopleRows {
        postings,
        events,
        audits,
    }
}

/// Inserts people with their postings and history events; returns their ids in input order.
/// With `audit_each`, one audit entry per person; otherwise one entry for the whole load.
pub(crate) async fn insert_people(
    c: &impl ConnectionTrait,
    actor: &Actor,
    people: &[BulkPerson],
    audit_each: bool,
    action: &str,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<i32>> {
    let ids = insert_person_rows(c, people, progress).await?;
    let rows = people_rows(actor, people, &ids, audit_each, action);
    insert_rows(c, "posting", &POSTING_COLS, rows.postings).await?;
    insert_rows(c, "member_event", &EVENT_COLS, rows.events).await?;
    insert_rows(c, "audit_log", &AUDIT_COLS, rows.audits).await?;
    Ok(ids)
}

/// Inserts the people's own rows, a statement's worth at a time, reporting progress; returns
/// their ids in input order (matched back by the `uid` each is given).
async fn insert_person_rows(
    c: &impl ConnectionTrait,
    people: &[BulkPerson],
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Vec<i32>> {
    let uids: Vec<String> = people
        .iter()
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let mut ids: Vec<i32> = Vec::with_capacity(people.len());
    let per_stmt = VALUES_PER_STATEMENT / PERSON_COLS.len();
    for (chunk_no, chunk) in people.chunks(per_stmt).enumerate() {
        let base = chunk_no * per_stmt;
        let rows = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| person_values(&uids[base + i], &p.record, p.ended))
            .collect();
        let (mut sql, values) =
            multi_row_insert(c.get_database_backend(), "person", &PERSON_COLS, rows);
        sql.push_str(" RETURNING id, uid");
        let rows = all(c, &sql, values).await?;
        let mut by_uid = std::collections::HashMap::with_capacity(rows.len());
        for r in &rows {
            by_uid.insert(get::<String>(r, "uid")?, get::<i32>(r, "id")?);
        }
        for i in 0..chunk.len() {
            ids.push(
                by_uid
                    .get(&uids[base + i])
                    .copied()
                    .ok_or(sea_orm::DbErr::RecordNotInserted)?,
            );
        }
        progress(ids.len());
    }
    Ok(ids)
}

/// The `posting` row of one period of person `id`.
fn posting_row(id: i32, post: &BulkPosting) -> Vec<Value> {
    vec![
        id.into(),
        post.org_id.into(),
        (if post.temporary {
            "temporary"
        } else {
            "regular"
        })
        .into(),
        post.from.into(),
        post.to.into(),
    ]
}

/// The `member_event` rows of person `id`: admitted into the first regular posting and
/// transferred into each later one (members only), made official, then left or died.
fn history_events(p: &BulkPerson, id: i32) -> Vec<Vec<Value>> {
    let mut events = Vec::new();
    for (k, post) in p.postings.iter().enumerate() {
        if p.record.membership.is_some() && !post.temporary {
            let kind = if k == 0 { "admitted" } else { "transferred" };
            let on = match (k, &p.record.membership) {
                (0, Some(m)) => m.admitted_on,
                _ => post.from,
            };
            events.push(vec![
                id.into(),
                kind.into(),
                on.into(),
                Some(post.org_id).into(),
                Value::from(None::<String>),
            ]);
        }
    }
    if let Some(m) = &p.record.membership
        && let Some(o) = m.official_on
    {
        events.push(vec![
            id.into(),
            "official".into(),
            o.into(),
            None::<i32>.into(),
            None::<String>.into(),
        ]);
    }
    if let Some((on, form)) = p.ended {
        let (kind, detail) = match form {
            Some(f) => ("left", Some(f.code().to_string())),
            None => ("died", None),
        };
        events.push(vec![
            id.into(),
            kind.into(),
            on.into(),
            None::<i32>.into(),
            detail.into(),
        ]);
    }
    events
}

/// An `audit_log` row about people written by a bulk load (nothing before, `after` after).
fn audit_row(
    t: chrono::NaiveDateTime,
    actor: &Actor,
    action: &str,
    entity_id: String,
    after: String,
) -> Vec<Value> {
    vec![
        t.into(),
        actor.0.clone().into(),
        action.into(),
        "person".into(),
        entity_id.into(),
        None::<String>.into(),
        Some(after).into(),
    ]
}

fn value_i32(v: &Value) -> i32 {
    match v {
        Value::Int(Some(i)) => *i,
        _ => 0,
    }
}

fn value_date(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::ChronoDate(d) => *d,
        _ => None,
    }
}

impl crate::Db {
    /// Creates organizations in one transaction (parents before children); returns their ids.
    /// Those without a parent in `orgs` sit under the existing organization `under`, if given
    /// (a province of a country), or at the root.
    pub async fn load_orgs(
        &self,
        actor: &Actor,
        orgs: &[BulkOrg],
        under: Option<&OrgCode>,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Vec<i32>> {
        let tx = self.write_tx().await?;
        let mut ids = Vec::with_capacity(orgs.len());
        for (i, o) in orgs.iter().enumerate() {
            let new = crate::NewOrg {
                code: o.code.clone(),
                name: o.name.clone(),
                kind: o.kind,
                parent: match o.parent {
                    Some(p) => Some(orgs[p].code.clone()),
                    None => under.cloned(),
                },
                since: o.since,
                decision: None,
            };
            ids.push(
                crate::register::orgs::create_org_in(
                    &tx,
                    actor,
                    &new,
                    domain::register::org::OrgEventKind::Created,
                    None,
                )
                .await?,
            );
            if i % 100 == 99 {
                progress(i + 1);
            }
        }
        progress(orgs.len());
        tx.commit().await?;
        self.refresh_statistics(orgs.len()).await?;
        Ok(ids)
    }
}
