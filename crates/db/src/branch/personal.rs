//! What a member hands in for themself (issue 20): the yearly pledge to follow Hồ Chí Minh's
//! example (written, approved by the secretary, reviewed at the year's end) and the yearly
//! self-assessment, which is also the `self` stage of the member's rating; the deadlines a
//! branch sets for both; and the branch's lists of who has handed in what. The rules are
//! `domain::branch::personal`; every write is audited.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use domain::branch::personal::{self as rules, DeadlineKind, PledgeOutcome, PledgeState, SECTIONS};
use domain::branch::rating::{self, RatingLevel, RatingStage};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::ratings::{MemberRatingInput, insert_member_rating, recorded_stages};
use super::{check_year, reference_date, roster_on};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, exec, get, now, one};

/// A member's pledge of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberPledge {
    pub person_id: i32,
    pub year: i32,
    pub content: String,
    pub state: PledgeState,
    pub submitted_at: NaiveDateTime,
    pub approved_by: Option<String>,
    pub review: Option<String>,
    pub outcome: Option<PledgeOutcome>,
}

/// A member's self-assessment of one year: the form's sections in order and the level they
/// propose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelfAssessment {
    pub person_id: i32,
    pub year: i32,
    pub sections: Vec<(String, String)>,
    pub level: RatingLevel,
    pub submitted_at: NaiveDateTime,
}

/// One member of a branch in the lists of who has pledged and who has assessed themself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalLine {
    pub person_id: i32,
    pub full_name: String,
    pub pledge: Option<PledgeState>,
    pub outcome: Option<PledgeOutcome>,
    pub self_level: Option<RatingLevel>,
    pub self_submitted: Option<NaiveDateTime>,
}

/// A branch's members for one year with what each has handed in, and the figures the seeds
/// print ("100% đảng viên đăng ký làm theo").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalList {
    pub org: OrgRow,
    pub year: i32,
    pub lines: Vec<PersonalLine>,
    pub pledged: usize,
    pub assessed: usize,
    pub pledge_until: NaiveDate,
    pub self_until: NaiveDate,
}

fn state_of(r: &sea_orm::QueryResult) -> Result<PledgeState> {
    Ok(
        if get::<Option<NaiveDateTime>>(r, "reviewed_at")?.is_some() {
            PledgeState::Reviewed
        } else if get::<Option<NaiveDateTime>>(r, "approved_at")?.is_some() {
            PledgeState::Approved
        } else {
            PledgeState::Submitted
        },
    )
}

fn outcome_of(r: &sea_orm::QueryResult) -> Result<Option<PledgeOutcome>> {
    Ok(get::<Option<String>>(r, "outcome")?
        .and_then(|o| PledgeOutcome::ALL.into_iter().find(|x| x.code() == o)))
}

async fn pledge_in(
    c: &impl ConnectionTrait,
    person: i32,
    year: i32,
) -> Result<Option<MemberPledge>> {
    one(
        c,
        "SELECT content, submitted_at, approved_at, approved_by, review, outcome, reviewed_at \
         FROM member_pledge WHERE person_id = $1 AND year = $2",
        vec![person.into(), year.into()],
    )
    .await?
    .map(|r| {
        Ok(MemberPledge {
            person_id: person,
            year,
            content: get(&r, "content")?,
            state: state_of(&r)?,
            submitted_at: get(&r, "submitted_at")?,
            approved_by: get(&r, "approved_by")?,
            review: get(&r, "review")?,
            outcome: outcome_of(&r)?,
        })
    })
    .transpose()
}

/// The rows of `select` (a table with `person_id` and `year`) of `year` for `people`, read
/// 500 at a time.
async fn of_people(
    c: &impl ConnectionTrait,
    select: &str,
    year: i32,
    people: &[i32],
) -> Result<Vec<sea_orm::QueryResult>> {
    let mut out = Vec::new();
    for chunk in people.chunks(500) {
        let marks: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{select} WHERE year = $1 AND person_id IN ({})",
            marks.join(", ")
        );
        let mut values: Vec<sea_orm::Value> = vec![year.into()];
        values.extend(chunk.iter().map(|i| sea_orm::Value::from(*i)));
        out.extend(all(c, &sql, values).await?);
    }
    Ok(out)
}

