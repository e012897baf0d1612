//! Notices of a branch's next meeting (issue 20): the secretary publishes the date, time,
//! place, agenda and the documents of the register to read before it; each member sees them
//! on their own page and may say they will be absent, with the reason, which the attendance
//! form then shows beside their name. Also what a member's page lists: the branch's coming
//! notices and the study sessions the member attended.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::branch::personal as rules;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, now, one};

/// How many days after an announced meeting the attendance form still offers it (with the
/// absences announced) when no meeting of that day is recorded yet.
pub const DAYS_TO_RECORD: i64 = 14;

/// What the secretary writes in a notice.
#[derive(Debug, Clone, Default)]
pub struct NewNotice {
    pub meeting_on: NaiveDate,
    /// "14:00".
    pub starts_at: String,
    pub place: String,
    pub agenda: String,
    /// Documents of the organization's register, in order.
    pub documents: Vec<i32>,
}

/// A notice, with its documents and the answers it has had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub id: i32,
    pub org_id: i32,
    pub org_code: String,
    pub org_name: String,
    pub meeting_on: NaiveDate,
    pub starts_at: String,
    pub place: String,
    pub agenda: String,
    /// (id, symbol, subject, has a file).
    pub documents: Vec<(i32, String, String, bool)>,
    pub created_by: String,
    pub withdrawn: bool,
}

/// A member's answer to a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeReply {
    pub person_id: i32,
    pub full_name: String,
    pub absent: bool,
    pub reason: Option<String>,
}

/// One study session a member attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendedStudy {
    pub held_on: NaiveDate,
    pub kind: String,
    pub topic: String,
}

/// `HH:MM` on a 24-hour clock.
fn clean_time(raw: &str) -> Result<String> {
    let t = raw.trim().replace(['h', 'g'], ":");
    let t = t.trim_end_matches(':');
    let (h, m) = t.split_once(':').unwrap_or((t, "0"));
    match (h.trim().parse::<u32>(), m.trim().parse::<u32>()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 => Ok(format!("{h:02}:{m:02}")),
        _ => Err(DbError::Invalid(format!(
            "giờ họp '{}' không hợp lệ; ghi theo dạng 14:00",
            domain::text::excerpt(raw)
        ))),
    }
}

async fn notice_in(c: &impl ConnectionTrait, id: i32) -> Result<Notice> {
    let r = one(
        c,
        "SELECT n.id, n.org_id, o.code, v.name, n.meeting_on, n.starts_at, n.place, n.agenda, \
         n.document_ids, n.created_by, n.withdrawn_at FROM meeting_notice n \
         JOIN organization o ON o.id = n.org_id \
         JOIN org_version v ON v.org_id = o.id AND v.valid_to IS NULL WHERE n.id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "thông báo",
        key: id.to_string(),
    })?;
    let ids: String = get(&r, "document_ids")?;
    let mut documents = Vec::new();
    for d in ids.split(',').filter_map(|s| s.trim().parse::<i32>().ok()) {
        if let Some(doc) = one(
            c,
            "SELECT id, symbol, subject, file_data IS NOT NULL AS has_file FROM party_document WHERE id = $1",
            vec![d.into()],
        )
        .await?
        {
            documents.push((
                d,
                get(&doc, "symbol")?,
                get(&doc, "subject")?,
                get(&doc, "has_file")?,
            ));
        }
    }
    Ok(Notice {
        id,
        org_id: get(&r, "org_id")?,
        org_code: get(&r, "code")?,
        org_name: get(&r, "name")?,
        meeting_on: get(&r, "meeting_on")?,
        starts_at: get(&r, "starts_at")?,
        place: get(&r, "place")?,
        agenda: get(&r, "agenda")?,
        documents,
        created_by: get(&r, "created_by")?,
        withdrawn: get::<Option<chrono::NaiveDateTime>>(&r, "withdrawn_at")?.is_some(),
    })
}

