//! A member's badge records: discipline (the waiting before a badge), periods outside the
//! party (deducted from party age), serious illness (an early award) and the badges awarded,
//! each write checked by `domain::commendation::badge` and kept in the audit log.

use chrono::NaiveDate;
use domain::commendation::Discipline;
use domain::commendation::badge::{self, BadgeFacts, BadgeSettings, BadgeStatus, Gap, GapKind};
use domain::dated::BADGE_RULES;
use domain::register::org::Decision;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::decision_id;
use crate::register::settings::dated_rule_in;
use crate::sql::{all, get, insert_id, now, one};

/// A discipline to record.
#[derive(Debug, Clone)]
pub struct NewDiscipline {
    pub person: i32,
    pub on: NaiveDate,
    pub form: Discipline,
    pub decision: Option<Decision>,
    pub reason: String,
}

/// A badge to award.
#[derive(Debug, Clone)]
pub struct NewBadge {
    pub person: i32,
    pub milestone: u32,
    /// The award date (3/2, 19/5, 2/9 or 7/11, or another day for an early award).
    pub awarded_on: NaiveDate,
    pub decision: Option<Decision>,
}

/// A stored discipline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisciplineRecord {
    pub on: NaiveDate,
    pub form: Discipline,
    pub decision: Option<String>,
    pub reason: String,
}

/// A stored badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadgeRecord {
    pub milestone: u32,
    pub awarded_on: NaiveDate,
    pub status: BadgeStatus,
    pub decision: Option<String>,
}

/// A stored period outside the party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapRecord {
    pub gap: Gap,
    pub note: Option<String>,
}

/// Everything of one member that the badges read, for the member's page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberBadges {
    pub facts: BadgeFacts,
    pub badges: Vec<BadgeRecord>,
    pub disciplines: Vec<DisciplineRecord>,
    pub gaps: Vec<GapRecord>,
}

/// The badge rules in force on `on`.
pub(crate) async fn settings_on(c: &impl ConnectionTrait, on: NaiveDate) -> Result<BadgeSettings> {
    let mut values = Vec::new();
    for rule in BADGE_RULES {
        values.push((rule.key, dated_rule_in(c, &rule).await?.on(on)));
    }
    Ok(BadgeSettings::read(|r| {
        values
            .iter()
            .find(|(k, _)| *k == r.key)
            .map_or(r.default, |(_, v)| *v)
    }))
}

fn bad_code(what: &str, v: &str) -> DbError {
    DbError::Invalid(format!("dữ liệu lưu trữ hỏng: {what} '{v}'"))
}

/// The member's facts and records, read on one connection.
pub(crate) async fn member_badges_in(
    c: &impl ConnectionTrait,
    person: i32,
) -> Result<MemberBadges> {
    let p = one(
        c,
        "SELECT admitted_on, ended_on, end_reason FROM person WHERE id = $1",
        vec![person.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "đảng viên",
        key: person.to_string(),
    })?;
    let ended: Option<NaiveDate> = get(&p, "ended_on")?;
    let reason: Option<String> = get(&p, "end_reason")?;
    let mut out = MemberBadges::default();
    out.facts.admitted = get(&p, "admitted_on")?;
    out.facts.died = ended.filter(|_| reason.as_deref() == Some("died"));
    read_badges(c, person, &mut out).await?;
    read_disciplines(c, person, &mut out).await?;
    read_gaps(c, person, &mut out).await?;
    let ill = one(
        c,
        "SELECT MIN(noted_on) AS since FROM serious_illness WHERE person_id = $1",
        vec![person.into()],
    )
    .await?;
    out.facts.ill_since = match ill {
        Some(r) => get(&r, "since")?,
        None => None,
    };
    Ok(out)
}

