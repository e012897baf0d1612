//! Writing the register: a document recorded with the number it already carries (received, or
//! issued before dangvu kept the register), a draft written from a template and edited, and the
//! draft numbered — the next number of its series, given here and never typed (HD 36).

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::json;

use domain::documents::{
    Direction, SeriesEntry, check_recorded, issuer_abbrev, next_number, symbol_key, term_start,
};
use domain::register::org::{DocKind, DocSymbol};

use super::register::{DOC_COLS, detail_from_row, register_rows};
use super::sources::Scope;
use super::{DocLink, DocRow};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, now, one};

/// A file attached to a document: its name, media type and bytes.
#[derive(Debug, Clone)]
pub struct DocFile {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// A document that already carries its number and date.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub org: String,
    pub direction: Direction,
    pub symbol: String,
    pub signed_on: NaiveDate,
    pub subject: String,
    /// The sender of a received document ("Đảng ủy Khối các cơ quan tỉnh").
    pub issuer_name: Option<String>,
    pub signer: Option<String>,
    pub recipients: Vec<String>,
    pub congress: Option<i32>,
    pub file: Option<DocFile>,
    /// For a joint document issued by the organization as lead body: the codes of the other
    /// issuing organizations (their registers list it; its number is the lead's).
    pub co_issuers: Vec<String>,
}

/// A draft: the text of a document before it is numbered.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub org: String,
    pub kind: String,
    /// The template it was written from (`resolution`, `decision`, `plan`, `notice`,
    /// `report`), if any.
    pub template: Option<String>,
    pub subject: String,
    pub body: String,
    pub signer: Option<String>,
    /// "T/M CHI BỘ\nBÍ THƯ".
    pub signer_title: Option<String>,
    pub recipients: Vec<String>,
    /// The congress whose series numbers it.
    pub congress: Option<i32>,
}

fn kind_of(raw: &str) -> Result<DocKind> {
    let wanted = domain::text::normalize(raw);
    DocKind::ALL
        .into_iter()
        .find(|k| {
            k.abbrev().eq_ignore_ascii_case(&wanted) || k.label().eq_ignore_ascii_case(&wanted)
        })
        .ok_or_else(|| {
            DbError::Invalid(format!(
                "loại văn bản \"{wanted}\" không có; dùng một trong: {}",
                DocKind::ALL.map(DocKind::abbrev).join(", ")
            ))
        })
}

fn required(what: &str, raw: &str) -> Result<String> {
    let t = domain::text::normalize(raw);
    if t.is_empty() {
        Err(DbError::Invalid(format!("cần ghi {what}")))
    } else {
        Ok(t)
    }
}

/// The series a document of the owner falls in, as stored (`term:KH:2020-05-16`,
/// `congress:12`), and the documents already numbered in it.
async fn series(
    c: &impl ConnectionTrait,
    scope: &mut Scope,
    kind: DocKind,
    date: NaiveDate,
    congress: Option<i32>,
) -> Result<(String, Vec<SeriesEntry>)> {
    let rows = register_rows(c, scope).await?;
    let entry = |r: &DocRow| {
        r.number.zip(r.date).map(|(number, date)| SeriesEntry {
            number,
            date,
            symbol: r.symbol.clone(),
        })
    };
    if let Some(id) = congress {
        let own = all(
            c,
            "SELECT id FROM party_document WHERE org_id = $1 AND series = $2",
            vec![scope.owner.id.into(), format!("congress:{id}").into()],
        )
        .await?
        .iter()
        .map(|r| get::<i32>(r, "id"))
        .collect::<Result<Vec<_>>>()?;
        let entries = rows
            .iter()
            .filter(|r| {
                r.link == Some(DocLink::Congress(id)) || r.id.is_some_and(|i| own.contains(&i))
            })
            .filter_map(entry)
            .collect();
        return Ok((format!("congress:{id}"), entries));
    }
    let closes: Vec<NaiveDate> = all(
        c,
        "SELECT ends_on FROM congress WHERE org_id = $1",
        vec![scope.owner.id.into()],
    )
    .await?
    .iter()
    .map(|r| get(r, "ends_on"))
    .collect::<Result<_>>()?;
    let from = term_start(date, scope.owner.created_on, &closes);
    let to = closes.iter().filter(|c| **c >= from).min().copied();
    let entries = rows
        .iter()
        .filter(|r| r.direction == Direction::Issued && r.kind == kind.abbrev())
        .filter(|r| !matches!(r.link, Some(DocLink::Congress(_))))
        .filter(|r| r.issuer == scope.owner.code)
        .filter(|r| {
            r.date
                .is_some_and(|d| d >= from && to.is_none_or(|t| d <= t))
        })
        .filter_map(entry)
        .collect();
    Ok((format!("term:{}:{from}", kind.abbrev()), entries))
}

