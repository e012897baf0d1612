//! The demo's congress season: Đảng bộ Sở Nội vụ's plan 41-KH/ĐU (invented; seed 002's
//! 205-KH/ĐU is Đảng ủy Sở Công Thương's, `demo::documents`) over its four branches (a
//! pilot, one held, others overdue) and one whole branch congress from plan to results, its
//! ballots entered twice through the same `db` functions the hall uses.

use crate::demo::seeds::congress::{Hall, double_entry, enter};
use db::{Actor, CongressRow, Db, NewCandidate, NewCongress, NewPlan, NewPlanItem};
use domain::congress::{ElectionKind, Term};
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
    let hall = Hall::of(db, actor, &c);
    if hall.official.len() < 10 {
        return Err(fail("chi bộ cần ít nhất 10 đảng viên chính thức"));
    }
    hall.absence().await?;
    hall.documents_and_resolution(
        &[
            (
                "BC",
                "Báo cáo chính trị của Chi ủy nhiệm kỳ 2022–2025".into(),
            ),
            (
                "BC",
                "Báo cáo kiểm điểm của Chi ủy nhiệm kỳ 2022–2025".into(),
            ),
            (
                "NQ",
                "Nghị quyết Đại hội Chi bộ Văn phòng Sở Nội vụ nhiệm kỳ 2025–2030".into(),
            ),
            ("BB", "Biên bản Đại hội".into()),
        ],
        d(2025, 4, 15),
    )
    .await?;
    db.set_counting_board(actor, c.id, &[hall.name(6), hall.name(7), hall.name(8)])
        .await?;
    committee(&hall).await?;
    // Two delegates (the first and the fifth on the list) and the sixth as the alternate.
    hall.secretary_deputy_and_delegates(&[0, 4], &[5]).await?;
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

/// Chi ủy, 3 seats from 4: two pass, one seat is left for a second round, where the congress
/// votes again between the two remaining.
async fn committee(hall: &Hall<'_>) -> Result<(), CliError> {
    let (db, actor) = (hall.db, hall.actor);
    let p = hall.present;
    let issued = p as u64;
    let mut r1: Vec<String> = (0..p - 1)
        .map(|i| if i % 2 == 0 { "4" } else { "3" }.to_string())
        .collect();
    r1.push("1 2 3 4".into());
    let (round, _) = db
        .open_election(
            actor,
            hall.congress,
            ElectionKind::Committee,
            3,
            &[hall.name(0), hall.name(1), hall.name(2), hall.name(3)]
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