async fn read_badges(c: &impl ConnectionTrait, person: i32, out: &mut MemberBadges) -> Result<()> {
    let rows = all(
        c,
        "SELECT b.milestone, b.awarded_on, b.status, d.symbol FROM party_badge b \
         LEFT JOIN decision d ON d.id = b.decision_id WHERE b.person_id = $1 ORDER BY b.awarded_on, b.id",
        vec![person.into()],
    )
    .await?;
    for r in &rows {
        let status: String = get(r, "status")?;
        let milestone = get::<i32>(r, "milestone")? as u32;
        out.facts.awarded.push(milestone);
        out.badges.push(BadgeRecord {
            milestone,
            awarded_on: get(r, "awarded_on")?,
            status: status_from_code(&status).ok_or_else(|| bad_code("trạng thái", &status))?,
            decision: get(r, "symbol")?,
        });
    }
    Ok(())
}

async fn read_disciplines(
    c: &impl ConnectionTrait,
    person: i32,
    out: &mut MemberBadges,
) -> Result<()> {
    let rows = all(
        c,
        "SELECT m.on_date, m.form, m.reason, d.symbol FROM member_discipline m \
         LEFT JOIN decision d ON d.id = m.decision_id WHERE m.person_id = $1 ORDER BY m.on_date, m.id",
        vec![person.into()],
    )
    .await?;
    for r in &rows {
        let form: String = get(r, "form")?;
        let form = Discipline::from_code(&form).ok_or_else(|| bad_code("kỷ luật", &form))?;
        let on: NaiveDate = get(r, "on_date")?;
        out.facts.disciplines.push((on, form));
        out.disciplines.push(DisciplineRecord {
            on,
            form,
            decision: get(r, "symbol")?,
            reason: get(r, "reason")?,
        });
    }
    Ok(())
}

async fn read_gaps(c: &impl ConnectionTrait, person: i32, out: &mut MemberBadges) -> Result<()> {
    let rows = all(
        c,
        "SELECT kind, from_date, to_date, note FROM party_gap WHERE person_id = $1 ORDER BY from_date, id",
        vec![person.into()],
    )
    .await?;
    for r in &rows {
        let kind: String = get(r, "kind")?;
        let gap = Gap {
            kind: GapKind::from_code(&kind).ok_or_else(|| bad_code("thời gian", &kind))?,
            from: get(r, "from_date")?,
            to: get(r, "to_date")?,
        };
        out.facts.gaps.push(gap);
        out.gaps.push(GapRecord {
            gap,
            note: get(r, "note")?,
        });
    }
    Ok(())
}

pub(crate) fn status_from_code(s: &str) -> Option<BadgeStatus> {
    [BadgeStatus::Due, BadgeStatus::Deferred, BadgeStatus::Early]
        .into_iter()
        .find(|x| x.code() == s)
}

fn not_future(on: NaiveDate, today: NaiveDate, what: &str) -> Result<()> {
    if on > today {
        return Err(DbError::Invalid(format!(
            "ngày {what} {} ở tương lai",
            domain::text::format_date(on)
        )));
    }
    Ok(())
}

/// Refuses a date before the member's admission (or a person who is not a member).
fn after_admission(facts: &BadgeFacts, on: NaiveDate, what: &str) -> Result<()> {
    match facts.admitted {
        None => Err(DbError::Invalid(
            "người này chưa có ngày vào Đảng trong sổ đảng viên".into(),
        )),
        Some(a) if on < a => Err(DbError::Invalid(format!(
            "ngày {what} {} trước ngày vào Đảng ({})",
            domain::text::format_date(on),
            domain::text::format_date(a)
        ))),
        Some(_) => Ok(()),
    }
}

impl Db {
    /// What the badges read of a member: badges, discipline, periods outside the party and
    /// illness, with the facts the rules take.
    pub async fn member_badges(&self, person: i32) -> Result<MemberBadges> {
        member_badges_in(&self.conn, person).await
    }

    /// The badge rules in force on a day.
    pub async fn badge_settings(&self, on: NaiveDate) -> Result<BadgeSettings> {
        settings_on(&self.conn, on).await
    }

