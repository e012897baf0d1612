//! Meetings and attendance: recorded with the domain's checks (not in the future, duration
//! warnings, excused absences with reasons), attendance only for members of the branch on the
//! day (exempt and temporarily attached elsewhere stored as such, so the rate leaves them out).

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use domain::branch::meeting::{
    self, Attendance, AttendanceSummary, MeetingAttendance, MeetingKind, Standing,
};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::{not_in_org, roster_on, subtree};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, exec, get, insert_id, now};

/// A meeting to record, with its attendance.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub org: String,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub thematic_part: bool,
    pub topic: String,
    pub minutes_text: Option<String>,
    /// Person id and attendance; members of the branch on the day not listed are not recorded.
    pub attendance: Vec<(i32, Attendance)>,
}

/// What recording a meeting gave.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedMeeting {
    pub id: i32,
    /// Vietnamese warnings (too short).
    pub warnings: Vec<String>,
}

/// A stored meeting with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRow {
    pub id: i32,
    pub org_code: String,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub thematic_part: bool,
    pub topic: String,
    pub counted: u64,
    pub present: u64,
    pub unexcused: u64,
    pub rate: f64,
}

impl MeetingRow {
    /// The HD 12-HD/BTCTW verdict on the attendance (`None`: none recorded, or the chi ủy's
    /// own meeting).
    pub fn quality(&self) -> Option<meeting::Quality> {
        if !self.kind.is_branch_meeting() {
            return None;
        }
        meeting::quality(self.present, self.counted, self.unexcused)
    }

    /// The meeting as the calendar's rules see it.
    pub fn held(&self) -> meeting::Held {
        meeting::Held {
            on: self.held_on,
            kind: self.kind,
            thematic_part: self.thematic_part,
        }
    }
}

