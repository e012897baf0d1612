//! Titles and awards given, per year, to members of the register or to people and collectives
//! outside it, with their decision (number, symbol, issuer, date), their method, and the reward
//! computed from the coefficient × the base salary in force on the decision date; and the
//! initiatives recognized. A record is checked by `domain::commendation::decision` first.

use chrono::NaiveDate;
use domain::commendation::decision::{self, DecisionSymbol};
use domain::commendation::{AwardKind, InitiativeLevel, Method, Subject};
use domain::dated::BASE_SALARY;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::rule_book_in;
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, get, now, one};

/// A title or award to record.
#[derive(Debug, Clone)]
pub struct NewAward {
    pub subject: Subject,
    /// The organization it is counted under (the unit that proposed it).
    pub org_code: String,
    /// A member of the register, when the recipient is one.
    pub person: Option<i32>,
    /// The recipient's name when not a member (a person or a collective outside the register).
    pub recipient: Option<String>,
    pub kind: AwardKind,
    pub year: i32,
    pub method: Method,
    pub symbol: String,
    /// The issuer's name; the symbol's issuer part when empty.
    pub issuer: String,
    pub decided_on: NaiveDate,
    pub dossier: Option<i32>,
}

/// A recorded title or award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardRow {
    pub id: i32,
    pub subject: Subject,
    pub org_code: String,
    pub person: Option<i32>,
    pub recipient: String,
    pub kind: AwardKind,
    pub year: i32,
    pub method: Method,
    pub symbol: String,
    pub issuer: String,
    pub decided_on: NaiveDate,
    pub amount: i64,
}

