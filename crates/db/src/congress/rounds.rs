//! Elections and their rounds as stored: the rows a page shows (the list, both counters'
//! progress, the result) and their loaders, shared by the elections, the record and ballot entry.

use domain::congress::{
    ChainLink, ElectionKind, EnteredBallot, Level, StackComparison, compare_stacks,
};
use domain::register::org::OrgKind;
use domain::text::to_roman;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::Value as Json;

use crate::error::{DbError, Result};
use crate::sql::{all, get, one};

/// One round with its list, both counters' progress and, once closed, its result (the JSON of
/// `dangvu tally`).
#[derive(Debug, Clone, Serialize)]
pub struct RoundRow {
    pub id: i32,
    pub election_id: i32,
    pub congress_id: i32,
    /// `CB-SNV/V/committee/2`: how the command line names the round, never shown on a page.
    pub code: String,
    pub kind: ElectionKind,
    /// A branch's congress or a party committee's: how its elections are named.
    pub level: Level,
    /// Who the election elects: "Chi ủy".
    pub label: String,
    /// "Bầu Chi ủy — lần bỏ phiếu thứ 2".
    pub title: String,
    /// The round's file-name stem: "cb-snv-iv-cap-uy-lan-2".
    pub slug: String,
    pub number: u32,
    pub seats: usize,
    pub ballots_issued: u64,
    pub base: u64,
    pub base_detail: Json,
    pub candidates: Vec<String>,
    /// `open` or `closed`.
    pub status: String,
    /// Ballots entered by counter 1 and counter 2.
    pub entered: [usize; 2],
    pub comparison: StackComparison,
    pub result: Option<Json>,
    /// When the count ended (UTC); `None` while the round is open.
    pub closed_at: Option<chrono::NaiveDateTime>,
}

impl RoundRow {
    /// The round inside a sentence: "lần bỏ phiếu thứ 1 bầu Chi ủy".
    pub fn phrase(&self) -> String {
        self.kind.round_phrase(self.level, self.number)
    }
}

/// An election with its rounds and who it elected, in order.
#[derive(Debug, Clone, Serialize)]
pub struct ElectionRow {
    pub id: i32,
    pub kind: ElectionKind,
    pub label: String,
    pub seats: usize,
    /// `open` or `done`.
    pub status: String,
    pub rounds: Vec<RoundRow>,
    pub elected: Vec<String>,
}

pub(super) fn strings(v: &Json) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One counter's stack of a round, in entry order.
pub(crate) async fn load_stack(
    c: &impl ConnectionTrait,
    round: i32,
    counter: u8,
) -> Result<Vec<ChainLink>> {
    all(
        c,
        "SELECT seq, payload, prev_hash, hash FROM ballot_entry WHERE round_id = $1 AND counter = $2 ORDER BY seq",
        vec![round.into(), i32::from(counter).into()],
    )
    .await?
    .iter()
    .map(|r| {
        let payload: String = get(r, "payload")?;
        Ok(ChainLink {
            // A payload that does not parse is kept as an invalid ballot of that text, so the
            // chain check (which hashes the text) names it rather than failing the read.
            ballot: EnteredBallot::from_canonical(&payload)
                .unwrap_or(EnteredBallot::Invalid(format!("\u{0}{payload}"))),
            prev_hash: get(r, "prev_hash")?,
            hash: get(r, "hash")?,
        })
    })
    .collect()
}

