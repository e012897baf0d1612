//! Demo party badges (Huy hiệu Đảng): long-standing members of the TU-KG subtree, invented,
//! placed so that the list of 2/9/2026 shows every case — a 30-year and a 40-year badge due, a
//! 40-year one due only after a period outside the party is deducted, one deferred by a
//! warning (due on 7/11/2026), one early for serious illness — and a 30-year badge awarded in
//! 2016 on a member's timeline. Added through the same repository functions as the pages.

use chrono::NaiveDate;
use db::commendation::{NewBadge, NewDiscipline};
use db::{Actor, Db};
use domain::commendation::Discipline;
use domain::commendation::badge::{Gap, GapKind};
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{Decision, DocSymbol};

use super::register::d;
use crate::error::CliError;

/// What happened to a demo veteran besides the admission.
enum Story {
    Plain,
    /// 30 years awarded on this award date.
    Awarded30((i32, u32, u32)),
    /// A warning (cảnh cáo) on this day, by this decision.
    Warned((i32, u32, u32), &'static str),
    /// Seriously ill from this day.
    Ill((i32, u32, u32)),
    /// Removed (xóa tên) and readmitted: out from, back on.
    Readmitted((i32, u32, u32), (i32, u32, u32)),
}

/// (name, sex, born, admitted, branch, card, story)
type Veteran = (
    &'static str,
    Sex,
    (i32, u32, u32),
    (i32, u32, u32),
    &'static str,
    &'static str,
    Story,
);

const VETERANS: [Veteran; 5] = [
    // 30 years on 20/7/2026: due on 2/9/2026.
    (
        "Lâm Văn Hùng",
        Sex::Male,
        (1972, 4, 18),
        (1996, 7, 20),
        "CB-VPSNOIVU",
        "31900001",
        Story::Plain,
    ),
    // 40 years on 25/6/2026: due on 2/9/2026; her 30-year badge was presented on 2/9/2016.
    (
        "Trịnh Thị Kim Oanh",
        Sex::Female,
        (1962, 10, 5),
        (1986, 6, 25),
        "CB-VTLT",
        "31900002",
        Story::Awarded30((2016, 9, 2)),
    ),
    // 30 years on 10/8/2026, warned on 12/3/2026: deferred to 12/9/2026, due on 7/11/2026.
    (
        "Quách Văn Sáu",
        Sex::Male,
        (1970, 1, 9),
        (1996, 8, 10),
        "CB-QLTM",
        "31900003",
        Story::Warned((2026, 3, 12), "07-QĐ/ĐU"),
    ),
    // 40 years on 15/3/2027, seriously ill from 20/6/2026: early on 2/9/2026.
    (
        "Dương Thị Ngọc Lan",
        Sex::Female,
        (1963, 2, 27),
        (1987, 3, 15),
        "CB-NTN",
        "31900004",
        Story::Ill((2026, 6, 20)),
    ),
    // Admitted 10/4/1985, removed 1/2/1991, readmitted 1/4/1992: 425 days out, so 40 years on
    // 9/6/2026 rather than 10/4/2025: due on 2/9/2026.
    (
        "Tạ Văn Thành",
        Sex::Male,
        (1960, 12, 1),
        (1985, 4, 10),
        "CB-VPTD",
        "31900005",
        Story::Readmitted((1991, 2, 1), (1992, 4, 1)),
    ),
];

fn day(t: (i32, u32, u32)) -> NaiveDate {
    d(t.0, t.1, t.2)
}

fn bad(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(format!("dữ liệu mẫu Huy hiệu Đảng: {e}"))
}

fn record(v: &Veteran) -> Result<PersonRecord, CliError> {
    let admitted = day(v.3);
    Ok(PersonRecord {
        full_name: PersonName::parse(v.0).map_err(bad)?,
        birth_name: None,
        birth_date: day(v.2),
        sex: v.1,
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: Some("Kiên Giang".into()),
        education: Some("12/12".into()),
        theory: TheoryLevel::Intermediate,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: Some("Công chức".into()),
        membership: Some(MembershipRecord {
            admitted_on: admitted,
            official_on: admitted.checked_add_months(chrono::Months::new(12)),
            card_number: Some(CardNumber::parse(v.5).map_err(bad)?),
            record_number: None,
        }),
    })
}

fn decision(symbol: &str, on: NaiveDate) -> Result<Option<Decision>, CliError> {
    Ok(Some(Decision {
        symbol: DocSymbol::parse(symbol).map_err(bad)?,
        signed_on: on,
        title: None,
    }))
}

/// Adds the veterans and what happened to them.
pub async fn load(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    for v in &VETERANS {
        let person = db.add_person(actor, v.4, &record(v)?, today).await?;
        match v.6 {
            Story::Plain => {}
            Story::Awarded30(on) => {
                let on = day(on);
                let badge = NewBadge {
                    person,
                    milestone: 30,
                    awarded_on: on,
                    decision: decision("215-QĐ/TU", on - chrono::Days::new(14))?,
                };
                db.award_badge(actor, &badge).await?;
            }
            Story::Warned(on, symbol) => {
                let on = day(on);
                let d = NewDiscipline {
                    person,
                    on,
                    form: Discipline::CanhCao,
                    decision: decision(symbol, on)?,
                    reason: "Vi phạm quy định về chế độ báo cáo, thỉnh thị".into(),
                };
                db.record_discipline(actor, &d, today).await?;
            }
            Story::Ill(since) => {
                let note = Some("Điều trị bệnh hiểm nghèo dài ngày");
                db.record_serious_illness(actor, person, day(since), note, today)
                    .await?;
            }
            Story::Readmitted(from, to) => {
                let gap = Gap {
                    kind: GapKind::Removed,
                    from: day(from),
                    to: day(to),
                };
                let note = Some("Xóa tên năm 1991, kết nạp lại ngày 01/4/1992");
                db.record_party_gap(actor, person, gap, note, today).await?;
            }
        }
    }
    Ok(())
}
