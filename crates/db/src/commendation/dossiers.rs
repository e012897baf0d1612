//! Commendation dossiers (hồ sơ đề nghị khen thưởng): submitted with the history they claim and
//! their documents, appraised against the rules (one, or every waiting dossier of a subtree at
//! once with progress), proposed, and decided into an award. Each step follows the order of
//! `domain::commendation::dossier::advance` and is audited; the appraisal is due a number of
//! working days after submission (a dated setting, the holiday table).

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::commendation::dossier::{self, DocumentKind, Status, Step};
use domain::commendation::{AwardKind, Method, Subject, Verdict, wire};
use domain::dated::APPRAISAL_WORKING_DAYS;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::awards::{NewAward, insert_award};
use super::history::member_case_in;
use super::{RuleBook, rule_book_in};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, now, one};

/// A dossier to submit.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub org_code: String,
    pub subject: Subject,
    pub person: Option<i32>,
    pub recipient: Option<String>,
    pub kind: AwardKind,
    pub year: i32,
    pub method: Method,
    /// The history claimed (the JSON of `dangvu commend eligible`) for someone outside the
    /// register or a collective; a member's is read from the register.
    pub history: Option<String>,
    pub submitted_on: NaiveDate,
}

/// A dossier as the work list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierRow {
    pub id: i32,
    pub org_code: String,
    pub org_name: String,
    pub subject: Subject,
    pub person: Option<i32>,
    pub recipient: String,
    pub kind: AwardKind,
    pub year: i32,
    pub method: Method,
    pub status: Status,
    pub submitted_on: NaiveDate,
    pub due_on: NaiveDate,
    pub rule: Option<String>,
    pub reasons: Vec<String>,
    pub award: Option<i32>,
}

impl DossierRow {
    /// Open and past its due date on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due_on < today
    }
}

/// One document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: i32,
    pub kind: DocumentKind,
    pub title: String,
    pub file_name: Option<String>,
    pub added_on: NaiveDate,
}

/// How many dossiers of a subtree are in each status, and how many are overdue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DossierCounts {
    pub by_status: Vec<(Status, u64)>,
    pub overdue: u64,
    pub total: u64,
}

const SELECT_DOSSIER: &str = "SELECT d.id, o.code, COALESCE(ov.name, o.code) AS name, d.subject, d.person_id, d.recipient, d.kind, d.year, d.method, d.status, \
     d.submitted_on, d.due_on, d.rule, d.reasons, d.award_id FROM commendation_dossier d JOIN organization o ON o.id = d.org_id \
     LEFT JOIN org_version ov ON ov.org_id = d.org_id AND ov.valid_to IS NULL";

fn dossier_row(r: &sea_orm::QueryResult) -> Result<DossierRow> {
    let code = |what: &str, v: String| {
        DbError::Invalid(format!("{what} \"{v}\" không hợp lệ trong cơ sở dữ liệu"))
    };
    let s: String = get(r, "subject")?;
    let k: String = get(r, "kind")?;
    let m: String = get(r, "method")?;
    let st: String = get(r, "status")?;
    let reasons: Option<String> = get(r, "reasons")?;
    Ok(DossierRow {
        id: get(r, "id")?,
        org_code: get(r, "code")?,
        org_name: get(r, "name")?,
        subject: Subject::from_code(&s).ok_or_else(|| code("đối tượng", s.clone()))?,
        person: get(r, "person_id")?,
        recipient: get(r, "recipient")?,
        kind: AwardKind::from_code(&k).ok_or_else(|| code("hình thức", k.clone()))?,
        year: get(r, "year")?,
        method: Method::from_code(&m).ok_or_else(|| code("phương thức", m.clone()))?,
        status: Status::from_code(&st).ok_or_else(|| code("trạng thái", st.clone()))?,
        submitted_on: get(r, "submitted_on")?,
        due_on: get(r, "due_on")?,
        rule: get(r, "rule")?,
        reasons: reasons
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        award: get(r, "award_id")?,
    })
}