impl Db {
    /// Records a document that already carries its number: one received, or one the
    /// organization issued before dangvu kept its register. An issued one must continue its
    /// series (no number twice, no gap, no date before the one numbered before it).
    pub async fn record_document(&self, actor: &Actor, new: &NewDocument) -> Result<i32> {
        let subject = required("trích yếu văn bản", &new.subject)?;
        let symbol = DocSymbol::parse(&new.symbol).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let owner = require_org(&tx, &new.org.trim().to_uppercase(), None).await?;
        let mut scope = Scope::load(&tx, owner).await?;
        let series_key = match new.direction {
            Direction::Issued => {
                let own = issuer_abbrev(scope.owner.kind);
                if symbol.issuer != own && new.congress.is_none() {
                    return Err(DbError::Invalid(format!(
                        "ký hiệu {symbol} không phải của {} (ký hiệu của tổ chức này là …/{own})",
                        scope.owner.name
                    )));
                }
                let (key, entries) =
                    series(&tx, &mut scope, symbol.kind, new.signed_on, new.congress).await?;
                check_recorded(&entries, symbol.number, new.signed_on).map_err(DbError::invalid)?;
                Some(key)
            }
            Direction::Received => {
                let rows = register_rows(&tx, &mut scope).await?;
                let key = symbol_key(&symbol.to_string());
                if rows.iter().any(|r| {
                    r.direction == Direction::Received
                        && symbol_key(&r.symbol) == key
                        && r.date == Some(new.signed_on)
                }) {
                    return Err(DbError::Invalid(format!(
                        "văn bản {symbol} ngày {} đã có trong sổ văn bản đến",
                        domain::text::format_date(new.signed_on)
                    )));
                }
                None
            }
        };
        let joint = co_issuers(&tx, new).await?;
        let id = insert_document(&tx, actor, &scope, new, (&symbol, &subject), series_key).await?;
        if let Some(j) = &joint {
            exec(
                &tx,
                "UPDATE party_document SET co_issuers = $1 WHERE id = $2",
                vec![j.clone().into(), id.into()],
            )
            .await?;
        }
        audit::record(&tx, actor, "create", "party_document", id, None,
            Some(json!({"org": scope.owner.code, "symbol": symbol.to_string(), "direction": new.direction.code(), "date": new.signed_on, "subject": subject}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes a draft (no number yet); returns its id.
    pub async fn draft_document(&self, actor: &Actor, draft: &Draft) -> Result<i32> {
        let kind = kind_of(&draft.kind)?;
        let subject = required("trích yếu văn bản", &draft.subject)?;
        let tx = self.write_tx().await?;
        let owner = require_org(&tx, &draft.org.trim().to_uppercase(), None).await?;
        let search = domain::text::search_key(&subject);
        let id = insert_id(
            &tx,
            "INSERT INTO party_document (org_id, direction, status, kind, number, symbol, issuer, series, congress_id, subject, signer, signer_title, recipients, template, body, search_key, created_at, created_by) VALUES ($1, 'issued', 'draft', $2, NULL, '', $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            vec![
                owner.id.into(), kind.abbrev().into(), issuer_abbrev(owner.kind).into(),
                draft.congress.into(), subject.clone().into(), draft.signer.clone().into(),
                draft.signer_title.clone().into(), draft.recipients.join("\n").into(),
                draft.template.clone().into(), domain::text::normalize_lines(&draft.body).into(),
                search.into(), now().into(), actor.0.clone().into(),
            ],
        )
        .await?;
        audit::record(&tx, actor, "create", "party_document", id, None,
            Some(json!({"org": owner.code, "kind": kind.abbrev(), "status": "draft", "subject": subject}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a draft's text; a numbered document is refused (it is issued as it stands).
    pub async fn edit_draft(&self, actor: &Actor, id: i32, draft: &Draft) -> Result<()> {
        let subject = required("trích yếu văn bản", &draft.subject)?;
        let tx = self.write_tx().await?;
        let before = load(&tx, id).await?;
        if before.row.status != "draft" {
            return Err(DbError::Invalid(format!(
                "văn bản {} đã ban hành, không sửa được nội dung",
                before.row.symbol
            )));
        }
        exec(
            &tx,
            "UPDATE party_document SET subject = $1, body = $2, signer = $3, signer_title = $4, recipients = $5, search_key = $6 WHERE id = $7",
            vec![
                subject.clone().into(), domain::text::normalize_lines(&draft.body).into(),
                draft.signer.clone().into(), draft.signer_title.clone().into(),
                draft.recipients.join("\n").into(), domain::text::search_key(&subject).into(), id.into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "party_document",
            id,
            Some(json!({"subject": before.row.subject, "body": before.body})),
            Some(json!({"subject": subject, "body": draft.body})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Numbers a draft: the next number of its series, signed on `signed_on` (not before the
    /// document numbered before it). Returns the symbol.
    pub async fn issue_document(
        &self,
        actor: &Actor,
        id: i32,
        signed_on: NaiveDate,
    ) -> Result<String> {
        let tx = self.write_tx().await?;
        let d = load(&tx, id).await?;
        if d.row.status != "draft" {
            return Err(DbError::Invalid(format!(
                "văn bản {} đã được cấp số",
                d.row.symbol
            )));
        }
        let owner = require_org(&tx, &d.org_code, None).await?;
        let mut scope = Scope::load(&tx, owner).await?;
        let kind = kind_of(&d.row.kind)?;
        let (key, entries) = series(&tx, &mut scope, kind, signed_on, d.congress).await?;
        let number = next_number(&entries);
        check_recorded(&entries, number, signed_on).map_err(DbError::invalid)?;
        let issuer = if d.congress.is_some() {
            "ĐH"
        } else {
            issuer_abbrev(scope.owner.kind)
        };
        let symbol = DocSymbol {
            number,
            kind,
            issuer: issuer.into(),
        }
        .to_string();
        let search = domain::text::search_key(&format!("{symbol} {}", d.row.subject));
        exec(
            &tx,
            "UPDATE party_document SET status = 'issued', number = $1, symbol = $2, series = $3, signed_on = $4, issuer = $5, search_key = $6 WHERE id = $7 AND status = 'draft'",
            vec![(number as i32).into(), symbol.clone().into(), key.into(), signed_on.into(), issuer.into(), search.into(), id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "issue",
            "party_document",
            id,
            Some(json!({"status": "draft"})),
            Some(json!({"status": "issued", "symbol": symbol, "date": signed_on})),
        )
        .await?;
        tx.commit().await?;
        Ok(symbol)
    }

    /// The number the next document of a kind would get on a date (shown beside a draft).
    pub async fn next_document_number(
        &self,
        org: &str,
        kind: &str,
        on: NaiveDate,
        congress: Option<i32>,
    ) -> Result<String> {
        let kind = kind_of(kind)?;
        let owner = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let mut scope = Scope::load(&self.conn, owner).await?;
        let (_, entries) = series(&self.conn, &mut scope, kind, on, congress).await?;
        let issuer = if congress.is_some() {
            "ĐH"
        } else {
            issuer_abbrev(scope.owner.kind)
        };
        Ok(DocSymbol {
            number: next_number(&entries),
            kind,
            issuer: issuer.into(),
        }
        .to_string())
    }
}

/// The co-issuers of a joint document as stored (",DB-A,DB-B,"), each an organization that
/// exists; only an issued document has them.
async fn co_issuers(c: &impl ConnectionTrait, new: &NewDocument) -> Result<Option<String>> {
    if new.co_issuers.is_empty() {
        return Ok(None);
    }
    if new.direction != Direction::Issued {
        return Err(DbError::Invalid(
            "chỉ văn bản đi mới có cơ quan đồng ban hành".into(),
        ));
    }
    let mut codes = Vec::new();
    for raw in &new.co_issuers {
        let o = require_org(c, &raw.trim().to_uppercase(), None).await?;
        codes.push(o.code);
    }
    Ok(Some(format!(",{},", codes.join(","))))
}

async fn load(c: &impl ConnectionTrait, id: i32) -> Result<super::register::DocDetail> {
    let sql = format!(
        "SELECT {DOC_COLS} FROM party_document d JOIN organization o ON o.id = d.org_id WHERE d.id = $1"
    );
    let r = one(c, &sql, vec![id.into()])
        .await?
        .ok_or(DbError::NotFound {
            what: "văn bản",
            key: id.to_string(),
        })?;
    detail_from_row(&r)
}

async fn insert_document(
    c: &impl ConnectionTrait,
    actor: &Actor,
    scope: &Scope,
    new: &NewDocument,
    (symbol, subject): (&DocSymbol, &str),
    series_key: Option<String>,
) -> Result<i32> {
    let (file_name, file_type, file_data) = match &new.file {
        Some(f) => (
            Some(f.name.clone()),
            Some(f.media_type.clone()),
            Some(f.bytes.clone()),
        ),
        None => (None, None, None),
    };
    let search = domain::text::search_key(&format!("{symbol} {subject}"));
    insert_id(
        c,
        "INSERT INTO party_document (org_id, direction, status, kind, number, symbol, issuer, issuer_name, series, congress_id, signed_on, subject, signer, recipients, file_name, file_type, file_data, search_key, created_at, created_by) VALUES ($1, $2, 'issued', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        vec![
            scope.owner.id.into(), new.direction.code().into(), symbol.kind.abbrev().into(),
            (symbol.number as i32).into(), symbol.to_string().into(), symbol.issuer.clone().into(),
            new.issuer_name.clone().into(), series_key.into(), new.congress.into(),
            new.signed_on.into(), subject.into(), new.signer.clone().into(),
            new.recipients.join("\n").into(), file_name.into(), file_type.into(),
            file_data.into(), search.into(), now().into(), actor.0.clone().into(),
        ],
    )
    .await
}
