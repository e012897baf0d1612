//! The documents stored with what they decided — organization decisions (splits, merges…),
//! member decisions (admissions…), congress plans and a congress's own documents — read as
//! register lines, each with the organization that issued it found from the symbol's issuer
//! ("ĐU": the nearest đảng ủy above).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, QueryResult};

use domain::documents::{Direction, issuer_abbrev};
use domain::register::org::OrgKind;

use super::{DocLink, DocRow};
use crate::error::{DbError, Result};
use crate::register::orgs::OrgRow;
use crate::sql::{LIKE_ESCAPE, all, get, like_prefix};

/// One version of an organization in the register's scope.
#[derive(Debug, Clone)]
pub(super) struct Version {
    pub id: i32,
    pub code: String,
    pub kind: OrgKind,
    pub name: String,
    pub path: String,
    pub valid_from: NaiveDate,
}

/// The organizations the register of `owner` meets, with all their versions (oldest first):
/// its ancestors at first, then those a source names and their ancestors, read when the
/// source asks ([`Scope::need`]), not every organization ever in the subtree (a country's
/// 175.000).
pub(super) struct Scope {
    pub owner: OrgRow,
    versions: HashMap<i32, Vec<Version>>,
}

impl Scope {
    pub async fn load(c: &impl ConnectionTrait, owner: OrgRow) -> Result<Self> {
        let mut scope = Self {
            versions: HashMap::new(),
            owner,
        };
        let mut first = path_ids(&scope.owner.path);
        first.push(scope.owner.id);
        scope.need(c, &first).await?;
        Ok(scope)
    }

    /// Reads the versions of `orgs` and of every organization on their paths, those not read
    /// yet.
    pub async fn need(&mut self, c: &impl ConnectionTrait, orgs: &[i32]) -> Result<()> {
        self.read(c, orgs).await?;
        let above: Vec<i32> = orgs
            .iter()
            .filter_map(|o| self.versions.get(o))
            .flatten()
            .flat_map(|v| path_ids(&v.path))
            .collect();
        self.read(c, &above).await
    }

    async fn read(&mut self, c: &impl ConnectionTrait, orgs: &[i32]) -> Result<()> {
        let mut missing: Vec<i32> = orgs
            .iter()
            .copied()
            .filter(|o| !self.versions.contains_key(o))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i32::to_string).collect();
            let sql = format!(
                "SELECT o.id, o.code, o.kind, v.name, v.path, v.valid_from FROM organization o \
                 JOIN org_version v ON v.org_id = o.id WHERE o.id IN ({}) ORDER BY v.valid_from",
                list.join(",")
            );
            for r in all(c, &sql, vec![]).await? {
                let v = version(&r)?;
                self.versions.entry(v.id).or_default().push(v);
            }
        }
        Ok(())
    }

    /// The version of an organization in force on a date (its first when the date is earlier).
    pub fn on(&self, org: i32, date: NaiveDate) -> Option<&Version> {
        let vs = self.versions.get(&org)?;
        vs.iter()
            .rev()
            .find(|v| v.valid_from <= date)
            .or_else(|| vs.first())
    }

    /// Who issued a document with this issuer abbreviation about `org` on `date`: the nearest
    /// organization above it (or itself, when `include_self`) whose kind prints that
    /// abbreviation; the one directly above when none does.
    pub fn issuer_of(
        &self,
        org: i32,
        date: NaiveDate,
        abbrev: &str,
        include_self: bool,
    ) -> Option<&Version> {
        let path = path_ids(&self.on(org, date)?.path);
        let skip = usize::from(!include_self);
        let mut up = path
            .iter()
            .rev()
            .skip(skip)
            .filter_map(|id| self.on(*id, date));
        let chain: Vec<&Version> = up.by_ref().collect();
        chain
            .iter()
            .find(|v| issuer_abbrev(v.kind) == abbrev)
            .or_else(|| chain.first())
            .copied()
    }
}

/// The organizations (`org_id`) a source's rows name.
fn orgs_of(rows: &[QueryResult]) -> Result<Vec<i32>> {
    let mut out = Vec::new();
    for r in rows {
        if let Some(o) = get::<Option<i32>>(r, "org_id")? {
            out.push(o);
        }
    }
    Ok(out)
}

