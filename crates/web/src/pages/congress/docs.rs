//! The congress documents made from the stored record: the counting minutes of a closed round,
//! the ballot papers of a round being voted on and the draft news article. One builder for the
//! downloads of the congress page and for `dangvu congress minutes`.

use db::{CongressRow, Db, DbError, RoundRow};
use domain::congress::{ElectionKind, ElectionRules, Level, outstanding, planned_elections};
use reports::congress::article::{ArticleInput, CommitteeRole, Elected, Guest, OpenElection};
use reports::congress::ballot_paper::{BallotPaper, MAX_COPIES};
use reports::congress::minutes::{
    BoardMember, BoardRole, CongressInfo, CongressKind, CountingMinutes, MinutesInfo,
};
use reports::document::Issuer;

/// Why a document cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error(transparent)]
    Db(#[from] DbError),
    /// The record cannot make this document yet (the round is still open, …); Vietnamese.
    #[error("{0}")]
    Refused(String),
    /// The stored round does not count again (a broken record).
    #[error("{0}")]
    Failure(String),
}

impl From<reports::DocError> for DocsError {
    fn from(e: reports::DocError) -> Self {
        Self::Refused(e.to_string())
    }
}

/// "Đại hội Chi bộ Sở Ngoại vụ", lần thứ, nhiệm kỳ, kind.
pub fn congress_info(c: &CongressRow) -> CongressInfo {
    CongressInfo {
        name: format!("Đại hội {}", c.org_name),
        ordinal: c.ordinal,
        term: c.term.to_string(),
        kind: match c.kind {
            domain::election::CongressKind::Members => CongressKind::Members,
            domain::election::CongressKind::Delegates => CongressKind::Delegates,
        },
    }
}

/// What a round elects, with its organization (`ElectionKind::election_name`): "Chi ủy Chi bộ
/// Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025".
pub fn election_title(r: &RoundRow, c: &CongressRow, superior: &str) -> String {
    r.kind.election_name(
        r.level,
        &c.org_name,
        c.ordinal,
        &c.term.to_string(),
        superior,
    )
}

/// The counting minutes of a closed round, from the congress record and the round counted
/// again from its stored ballots; the same for the web download and `dangvu congress
/// minutes`. `number` is the minutes' symbol in the congress's series ("05-BB/ĐH"); `time`,
/// when the count ended, is the round's close time in Vietnam unless given.
pub async fn counting_minutes(
    db: &Db,
    round: i32,
    number: Option<String>,
    time: Option<String>,
) -> Result<CountingMinutes, DocsError> {
    let engine = db.closed_round(round).await?;
    let result =
        domain::election::count_round(&engine).map_err(|e| DocsError::Failure(e.to_string()))?;
    let r = db.round(round).await?;
    let c = db.congress(r.congress_id).await?;
    let (superior, province) = db.issuer_names(&c.org_code).await?;
    let given = |v: Option<String>| v.filter(|t| !t.trim().is_empty());
    let time = given(time).or_else(|| r.closed_at.map(domain::text::format_clock_vn));
    let election = format!("Bầu {}", election_title(&r, &c, &superior));
    let info = MinutesInfo {
        issuer: Issuer {
            superior,
            organization: c.org_name.clone(),
            place: province.or_else(|| c.place.clone()).unwrap_or_default(),
            date: c.ends_on,
        },
        number: given(number),
        congress: congress_info(&c),
        election,
        round: r.number,
        time,
        venue: c.place.clone(),
        summoned: c.summoned.summoned() as u64,
        present: c.summoned.present() as u64,
        board: c
            .counting_board
            .iter()
            .enumerate()
            .map(|(i, name)| BoardMember {
                name: name.clone(),
                role: if i == 0 {
                    BoardRole::Head
                } else {
                    BoardRole::Member
                },
            })
            .collect(),
        key_fingerprint: db.board_fingerprint().await?,
    };
    Ok(CountingMinutes::new(info, result)?)
}