/// The deadline of `kind` a branch set for a year, if any.
async fn deadline_in(
    c: &impl ConnectionTrait,
    org: i32,
    year: i32,
    kind: DeadlineKind,
) -> Result<Option<NaiveDate>> {
    one(
        c,
        "SELECT until FROM member_deadline WHERE org_id = $1 AND year = $2 AND kind = $3",
        vec![org.into(), year.into(), kind.code().into()],
    )
    .await?
    .map(|r| get(&r, "until"))
    .transpose()
}

/// The organization a person belongs to on `on` as a party member, refused otherwise.
async fn branch_of(c: &impl ConnectionTrait, person: i32, on: NaiveDate) -> Result<OrgRow> {
    let r = one(
        c,
        "SELECT o.code FROM posting hp JOIN organization o ON o.id = hp.org_id \
         JOIN person p ON p.id = hp.person_id \
         WHERE hp.person_id = $1 AND hp.kind = 'regular' AND hp.from_date <= $2 \
         AND (hp.to_date IS NULL OR hp.to_date > $2) AND p.admitted_on IS NOT NULL \
         AND p.admitted_on <= $2 AND (p.ended_on IS NULL OR p.ended_on > $2) \
         ORDER BY hp.from_date DESC, hp.id DESC LIMIT 1",
        vec![person.into(), on.into()],
    )
    .await?
    .ok_or_else(|| {
        DbError::Invalid(format!(
            "người có mã {person} không là đảng viên sinh hoạt tại một chi bộ vào ngày {}",
            domain::text::format_date(on)
        ))
    })?;
    require_org(c, &get::<String>(&r, "code")?, Some(on)).await
}

/// Refuses when the branch's deadline of `kind` for `year` has passed.
async fn require_open(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    kind: DeadlineKind,
    year: i32,
    today: NaiveDate,
) -> Result<()> {
    let until = deadline_in(c, org.id, year, kind).await?;
    rules::check_open(kind, year, today, until).map_err(DbError::invalid)
}

impl Db {
    /// The member's pledge of a year, if written.
    pub async fn member_pledge(&self, person: i32, year: i32) -> Result<Option<MemberPledge>> {
        pledge_in(&self.conn, person, year).await
    }

