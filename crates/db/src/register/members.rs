//! The member register: people and memberships, their dated events (admission, official
//! recognition, transfers, temporary attachment, exemption, death, leaving), imports
//! (all or nothing, idempotent by card number) and the register of a subtree on a date.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use domain::register::import::{ImportedRow, RowError};
use domain::register::lifecycle::{History, LeaveForm, MemberEvent};
use domain::register::member::{
    CardNumber, MemberStatus, MembershipRecord, PersonName, PersonRecord, Qualification,
    RecordNumber, Sex, TheoryLevel,
};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::bulk::{BulkPerson, BulkPosting, insert_people};
use crate::register::identities::{existing_identities, posted_in_subtree};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{LIKE_ESCAPE, all, exec, get, get_count, like_contains, now, one};

/// One person of the register with where they belong on the queried date.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub id: i32,
    pub uid: String,
    pub record: PersonRecord,
    pub status: Option<MemberStatus>,
    pub org_code: String,
    pub org_name: String,
}

/// From this many lines on, a page of the register walks the people in name order rather
/// than sorting all of them.
const NAME_ORDER_WALK_FROM: u64 = 2_000;

/// The smallest text above every path that starts with `path` (which ends in `/`): the same
/// text with its last character raised by one (`/1/5/` → `/1/50`).
fn path_end(path: &str) -> String {
    let mut end = path.to_string();
    match end.pop() {
        Some(c) => end.push(char::from_u32(c as u32 + 1).unwrap_or(char::MAX)),
        None => end.push(char::MAX),
    }
    end
}

/// One page of the register and the number of lines in the whole register.
#[derive(Debug, Clone)]
pub struct RegisterPage {
    pub total: u64,
    pub rows: Vec<MemberRow>,
}

/// One line of a member's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub on: NaiveDate,
    pub kind: String,
    pub label: String,
    pub org_code: Option<String>,
    pub org_name: Option<String>,
    pub decision: Option<String>,
    pub note: Option<String>,
}

/// Which part of the register to read.
#[derive(Debug, Clone)]
pub struct RegisterQuery {
    pub org: String,
    pub on: NaiveDate,
    /// Diacritic-insensitive search in names ("nguyen van").
    pub search: Option<String>,
    /// Include non-member staff (quần chúng).
    pub include_non_members: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub unchanged: usize,
}

const PERSON_COLS: &str = "p.id, p.uid, p.full_name, p.birth_name, p.birth_date, p.sex, p.ethnicity, p.religion, p.home_town, \
     p.education, p.theory, p.qualification, p.foreign_language, p.occupation, p.admitted_on, p.official_on, \
     p.card_number, p.record_number";

fn record_from_row(r: &QueryResult) -> Result<PersonRecord> {
    let bad =
        |what: &str, v: String| DbError::Invalid(format!("dữ liệu lưu trữ hỏng: {what} '{v}'"));
    let name: String = get(r, "full_name")?;
    let sex: String = get(r, "sex")?;
    let theory: String = get(r, "theory")?;
    let qual: String = get(r, "qualification")?;
    let admitted: Option<NaiveDate> = get(r, "admitted_on")?;
    let card: Option<String> = get(r, "card_number")?;
    let recno: Option<String> = get(r, "record_number")?;
    Ok(PersonRecord {
        full_name: PersonName::parse(&name).map_err(|_| bad("họ tên", name.clone()))?,
        birth_name: get(r, "birth_name")?,
        birth_date: get(r, "birth_date")?,
        sex: Sex::from_code(&sex).ok_or_else(|| bad("giới tính", sex.clone()))?,
        ethnicity: get(r, "ethnicity")?,
        religion: get(r, "religion")?,
        home_town: get(r, "home_town")?,
        education: get(r, "education")?,
        theory: TheoryLevel::from_code(&theory)
            .ok_or_else(|| bad("lý luận chính trị", theory.clone()))?,
        qualification: Qualification::from_code(&qual)
            .ok_or_else(|| bad("chuyên môn", qual.clone()))?,
        foreign_language: get(r, "foreign_language")?,
        occupation: get(r, "occupation")?,
        membership: match admitted {
            Some(admitted_on) => Some(MembershipRecord {
                admitted_on,
                official_on: get(r, "official_on")?,
                card_number: card
                    .map(|c| CardNumber::parse(&c))
                    .transpose()
                    .map_err(|e| DbError::Invalid(e.to_string()))?,
                record_number: recno
                    .map(|c| RecordNumber::parse(&c))
                    .transpose()
                    .map_err(|e| DbError::Invalid(e.to_string()))?,
            }),
            None => None,
        },
    })
}

