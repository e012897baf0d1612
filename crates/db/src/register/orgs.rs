//! The organization repository: dated versions of each organization (name, parent, path),
//! and the changes of the tree — create, rename, move, split, merge, dissolve — each backed
//! by a decision and written to the audit log.

use chrono::NaiveDate;
use domain::register::org::{Decision, OrgCode, OrgError, OrgEventKind, OrgKind};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{all, exec, get, insert_id, one};

/// An organization as it stood on a date (or as it stands now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgRow {
    pub id: i32,
    pub uid: String,
    pub code: String,
    pub kind: OrgKind,
    pub name: String,
    pub parent_id: Option<i32>,
    /// Materialized path of ids, `/1/5/23/`.
    pub path: String,
    pub created_on: NaiveDate,
    pub dissolved_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
}

impl OrgRow {
    /// Depth in the tree: 0 for the root.
    pub fn depth(&self) -> usize {
        self.path.matches('/').count().saturating_sub(2)
    }
}

/// A new organization.
#[derive(Debug, Clone)]
pub struct NewOrg {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<OrgCode>,
    pub since: NaiveDate,
    pub decision: Option<Decision>,
}

/// One event in an organization's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgEventRow {
    pub kind: OrgEventKind,
    pub on: NaiveDate,
    pub decision: Option<String>,
    pub related_code: Option<String>,
    pub related_name: Option<String>,
    pub note: Option<String>,
}

const ORG_COLS: &str = "o.id, o.uid, o.code, o.kind, o.created_on, o.dissolved_on, v.name, v.parent_id, v.path, v.valid_from";

/// `AND` clause choosing the version in force on `$n` (or the latest when `$n` is NULL).
fn version_on(n: usize) -> String {
    format!(
        "(($${n} IS NULL AND v.valid_to IS NULL) OR ($${n} IS NOT NULL AND v.valid_from <= $${n} AND (v.valid_to IS NULL OR v.valid_to > $${n})))"
    )
    .replace("$$", "$")
}

pub(crate) fn org_from_row(r: &QueryResult) -> Result<OrgRow> {
    let kind: String = get(r, "kind")?;
    Ok(OrgRow {
        id: get(r, "id")?,
        uid: get(r, "uid")?,
        code: get(r, "code")?,
        kind: OrgKind::parse(&kind).map_err(DbError::invalid)?,
        name: get(r, "name")?,
        parent_id: get(r, "parent_id")?,
        path: get(r, "path")?,
        created_on: get(r, "created_on")?,
        dissolved_on: get(r, "dissolved_on")?,
        valid_from: get(r, "valid_from")?,
    })
}

pub(crate) async fn find_org(
    c: &impl ConnectionTrait,
    code: &str,
    on: Option<NaiveDate>,
) -> Result<Option<OrgRow>> {
    let sql = format!(
        "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE o.code = $1 AND {}",
        version_on(2)
    );
    one(c, &sql, vec![code.into(), on.into()])
        .await?
        .map(|r| org_from_row(&r))
        .transpose()
}

/// The organization by code, in force on `on`; a clear error if it does not exist then.
pub(crate) async fn require_org(
    c: &impl ConnectionTrait,
    code: &str,
    on: Option<NaiveDate>,
) -> Result<OrgRow> {
    if let Some(o) = find_org(c, code, on).await? {
        return Ok(o);
    }
    let exists = one(
        c,
        "SELECT id FROM organization WHERE code = $1",
        vec![code.into()],
    )
    .await?
    .is_some();
    match (exists, on) {
        (true, Some(d)) => Err(DbError::Invalid(format!(
            "tổ chức '{code}' không tồn tại vào ngày {} (chưa thành lập hoặc đã giải thể)",
            domain::text::format_date(d)
        ))),
        (true, None) => Err(DbError::Invalid(format!("tổ chức '{code}' đã giải thể"))),
        (false, _) => Err(DbError::NotFound {
            what: "tổ chức",
            key: code.to_string(),
        }),
    }
}

