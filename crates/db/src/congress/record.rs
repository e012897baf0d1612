//! The congress record: ordinal and term, the summoned list taken from the register on the
//! opening date, presence, documents in the congress's own number series, the resolution's
//! show of hands and the counting board (`domain::congress::record`).

use chrono::NaiveDate;
use domain::congress::{
    Attendee, HandVote, Presence, SummonedList, Term, check_ordinal, congress_title, kind_key,
    parse_kind,
};
use domain::election::CongressKind;
use domain::register::member::MemberStatus;
use domain::register::org::DocKind;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::members::{MemberRow, RegisterQuery};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, now, one};

/// A new congress of an organization; the ordinal follows its previous congress.
#[derive(Debug, Clone)]
pub struct NewCongress {
    pub org: String,
    pub term: Term,
    pub kind: CongressKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: Option<String>,
    /// Superiors who attended and directed (dự và chỉ đạo).
    pub guests: Vec<String>,
    pub pilot: bool,
}

/// A document registered in the congress's number series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub number: u32,
    pub kind: String,
    /// `01-BC/ĐH`.
    pub symbol: String,
    pub title: String,
    pub issued_on: NaiveDate,
}

/// A stored congress with everything the record and the minutes show.
#[derive(Debug, Clone, Serialize)]
pub struct CongressRow {
    pub id: i32,
    pub org_code: String,
    pub org_name: String,
    pub ordinal: u32,
    pub term: Term,
    #[serde(skip)]
    pub kind: CongressKind,
    /// "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025".
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: Option<String>,
    pub guests: Vec<String>,
    pub pilot: bool,
    pub summoned: SummonedList,
    pub documents: Vec<DocumentRow>,
    pub counting_board: Vec<String>,
    pub resolution: Option<(HandVote, bool)>,
}

/// The issuer of a congress's documents (Đại hội).
const CONGRESS_ISSUER: &str = "ĐH";

impl Db {
    /// Creates the congress, numbered after the organization's previous one, with the summoned
    /// list from the register on the opening date, everyone present until recorded otherwise.
    pub async fn create_congress(&self, actor: &Actor, new: &NewCongress) -> Result<CongressRow> {
        self.create_congress_numbered(actor, new, None).await
    }

