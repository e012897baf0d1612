//! The demo's congress season: Đảng bộ Sở Nội vụ's plan 41-KH/ĐU (invented; seed 002's
//! 205-KH/ĐU is Đảng ủy Sở Công Thương's, `demo::documents`) over its four branches (a
//! pilot, one held, others overdue) and one whole branch congress from plan to results, its
//! ballots entered twice through the same `db` functions the hall uses.

use db::{Actor, CongressRow, Db, NewCandidate, NewCongress, NewPlan, NewPlanItem};
use domain::congress::{ElectionKind, HandVote, Presence, Term};
use domain::election::CongressKind;

use crate::demo::register::d;
use crate::error::CliError;

const LOADED_KEY: &str = "demo.congress";
pub const SUPERIOR: &str = "DB-SNOIVU";
pub const PLAN: &str = "41-KH/ĐU";
/// The branch whose whole congress the demo runs (the pilot).
pub const BRANCH: &str = "CB-VPSNOIVU";

/// Loads the season and the congress unless they are there; returns whether it loaded.
pub async fn load(db: &Db) -> Result<bool, CliError> {
    if db.setting(LOADED_KEY).await?.is_some() {
        return Ok(false);
    }
    let actor = Actor("demo".into());
    let item = |org: &str, on: (i32, u32, u32), pilot: bool, prev: (i32, u32, u32)| NewPlanItem {
        org: org.into(),
        scheduled: d(on.0, on.1, on.2),
        pilot,
        previous: Some(d(prev.0, prev.1, prev.2)),
    };
    db.create_plan(
        &actor,
        &NewPlan {
            superior: SUPERIOR.into(),
            symbol: PLAN.into(),
            title: "Kế hoạch tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2025–2030".into(),
            issued_on: d(2025, 3, 1),
            items: vec![
                item(BRANCH, (2025, 4, 15), true, (2022, 10, 14)),
                item("CB-TDKT", (2025, 5, 10), false, (2022, 11, 8)),
                item("CB-BTG", (2025, 5, 20), false, (2022, 11, 18)),
                // Its previous congress was early: this one falls more than six months late.
                item("CB-VTLT", (2025, 6, 5), false, (2022, 4, 1)),
            ],
        },
    )
    .await?;

    // A branch that held its congress on time, recorded without its elections.
    db.create_congress(
        &actor,
        &NewCongress {
            org: "CB-TDKT".into(),
            term: Term {
                from: 2025,
                to: 2030,
            },
            kind: CongressKind::Members,
            starts_on: d(2025, 5, 12),
            ends_on: d(2025, 5, 12),
            place: Some("Hội trường Sở Nội vụ".into()),
            guests: vec![],
            pilot: false,
        },
    )
    .await?;

    whole_congress(db, &actor).await?;
    db.set_setting(&actor, LOADED_KEY, "1").await?;
    Ok(true)
}

/// The pilot congress of Chi bộ Văn phòng Sở Nội vụ from the summoned list to the alternate.
async fn whole_congress(db: &Db, actor: &Actor) -> Result<(), CliError> {
    let c = open_pilot(db, actor).await?;
    let official: Vec<(i32, String)> = c
        .summoned
        .official
        .iter()
        .map(|a| (a.person_id, a.name.clone()))
        .collect();
    if official.len() < 10 {
        return Err(fail("chi bộ cần ít nhất 10 đảng viên chính thức"));
    }
    let pilot = Pilot {
        db,
        actor,
        congress: c.id,
        // The last official member is away with an approved reason: the base is those present.
        present: official.len() - 1,
        official,
    };
    pilot.absence().await?;
    pilot.documents_and_resolution().await?;
    db.set_counting_board(actor, c.id, &[pilot.name(6), pilot.name(7), pilot.name(8)])
        .await?;
    pilot.committee().await?;
    pilot.secretary_deputy_and_delegates().await?;
    Ok(())
}

/// A failure of the demo congress's own data.
fn fail(m: &str) -> CliError {
    CliError::Failure(format!("dữ liệu mẫu đại hội: {m}"))
}

/// The pilot congress, one day at the hall with two guests from the Đảng ủy.
async fn open_pilot(db: &Db, actor: &Actor) -> Result<CongressRow, CliError> {
    Ok(db
        .create_congress(
            actor,
            &NewCongress {
                org: BRANCH.into(),
                term: Term {
                    from: 2025,
                    to: 2030,
                },
                kind: CongressKind::Members,
                starts_on: d(2025, 4, 15),
                ends_on: d(2025, 4, 15),
                place: Some("Hội trường Sở Nội vụ".into()),
                guests: vec![
                    "Đồng chí Phó Bí thư Đảng ủy Sở Nội vụ".into(),
                    "Đồng chí Ủy viên Ban Thường vụ Đảng ủy Sở Nội vụ".into(),
                ],
                pilot: true,
            },
        )
        .await?)
}

