//! Corrections of what a secretary types daily (issue 18 §2.3), besides the meeting's own
//! (`meeting_detail`): correcting or deleting a study session or a supervision, and
//! correcting a member's rating at one stage. Each needs a reason, which the audit log keeps
//! with the record before and after; a correction is checked by the rules that checked the
//! record (the score's band, the Excellent cap at the committee's decision), or refused with
//! nothing changed.

use chrono::NaiveDate;
use domain::branch::rating::{self, RatingLevel, RatingStage};
use serde_json::json;

use super::ratings::check_decided_cap;
use super::reference_date;
use super::study::{NewStudySession, checked_study, checked_supervision};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, one};

/// A supervision as stored (the correction form's starting point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionRecord {
    pub person: i32,
    pub full_name: String,
    pub kind: String,
    pub content: String,
    pub conclusion: Option<String>,
}

/// Where a record belongs: its organization (latest code) and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPlace {
    pub org_code: String,
    pub on: NaiveDate,
}

fn reason_of(raw: &str, what: &str) -> Result<String> {
    let reason = domain::text::normalize(raw);
    if reason.is_empty() {
        return Err(DbError::Invalid(format!(
            "cần ghi lý do {what} (lưu vào nhật ký)"
        )));
    }
    Ok(reason)
}

impl Db {
    /// The organization and date of a study session (to check who may change it).
    pub async fn study_place(&self, id: i32) -> Result<RecordPlace> {
        self.place(
            "SELECT o.code, s.held_on FROM study_session s JOIN organization o ON o.id = s.org_id WHERE s.id = $1",
            id,
            "buổi học tập",
        )
        .await
    }

    /// The organization and date of a supervision record.
    pub async fn supervision_place(&self, id: i32) -> Result<RecordPlace> {
        self.place(
            "SELECT o.code, r.held_on FROM supervision_record r JOIN organization o ON o.id = r.org_id WHERE r.id = $1",
            id,
            "lần kiểm tra, giám sát",
        )
        .await
    }

    async fn place(&self, sql: &str, id: i32, what: &'static str) -> Result<RecordPlace> {
        let r = one(&self.conn, sql, vec![id.into()])
            .await?
            .ok_or_else(|| DbError::NotFound {
                what,
                key: id.to_string(),
            })?;
        Ok(RecordPlace {
            org_code: get(&r, "code")?,
            on: get(&r, "held_on")?,
        })
    }