impl Db {
    /// Publishes the notice of a meeting of `org` to its members. The meeting is today or
    /// later; the documents are the organization's own.
    pub async fn publish_notice(
        &self,
        actor: &Actor,
        org: &str,
        n: &NewNotice,
        today: NaiveDate,
    ) -> Result<i32> {
        if n.meeting_on < today {
            return Err(DbError::Invalid(format!(
                "ngày họp {} đã qua; thông báo là cho cuộc họp sắp tới",
                domain::text::format_date(n.meeting_on)
            )));
        }
        let starts_at = clean_time(&n.starts_at)?;
        let place = rules::clean_text("Địa điểm", &n.place, true).map_err(DbError::invalid)?;
        let agenda = rules::clean_text("Nội dung", &n.agenda, true).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), Some(today)).await?;
        for d in &n.documents {
            let mine = one(
                &tx,
                "SELECT id FROM party_document WHERE id = $1 AND org_id = $2",
                vec![(*d).into(), org.id.into()],
            )
            .await?;
            if mine.is_none() {
                return Err(DbError::Invalid(format!(
                    "văn bản số {d} không có trong sổ văn bản của {}",
                    org.name
                )));
            }
        }
        let ids = n
            .documents
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let id = insert_id(
            &tx,
            "INSERT INTO meeting_notice (org_id, meeting_on, starts_at, place, agenda, document_ids, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                org.id.into(),
                n.meeting_on.into(),
                starts_at.clone().into(),
                place.clone().into(),
                agenda.clone().into(),
                ids.into(),
                actor.0.clone().into(),
                now().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "meeting_notice",
            &id.to_string(),
            None,
            Some(
                json!({"org": org.code, "meeting_on": n.meeting_on, "starts_at": starts_at,
                "place": place, "agenda": agenda, "documents": n.documents}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Withdraws a notice (the meeting is off); it stays in the audit log.
    pub async fn withdraw_notice(&self, actor: &Actor, id: i32) -> Result<()> {
        let tx = self.write_tx().await?;
        notice_in(&tx, id).await?;
        exec(
            &tx,
            "UPDATE meeting_notice SET withdrawn_at = $1 WHERE id = $2",
            vec![now().into(), id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "withdraw",
            "meeting_notice",
            &id.to_string(),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One notice.
    pub async fn notice(&self, id: i32) -> Result<Notice> {
        notice_in(&self.conn, id).await
    }

    /// The notices of an organization for meetings from `from` on (withdrawn ones left out),
    /// soonest first.
    pub async fn notices(&self, org_id: i32, from: NaiveDate) -> Result<Vec<Notice>> {
        let rows = all(
            &self.conn,
            "SELECT id FROM meeting_notice WHERE org_id = $1 AND meeting_on >= $2 AND withdrawn_at IS NULL \
             ORDER BY meeting_on, starts_at, id",
            vec![org_id.into(), from.into()],
        )
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(notice_in(&self.conn, get(&r, "id")?).await?);
        }
        Ok(out)
    }

    /// A member answers a notice of their own organization: present, or absent with a reason.
    pub async fn reply_notice(
        &self,
        actor: &Actor,
        person: i32,
        notice: i32,
        absent: bool,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let n = notice_in(&tx, notice).await?;
        if n.withdrawn {
            return Err(DbError::Invalid("thông báo này đã được thu hồi".into()));
        }
        let reason =
            rules::check_reply(n.meeting_on, today, absent, reason).map_err(DbError::invalid)?;
        exec(
            &tx,
            "DELETE FROM notice_reply WHERE notice_id = $1 AND person_id = $2",
            vec![notice.into(), person.into()],
        )
        .await?;
        exec(
            &tx,
            "INSERT INTO notice_reply (notice_id, person_id, absent, reason, replied_at) VALUES ($1, $2, $3, $4, $5)",
            vec![notice.into(), person.into(), absent.into(), reason.clone().into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "reply",
            "meeting_notice",
            &notice.to_string(),
            None,
            Some(json!({"person": person, "absent": absent, "reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The answers a notice has had, by name.
    pub async fn notice_replies(&self, notice: i32) -> Result<Vec<NoticeReply>> {
        let rows = all(
            &self.conn,
            "SELECT r.person_id, p.full_name, r.absent, r.reason FROM notice_reply r \
             JOIN person p ON p.id = r.person_id WHERE r.notice_id = $1 ORDER BY p.name_sort",
            vec![notice.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NoticeReply {
                    person_id: get(r, "person_id")?,
                    full_name: get(r, "full_name")?,
                    absent: get(r, "absent")?,
                    reason: get(r, "reason")?,
                })
            })
            .collect()
    }

    /// The meeting the attendance form is most likely about: the latest meeting of `org` a
    /// notice announced for a day in the last `DAYS_TO_RECORD` days up to `today` that has
    /// no meeting recorded on that day yet (a secretary often records the meeting a day or
    /// two later), with the absences its members announced.
    pub async fn meeting_to_record(
        &self,
        org_id: i32,
        today: NaiveDate,
    ) -> Result<Option<(NaiveDate, HashMap<i32, String>)>> {
        let row = one(
            &self.conn,
            "SELECT n.meeting_on FROM meeting_notice n WHERE n.org_id = $1 AND n.withdrawn_at IS NULL              AND n.meeting_on <= $2 AND n.meeting_on >= $3              AND NOT EXISTS (SELECT 1 FROM meeting g WHERE g.org_id = n.org_id AND g.held_on = n.meeting_on)              ORDER BY n.meeting_on DESC LIMIT 1",
            vec![
                org_id.into(),
                today.into(),
                (today - chrono::Duration::days(DAYS_TO_RECORD)).into(),
            ],
        )
        .await?;
        let Some(row) = row else { return Ok(None) };
        let on: NaiveDate = get(&row, "meeting_on")?;
        Ok(Some((on, self.announced_absences(org_id, on).await?)))
    }

    /// The absences members announced for a meeting of `org` on `on` (through its notices),
    /// by person: what the attendance form shows.
    pub async fn announced_absences(
        &self,
        org_id: i32,
        on: NaiveDate,
    ) -> Result<HashMap<i32, String>> {
        let rows = all(
            &self.conn,
            "SELECT r.person_id, r.reason FROM notice_reply r JOIN meeting_notice n ON n.id = r.notice_id \
             WHERE n.org_id = $1 AND n.meeting_on = $2 AND n.withdrawn_at IS NULL AND r.absent = $3",
            vec![org_id.into(), on.into(), true.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    get(r, "person_id")?,
                    get::<Option<String>>(r, "reason")?.unwrap_or_default(),
                ))
            })
            .collect()
    }

    /// The member's answer to a notice, if any.
    pub async fn my_reply(&self, notice: i32, person: i32) -> Result<Option<NoticeReply>> {
        Ok(self
            .notice_replies(notice)
            .await?
            .into_iter()
            .find(|r| r.person_id == person))
    }

    /// The study sessions a person attended, newest first.
    pub async fn attended_study(&self, person: i32) -> Result<Vec<AttendedStudy>> {
        let rows = all(
            &self.conn,
            "SELECT s.held_on, s.kind, s.topic FROM study_attendance a JOIN study_session s ON s.id = a.session_id \
             WHERE a.person_id = $1 ORDER BY s.held_on DESC, s.id DESC",
            vec![person.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                Ok(AttendedStudy {
                    held_on: get(r, "held_on")?,
                    kind: domain::branch::study::StudyKind::from_code(&kind)
                        .map(|k| k.label().to_string())
                        .unwrap_or(kind),
                    topic: get(r, "topic")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn meeting_times_are_read_as_offices_write_them() {
        assert_eq!(super::clean_time("14:00").unwrap(), "14:00");
        assert_eq!(super::clean_time("7h30").unwrap(), "07:30");
        assert_eq!(super::clean_time("14g").unwrap(), "14:00");
        assert!(super::clean_time("25:00").is_err());
        assert!(super::clean_time("chiều").is_err());
    }
}
