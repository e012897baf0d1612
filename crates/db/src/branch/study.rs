//! Study sessions (members and non-member staff, by person) and supervision (a yearly plan,
//! records per member).

use std::collections::HashSet;

use chrono::NaiveDate;
use domain::branch::study::StudyKind;
use domain::branch::supervision::{self, SupervisionKind};
use serde::Serialize;
use serde_json::json;

use super::{check_year, not_in_org, roster_on};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, one};

/// A study session to record with who attended (members and non-members).
#[derive(Debug, Clone)]
pub struct NewStudySession {
    pub org: String,
    pub kind: StudyKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub attendees: Vec<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StudySessionRow {
    pub id: i32,
    pub kind: StudyKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub members: u64,
    pub non_members: u64,
}

/// A supervision or inspection of one member.
#[derive(Debug, Clone)]
pub struct NewSupervision {
    pub org: String,
    pub person: i32,
    pub held_on: NaiveDate,
    pub kind: SupervisionKind,
    pub content: String,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SupervisionRow {
    pub id: i32,
    pub person_id: i32,
    pub full_name: String,
    pub held_on: NaiveDate,
    pub kind: SupervisionKind,
    pub content: String,
    pub conclusion: Option<String>,
}

/// A study session checked as it is recorded or corrected: not in the future, a topic, every
/// attendee posted in the organization that day and listed once. Returns the organization and
/// the topic as stored.
pub(super) async fn checked_study(
    c: &impl sea_orm::ConnectionTrait,
    s: &NewStudySession,
    today: NaiveDate,
) -> Result<(crate::OrgRow, String)> {
    if s.held_on > today {
        return Err(DbError::Invalid(format!(
            "buổi học tập ngày {} chưa diễn ra",
            domain::text::format_date(s.held_on)
        )));
    }
    let topic = domain::text::normalize(&s.topic);
    if topic.is_empty() {
        return Err(DbError::Invalid(
            "nội dung học tập không được để trống".into(),
        ));
    }
    let org = require_org(c, &s.org.trim().to_uppercase(), Some(s.held_on)).await?;
    let roster: HashSet<i32> = roster_on(c, org.id, s.held_on)
        .await?
        .into_iter()
        .map(|e| e.person_id)
        .collect();
    let mut seen = HashSet::new();
    for p in &s.attendees {
        if !roster.contains(p) {
            return Err(not_in_org(*p, &org, s.held_on, "dự học tập"));
        }
        if !seen.insert(*p) {
            return Err(DbError::Invalid(format!(
                "người có mã {p} được ghi hai lần trong danh sách học tập"
            )));
        }
    }
    Ok((org, topic))
}

/// A supervision checked as it is recorded or corrected: not ahead of today, a content, the
/// member posted in the organization that day. Returns the organization, the content and the
/// conclusion as stored.
pub(super) async fn checked_supervision(
    c: &impl sea_orm::ConnectionTrait,
    s: &NewSupervision,
    today: NaiveDate,
) -> Result<(crate::OrgRow, String, Option<String>)> {
    if s.held_on > today {
        return Err(DbError::Invalid(format!(
            "ngày kiểm tra, giám sát {} chưa đến",
            domain::text::format_date(s.held_on)
        )));
    }
    let content = domain::text::normalize(&s.content);
    if content.is_empty() {
        return Err(DbError::invalid(supervision::SupervisionError::NoContent));
    }
    let org = require_org(c, &s.org.trim().to_uppercase(), Some(s.held_on)).await?;
    let member = roster_on(c, org.id, s.held_on)
        .await?
        .into_iter()
        .any(|e| e.person_id == s.person && e.member);
    if !member {
        return Err(not_in_org(s.person, &org, s.held_on, "kiểm tra, giám sát"));
    }
    let conclusion = s
        .conclusion
        .as_deref()
        .map(domain::text::normalize)
        .filter(|c| !c.is_empty());
    Ok((org, content, conclusion))
}

impl Db {
    /// Records a study session; every attendee must be posted in the organization that day.
    pub async fn record_study(
        &self,
        actor: &Actor,
        s: &NewStudySession,
        today: NaiveDate,
    ) -> Result<i32> {
        let tx = self.write_tx().await?;
        let (org, topic) = checked_study(&tx, s, today).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO study_session (org_id, kind, held_on, topic) VALUES ($1, $2, $3, $4)",
            vec![
                org.id.into(),
                s.kind.code().into(),
                s.held_on.into(),
                topic.clone().into(),
            ],
        )
        .await?;
        for p in &s.attendees {
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
            "study_recorded",
            "study_session",
            id,
            None,
            Some(json!({"org": org.code, "kind": s.kind.code(), "held_on": s.held_on, "topic": topic, "attendees": s.attendees})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The study sessions of an organization in a year.
    pub async fn study_sessions(&self, org: &str, year: i32) -> Result<Vec<StudySessionRow>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let (from, to) = super::year_bounds(year)?;
        let rows = all(
            &self.conn,
            "SELECT s.id, s.kind, s.held_on, s.topic, \
             COALESCE(SUM(CASE WHEN p.admitted_on IS NOT NULL AND p.admitted_on <= s.held_on THEN 1 ELSE 0 END), 0) AS members, \
             COALESCE(SUM(CASE WHEN p.id IS NOT NULL AND (p.admitted_on IS NULL OR p.admitted_on > s.held_on) THEN 1 ELSE 0 END), 0) AS non_members \
             FROM study_session s LEFT JOIN study_attendance a ON a.session_id = s.id LEFT JOIN person p ON p.id = a.person_id \
             WHERE s.org_id = $1 AND s.held_on >= $2 AND s.held_on <= $3 \
             GROUP BY s.id, s.kind, s.held_on, s.topic ORDER BY s.held_on, s.id",
            vec![org.id.into(), from.into(), to.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                Ok(StudySessionRow {
                    id: get(r, "id")?,
                    kind: StudyKind::from_code(&kind)
                        .ok_or_else(|| DbError::Invalid(format!("loại học tập lạ '{kind}'")))?,
                    held_on: get(r, "held_on")?,
                    topic: get(r, "topic")?,
                    members: crate::sql::get_count(r, "members")?,
                    non_members: crate::sql::get_count(r, "non_members")?,
                })
            })
            .collect()
    }

    /// Sets (or replaces) the supervision plan of a year: the share of members to supervise.
    pub async fn set_supervision_plan(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        planned_percent: f64,
        content: &str,
        today: NaiveDate,
    ) -> Result<()> {
        check_year(year, today + chrono::Days::new(366))?;
        supervision::check_plan_share(planned_percent).map_err(DbError::invalid)?;
        let content = domain::text::normalize(content);
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), None).await?;
        let before = one(
            &tx,
            "SELECT planned_percent, content FROM supervision_plan WHERE org_id = $1 AND year = $2",
            vec![org.id.into(), year.into()],
        )
        .await?;
        let before = match before {
            Some(r) => Some(
                json!({"planned_percent": get::<f64>(&r, "planned_percent")?, "content": get::<String>(&r, "content")?}),
            ),
            None => None,
        };
        if before.is_some() {
            exec(
                &tx,
                "UPDATE supervision_plan SET planned_percent = $1, content = $2 WHERE org_id = $3 AND year = $4",
                vec![planned_percent.into(), content.clone().into(), org.id.into(), year.into()],
            )
            .await?;
        } else {
            exec(
                &tx,
                "INSERT INTO supervision_plan (org_id, year, planned_percent, content) VALUES ($1, $2, $3, $4)",
                vec![org.id.into(), year.into(), planned_percent.into(), content.clone().into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "supervision_plan_set",
            "organization",
            org.id,
            before,
            Some(json!({"year": year, "planned_percent": planned_percent, "content": content})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The supervision plan of a year, if one was set: the share of members to supervise and
    /// its content.
    pub async fn supervision_plan(&self, org: &str, year: i32) -> Result<Option<(f64, String)>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        one(
            &self.conn,
            "SELECT planned_percent, content FROM supervision_plan WHERE org_id = $1 AND year = $2",
            vec![org.id.into(), year.into()],
        )
        .await?
        .map(|r| {
            Ok((
                get::<f64>(&r, "planned_percent")?,
                get::<String>(&r, "content")?,
            ))
        })
        .transpose()
    }

    /// Records a supervision of a member of the organization on that day.
    pub async fn record_supervision(
        &self,
        actor: &Actor,
        s: &NewSupervision,
        today: NaiveDate,
    ) -> Result<i32> {
        let tx = self.write_tx().await?;
        let (org, content, conclusion) = checked_supervision(&tx, s, today).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO supervision_record (org_id, person_id, held_on, kind, content, conclusion) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                org.id.into(),
                s.person.into(),
                s.held_on.into(),
                s.kind.code().into(),
                content.clone().into(),
                conclusion.clone().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "supervision_recorded",
            "person",
            s.person,
            None,
            Some(json!({"org": org.code, "held_on": s.held_on, "kind": s.kind.code(), "content": content, "conclusion": conclusion, "record_id": id})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The supervisions recorded by an organization in a year.
    pub async fn supervisions(&self, org: &str, year: i32) -> Result<Vec<SupervisionRow>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let (from, to) = super::year_bounds(year)?;
        let rows = all(
            &self.conn,
            "SELECT r.id, r.person_id, p.full_name, r.held_on, r.kind, r.content, r.conclusion \
             FROM supervision_record r JOIN person p ON p.id = r.person_id \
             WHERE r.org_id = $1 AND r.held_on >= $2 AND r.held_on <= $3 ORDER BY r.held_on, r.id",
            vec![org.id.into(), from.into(), to.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                Ok(SupervisionRow {
                    id: get(r, "id")?,
                    person_id: get(r, "person_id")?,
                    full_name: get(r, "full_name")?,
                    held_on: get(r, "held_on")?,
                    kind: SupervisionKind::from_code(&kind).ok_or_else(|| {
                        DbError::Invalid(format!("loại kiểm tra, giám sát lạ '{kind}'"))
                    })?,
                    content: get(r, "content")?,
                    conclusion: get(r, "conclusion")?,
                })
            })
            .collect()
    }
}
