//! Seed 001: Chi bộ Ban Thi đua – Khen thưởng. Its congress VI (08/11/2019, 2020–2022,
//! committee of 03) is the 3rd of the 4 branches of Đảng bộ Sở Nội vụ's 2019 plan (invented
//! symbol 25-KH/ĐU) to hold theirs, so the season reads "3/4" that day; the branches' 2022
//! congresses follow (recorded without their elections), so the demo's 2025 season numbers
//! on from them. Its term 2017–2020: meetings at 100% attendance, the one admission (already
//! in the register, 31/12/2018), 2017 and 2018 with every member "hoàn thành tốt nhiệm vụ",
//! the branch "trong sạch vững mạnh" and the office "Tập thể lao động xuất sắc" both years.

use chrono::NaiveDate;
use db::branch::NewResolution;
use db::{Actor, Db, NewPlan, NewPlanItem};
use domain::branch::rating::RatingLevel;
use domain::branch::target::{Comparator, Period, Source, Target, Term};

use super::congress::{Held, hold, recorded};
use super::life::Branch;
use crate::demo::register::d;
use crate::error::CliError;

/// The office of the seed, holder of its collective titles.
const OFFICE: super::Office = super::Office {
    org: ORG,
    recipient: "Ban Thi đua – Khen thưởng tỉnh",
    issuer: "Chủ tịch Ủy ban nhân dân tỉnh",
};

pub const ORG: &str = "CB-TDKT";
pub const PLAN_2019: &str = "25-KH/ĐU";

/// The congress of seed 001.
pub const TDKT_VI: Held = Held {
    org: ORG,
    ordinal: Some(6),
    term: (2020, 2022),
    on: NaiveDate::from_ymd_opt(2019, 11, 8).expect("a valid date"),
    place: "Phòng họp Ban Thi đua – Khen thưởng",
    guests: &["Đồng chí Phó Bí thư Đảng ủy Sở Nội vụ"],
    pilot: false,
    committee: 3,
    delegates: 0,
    alternates: 0,
};

/// Đảng bộ Sở Nội vụ's 2019 season and its branches' congresses of 2019 and 2022.
pub async fn congresses(
    db: &Db,
    actor: &Actor,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
) -> Result<(), CliError> {
    // Two long-standing members beside the eight of the register: nine official members on
    // the day (the eighth was admitted in 2018 and is still probationary), so it elects a
    // committee.
    super::add_members(db, actor, rng, ORG, 2, 1, d(2012, 1, 1), today).await?;
    let item = |org: &str, on: (i32, u32, u32)| NewPlanItem {
        org: org.into(),
        scheduled: d(on.0, on.1, on.2),
        pilot: false,
        previous: None,
    };
    db.create_plan(
        actor,
        &NewPlan {
            superior: "DB-SNOIVU".into(),
            symbol: PLAN_2019.into(),
            title: "Kế hoạch tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2020–2022".into(),
            issued_on: d(2019, 7, 15),
            items: vec![
                item("CB-VPSNOIVU", (2019, 10, 15)),
                item("CB-BTG", (2019, 10, 29)),
                item(ORG, (2019, 11, 8)),
                item("CB-VTLT", (2019, 11, 20)),
            ],
        },
    )
    .await?;
    // Congress V, whose resolution VI reviewed ("Nghị quyết Đại hội Chi bộ lần thứ V, nhiệm kỳ
    // 2017-2020").
    recorded(db, actor, ORG, Some(5), (2017, 2020), d(2017, 1, 10)).await?;
    recorded(
        db,
        actor,
        "CB-VPSNOIVU",
        Some(5),
        (2020, 2022),
        d(2019, 10, 15),
    )
    .await?;
    recorded(db, actor, "CB-BTG", Some(4), (2020, 2022), d(2019, 10, 29)).await?;
    hold(db, actor, &TDKT_VI).await?;
    // The member admitted on 31/12/2018 becomes official a year later, after the congress.
    super::recognize_probationers(db, actor, ORG, d(2019, 11, 8), today).await?;
    recorded(db, actor, "CB-VTLT", Some(3), (2020, 2022), d(2019, 11, 20)).await?;
    for (org, on) in [
        ("CB-VTLT", d(2022, 4, 1)),
        ("CB-VPSNOIVU", d(2022, 10, 14)),
        (ORG, d(2022, 11, 8)),
        ("CB-BTG", d(2022, 11, 18)),
    ] {
        recorded(db, actor, org, None, (2022, 2025), on).await?;
    }
    Ok(())
}

/// The resolution of congress V (2017–2020): the seed's attendance target ("Nghị quyết
/// 95%") and the three the seed reports on.
async fn resolution_v(db: &Db, actor: &Actor) -> Result<(), CliError> {
    let target = |text: &str, c, v, unit: &str, source| {
        let period = if source == Source::Admissions {
            Period::WholeTerm
        } else {
            Period::EachYear
        };
        Target::new(text, c, v, unit, period, source).map_err(|e| CliError::Failure(e.to_string()))
    };
    db.add_resolution(
        actor,
        &NewResolution {
            org: ORG.into(),
            term: Term {
                from: 2017,
                to: 2020,
            },
            title:
                "Nghị quyết Đại hội Chi bộ Ban Thi đua – Khen thưởng lần thứ V, nhiệm kỳ 2017–2020"
                    .into(),
            adopted_on: Some(d(2017, 1, 10)),
            targets: vec![
                target(
                    "Tỷ lệ đảng viên dự sinh hoạt chi bộ hằng tháng đạt 95% trở lên",
                    Comparator::AtLeast,
                    95.0,
                    "%",
                    Source::Attendance,
                )?,
                target(
                    "Hằng năm 100% đảng viên hoàn thành tốt nhiệm vụ trở lên",
                    Comparator::AtLeast,
                    100.0,
                    "%",
                    Source::RatingGoodOrBetter,
                )?,
                target(
                    "Kết nạp từ 01 đảng viên mới trở lên trong nhiệm kỳ",
                    Comparator::AtLeast,
                    1.0,
                    "đảng viên",
                    Source::Admissions,
                )?,
                target(
                    "Hằng năm chi bộ đạt “trong sạch vững mạnh”",
                    Comparator::AtLeast,
                    4.0,
                    "mức xếp loại",
                    Source::OrgRating,
                )?,
            ],
        },
    )
    .await?;
    Ok(())
}

/// The term 2017–2020 as the seed reports it.
pub async fn life(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    resolution_v(db, actor).await?;
    let b = Branch {
        db,
        actor,
        today,
        org: ORG,
    };
    b.meetings((2017, 1), (2019, 10), 0).await?;
    for year in 2017..=2019 {
        b.study(d(year, 7, 15)).await?;
    }
    for year in [2017, 2018] {
        b.ratings(year, 0, 0, RatingLevel::Excellent).await?;
        OFFICE
            .excellent_collective(
                db,
                actor,
                year,
                format!("{}-QĐ/UBND", 2900 + year - 2017),
                d(year, 12, 20),
            )
            .await?;
    }
    Ok(())
}
