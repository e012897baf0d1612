//! `dangvu bench`, congress part: counting a 14th-Congress-sized round (1,500 ballots × 200
//! candidates, goal ≤ 10 ms) and one acknowledged ballot entry with its durable write on SQLite
//! (goal p99 ≤ 20 ms), through the same functions the hall uses.

use std::path::Path;
use std::time::Instant;

use db::{Actor, NewCandidate, NewCongress, NewOrg};
use domain::congress::{ElectionKind, Term};
use domain::election::{Ballot, BaseSpec, CongressKind, Round, count_round};
use domain::register::member::{
    MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

use super::measure::{ms, percentile};
use crate::demo::register::d;
use crate::error::{CliError, today};

/// 1,500 strike-out ballots over 200 candidates for 180 seats, each striking 20 to 60 names.
fn big_round() -> Round {
    let mut rng = fastrand::Rng::with_seed(14);
    let candidates: Vec<String> = (1..=200).map(|i| format!("Ứng viên số {i}")).collect();
    let ballots = (0..1500)
        .map(|_| {
            let strike = rng.usize(20..=60);
            let mut idx: Vec<usize> = (0..200).collect();
            rng.shuffle(&mut idx);
            Ballot::Struck(
                idx[..strike]
                    .iter()
                    .map(|&i| candidates[i].clone())
                    .collect(),
            )
        })
        .collect();
    Round {
        seats: 180,
        base: BaseSpec::Number(1500),
        candidates,
        ballots_issued: 1500,
        ballots,
    }
}

pub async fn run(url: &str, dir: &Path, runs: usize) -> Result<(), CliError> {
    let round = big_round();
    let mut xs = Vec::new();
    for _ in 0..runs.max(1) + 1 {
        let t = Instant::now();
        let r = count_round(&round).map_err(|e| CliError::Failure(e.to_string()))?;
        xs.push(t.elapsed());
        std::hint::black_box(r);
    }
    xs.remove(0);
    println!(
        "[tally] 1.500 phiếu × 200 người: trung vị {} (mục tiêu ≤ 10 ms)",
        ms(percentile(xs, 0.5))
    );

    let scratch = db::Scratch::create(url, dir, "ballots").await?;
    let db = scratch.connect().await?;
    let result = ballots(&db, runs).await;
    drop(db);
    scratch.drop_now().await?;
    result
}

/// The first names of the branch's ten members, all "Nguyễn Văn …".
const FIRST_NAMES: [&str; 10] = [
    "An", "Bình", "Cường", "Dung", "Em", "Giang", "Hải", "Lan", "Minh", "Nga",
];

/// A branch with ten members, a congress and an election; then ballots entered one at a
/// time by counter 1, each acknowledged only once it is durable.
async fn ballots(db: &db::Db, runs: usize) -> Result<(), CliError> {
    let actor = Actor::cli();
    branch_with_members(db, &actor).await?;
    let entries = (runs.max(1) * 10).min(1000);
    let round = open_election(db, &actor, entries as u64 + 1).await?;
    let mut xs = Vec::with_capacity(entries);
    for i in 0..entries {
        let line = (i % 4 + 1).to_string();
        let t = Instant::now();
        db.enter_ballot(&actor, round, 1, &line).await?;
        xs.push(t.elapsed());
    }
    println!(
        "[ballot] {} phiếu nhập, mỗi phiếu ghi bền ({}): trung vị {} | p99 {} (mục tiêu p99 ≤ 20 ms)",
        entries,
        match db.backend() {
            db::Backend::Sqlite => "synchronous=FULL",
            db::Backend::Postgres => "commit của PostgreSQL",
        },
        ms(percentile(xs.clone(), 0.5)),
        ms(percentile(xs, 0.99))
    );
    Ok(())
}

/// The province TU-B, its branch CB-B and the branch's ten official members.
async fn branch_with_members(db: &db::Db, actor: &Actor) -> Result<(), CliError> {
    for (code, kind, parent) in [
        ("TU-B", OrgKind::Province, None),
        ("CB-B", OrgKind::GrassrootsBranch, Some("TU-B")),
    ] {
        db.create_org(
            actor,
            &NewOrg {
                code: OrgCode::parse(code).map_err(|e| CliError::Failure(e.to_string()))?,
                name: format!("Tổ chức {code}"),
                kind,
                parent: parent.and_then(|p| OrgCode::parse(p).ok()),
                since: d(2000, 1, 1),
                decision: None,
            },
        )
        .await?;
    }
    for name in FIRST_NAMES {
        let record = PersonRecord {
            full_name: PersonName::parse(&format!("Nguyễn Văn {name}"))
                .map_err(|e| CliError::Failure(e.to_string()))?,
            birth_name: None,
            birth_date: d(1980, 1, 1),
            sex: Sex::Male,
            ethnicity: None,
            religion: None,
            home_town: None,
            education: None,
            theory: TheoryLevel::Intermediate,
            qualification: Qualification::Bachelor,
            foreign_language: None,
            occupation: None,
            membership: Some(MembershipRecord {
                admitted_on: d(2010, 1, 1),
                official_on: Some(d(2011, 1, 1)),
                card_number: None,
                record_number: None,
            }),
        };
        db.add_person(actor, "CB-B", &record, today()).await?;
    }
    Ok(())
}

/// CB-B's congress with its counting board, and the election of a committee of three among
/// the first four members with `issued` ballots; returns the first round's id.
async fn open_election(db: &db::Db, actor: &Actor, issued: u64) -> Result<i32, CliError> {
    let c = db
        .create_congress(
            actor,
            &NewCongress {
                org: "CB-B".into(),
                term: Term {
                    from: 2025,
                    to: 2030,
                },
                kind: CongressKind::Members,
                starts_on: d(2025, 4, 1),
                ends_on: d(2025, 4, 1),
                place: None,
                guests: vec![],
                pilot: false,
            },
        )
        .await?;
    db.set_counting_board(actor, c.id, &["Nguyễn Văn Nga".to_string()])
        .await?;
    let cands: Vec<NewCandidate> = FIRST_NAMES[..4]
        .iter()
        .map(|n| NewCandidate::listed(&format!("Nguyễn Văn {n}")))
        .collect();
    let (r, _) = db
        .open_election(actor, c.id, ElectionKind::Committee, 3, &cands, issued)
        .await?;
    Ok(r.id)
}