/// Stores a decision (or finds the same one already stored) and returns its id.
pub(crate) async fn decision_id(
    c: &impl ConnectionTrait,
    d: Option<&Decision>,
) -> Result<Option<i32>> {
    let Some(d) = d else { return Ok(None) };
    let symbol = d.symbol.to_string();
    if let Some(r) = one(
        c,
        "SELECT id FROM decision WHERE symbol = $1 AND signed_on = $2",
        vec![symbol.clone().into(), d.signed_on.into()],
    )
    .await?
    {
        return Ok(Some(get(&r, "id")?));
    }
    let id = insert_id(
        c,
        "INSERT INTO decision (symbol, number, kind, issuer, signed_on, title) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            symbol.into(),
            (d.symbol.number as i32).into(),
            d.symbol.kind.abbrev().into(),
            d.symbol.issuer.clone().into(),
            d.signed_on.into(),
            d.title.clone().into(),
        ],
    )
    .await?;
    Ok(Some(id))
}

pub(super) async fn org_event(
    c: &impl ConnectionTrait,
    org: i32,
    kind: OrgEventKind,
    on: NaiveDate,
    decision: Option<i32>,
    related: Option<i32>,
    note: Option<String>,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO org_event (org_id, kind, on_date, decision_id, related_org_id, note) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![org.into(), kind.code().into(), on.into(), decision.into(), related.into(), note.into()],
    )
    .await?;
    Ok(())
}

pub(super) fn check_after(o: &OrgRow, on: NaiveDate) -> Result<()> {
    if on <= o.valid_from {
        return Err(DbError::Invalid(format!(
            "ngày {} phải sau lần thay đổi gần nhất của '{}' ({}); lịch sử không được ghi đè",
            domain::text::format_date(on),
            o.code,
            domain::text::format_date(o.valid_from)
        )));
    }
    Ok(())
}

/// Creates an organization inside the caller's transaction; returns its id.
pub(crate) async fn create_org_in(
    c: &impl ConnectionTrait,
    actor: &Actor,
    new: &NewOrg,
    event: OrgEventKind,
    related: Option<i32>,
) -> Result<i32> {
    if one(
        c,
        "SELECT id FROM organization WHERE code = $1",
        vec![new.code.as_str().into()],
    )
    .await?
    .is_some()
    {
        return Err(DbError::Invalid(format!(
            "mã tổ chức '{}' đã tồn tại",
            new.code
        )));
    }
    let name = domain::register::org::parse_org_name(&new.name).map_err(DbError::invalid)?;
    let parent = match &new.parent {
        Some(p) => Some(require_org(c, p.as_str(), Some(new.since)).await?),
        None => None,
    };
    new.kind
        .may_sit_under(parent.as_ref().map(|p| p.kind))
        .map_err(DbError::invalid)?;
    if let Some(p) = &parent
        && p.dissolved_on.is_some()
    {
        return Err(DbError::Invalid(format!(
            "tổ chức cấp trên '{}' đã giải thể",
            p.code
        )));
    }
    let uid = uuid::Uuid::now_v7().to_string();
    let id = insert_id(
        c,
        "INSERT INTO organization (uid, code, kind, created_on) VALUES ($1, $2, $3, $4)",
        vec![
            uid.into(),
            new.code.as_str().into(),
            new.kind.code().into(),
            new.since.into(),
        ],
    )
    .await?;
    let path = format!(
        "{}{id}/",
        parent.as_ref().map(|p| p.path.as_str()).unwrap_or("/")
    );
    exec(
        c,
        "INSERT INTO org_version (org_id, name, parent_id, path, valid_from) VALUES ($1, $2, $3, $4, $5)",
        vec![id.into(), name.clone().into(), parent.as_ref().map(|p| p.id).into(), path.clone().into(), new.since.into()],
    )
    .await?;
    let decision = decision_id(c, new.decision.as_ref()).await?;
    org_event(c, id, event, new.since, decision, related, None).await?;
    audit::record(
        c,
        actor,
        "create",
        "organization",
        new.code.as_str(),
        None,
        Some(
            json!({"code": new.code.as_str(), "name": name, "kind": new.kind.code(),
                    "parent": new.parent.as_ref().map(|p| p.as_str()), "since": new.since,
                    "decision": new.decision.as_ref().map(|d| d.symbol.to_string())}),
        ),
    )
    .await?;
    Ok(id)
}