    /// Deletes a study session recorded by mistake, with who attended; the reason is kept
    /// in the audit log with the session as it was.
    pub async fn delete_study(&self, actor: &Actor, id: i32, reason: &str) -> Result<()> {
        let reason = reason_of(reason, "xóa buổi học tập")?;
        let place = self.study_place(id).await?;
        let tx = self.write_tx().await?;
        let before = study_json(&place, &read_study(&tx, id).await?);
        exec(
            &tx,
            "DELETE FROM study_attendance WHERE session_id = $1",
            vec![id.into()],
        )
        .await?;
        exec(
            &tx,
            "DELETE FROM study_session WHERE id = $1",
            vec![id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "delete",
            "study_session",
            id,
            Some(before),
            Some(json!({"reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A study session as recorded: where and when, its kind code, topic and who attended.
    pub async fn study_session(&self, id: i32) -> Result<(RecordPlace, String, String, Vec<i32>)> {
        let place = self.study_place(id).await?;
        let r = read_study(&self.conn, id).await?;
        Ok((place, r.kind, r.topic, r.attendees))
    }

    /// Corrects a study session: its kind, date, topic and who attended, under the checks of
    /// recording it; it stays in its organization. The reason is kept in the audit log with the
    /// session before and after.
    pub async fn update_study(
        &self,
        actor: &Actor,
        id: i32,
        s: &NewStudySession,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let reason = reason_of(reason, "sửa buổi học tập")?;
        let place = self.study_place(id).await?;
        let fixed = NewStudySession {
            org: place.org_code.clone(),
            ..s.clone()
        };
        let tx = self.write_tx().await?;
        let (_, topic) = checked_study(&tx, &fixed, today).await?;
        let before = study_json(&place, &read_study(&tx, id).await?);
        exec(
            &tx,
            "UPDATE study_session SET kind = $1, held_on = $2, topic = $3 WHERE id = $4",
            vec![
                fixed.kind.code().into(),
                fixed.held_on.into(),
                topic.clone().into(),
                id.into(),
            ],
        )
        .await?;
        exec(
            &tx,
            "DELETE FROM study_attendance WHERE session_id = $1",
            vec![id.into()],
        )
        .await?;
        for p in &fixed.attendees {
            exec(
                &tx,
                "INSERT INTO study_attendance (session_id, person_id) VALUES ($1, $2)",
                vec![id.into(), (*p).into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "update",
            "study_session",
            id,
            Some(before),
            Some(
                json!({"kind": fixed.kind.code(), "held_on": fixed.held_on, "topic": topic,
                "attendees": fixed.attendees, "reason": reason}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A supervision record as stored: where and when, the member's id and name, the kind's
    /// code, the content and the conclusion.
    pub async fn supervision(&self, id: i32) -> Result<(RecordPlace, SupervisionRecord)> {
        let place = self.supervision_place(id).await?;
        let r = one(
            &self.conn,
            "SELECT r.person_id, p.full_name, r.kind, r.content, r.conclusion FROM supervision_record r \
             JOIN person p ON p.id = r.person_id WHERE r.id = $1",
            vec![id.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "lần kiểm tra, giám sát",
            key: id.to_string(),
        })?;
        Ok((
            place,
            SupervisionRecord {
                person: get(&r, "person_id")?,
                full_name: get(&r, "full_name")?,
                kind: get(&r, "kind")?,
                content: get(&r, "content")?,
                conclusion: get(&r, "conclusion")?,
            },
        ))
    }

    /// Corrects a supervision: its date, kind, content and conclusion (the member stays), under
    /// the checks of recording it (not ahead, content given, the member in the organization that
    /// day). The reason is kept in the audit log with the record before and after.
    pub async fn update_supervision(
        &self,
        actor: &Actor,
        id: i32,
        s: &super::study::NewSupervision,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let reason = reason_of(reason, "sửa lần kiểm tra, giám sát")?;
        let (place, old) = self.supervision(id).await?;
        // The member and the organization stay; the rest is checked as when recorded.
        let fixed = super::study::NewSupervision {
            org: place.org_code.clone(),
            person: old.person,
            ..s.clone()
        };
        let tx = self.write_tx().await?;
        let (_, content, conclusion) = checked_supervision(&tx, &fixed, today).await?;
        exec(
            &tx,
            "UPDATE supervision_record SET held_on = $1, kind = $2, content = $3, conclusion = $4 WHERE id = $5",
            vec![
                fixed.held_on.into(),
                fixed.kind.code().into(),
                content.clone().into(),
                conclusion.clone().into(),
                id.into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "supervision_record",
            id,
            Some(
                json!({"org": place.org_code, "person": old.person, "held_on": place.on,
                "kind": old.kind, "content": old.content, "conclusion": old.conclusion}),
            ),
            Some(
                json!({"held_on": s.held_on, "kind": s.kind.code(), "content": content,
                "conclusion": conclusion, "reason": reason}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a supervision recorded by mistake; the reason is kept in the audit log with
    /// the record as it was.
    pub async fn delete_supervision(&self, actor: &Actor, id: i32, reason: &str) -> Result<()> {
        let reason = reason_of(reason, "xóa lần kiểm tra, giám sát")?;
        let (place, old) = self.supervision(id).await?;
        let before = supervision_json(&place, &old);
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "DELETE FROM supervision_record WHERE id = $1",
            vec![id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "delete",
            "supervision_record",
            id,
            Some(before),
            Some(json!({"reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Corrects a member's rating of `year` at one stage already recorded in `org`: the new
    /// level and score must agree (the score's band), and a corrected decision must keep the
    /// grassroots organization within the Excellent cap (or its exception). The reason is
    /// kept in the audit log with the rating before and after.
    #[allow(clippy::too_many_arguments)]
    pub async fn correct_member_rating(
        &self,
        actor: &Actor,
        org: &str,
        person: i32,
        year: i32,
        stage: RatingStage,
        level: RatingLevel,
        score: Option<u8>,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let reason = reason_of(reason, "sửa xếp loại")?;
        rating::check_score(level, score).map_err(DbError::invalid)?;
        let on = reference_date(year, today);
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), Some(on)).await?;
        let before = one(
            &tx,
            "SELECT r.id, r.level, r.score, p.full_name FROM member_rating r JOIN person p ON p.id = r.person_id \
             WHERE r.person_id = $1 AND r.year = $2 AND r.stage = $3 AND r.org_id = $4",
            vec![person.into(), year.into(), stage.code().into(), org.id.into()],
        )
        .await?
        .ok_or_else(|| {
            DbError::Invalid(format!(
                "chưa ghi {} năm {year} của người có mã {person} tại {}, nên không có gì để sửa",
                stage.label().to_lowercase(),
                org.name
            ))
        })?;
        let id: i32 = get(&before, "id")?;
        exec(
            &tx,
            "UPDATE member_rating SET level = $1, score = $2 WHERE id = $3",
            vec![level.code().into(), score.map(i32::from).into(), id.into()],
        )
        .await?;
        if stage == RatingStage::CommitteeDecision {
            check_decided_cap(&tx, &org, year, on).await?;
        }
        audit::record(
            &tx,
            actor,
            "update",
            "member_rating",
            id,
            Some(json!({
                "person": person, "year": year, "stage": stage.code(),
                "level": get::<String>(&before, "level")?, "score": get::<Option<i32>>(&before, "score")?,
            })),
            Some(json!({
                "person": person, "year": year, "stage": stage.code(),
                "level": level.code(), "score": score, "reason": reason,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A study session as stored, apart from its place.
struct StudyRecord {
    kind: String,
    topic: String,
    attendees: Vec<i32>,
}

/// Reads a study session and who attended (the one reader of the view, the correction and the
/// deletion).
async fn read_study(c: &impl sea_orm::ConnectionTrait, id: i32) -> Result<StudyRecord> {
    let r = one(
        c,
        "SELECT kind, topic FROM study_session WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or_else(|| DbError::NotFound {
        what: "buổi học tập",
        key: id.to_string(),
    })?;
    let attendees = all(
        c,
        "SELECT person_id FROM study_attendance WHERE session_id = $1 ORDER BY person_id",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|r| get(r, "person_id"))
    .collect::<Result<_>>()?;
    Ok(StudyRecord {
        kind: get(&r, "kind")?,
        topic: get(&r, "topic")?,
        attendees,
    })
}

/// A study session as the audit log keeps it.
fn study_json(place: &RecordPlace, r: &StudyRecord) -> serde_json::Value {
    json!({"org": place.org_code, "kind": r.kind, "held_on": place.on, "topic": r.topic,
        "attendees": r.attendees})
}

/// A supervision as the audit log keeps it.
fn supervision_json(place: &RecordPlace, r: &SupervisionRecord) -> serde_json::Value {
    json!({"org": place.org_code, "person": r.person, "held_on": place.on, "kind": r.kind,
        "content": r.content, "conclusion": r.conclusion})
}
