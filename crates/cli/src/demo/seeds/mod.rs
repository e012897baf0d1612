//! The seeds' own events (issue 19), so that the demo tells each seed's story and the
//! product's answers give its figures (docs/SEEDS.md): seed 000's congress IV of Chi bộ Sở
//! Ngoại vụ, seed 001's congress VI of Chi bộ Ban Thi đua – Khen thưởng in Đảng bộ Sở Nội
//! vụ's 2019 season and its branch life (`tdkt`), seed 002's first congress of Chi bộ Văn
//! phòng Sở 2 under plan 205-KH/ĐU, seed 003's branch in Vĩnh Phúc (`vinhphuc`) and seed 004's
//! mid-term data of Đảng bộ Cơ quan Tỉnh đoàn (`cqtd`); and one congress left in progress.
//!
//! The congresses load before the demo's later seasons (`demo::congress`), so that those
//! follow in number; the branch life after the resolutions (`demo::branch`).

pub mod congress;
pub mod cqtd;
pub mod life;
pub mod tdkt;
pub mod vinhphuc;

use chrono::NaiveDate;
use db::{Actor, Db};
use domain::register::lifecycle::MemberEvent;

use crate::demo::register::{card, d, invented};
use crate::error::CliError;
use congress::{Held, hold};

const CONGRESSES_KEY: &str = "demo.seeds.congresses";
const LIFE_KEY: &str = "demo.seeds.life";

/// Seed 000: congress IV of Chi bộ Sở Ngoại vụ, 15/5/2020.
pub const SNV_IV: Held = Held {
    org: "CB-SNV",
    ordinal: Some(4),
    term: (2020, 2025),
    on: NaiveDate::from_ymd_opt(2020, 5, 15).expect("a valid date"),
    place: "Hội trường Sở Ngoại vụ",
    guests: &[
        "Đồng chí Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
        "Đồng chí chuyên viên Đảng ủy Khối",
    ],
    pilot: false,
    committee: 5,
    delegates: 3,
    alternates: 1,
};

/// Seed 002: the first congress of Chi bộ Văn phòng Sở 2, 16/01/2020, the pilot of
/// 205-KH/ĐU.
pub const VPS2_I: Held = Held {
    org: "CB-VPS2",
    ordinal: Some(1),
    term: (2020, 2022),
    on: NaiveDate::from_ymd_opt(2020, 1, 16).expect("a valid date"),
    place: "Hội trường Sở Công Thương",
    guests: &["Đồng chí Bí thư Đảng ủy Sở, Giám đốc Sở Công Thương"],
    pilot: true,
    committee: 3,
    delegates: 0,
    alternates: 0,
};

/// Serial numbers of the people this module adds (cards 31 600 001 …).
const SERIAL: u32 = 600_000;

/// The seeds' congresses and the people they need; unless they are there.
pub async fn load_congresses(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    if db.setting(CONGRESSES_KEY).await?.is_some() {
        return Ok(());
    }
    let mut rng = fastrand::Rng::with_seed(19);
    // The invented members admitted in 2018 are official a year later (they stayed
    // probationary for ever otherwise); Chi bộ Ban Thi đua – Khen thưởng's, admitted on
    // 31/12/2018, after its congress (`tdkt`).
    for (org, ..) in crate::demo::register::OTHER_ORGS {
        if *org != tdkt::ORG {
            recognize_probationers(db, actor, org, d(2019, 1, 1), today).await?;
        }
    }
    vps2_members(db, actor, today).await?;
    // The congresses whose resolutions the seeds' congresses reviewed ("tổng kết … Nghị quyết
    // Đại hội lần thứ III, nhiệm kỳ 2015-2020"), recorded without their elections.
    congress::recorded(db, actor, "CB-SNV", Some(3), (2015, 2020), d(2015, 5, 20)).await?;
    hold(db, actor, &SNV_IV).await?;
    hold(db, actor, &VPS2_I).await?;
    tdkt::congresses(db, actor, &mut rng, today).await?;
    vinhphuc::load(db, actor, &mut rng, today).await?;
    in_progress(db, actor, today).await?;
    db.set_setting(actor, CONGRESSES_KEY, "1").await?;
    Ok(())
}

/// The seeds' branch life and mid-term data; after the resolutions.
pub async fn load_life(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    if db.setting(LIFE_KEY).await?.is_some() {
        return Ok(());
    }
    let mut rng = fastrand::Rng::with_seed(2023);
    tdkt::life(db, actor, today).await?;
    cqtd::load(db, actor, &mut rng, today).await?;
    db.set_setting(actor, LIFE_KEY, "1").await?;
    Ok(())
}

/// An office whose collective titles a seed reports ("Tập thể lao động xuất sắc" year after
/// year), recorded through the commendation register.
pub struct Office {
    pub org: &'static str,
    pub recipient: &'static str,
    pub issuer: &'static str,
}

