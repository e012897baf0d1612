//! Elections inside a congress and their rounds: opened in the rules' order with the candidate
//! list and counting board checked (`domain::congress::order`), the next round created from a
//! closed round's result, and everything the counting minutes need.

use domain::congress::{
    ElectionKind, ElectionRules, check_candidates, check_counting_board, check_election_may_start,
    check_seats, floor_nomination_accepted, may_hold_round, planned_elections,
};
use domain::election::{Base, CongressKind, SurplusCheck};
use domain::text::normalize;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::{Value as Json, json};

use super::record::{CongressRow, load_congress};
use super::refused;
use super::rounds::{ElectionRow, RoundRow, load_election, load_elections, load_round, strings};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::settings::dated_rule_in;
use crate::sql::{exec, get, insert_id, now, one};

/// One name for a candidate list; a floor nominee carries the number who supported them.
#[derive(Debug, Clone)]
pub struct NewCandidate {
    pub name: String,
    pub floor_support: Option<usize>,
}

impl NewCandidate {
    pub fn listed(name: &str) -> Self {
        Self {
            name: name.to_string(),
            floor_support: None,
        }
    }
}

/// Everything the counting minutes (biên bản kiểm phiếu) of a closed round hold.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesData {
    pub congress_title: String,
    pub org_code: String,
    pub org_name: String,
    pub place: Option<String>,
    pub date: chrono::NaiveDate,
    pub election: String,
    pub round: u32,
    pub summoned: usize,
    pub summoned_official: usize,
    pub present: usize,
    pub base: u64,
    pub base_detail: Json,
    pub seats: usize,
    pub ballots_issued: u64,
    pub ballots_returned: u64,
    pub ballots_valid: u64,
    pub ballots_invalid: u64,
    /// (name, votes, % of base, % of valid), most votes first.
    pub results: Vec<(String, u64, f64, f64)>,
    /// In order of votes.
    pub elected: Vec<String>,
    pub counting_board: Vec<String>,
}

