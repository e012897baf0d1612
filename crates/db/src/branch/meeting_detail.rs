//! One meeting with its attendance (the list behind the figure "có mặt 20/22"), its
//! correction and its deletion, each with the reason kept in the audit log.

use chrono::NaiveDate;
use domain::branch::meeting::{Attendance, MeetingKind, Standing};
use serde::Serialize;
use serde_json::json;

use super::meetings::{NewMeeting, checked_attendance, insert_attendance};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, one};

/// One member's line of a meeting's attendance.
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceLine {
    pub person_id: i32,
    pub full_name: String,
    pub standing: Standing,
    pub attendance: Attendance,
}

/// A meeting as its own page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    pub id: i32,
    pub org_code: String,
    pub org_path: String,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub thematic_part: bool,
    pub topic: String,
    pub minutes_text: Option<String>,
    /// In the register's order of names.
    pub lines: Vec<AttendanceLine>,
}

impl Db {
    /// A meeting with each member's attendance, in Vietnamese name order.
    pub async fn meeting(&self, id: i32) -> Result<MeetingDetail> {
        let m = one(
            &self.conn,
            "SELECT g.id, g.kind, g.held_on, g.minutes, g.thematic_part, g.topic, g.minutes_text, \
             o.code AS org_code, v.path FROM meeting g JOIN organization o ON o.id = g.org_id \
             JOIN org_version v ON v.org_id = g.org_id AND v.valid_to IS NULL WHERE g.id = $1",
            vec![id.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "cuộc họp",
            key: id.to_string(),
        })?;
        let kind: String = get(&m, "kind")?;
        let rows = all(
            &self.conn,
            "SELECT a.person_id, p.full_name, a.standing, a.status, a.reason FROM meeting_attendance a \
             JOIN person p ON p.id = a.person_id WHERE a.meeting_id = $1 ORDER BY p.name_sort, p.id",
            vec![id.into()],
        )
        .await?;
        let lines = rows
            .iter()
            .map(|r| {
                let status: String = get(r, "status")?;
                let reason: Option<String> = get(r, "reason")?;
                let standing: String = get(r, "standing")?;
                Ok(AttendanceLine {
                    person_id: get(r, "person_id")?,
                    full_name: get(r, "full_name")?,
                    standing: Standing::from_code(&standing).unwrap_or(Standing::Counted),
                    attendance: Attendance::from_parts(&status, reason.as_deref().or(Some("?")))
                        .map_err(DbError::invalid)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(MeetingDetail {
            id,
            org_code: get(&m, "org_code")?,
            org_path: get(&m, "path")?,
            kind: MeetingKind::from_code(&kind)
                .ok_or_else(|| DbError::Invalid(format!("loại sinh hoạt lạ '{kind}'")))?,
            held_on: get(&m, "held_on")?,
            minutes: get::<i32>(&m, "minutes")?.max(0) as u32,
            thematic_part: get(&m, "thematic_part")?,
            topic: get(&m, "topic")?,
            minutes_text: get(&m, "minutes_text")?,
            lines,
        })
    }

    /// Deletes a meeting recorded by mistake, with its attendance; the reason is required and
    /// kept in the audit log with everything deleted.
    pub async fn delete_meeting(&self, actor: &Actor, id: i32, reason: &str) -> Result<()> {
        let reason = domain::text::normalize(reason);
        if reason.is_empty() {
            return Err(DbError::Invalid(
                "cần ghi lý do xóa cuộc họp (lưu vào nhật ký)".into(),
            ));
        }
        let before = self.meeting(id).await?;
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "DELETE FROM meeting_attendance WHERE meeting_id = $1",
            vec![id.into()],
        )
        .await?;
        exec(&tx, "DELETE FROM meeting WHERE id = $1", vec![id.into()]).await?;
        audit::record(
            &tx,
            actor,
            "delete",
            "meeting",
            &id.to_string(),
            Some(detail_json(&before)),
            Some(json!({"reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Corrects a meeting as recorded: its kind, date, length, topic and every member's
    /// attendance, under the same checks as when it was recorded (a member of the branch on
    /// the new date, a reason for an excused absence, not in the future). The meeting stays
    /// in its organization; the reason is required and kept in the audit log with the
    /// meeting before and after. Returns the warnings of the corrected meeting.
    pub async fn update_meeting(
        &self,
        actor: &Actor,
        id: i32,
        m: &NewMeeting,
        reason: &str,
        today: NaiveDate,
    ) -> Result<Vec<String>> {
        let reason = domain::text::normalize(reason);
        if reason.is_empty() {
            return Err(DbError::Invalid(
                "cần ghi lý do sửa cuộc họp (lưu vào nhật ký)".into(),
            ));
        }
        let warnings = domain::branch::meeting::check_meeting(
            m.kind,
            m.held_on,
            m.minutes,
            m.thematic_part,
            today,
        )
        .map_err(DbError::invalid)?;
        let topic = domain::text::normalize(&m.topic);
        if topic.is_empty() {
            return Err(DbError::Invalid(
                "nội dung cuộc họp không được để trống".into(),
            ));
        }
        let before = self.meeting(id).await?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &before.org_code, Some(m.held_on)).await?;
        let rows = checked_attendance(&tx, &org, m).await?;
        exec(
            &tx,
            "UPDATE meeting SET kind = $1, held_on = $2, minutes = $3, thematic_part = $4, topic = $5, \
             minutes_text = $6 WHERE id = $7",
            vec![
                m.kind.code().into(),
                m.held_on.into(),
                (m.minutes as i32).into(),
                m.thematic_part.into(),
                topic.clone().into(),
                m.minutes_text.as_deref().map(domain::text::normalize).into(),
                id.into(),
            ],
        )
        .await?;
        exec(
            &tx,
            "DELETE FROM meeting_attendance WHERE meeting_id = $1",
            vec![id.into()],
        )
        .await?;
        insert_attendance(&tx, id, &rows).await?;
        let after = json!({
            "kind": m.kind.code(), "held_on": m.held_on, "minutes": m.minutes,
            "thematic_part": m.thematic_part, "topic": topic,
            "attendance": rows.iter().map(|(p, s, a)| json!({"person": p, "standing": s.code(), "status": a.code(), "reason": a.reason()})).collect::<Vec<_>>(),
            "reason": reason,
        });
        audit::record(
            &tx,
            actor,
            "update",
            "meeting",
            id,
            Some(detail_json(&before)),
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(warnings.iter().map(|w| w.to_string()).collect())
    }
}

/// A meeting as the audit log keeps it.
fn detail_json(m: &MeetingDetail) -> serde_json::Value {
    json!({
        "org": m.org_code, "kind": m.kind.code(), "held_on": m.held_on, "minutes": m.minutes,
        "thematic_part": m.thematic_part, "topic": m.topic,
        "attendance": m.lines.iter().map(|l| json!({"person": l.person_id, "standing": l.standing.code(), "status": l.attendance.code(), "reason": l.attendance.reason()})).collect::<Vec<_>>(),
    })
}