impl Db {
    /// Submits a dossier: its history is the member's from the register or the one claimed,
    /// its appraisal due `APPRAISAL_WORKING_DAYS` working days later.
    pub async fn submit_dossier(&self, actor: &Actor, d: &NewDossier) -> Result<i32> {
        if !d.kind.admits(d.subject) {
            return Err(DbError::Invalid(format!(
                "{} không dành cho {}",
                d.kind.label(),
                d.subject.label()
            )));
        }
        let calendar = self.holiday_calendar().await?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &d.org_code, None).await?;
        let (recipient, history) = match d.person {
            Some(p) => {
                super::require_person_in(&tx, p, &org.path).await?;
                let name = one(
                    &tx,
                    "SELECT full_name FROM person WHERE id = $1",
                    vec![p.into()],
                )
                .await?
                .ok_or_else(|| DbError::NotFound {
                    what: "đảng viên",
                    key: p.to_string(),
                })?;
                let case = member_case_in(&tx, p, d.year).await?;
                (
                    get::<String>(&name, "full_name")?,
                    wire::to_json(&case).to_string(),
                )
            }
            None => {
                let name = domain::text::normalize(d.recipient.as_deref().unwrap_or(""));
                if name.is_empty() {
                    return Err(DbError::Invalid(format!(
                        "cần ghi tên {} được đề nghị",
                        d.subject.label()
                    )));
                }
                let raw = d.history.as_deref().unwrap_or("");
                let case = wire::parse(raw)
                    .map_err(|e| DbError::Invalid(format!("quá trình thành tích: {e}")))?;
                if case.subject != d.subject || case.year != d.year {
                    return Err(DbError::Invalid(
                        "quá trình thành tích không khớp đối tượng hoặc năm của hồ sơ".into(),
                    ));
                }
                (name, raw.to_string())
            }
        };
        let days = rule_book_in(&tx)
            .await?
            .get(&APPRAISAL_WORKING_DAYS)
            .on(d.submitted_on);
        let due = dossier::due_on(d.submitted_on, days, &calendar);
        let r = one(
            &tx,
            "INSERT INTO commendation_dossier (org_id, subject, person_id, recipient, kind, year, method, history, status, submitted_on, due_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            vec![
                org.id.into(), d.subject.code().into(), d.person.into(), recipient.clone().into(),
                d.kind.code().into(), d.year.into(), d.method.code().into(), history.into(),
                Status::Submitted.code().into(), d.submitted_on.into(), due.into(), now().into(),
            ],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được hồ sơ".into()))?;
        let id: i32 = get(&r, "id")?;
        audit::record(&tx, actor, "dossier_submitted", "commendation_dossier", id, None,
            Some(json!({"org": org.code, "recipient": recipient, "kind": d.kind.code(), "year": d.year, "due_on": due}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds a document to a dossier (before it is proposed).
    pub async fn add_dossier_document(
        &self,
        actor: &Actor,
        id: i32,
        kind: DocumentKind,
        title: &str,
        file: Option<(String, Vec<u8>)>,
        on: NaiveDate,
    ) -> Result<i32> {
        let row = self.dossier(id).await?;
        if !matches!(
            row.status,
            Status::Submitted | Status::Eligible | Status::Ineligible
        ) {
            return Err(DbError::Invalid(format!(
                "hồ sơ đang ở trạng thái \"{}\": không bổ sung văn bản được nữa",
                row.status.label()
            )));
        }
        let title = match domain::text::normalize(title) {
            t if t.is_empty() => kind.label().to_string(),
            t => t,
        };
        let (name, content) = file.map_or((None, None), |(n, c)| {
            (Some(domain::text::normalize(&n)), Some(c))
        });
        let tx = self.write_tx().await?;
        let r = one(
            &tx,
            "INSERT INTO commendation_document (dossier_id, kind, title, file_name, content, added_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            vec![id.into(), kind.code().into(), title.clone().into(), name.clone().into(), content.into(), on.into(), now().into()],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được văn bản".into()))?;
        let doc: i32 = get(&r, "id")?;
        audit::record(
            &tx,
            actor,
            "create",
            "commendation_document",
            doc,
            None,
            Some(json!({"dossier": id, "kind": kind.code(), "title": title, "file": name})),
        )
        .await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// A dossier.
    pub async fn dossier(&self, id: i32) -> Result<DossierRow> {
        dossier_in(&self.conn, id).await
    }

    /// A dossier's documents and the history it claims.
    pub async fn dossier_papers(&self, id: i32) -> Result<(Vec<DocumentRow>, String)> {
        let docs = all(&self.conn, "SELECT id, kind, title, file_name, added_on FROM commendation_document WHERE dossier_id = $1 ORDER BY id", vec![id.into()]).await?;
        let docs = docs
            .iter()
            .map(|r| {
                let k: String = get(r, "kind")?;
                Ok(DocumentRow {
                    id: get(r, "id")?,
                    kind: DocumentKind::from_code(&k).ok_or_else(|| {
                        DbError::Invalid(format!("loại văn bản \"{k}\" không hợp lệ"))
                    })?,
                    title: get(r, "title")?,
                    file_name: get(r, "file_name")?,
                    added_on: get(r, "added_on")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let h = one(
            &self.conn,
            "SELECT history FROM commendation_dossier WHERE id = $1",
            vec![id.into()],
        )
        .await?;
        let history = h
            .map(|r| get::<String>(&r, "history"))
            .transpose()?
            .unwrap_or_default();
        Ok((docs, history))
    }

    /// A document's file: its name and bytes.
    pub async fn dossier_document_file(&self, dossier: i32, doc: i32) -> Result<(String, Vec<u8>)> {
        let r = one(&self.conn, "SELECT file_name, content FROM commendation_document WHERE id = $1 AND dossier_id = $2", vec![doc.into(), dossier.into()])
            .await?
            .ok_or_else(|| DbError::NotFound { what: "văn bản", key: doc.to_string() })?;
        let name: Option<String> = get(&r, "file_name")?;
        let content: Option<Vec<u8>> = get(&r, "content")?;
        match (name, content) {
            (Some(n), Some(c)) => Ok((n, c)),
            _ => Err(DbError::NotFound {
                what: "tệp của văn bản",
                key: doc.to_string(),
            }),
        }
    }

    /// The dossiers of `org`'s subtree, overdue first, then by due date.
    pub async fn dossiers(
        &self,
        org: &str,
        status: Option<Status>,
        today: NaiveDate,
        limit: u64,
    ) -> Result<Vec<DossierRow>> {
        let o = require_org(&self.conn, org, None).await?;
        dossiers_in(&self.conn, &o.path, status, today, limit).await
    }

    /// How many dossiers of `org`'s subtree are in each status, and overdue on `today`.
    pub async fn dossier_counts(&self, org: &str, today: NaiveDate) -> Result<DossierCounts> {
        let o = require_org(&self.conn, org, None).await?;
        let rows = all(
            &self.conn,
                            "SELECT d.status, COUNT(*) AS n, SUM(CASE WHEN d.status IN ('submitted', 'eligible', 'proposed') AND d.due_on < $2 THEN 1 ELSE 0 END) AS late \
                 FROM commendation_dossier d JOIN organization o ON o.id = d.org_id WHERE o.id IN (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1) GROUP BY d.status",
            vec![format!("{}%", o.path).into(), today.into()],
        )
        .await?;
        let mut out = DossierCounts::default();
        for s in Status::ALL {
            let r = rows
                .iter()
                .find(|r| get::<String>(r, "status").is_ok_and(|x| x == s.code()));
            let n = r
                .map(|r| crate::sql::get_count(r, "n"))
                .transpose()?
                .unwrap_or(0);
            out.overdue += r
                .map(|r| crate::sql::get_count(r, "late"))
                .transpose()?
                .unwrap_or(0);
            out.total += n;
            out.by_status.push((s, n));
        }
        Ok(out)
    }
}

async fn dossiers_in(
    c: &impl ConnectionTrait,
    path: &str,
    status: Option<Status>,
    today: NaiveDate,
    limit: u64,
) -> Result<Vec<DossierRow>> {
    let (filter, mut values): (&str, Vec<sea_orm::Value>) = match status {
        Some(s) => (" AND d.status = $3", vec![s.code().into()]),
        None => ("", vec![]),
    };
    let mut v: Vec<sea_orm::Value> = vec![format!("{path}%").into(), today.into()];
    v.append(&mut values);
    let rows = all(
            c,
            &format!(
                "{SELECT_DOSSIER} WHERE o.id IN (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1){filter} ORDER BY \
                 CASE WHEN d.status IN ('submitted', 'eligible', 'proposed') AND d.due_on < $2 THEN 0 \
                      WHEN d.status IN ('submitted', 'eligible', 'proposed') THEN 1 ELSE 2 END, d.due_on, d.id LIMIT {limit}"
            ),
            v,
        )
        .await?;
    rows.iter().map(dossier_row).collect()
}

/// A dossier read on `c` (inside a write: the status a step checks is the one it changes).
async fn dossier_in(c: &impl ConnectionTrait, id: i32) -> Result<DossierRow> {
    let r = one(
        c,
        &format!("{SELECT_DOSSIER} WHERE d.id = $1"),
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| DbError::NotFound {
        what: "hồ sơ khen thưởng",
        key: id.to_string(),
    })?;
    dossier_row(&r)
}

/// The kinds of document and the claimed history of the dossiers `ids` (a subquery), in two
/// reads whatever their number.
async fn papers_of(
    c: &impl ConnectionTrait,
    ids: &str,
    values: Vec<sea_orm::Value>,
) -> Result<HashMap<i32, (Vec<DocumentKind>, String)>> {
    let mut out: HashMap<i32, (Vec<DocumentKind>, String)> = HashMap::new();
    let sql = format!("SELECT id, history FROM commendation_dossier WHERE id IN {ids}");
    for r in all(c, &sql, values.clone()).await? {
        out.insert(get(&r, "id")?, (Vec::new(), get(&r, "history")?));
    }
    let sql =
        format!("SELECT dossier_id, kind FROM commendation_document WHERE dossier_id IN {ids}");
    for r in all(c, &sql, values).await? {
        let id: i32 = get(&r, "dossier_id")?;
        if let (Some(e), Some(k)) = (
            out.get_mut(&id),
            DocumentKind::from_code(&get::<String>(&r, "kind")?),
        ) {
            e.0.push(k);
        }
    }
    Ok(out)
}

impl Db {
    /// Appraises one dossier on `on`: documents, then the rule; recorded with the rule that
    /// decided.
    pub async fn appraise_dossier(&self, actor: &Actor, id: i32, on: NaiveDate) -> Result<Verdict> {
        let book = self.rule_book().await?;
        let tx = self.write_tx().await?;
        let row = dossier_in(&tx, id).await?;
        let papers = papers_of(&tx, "($1)", vec![id.into()]).await?;
        let (docs, history) = papers.get(&id).cloned().unwrap_or_default();
        let v = appraise_in(&tx, actor, &book, &row, (&docs, &history), on).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// Appraises every dossier of `org`'s subtree still waiting (submitted), in one write,
    /// calling `progress(done, total)` as it goes. Returns (appraised, eligible).
    pub async fn appraise_waiting(
        &self,
        actor: &Actor,
        org: &str,
        on: NaiveDate,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<(usize, usize)> {
        let o = require_org(&self.conn, org, None).await?;
        let book = self.rule_book().await?;
        let tx = self.write_tx().await?;
        let rows = dossiers_in(&tx, &o.path, Some(Status::Submitted), on, u64::MAX >> 1).await?;
        let waiting = "(SELECT d.id FROM commendation_dossier d WHERE d.status = 'submitted' AND d.org_id IN \
             (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1))";
        let papers = papers_of(&tx, waiting, vec![format!("{}%", o.path).into()]).await?;
        let total = rows.len();
        let mut eligible = 0;
        for (i, row) in rows.iter().enumerate() {
            let (docs, history) = papers.get(&row.id).map_or((&[][..], ""), |(d, h)| (d, h));
            if appraise_in(&tx, actor, &book, row, (docs, history), on)
                .await?
                .eligible
            {
                eligible += 1;
            }
            if i % 50 == 49 || i + 1 == total {
                progress(i + 1, total);
            }
        }
        tx.commit().await?;
        Ok((total, eligible))
    }

    /// Proposes an eligible dossier for the award (trình khen thưởng).
    pub async fn propose_dossier(&self, actor: &Actor, id: i32, on: NaiveDate) -> Result<()> {
        let tx = self.write_tx().await?;
        let row = dossier_in(&tx, id).await?;
        let next = dossier::advance(row.status, Step::Propose, row.status == Status::Eligible)
            .map_err(DbError::invalid)?;
        exec(
            &tx,
            "UPDATE commendation_dossier SET status = $1, proposed_on = $2 WHERE id = $3",
            vec![next.code().into(), on.into(), id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "dossier_proposed",
            "commendation_dossier",
            id,
            Some(json!({"status": row.status.code()})),
            Some(json!({"status": next.code(), "on": on})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the decision on a proposed dossier: the award with its decision, and the
    /// dossier closed with it.
    pub async fn decide_dossier(
        &self,
        actor: &Actor,
        id: i32,
        symbol: &str,
        issuer: &str,
        decided_on: NaiveDate,
    ) -> Result<i32> {
        let tx = self.write_tx().await?;
        let row = dossier_in(&tx, id).await?;
        let next = dossier::advance(row.status, Step::Decide, true).map_err(DbError::invalid)?;
        let award = insert_award(
            &tx,
            actor,
            &NewAward {
                subject: row.subject,
                org_code: row.org_code.clone(),
                person: row.person,
                recipient: Some(row.recipient.clone()),
                kind: row.kind,
                year: row.year,
                method: row.method,
                symbol: symbol.to_string(),
                issuer: issuer.to_string(),
                decided_on,
                dossier: Some(id),
            },
        )
        .await?;
        exec(&tx, "UPDATE commendation_dossier SET status = $1, decided_on = $2, award_id = $3 WHERE id = $4",
            vec![next.code().into(), decided_on.into(), award.into(), id.into()]).await?;
        audit::record(
            &tx,
            actor,
            "dossier_decided",
            "commendation_dossier",
            id,
            Some(json!({"status": row.status.code()})),
            Some(json!({"status": next.code(), "award": award})),
        )
        .await?;
        tx.commit().await?;
        Ok(award)
    }
}

/// Appraises `row` inside a write, on its documents and claimed history, and records the
/// verdict.
async fn appraise_in(
    c: &impl ConnectionTrait,
    actor: &Actor,
    book: &RuleBook,
    row: &DossierRow,
    (kinds, history): (&[DocumentKind], &str),
    on: NaiveDate,
) -> Result<Verdict> {
    let v = dossier::appraise(row.kind, history, kinds, |y| book.thresholds(y));
    let next =
        dossier::advance(row.status, Step::Appraise, v.eligible).map_err(DbError::invalid)?;
    exec(c, "UPDATE commendation_dossier SET status = $1, eligible = $2, rule = $3, reasons = $4, appraised_on = $5 WHERE id = $6",
        vec![next.code().into(), v.eligible.into(), v.rule.clone().into(), v.reasons.join("\n").into(), on.into(), row.id.into()]).await?;
    audit::record(c, actor, "dossier_appraised", "commendation_dossier", row.id,
        Some(json!({"status": row.status.code()})),
        Some(json!({"status": next.code(), "eligible": v.eligible, "rule": v.rule, "reasons": v.reasons}))).await?;
    Ok(v)
}
