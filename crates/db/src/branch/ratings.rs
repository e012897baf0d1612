//! Annual ratings of members and organizations, by stage, with the cap "Excellent ≤ 20% of
//! Good" per grassroots organization checked on every committee decision (refused with the
//! explanation unless the competent level granted an exception, recorded with its reason).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use domain::branch::rating::{self, CapCheck, RatingLevel, RatingStage};
use domain::dated;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::metrics_many::year_metrics_many;
use super::{check_year, reference_date, roster_on, subtree};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, org_from_row, require_org};
use crate::register::settings::dated_rule_in;
use crate::sql::{all, exec, get, get_count, now, one};

/// One member's rating at one stage.
#[derive(Debug, Clone)]
pub struct MemberRatingInput {
    pub person: i32,
    pub level: RatingLevel,
    pub score: Option<u8>,
    pub note: Option<String>,
}

/// One line of the rating sheet: a member and the levels of each stage of the year.
#[derive(Debug, Clone, Serialize)]
pub struct RatingSheetRow {
    pub person_id: i32,
    pub full_name: String,
    pub self_assessment: Option<RatingLevel>,
    pub proposal: Option<RatingLevel>,
    pub decision: Option<RatingLevel>,
    /// The score of the latest stage that has one.
    pub score: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRatingRow {
    pub year: i32,
    pub stage: RatingStage,
    pub level: RatingLevel,
    pub score: Option<u8>,
    pub note: Option<String>,
}

fn level_of(s: &str) -> Result<RatingLevel> {
    RatingLevel::from_code(s)
        .ok_or_else(|| DbError::invalid(rating::RatingError::UnknownLevel(s.into())))
}

fn stage_of(s: &str) -> Result<RatingStage> {
    RatingStage::from_code(s)
        .ok_or_else(|| DbError::invalid(rating::RatingError::UnknownStage(s.into())))
}

fn score_of(r: &sea_orm::QueryResult) -> Result<Option<u8>> {
    Ok(get::<Option<i32>>(r, "score")?.map(|s| s.clamp(0, 255) as u8))
}

/// The grassroots organization an organization belongs to (itself if grassroots; itself too
/// if it stands above the grassroots level).
async fn grassroots_of(c: &impl ConnectionTrait, org: &OrgRow, on: NaiveDate) -> Result<OrgRow> {
    let ids: Vec<i32> = org.path.split('/').filter_map(|s| s.parse().ok()).collect();
    for id in ids.iter().rev() {
        let r = one(
            c,
            "SELECT o.id, o.uid, o.code, o.kind, o.created_on, o.dissolved_on, v.name, v.parent_id, v.path, v.valid_from \
             FROM organization o JOIN org_version v ON v.org_id = o.id \
             WHERE o.id = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)",
            vec![(*id).into(), on.into()],
        )
        .await?;
        if let Some(r) = r {
            let o = org_from_row(&r)?;
            if o.kind.is_grassroots() {
                return Ok(o);
            }
        }
    }
    Ok(org.clone())
}

/// The cap of a grassroots organization for a year, from the committee decisions stored, with
/// the percent in force on `on` (a dated setting). The cap is per grassroots organization (HD
/// 21-HD/BTCTW; DOMAIN.md §5): a grassroots organization counts its whole subtree (no
/// grassroots organization stands under another); an organization above the grassroots level
/// counts only the members attached to it directly, never its grassroots organizations pooled.
async fn cap_in(
    c: &impl ConnectionTrait,
    grassroots: &OrgRow,
    year: i32,
    on: NaiveDate,
) -> Result<CapCheck> {
    let (filter, params): (String, Vec<sea_orm::Value>) = if grassroots.kind.is_grassroots() {
        (
            format!("org_id IN {}", subtree(1, 2)),
            vec![
                on.into(),
                format!("{}%", grassroots.path).into(),
                year.into(),
            ],
        )
    } else {
        (
            "org_id = $1".to_string(),
            vec![grassroots.id.into(), year.into()],
        )
    };
    let year_param = if grassroots.kind.is_grassroots() {
        3
    } else {
        2
    };
    let row = one(
        c,
        &format!(
            "SELECT COALESCE(SUM(CASE WHEN level = 'excellent' THEN 1 ELSE 0 END), 0) AS excellent, \
             COALESCE(SUM(CASE WHEN level = 'good' THEN 1 ELSE 0 END), 0) AS good \
             FROM member_rating WHERE year = ${year_param} AND stage = 'decision' AND {filter}"
        ),
        params,
    )
    .await?
    .ok_or(sea_orm::DbErr::RecordNotFound("aggregate".into()))?;
    let exception = one(
        c,
        "SELECT reason FROM rating_exception WHERE org_id = $1 AND year = $2",
        vec![grassroots.id.into(), year.into()],
    )
    .await?
    .map(|r| get::<String>(&r, "reason"))
    .transpose()?;
    let percent = dated_rule_in(c, &dated::EXCELLENT_CAP_PERCENT)
        .await?
        .on(on);
    Ok(rating::check_cap(
        get_count(&row, "excellent")?,
        get_count(&row, "good")?,
        exception.as_deref(),
        u64::from(percent),
    ))
}

/// The caps of many units at once (`rating_caps` above the grassroots level), without three
/// queries per unit (37.000 grassroots organizations in the country): a grassroots
/// organization's decided Excellent and Good are its subtree's, which the year's figures
/// count and keep per organization ([`year_metrics_many`], `decided_ratings`); a unit above
/// the grassroots level counts only its own, read for all of them in one grouped query; the
/// exceptions of the year in one query and the percent once. The same figures as
/// [`cap_in`] of each unit (checked in every test).
async fn caps_grouped(
    db: &Db,
    root: &OrgRow,
    units: &[OrgRow],
    year: i32,
    today: NaiveDate,
) -> Result<Vec<GrassrootsCap>> {
    let c = &db.conn;
    let on = reference_date(year, today);
    let grassroots: HashSet<i32> = units
        .iter()
        .filter(|u| u.kind.is_grassroots())
        .map(|u| u.id)
        .collect();
    let mut counts: HashMap<i32, (u64, u64)> =
        year_metrics_many(db, &root.code, &grassroots, year, today)
            .await?
            .into_iter()
            .map(|(id, m)| {
                let r = m.ratings.unwrap_or_default();
                (id, (r.of(RatingLevel::Excellent), r.of(RatingLevel::Good)))
            })
            .collect();
    let above: Vec<String> = units
        .iter()
        .filter(|u| !grassroots.contains(&u.id))
        .map(|u| u.id.to_string())
        .collect();
    if !above.is_empty() {
        let own = all(
            c,
            &format!(
                "SELECT org_id, SUM(CASE WHEN level = 'excellent' THEN 1 ELSE 0 END) AS excellent, \
                 SUM(CASE WHEN level = 'good' THEN 1 ELSE 0 END) AS good FROM member_rating \
                 WHERE year = $1 AND stage = 'decision' AND org_id IN ({}) GROUP BY org_id",
                above.join(", ")
            ),
            vec![year.into()],
        )
        .await?;
        for r in &own {
            let n = (get_count(r, "excellent")?, get_count(r, "good")?);
            counts.insert(get(r, "org_id")?, n);
        }
    }
    let exceptions: HashMap<i32, String> = all(
        c,
        "SELECT org_id, reason FROM rating_exception WHERE year = $1",
        vec![year.into()],
    )
    .await?
    .iter()
    .map(|r| Ok((get::<i32>(r, "org_id")?, get::<String>(r, "reason")?)))
    .collect::<Result<_>>()?;
    let percent = u64::from(
        dated_rule_in(c, &dated::EXCELLENT_CAP_PERCENT)
            .await?
            .on(on),
    );
    Ok(units
        .iter()
        .filter_map(|u| {
            let (excellent, good) = counts.get(&u.id).copied().unwrap_or_default();
            let exception = exceptions.get(&u.id).map(String::as_str);
            let cap = rating::check_cap(excellent, good, exception, percent);
            (u.kind.is_grassroots() || excellent + good > 0).then(|| GrassrootsCap {
                code: u.code.clone(),
                name: u.name.clone(),
                cap,
            })
        })
        .collect())
}

/// The cap of one grassroots organization, named.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GrassrootsCap {
    pub code: String,
    pub name: String,
    pub cap: CapCheck,
}

