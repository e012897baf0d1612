//! The demo's emulation and commendation (seed 001 is the congress of Chi bộ Ban Thi đua –
//! Khen thưởng, whose office appraised "trên 1.300 hồ sơ"): the province's awards of 2017–2020
//! in the split seed 001 prints (invented recipients; the Huân chương exactly "67 … (52 tập thể
//! và 15 cá nhân)", the Bằng khen a tenth of its "10.937 … (3.518 tập thể và 7.419 cá nhân)"),
//! the campaigns of 2025 and 2026 with their pledges, Chi bộ Sở Ngoại vụ's members with
//! initiatives and the titles of 2024 (so that its 2025 proposal computed from the ratings has
//! every case), and a few hundred dossiers in every status, some overdue.

use chrono::{Datelike, Days, NaiveDate};
use db::{Actor, Db, NewAward, NewDossier, NewPledge};
use domain::branch::rating::RatingLevel;
use domain::commendation::dossier::DocumentKind;
use domain::commendation::{AwardKind, InitiativeLevel, Method, Subject};

use crate::demo::register::{d, invented_name};
use crate::error::CliError;

const SNV: &str = "CB-SNV";
const OFFICE: &str = "CB-TDKT";
/// The units whose awards and dossiers the office handles.
const UNITS: [&str; 8] = [
    "CB-SNV",
    "CB-TDKT",
    "CB-VPSNOIVU",
    "CB-BTG",
    "CB-VTLT",
    "CB-QLTM",
    "CB-VPTD",
    "CB-PTTTN",
];

pub async fn load(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let mut rng = fastrand::Rng::with_seed(20_191_108);
    campaigns(db, actor).await?;
    snv_members(db, actor).await?;
    statistics(db, actor, &mut rng).await?;
    dossiers(db, actor, today, &mut rng).await?;
    Ok(())
}

/// The bloc's campaigns of 2025 and 2026; in 2025 every member of Chi bộ Sở Ngoại vụ but one
/// pledged, and the branch and the office pledged as collectives.
async fn campaigns(db: &Db, actor: &Actor) -> Result<(), CliError> {
    let members = db.member_cases(SNV, 2025).await?;
    for (year, name) in [
        (
            2025,
            "Phong trào thi đua yêu nước năm 2025 của Khối các cơ quan tỉnh",
        ),
        (
            2026,
            "Phong trào thi đua yêu nước năm 2026 của Khối các cơ quan tỉnh",
        ),
    ] {
        let id = db
            .add_campaign(
                actor,
                "DUK-KG",
                name,
                Method::ThuongXuyen,
                (d(year, 1, 1), d(year, 12, 31)),
                Some("Khối các cơ quan Đảng, đoàn thể tỉnh"),
            )
            .await?;
        let pledge = |subject, org: &str, person, target| NewPledge {
            campaign: id,
            subject,
            org_code: org.into(),
            person,
            name: None,
            target,
            pledged_on: d(year, 1, 15),
        };
        let skip = if year == 2025 { 1 } else { 0 };
        for m in members.iter().skip(skip) {
            db.add_pledge(
                actor,
                &pledge(
                    Subject::Individual,
                    SNV,
                    Some(m.person),
                    AwardKind::LaoDongTienTien,
                ),
            )
            .await?;
        }
        for org in [SNV, OFFICE] {
            db.add_pledge(
                actor,
                &pledge(
                    Subject::Collective,
                    org,
                    None,
                    AwardKind::TapTheLaoDongXuatSac,
                ),
            )
            .await?;
        }
    }
    Ok(())
}