    /// `create_congress` with the ordinal given: an organization whose earlier congresses are
    /// not recorded starts at its real number (`domain::congress::check_ordinal`).
    pub async fn create_congress_numbered(
        &self,
        actor: &Actor,
        new: &NewCongress,
        ordinal: Option<u32>,
    ) -> Result<CongressRow> {
        if new.ends_on < new.starts_on {
            return Err(DbError::Invalid(
                "ngày kết thúc đại hội trước ngày khai mạc".into(),
            ));
        }
        let code = new.org.trim().to_uppercase();
        let register = self
            .register(&RegisterQuery {
                org: code.clone(),
                on: new.starts_on,
                search: None,
                include_non_members: false,
            })
            .await?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &code, Some(new.starts_on)).await?;
        let previous = previous_ordinal(&tx, org.id).await?;
        let ordinal = check_ordinal(previous.map(|p| p as u32), ordinal).map_err(super::refused)?;
        let guests: Vec<String> = new
            .guests
            .iter()
            .map(|g| domain::text::normalize(g))
            .filter(|g| !g.is_empty())
            .collect();
        let id = insert_congress(&tx, org.id, ordinal, new, &guests).await?;
        let summoned = summon(&tx, id, &register).await?;
        let after = json!({
            "org": code, "ordinal": ordinal, "term": new.term.to_string(),
            "kind": kind_key(new.kind), "starts_on": new.starts_on, "ends_on": new.ends_on,
            "guests": guests, "pilot": new.pilot, "summoned": summoned,
        });
        audit::record(&tx, actor, "create", "congress", id, None, Some(after)).await?;
        tx.commit().await?;
        self.congress(id).await
    }

    /// A congress of an organization by ordinal, or its latest.
    pub async fn find_congress(&self, org: &str, ordinal: Option<u32>) -> Result<i32> {
        let code = org.trim().to_uppercase();
        let row = one(
            &self.conn,
            "SELECT c.id FROM congress c JOIN organization o ON o.id = c.org_id \
             WHERE o.code = $1 AND ($2 IS NULL OR c.ordinal = $2) ORDER BY c.ordinal DESC LIMIT 1",
            vec![code.clone().into(), ordinal.map(|o| o as i32).into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "đại hội",
            key: match ordinal {
                Some(o) => format!("{code} lần thứ {}", domain::text::to_roman(o)),
                None => code,
            },
        })?;
        get(&row, "id")
    }

    pub async fn congress(&self, id: i32) -> Result<CongressRow> {
        load_congress(&self.conn, id).await
    }

    /// Records where a summoned person stands (present, absent with reason, …), with the
    /// reason of an absence with reason when given.
    pub async fn set_presence(
        &self,
        actor: &Actor,
        congress: i32,
        person: i32,
        presence: Presence,
        reason: Option<&str>,
    ) -> Result<()> {
        self.set_presences(
            actor,
            congress,
            &[(person, presence, reason.map(str::to_string))],
        )
        .await
    }

    /// Records where several summoned people stand, each with the reason of an absence with
    /// reason (`domain::congress::absence_reason`), all or nothing: a person not summoned or
    /// a reason refused refuses the whole change. Only changes are written and audited.
    pub async fn set_presences(
        &self,
        actor: &Actor,
        congress: i32,
        changes: &[(i32, Presence, Option<String>)],
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let c = load_congress(&tx, congress).await?;
        for (person, presence, reason) in changes {
            let a = c
                .summoned
                .official
                .iter()
                .chain(&c.summoned.probationary)
                .find(|a| a.person_id == *person)
                .ok_or(DbError::NotFound {
                    what: "người được triệu tập",
                    key: person.to_string(),
                })?;
            let reason = domain::congress::absence_reason(&a.name, *presence, reason.as_deref())
                .map_err(DbError::Invalid)?;
            if a.presence == *presence && a.absence_reason == reason {
                continue;
            }
            exec(
                &tx,
                "UPDATE congress_attendee SET presence = $3, absence_reason = $4 \
                 WHERE congress_id = $1 AND person_id = $2",
                vec![
                    congress.into(),
                    (*person).into(),
                    presence.key().into(),
                    reason.clone().into(),
                ],
            )
            .await?;
            audit::record(
                &tx,
                actor,
                "update",
                "congress_attendee",
                format!("{congress}/{person}"),
                Some(json!({ "presence": a.presence.key(), "absence_reason": a.absence_reason })),
                Some(json!({ "presence": presence.key(), "absence_reason": reason })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Registers a document under the next number of the congress's series: `01-BC/ĐH`.
    pub async fn register_document(
        &self,
        actor: &Actor,
        congress: i32,
        kind: &str,
        title: &str,
        issued_on: NaiveDate,
    ) -> Result<DocumentRow> {
        let wanted = domain::text::normalize(kind);
        let kind = DocKind::ALL
            .into_iter()
            .find(|k| k.abbrev() == wanted)
            .map(DocKind::abbrev)
            .ok_or_else(|| {
                DbError::Invalid(format!(
                    "loại văn bản \"{wanted}\" không có; dùng một trong: {}",
                    DocKind::ALL.map(DocKind::abbrev).join(", ")
                ))
            })?;
        let title = domain::text::normalize(title);
        if title.is_empty() {
            return Err(DbError::Invalid("văn bản phải có trích yếu".into()));
        }
        let tx = self.write_tx().await?;
        load_congress(&tx, congress).await?;
        let next = match one(
            &tx,
            "SELECT CAST(MAX(n) AS BIGINT) AS m FROM (SELECT number AS n FROM congress_document WHERE congress_id = $1 UNION ALL SELECT number AS n FROM party_document WHERE series = $2) x",
            vec![congress.into(), format!("congress:{congress}").into()],
        )
        .await?
        {
            Some(r) => get::<Option<i64>>(&r, "m")?.unwrap_or(0) + 1,
            None => 1,
        };
        exec(
            &tx,
            "INSERT INTO congress_document (congress_id, number, kind, title, issued_on) VALUES ($1, $2, $3, $4, $5)",
            vec![
                congress.into(),
                (next as i32).into(),
                kind.to_string().into(),
                title.clone().into(),
                issued_on.into(),
            ],
        )
        .await?;
        let row = DocumentRow {
            number: next as u32,
            kind: kind.to_string(),
            symbol: symbol(next as u32, kind),
            title,
            issued_on,
        };
        audit::record(
            &tx,
            actor,
            "create",
            "congress_document",
            format!("{congress}/{}", row.symbol),
            None,
            Some(json!(row)),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Records the show of hands on the resolution; adopted with more than half of the
    /// official members present (`HandVote::adopted`).
    pub async fn record_resolution_vote(
        &self,
        actor: &Actor,
        congress: i32,
        vote: HandVote,
    ) -> Result<bool> {
        let tx = self.write_tx().await?;
        let c = load_congress(&tx, congress).await?;
        let adopted = vote
            .adopted(c.summoned.present_official() as u64)
            .map_err(super::refused)?;
        exec(
            &tx,
            "UPDATE congress SET resolution_agree = $2, resolution_disagree = $3, resolution_abstain = $4, resolution_adopted = $5 WHERE id = $1",
            vec![
                congress.into(),
                (vote.agree as i64).into(),
                (vote.disagree as i64).into(),
                (vote.abstain as i64).into(),
                adopted.into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "congress",
            congress,
            c.resolution
                .map(|(v, a)| json!({ "resolution": v, "adopted": a })),
            Some(json!({ "resolution": vote, "adopted": adopted })),
        )
        .await?;
        tx.commit().await?;
        Ok(adopted)
    }

    /// Sets the counting board: official members summoned and present, each once. That no
    /// counter stands as a candidate is checked when a round opens.
    pub async fn set_counting_board(
        &self,
        actor: &Actor,
        congress: i32,
        names: &[String],
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let c = load_congress(&tx, congress).await?;
        // The lists of the rounds being counted now: no counter may stand on them.
        let listed: Vec<String> = super::rounds::load_elections(&tx, congress)
            .await?
            .into_iter()
            .flat_map(|e| e.rounds)
            .filter(|r| r.status == "open")
            .flat_map(|r| r.candidates)
            .collect();
        domain::congress::check_counting_board(names, &listed).map_err(super::refused)?;
        let mut rows = Vec::new();
        for n in names {
            let n = domain::text::normalize(n);
            let a = c
                .summoned
                .official
                .iter()
                .find(|a| a.name == n && a.presence == Presence::Present)
                .ok_or_else(|| {
                    DbError::Invalid(format!(
                        "\"{n}\" không phải đảng viên chính thức có mặt tại đại hội: không làm thành viên Ban kiểm phiếu được"
                    ))
                })?;
            rows.push((n, a.person_id));
        }
        exec(
            &tx,
            "DELETE FROM counting_board WHERE congress_id = $1",
            vec![congress.into()],
        )
        .await?;
        for (i, (n, p)) in rows.iter().enumerate() {
            exec(
                &tx,
                "INSERT INTO counting_board (congress_id, position, name, person_id) VALUES ($1, $2, $3, $4)",
                vec![congress.into(), (i as i32 + 1).into(), n.clone().into(), (*p).into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "update",
            "counting_board",
            congress,
            Some(json!(c.counting_board)),
            Some(json!(rows.iter().map(|r| &r.0).collect::<Vec<_>>())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) fn symbol(number: u32, kind: &str) -> String {
    format!("{number:02}-{kind}/{CONGRESS_ISSUER}")
}

fn status_key(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Official => "official",
        MemberStatus::Probationary => "probationary",
    }
}

/// The ordinal of the organization's latest recorded congress.
async fn previous_ordinal(c: &impl ConnectionTrait, org_id: i32) -> Result<Option<i64>> {
    let prev = one(
        c,
        "SELECT CAST(MAX(ordinal) AS BIGINT) AS m FROM congress WHERE org_id = $1",
        vec![org_id.into()],
    )
    .await?;
    Ok(match &prev {
        Some(r) => get(r, "m")?,
        None => None,
    })
}

/// Writes the congress itself; returns its id.
async fn insert_congress(
    c: &impl ConnectionTrait,
    org_id: i32,
    ordinal: u32,
    new: &NewCongress,
    guests: &[String],
) -> Result<i32> {
    insert_id(
        c,
        "INSERT INTO congress (org_id, ordinal, term_from, term_to, kind, starts_on, ends_on, place, guests, pilot, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        vec![
            org_id.into(),
            (ordinal as i32).into(),
            new.term.from.into(),
            new.term.to.into(),
            kind_key(new.kind).into(),
            new.starts_on.into(),
            new.ends_on.into(),
            new.place.as_deref().map(domain::text::normalize).into(),
            serde_json::to_string(&guests).unwrap_or_default().into(),
            new.pilot.into(),
            now().into(),
        ],
    )
    .await
}

/// Summons the members of the register (official and probationary), everyone present until
/// recorded otherwise; returns how many.
async fn summon(c: &impl ConnectionTrait, congress: i32, register: &[MemberRow]) -> Result<usize> {
    let mut summoned = 0;
    for m in register {
        let Some(status) = m.status else { continue };
        exec(
            c,
            "INSERT INTO congress_attendee (congress_id, person_id, name, status, presence) VALUES ($1, $2, $3, $4, $5)",
            vec![
                congress.into(),
                m.id.into(),
                m.record.full_name.as_str().to_string().into(),
                status_key(status).into(),
                Presence::Present.key().into(),
            ],
        )
        .await?;
        summoned += 1;
    }
    Ok(summoned)
}

/// The refusal for a congress whose stored data cannot be read.
fn corrupt(what: &str, id: i32) -> DbError {
    DbError::Invalid(format!("dữ liệu lưu trữ hỏng: {what} của đại hội {id}"))
}

pub(crate) async fn load_congress(c: &impl ConnectionTrait, id: i32) -> Result<CongressRow> {
    let r = one(
        c,
        "SELECT c.*, o.code, \
         (SELECT v.name FROM org_version v WHERE v.org_id = o.id AND v.valid_from <= c.starts_on ORDER BY v.valid_from DESC LIMIT 1) AS org_name \
         FROM congress c JOIN organization o ON o.id = c.org_id WHERE c.id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "đại hội",
        key: id.to_string(),
    })?;
    let kind: String = get(&r, "kind")?;
    let kind = parse_kind(&kind).ok_or_else(|| corrupt("loại đại hội", id))?;
    let term = Term {
        from: get(&r, "term_from")?,
        to: get(&r, "term_to")?,
    };
    let ordinal = get::<i32>(&r, "ordinal")? as u32;
    let org_name: String = get::<Option<String>>(&r, "org_name")?.unwrap_or_default();
    let guests: String = get(&r, "guests")?;
    let attendees = load_attendees(c, id).await?;
    let documents = load_documents(c, id).await?;
    let counting_board = load_counting_board(c, id).await?;
    let resolution = resolution_vote(&r)?;
    Ok(CongressRow {
        id,
        org_code: get(&r, "code")?,
        title: congress_title(&org_name, ordinal, term),
        org_name,
        ordinal,
        term,
        kind,
        starts_on: get(&r, "starts_on")?,
        ends_on: get(&r, "ends_on")?,
        place: get(&r, "place")?,
        guests: serde_json::from_str(&guests).unwrap_or_default(),
        pilot: get(&r, "pilot")?,
        summoned: SummonedList::from_attendees(attendees),
        documents,
        counting_board,
        resolution,
    })
}

/// The people summoned to the congress, in the order they were summoned.
async fn load_attendees(c: &impl ConnectionTrait, id: i32) -> Result<Vec<Attendee>> {
    all(
        c,
        "SELECT person_id, name, status, presence, absence_reason FROM congress_attendee WHERE congress_id = $1 ORDER BY id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|a| {
        let status: String = get(a, "status")?;
        let presence: String = get(a, "presence")?;
        Ok(Attendee {
            person_id: get(a, "person_id")?,
            name: get(a, "name")?,
            status: if status == "official" {
                MemberStatus::Official
            } else {
                MemberStatus::Probationary
            },
            presence: Presence::parse(&presence)
                .ok_or_else(|| corrupt("tình trạng có mặt", id))?,
            absence_reason: get(a, "absence_reason")?,
        })
    })
    .collect()
}

/// The documents of the congress's number series, in number order.
async fn load_documents(c: &impl ConnectionTrait, id: i32) -> Result<Vec<DocumentRow>> {
    all(
        c,
        "SELECT number, kind, title, issued_on FROM congress_document WHERE congress_id = $1 ORDER BY number",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|d| {
        let number = get::<i32>(d, "number")? as u32;
        let kind: String = get(d, "kind")?;
        Ok(DocumentRow {
            number,
            symbol: symbol(number, &kind),
            kind,
            title: get(d, "title")?,
            issued_on: get(d, "issued_on")?,
        })
    })
    .collect()
}

/// The names of the counting board, in order.
async fn load_counting_board(c: &impl ConnectionTrait, id: i32) -> Result<Vec<String>> {
    all(
        c,
        "SELECT name FROM counting_board WHERE congress_id = $1 ORDER BY position",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|b| get(b, "name"))
    .collect()
}

/// The show of hands on the resolution and whether it was adopted, once recorded.
fn resolution_vote(r: &sea_orm::QueryResult) -> Result<Option<(HandVote, bool)>> {
    let agree: Option<i32> = get(r, "resolution_agree")?;
    Ok(match agree {
        Some(agree) => Some((
            HandVote {
                agree: agree as u64,
                disagree: get::<Option<i32>>(r, "resolution_disagree")?.unwrap_or(0) as u64,
                abstain: get::<Option<i32>>(r, "resolution_abstain")?.unwrap_or(0) as u64,
            },
            get::<Option<bool>>(r, "resolution_adopted")?.unwrap_or(false),
        )),
        None => None,
    })
}