/// The stored history of a person as domain events.
async fn load_history(
    c: &impl ConnectionTrait,
    person: i32,
) -> Result<Vec<(NaiveDate, MemberEvent<i32>)>> {
    let rows = all(
        c,
        "SELECT kind, on_date, org_id, detail FROM member_event WHERE person_id = $1 ORDER BY on_date, id",
        vec![person.into()],
    )
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = get(r, "kind")?;
            let org: Option<i32> = get(r, "org_id")?;
            let detail: Option<String> = get(r, "detail")?;
            let org =
                || org.ok_or_else(|| DbError::Invalid(format!("sự kiện '{kind}' thiếu tổ chức")));
            let e = match kind.as_str() {
                "admitted" => MemberEvent::Admitted { org: org()? },
                "official" => MemberEvent::Official,
                "transferred" => MemberEvent::Transferred { to: org()? },
                "temporary_attached" => MemberEvent::TemporaryAttached { to: org()? },
                "temporary_ended" => MemberEvent::TemporaryEnded,
                "exempted" => MemberEvent::Exempted,
                "exemption_ended" => MemberEvent::ExemptionEnded,
                "died" => MemberEvent::Died,
                "left" => MemberEvent::Left {
                    form: detail
                        .as_deref()
                        .and_then(LeaveForm::from_code)
                        .unwrap_or(LeaveForm::Resigned),
                },
                other => return Err(DbError::Invalid(format!("sự kiện lạ '{other}'"))),
            };
            Ok((get(r, "on_date")?, e))
        })
        .collect()
}

/// Checks a member event against the stored history with the domain's lifecycle rules, then
/// stores it and updates the periods that queries read (postings, exemptions, end).
pub(crate) async fn apply_event(
    c: &impl ConnectionTrait,
    actor: &Actor,
    person: i32,
    on: NaiveDate,
    event: MemberEvent<i32>,
    decision: Option<i32>,
    today: NaiveDate,
) -> Result<()> {
    let events = load_history(c, person).await?;
    // Stored histories were checked when written; rebuild without the clock so that old data
    // never becomes unreadable.
    let history = History::from_events(events, NaiveDate::MAX).map_err(DbError::invalid)?;
    history.check(on, &event, today).map_err(DbError::invalid)?;
    let (org, detail): (Option<i32>, Option<String>) = match &event {
        MemberEvent::Admitted { org } => (Some(*org), None),
        MemberEvent::Transferred { to } | MemberEvent::TemporaryAttached { to } => {
            (Some(*to), None)
        }
        MemberEvent::Left { form } => (None, Some(form.code().to_string())),
        _ => (None, None),
    };
    exec(
        c,
        "INSERT INTO member_event (person_id, kind, on_date, org_id, decision_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        vec![person.into(), event.code().into(), on.into(), org.into(), decision.into(), detail.clone().into()],
    )
    .await?;
    update_periods(c, person, on, &event, &detail).await?;
    exec(
        c,
        "UPDATE person SET updated_at = $1 WHERE id = $2",
        vec![now().into(), person.into()],
    )
    .await?;
    audit::record(
        c,
        actor,
        event.code(),
        "person",
        person,
        None,
        Some(json!({"on": on, "org_id": org, "detail": detail, "decision_id": decision})),
    )
    .await?;
    Ok(())
}

