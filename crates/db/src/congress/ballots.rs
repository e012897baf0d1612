//! Ballot entry: one acknowledged ballot per durable write (SQLite `synchronous=FULL` on a
//! dedicated connection, since the pragma cannot change inside a transaction and the pool's
//! connections stay at NORMAL), undo of the last ballot, closing a round only when both
//! counters agree, and verifying a stored round from its ballots and hash chain.

use domain::congress::{
    ChainBreak, EnteredBallot, GENESIS, StackComparison, chain_hash, check_room, from_hex,
    invalid_warning, parse_entry, to_hex, verify_chain,
};
use domain::election::{BaseSpec, Round, count_round};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use serde::Serialize;
use serde_json::{Value as Json, json};

use super::refused;
use super::rounds::{RoundRow, load_round, load_stack};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{exec, get, now, one};

/// What the counter sees after a ballot is stored.
#[derive(Debug, Clone, Serialize)]
pub struct BallotEntered {
    pub counter: u8,
    /// The ballot's number in this counter's stack, from 1.
    pub seq: usize,
    pub ballot: EnteredBallot,
    /// How the ballot reads back: "gạch 2, 5".
    pub shown: String,
    /// "Phiếu không hợp lệ: …" when the ballot as typed does not count by the ballot rules
    /// (`EnteredBallot::verdict`): shown at once, before the next ballot is typed.
    pub warning: Option<String>,
    /// Ballots returned so far, as entered by counters 1 and 2.
    pub entered: [usize; 2],
    pub issued: u64,
}

/// The verdict on a stored round: consistent, or the problems found, each naming the ballot.
#[derive(Debug, Clone, Serialize)]
pub struct RoundVerification {
    pub code: String,
    pub problems: Vec<String>,
    /// The recount from the stored ballots (the JSON of `dangvu tally`).
    pub recount: Option<Json>,
}

impl RoundVerification {
    pub fn is_consistent(&self) -> bool {
        self.problems.is_empty()
    }
}

fn check_counter(counter: u8) -> Result<()> {
    if counter == 1 || counter == 2 {
        Ok(())
    } else {
        Err(DbError::Invalid(format!(
            "người nhập phiếu phải là 1 hoặc 2 (nhập hai lần độc lập), không phải {counter}"
        )))
    }
}

impl Db {
    /// A write transaction on the durable connection (SQLite: `synchronous=FULL`, so the
    /// commit syncs the WAL before the ballot is acknowledged); on PostgreSQL every commit is
    /// durable already.
    async fn durable_tx(&self) -> Result<DatabaseTransaction> {
        match &self.durable {
            Some(conn) => Ok(conn
                .begin_with_options(TransactionOptions {
                    isolation_level: None,
                    access_mode: None,
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                })
                .await?),
            None => self.write_tx().await,
        }
    }

    /// Stores one ballot typed by `counter` (1 or 2) as the numbers of the struck names
    /// (`domain::congress::entry`), chained to the counter's previous ballot. Refused, with
    /// nothing stored: a number off the list, more ballots than issued, a closed round.
    pub async fn enter_ballot(
        &self,
        actor: &Actor,
        round: i32,
        counter: u8,
        line: &str,
    ) -> Result<BallotEntered> {
        check_counter(counter)?;
        let tx = self.durable_tx().await?;
        crate::sql::lock_row(&tx, "election_round", round).await?;
        let head = open_round_head(&tx, round).await?;
        let issued = head.issued;
        let ballot = parse_entry(line, head.names.len()).map_err(refused)?;
        let (seq, prev) = chain_tail(&tx, round, counter).await?;
        check_room(seq, issued).map_err(refused)?;
        let hash = chain_hash(&prev, &ballot);
        let seq = seq + 1;
        exec(
            &tx,
            "INSERT INTO ballot_entry (round_id, counter, seq, payload, prev_hash, hash, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                round.into(),
                i32::from(counter).into(),
                (seq as i32).into(),
                ballot.canonical().into(),
                to_hex(&prev).into(),
                to_hex(&hash).into(),
                actor.0.clone().into(),
                now().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "ballot_entry",
            format!("{round}/{counter}/{seq}"),
            None,
            Some(json!({ "ballot": ballot.canonical(), "hash": to_hex(&hash) })),
        )
        .await?;
        let other = entered_by(&tx, round, 3 - counter).await?;
        tx.commit().await?;
        let entered = if counter == 1 {
            [seq, other]
        } else {
            [other, seq]
        };
        Ok(BallotEntered {
            counter,
            seq,
            shown: ballot.to_string(),
            warning: head.warning(&ballot),
            ballot,
            entered,
            issued,
        })
    }