fn version(r: &QueryResult) -> Result<Version> {
    let kind: String = get(r, "kind")?;
    Ok(Version {
        id: get(r, "id")?,
        code: get(r, "code")?,
        kind: OrgKind::parse(&kind).map_err(DbError::invalid)?,
        name: get(r, "name")?,
        path: get(r, "path")?,
        valid_from: get(r, "valid_from")?,
    })
}

/// The ids of a materialized path, root first: "/1/5/23/" → [1, 5, 23].
pub(super) fn path_ids(path: &str) -> Vec<i32> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// A stored decision as the register shows it, from the columns every source selects
/// (`symbol`, `number`, `dkind`, `issuer`, `signed_on`, `title`).
fn decision_row(
    r: &QueryResult,
    issuer: Option<&Version>,
    direction: Direction,
    subject: String,
    link: DocLink,
) -> Result<DocRow> {
    let number: i32 = get(r, "number")?;
    let title: Option<String> = get(r, "title")?;
    Ok(DocRow {
        id: None,
        symbol: get(r, "symbol")?,
        number: u32::try_from(number).ok(),
        kind: get(r, "dkind")?,
        issuer: issuer.map(|v| v.code.clone()).unwrap_or_default(),
        issuer_name: issuer.map(|v| v.name.clone()).unwrap_or_default(),
        date: Some(get(r, "signed_on")?),
        subject: title.filter(|t| !t.trim().is_empty()).unwrap_or(subject),
        direction,
        status: "issued".into(),
        link: Some(link),
        has_file: false,
    })
}

const DECISION_COLS: &str =
    "d.id AS did, d.symbol, d.number, d.kind AS dkind, d.issuer, d.signed_on, d.title";

/// The decisions about organizations of the subtree (creation, split, merge, dissolution):
/// issued by the owner when it is the body the symbol names above the organization, received
/// when they are about the owner itself.
pub(super) async fn org_decisions(
    c: &impl ConnectionTrait,
    scope: &mut Scope,
) -> Result<Vec<DocRow>> {
    let sql = format!(
        "SELECT DISTINCT e.id AS eid, e.org_id, e.kind AS ekind, e.on_date, {DECISION_COLS} FROM org_event e JOIN decision d ON d.id = e.decision_id WHERE e.org_id IN (SELECT v.org_id FROM org_version v WHERE v.path LIKE $1 {LIKE_ESCAPE}) ORDER BY e.id"
    );
    let rows = all(c, &sql, vec![like_prefix(&scope.owner.path).into()]).await?;
    scope.need(c, &orgs_of(&rows)?).await?;
    let scope = &*scope;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in rows {
        let org: i32 = get(&r, "org_id")?;
        let on: NaiveDate = get(&r, "on_date")?;
        let abbrev: String = get(&r, "issuer")?;
        let issuer = scope.issuer_of(org, on, &abbrev, false);
        let direction = match issuer {
            Some(v) if v.id == scope.owner.id => Direction::Issued,
            _ if org == scope.owner.id => Direction::Received,
            _ => continue,
        };
        let did: i32 = get(&r, "did")?;
        if !seen.insert((did, direction.code())) {
            continue;
        }
        let kind: String = get(&r, "ekind")?;
        let label = domain::register::org::OrgEventKind::from_code(&kind)
            .map_or("Quyết định", |k| k.label());
        let target = scope.on(org, on);
        let name = target.map(|v| v.name.clone()).unwrap_or_default();
        let code = target.map(|v| v.code.clone()).unwrap_or_default();
        let subject = format!("{label} {name}");
        out.push(decision_row(
            &r,
            issuer,
            direction,
            subject,
            DocLink::Org(code),
        )?);
    }
    Ok(out)
}