impl Db {
    /// Records a meeting held and its attendance; refuses a meeting in the future, an excused
    /// absence without reason, or anyone not a member of the branch on that day.
    pub async fn record_meeting(
        &self,
        actor: &Actor,
        m: &NewMeeting,
        today: NaiveDate,
    ) -> Result<RecordedMeeting> {
        let warnings = meeting::check_meeting(m.kind, m.held_on, m.minutes, m.thematic_part, today)
            .map_err(DbError::invalid)?;
        let topic = domain::text::normalize(&m.topic);
        if topic.is_empty() {
            return Err(DbError::Invalid(
                "nội dung cuộc họp không được để trống".into(),
            ));
        }
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &m.org.trim().to_uppercase(), Some(m.held_on)).await?;
        let rows = checked_attendance(&tx, &org, m).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO meeting (org_id, kind, held_on, minutes, thematic_part, topic, minutes_text, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                org.id.into(),
                m.kind.code().into(),
                m.held_on.into(),
                (m.minutes as i32).into(),
                m.thematic_part.into(),
                topic.clone().into(),
                m.minutes_text.as_deref().map(domain::text::normalize).into(),
                now().into(),
            ],
        )
        .await?;
        insert_attendance(&tx, id, &rows).await?;
        audit::record(
            &tx,
            actor,
            "meeting_recorded",
            "meeting",
            id,
            None,
            Some(json!({
                "org": org.code, "kind": m.kind.code(), "held_on": m.held_on, "minutes": m.minutes,
                "thematic_part": m.thematic_part, "topic": topic,
                "attendance": rows.iter().map(|(p, s, a)| json!({"person": p, "standing": s.code(), "status": a.code(), "reason": a.reason()})).collect::<Vec<_>>(),
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(RecordedMeeting {
            id,
            warnings: warnings.iter().map(|w| w.to_string()).collect(),
        })
    }

    /// The meetings of an organization (its own, not its subtree's) between two dates.
    pub async fn meetings(
        &self,
        org: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingRow>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let rows = all(
            &self.conn,
            "SELECT g.id, g.kind, g.held_on, g.minutes, g.thematic_part, g.topic, \
             COALESCE(SUM(CASE WHEN a.standing = 'counted' THEN 1 ELSE 0 END), 0) AS counted, \
             COALESCE(SUM(CASE WHEN a.standing = 'counted' AND a.status = 'present' THEN 1 ELSE 0 END), 0) AS present, \
             COALESCE(SUM(CASE WHEN a.standing = 'counted' AND a.status = 'unexcused' THEN 1 ELSE 0 END), 0) AS unexcused \
             FROM meeting g LEFT JOIN meeting_attendance a ON a.meeting_id = g.id \
             WHERE g.org_id = $1 AND g.held_on >= $2 AND g.held_on <= $3 \
             GROUP BY g.id, g.kind, g.held_on, g.minutes, g.thematic_part, g.topic ORDER BY g.held_on, g.id",
            vec![org.id.into(), from.into(), to.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                let counted = crate::sql::get_count(r, "counted")?;
                let present = crate::sql::get_count(r, "present")?;
                Ok(MeetingRow {
                    id: get(r, "id")?,
                    org_code: org.code.clone(),
                    kind: MeetingKind::from_code(&kind)
                        .ok_or_else(|| DbError::Invalid(format!("loại sinh hoạt lạ '{kind}'")))?,
                    held_on: get(r, "held_on")?,
                    minutes: get::<i32>(r, "minutes")?.max(0) as u32,
                    thematic_part: get(r, "thematic_part")?,
                    topic: get(r, "topic")?,
                    counted,
                    present,
                    unexcused: crate::sql::get_count(r, "unexcused")?,
                    rate: meeting::attendance_rate(present, counted),
                })
            })
            .collect()
    }

    /// Whether the organization elects a chi ủy by its official members on `on` (Điều lệ Art.
    /// 24(4): nine or more, a setting of the election rules), so its chi ủy owes a monthly
    /// meeting too.
    pub async fn has_committee(&self, org: &str, on: NaiveDate) -> Result<bool> {
        let s = self.structure(org, on).await?;
        let official = (s.counts.members - s.counts.probationary) as usize;
        Ok(domain::congress::planned_elections(
            official,
            0,
            0,
            false,
            &domain::congress::ElectionRules::default(),
        )
        .contains(&domain::congress::ElectionKind::Committee))
    }

    /// Attendance of the subtree's meetings between two dates, per member and in all, with
    /// the flags of `domain::branch::meeting` (absent without reason, excused runs).
    pub async fn attendance_summary(
        &self,
        org: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<AttendanceSummary<i32>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(to)).await?;
        let rows = all(
            &self.conn,
            &format!(
                "SELECT g.id, g.held_on, a.person_id, a.standing, a.status, a.reason \
                 FROM meeting g JOIN meeting_attendance a ON a.meeting_id = g.id \
                 WHERE g.kind <> 'committee' AND g.held_on >= $3 AND g.held_on <= $1 AND g.org_id IN {} ORDER BY g.held_on, g.id",
                subtree(1, 2)
            ),
            vec![to.into(), format!("{}%", org.path).into(), from.into()],
        )
        .await?;
        let mut meetings: BTreeMap<i32, MeetingAttendance<i32>> = BTreeMap::new();
        for r in &rows {
            let standing: String = get(r, "standing")?;
            let status: String = get(r, "status")?;
            let reason: Option<String> = get(r, "reason")?;
            let a = Attendance::from_parts(&status, reason.as_deref().or(Some("?")))
                .map_err(DbError::invalid)?;
            let id: i32 = get(r, "id")?;
            let held_on: NaiveDate = get(r, "held_on")?;
            meetings
                .entry(id)
                .or_insert_with(|| MeetingAttendance {
                    held_on,
                    rows: Vec::new(),
                })
                .rows
                .push((
                    get(r, "person_id")?,
                    Standing::from_code(&standing).unwrap_or(Standing::Counted),
                    a,
                ));
        }
        Ok(meeting::summarize(
            &meetings.into_values().collect::<Vec<_>>(),
        ))
    }
}

/// The meeting's attendance checked against who is posted in the branch on the day: each
/// person once, a member of the branch then, with how they count in the rate.
pub(super) async fn checked_attendance(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    m: &NewMeeting,
) -> Result<Vec<(i32, Standing, Attendance)>> {
    let roster: BTreeMap<i32, _> = roster_on(c, org.id, m.held_on)
        .await?
        .into_iter()
        .map(|e| (e.person_id, e))
        .collect();
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for (person, a) in &m.attendance {
        if !seen.insert(*person) {
            return Err(DbError::Invalid(format!(
                "người có mã {person} được ghi hai lần trong danh sách dự họp"
            )));
        }
        let a = Attendance::from_parts(a.code(), a.reason()).map_err(DbError::invalid)?;
        match roster.get(person) {
            Some(e) if e.member => rows.push((*person, e.standing, a)),
            Some(e) => {
                return Err(DbError::Invalid(format!(
                    "{} chưa phải đảng viên vào ngày {} nên không ghi dự sinh hoạt chi bộ",
                    e.full_name,
                    domain::text::format_date(m.held_on)
                )));
            }
            None => return Err(not_in_org(*person, org, m.held_on, "dự họp")),
        }
    }
    Ok(rows)
}

/// Writes the attendance of meeting `id`.
pub(super) async fn insert_attendance(
    c: &impl ConnectionTrait,
    id: i32,
    rows: &[(i32, Standing, Attendance)],
) -> Result<()> {
    for (person, standing, a) in rows {
        exec(
            c,
            "INSERT INTO meeting_attendance (meeting_id, person_id, standing, status, reason) VALUES ($1, $2, $3, $4, $5)",
            vec![
                id.into(),
                (*person).into(),
                standing.code().into(),
                a.code().into(),
                a.reason().map(str::to_string).into(),
            ],
        )
        .await?;
    }
    Ok(())
}
