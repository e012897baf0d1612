//! Seed 003: Chi bộ Sở Ngoại vụ Vĩnh Phúc (`CB-SNV-VP`) in a second province (Đảng bộ tỉnh
//! Vĩnh Phúc → Đảng bộ Khối các cơ quan tỉnh Vĩnh Phúc): its members, the branch rated
//! "trong sạch vững mạnh" each year 2010–2014, the office "Tập thể lao động xuất sắc" each of
//! those years, and its congress III (2015–2020) held before the article of 24/5/2015.

use chrono::NaiveDate;
use db::{Actor, Db};
use domain::branch::rating::RatingLevel;
use domain::branch::target::{Comparator, Period, Source, Target, Term};

use super::congress::{Held, hold};
use super::life::rate_org;
use crate::demo::register::d;
use crate::error::CliError;

/// The office of the seed, holder of its collective titles.
const OFFICE: super::Office = super::Office {
    org: ORG,
    recipient: "Sở Ngoại vụ tỉnh Vĩnh Phúc",
    issuer: "Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Phúc",
};

pub const ORG: &str = "CB-SNV-VP";

/// The congress of seed 003.
pub const SNV_VP_III: Held = Held {
    org: ORG,
    ordinal: Some(3),
    term: (2015, 2020),
    on: NaiveDate::from_ymd_opt(2015, 5, 8).expect("a valid date"),
    place: "Hội trường Sở Ngoại vụ Vĩnh Phúc",
    guests: &["Đồng chí Phó Bí thư Đảng ủy Khối các cơ quan tỉnh Vĩnh Phúc"],
    pilot: false,
    committee: 3,
    delegates: 2,
    alternates: 0,
};

pub async fn load(
    db: &Db,
    actor: &Actor,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
) -> Result<(), CliError> {
    super::add_members(db, actor, rng, ORG, 12, 100, d(2009, 1, 1), today).await?;
    for year in 2010..=2014 {
        rate_org(db, actor, ORG, year, RatingLevel::Excellent, today).await?;
        OFFICE
            .excellent_collective(
                db,
                actor,
                year,
                format!("{}-QĐ/UBND", 100 + year - 2010),
                d(year + 1, 1, 20),
            )
            .await?;
    }
    hold(db, actor, &SNV_VP_III).await?;
    // The one measurable direction of "Ba là": "Xây dựng chi bộ hàng năm đạt chi bộ trong sạch
    // vững mạnh" (the other four are qualitative).
    db.add_resolution(
        actor,
        &db::branch::NewResolution {
            org: ORG.into(),
            term: Term {
                from: 2015,
                to: 2020,
            },
            title:
                "Nghị quyết Đại hội Chi bộ Sở Ngoại vụ Vĩnh Phúc lần thứ III, nhiệm kỳ 2015–2020"
                    .into(),
            adopted_on: Some(SNV_VP_III.on),
            targets: vec![
                Target::new(
                    "Xây dựng chi bộ hằng năm đạt chi bộ trong sạch vững mạnh",
                    Comparator::AtLeast,
                    4.0,
                    "mức xếp loại",
                    Period::EachYear,
                    Source::OrgRating,
                )
                .map_err(|e| CliError::Failure(e.to_string()))?,
            ],
        },
    )
    .await?;
    Ok(())
}