    /// Records a discipline of a member (kỷ luật đảng viên), with its decision and reason.
    pub async fn record_discipline(
        &self,
        actor: &Actor,
        d: &NewDiscipline,
        today: NaiveDate,
    ) -> Result<i32> {
        let reason = domain::text::normalize(&d.reason);
        if reason.is_empty() {
            return Err(DbError::Invalid("cần ghi lý do kỷ luật".into()));
        }
        not_future(d.on, today, "kỷ luật")?;
        let tx = self.write_tx().await?;
        let m = member_badges_in(&tx, d.person).await?;
        after_admission(&m.facts, d.on, "kỷ luật")?;
        let decision = decision_id(&tx, d.decision.as_ref()).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO member_discipline (person_id, on_date, form, decision_id, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![d.person.into(), d.on.into(), d.form.code().into(), decision.into(), reason.clone().into(), now().into()],
        )
        .await?;
        let symbol = d.decision.as_ref().map(|x| x.symbol.to_string());
        audit::record(
            &tx,
            actor,
            "create",
            "member_discipline",
            id,
            None,
            Some(json!({"person": d.person, "on": d.on, "form": d.form.code(), "decision": symbol, "reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a period outside the party that party age leaves out (or, for a wrongful
    /// expulsion, records it without a deduction).
    pub async fn record_party_gap(
        &self,
        actor: &Actor,
        person: i32,
        gap: Gap,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<i32> {
        if gap.to <= gap.from {
            return Err(DbError::Invalid(format!(
                "ngày kết thúc {} phải sau ngày bắt đầu {}",
                domain::text::format_date(gap.to),
                domain::text::format_date(gap.from)
            )));
        }
        not_future(gap.to, today, "kết thúc")?;
        let note = note.map(domain::text::normalize).filter(|n| !n.is_empty());
        let tx = self.write_tx().await?;
        let m = member_badges_in(&tx, person).await?;
        after_admission(&m.facts, gap.from, "bắt đầu")?;
        let id = insert_id(
            &tx,
            "INSERT INTO party_gap (person_id, kind, from_date, to_date, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![person.into(), gap.kind.code().into(), gap.from.into(), gap.to.into(), note.clone().into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "party_gap",
            id,
            None,
            Some(json!({"person": person, "kind": gap.kind.code(), "from": gap.from, "to": gap.to, "note": note})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records that a member is seriously ill (đau ốm nặng) from a day: an early award.
    pub async fn record_serious_illness(
        &self,
        actor: &Actor,
        person: i32,
        noted_on: NaiveDate,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<i32> {
        not_future(noted_on, today, "ghi nhận")?;
        let note = note.map(domain::text::normalize).filter(|n| !n.is_empty());
        let tx = self.write_tx().await?;
        let m = member_badges_in(&tx, person).await?;
        after_admission(&m.facts, noted_on, "ghi nhận")?;
        let id = insert_id(
            &tx,
            "INSERT INTO serious_illness (person_id, noted_on, note, created_at) VALUES ($1, $2, $3, $4)",
            vec![person.into(), noted_on.into(), note.clone().into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "serious_illness",
            id,
            None,
            Some(json!({"person": person, "noted_on": noted_on, "note": note})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Awards a party badge, checked by the rules in force on the award date (the age with
    /// its deductions, the waiting after discipline, the early allowances): the refusal names
    /// the rule and nothing is saved.
    pub async fn award_badge(&self, actor: &Actor, b: &NewBadge) -> Result<BadgeStatus> {
        let tx = self.write_tx().await?;
        let m = member_badges_in(&tx, b.person).await?;
        let settings = settings_on(&tx, b.awarded_on).await?;
        let status = badge::check_award(&m.facts, b.milestone, b.awarded_on, &settings)
            .map_err(DbError::invalid)?;
        let decision = decision_id(&tx, b.decision.as_ref()).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO party_badge (person_id, milestone, awarded_on, status, decision_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                b.person.into(),
                (b.milestone as i32).into(),
                b.awarded_on.into(),
                status.code().into(),
                decision.into(),
                now().into(),
            ],
        )
        .await?;
        let symbol = b.decision.as_ref().map(|x| x.symbol.to_string());
        audit::record(
            &tx,
            actor,
            "create",
            "party_badge",
            id,
            None,
            Some(
                json!({"person": b.person, "milestone": b.milestone, "awarded_on": b.awarded_on,
                "status": status.code(), "decision": symbol}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(status)
    }
}