/// The decisions about members of the subtree (admission, recognition as official, …): issued
/// by the owner when the symbol names it, received by the branch the member belongs to.
pub(super) async fn member_decisions(
    c: &impl ConnectionTrait,
    scope: &mut Scope,
) -> Result<Vec<DocRow>> {
    let abbrev = issuer_abbrev(scope.owner.kind);
    let sql = format!(
        "SELECT e.id AS eid, e.person_id, e.org_id, e.kind AS ekind, e.on_date, p.full_name, {DECISION_COLS} FROM member_event e JOIN decision d ON d.id = e.decision_id JOIN person p ON p.id = e.person_id WHERE (d.issuer = $2 OR e.org_id = $3) AND e.org_id IN (SELECT v.org_id FROM org_version v WHERE v.path LIKE $1 {LIKE_ESCAPE}) ORDER BY e.id"
    );
    let values = vec![
        like_prefix(&scope.owner.path).into(),
        abbrev.into(),
        scope.owner.id.into(),
    ];
    let rows = all(c, &sql, values).await?;
    scope.need(c, &orgs_of(&rows)?).await?;
    let scope = &*scope;
    let mut out = Vec::new();
    for r in rows {
        let org: Option<i32> = get(&r, "org_id")?;
        let Some(org) = org else { continue };
        let on: NaiveDate = get(&r, "on_date")?;
        let abbrev: String = get(&r, "issuer")?;
        let issuer = scope.issuer_of(org, on, &abbrev, true);
        let direction = match issuer {
            Some(v) if v.id == scope.owner.id => Direction::Issued,
            _ if org == scope.owner.id => Direction::Received,
            _ => continue,
        };
        let kind: String = get(&r, "ekind")?;
        let name: String = get(&r, "full_name")?;
        let subject = format!("{} đối với đồng chí {name}", member_event_label(&kind));
        let link = DocLink::Member(get(&r, "person_id")?);
        out.push(decision_row(&r, issuer, direction, subject, link)?);
    }
    Ok(out)
}

fn member_event_label(code: &str) -> &'static str {
    match code {
        "admitted" => "Kết nạp đảng viên",
        "official" => "Công nhận đảng viên chính thức",
        "transferred" => "Chuyển sinh hoạt đảng",
        "exempted" => "Miễn sinh hoạt đảng",
        "left" => "Ra khỏi Đảng",
        _ => "Quyết định",
    }
}

/// The congress plans the owner issued, and those of its superiors that name it.
pub(super) async fn plans(c: &impl ConnectionTrait, scope: &mut Scope) -> Result<Vec<DocRow>> {
    let sql = "SELECT DISTINCT p.id, p.org_id, p.symbol, p.title, p.issued_on, o.code FROM congress_plan p JOIN organization o ON o.id = p.org_id LEFT JOIN congress_plan_item i ON i.plan_id = p.id WHERE p.org_id = $1 OR i.org_id = $1 ORDER BY p.id";
    let rows = all(c, sql, vec![scope.owner.id.into()]).await?;
    scope.need(c, &orgs_of(&rows)?).await?;
    let scope = &*scope;
    let mut out = Vec::new();
    for r in rows {
        let org: i32 = get(&r, "org_id")?;
        let on: NaiveDate = get(&r, "issued_on")?;
        let symbol: String = get(&r, "symbol")?;
        let parsed = domain::register::org::DocSymbol::parse(&symbol).ok();
        let issuer = scope.on(org, on);
        let code: String = get(&r, "code")?;
        out.push(DocRow {
            id: None,
            number: parsed.as_ref().map(|s| s.number),
            kind: parsed.map_or("KH".into(), |s| s.kind.abbrev().to_string()),
            symbol,
            issuer: code.clone(),
            issuer_name: issuer.map(|v| v.name.clone()).unwrap_or_default(),
            date: Some(on),
            subject: get(&r, "title")?,
            direction: if org == scope.owner.id {
                Direction::Issued
            } else {
                Direction::Received
            },
            status: "issued".into(),
            link: Some(DocLink::Plan(code)),
            has_file: false,
        });
    }
    Ok(out)
}

/// The documents of the owner's own congresses (one series per congress).
pub(super) async fn congress_documents(
    c: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<DocRow>> {
    let sql = "SELECT cd.congress_id, cd.number, cd.kind, cd.title, cd.issued_on FROM congress_document cd JOIN congress c ON c.id = cd.congress_id WHERE c.org_id = $1 ORDER BY cd.congress_id, cd.number";
    let mut out = Vec::new();
    for r in all(c, sql, vec![scope.owner.id.into()]).await? {
        let number: i32 = get(&r, "number")?;
        let kind: String = get(&r, "kind")?;
        let congress: i32 = get(&r, "congress_id")?;
        out.push(DocRow {
            id: None,
            symbol: crate::congress::record_symbol(number as u32, &kind),
            number: u32::try_from(number).ok(),
            kind,
            issuer: scope.owner.code.clone(),
            issuer_name: scope.owner.name.clone(),
            date: Some(get(&r, "issued_on")?),
            subject: get(&r, "title")?,
            direction: Direction::Issued,
            status: "issued".into(),
            link: Some(DocLink::Congress(congress)),
            has_file: false,
        });
    }
    Ok(out)
}
