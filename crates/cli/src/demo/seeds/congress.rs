//! A seed's congress as the counting hall records it: the summons from the register, one
//! member away with a reason, the congress's documents and resolution, the counting board,
//! then every election counted from ballots entered twice through the same `db` functions the
//! hall uses (names and votes invented, results as the seed states them).

use chrono::NaiveDate;
use db::{Actor, CongressRow, Db, NewCandidate, NewCongress};
use domain::congress::{ElectionKind, HandVote, Presence, Term};
use domain::election::CongressKind;

use crate::error::CliError;

/// What a seed says of one congress.
pub struct Held {
    pub org: &'static str,
    /// Its number when the earlier ones are not recorded; `None`: the one after the last.
    pub ordinal: Option<u32>,
    pub term: (i32, i32),
    pub on: NaiveDate,
    pub place: &'static str,
    pub guests: &'static [&'static str],
    pub pilot: bool,
    /// Seats of the committee (chi ủy), with a secretary and a deputy elected from it.
    pub committee: usize,
    /// Delegates and alternates to the superior's congress.
    pub delegates: usize,
    pub alternates: usize,
}

fn fail(m: &str) -> CliError {
    CliError::Failure(format!("dữ liệu mẫu đại hội của tin bài: {m}"))
}

/// A congress recorded without its elections (a season's other branches).
pub async fn recorded(
    db: &Db,
    actor: &Actor,
    org: &str,
    ordinal: Option<u32>,
    term: (i32, i32),
    on: NaiveDate,
) -> Result<CongressRow, CliError> {
    Ok(db
        .create_congress_numbered(
            actor,
            &NewCongress {
                org: org.into(),
                term: Term {
                    from: term.0,
                    to: term.1,
                },
                kind: CongressKind::Members,
                starts_on: on,
                ends_on: on,
                place: None,
                guests: vec![],
                pilot: false,
            },
            ordinal,
        )
        .await?)
}

/// Holds the whole congress of `h`; returns it.
pub async fn hold(db: &Db, actor: &Actor, h: &Held) -> Result<CongressRow, CliError> {
    let c = db
        .create_congress_numbered(
            actor,
            &NewCongress {
                org: h.org.into(),
                term: Term {
                    from: h.term.0,
                    to: h.term.1,
                },
                kind: CongressKind::Members,
                starts_on: h.on,
                ends_on: h.on,
                place: Some(h.place.into()),
                guests: h.guests.iter().map(|g| g.to_string()).collect(),
                pilot: h.pilot,
            },
            h.ordinal,
        )
        .await?;
    let hall = Hall::of(db, actor, &c);
    // Candidates from the front of the list, the counting board from its back.
    let needed = (h.committee + 1 + 3 + 1).max(9);
    if hall.official.len() < needed {
        return Err(fail(&format!(
            "{} cần ít nhất {needed} đảng viên chính thức, có {}",
            h.org,
            hall.official.len()
        )));
    }
    hall.absence().await?;
    hall.documents(h).await?;
    let n = hall.official.len();
    db.set_counting_board(
        actor,
        c.id,
        &[hall.name(n - 2), hall.name(n - 3), hall.name(n - 4)],
    )
    .await?;
    hall.committee(h.committee).await?;
    hall.singles(h).await?;
    Ok(db.congress(c.id).await?)
}

/// A congress being recorded.
pub struct Hall<'a> {
    pub db: &'a Db,
    pub actor: &'a Actor,
    pub congress: i32,
    /// The official members summoned: id and name.
    pub official: Vec<(i32, String)>,
    /// Official members present (all but the last).
    pub present: usize,
}

impl<'a> Hall<'a> {
    /// The congress `c` at the hall: its official members summoned, all present but the last.
    pub fn of(db: &'a Db, actor: &'a Actor, c: &CongressRow) -> Self {
        let official: Vec<(i32, String)> = c
            .summoned
            .official
            .iter()
            .map(|a| (a.person_id, a.name.clone()))
            .collect();
        Hall {
            db,
            actor,
            congress: c.id,
            present: official.len().saturating_sub(1),
            official,
        }
    }

    pub fn name(&self, i: usize) -> String {
        self.official[i].1.clone()
    }

    /// The last official member is away with an approved reason: the base is those present.
    pub async fn absence(&self) -> Result<(), CliError> {
        let absent = self.official[self.official.len() - 1].0;
        self.db
            .set_presence(
                self.actor,
                self.congress,
                absent,
                Presence::AbsentWithReason,
                Some("Đi công tác theo quyết định của cơ quan"),
            )
            .await?;
        Ok(())
    }