/// What an event changes in the periods queries read: the person's dates, their postings
/// (closed and opened on `on`) and exemptions. `detail`: the leaving form's code.
async fn update_periods(
    c: &impl ConnectionTrait,
    person: i32,
    on: NaiveDate,
    event: &MemberEvent<i32>,
    detail: &Option<String>,
) -> Result<()> {
    match event {
        MemberEvent::Admitted { org } => {
            exec(
                c,
                "UPDATE person SET admitted_on = $1 WHERE id = $2",
                vec![on.into(), person.into()],
            )
            .await?;
            close_postings(c, person, on, "regular").await?;
            open_posting(c, person, on, "regular", *org).await?;
        }
        MemberEvent::Official => {
            exec(
                c,
                "UPDATE person SET official_on = $1 WHERE id = $2",
                vec![on.into(), person.into()],
            )
            .await?;
        }
        MemberEvent::Transferred { to } => {
            close_postings(c, person, on, "regular").await?;
            close_postings(c, person, on, "temporary").await?;
            open_posting(c, person, on, "regular", *to).await?;
        }
        MemberEvent::TemporaryAttached { to } => {
            open_posting(c, person, on, "temporary", *to).await?;
        }
        MemberEvent::TemporaryEnded => {
            close_postings(c, person, on, "temporary").await?;
        }
        MemberEvent::Exempted => {
            exec(
                c,
                "INSERT INTO exemption (person_id, from_date) VALUES ($1, $2)",
                vec![person.into(), on.into()],
            )
            .await?;
        }
        MemberEvent::ExemptionEnded => end_exemption(c, person, on).await?,
        MemberEvent::Died | MemberEvent::Left { .. } => {
            exec(
                c,
                "UPDATE person SET ended_on = $1, end_reason = $2 WHERE id = $3",
                vec![
                    on.into(),
                    detail.clone().unwrap_or_else(|| "died".into()).into(),
                    person.into(),
                ],
            )
            .await?;
            close_postings(c, person, on, "regular").await?;
            close_postings(c, person, on, "temporary").await?;
            end_exemption(c, person, on).await?;
        }
    }
    Ok(())
}

/// Ends on `on` the person's open postings of `kind` (`regular` or `temporary`).
async fn close_postings(
    c: &impl ConnectionTrait,
    person: i32,
    on: NaiveDate,
    kind: &'static str,
) -> Result<()> {
    exec(
        c,
        "UPDATE posting SET to_date = $1 WHERE person_id = $2 AND kind = $3 AND to_date IS NULL",
        vec![on.into(), person.into(), kind.into()],
    )
    .await?;
    Ok(())
}

/// Opens from `on` a posting of `kind` in `org`.
async fn open_posting(
    c: &impl ConnectionTrait,
    person: i32,
    on: NaiveDate,
    kind: &'static str,
    org: i32,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO posting (person_id, org_id, kind, from_date) VALUES ($1, $2, $3, $4)",
        vec![person.into(), org.into(), kind.into(), on.into()],
    )
    .await?;
    Ok(())
}

/// Ends on `on` the person's open exemption, if any.
async fn end_exemption(c: &impl ConnectionTrait, person: i32, on: NaiveDate) -> Result<()> {
    exec(
        c,
        "UPDATE exemption SET to_date = $1 WHERE person_id = $2 AND to_date IS NULL",
        vec![on.into(), person.into()],
    )
    .await?;
    Ok(())
}

/// Where a member starts to belong: the admission date, or the organization's creation if later.
fn posting_start(admitted_on: NaiveDate, org: &OrgRow) -> NaiveDate {
    admitted_on.max(org.created_on)
}