impl Db {
    /// The grassroots organization `org` is or stands under on `on` (the Excellent cap's
    /// unit), or `None` above the grassroots level: the one lookup the pages and the cap use.
    pub async fn grassroots_org(&self, org: &OrgRow, on: NaiveDate) -> Result<Option<OrgRow>> {
        let g = grassroots_of(&self.conn, org, on).await?;
        Ok(g.kind.is_grassroots().then_some(g))
    }

    /// Records one stage of the year's rating for members of an organization, all or nothing.
    /// Refuses a member not in the organization at the year's end (or today), a stage already
    /// recorded for the year or out of order, a level above the score's band, and — at the
    /// committee's decision — ratings that break the cap without an exception. Returns the cap
    /// check after a decision.
    pub async fn rate_members(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        stage: RatingStage,
        inputs: &[MemberRatingInput],
        today: NaiveDate,
    ) -> Result<Option<CapCheck>> {
        check_year(year, today)?;
        let on = reference_date(year, today);
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), Some(on)).await?;
        let members: BTreeMap<i32, String> = roster_on(&tx, org.id, on)
            .await?
            .into_iter()
            .filter(|e| e.member)
            .map(|e| (e.person_id, e.full_name))
            .collect();
        let mut seen = HashSet::new();
        for i in inputs {
            let Some(name) = members.get(&i.person) else {
                return Err(super::not_in_org(i.person, &org, on, "xếp loại"));
            };
            if !seen.insert(i.person) {
                return Err(DbError::Invalid(format!("{name} được ghi hai lần")));
            }
            rating::check_score(i.level, i.score)
                .map_err(|e| DbError::Invalid(format!("{name}: {e}")))?;
            let stages = recorded_stages(&tx, i.person, year).await?;
            rating::check_stage(year, stage, &stages, today.year())
                .map_err(|e| DbError::Invalid(format!("{name}: {e}")))?;
            insert_member_rating(&tx, actor, &org, year, stage, i).await?;
        }
        let cap = if stage == RatingStage::CommitteeDecision {
            Some(check_decided_cap(&tx, &org, year, on).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(cap)
    }

    /// The cap check of the grassroots organization `org` belongs to, for a year.
    pub async fn rating_cap(&self, org: &str, year: i32, today: NaiveDate) -> Result<CapCheck> {
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let g = grassroots_of(&self.conn, &org, on).await?;
        cap_in(&self.conn, &g, year, on).await
    }

    /// The cap of every grassroots organization `org` is, stands under or has under it, each
    /// checked on its own (an organization above the grassroots level is never pooled), for a
    /// year; with members attached directly to an organization above the grassroots level,
    /// that organization is checked too.
    pub async fn rating_caps(
        &self,
        org: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<GrassrootsCap>> {
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let g = grassroots_of(&self.conn, &org, on).await?;
        let units: Vec<OrgRow> = if g.kind.is_grassroots() {
            vec![g.clone()]
        } else {
            self.tree_shared(&g.code, Some(on))
                .await?
                .iter()
                .filter(|o| o.kind.is_grassroots() || o.kind.is_above_grassroots())
                .cloned()
                .collect()
        };
        let caps = caps_grouped(self, &g, &units, year, today).await?;
        if cfg!(debug_assertions) {
            // Every test: the grouped reading gives each unit the cap counted alone.
            for c in &caps {
                let u = units.iter().find(|u| u.code == c.code).expect("a unit");
                assert_eq!(c.cap, cap_in(&self.conn, u, year, on).await?, "{}", u.code);
            }
        }
        Ok(caps)
    }

    /// Records the exception to the cap granted by the competent level, with its reason, for
    /// the grassroots organization `org` belongs to.
    pub async fn grant_rating_exception(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        reason: &str,
        granted_by: &str,
        today: NaiveDate,
    ) -> Result<()> {
        check_year(year, today)?;
        let (reason, granted_by) = (
            domain::text::normalize(reason),
            domain::text::normalize(granted_by),
        );
        if reason.is_empty() || granted_by.is_empty() {
            return Err(DbError::Invalid(
                "ngoại lệ phải ghi lý do và cấp cho phép".into(),
            ));
        }
        let on = reference_date(year, today);
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), Some(on)).await?;
        let g = grassroots_of(&tx, &org, on).await?;
        if one(
            &tx,
            "SELECT id FROM rating_exception WHERE org_id = $1 AND year = $2",
            vec![g.id.into(), year.into()],
        )
        .await?
        .is_some()
        {
            return Err(DbError::Invalid(format!(
                "{} đã có ngoại lệ về tỷ lệ hoàn thành xuất sắc nhiệm vụ năm {year}",
                g.name
            )));
        }
        exec(
            &tx,
            "INSERT INTO rating_exception (org_id, year, reason, granted_by, created_at) VALUES ($1, $2, $3, $4, $5)",
            vec![g.id.into(), year.into(), reason.clone().into(), granted_by.clone().into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "rating_exception_granted",
            "organization",
            g.id,
            None,
            Some(json!({"year": year, "reason": reason, "granted_by": granted_by})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records one stage of an organization's own rating for a year.
    #[allow(clippy::too_many_arguments)]
    pub async fn rate_org(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        stage: RatingStage,
        level: RatingLevel,
        score: Option<u8>,
        note: Option<&str>,
        today: NaiveDate,
    ) -> Result<()> {
        check_year(year, today)?;
        rating::check_score(level, score).map_err(DbError::invalid)?;
        let on = reference_date(year, today);
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &org.trim().to_uppercase(), Some(on)).await?;
        let stages = all(
            &tx,
            "SELECT stage FROM org_rating WHERE org_id = $1 AND year = $2",
            vec![org.id.into(), year.into()],
        )
        .await?
        .iter()
        .map(|r| stage_of(&get::<String>(r, "stage")?))
        .collect::<Result<Vec<_>>>()?;
        rating::check_stage(year, stage, &stages, today.year())
            .map_err(|e| DbError::Invalid(format!("{}: {e}", org.name)))?;
        let note = note.map(domain::text::normalize).filter(|n| !n.is_empty());
        exec(
            &tx,
            "INSERT INTO org_rating (org_id, year, stage, level, score, note) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                org.id.into(),
                year.into(),
                stage.code().into(),
                level.code().into(),
                score.map(i32::from).into(),
                note.clone().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "org_rated",
            "organization",
            org.id,
            None,
            Some(json!({"year": year, "stage": stage.code(), "level": level.code(), "score": score, "note": note})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The rating sheet of an organization for a year: its members at the year's end (or
    /// today) and anyone it rated that year, in Vietnamese name order.
    pub async fn rating_sheet(
        &self,
        org: &str,
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<RatingSheetRow>> {
        let on = reference_date(year, today);
        let org = require_org(&self.conn, &org.trim().to_uppercase(), Some(on)).await?;
        let mut sheet: BTreeMap<i32, RatingSheetRow> = BTreeMap::new();
        let mut order: Vec<i32> = Vec::new();
        for e in roster_on(&self.conn, org.id, on).await? {
            if e.member {
                order.push(e.person_id);
                sheet.insert(
                    e.person_id,
                    RatingSheetRow {
                        person_id: e.person_id,
                        full_name: e.full_name,
                        self_assessment: None,
                        proposal: None,
                        decision: None,
                        score: None,
                    },
                );
            }
        }
        let rows = all(
            &self.conn,
            "SELECT r.person_id, p.full_name, r.stage, r.level, r.score FROM member_rating r JOIN person p ON p.id = r.person_id \
             WHERE r.org_id = $1 AND r.year = $2 ORDER BY r.id",
            vec![org.id.into(), year.into()],
        )
        .await?;
        for r in &rows {
            let id: i32 = get(r, "person_id")?;
            let line = sheet.entry(id).or_insert_with(|| {
                order.push(id);
                RatingSheetRow {
                    person_id: id,
                    full_name: get(r, "full_name").unwrap_or_default(),
                    self_assessment: None,
                    proposal: None,
                    decision: None,
                    score: None,
                }
            });
            let level = level_of(&get::<String>(r, "level")?)?;
            match stage_of(&get::<String>(r, "stage")?)? {
                RatingStage::SelfAssessment => line.self_assessment = Some(level),
                RatingStage::BranchProposal => line.proposal = Some(level),
                RatingStage::CommitteeDecision => line.decision = Some(level),
            }
            if let Some(s) = score_of(r)? {
                line.score = Some(s);
            }
        }
        Ok(order
            .into_iter()
            .filter_map(|id| sheet.remove(&id))
            .collect())
    }

    /// An organization's own ratings, year by year and stage by stage.
    pub async fn org_ratings(&self, org: &str) -> Result<Vec<OrgRatingRow>> {
        let org = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let rows = all(
            &self.conn,
            "SELECT year, stage, level, score, note FROM org_rating WHERE org_id = $1 ORDER BY year, id",
            vec![org.id.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrgRatingRow {
                    year: get(r, "year")?,
                    stage: stage_of(&get::<String>(r, "stage")?)?,
                    level: level_of(&get::<String>(r, "level")?)?,
                    score: score_of(r)?,
                    note: get(r, "note")?,
                })
            })
            .collect()
    }
}

/// The stages of the year's rating already recorded for a person.
pub(super) async fn recorded_stages(
    c: &impl ConnectionTrait,
    person: i32,
    year: i32,
) -> Result<Vec<RatingStage>> {
    all(
        c,
        "SELECT stage FROM member_rating WHERE person_id = $1 AND year = $2",
        vec![person.into(), year.into()],
    )
    .await?
    .iter()
    .map(|r| stage_of(&get::<String>(r, "stage")?))
    .collect()
}

/// Writes one member's rating at a stage, and audits it.
pub(super) async fn insert_member_rating(
    c: &impl ConnectionTrait,
    actor: &Actor,
    org: &OrgRow,
    year: i32,
    stage: RatingStage,
    i: &MemberRatingInput,
) -> Result<()> {
    let note = i
        .note
        .as_deref()
        .map(domain::text::normalize)
        .filter(|n| !n.is_empty());
    exec(
        c,
        "INSERT INTO member_rating (person_id, org_id, year, stage, level, score, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            i.person.into(),
            org.id.into(),
            year.into(),
            stage.code().into(),
            i.level.code().into(),
            i.score.map(i32::from).into(),
            note.clone().into(),
        ],
    )
    .await?;
    audit::record(
        c,
        actor,
        "member_rated",
        "person",
        i.person,
        None,
        Some(json!({"org": org.code, "year": year, "stage": stage.code(), "level": i.level.code(), "score": i.score, "note": note})),
    )
    .await?;
    Ok(())
}

/// The cap of `org`'s grassroots organization with the decisions just written; refused when
/// broken without an exception.
pub(super) async fn check_decided_cap(
    c: &impl ConnectionTrait,
    org: &OrgRow,
    year: i32,
    on: NaiveDate,
) -> Result<CapCheck> {
    let g = grassroots_of(c, org, on).await?;
    let cap = cap_in(c, &g, year, on).await?;
    if !cap.ok {
        return Err(DbError::invalid(rating::RatingError::CapExceeded(format!(
            "{} năm {year}: {}",
            g.name, cap.explanation
        ))));
    }
    Ok(cap)
}