impl Office {
    /// "Tập thể lao động xuất sắc" of `year`, decided by `symbol` on `decided_on`.
    pub async fn excellent_collective(
        &self,
        db: &Db,
        actor: &Actor,
        year: i32,
        symbol: String,
        decided_on: NaiveDate,
    ) -> Result<(), CliError> {
        use domain::commendation::{AwardKind, Method, Subject};
        db.record_award(
            actor,
            &db::NewAward {
                subject: Subject::Collective,
                org_code: self.org.into(),
                person: None,
                recipient: Some(self.recipient.into()),
                kind: AwardKind::TapTheLaoDongXuatSac,
                year,
                method: Method::ThuongXuyen,
                symbol,
                issuer: self.issuer.into(),
                decided_on,
                dossier: None,
            },
        )
        .await?;
        Ok(())
    }
}

/// `n` invented official members added to `org` (their serials from `serial`), admitted
/// and recognized as official before `before`.
#[allow(clippy::too_many_arguments)]
pub async fn add_members(
    db: &Db,
    actor: &Actor,
    rng: &mut fastrand::Rng,
    org: &str,
    n: usize,
    serial: u32,
    before: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<i32>, CliError> {
    let mut ids = Vec::new();
    for i in 0..n as u32 {
        let serial = SERIAL + serial + i;
        let mut r = invented(rng, serial, true, before - chrono::Days::new(400));
        if let Some(m) = r.membership.as_mut() {
            m.official_on = Some(m.admitted_on + chrono::Days::new(365));
            m.card_number = Some(card(serial));
        }
        ids.push(db.add_person(actor, org, &r, today).await?);
    }
    Ok(ids)
}

/// Whether the person was an official member on `on`.
async fn official_on(db: &Db, person: i32, on: NaiveDate) -> Result<bool, CliError> {
    Ok(db
        .person(person)
        .await?
        .membership
        .and_then(|m| m.official_on)
        .is_some_and(|o| o <= on))
}

/// The members of `org` on `on` still probationary: recognized as official members twelve
/// months after their admission (Điều lệ Đảng, Điều 5), as the register would have it.
pub async fn recognize_probationers(
    db: &Db,
    actor: &Actor,
    org: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), CliError> {
    for e in db.roster(org, on).await?.iter().filter(|e| e.member) {
        if let Some(m) = db.person(e.person_id).await?.membership
            && m.official_on.is_none()
        {
            let day = m.admitted_on + chrono::Months::new(12);
            db.record_member_event(actor, e.person_id, day, MemberEvent::Official, None, today)
                .await?;
        }
    }
    Ok(())
}

/// Chi bộ Văn phòng Sở 2 before its congress: its two members admitted in 2018 recognized as
/// official, and two official members moved in from Chi bộ Văn phòng Sở, so that it elects a
/// committee (nine official members at least).
async fn vps2_members(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    recognize_probationers(db, actor, "CB-VPS2", d(2019, 3, 1), today).await?;
    let on = d(2019, 9, 1);
    let mut moved = 0;
    for e in db.roster("CB-VPS", on).await? {
        if moved == 2 {
            break;
        }
        if e.member && official_on(db, e.person_id, on).await? {
            db.record_member_event(
                actor,
                e.person_id,
                on,
                MemberEvent::Transferred {
                    to: "CB-VPS2".into(),
                },
                None,
                today,
            )
            .await?;
            moved += 1;
        }
    }
    Ok(())
}

/// Chi bộ Phong trào Thanh thiếu nhi's congress of today: its committee's round awaits the
/// second counter, so a congress in progress can be seen beside the closed ones.
async fn in_progress(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let c = congress::recorded(db, actor, "CB-PTTTN", Some(5), (2025, 2030), today).await?;
    let hall = congress::Hall::of(db, actor, &c);
    let n = hall.official.len();
    let present = n as u64;
    db.set_counting_board(
        actor,
        c.id,
        &[hall.name(n - 1), hall.name(n - 2), hall.name(n - 3)],
    )
    .await?;
    let names: Vec<db::NewCandidate> = (0..4)
        .map(|i| db::NewCandidate::listed(&hall.name(i)))
        .collect();
    let (round, _) = db
        .open_election(
            actor,
            c.id,
            domain::congress::ElectionKind::Committee,
            3,
            &names,
            present,
        )
        .await?;
    let lines: Vec<String> = (0..present)
        .map(|i| if i % 4 == 3 { "3" } else { "4" }.to_string())
        .collect();
    congress::enter(db, actor, round.id, 1, &lines).await?;
    congress::enter(db, actor, round.id, 2, &lines[..lines.len() / 2]).await?;
    Ok(())
}