/// A member imported into `org`: posted there from the admission (or the organization's
/// creation if later).
fn new_member(record: &PersonRecord, m: &MembershipRecord, org: &OrgRow) -> BulkPerson {
    BulkPerson {
        record: record.clone(),
        postings: vec![BulkPosting {
            org_id: org.id,
            from: posting_start(m.admitted_on, org),
            to: None,
            temporary: false,
        }],
        ended: None,
    }
}

/// What a read of the register asks for, and how its statements say it.
pub(super) struct RegisterScope {
    pub(super) sqlite: bool,
    pub(super) on: NaiveDate,
    /// The root organization's path.
    pub(super) path: String,
    pub(super) include_non_members: bool,
    /// The search key of the names searched for.
    pub(super) search: Option<String>,
    /// Only those posted to the root organization itself, not to its subordinates.
    pub(super) own_only: bool,
    /// Only those posted to these organizations of the subtree (ids, written into the
    /// statement: integers only).
    pub(super) among: Option<Vec<i32>>,
}

impl RegisterScope {
    /// The register `q` asks for under the root at `path`: its search (as a search key) and
    /// its staff choice, the whole subtree.
    pub(super) fn of(q: &RegisterQuery, sqlite: bool, path: String) -> Self {
        Self {
            sqlite,
            on: q.on,
            path,
            include_non_members: q.include_non_members,
            search: q
                .search
                .as_deref()
                .map(domain::text::search_key)
                .filter(|s| !s.is_empty()),
            own_only: false,
            among: None,
        }
    }

    /// Who is in the register: posted regularly in the subtree on the date, not gone, a
    /// member (or anyone with `$3`), named as searched (`$4`).
    fn conditions(&self) -> String {
        // The subtree: on SQLite a range on the path (which its index serves; `LIKE` is
        // case-insensitive there and cannot use it), on PostgreSQL a prefix `LIKE`.
        let subtree = if self.own_only {
            "v.path = $2"
        } else if self.sqlite {
            "v.path >= $2 AND v.path < $5"
        } else {
            "v.path LIKE $2"
        };
        let among = match &self.among {
            Some(ids) => format!(
                " AND m.org_id IN ({})",
                ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
            ),
            None => String::new(),
        };
        format!(
            "v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) AND {subtree}{among} \
             AND m.kind = 'regular' AND m.from_date <= $1 AND (m.to_date IS NULL OR m.to_date > $1) \
             AND (p.ended_on IS NULL OR p.ended_on > $1) \
             AND (($3 AND p.admitted_on IS NULL) OR p.admitted_on <= $1) \
             AND ($4 IS NULL OR p.name_search LIKE $4 {LIKE_ESCAPE})"
        )
    }

    /// Organizations first: the subtree's versions, their postings, their people.
    pub(super) fn by_org(&self) -> String {
        format!(
            "FROM org_version v JOIN posting m ON m.org_id = v.org_id \
             JOIN person p ON p.id = m.person_id JOIN organization o ON o.id = m.org_id \
             WHERE {}",
            self.conditions()
        )
    }

    /// People first, in name order.
    fn by_name(&self) -> String {
        format!(
            "FROM person p CROSS JOIN posting m CROSS JOIN org_version v \
             CROSS JOIN organization o \
             WHERE m.person_id = p.id AND v.org_id = m.org_id AND o.id = m.org_id \
             AND {}",
            self.conditions()
        )
    }

    /// The register's lines read `from`, in Vietnamese name order (the stored sort key, in
    /// byte order: `COLLATE "C"` on PostgreSQL), then `limit`.
    pub(super) fn select_in_name_order(&self, from: &str, limit: &str) -> String {
        let collate = if self.sqlite { "" } else { " COLLATE \"C\"" };
        format!(
            "SELECT {PERSON_COLS}, p.name_sort, o.code AS org_code, v.name AS org_name {from} \
             ORDER BY p.name_sort{collate}, p.id{limit}"
        )
    }