    /// The political report, the committee's self-review, the resolution and the minutes;
    /// the resolution carried by all present.
    async fn documents(&self, h: &Held) -> Result<(), CliError> {
        let (from, to) = h.term;
        let docs = [
            (
                "BC",
                format!("Báo cáo chính trị trình Đại hội nhiệm kỳ {from}–{to}"),
            ),
            (
                "BC",
                "Báo cáo kiểm điểm của Chi ủy nhiệm kỳ qua".to_string(),
            ),
            ("NQ", format!("Nghị quyết Đại hội nhiệm kỳ {from}–{to}")),
            ("BB", "Biên bản Đại hội".to_string()),
        ];
        self.documents_and_resolution(&docs, h.on).await
    }

    /// The congress's documents `(kind, title)` of `on`, and its resolution carried by all
    /// present.
    pub async fn documents_and_resolution(
        &self,
        docs: &[(&str, String)],
        on: NaiveDate,
    ) -> Result<(), CliError> {
        for (kind, title) in docs {
            self.db
                .register_document(self.actor, self.congress, kind, title, on)
                .await?;
        }
        self.db
            .record_resolution_vote(
                self.actor,
                self.congress,
                HandVote {
                    agree: self.present as u64,
                    disagree: 0,
                    abstain: 0,
                },
            )
            .await?;
        Ok(())
    }

    /// The committee: one candidate more than the seats; most ballots strike the last, some
    /// the one before it, so that the first `seats` pass in one round.
    pub async fn committee(&self, seats: usize) -> Result<(), CliError> {
        let p = self.present;
        let lines: Vec<String> = (0..p)
            .map(|i| {
                if i % 5 == 4 {
                    seats.to_string()
                } else {
                    (seats + 1).to_string()
                }
            })
            .collect();
        let names: Vec<NewCandidate> = (0..=seats)
            .map(|i| NewCandidate::listed(&self.name(i)))
            .collect();
        let (round, _) = self
            .db
            .open_election(
                self.actor,
                self.congress,
                ElectionKind::Committee,
                seats,
                &names,
                p as u64,
            )
            .await?;
        double_entry(self.db, self.actor, round.id, &lines).await
    }

    /// The secretary and the deputy, then the delegates and the alternates of `h`.
    async fn singles(&self, h: &Held) -> Result<(), CliError> {
        let delegates: Vec<usize> = (0..h.delegates).collect();
        let alternates: Vec<usize> = (h.delegates..h.delegates + h.alternates).collect();
        self.secretary_deputy_and_delegates(&delegates, &alternates)
            .await
    }

    /// The secretary (the first on the list) and the deputy (the second), one ballot against
    /// each; then the delegates and the alternates numbered on the list, every ballot keeping
    /// every name.
    pub async fn secretary_deputy_and_delegates(
        &self,
        delegates: &[usize],
        alternates: &[usize],
    ) -> Result<(), CliError> {
        let p = self.present;
        let keep = |n: usize| -> Vec<String> { (0..n).map(|_| String::new()).collect() };
        let mut one_against = keep(p - 1);
        one_against.push("1".into());
        let mut elections = vec![
            (ElectionKind::Secretary, 1, vec![self.name(0)]),
            (ElectionKind::Deputy, 1, vec![self.name(1)]),
        ];
        for (kind, list) in [
            (ElectionKind::Delegates, delegates),
            (ElectionKind::Alternates, alternates),
        ] {
            if !list.is_empty() {
                let names = list.iter().map(|&i| self.name(i)).collect();
                elections.push((kind, list.len(), names));
            }
        }
        for (kind, seats, names) in elections {
            let cands: Vec<NewCandidate> = names.iter().map(|n| NewCandidate::listed(n)).collect();
            let (r, _) = self
                .db
                .open_election(self.actor, self.congress, kind, seats, &cands, p as u64)
                .await?;
            let lines = if seats == 1 {
                one_against.clone()
            } else {
                keep(p)
            };
            double_entry(self.db, self.actor, r.id, &lines).await?;
        }
        Ok(())
    }
}

pub async fn enter(
    db: &Db,
    actor: &Actor,
    round: i32,
    counter: u8,
    lines: &[String],
) -> Result<(), CliError> {
    for l in lines {
        db.enter_ballot(actor, round, counter, l).await?;
    }
    Ok(())
}

/// Both counters enter the same stack, then the round closes.
pub async fn double_entry(
    db: &Db,
    actor: &Actor,
    round: i32,
    lines: &[String],
) -> Result<(), CliError> {
    enter(db, actor, round, 1, lines).await?;
    enter(db, actor, round, 2, lines).await?;
    db.close_round(actor, round).await?;
    Ok(())
}
