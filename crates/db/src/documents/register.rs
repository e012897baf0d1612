//! Reading the register: an organization's own rows beside the decisions and plans stored with
//! what they decided, filtered and newest first; one document with its text; its file.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, QueryResult};

use domain::documents::{Direction, symbol_key};

use super::sources::{Scope, congress_documents, member_decisions, org_decisions, plans};
use super::{DocFilter, DocLink, DocRow};
use crate::Db;
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{LIKE_ESCAPE, all, get, like_literal, one};

/// One document of the register with what a page shows and edits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocDetail {
    pub row: DocRow,
    pub org_code: String,
    pub congress: Option<i32>,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    /// One recipient per line ("Nơi nhận").
    pub recipients: Vec<String>,
    pub template: Option<String>,
    pub body: Option<String>,
    pub file_name: Option<String>,
    pub created_by: String,
}

pub(super) const DOC_COLS: &str = "d.id, d.org_id, d.direction, d.status, d.kind, d.number, d.symbol, d.issuer, d.issuer_name, d.congress_id, d.signed_on, d.subject, d.signer, d.signer_title, d.recipients, d.template, d.body, d.file_name, d.link_kind, d.link_id, d.created_by, o.code AS org_code, (d.file_data IS NOT NULL) AS has_file";

fn link(kind: Option<String>, id: Option<i32>, code: &str) -> Option<DocLink> {
    match (kind.as_deref(), id) {
        (Some("member"), Some(id)) => Some(DocLink::Member(id)),
        (Some("congress"), Some(id)) => Some(DocLink::Congress(id)),
        (Some("plan"), _) => Some(DocLink::Plan(code.to_string())),
        _ => None,
    }
}

pub(super) fn detail_from_row(r: &QueryResult) -> Result<DocDetail> {
    let direction: String = get(r, "direction")?;
    let direction = Direction::parse(&direction)
        .ok_or_else(|| DbError::Invalid(format!("chiều văn bản '{direction}' không rõ")))?;
    let number: Option<i32> = get(r, "number")?;
    let org_code: String = get(r, "org_code")?;
    let issuer_name: Option<String> = get(r, "issuer_name")?;
    let recipients: String = get(r, "recipients")?;
    let has_file: bool = get::<Option<bool>>(r, "has_file")?
        .or_else(|| {
            get::<Option<i32>>(r, "has_file")
                .ok()
                .flatten()
                .map(|n| n != 0)
        })
        .unwrap_or(false);
    let row = DocRow {
        id: Some(get(r, "id")?),
        symbol: get(r, "symbol")?,
        number: number.and_then(|n| u32::try_from(n).ok()),
        kind: get(r, "kind")?,
        issuer: if direction == Direction::Issued {
            org_code.clone()
        } else {
            String::new()
        },
        issuer_name: issuer_name.unwrap_or_default(),
        date: get(r, "signed_on")?,
        subject: get(r, "subject")?,
        direction,
        status: get(r, "status")?,
        link: link(get(r, "link_kind")?, get(r, "link_id")?, &org_code),
        has_file,
    };
    Ok(DocDetail {
        row,
        org_code,
        congress: get(r, "congress_id")?,
        signer: get(r, "signer")?,
        signer_title: get(r, "signer_title")?,
        recipients: recipients
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        template: get(r, "template")?,
        body: get(r, "body")?,
        file_name: get(r, "file_name")?,
        created_by: get(r, "created_by")?,
    })
}

/// Every line of an organization's register, unfiltered, in no order.
pub(super) async fn register_rows(
    c: &impl ConnectionTrait,
    scope: &mut Scope,
) -> Result<Vec<DocRow>> {
    let sql = format!(
        "SELECT {DOC_COLS}, v.name AS lead_name FROM party_document d JOIN organization o ON o.id = d.org_id JOIN org_version v ON v.org_id = o.id AND v.valid_to IS NULL WHERE d.org_id = $1 OR d.co_issuers LIKE $2 {LIKE_ESCAPE}"
    );
    let joint = format!("%,{},%", like_literal(&scope.owner.code));
    let mut rows = Vec::new();
    for r in all(c, &sql, vec![scope.owner.id.into(), joint.into()]).await? {
        let mut d = detail_from_row(&r)?;
        if d.row.direction == Direction::Issued {
            // A joint document lists its lead body first (its number is the lead's).
            let lead: String = get(&r, "lead_name")?;
            d.row.issuer_name = match d.org_code == scope.owner.code {
                true => scope.owner.name.clone(),
                false => format!("{lead} (liên tịch)"),
            };
        }
        rows.push(d.row);
    }
    rows.extend(org_decisions(c, scope).await?);
    rows.extend(member_decisions(c, scope).await?);
    rows.extend(plans(c, scope).await?);
    rows.extend(congress_documents(c, scope).await?);
    // One decision can stand behind several records (a split and the transfers it made):
    // the register lists it once, from the first source that holds it.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| {
        r.id.is_some() || seen.insert((symbol_key(&r.symbol), r.date, r.direction.code()))
    });
    Ok(rows)
}

/// Newest first; drafts (undated) at the top; then by number, highest first.
fn newest_first(rows: &mut [DocRow]) {
    rows.sort_by(|a, b| {
        let day = |r: &DocRow| r.date.unwrap_or(NaiveDate::MAX);
        day(b)
            .cmp(&day(a))
            .then(b.number.cmp(&a.number))
            .then(a.symbol.cmp(&b.symbol))
    });
}

impl Db {
    /// The register of an organization (DOMAIN.md §7), filtered, newest first.
    pub async fn doc_register(&self, org: &str, filter: &DocFilter) -> Result<Vec<DocRow>> {
        let owner = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let mut scope = Scope::load(&self.conn, owner).await?;
        let mut rows = register_rows(&self.conn, &mut scope).await?;
        rows.retain(|r| {
            filter.kind.as_deref().is_none_or(|k| r.kind == k)
                && filter.direction.is_none_or(|d| r.direction == d)
                && filter.search.as_deref().is_none_or(|q| r.matches(q))
                && filter.from.is_none_or(|f| r.date.is_some_and(|d| d >= f))
                && filter.to.is_none_or(|t| r.date.is_some_and(|d| d <= t))
        });
        newest_first(&mut rows);
        Ok(rows)
    }

    /// One document of the register.
    pub async fn document(&self, id: i32) -> Result<DocDetail> {
        let sql = format!(
            "SELECT {DOC_COLS} FROM party_document d JOIN organization o ON o.id = d.org_id WHERE d.id = $1"
        );
        let r = one(&self.conn, &sql, vec![id.into()])
            .await?
            .ok_or(DbError::NotFound {
                what: "văn bản",
                key: id.to_string(),
            })?;
        detail_from_row(&r)
    }

    /// The file attached to a document: its name, type and bytes.
    pub async fn document_file(&self, id: i32) -> Result<Option<(String, String, Vec<u8>)>> {
        let r = one(
            &self.conn,
            "SELECT file_name, file_type, file_data FROM party_document WHERE id = $1",
            vec![id.into()],
        )
        .await?;
        let Some(r) = r else { return Ok(None) };
        let data: Option<Vec<u8>> = get(&r, "file_data")?;
        Ok(data.map(|d| {
            (
                get::<Option<String>>(&r, "file_name")
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                get::<Option<String>>(&r, "file_type")
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                d,
            )
        }))
    }
}