/// Initiatives for the members rated Excellent in 2024 and 2025, and the titles of 2024
/// (decided in January 2025) from those ratings.
async fn snv_members(db: &Db, actor: &Actor) -> Result<(), CliError> {
    for year in [2024, 2025] {
        let excellent: Vec<i32> = db
            .member_cases(SNV, year)
            .await?
            .into_iter()
            .filter(|m| m.case.current().rating == Some(RatingLevel::Excellent))
            .map(|m| m.person)
            .take(2)
            .collect();
        for p in excellent {
            db.record_initiative(
                actor,
                p,
                year,
                InitiativeLevel::CoSo,
                "Số hóa quy trình tiếp nhận hồ sơ đoàn ra, đoàn vào",
            )
            .await?;
        }
    }
    let rules = db.rule_book().await?;
    let t = rules.thresholds(2024);
    let mut n = 0;
    for m in db.member_cases(SNV, 2024).await? {
        for kind in [AwardKind::LaoDongTienTien, AwardKind::ChienSiThiDuaCoSo] {
            if domain::commendation::decide_one(&m.case, &t, kind).eligible {
                n += 1;
                let symbol = if kind == AwardKind::LaoDongTienTien {
                    "05-QĐ/SNgV"
                } else {
                    "06-QĐ/SNgV"
                };
                db.record_award(
                    actor,
                    &NewAward {
                        subject: Subject::Individual,
                        org_code: SNV.into(),
                        person: Some(m.person),
                        recipient: None,
                        kind,
                        year: 2024,
                        method: Method::ThuongXuyen,
                        symbol: symbol.into(),
                        issuer: "Giám đốc Sở Ngoại vụ".into(),
                        decided_on: d(2025, 1, 15 + n % 3),
                        dossier: None,
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// One kind of award in the statistics: how many to collectives and to individuals, the
/// issuer's symbol part and name, and the method.
struct Batch {
    kind: AwardKind,
    collective: usize,
    individual: usize,
    issuer: (&'static str, &'static str),
}

/// Seed 001's counts of what the office proposed from 2017 to its congress of 08/11/2019
/// ("hơn 2 năm qua"): 67 Huân chương lao động (52 tập thể, 15 cá nhân), 34 Cờ thi đua của
/// Chính phủ, 262 Bằng khen của Thủ tướng (17 và 245), 361 Cờ thi đua của UBND tỉnh, 1.688
/// "Tập thể lao động xuất sắc" (two of them the office's own, `demo::seeds::tdkt`), 66
/// "Chiến sĩ thi đua tỉnh" and 10.937 Bằng khen của Chủ tịch UBND tỉnh (3.518 và 7.419). The
/// 241 "Bà mẹ Việt Nam anh hùng" are an honorary title of the State that dangvu does not
/// record (docs/SEEDS.md).
const BATCHES: [Batch; 7] = [
    Batch {
        kind: AwardKind::HuanChuongLaoDongHangBa,
        collective: 52,
        individual: 15,
        issuer: ("CTN", "Chủ tịch nước"),
    },
    Batch {
        kind: AwardKind::CoThiDuaChinhPhu,
        collective: 34,
        individual: 0,
        issuer: ("TTg", "Thủ tướng Chính phủ"),
    },
    Batch {
        kind: AwardKind::BangKhenThuTuong,
        collective: 17,
        individual: 245,
        issuer: ("TTg", "Thủ tướng Chính phủ"),
    },
    Batch {
        kind: AwardKind::CoThiDuaTinh,
        collective: 361,
        individual: 0,
        issuer: ("UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    },
    Batch {
        kind: AwardKind::TapTheLaoDongXuatSac,
        collective: 1686,
        individual: 0,
        issuer: ("UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    },
    Batch {
        kind: AwardKind::ChienSiThiDuaTinh,
        collective: 0,
        individual: 66,
        issuer: ("UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    },
    Batch {
        kind: AwardKind::BangKhenTinh,
        collective: 3518,
        individual: 7419,
        issuer: ("UBND", "Chủ tịch Ủy ban nhân dân tỉnh"),
    },
];

const COLLECTIVES: [&str; 6] = [
    "Phòng Tổ chức cán bộ",
    "Văn phòng",
    "Phòng Kế hoạch – Tài chính",
    "Trung tâm Lưu trữ lịch sử",
    "Phòng Thi đua – Khen thưởng",
    "Thanh tra",
];

/// The province's awards of 2017 to 08/11/2019, spread over the units, years and methods.
async fn statistics(db: &Db, actor: &Actor, rng: &mut fastrand::Rng) -> Result<(), CliError> {
    let mut awards = Vec::new();
    let mut number = 100;
    for b in &BATCHES {
        for (subject, count) in [
            (Subject::Collective, b.collective),
            (Subject::Individual, b.individual),
        ] {
            for i in 0..count {
                let year = 2017 + (i % 3) as i32;
                let method = match (b.kind, subject, i % 10) {
                    (AwardKind::HuanChuongLaoDongHangBa, Subject::Individual, _) => {
                        Method::CongHien
                    }
                    (_, _, 0) => Method::ChuyenDe,
                    (_, _, 1) if subject == Subject::Individual => Method::DotXuat,
                    _ => Method::ThuongXuyen,
                };
                number += 1;
                let unit = UNITS[rng.usize(..UNITS.len())];
                awards.push(NewAward {
                    subject,
                    org_code: unit.into(),
                    person: None,
                    recipient: Some(match subject {
                        Subject::Collective => COLLECTIVES[i % COLLECTIVES.len()].to_string(),
                        Subject::Individual => invented_name(rng),
                    }),
                    kind: b.kind,
                    year,
                    method,
                    symbol: format!("{}-QĐ/{}", number % 3000 + 1, b.issuer.0),
                    issuer: b.issuer.1.into(),
                    // Decided within the year it rewards (the yearly review in December, a sudden
                    // feat at once), so that the term 2015–2020 holds all of them.
                    decided_on: if year == 2019 {
                        // Before the congress of 08/11/2019 that counted them.
                        d(2019, 1 + (i % 10) as u32, 1 + (i % 28) as u32)
                    } else if method == Method::DotXuat {
                        d(year, 6 + (i % 6) as u32, 10)
                    } else {
                        d(year, 12, 1 + (i % 28) as u32)
                    },
                    dossier: None,
                });
            }
        }
    }
    db.load_awards(actor, &awards).await?;
    Ok(())
}

/// The history a dossier claims for someone outside the register: the year's rating, with
/// an initiative when `initiative`.
fn claimed(year: i32, rating: RatingLevel, initiative: bool) -> String {
    let init = if initiative { r#"["co_so"]"# } else { "[]" };
    format!(
        r#"{{"subject": "individual", "year": {year}, "history": [{{"year": {year}, "rating": "{}", "titles": [], "initiatives": {init}, "discipline": null}}], "emulation_active": true}}"#,
        rating.code()
    )
}

/// 200 dossiers of 2025 submitted over the last two months: a fifth complete and appraised
/// eligible (half of them proposed, a quarter decided), a fifth appraised without their
/// documents, the rest waiting — the older of those past their due date.
async fn dossiers(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    rng: &mut fastrand::Rng,
) -> Result<(), CliError> {
    let year = today.year() - 1;
    for i in 0..200usize {
        let kind = if i % 3 == 0 {
            AwardKind::ChienSiThiDuaCoSo
        } else {
            AwardKind::LaoDongTienTien
        };
        let rating = if i % 7 == 3 {
            RatingLevel::Complete
        } else if i % 2 == 0 {
            RatingLevel::Excellent
        } else {
            RatingLevel::Good
        };
        let submitted = today
            .checked_sub_days(Days::new(2 + (i % 60) as u64))
            .unwrap_or(today);
        let id = db
            .submit_dossier(
                actor,
                &NewDossier {
                    org_code: UNITS[i % UNITS.len()].into(),
                    subject: Subject::Individual,
                    person: None,
                    recipient: Some(invented_name(rng)),
                    kind,
                    year,
                    method: Method::ThuongXuyen,
                    history: Some(claimed(year, rating, i % 4 != 1)),
                    submitted_on: submitted,
                },
            )
            .await?;
        let on = submitted
            .checked_add_days(Days::new(1))
            .unwrap_or(today)
            .min(today);
        advance(db, actor, i, id, submitted, on).await?;
    }
    Ok(())
}

/// Moves the demo's dossier `i` along its path: documents, appraisal, proposal, decision.
async fn advance(
    db: &Db,
    actor: &Actor,
    i: usize,
    id: i32,
    submitted: NaiveDate,
    on: NaiveDate,
) -> Result<(), CliError> {
    match i % 5 {
        0 => {
            for k in DocumentKind::ALL {
                db.add_dossier_document(actor, id, k, "", None, submitted)
                    .await?;
            }
            if db.appraise_dossier(actor, id, on).await?.eligible && i.is_multiple_of(10) {
                db.propose_dossier(actor, id, on).await?;
                if i.is_multiple_of(20) {
                    db.decide_dossier(
                        actor,
                        id,
                        &format!("{}-QĐ/UBND", 500 + i),
                        "Chủ tịch Ủy ban nhân dân tỉnh",
                        on,
                    )
                    .await?;
                }
            }
        }
        1 => {
            db.add_dossier_document(
                actor,
                id,
                DocumentKind::Submission,
                "Tờ trình của đơn vị",
                None,
                submitted,
            )
            .await?;
            db.appraise_dossier(actor, id, on).await?;
        }
        _ => {
            for k in [
                DocumentKind::Submission,
                DocumentKind::AchievementReport,
                DocumentKind::AssessmentMinutes,
                DocumentKind::InitiativeCertificate,
            ] {
                db.add_dossier_document(actor, id, k, "", None, submitted)
                    .await?;
            }
        }
    }
    Ok(())
}