    /// Replaces the counter's last ballot of an open round by the ballot typed on `line`
    /// ("Sửa phiếu cuối"): the same place in the stack, its hash recomputed from the ballot
    /// before it (the chain stays whole), the ballot replaced kept in the audit log beside
    /// the new one. Returns the ballot replaced and the new one; `None` when the stack is empty.
    pub async fn correct_last_ballot(
        &self,
        actor: &Actor,
        round: i32,
        counter: u8,
        line: &str,
    ) -> Result<Option<(EnteredBallot, BallotEntered)>> {
        check_counter(counter)?;
        let tx = self.durable_tx().await?;
        crate::sql::lock_row(&tx, "election_round", round).await?;
        let head = open_round_head(&tx, round).await?;
        let ballot = parse_entry(line, head.names.len()).map_err(refused)?;
        let Some(last) = one(
            &tx,
            "SELECT id, seq, payload, prev_hash, hash FROM ballot_entry WHERE round_id = $1 AND counter = $2 ORDER BY seq DESC LIMIT 1",
            vec![round.into(), i32::from(counter).into()],
        )
        .await?
        else {
            return Ok(None);
        };
        let seq = get::<i32>(&last, "seq")?;
        let payload: String = get(&last, "payload")?;
        let prev_hex: String = get(&last, "prev_hash")?;
        let prev = from_hex(&prev_hex).ok_or_else(|| {
            DbError::Invalid(format!("dữ liệu lưu trữ hỏng: mã băm '{prev_hex}'"))
        })?;
        let hash = to_hex(&chain_hash(&prev, &ballot));
        exec(
            &tx,
            "UPDATE ballot_entry SET payload = $2, hash = $3, entered_by = $4, entered_at = $5 WHERE id = $1",
            vec![
                get::<i32>(&last, "id")?.into(),
                ballot.canonical().into(),
                hash.clone().into(),
                actor.0.clone().into(),
                now().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "ballot_entry",
            format!("{round}/{counter}/{seq}"),
            Some(json!({ "ballot": payload, "hash": get::<String>(&last, "hash")? })),
            Some(json!({ "ballot": ballot.canonical(), "hash": hash })),
        )
        .await?;
        let other = entered_by(&tx, round, 3 - counter).await?;
        tx.commit().await?;
        let seq = seq.max(0) as usize;
        let old = EnteredBallot::from_canonical(&payload)
            .unwrap_or_else(|| EnteredBallot::Invalid(payload.clone()));
        let entered = if counter == 1 {
            [seq, other]
        } else {
            [other, seq]
        };
        let new = BallotEntered {
            counter,
            seq,
            shown: ballot.to_string(),
            warning: head.warning(&ballot),
            ballot,
            entered,
            issued: head.issued,
        };
        Ok(Some((old, new)))
    }

    /// Removes the counter's last ballot of an open round (the chain stays valid: it was the
    /// tail). `None` when the stack is empty.
    pub async fn undo_last_ballot(
        &self,
        actor: &Actor,
        round: i32,
        counter: u8,
    ) -> Result<Option<EnteredBallot>> {
        check_counter(counter)?;
        let tx = self.durable_tx().await?;
        crate::sql::lock_row(&tx, "election_round", round).await?;
        let r = load_round(&tx, round).await?;
        if r.status != "open" {
            return Err(DbError::Invalid(
                "vòng bầu cử đã kết thúc kiểm phiếu, không xóa phiếu được".into(),
            ));
        }
        let Some(last) = one(
            &tx,
            "SELECT id, seq, payload, hash FROM ballot_entry WHERE round_id = $1 AND counter = $2 ORDER BY seq DESC LIMIT 1",
            vec![round.into(), i32::from(counter).into()],
        )
        .await?
        else {
            return Ok(None);
        };
        let id: i32 = get(&last, "id")?;
        let seq: i32 = get(&last, "seq")?;
        let payload: String = get(&last, "payload")?;
        exec(
            &tx,
            "DELETE FROM ballot_entry WHERE id = $1",
            vec![id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "delete",
            "ballot_entry",
            format!("{round}/{counter}/{seq}"),
            Some(json!({ "ballot": payload, "hash": get::<String>(&last, "hash")? })),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(EnteredBallot::from_canonical(&payload))
    }

    /// Closes a round: both counters' stacks must agree ballot by ballot and their chains hold;
    /// the round is counted (`election::count_round`) and the result stored. An election with
    /// no seat left is done.
    pub async fn close_round(&self, actor: &Actor, round: i32) -> Result<RoundRow> {
        let tx = self.write_tx().await?;
        crate::sql::lock_row(&tx, "election_round", round).await?;
        let r = load_round(&tx, round).await?;
        if r.status != "open" {
            return Err(DbError::Invalid(format!(
                "{} đã kết thúc kiểm phiếu",
                r.phrase()
            )));
        }
        if let StackComparison::Differ(diffs) = &r.comparison {
            let lines: Vec<String> = diffs
                .iter()
                .map(|d| {
                    let show = |b: &Option<EnteredBallot>| {
                        b.as_ref()
                            .map_or("chưa nhập".to_string(), |b| b.to_string())
                    };
                    format!(
                        "phiếu thứ {}: người nhập 1 «{}», người nhập 2 «{}»",
                        d.position,
                        show(&d.first),
                        show(&d.second)
                    )
                })
                .collect();
            return Err(DbError::Invalid(format!(
                "hai lần nhập phiếu chưa khớp nhau, chưa thể kết thúc vòng bầu:\n{}",
                lines.join("\n")
            )));
        }
        let stack = load_stack(&tx, round, 1).await?;
        for counter in [1u8, 2] {
            let links = if counter == 1 {
                stack.clone()
            } else {
                load_stack(&tx, round, 2).await?
            };
            verify_chain(&links).map_err(|b| broken(counter, &b))?;
        }
        let ballots: Vec<EnteredBallot> = stack.into_iter().map(|l| l.ballot).collect();
        let result = recount(&r, &ballots)?;
        exec(
            &tx,
            "UPDATE election_round SET status = 'closed', result = $2, closed_at = $3 WHERE id = $1",
            vec![round.into(), result.to_string().into(), now().into()],
        )
        .await?;
        if result["next_round"].is_null() {
            exec(
                &tx,
                "UPDATE election SET status = 'done' WHERE id = $1",
                vec![r.election_id.into()],
            )
            .await?;
        }
        audit::record(
            &tx,
            actor,
            "close",
            "election_round",
            round,
            Some(json!({ "status": "open" })),
            Some(json!({ "status": "closed", "result": result })),
        )
        .await?;
        tx.commit().await?;
        self.round(round).await
    }

    /// Recomputes a stored round from its ballots and checks both hash chains, the agreement
    /// of the two stacks and, for a closed round, the stored result.
    pub async fn verify_round(&self, round: i32) -> Result<RoundVerification> {
        let r = load_round(&self.conn, round).await?;
        let mut problems = Vec::new();
        let s1 = load_stack(&self.conn, round, 1).await?;
        let s2 = load_stack(&self.conn, round, 2).await?;
        for (counter, links) in [(1u8, &s1), (2, &s2)] {
            if let Err(b) = verify_chain(links) {
                problems.push(broken(counter, &b).to_string());
            }
        }
        if let StackComparison::Differ(d) = &r.comparison {
            problems.push(format!(
                "hai lần nhập phiếu khác nhau ở {} phiếu, đầu tiên là phiếu thứ {}",
                d.len(),
                d[0].position
            ));
        }
        let ballots: Vec<EnteredBallot> = s1.into_iter().map(|l| l.ballot).collect();
        let recount = match recount(&r, &ballots) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        match (&r.result, &recount) {
            (Some(stored), Some(again)) if stored != again => problems
                .push("kết quả đã lưu khác kết quả kiểm lại từ các phiếu đã nhập".to_string()),
            (None, _) if r.status == "closed" => {
                problems.push("vòng đã kết thúc nhưng không có kết quả lưu".to_string())
            }
            _ => {}
        }
        Ok(RoundVerification {
            code: r.code,
            problems,
            recount,
        })
    }
}

/// A round still being counted: the ballots issued, its seats and its list in ballot order.
struct OpenHead {
    issued: u64,
    seats: usize,
    names: Vec<String>,
}

impl OpenHead {
    /// The warning for a ballot that does not count as typed (`EnteredBallot::verdict`).
    fn warning(&self, ballot: &EnteredBallot) -> Option<String> {
        ballot
            .verdict(&self.names, self.seats)
            .map(|r| invalid_warning(&r))
    }
}

/// The round being counted; refused once the round is closed.
async fn open_round_head(c: &impl ConnectionTrait, round: i32) -> Result<OpenHead> {
    let head = one(
        c,
        "SELECT status, ballots_issued, seats FROM election_round WHERE id = $1",
        vec![round.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "vòng bầu cử",
        key: round.to_string(),
    })?;
    let status: String = get(&head, "status")?;
    if status != "open" {
        return Err(DbError::Invalid(
            "vòng bầu cử đã kết thúc kiểm phiếu, không nhập thêm phiếu được".into(),
        ));
    }
    let names = crate::sql::all(
        c,
        "SELECT name FROM round_candidate WHERE round_id = $1 ORDER BY position",
        vec![round.into()],
    )
    .await?
    .iter()
    .map(|x| get(x, "name"))
    .collect::<Result<Vec<String>>>()?;
    Ok(OpenHead {
        issued: get::<i32>(&head, "ballots_issued")?.max(0) as u64,
        seats: get::<i32>(&head, "seats")?.max(0) as usize,
        names,
    })
}

/// The counter's last ballot: its number in the stack and its hash (0 and the genesis hash
/// for an empty stack).
async fn chain_tail(
    c: &impl ConnectionTrait,
    round: i32,
    counter: u8,
) -> Result<(usize, [u8; 32])> {
    let last = one(
        c,
        "SELECT seq, hash FROM ballot_entry WHERE round_id = $1 AND counter = $2 ORDER BY seq DESC LIMIT 1",
        vec![round.into(), i32::from(counter).into()],
    )
    .await?;
    Ok(match &last {
        Some(r) => {
            let h: String = get(r, "hash")?;
            let prev = from_hex(&h)
                .ok_or_else(|| DbError::Invalid(format!("dữ liệu lưu trữ hỏng: mã băm '{h}'")))?;
            (get::<i32>(r, "seq")? as usize, prev)
        }
        None => (0, GENESIS),
    })
}

/// How many ballots `counter` has entered in the round.
async fn entered_by(c: &impl ConnectionTrait, round: i32, counter: u8) -> Result<usize> {
    Ok(crate::sql::get_count(
        &one(
            c,
            "SELECT COUNT(*) AS n FROM ballot_entry WHERE round_id = $1 AND counter = $2",
            vec![round.into(), i32::from(counter).into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "vòng bầu cử",
            key: round.to_string(),
        })?,
        "n",
    )? as usize)
}

fn broken(counter: u8, b: &ChainBreak) -> DbError {
    DbError::Invalid(format!("người nhập {counter}, {b}"))
}

/// The round as the counting engine takes it, from the ballots given.
fn engine_round(r: &RoundRow, ballots: &[EnteredBallot]) -> Result<Round> {
    let ballots = ballots
        .iter()
        .map(|b| b.to_ballot(&r.candidates))
        .collect::<Result<Vec<_>, _>>()
        .map_err(refused)?;
    Ok(Round {
        seats: r.seats as i64,
        base: BaseSpec::Number(r.base as i64),
        candidates: r.candidates.clone(),
        ballots_issued: r.ballots_issued as i64,
        ballots,
    })
}

/// Counts a round's ballots under the party's rules (the one counting engine).
fn recount(r: &RoundRow, ballots: &[EnteredBallot]) -> Result<Json> {
    let result = count_round(&engine_round(r, ballots)?).map_err(refused)?;
    serde_json::to_value(&result).map_err(|e| DbError::Invalid(e.to_string()))
}

impl Db {
    /// A closed round as the counting engine takes it, from the stored ballots (both entries
    /// agreed before it closed), after checking the chains and the stored result; for the
    /// counting minutes, which count it again rather than trust a stored figure.
    pub async fn closed_round(&self, round: i32) -> Result<Round> {
        let v = self.verify_round(round).await?;
        if !v.is_consistent() {
            let r = load_round(&self.conn, round).await?;
            return Err(DbError::Invalid(format!(
                "{} không khớp khi kiểm lại: {}",
                r.phrase(),
                v.problems.join("; ")
            )));
        }
        let r = load_round(&self.conn, round).await?;
        if r.status != "closed" {
            return Err(DbError::Invalid(format!(
                "{} chưa kết thúc kiểm phiếu",
                r.phrase()
            )));
        }
        let stack = load_stack(&self.conn, round, 1).await?;
        let ballots: Vec<EnteredBallot> = stack.into_iter().map(|l| l.ballot).collect();
        engine_round(&r, &ballots)
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};

    async fn synchronous(c: &impl ConnectionTrait) -> i64 {
        let row = c
            .query_one_raw(Statement::from_string(
                c.get_database_backend(),
                "PRAGMA synchronous",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    #[tokio::test]
    async fn ballots_are_written_on_a_connection_with_synchronous_full() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = crate::Db::connect(&url).await.unwrap();
        // 2 = FULL on the ballot connection; the pool keeps 1 = NORMAL.
        assert_eq!(synchronous(db.durable.as_ref().unwrap()).await, 2);
        assert_eq!(synchronous(&db.conn).await, 1);
        let tx = db.durable_tx().await.unwrap();
        assert_eq!(synchronous(&tx).await, 2);
    }
}