/// Closes the latest versions of `org` and its whole subtree on `on` and opens new ones with
/// the path prefix replaced (and, for `org` itself, a new name and/or parent).
pub(super) async fn reversion_subtree(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    on: NaiveDate,
    new_name: &str,
    new_parent: Option<&OrgRow>,
) -> Result<()> {
    let new_path = match new_parent {
        Some(p) => format!("{}{}/", p.path, org.id),
        None if org.parent_id.is_none() => org.path.clone(),
        None => org.path.clone(),
    };
    let rows = all(
        c,
        "SELECT v.id, v.org_id, v.name, v.parent_id, v.path, v.valid_from FROM org_version v \
         WHERE v.valid_to IS NULL AND v.path LIKE $1",
        vec![format!("{}%", org.path).into()],
    )
    .await?;
    for r in &rows {
        let vid: i32 = get(r, "id")?;
        let org_id: i32 = get(r, "org_id")?;
        let from: NaiveDate = get(r, "valid_from")?;
        if from >= on {
            return Err(DbError::Invalid(format!(
                "ngày {} phải sau lần thay đổi gần nhất của tổ chức cấp dưới ({})",
                domain::text::format_date(on),
                domain::text::format_date(from)
            )));
        }
        let path: String = get(r, "path")?;
        let (name, parent): (String, Option<i32>) = if org_id == org.id {
            (
                new_name.to_string(),
                new_parent.map(|p| p.id).or(get(r, "parent_id")?),
            )
        } else {
            (get(r, "name")?, get(r, "parent_id")?)
        };
        let path = format!("{new_path}{}", &path[org.path.len()..]);
        exec(
            c,
            "UPDATE org_version SET valid_to = $1 WHERE id = $2",
            vec![on.into(), vid.into()],
        )
        .await?;
        exec(
            c,
            "INSERT INTO org_version (org_id, name, parent_id, path, valid_from) VALUES ($1, $2, $3, $4, $5)",
            vec![org_id.into(), name.into(), parent.into(), path.into(), on.into()],
        )
        .await?;
    }
    Ok(())
}

/// Members whose regular organization is `org_id` on `on`.
pub(crate) async fn members_posted_on(
    c: &impl ConnectionTrait,
    org_id: i32,
    on: NaiveDate,
) -> Result<Vec<i32>> {
    let rows = all(
        c,
        "SELECT m.person_id FROM posting m JOIN person p ON p.id = m.person_id \
         WHERE m.org_id = $1 AND m.kind = 'regular' AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date > $2) \
         AND p.admitted_on IS NOT NULL AND (p.ended_on IS NULL OR p.ended_on > $2)",
        vec![org_id.into(), on.into()],
    )
    .await?;
    rows.iter().map(|r| get(r, "person_id")).collect()
}

pub(super) async fn children_on(
    c: &impl ConnectionTrait,
    org_id: i32,
    on: NaiveDate,
) -> Result<Vec<OrgRow>> {
    let sql = format!(
        "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE v.parent_id = $1 AND {}",
        version_on(2)
    );
    all(c, &sql, vec![org_id.into(), Some(on).into()])
        .await?
        .iter()
        .map(org_from_row)
        .collect()
}

impl Db {
    /// The organization with this code as it stood on `on` (or stands now, for `None`).
    pub async fn org(&self, code: &str, on: Option<NaiveDate>) -> Result<OrgRow> {
        let code = code.trim().to_uppercase();
        // Not there on that date: `require_org`'s error says why (errors are not remembered).
        let found = self
            .cache
            .lookup(format!("org|{code}|{on:?}"), || async {
                require_org(&self.conn, &code, on).await.map(Some)
            })
            .await?;
        found.ok_or(DbError::NotFound {
            what: "tổ chức",
            key: code,
        })
    }