    /// The values the conditions bind.
    pub(super) fn params(&self) -> Vec<sea_orm::Value> {
        let mut v: Vec<sea_orm::Value> = vec![
            self.on.into(),
            if self.sqlite || self.own_only {
                self.path.clone()
            } else {
                format!("{}%", self.path)
            }
            .into(),
            self.include_non_members.into(),
            // `%` and `_` in a name are ordinary characters, not wildcards.
            self.search.as_deref().map(like_contains).into(),
        ];
        if self.sqlite && !self.own_only {
            v.push(path_end(&self.path).into());
        }
        v
    }
}

/// One line of the register, with the person's status on `on`.
pub(super) fn member_row(r: &QueryResult, on: NaiveDate) -> Result<MemberRow> {
    let record = record_from_row(r)?;
    let status = record
        .membership
        .as_ref()
        .and_then(|m| MemberStatus::on(m.admitted_on, m.official_on, on));
    Ok(MemberRow {
        id: get(r, "id")?,
        uid: get(r, "uid")?,
        record,
        status,
        org_code: get(r, "org_code")?,
        org_name: get(r, "org_name")?,
    })
}

impl Db {
    /// Adds one person (member or not) to an organization; returns the new id.
    pub async fn add_person(
        &self,
        actor: &Actor,
        org: &str,
        record: &PersonRecord,
        today: NaiveDate,
    ) -> Result<i32> {
        let tx = self.write_tx().await?;
        let org = require_org(&tx, org, None).await?;
        let row = ImportedRow {
            row: 0,
            record: record.clone(),
        };
        let (cards, _, recnos) = existing_identities(&tx, std::slice::from_ref(&row)).await?;
        if let Some(m) = &record.membership {
            if let Some(c) = &m.card_number
                && let Some((_, name)) = cards.get(c.as_str())
            {
                return Err(DbError::Invalid(format!(
                    "số thẻ đảng viên {} đã cấp cho {name}",
                    c.as_str()
                )));
            }
            if let Some(r) = &m.record_number
                && recnos.contains_key(r.as_str())
            {
                return Err(DbError::Invalid(format!(
                    "số lý lịch {} đã tồn tại",
                    r.as_str()
                )));
            }
            if m.admitted_on > today || m.official_on.is_some_and(|o| o > today) {
                return Err(DbError::Invalid(
                    "ngày vào Đảng và ngày chính thức không được ở tương lai".into(),
                ));
            }
            if m.official_on.is_some_and(|o| o < m.admitted_on) {
                return Err(DbError::Invalid(
                    "ngày chính thức không được trước ngày vào Đảng".into(),
                ));
            }
        }
        let from = match &record.membership {
            Some(m) => posting_start(m.admitted_on, &org),
            None => today.max(org.created_on),
        };
        let person = BulkPerson {
            record: record.clone(),
            postings: vec![BulkPosting {
                org_id: org.id,
                from,
                to: None,
                temporary: false,
            }],
            ended: None,
        };
        let ids = insert_people(
            &tx,
            actor,
            std::slice::from_ref(&person),
            true,
            "create",
            &mut |_| {},
        )
        .await?;
        tx.commit().await?;
        Ok(ids[0])
    }

