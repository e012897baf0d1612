//! Seed 004: Đảng bộ Cơ quan Tỉnh đoàn from its congress XVI (20/6/2020) to the mid-term
//! review of 24/6/2023. Its three branches meet monthly (one absence in forty), study every
//! year (members and staff), supervise two members in five, rate their members (a sixth
//! "xuất sắc" (the quota allows a fifth of those "tốt"), one "hoàn thành nhiệm vụ" in Chi bộ Phong trào Thanh thiếu nhi); four members
//! are admitted; the targets entered by hand carry their evidence. What the review makes of
//! it is computed, never typed: 10 of the 14 targets at 100% or more, 3 above 60% (the
//! admissions at 4 of 5, 80%), one below.

use chrono::NaiveDate;
use db::{Actor, Db};
use domain::branch::rating::RatingLevel;
use domain::branch::target::{Source, Term};

use super::life::{Branch, rate_org};
use crate::demo::register::{card, d, invented};
use crate::error::CliError;

pub const ORG: &str = "DB-CQTD";
const BRANCHES: [&str; 3] = ["CB-VPTD", "CB-PTTTN", "CB-NTN"];

pub async fn load(
    db: &Db,
    actor: &Actor,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
) -> Result<(), CliError> {
    admissions(db, actor, rng, today).await?;
    for org in BRANCHES {
        let b = Branch {
            db,
            actor,
            today,
            org,
        };
        b.meetings((2020, 7), (2023, 6), 40).await?;
        for year in 2020..=2023 {
            let (study, supervised) = if year == 2023 {
                (d(2023, 3, 15), d(2023, 4, 10))
            } else {
                // The year's study closes the year: the members admitted during it take part.
                (d(year, 12, 28), d(year, 10, 15))
            };
            b.study(study).await?;
            b.supervision(supervised, 0.4).await?;
        }
        for year in 2020..=2022 {
            let n = b.people_on(d(year, 12, 31), true).await?.len();
            let complete = usize::from(org == "CB-PTTTN");
            // A sixth "xuất sắc": within the quota of 20% of those "hoàn thành tốt".
            b.ratings(year, n / 6, complete, RatingLevel::Good).await?;
        }
    }
    for year in 2020..=2022 {
        let level = if year == 2021 {
            RatingLevel::Excellent
        } else {
            RatingLevel::Good
        };
        rate_org(db, actor, ORG, year, level, today).await?;
    }
    manual(db, actor, today).await
}

/// Four members admitted during the term (of five the resolution asks for).
async fn admissions(
    db: &Db,
    actor: &Actor,
    rng: &mut fastrand::Rng,
    today: NaiveDate,
) -> Result<(), CliError> {
    for (i, (org, on)) in [
        ("CB-VPTD", d(2020, 9, 2)),
        ("CB-PTTTN", d(2021, 5, 19)),
        ("CB-NTN", d(2022, 3, 26)),
        ("CB-PTTTN", d(2022, 12, 22)),
    ]
    .into_iter()
    .enumerate()
    {
        let serial = super::SERIAL + 200 + i as u32;
        let mut r = invented(rng, serial, true, on);
        if let Some(m) = r.membership.as_mut() {
            // Recognized official twelve months later, when that day has come.
            let official = (on + chrono::Months::new(12)).min(NaiveDate::MAX);
            m.admitted_on = on;
            m.official_on = (official <= today).then_some(official);
            m.card_number = m.official_on.map(|_| card(serial));
        }
        r.birth_date = d(1996 + i as i32, 3 + i as u32, 10);
        db.add_person(actor, org, &r, today).await?;
    }
    Ok(())
}

/// The values entered by hand, each with its evidence, for 2020 to 2023.
async fn manual(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let res = db
        .resolution(
            ORG,
            Some(Term {
                from: 2020,
                to: 2025,
            }),
        )
        .await?;
    for t in res
        .targets
        .iter()
        .filter(|t| t.target.source == Source::Manual)
    {
        for year in 2020..=2023 {
            if let Some((value, evidence)) = manual_value(db, &t.target.text, year).await? {
                db.set_target_value(actor, t.id, year, value, &evidence, today)
                    .await?;
            }
        }
    }
    Ok(())
}

/// The value of a target entered by hand for `year`, with its evidence; `None` for what is
/// decided at a year's end and not there yet in June 2023 (the branches' ratings, the office's
/// title, the members introduced).
async fn manual_value(db: &Db, text: &str, year: i32) -> Result<Option<(f64, String)>, CliError> {
    let year_end = text.contains("chi bộ trực thuộc")
        || text.contains("Tập thể lao động xuất sắc")
        || text.contains("đoàn viên ưu tú");
    if year == 2023 && year_end {
        return Ok(None);
    }
    Ok(Some(if text.contains("Dân vận khéo") {
        (
            1.0,
            format!(
                "Báo cáo sơ kết phong trào “Dân vận khéo” năm {year} của Đảng ủy Cơ quan Tỉnh đoàn"
            ),
        )
    } else if text.contains("chi bộ trực thuộc") {
        (
            100.0,
            format!(
                "Quyết định xếp loại chất lượng các chi bộ trực thuộc năm {year}: 3/3 chi bộ hoàn thành tốt nhiệm vụ trở lên"
            ),
        )
    } else if text.contains("Tập thể lao động xuất sắc") {
        (
            1.0,
            format!(
                "Quyết định tặng danh hiệu “Tập thể lao động xuất sắc” năm {year} cho Cơ quan Tỉnh đoàn"
            ),
        )
    } else if text.contains("đoàn viên ưu tú") {
        let n = [6.0, 7.0, 8.0][(year - 2020) as usize];
        (
            n,
            format!("Danh sách đoàn viên ưu tú được giới thiệu cho Đảng năm {year}"),
        )
    } else {
        // The register's own figures at the year's end (mid-year for 2023), entered with the
        // statistics they come from.
        let on = d(year, 12, 31).min(d(2023, 6, 24));
        let st = db.structure(ORG, on).await?.structure;
        let (entries, levels, what): (_, &[&str], _) = if text.contains("lý luận chính trị") {
            (
                &st.theory,
                &["Cao cấp", "Trung cấp"],
                "trung cấp lý luận chính trị trở lên",
            )
        } else {
            (
                &st.qualification,
                &["Tiến sĩ", "Thạc sĩ"],
                "thạc sĩ trở lên",
            )
        };
        let n: u64 = entries
            .iter()
            .filter(|e| levels.contains(&e.label.as_str()))
            .map(|e| e.count)
            .sum();
        (
            domain::text::percent(n, st.members),
            format!(
                "Thống kê đảng viên ngày {}: {n}/{} đồng chí {what}",
                domain::text::format_date(on),
                st.members
            ),
        )
    }))
}