    /// Writes or rewrites the member's pledge of `year` (until the secretary approves it, and
    /// by the branch's deadline).
    pub async fn save_pledge(
        &self,
        actor: &Actor,
        person: i32,
        year: i32,
        content: &str,
        today: NaiveDate,
    ) -> Result<()> {
        check_year(year, today)?;
        let content =
            rules::clean_text("Nội dung đăng ký", content, true).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let org = branch_of(&tx, person, reference_date(year, today)).await?;
        require_open(&tx, &org, DeadlineKind::Pledge, year, today).await?;
        let before = pledge_in(&tx, person, year).await?;
        rules::check_pledge_edit(year, before.as_ref().map(|p| p.state))
            .map_err(DbError::invalid)?;
        if before.is_some() {
            exec(
                &tx,
                "UPDATE member_pledge SET content = $1, submitted_at = $2, org_id = $3 WHERE person_id = $4 AND year = $5",
                vec![content.clone().into(), now().into(), org.id.into(), person.into(), year.into()],
            )
            .await?;
        } else {
            exec(
                &tx,
                "INSERT INTO member_pledge (person_id, org_id, year, content, submitted_at) VALUES ($1, $2, $3, $4, $5)",
                vec![person.into(), org.id.into(), year.into(), content.clone().into(), now().into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            if before.is_some() { "update" } else { "create" },
            "member_pledge",
            &format!("{person}/{year}"),
            before.map(|p| json!({"content": p.content})),
            Some(json!({"content": content, "org": org.code})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The secretary approves the member's pledge of `year`.
    pub async fn approve_pledge(&self, actor: &Actor, person: i32, year: i32) -> Result<()> {
        let tx = self.write_tx().await?;
        let before = pledge_in(&tx, person, year).await?;
        rules::check_approve(year, before.as_ref().map(|p| p.state)).map_err(DbError::invalid)?;
        if before.is_some_and(|p| p.state != PledgeState::Submitted) {
            return Ok(());
        }
        exec(
            &tx,
            "UPDATE member_pledge SET approved_at = $1, approved_by = $2 WHERE person_id = $3 AND year = $4",
            vec![now().into(), actor.0.clone().into(), person.into(), year.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "approve",
            "member_pledge",
            &format!("{person}/{year}"),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member reviews their approved pledge at the year's end.
    pub async fn review_pledge(
        &self,
        actor: &Actor,
        person: i32,
        year: i32,
        outcome: PledgeOutcome,
        review: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let review =
            rules::clean_text("Tự đánh giá kết quả", review, true).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let before = pledge_in(&tx, person, year).await?;
        rules::check_review(year, before.as_ref().map(|p| p.state), today)
            .map_err(DbError::invalid)?;
        exec(
            &tx,
            "UPDATE member_pledge SET review = $1, outcome = $2, reviewed_at = $3 WHERE person_id = $4 AND year = $5",
            vec![review.clone().into(), outcome.code().into(), now().into(), person.into(), year.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "review",
            "member_pledge",
            &format!("{person}/{year}"),
            None,
            Some(json!({"outcome": outcome.code(), "review": review})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member's self-assessment of a year, if handed in.
    pub async fn self_assessment(&self, person: i32, year: i32) -> Result<Option<SelfAssessment>> {
        let Some(r) = one(
            &self.conn,
            "SELECT sections, level, submitted_at FROM self_assessment WHERE person_id = $1 AND year = $2",
            vec![person.into(), year.into()],
        )
        .await?
        else {
            return Ok(None);
        };
        let raw: String = get(&r, "sections")?;
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&raw).unwrap_or_default();
        let sections = SECTIONS
            .iter()
            .map(|s| {
                let t = map.get(s.code).and_then(|v| v.as_str()).unwrap_or_default();
                (s.code.to_string(), t.to_string())
            })
            .collect();
        let level: String = get(&r, "level")?;
        Ok(Some(SelfAssessment {
            person_id: person,
            year,
            sections,
            level: RatingLevel::from_code(&level)
                .ok_or_else(|| DbError::invalid(rating::RatingError::UnknownLevel(level)))?,
            submitted_at: get(&r, "submitted_at")?,
        }))
    }

    /// Hands in (or corrects) the member's self-assessment of `year` by the branch's
    /// deadline: the form's sections and the level they propose, which is recorded as the
    /// `self` stage of the year's rating — refused once the branch has proposed a level.
    pub async fn save_self_assessment(
        &self,
        actor: &Actor,
        person: i32,
        year: i32,
        sections: &[(&'static str, String)],
        level: RatingLevel,
        today: NaiveDate,
    ) -> Result<()> {
        check_year(year, today)?;
        let tx = self.write_tx().await?;
        let org = branch_of(&tx, person, reference_date(year, today)).await?;
        require_open(&tx, &org, DeadlineKind::SelfAssessment, year, today).await?;
        let stages = recorded_stages(&tx, person, year).await?;
        let resubmit = stages.contains(&RatingStage::SelfAssessment);
        let others: Vec<RatingStage> = stages
            .into_iter()
            .filter(|s| *s != RatingStage::SelfAssessment)
            .collect();
        rating::check_stage(year, RatingStage::SelfAssessment, &others, today.year())
            .map_err(DbError::invalid)?;
        let body = serde_json::Value::Object(
            sections
                .iter()
                .map(|(k, v)| ((*k).to_string(), json!(v)))
                .collect(),
        )
        .to_string();
        exec(
            &tx,
            "DELETE FROM self_assessment WHERE person_id = $1 AND year = $2",
            vec![person.into(), year.into()],
        )
        .await?;
        exec(
            &tx,
            "INSERT INTO self_assessment (person_id, org_id, year, sections, level, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![person.into(), org.id.into(), year.into(), body.clone().into(), level.code().into(), now().into()],
        )
        .await?;
        if resubmit {
            exec(
                &tx,
                "DELETE FROM member_rating WHERE person_id = $1 AND year = $2 AND stage = $3",
                vec![
                    person.into(),
                    year.into(),
                    RatingStage::SelfAssessment.code().into(),
                ],
            )
            .await?;
        }
        let input = MemberRatingInput {
            person,
            level,
            score: None,
            note: Some("Bản tự kiểm điểm nộp trực tuyến".into()),
        };
        insert_member_rating(&tx, actor, &org, year, RatingStage::SelfAssessment, &input).await?;
        audit::record(
            &tx,
            actor,
            if resubmit { "update" } else { "create" },
            "self_assessment",
            &format!("{person}/{year}"),
            None,
            Some(json!({"org": org.code, "level": level.code(), "sections": body})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The deadline of `kind` for a branch's year: the one it set, or the default.
    pub async fn member_deadline(
        &self,
        org: &OrgRow,
        year: i32,
        kind: DeadlineKind,
    ) -> Result<NaiveDate> {
        Ok(deadline_in(&self.conn, org.id, year, kind)
            .await?
            .unwrap_or_else(|| kind.default_until(year)))
    }

    /// The secretary sets the deadline of `kind` for the branch's year.
    pub async fn set_member_deadline(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        kind: DeadlineKind,
        until: NaiveDate,
    ) -> Result<()> {
        if until.year() < year || until.year() > year + 1 {
            return Err(DbError::Invalid(format!(
                "hạn {} phải nằm trong năm {year} hoặc đầu năm sau",
                domain::text::format_date(until)
            )));
        }
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), None).await?;
        let before = deadline_in(&tx, org.id, year, kind).await?;
        exec(
            &tx,
            "DELETE FROM member_deadline WHERE org_id = $1 AND year = $2 AND kind = $3",
            vec![org.id.into(), year.into(), kind.code().into()],
        )
        .await?;
        exec(
            &tx,
            "INSERT INTO member_deadline (org_id, year, kind, until) VALUES ($1, $2, $3, $4)",
            vec![org.id.into(), year.into(), kind.code().into(), until.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "set_deadline",
            "member_deadline",
            &format!("{}/{year}/{}", org.code, kind.code()),
            before.map(|d| json!({"until": d})),
            Some(json!({"until": until})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A branch's party members of a year (on 31 December, or today) with their pledge and
    /// self-assessment, in name order.
    pub async fn personal_list(
        &self,
        org: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<PersonalList> {
        check_year(year, today)?;
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let roster: Vec<_> = roster_on(&self.conn, org.id, on)
            .await?
            .into_iter()
            .filter(|e| e.member)
            .collect();
        // Each member's own of the year, wherever they wrote it (a member who moved here
        // during the year keeps the pledge written in the former branch), as the figure
        // `Figure::Pledged` counts it.
        let ids: Vec<i32> = roster.iter().map(|e| e.person_id).collect();
        let pledges = of_people(
            &self.conn,
            "SELECT person_id, approved_at, reviewed_at, outcome FROM member_pledge",
            year,
            &ids,
        )
        .await?;
        let selves = of_people(
            &self.conn,
            "SELECT person_id, level, submitted_at FROM self_assessment",
            year,
            &ids,
        )
        .await?;
        let mut lines = Vec::new();
        for e in roster {
            let p = pledges
                .iter()
                .find(|r| get::<i32>(r, "person_id").ok() == Some(e.person_id));
            let s = selves
                .iter()
                .find(|r| get::<i32>(r, "person_id").ok() == Some(e.person_id));
            lines.push(PersonalLine {
                person_id: e.person_id,
                full_name: e.full_name,
                pledge: p.map(state_of).transpose()?,
                outcome: p.map(outcome_of).transpose()?.flatten(),
                self_level: s
                    .map(|r| get::<String>(r, "level"))
                    .transpose()?
                    .and_then(|l| RatingLevel::from_code(&l)),
                self_submitted: s.map(|r| get(r, "submitted_at")).transpose()?,
            });
        }
        Ok(PersonalList {
            pledged: lines.iter().filter(|l| l.pledge.is_some()).count(),
            assessed: lines.iter().filter(|l| l.self_level.is_some()).count(),
            pledge_until: self
                .member_deadline(&org, year, DeadlineKind::Pledge)
                .await?,
            self_until: self
                .member_deadline(&org, year, DeadlineKind::SelfAssessment)
                .await?,
            org,
            year,
            lines,
        })
    }
}