    /// The latest version of an organization, even one dissolved or merged away: what access
    /// checks use before saying anything about the organization on another date.
    pub async fn org_latest(&self, code: &str) -> Result<OrgRow> {
        let code = code.trim().to_uppercase();
        let sql = format!(
            "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE o.code = $1 ORDER BY v.valid_from DESC"
        );
        self.cache
            .lookup(format!("org-latest|{code}"), || async {
                one(&self.conn, &sql, vec![code.clone().into()])
                    .await?
                    .map(|r| org_from_row(&r))
                    .transpose()
            })
            .await?
            .ok_or(DbError::NotFound {
                what: "tổ chức",
                key: code,
            })
    }

    /// The organization with this id as it stands now (its latest version).
    pub async fn org_by_id(&self, id: i32) -> Result<OrgRow> {
        let sql = format!(
            "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE o.id = $1 ORDER BY v.valid_from DESC"
        );
        self.cache
            .lookup(format!("org-id|{id}"), || async {
                one(&self.conn, &sql, vec![id.into()])
                    .await?
                    .map(|r| org_from_row(&r))
                    .transpose()
            })
            .await?
            .ok_or(DbError::NotFound {
                what: "tổ chức",
                key: id.to_string(),
            })
    }

    pub async fn create_org(&self, actor: &Actor, new: &NewOrg) -> Result<OrgRow> {
        let tx = self.write_tx().await?;
        create_org_in(&tx, actor, new, OrgEventKind::Created, None).await?;
        let row = require_org(&tx, new.code.as_str(), Some(new.since)).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The subtree of `root` on a date (or now), depth first, siblings in Vietnamese order.
    pub async fn tree(&self, root: &str, on: Option<NaiveDate>) -> Result<Vec<OrgRow>> {
        Ok(std::sync::Arc::unwrap_or_clone(
            self.tree_shared(root, on).await?,
        ))
    }

    /// [`Db::tree`], remembered while the data is unchanged and shared, not copied: a
    /// country's tree (175,000 organizations) takes about half a second to read and order.
    pub async fn tree_shared(
        &self,
        root: &str,
        on: Option<NaiveDate>,
    ) -> Result<std::sync::Arc<Vec<OrgRow>>> {
        let key = format!("tree|{}|{on:?}", root.trim().to_uppercase());
        self.cache
            .get_or(key, || async {
                Ok(std::sync::Arc::new(self.tree_uncached(root, on).await?))
            })
            .await
    }

    async fn tree_uncached(&self, root: &str, on: Option<NaiveDate>) -> Result<Vec<OrgRow>> {
        let root = require_org(&self.conn, &root.trim().to_uppercase(), on).await?;
        let sql = format!(
            "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE v.path LIKE $1 AND {}",
            version_on(2)
        );
        let rows: Vec<OrgRow> = all(
            &self.conn,
            &sql,
            vec![format!("{}%", root.path).into(), on.into()],
        )
        .await?
        .iter()
        .map(org_from_row)
        .collect::<Result<_>>()?;
        Ok(depth_first(rows, root.id))
    }

    /// Every root organization (those without a parent) in force on a date (or now).
    pub async fn roots(&self, on: Option<NaiveDate>) -> Result<Vec<OrgRow>> {
        let sql = format!(
            "SELECT {ORG_COLS} FROM organization o JOIN org_version v ON v.org_id = o.id WHERE v.parent_id IS NULL AND {}",
            version_on(1)
        );
        all(&self.conn, &sql, vec![on.into()])
            .await?
            .iter()
            .map(org_from_row)
            .collect()
    }

    pub async fn rename_org(
        &self,
        actor: &Actor,
        code: &str,
        new_name: &str,
        on: NaiveDate,
        decision: Option<&Decision>,
    ) -> Result<()> {
        let name = domain::register::org::parse_org_name(new_name).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, code, None).await?;
        check_after(&org, on)?;
        exec(
            &tx,
            "UPDATE org_version SET valid_to = $1 WHERE org_id = $2 AND valid_to IS NULL",
            vec![on.into(), org.id.into()],
        )
        .await?;
        exec(
            &tx,
            "INSERT INTO org_version (org_id, name, parent_id, path, valid_from) VALUES ($1, $2, $3, $4, $5)",
            vec![org.id.into(), name.clone().into(), org.parent_id.into(), org.path.clone().into(), on.into()],
        )
        .await?;
        let d = decision_id(&tx, decision).await?;
        org_event(
            &tx,
            org.id,
            OrgEventKind::Renamed,
            on,
            d,
            None,
            Some(format!("{} → {}", org.name, name)),
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "rename",
            "organization",
            &org.code,
            Some(json!({"name": org.name})),
            Some(json!({"name": name, "on": on})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an organization (with its subtree) under a new parent from `on`.
    pub async fn move_org(
        &self,
        actor: &Actor,
        code: &str,
        new_parent: &str,
        on: NaiveDate,
        decision: Option<&Decision>,
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let org = require_org(&tx, code, None).await?;
        let parent = require_org(&tx, new_parent, None).await?;
        check_after(&org, on)?;
        if parent.path.starts_with(&org.path) {
            return Err(DbError::invalid(OrgError::Cycle));
        }
        org.kind
            .may_sit_under(Some(parent.kind))
            .map_err(DbError::invalid)?;
        reversion_subtree(&tx, &org, on, &org.name, Some(&parent)).await?;
        let d = decision_id(&tx, decision).await?;
        org_event(
            &tx,
            org.id,
            OrgEventKind::Moved,
            on,
            d,
            Some(parent.id),
            None,
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "move",
            "organization",
            &org.code,
            Some(json!({"parent_id": org.parent_id})),
            Some(json!({"parent": parent.code, "on": on})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The dated history of an organization, oldest first.
    pub async fn org_events(&self, code: &str) -> Result<Vec<OrgEventRow>> {
        let org = one(
            &self.conn,
            "SELECT id FROM organization WHERE code = $1",
            vec![code.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "tổ chức",
            key: code.to_string(),
        })?;
        let id: i32 = get(&org, "id")?;
        let rows = all(
            &self.conn,
            "SELECT e.kind, e.on_date, e.note, d.symbol, d.signed_on, r.code AS related_code, \
             (SELECT v.name FROM org_version v WHERE v.org_id = r.id ORDER BY v.valid_from DESC LIMIT 1) AS related_name \
             FROM org_event e LEFT JOIN decision d ON d.id = e.decision_id LEFT JOIN organization r ON r.id = e.related_org_id \
             WHERE e.org_id = $1 ORDER BY e.on_date, e.id",
            vec![id.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                let symbol: Option<String> = get(r, "symbol")?;
                let signed: Option<NaiveDate> = get(r, "signed_on")?;
                Ok(OrgEventRow {
                    kind: OrgEventKind::from_code(&kind)
                        .ok_or_else(|| DbError::Invalid(format!("sự kiện lạ '{kind}'")))?,
                    on: get(r, "on_date")?,
                    decision: symbol.map(|s| match signed {
                        Some(d) => format!("{s} ngày {}", domain::text::format_date(d)),
                        None => s,
                    }),
                    related_code: get(r, "related_code")?,
                    related_name: get(r, "related_name")?,
                    note: get(r, "note")?,
                })
            })
            .collect()
    }
}

/// Orders a subtree depth first from `root`, siblings by name (diacritics ignored).
fn depth_first(mut rows: Vec<OrgRow>, root: i32) -> Vec<OrgRow> {
    rows.sort_by_cached_key(|r| (domain::text::search_key(&r.name), r.name.clone()));
    let mut out = Vec::with_capacity(rows.len());
    let mut stack = vec![root];
    let mut by_parent: std::collections::HashMap<Option<i32>, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_parent.entry(r.parent_id).or_default().push(i);
    }
    let index: std::collections::HashMap<i32, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    while let Some(id) = stack.pop() {
        if let Some(&i) = index.get(&id) {
            out.push(i);
        }
        if let Some(kids) = by_parent.get(&Some(id)) {
            stack.extend(kids.iter().rev().map(|&k| rows[k].id));
        }
    }
    let mut slots: Vec<Option<OrgRow>> = rows.into_iter().map(Some).collect();
    out.into_iter().filter_map(|i| slots[i].take()).collect()
}