/// The pilot congress being recorded: its official members summoned and how many are present.
struct Pilot<'a> {
    db: &'a Db,
    actor: &'a Actor,
    congress: i32,
    /// The official members summoned: id and name.
    official: Vec<(i32, String)>,
    present: usize,
}

impl Pilot<'_> {
    /// The name of the `i`-th official member summoned.
    fn name(&self, i: usize) -> String {
        self.official[i].1.clone()
    }

    /// The last official member is away with an approved reason.
    async fn absence(&self) -> Result<(), CliError> {
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

    /// The congress's documents (reports, resolution, minutes) and the resolution carried by
    /// all present.
    async fn documents_and_resolution(&self) -> Result<(), CliError> {
        for (kind, title) in [
            ("BC", "Báo cáo chính trị của Chi ủy nhiệm kỳ 2022–2025"),
            ("BC", "Báo cáo kiểm điểm của Chi ủy nhiệm kỳ 2022–2025"),
            (
                "NQ",
                "Nghị quyết Đại hội Chi bộ Văn phòng Sở Nội vụ nhiệm kỳ 2025–2030",
            ),
            ("BB", "Biên bản Đại hội"),
        ] {
            self.db
                .register_document(self.actor, self.congress, kind, title, d(2025, 4, 15))
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

    /// Chi ủy, 3 seats from 4: two pass, one seat is left for a second round, where the
    /// congress votes again between the two remaining.
    async fn committee(&self) -> Result<(), CliError> {
        let (db, actor) = (self.db, self.actor);
        let p = self.present;
        let issued = p as u64;
        let mut r1: Vec<String> = (0..p - 1)
            .map(|i| if i % 2 == 0 { "4" } else { "3" }.to_string())
            .collect();
        r1.push("1 2 3 4".into());
        let (round, _) = db
            .open_election(
                actor,
                self.congress,
                ElectionKind::Committee,
                3,
                &[self.name(0), self.name(1), self.name(2), self.name(3)]
                    .map(|n| NewCandidate::listed(&n)),
                issued,
            )
            .await?;
        // Counter 2 mistypes the last ballot: the round cannot close until it is put right.
        let mut typo = r1.clone();
        if let Some(last) = typo.last_mut() {
            *last = "1 2 3".into();
        }
        enter(db, actor, round.id, 1, &r1).await?;
        enter(db, actor, round.id, 2, &typo).await?;
        if db.close_round(actor, round.id).await.is_ok() {
            return Err(fail("vòng có hai lần nhập khác nhau không được kết thúc"));
        }
        db.undo_last_ballot(actor, round.id, 2).await?;
        enter(db, actor, round.id, 2, &r1[r1.len() - 1..]).await?;
        db.close_round(actor, round.id).await?;

        // The congress decides to vote again for the seat left, between the two remaining.
        let round2 = db.open_next_round(actor, round.election_id, issued).await?;
        let mut r2: Vec<String> = (0..p - 3).map(|_| "2".to_string()).collect();
        r2.extend(["1".into(), "1".into(), "k Phiếu gạch xóa không rõ".into()]);
        double_entry(db, actor, round2.id, &r2).await
    }

    /// The secretary and the deputy (one vote against each), the two delegates and the
    /// alternate (every ballot keeps every name).
    async fn secretary_deputy_and_delegates(&self) -> Result<(), CliError> {
        let p = self.present;
        let issued = p as u64;
        let all_keep = |n: usize| -> Vec<String> { (0..n).map(|_| String::new()).collect() };
        let mut one_against = all_keep(p - 1);
        one_against.push("1".into());
        for (kind, seats, names) in [
            (ElectionKind::Secretary, 1, vec![self.name(0)]),
            (ElectionKind::Deputy, 1, vec![self.name(1)]),
            (ElectionKind::Delegates, 2, vec![self.name(0), self.name(4)]),
            (ElectionKind::Alternates, 1, vec![self.name(5)]),
        ] {
            let cands: Vec<NewCandidate> = names.iter().map(|n| NewCandidate::listed(n)).collect();
            let (r, _) = self
                .db
                .open_election(self.actor, self.congress, kind, seats, &cands, issued)
                .await?;
            let lines = if seats == 1 {
                one_against.clone()
            } else {
                all_keep(p)
            };
            double_entry(self.db, self.actor, r.id, &lines).await?;
        }
        Ok(())
    }
}

async fn enter(
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
async fn double_entry(
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