impl Db {
    /// Records a title or award after the checks of `decision::check_record`; the audit log
    /// keeps it.
    pub async fn record_award(&self, actor: &Actor, a: &NewAward) -> Result<i32> {
        let tx = self.write_tx().await?;
        let id = insert_award(&tx, actor, a).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records many awards to people and collectives outside the register (a year's decisions
    /// typed from paper, the demo's statistics) in one write, each checked as one is, with one
    /// audit entry for the batch.
    pub async fn load_awards(&self, actor: &Actor, awards: &[NewAward]) -> Result<usize> {
        let tx = self.write_tx().await?;
        let salary = rule_book_in(&tx).await?.get(&BASE_SALARY);
        let mut orgs = std::collections::HashMap::new();
        for a in awards {
            if a.person.is_some() {
                return Err(DbError::Invalid(
                    "ghi hàng loạt chỉ dành cho người, tập thể ngoài sổ đảng viên".into(),
                ));
            }
            if !orgs.contains_key(&a.org_code) {
                orgs.insert(
                    a.org_code.clone(),
                    require_org(&tx, &a.org_code, None).await?.id,
                );
            }
            decision::check_record(a.kind, a.subject, a.year, a.decided_on, None)
                .map_err(DbError::invalid)?;
            let row = Checked::of(a, orgs[&a.org_code], recipient_of(&tx, a).await?, &salary)?;
            insert_checked(&tx, a, &row).await?;
        }
        audit::record(
            &tx,
            actor,
            "import",
            "commendation_award",
            0,
            None,
            Some(json!({"count": awards.len()})),
        )
        .await?;
        tx.commit().await?;
        Ok(awards.len())
    }

    /// One recorded award.
    pub async fn award(&self, id: i32) -> Result<AwardRow> {
        let r = one(
            &self.conn,
            &format!("{SELECT_AWARD} WHERE a.id = $1"),
            vec![id.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "khen thưởng",
            key: id.to_string(),
        })?;
        award_row(&r)
    }

    /// A member's titles and awards, oldest first.
    pub async fn awards_of_person(&self, person: i32) -> Result<Vec<AwardRow>> {
        let rows = all(
            &self.conn,
            &format!("{SELECT_AWARD} WHERE a.person_id = $1 ORDER BY a.year, a.decided_on, a.id"),
            vec![person.into()],
        )
        .await?;
        rows.iter().map(award_row).collect()
    }

    /// Records an initiative recognized for a member in a year.
    pub async fn record_initiative(
        &self,
        actor: &Actor,
        person: i32,
        year: i32,
        level: InitiativeLevel,
        title: &str,
    ) -> Result<i32> {
        let title = domain::text::normalize(title);
        if title.is_empty() {
            return Err(DbError::Invalid("cần ghi tên sáng kiến".into()));
        }
        let tx = self.write_tx().await?;
        let home = one(
            &tx,
            "SELECT org_id FROM posting WHERE person_id = $1 AND kind = 'regular' ORDER BY from_date DESC LIMIT 1",
            vec![person.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "đảng viên",
            key: person.to_string(),
        })?;
        let org: i32 = get(&home, "org_id")?;
        let r = one(
            &tx,
            "INSERT INTO commendation_initiative (org_id, person_id, year, level, title, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            vec![org.into(), person.into(), year.into(), level.code().into(), title.clone().into(), now().into()],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được sáng kiến".into()))?;
        let id: i32 = get(&r, "id")?;
        audit::record(
            &tx,
            actor,
            "create",
            "commendation_initiative",
            id,
            None,
            Some(json!({"person": person, "year": year, "level": level.code(), "title": title})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}

pub(crate) const SELECT_AWARD: &str = "SELECT a.id, a.subject, o.code, a.person_id, a.recipient, a.kind, a.year, a.method, \
     a.decision_symbol, a.issuer, a.decided_on, a.amount FROM commendation_award a JOIN organization o ON o.id = a.org_id";

pub(crate) fn award_row(r: &sea_orm::QueryResult) -> Result<AwardRow> {
    let bad = |what: &str, v: &str| {
        DbError::Invalid(format!("{what} \"{v}\" không hợp lệ trong cơ sở dữ liệu"))
    };
    let subject: String = get(r, "subject")?;
    let kind: String = get(r, "kind")?;
    let method: String = get(r, "method")?;
    Ok(AwardRow {
        id: get(r, "id")?,
        subject: Subject::from_code(&subject).ok_or_else(|| bad("đối tượng", &subject))?,
        org_code: get(r, "code")?,
        person: get(r, "person_id")?,
        recipient: get(r, "recipient")?,
        kind: AwardKind::from_code(&kind).ok_or_else(|| bad("hình thức", &kind))?,
        year: get(r, "year")?,
        method: Method::from_code(&method).ok_or_else(|| bad("phương thức", &method))?,
        symbol: get(r, "decision_symbol")?,
        issuer: get(r, "issuer")?,
        decided_on: get(r, "decided_on")?,
        amount: get(r, "amount")?,
    })
}

/// What a member received before `year` (or in it, for the ladder's lower steps).
async fn earlier_of(c: &impl ConnectionTrait, person: i32, year: i32) -> Result<Vec<AwardKind>> {
    let rows = all(
        c,
        "SELECT kind FROM commendation_award WHERE person_id = $1 AND year <= $2",
        vec![person.into(), year.into()],
    )
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| get::<String>(r, "kind").ok())
        .filter_map(|k| AwardKind::from_code(&k))
        .collect())
}

async fn rated(c: &impl ConnectionTrait, person: i32, year: i32) -> Result<bool> {
    Ok(one(
        c,
        "SELECT 1 AS x FROM member_rating WHERE person_id = $1 AND year = $2",
        vec![person.into(), year.into()],
    )
    .await?
    .is_some())
}

/// The recipient's name: the member's, or the one given.
async fn recipient_of(c: &impl ConnectionTrait, a: &NewAward) -> Result<String> {
    if let Some(p) = a.person {
        let r = one(
            c,
            "SELECT full_name FROM person WHERE id = $1",
            vec![p.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "đảng viên",
            key: p.to_string(),
        })?;
        return get(&r, "full_name");
    }
    let name = domain::text::normalize(a.recipient.as_deref().unwrap_or(""));
    if name.is_empty() {
        return Err(DbError::Invalid(format!(
            "cần ghi tên {} được khen thưởng",
            a.subject.label()
        )));
    }
    Ok(name)
}

/// An award's row once read: its organization, recipient, decision and reward.
struct Checked {
    org_id: i32,
    recipient: String,
    symbol: DecisionSymbol,
    issuer: String,
    amount: i64,
}

impl Checked {
    /// The symbol read, the issuer (the symbol's when none is named) and the reward at the
    /// base salary of the decision date.
    fn of(
        a: &NewAward,
        org_id: i32,
        recipient: String,
        salary: &domain::dated::Dated,
    ) -> Result<Self> {
        let symbol = DecisionSymbol::parse(&a.symbol).map_err(DbError::invalid)?;
        let issuer = match domain::text::normalize(&a.issuer) {
            s if s.is_empty() => symbol.issuer.clone(),
            s => s,
        };
        let amount = decision::reward_amount(a.kind, a.subject, a.decided_on, salary) as i64;
        Ok(Self {
            org_id,
            recipient,
            symbol,
            issuer,
            amount,
        })
    }
}

/// The one INSERT of an award.
async fn insert_checked(c: &impl ConnectionTrait, a: &NewAward, row: &Checked) -> Result<i32> {
    let r = one(
        c,
        "INSERT INTO commendation_award (subject, org_id, person_id, recipient, kind, year, method, decision_number, decision_symbol, issuer, decided_on, amount, dossier_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        vec![
            a.subject.code().into(),
            row.org_id.into(),
            a.person.into(),
            row.recipient.clone().into(),
            a.kind.code().into(),
            a.year.into(),
            a.method.code().into(),
            (row.symbol.number as i32).into(),
            row.symbol.text().into(),
            row.issuer.clone().into(),
            a.decided_on.into(),
            row.amount.into(),
            a.dossier.into(),
            now().into(),
        ],
    )
    .await?
    .ok_or_else(|| DbError::Invalid("không ghi được khen thưởng".into()))?;
    get(&r, "id")
}

/// Inserts one checked award inside a write (the dossier's decision uses it too).
pub(crate) async fn insert_award(
    c: &impl ConnectionTrait,
    actor: &Actor,
    a: &NewAward,
) -> Result<i32> {
    let org = require_org(c, &a.org_code, None).await?;
    let recipient = recipient_of(c, a).await?;
    let known = match a.person {
        Some(p) => Some((rated(c, p, a.year).await?, earlier_of(c, p, a.year).await?)),
        None => None,
    };
    let known = known.as_ref().map(|(r, e)| (*r, e.as_slice()));
    decision::check_record(a.kind, a.subject, a.year, a.decided_on, known)
        .map_err(DbError::invalid)?;
    let salary = rule_book_in(c).await?.get(&BASE_SALARY);
    let row = Checked::of(a, org.id, recipient, &salary)?;
    let id = insert_checked(c, a, &row).await?;
    audit::record(
        c,
        actor,
        "award_recorded",
        "commendation_award",
        id,
        None,
        Some(json!({
            "org": org.code, "subject": a.subject.code(), "person": a.person, "recipient": row.recipient,
            "kind": a.kind.code(), "year": a.year, "method": a.method.code(), "symbol": row.symbol.text(),
            "issuer": row.issuer, "decided_on": a.decided_on, "amount": row.amount,
        })),
    )
    .await?;
    Ok(id)
}