    /// Imports members into `org`, all or nothing. A row whose card number (or, without one,
    /// name and birth date) is already in this organization's subtree is left unchanged;
    /// one that belongs to someone elsewhere is refused with its row named.
    pub async fn import_members(
        &self,
        actor: &Actor,
        org: &str,
        rows: &[ImportedRow],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<ImportReport> {
        let tx = self.write_tx().await?;
        let org = require_org(&tx, org, None).await?;
        let (cards, names, recnos) = existing_identities(&tx, rows).await?;
        let mut in_subtree: HashMap<i32, bool> = HashMap::new();
        let mut errors = Vec::new();
        let mut fresh = Vec::new();
        let mut report = ImportReport::default();
        let mut new_recnos: std::collections::HashSet<String> = std::collections::HashSet::new();
        for r in rows {
            let Some(m) = &r.record.membership else {
                continue;
            };
            let existing = match &m.card_number {
                Some(c) => cards.get(c.as_str()).map(|x| x.0),
                None => names
                    .get(&(
                        domain::text::search_key(r.record.full_name.as_str()),
                        r.record.birth_date,
                    ))
                    .copied(),
            };
            match existing {
                Some(pid) => {
                    let inside = match in_subtree.get(&pid) {
                        Some(v) => *v,
                        None => {
                            let v = posted_in_subtree(&tx, pid, &org.path).await?;
                            in_subtree.insert(pid, v);
                            v
                        }
                    };
                    if inside {
                        report.unchanged += 1;
                    } else {
                        errors.push(RowError {
                            row: r.row,
                            column: "Số thẻ đảng viên".into(),
                            message: "đảng viên này đã có trong sổ đảng viên của tổ chức khác; hãy dùng chức năng chuyển sinh hoạt đảng thay vì nhập lại".into(),
                        });
                    }
                }
                None => {
                    // A record number already stored, or given to an earlier new row of the
                    // file: the row named, the whole file refused.
                    let repeated = m
                        .record_number
                        .as_ref()
                        .is_some_and(|rn| !new_recnos.insert(rn.as_str().to_string()));
                    if let Some(rn) = &m.record_number
                        && (recnos.contains_key(rn.as_str()) || repeated)
                    {
                        errors.push(record_number_taken(r.row, rn.as_str(), repeated));
                        continue;
                    }
                    fresh.push(new_member(&r.record, m, &org));
                }
            }
        }
        if !errors.is_empty() {
            return Err(DbError::Rows(errors)); // the transaction rolls back when dropped
        }
        insert_people(&tx, actor, &fresh, false, "import", progress).await?;
        tx.commit().await?;
        self.refresh_statistics(fresh.len()).await?;
        report.added = fresh.len();
        Ok(report)
    }

    /// Records a dated event in a member's history (transfer, exemption, death, …).
    pub async fn record_member_event(
        &self,
        actor: &Actor,
        person: i32,
        on: NaiveDate,
        event: MemberEvent<String>,
        decision: Option<&domain::register::org::Decision>,
        today: NaiveDate,
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let resolve =
            async |code: &str| -> Result<i32> { Ok(require_org(&tx, code, Some(on)).await?.id) };
        let event = match event {
            MemberEvent::Admitted { org } => MemberEvent::Admitted {
                org: resolve(&org).await?,
            },
            MemberEvent::Transferred { to } => MemberEvent::Transferred {
                to: resolve(&to).await?,
            },
            MemberEvent::TemporaryAttached { to } => MemberEvent::TemporaryAttached {
                to: resolve(&to).await?,
            },
            MemberEvent::Official => MemberEvent::Official,
            MemberEvent::TemporaryEnded => MemberEvent::TemporaryEnded,
            MemberEvent::Exempted => MemberEvent::Exempted,
            MemberEvent::ExemptionEnded => MemberEvent::ExemptionEnded,
            MemberEvent::Died => MemberEvent::Died,
            MemberEvent::Left { form } => MemberEvent::Left { form },
        };
        if one(
            &tx,
            "SELECT id FROM person WHERE id = $1",
            vec![person.into()],
        )
        .await?
        .is_none()
        {
            return Err(DbError::NotFound {
                what: "đảng viên",
                key: person.to_string(),
            });
        }
        let d = crate::register::orgs::decision_id(&tx, decision).await?;
        apply_event(&tx, actor, person, on, event, d, today).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The organization a person belongs to now (or last belonged to): the one whose data
    /// rights decide who may see the person.
    pub async fn person_home(&self, id: i32) -> Result<OrgRow> {
        let r = one(
            &self.conn,
            "SELECT org_id FROM posting WHERE person_id = $1 AND kind = 'regular' ORDER BY from_date DESC, id DESC LIMIT 1",
            vec![id.into()],
        )
        .await?
        .ok_or(DbError::NotFound { what: "người", key: id.to_string() })?;
        self.org_by_id(get(&r, "org_id")?).await
    }

    /// Finds a member by card number.
    pub async fn person_by_card(&self, card: &CardNumber) -> Result<i32> {
        let r = one(
            &self.conn,
            "SELECT id FROM person WHERE card_number = $1",
            vec![card.as_str().into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "đảng viên có số thẻ",
            key: card.as_str().to_string(),
        })?;
        get(&r, "id")
    }

    /// One person's register record.
    pub async fn person(&self, id: i32) -> Result<PersonRecord> {
        let sql = format!("SELECT {PERSON_COLS} FROM person p WHERE p.id = $1");
        let r = one(&self.conn, &sql, vec![id.into()])
            .await?
            .ok_or(DbError::NotFound {
                what: "người",
                key: id.to_string(),
            })?;
        record_from_row(&r)
    }

    /// The register of a subtree on a date: those whose regular organization lies in it,
    /// in Vietnamese name order.
    pub async fn register(&self, q: &RegisterQuery) -> Result<Vec<MemberRow>> {
        Ok(Arc::unwrap_or_clone(self.register_page(q, None).await?).rows)
    }

    /// One page of the register (`(offset, limit)`), sorted by the database on the stored
    /// Vietnamese sort key (byte order, so `COLLATE "C"` on PostgreSQL), with the total count;
    /// without a page, the whole register.
    pub async fn register_page(
        &self,
        q: &RegisterQuery,
        page: Option<(u64, u64)>,
    ) -> Result<Arc<RegisterPage>> {
        match page {
            // A page is remembered while the data is unchanged: the member list under load.
            Some((offset, limit)) => {
                let key = format!(
                    "register-page|{}|{}|{:?}|{}|{offset}|{limit}",
                    q.org.trim().to_uppercase(),
                    q.on,
                    q.search,
                    q.include_non_members
                );
                self.cache
                    .get_or(key, || async {
                        Ok(Arc::new(self.register_page_uncached(q, page).await?))
                    })
                    .await
            }
            None => Ok(Arc::new(self.register_page_uncached(q, None).await?)),
        }
    }

    async fn register_page_uncached(
        &self,
        q: &RegisterQuery,
        page: Option<(u64, u64)>,
    ) -> Result<RegisterPage> {
        let root = self.org(&q.org, Some(q.on)).await?;
        let scope = RegisterScope::of(q, self.backend() == crate::Backend::Sqlite, root.path);
        let by_org = scope.by_org();
        let (total, limit) = match page {
            Some((offset, limit)) => {
                let n = self.register_count(&scope, &by_org).await?;
                (Some(n), Some((offset, limit)))
            }
            None => (None, None),
        };
        // A page of a large register walks the people in name order (the sort key's index)
        // and stops after the page; a small one sorts what its organizations hold.
        let from = match (total, limit) {
            (Some(n), Some((offset, _)))
                if scope.sqlite && n > NAME_ORDER_WALK_FROM && offset < n / 2 =>
            {
                scope.by_name()
            }
            _ => by_org,
        };
        let limit = limit
            .map(|(offset, limit)| format!(" LIMIT {limit} OFFSET {offset}"))
            .unwrap_or_default();
        let sql = scope.select_in_name_order(&from, &limit);
        let rows = all(&self.conn, &sql, scope.params()).await?;
        let rows = rows
            .iter()
            .map(|r| member_row(r, q.on))
            .collect::<Result<Vec<_>>>()?;
        Ok(RegisterPage {
            total: total.unwrap_or(rows.len() as u64),
            rows,
        })
    }

    /// The members posted to `org` itself on `on` (not to its subordinates), in Vietnamese
    /// name order: those a split or a merge may move. A country or a province has none, and
    /// this reads only its own postings, not its millions of members.
    pub async fn own_register(&self, org: &str, on: NaiveDate) -> Result<Vec<MemberRow>> {
        let root = self.org(org, Some(on)).await?;
        let scope = RegisterScope {
            sqlite: self.backend() == crate::Backend::Sqlite,
            on,
            path: root.path,
            include_non_members: false,
            search: None,
            own_only: true,
            among: None,
        };
        let sql = scope.select_in_name_order(&scope.by_org(), "");
        all(&self.conn, &sql, scope.params())
            .await?
            .iter()
            .map(|r| member_row(r, on))
            .collect()
    }

    /// The number of lines of the register `by_org` reads, remembered while the data is
    /// unchanged.
    async fn register_count(&self, scope: &RegisterScope, by_org: &str) -> Result<u64> {
        let key = format!(
            "register-count|{}|{}|{:?}|{}",
            scope.path, scope.on, scope.search, scope.include_non_members
        );
        self.cache
            .get_or(key, || async {
                one(
                    &self.conn,
                    &format!("SELECT COUNT(*) AS n {by_org}"),
                    scope.params(),
                )
                .await?
                .map(|r| get_count(&r, "n"))
                .transpose()
                .map(|n| n.unwrap_or(0))
            })
            .await
    }

    /// A member's timeline, oldest first.
    pub async fn history(&self, person: i32) -> Result<Vec<HistoryEntry>> {
        let rows = all(
            &self.conn,
            "SELECT e.kind, e.on_date, e.note, e.detail, o.code, d.symbol, \
             (SELECT v.name FROM org_version v WHERE v.org_id = e.org_id AND v.valid_from <= e.on_date ORDER BY v.valid_from DESC LIMIT 1) AS org_name \
             FROM member_event e LEFT JOIN organization o ON o.id = e.org_id LEFT JOIN decision d ON d.id = e.decision_id \
             WHERE e.person_id = $1 ORDER BY e.on_date, e.id",
            vec![person.into()],
        )
        .await?;
        let events = load_history(&self.conn, person).await?;
        rows.iter()
            .zip(events)
            .map(|(r, (_, e))| {
                let detail: Option<String> = get(r, "detail")?;
                let mut label = e.label().to_string();
                if let Some(f) = detail.as_deref().and_then(LeaveForm::from_code) {
                    label = format!("{label} ({})", f.label());
                }
                Ok(HistoryEntry {
                    on: get(r, "on_date")?,
                    kind: get(r, "kind")?,
                    label,
                    org_code: get(r, "code")?,
                    org_name: get(r, "org_name")?,
                    decision: get(r, "symbol")?,
                    note: get(r, "note")?,
                })
            })
            .collect()
    }
}

/// The refusal of a new row whose record number (Số lý lịch) is taken: by someone stored, or
/// by an earlier new row of the same file.
fn record_number_taken(row: usize, number: &str, in_file: bool) -> RowError {
    RowError {
        row,
        column: "Số lý lịch".into(),
        message: if in_file {
            format!("số lý lịch {number} đã có ở một dòng trước trong tệp")
        } else {
            format!("số lý lịch {number} đã thuộc về một người khác")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::path_end;

    #[test]
    fn the_path_end_is_above_every_path_of_the_subtree_and_below_the_next_sibling() {
        assert_eq!(path_end("/1/5/"), "/1/50");
        for inside in ["/1/5/", "/1/5/7/", "/1/5/999/12/"] {
            assert!(
                inside >= "/1/5/" && inside < path_end("/1/5/").as_str(),
                "{inside}"
            );
        }
        for outside in ["/1/50/", "/1/6/", "/1/55/", "/1/4/", "/1/"] {
            assert!(
                !(outside >= "/1/5/" && outside < path_end("/1/5/").as_str()),
                "{outside}"
            );
        }
    }
}