pub(crate) async fn load_round(c: &impl ConnectionTrait, id: i32) -> Result<RoundRow> {
    let r = one(
        c,
        "SELECT r.*, e.kind, e.congress_id, c.ordinal, o.code, o.kind AS org_kind FROM election_round r \
         JOIN election e ON e.id = r.election_id JOIN congress c ON c.id = e.congress_id \
         JOIN organization o ON o.id = c.org_id WHERE r.id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "vòng bầu cử",
        key: id.to_string(),
    })?;
    let kind: String = get(&r, "kind")?;
    let kind = ElectionKind::parse(&kind)
        .ok_or_else(|| DbError::Invalid(format!("dữ liệu lưu trữ hỏng: loại bầu cử '{kind}'")))?;
    let number = get::<i32>(&r, "number")? as u32;
    let org: String = get(&r, "code")?;
    let level = level_of(&get::<String>(&r, "org_kind")?);
    let ordinal = get::<i32>(&r, "ordinal")? as u32;
    let candidates = all(
        c,
        "SELECT name FROM round_candidate WHERE round_id = $1 ORDER BY position",
        vec![id.into()],
    )
    .await?
    .iter()
    .map(|x| get(x, "name"))
    .collect::<Result<Vec<String>>>()?;
    let s1: Vec<EnteredBallot> = load_stack(c, id, 1)
        .await?
        .into_iter()
        .map(|l| l.ballot)
        .collect();
    let s2: Vec<EnteredBallot> = load_stack(c, id, 2)
        .await?
        .into_iter()
        .map(|l| l.ballot)
        .collect();
    let detail: String = get(&r, "base_detail")?;
    let result: Option<String> = get(&r, "result")?;
    Ok(RoundRow {
        id,
        election_id: get(&r, "election_id")?,
        congress_id: get(&r, "congress_id")?,
        code: format!("{org}/{}/{}/{number}", to_roman(ordinal), kind.key()),
        kind,
        level,
        label: kind.body(level).to_string(),
        title: kind.round_title(level, number),
        slug: format!(
            "{}-{}-{}-lan-{number}",
            org.to_lowercase(),
            to_roman(ordinal).to_lowercase(),
            kind.slug()
        ),
        number,
        seats: get::<i32>(&r, "seats")? as usize,
        ballots_issued: get::<i32>(&r, "ballots_issued")? as u64,
        base: get::<i32>(&r, "base")? as u64,
        base_detail: serde_json::from_str(&detail).unwrap_or(Json::Null),
        candidates,
        status: get(&r, "status")?,
        entered: [s1.len(), s2.len()],
        comparison: compare_stacks(&s1, &s2),
        result: result.and_then(|s| serde_json::from_str(&s).ok()),
        closed_at: get(&r, "closed_at")?,
    })
}

/// The level of an organization kind as stored; an unknown kind names its elections as a
/// branch's, the congress's usual case.
fn level_of(kind: &str) -> Level {
    OrgKind::parse(kind).map_or(Level::Branch, Level::of)
}

pub(super) async fn load_election(c: &impl ConnectionTrait, id: i32) -> Result<ElectionRow> {
    let r = one(
        c,
        "SELECT congress_id FROM election WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "cuộc bầu cử",
        key: id.to_string(),
    })?;
    let congress: i32 = get(&r, "congress_id")?;
    load_elections(c, congress)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(DbError::NotFound {
            what: "cuộc bầu cử",
            key: id.to_string(),
        })
}

pub(crate) async fn load_elections(
    c: &impl ConnectionTrait,
    congress: i32,
) -> Result<Vec<ElectionRow>> {
    let rows = all(
        c,
        "SELECT e.id, e.kind, e.seats, e.status, o.kind AS org_kind FROM election e \
         JOIN congress c ON c.id = e.congress_id JOIN organization o ON o.id = c.org_id \
         WHERE e.congress_id = $1 ORDER BY e.id",
        vec![congress.into()],
    )
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i32 = get(r, "id")?;
        let kind: String = get(r, "kind")?;
        let kind = ElectionKind::parse(&kind).ok_or_else(|| {
            DbError::Invalid(format!("dữ liệu lưu trữ hỏng: loại bầu cử '{kind}'"))
        })?;
        let mut rounds = Vec::new();
        for x in all(
            c,
            "SELECT id FROM election_round WHERE election_id = $1 ORDER BY number",
            vec![id.into()],
        )
        .await?
        {
            rounds.push(load_round(c, get(&x, "id")?).await?);
        }
        let elected = rounds
            .iter()
            .filter_map(|r| r.result.as_ref())
            .flat_map(|res| strings(&res["elected"]))
            .collect();
        out.push(ElectionRow {
            id,
            kind,
            label: kind
                .body(level_of(&get::<String>(r, "org_kind")?))
                .to_string(),
            seats: get::<i32>(r, "seats")? as usize,
            status: get(r, "status")?,
            rounds,
            elected,
        });
    }
    Ok(out)
}