/// The ballot papers of a round being voted on: as many as the ballots issued, `per_page` on
/// each A4 page (1, 2 or 4).
pub async fn ballot_paper(db: &Db, round: i32, per_page: u32) -> Result<BallotPaper, DocsError> {
    let r = db.round(round).await?;
    if r.status != "open" {
        return Err(DocsError::Refused(format!(
            "{} đã kết thúc kiểm phiếu; phiếu bầu chỉ in cho lần bỏ phiếu đang diễn ra",
            r.phrase()
        )));
    }
    let c = db.congress(r.congress_id).await?;
    let (superior, _) = db.issuer_names(&c.org_code).await?;
    Ok(BallotPaper {
        election: crate::pages::form::sentence(&election_title(&r, &c, &superior)),
        superior,
        organization: c.org_name.clone(),
        congress: congress_info(&c),
        round: r.number,
        seats: r.seats as u32,
        candidates: r.candidates,
        per_page,
        copies: Some((r.ballots_issued.max(1)).min(u64::from(MAX_COPIES)) as u32),
    })
}

/// A guest as the record keeps them ("Đồng chí Nguyễn Văn A, Phó Bí thư …" or just a
/// position): the name before the first comma, the position after it.
fn guest(raw: &str) -> Guest {
    let t = raw.trim();
    let t = ["Đồng chí ", "đồng chí ", "Đ/c ", "đ/c "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    match t.split_once(',') {
        Some((name, position)) => Guest {
            name: name.trim().to_string(),
            position: position.trim().to_string(),
        },
        None => Guest {
            name: t.to_string(),
            position: String::new(),
        },
    }
}

/// The draft news article of a congress from its record: who attended, the resolution, and
/// who was elected (secretary and deputy first, then the committee, the delegates).
pub async fn article(db: &Db, congress: i32) -> Result<ArticleInput, DocsError> {
    let c = db.congress(congress).await?;
    let elections = db.elections(congress).await?;
    let (superior, _) = db.issuer_names(&c.org_code).await?;
    let previous_term = match db
        .congresses_of(&c.org_code)
        .await?
        .into_iter()
        .find(|(_, ordinal, _)| *ordinal + 1 == c.ordinal)
    {
        Some((id, ..)) => Some(db.congress(id).await?.term.to_string()),
        None => None,
    };
    let elected_of = |k: ElectionKind| -> Vec<String> {
        elections
            .iter()
            .filter(|e| e.kind == k)
            .flat_map(|e| e.elected.clone())
            .collect()
    };
    let secretary = elected_of(ElectionKind::Secretary);
    let deputies = elected_of(ElectionKind::Deputy);
    let committee = elected_of(ElectionKind::Committee);
    let mut elected: Vec<Elected> = Vec::new();
    for (names, role) in [
        (&secretary, CommitteeRole::Secretary),
        (&deputies, CommitteeRole::Deputy),
        (&committee, CommitteeRole::Member),
    ] {
        for n in names {
            if !elected.iter().any(|e| &e.name == n) {
                elected.push(Elected {
                    name: n.clone(),
                    role,
                });
            }
        }
    }
    let committee_label = elections
        .iter()
        .find(|e| e.kind == ElectionKind::Committee)
        .map(|e| e.label.clone());
    let open_elections = open_elections(db, &c, &elections).await?;
    let delegates = elected_of(ElectionKind::Delegates);
    let alternates = elected_of(ElectionKind::Alternates);
    let (member_profile, targets) = profile_and_targets(db, &c).await;
    let season = season_place(db, &c).await?;
    Ok(ArticleInput {
        organization: c.org_name.clone(),
        headline_organization: None,
        congress: congress_info(&c),
        date: c.starts_on,
        venue: c.place.clone(),
        previous_term,
        superior_congress: (!delegates.is_empty() || !alternates.is_empty())
            .then(|| format!("Đại hội {superior} nhiệm kỳ {}", c.term)),
        guests: c.guests.iter().map(|g| guest(g)).collect(),
        summoned: c.summoned.summoned() as u64,
        member_profile,
        term_results: Vec::new(),
        general_goal: None,
        targets,
        committee_label,
        elected,
        delegates,
        alternates,
        open_elections,
        season,
    })
}

/// What the congress has still to elect (`domain::congress::outstanding`): the chi ủy (or
/// the secretary directly) and the secretary and deputy of the rules' order, and every
/// election held with seats left, each named as its organization names it.
async fn open_elections(
    db: &Db,
    c: &CongressRow,
    elections: &[db::ElectionRow],
) -> Result<Vec<OpenElection>, DocsError> {
    let level = Level::of(db.org_latest(&c.org_code).await?.kind);
    let rules = ElectionRules::default();
    let plan = planned_elections(c.summoned.official.len(), 0, 0, false, &rules);
    let held: Vec<(ElectionKind, usize, usize)> = elections
        .iter()
        .map(|e| (e.kind, e.seats, e.elected.len()))
        .collect();
    Ok(outstanding(&plan, &held)
        .into_iter()
        .map(|o| OpenElection {
            kind: o.kind,
            office: o.kind.body(level).to_string(),
            seats: o.seats.map(|s| s as u32),
            elected: o.elected as u32,
        })
        .collect())
}

/// The congress's place in its superior's plan that day, when a plan of the superior lists
/// it and it was held on the day of this congress.
async fn season_place(db: &Db, c: &CongressRow) -> Result<Option<String>, DocsError> {
    let org = db.org(&c.org_code, Some(c.starts_on)).await?;
    let Some(parent) = org.parent_id else {
        return Ok(None);
    };
    let superior = db.org_by_id(parent).await?;
    for (id, ..) in db.plans_of(&superior.code).await? {
        let v = db.plan_progress(id, c.starts_on).await?;
        let Some(row) = v
            .progress
            .rows
            .iter()
            .find(|r| r.item.org_code == c.org_code && r.item.held_on == Some(c.starts_on))
        else {
            continue;
        };
        let unit = match org.kind {
            domain::register::org::OrgKind::Branch
            | domain::register::org::OrgKind::GrassrootsBranch => "chi bộ",
            _ => "tổ chức cơ sở đảng",
        };
        let place = domain::congress::SeasonPlace {
            org_name: &c.org_name,
            pilot: row.item.pilot,
            symbol: &v.symbol,
            issued_on: v.issued_on,
            issuer: &domain::congress::issuing_committee(&superior.name),
            superior: &superior.name,
            unit,
        };
        return Ok(Some(place.sentence(&v.progress)));
    }
    Ok(None)
}

/// The members as the register had them on the congress's day (seed 000's paragraph, its
/// percentages computed), and the targets of the term's resolution when it is recorded.
async fn profile_and_targets(db: &Db, c: &CongressRow) -> (Option<String>, Vec<String>) {
    let profile = db
        .structure(&c.org_code, c.starts_on)
        .await
        .ok()
        .filter(|r| r.structure.members > 0)
        .map(|r| r.structure.paragraph(&c.org_name));
    let targets = match db.resolution(&c.org_code, Some(c.term)).await {
        Ok(res) => res
            .targets
            .iter()
            .map(|t| lower_first(&t.target.text))
            .collect(),
        Err(_) => Vec::new(),
    };
    (profile, targets)
}

/// "Có 100% …" → "có 100% …": a target as it continues a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_split_into_name_and_position() {
        let g = guest("Đồng chí Nguyễn Vũ Phong, Ủy viên Ban Thường vụ Đảng ủy khối");
        assert_eq!(g.name, "Nguyễn Vũ Phong");
        assert_eq!(g.position, "Ủy viên Ban Thường vụ Đảng ủy khối");
        let g = guest("Phó Bí thư Đảng ủy Sở Nội vụ");
        assert_eq!(g.name, "Phó Bí thư Đảng ủy Sở Nội vụ");
        assert!(g.position.is_empty());
    }
}