impl Db {
    /// Opens an election with its first round: in the rules' order, with the seats, the list
    /// (surplus rule, floor nominees, the secretary and deputy from the chi ủy) and the
    /// counting board checked. Returns the round and the surplus warning, if any.
    pub async fn open_election(
        &self,
        actor: &Actor,
        congress: i32,
        kind: ElectionKind,
        seats: usize,
        candidates: &[NewCandidate],
        ballots_issued: u64,
    ) -> Result<(RoundRow, Option<String>)> {
        let tx = self.write_tx().await?;
        let c = load_congress(&tx, congress).await?;
        let rules = election_rules_in(&tx, c.starts_on).await?;
        let elections = load_elections(&tx, congress).await?;
        check_order(&elections, c.summoned.official.len(), kind, seats, &rules)?;
        let names: Vec<String> = candidates.iter().map(|c| normalize(&c.name)).collect();
        let check = check_list(&c, &elections, kind, seats, candidates, &names, &rules)?;
        let base_spec = c.summoned.base_spec(c.kind);
        let base = base_spec.base().map_err(refused)?;
        let election = insert_id(
            &tx,
            "INSERT INTO election (congress_id, kind, seats, status, created_at) VALUES ($1, $2, $3, 'open', $4)",
            vec![congress.into(), kind.key().into(), (seats as i32).into(), now().into()],
        )
        .await?;
        let detail = base_detail(&base_spec, c.kind);
        let round = insert_round(
            &tx,
            election,
            1,
            seats,
            ballots_issued,
            base,
            &detail,
            &names,
            candidates,
        )
        .await?;
        let warning = surplus_warning(&check);
        audit::record(
            &tx,
            actor,
            "create",
            "election",
            election,
            None,
            Some(json!({
                "congress": congress, "kind": kind.key(), "seats": seats,
                "candidates": names, "ballots_issued": ballots_issued, "base": base.get(),
                "round": round,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok((self.round(round).await?, warning))
    }

    /// The congress decides to hold the next round the last closed round calls for (tied or
    /// remaining candidates for the seats left).
    pub async fn open_next_round(
        &self,
        actor: &Actor,
        election: i32,
        ballots_issued: u64,
    ) -> Result<RoundRow> {
        let tx = self.write_tx().await?;
        let e = load_election(&tx, election).await?;
        if e.status == "done" {
            return Err(DbError::Invalid(format!("{} đã kết thúc", e.label)));
        }
        let last = e
            .rounds
            .last()
            .ok_or_else(|| DbError::Invalid("cuộc bầu cử chưa có vòng nào".into()))?;
        if last.status != "closed" {
            return Err(DbError::Invalid(format!(
                "vòng {} chưa kết thúc kiểm phiếu",
                last.number
            )));
        }
        let next = last
            .result
            .as_ref()
            .and_then(|r| r.get("next_round"))
            .filter(|n| !n.is_null())
            .ok_or_else(|| {
                DbError::Invalid("đã bầu đủ số lượng, không cần bầu thêm vòng".into())
            })?;
        let seats = next["seats"].as_u64().unwrap_or(0) as usize;
        let names: Vec<String> = next["candidates"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let number = last.number + 1;
        may_hold_round(e.kind, number as usize, &ElectionRules::default()).map_err(refused)?;
        let cands: Vec<NewCandidate> = names.iter().map(|n| NewCandidate::listed(n)).collect();
        let round = insert_round(
            &tx,
            election,
            number,
            seats,
            ballots_issued,
            Base::new(last.base as i64).map_err(refused)?,
            &last.base_detail,
            &names,
            &cands,
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "election_round",
            round,
            None,
            Some(json!({ "election": election, "number": number, "seats": seats, "candidates": names, "ballots_issued": ballots_issued })),
        )
        .await?;
        tx.commit().await?;
        self.round(round).await
    }

    /// The congress decides not to hold another round: the election ends with the seats left.
    pub async fn finish_election(&self, actor: &Actor, election: i32) -> Result<()> {
        let tx = self.write_tx().await?;
        let e = load_election(&tx, election).await?;
        if e.rounds.iter().any(|r| r.status != "closed") {
            return Err(DbError::Invalid(
                "còn vòng bầu chưa kết thúc kiểm phiếu".into(),
            ));
        }
        exec(
            &tx,
            "UPDATE election SET status = 'done' WHERE id = $1",
            vec![election.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "election",
            election,
            Some(json!({ "status": e.status })),
            Some(json!({ "status": "done", "elected": e.elected })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn elections(&self, congress: i32) -> Result<Vec<ElectionRow>> {
        load_elections(&self.conn, congress).await
    }

    pub async fn round(&self, id: i32) -> Result<RoundRow> {
        load_round(&self.conn, id).await
    }

    /// A round by id, or by code `ORG/ORDINAL/KIND/N` (the round number may be left out for
    /// the election's latest round).
    pub async fn find_round(&self, key: &str) -> Result<i32> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i32>() {
            load_round(&self.conn, id).await?;
            return Ok(id);
        }
        let not_found = || DbError::NotFound {
            what: "vòng bầu cử",
            key: key.to_string(),
        };
        let parts: Vec<&str> = key.split('/').collect();
        let (org, ord, kind, number) = match parts.as_slice() {
            [o, ord, k] => (o, ord, k, None),
            [o, ord, k, n] => (o, ord, k, Some(n.parse::<i32>().map_err(|_| not_found())?)),
            _ => return Err(not_found()),
        };
        let ordinal = domain::text::from_roman(&ord.to_uppercase())
            .or_else(|| ord.parse().ok())
            .ok_or_else(not_found)?;
        let kind = ElectionKind::parse(kind).ok_or_else(not_found)?;
        let congress = self.find_congress(org, Some(ordinal)).await?;
        let row = one(
            &self.conn,
            "SELECT r.id FROM election_round r JOIN election e ON e.id = r.election_id \
             WHERE e.congress_id = $1 AND e.kind = $2 AND ($3 IS NULL OR r.number = $3) ORDER BY r.number DESC LIMIT 1",
            vec![congress.into(), kind.key().into(), number.into()],
        )
        .await?
        .ok_or_else(not_found)?;
        get(&row, "id")
    }

    /// The facts of a closed round's counting minutes.
    pub async fn minutes_data(&self, round: i32) -> Result<MinutesData> {
        let r = load_round(&self.conn, round).await?;
        let result = r
            .result
            .as_ref()
            .ok_or_else(|| DbError::Invalid(format!("{} chưa kết thúc kiểm phiếu", r.phrase())))?;
        let c = load_congress(&self.conn, r.congress_id).await?;
        let n = |k: &str| result["ballots"][k].as_u64().unwrap_or(0);
        Ok(MinutesData {
            congress_title: c.title.clone(),
            org_code: c.org_code.clone(),
            org_name: c.org_name.clone(),
            place: c.place.clone(),
            date: c.starts_on,
            election: r.label.clone(),
            round: r.number,
            summoned: c.summoned.summoned(),
            summoned_official: c.summoned.official.len(),
            present: c.summoned.present(),
            base: r.base,
            base_detail: r.base_detail.clone(),
            seats: r.seats,
            ballots_issued: n("issued"),
            ballots_returned: n("returned"),
            ballots_valid: n("valid"),
            ballots_invalid: n("invalid"),
            results: result["results"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            (
                                x["candidate"].as_str().unwrap_or_default().to_string(),
                                x["votes"].as_u64().unwrap_or(0),
                                x["percent_of_base"].as_f64().unwrap_or(0.0),
                                x["percent_of_valid"].as_f64().unwrap_or(0.0),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            elected: strings(&result["elected"]),
            counting_board: c.counting_board,
        })
    }
}

/// The warning an allowed list gets: its surplus beyond the 10–15% the committee usually
/// prepares, or a list of 1 or 2 seats with a surplus the regulation is silent on
/// (`SurplusCheck::warning`).
pub fn surplus_warning(check: &SurplusCheck) -> Option<String> {
    check.warning()
}

fn base_detail(spec: &domain::election::BaseSpec, kind: CongressKind) -> Json {
    match spec {
        domain::election::BaseSpec::Number(n) => json!(n),
        domain::election::BaseSpec::Summoned {
            summoned,
            exclusions,
        } => json!({
            "kind": domain::congress::kind_key(kind),
            "summoned": summoned,
            "exclusions": exclusions.iter().map(|(e, n)| (e.key().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        }),
    }
}

/// An election may open when no other is under way, with seats the rules allow for
/// `official` official members, in the rules' order after those done.
fn check_order(
    elections: &[ElectionRow],
    official: usize,
    kind: ElectionKind,
    seats: usize,
    rules: &ElectionRules,
) -> Result<()> {
    let done: Vec<ElectionKind> = elections
        .iter()
        .filter(|e| e.status == "done")
        .map(|e| e.kind)
        .collect();
    if let Some(open) = elections.iter().find(|e| e.status != "done") {
        return Err(DbError::Invalid(format!(
            "đang bầu {}: phải kết thúc cuộc bầu cử đó trước",
            open.label
        )));
    }
    let plan = planned_elections(official, 1, 1, false, rules);
    check_seats(kind, seats, official, rules).map_err(refused)?;
    check_election_may_start(kind, &plan, &done).map_err(refused)?;
    Ok(())
}

/// Checks the candidate list (`names`, normalized): floor nominees supported enough, the
/// surplus rule and the secretary and deputy from the committee elected, the deputy not the
/// secretary elected, no counter on it. Returns the surplus check.
fn check_list(
    c: &CongressRow,
    elections: &[ElectionRow],
    kind: ElectionKind,
    seats: usize,
    candidates: &[NewCandidate],
    names: &[String],
    rules: &ElectionRules,
) -> Result<SurplusCheck> {
    let present = c.summoned.present();
    for (cand, name) in candidates.iter().zip(names) {
        if let Some(support) = cand.floor_support {
            floor_nomination_accepted(name, support, present, rules).map_err(refused)?;
        }
    }
    let committee = elections
        .iter()
        .find(|e| e.kind == ElectionKind::Committee)
        .map(|e| e.elected.clone());
    let check =
        check_candidates(kind, seats, names, committee.as_deref(), rules).map_err(refused)?;
    if kind == ElectionKind::Deputy
        && let Some(sec) = elections.iter().find(|e| e.kind == ElectionKind::Secretary)
        && let Some(n) = names.iter().find(|n| sec.elected.contains(n))
    {
        return Err(DbError::Invalid(format!(
            "\"{n}\" đã trúng cử Bí thư chi bộ, không ứng cử Phó Bí thư"
        )));
    }
    check_counting_board(&c.counting_board, names).map_err(refused)?;
    Ok(check)
}

#[allow(clippy::too_many_arguments)]
async fn insert_round(
    c: &impl ConnectionTrait,
    election: i32,
    number: u32,
    seats: usize,
    ballots_issued: u64,
    base: Base,
    detail: &Json,
    names: &[String],
    candidates: &[NewCandidate],
) -> Result<i32> {
    if ballots_issued == 0 {
        return Err(DbError::Invalid("số phiếu phát ra phải lớn hơn 0".into()));
    }
    if ballots_issued > base.get().max(1) * 10 + 10_000 {
        return Err(DbError::Invalid(format!(
            "số phiếu phát ra {ballots_issued} quá lớn so với số người được triệu tập"
        )));
    }
    let round = insert_id(
        c,
        "INSERT INTO election_round (election_id, number, seats, ballots_issued, base, base_detail, status) VALUES ($1, $2, $3, $4, $5, $6, 'open')",
        vec![
            election.into(),
            (number as i32).into(),
            (seats as i32).into(),
            (ballots_issued as i32).into(),
            (base.get() as i32).into(),
            detail.to_string().into(),
        ],
    )
    .await?;
    for (i, (name, cand)) in names.iter().zip(candidates).enumerate() {
        exec(
            c,
            "INSERT INTO round_candidate (round_id, position, name, floor_support) VALUES ($1, $2, $3, $4)",
            vec![
                round.into(),
                (i as i32 + 1).into(),
                name.clone().into(),
                cand.floor_support.map(|s| s as i32).into(),
            ],
        )
        .await?;
    }
    Ok(round)
}

/// The election rules in force on `day`: the defaults with the dated settings over them.
pub(crate) async fn election_rules_in(
    c: &impl ConnectionTrait,
    day: chrono::NaiveDate,
) -> Result<ElectionRules> {
    let floor = dated_rule_in(c, &domain::dated::FLOOR_NOMINATION_PERCENT).await?;
    Ok(ElectionRules {
        floor_percent: floor.on(day) as usize,
        ..ElectionRules::default()
    })
}
