//! Admission cases on real databases: the pipeline from application to official member,
//! refusals that leave nothing behind, the rules and holidays read from settings, the open
//! cases of a subtree with their due dates, and the audit trail.

use crate::common::{d, databases, today};
use db::{Actor, Applicant, NewAdmission, NewOrg, StepInput};
use domain::branch::admission::{StepKind, Vote};
use domain::register::member::{
    CardNumber, MemberStatus, MembershipRecord, PersonName, PersonRecord, Qualification, Sex,
    TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

fn actor() -> Actor {
    Actor("test".into())
}

async fn tree(db: &db::Db) {
    for (code, name, kind, parent) in [
        ("TU", "Đảng bộ tỉnh", OrgKind::Province, None),
        ("DUK", "Đảng bộ Khối", OrgKind::Block, Some("TU")),
        (
            "DB-A",
            "Đảng bộ A",
            OrgKind::GrassrootsCommittee,
            Some("DUK"),
        ),
        ("CB-A1", "Chi bộ A1", OrgKind::Branch, Some("DB-A")),
        ("CB-B", "Chi bộ B", OrgKind::GrassrootsBranch, Some("DUK")),
    ] {
        let new = NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: d(2000, 1, 1),
            decision: None,
        };
        db.create_org(&actor(), &new).await.unwrap();
    }
}

fn record(name: &str, born: chrono::NaiveDate, member: Option<(&str, bool)>) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: born,
        sex: Sex::Male,
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::None,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: member.map(|(card, official)| MembershipRecord {
            admitted_on: d(2005, 3, 1),
            official_on: official.then(|| d(2006, 3, 1)),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

fn vote(y: u32, n: u32) -> Vote {
    Vote {
        in_favour: y,
        official_members: n,
    }
}

#[tokio::test]
async fn an_applicant_goes_from_application_to_official_member() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let a = db
            .add_person(
                &actor(),
                "CB-A1",
                &record("Trần Văn An", d(1980, 1, 1), Some(("10000001", true))),
                today(),
            )
            .await
            .unwrap();
        let b = db
            .add_person(
                &actor(),
                "CB-A1",
                &record("Lê Thị Bình", d(1982, 1, 1), Some(("10000002", true))),
                today(),
            )
            .await
            .unwrap();
        let case = db
            .create_admission(
                &actor(),
                &NewAdmission {
                    org: "cb-a1".into(),
                    applicant: Applicant::New(Box::new(record(
                        "Phạm Minh Châu",
                        d(1998, 5, 5),
                        None,
                    ))),
                    applied_on: d(2024, 9, 2),
                },
                today(),
            )
            .await
            .unwrap();
        let c = db.admission_case(case, today()).await.unwrap();
        assert_eq!(c.person_name, "Phạm Minh Châu", "{}", t.label);
        assert_eq!(c.next.as_ref().unwrap().kind, StepKind::Certificate);
        let person = c.person_id;
        for (on, step) in [
            (
                d(2024, 8, 15),
                StepInput::Certificate {
                    number: Some("CN-15".into()),
                },
            ),
            (
                d(2024, 9, 10),
                StepInput::Introducer {
                    person: a,
                    worked_since: d(2020, 1, 1),
                },
            ),
            (
                d(2024, 9, 10),
                StepInput::Introducer {
                    person: b,
                    worked_since: d(2022, 1, 1),
                },
            ),
            (d(2024, 10, 8), StepInput::Resolution(vote(9, 12))),
            (
                d(2024, 11, 4),
                StepInput::Decision {
                    number: Some("118-QĐ/ĐU".into()),
                },
            ),
            (d(2024, 11, 25), StepInput::Ceremony),
        ] {
            let w = db
                .record_admission_step(&actor(), case, on, &step, today())
                .await
                .unwrap();
            assert!(w.is_empty(), "{}: {w:?}", t.label);
        }
        // The decision admitted a probationary member of the branch.
        let p = db.person(person).await.unwrap();
        let m = p.membership.as_ref().expect("admitted");
        assert_eq!(m.admitted_on, d(2024, 11, 4));
        assert_eq!(m.official_on, None);
        assert_eq!(db.person_home(person).await.unwrap().code, "CB-A1");
        let c = db.admission_case(case, today()).await.unwrap();
        let next = c.next.as_ref().unwrap();
        assert_eq!(next.kind, StepKind::Recognition);
        assert_eq!(next.earliest, Some(d(2025, 11, 25)));
        // 30 working days after 25/11/2025: 7/1/2026 (1/1 off).
        assert_eq!(next.due, Some(d(2026, 1, 7)));
        assert!(c.overdue, "recognition is overdue on 22/11/2026");
        let listed = db.admission_cases("DUK", true, today()).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].overdue);

        // A late recognition is recorded with its warning, and makes the member official.
        let w = db
            .record_admission_step(
                &actor(),
                case,
                d(2026, 3, 2),
                &StepInput::Recognition(vote(10, 12)),
                today(),
            )
            .await
            .unwrap();
        assert_eq!(w.len(), 1, "{w:?}");
        let p = db.person(person).await.unwrap();
        assert_eq!(p.membership.unwrap().official_on, Some(d(2026, 3, 2)));
        assert_eq!(
            MemberStatus::on(d(2024, 11, 4), Some(d(2026, 3, 2)), today()),
            Some(MemberStatus::Official)
        );
        let c = db.admission_case(case, today()).await.unwrap();
        assert!(c.finished());
        assert_eq!(c.steps.len(), 7);
        assert!(c.steps[6].warning.as_ref().unwrap().contains("quá hạn"));
        assert!(
            db.admission_cases("DUK", true, today())
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            db.admission_cases("DUK", false, today())
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            db.admission_cases("CB-B", false, today())
                .await
                .unwrap()
                .is_empty()
        );

        let audit = db.audit_entries(Some("admission_step"), 100).await.unwrap();
        assert_eq!(audit.len(), 7, "{}", t.label);
        assert_eq!(
            db.audit_entries(Some("admission_case"), 10)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}

#[tokio::test]
async fn bad_steps_are_refused_and_nothing_is_written() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let official = db
            .add_person(
                &actor(),
                "CB-B",
                &record("Trần Văn An", d(1980, 1, 1), Some(("10000001", true))),
                today(),
            )
            .await
            .unwrap();
        let probationary = db
            .add_person(
                &actor(),
                "CB-B",
                &record("Lê Văn Dự", d(1990, 1, 1), Some(("10000003", false))),
                today(),
            )
            .await
            .unwrap();
        let staff = db
            .add_person(
                &actor(),
                "CB-B",
                &record("Ngô Thị Hoa", d(2000, 2, 2), None),
                today(),
            )
            .await
            .unwrap();
        // Not a branch; a member; too young.
        let bad = |org: &str, applicant: Applicant, on| NewAdmission {
            org: org.into(),
            applicant,
            applied_on: on,
        };
        let e = db
            .create_admission(
                &actor(),
                &bad("DB-A", Applicant::Existing(staff), d(2025, 1, 1)),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("không phải là chi bộ"), "{e}");
        let e = db
            .create_admission(
                &actor(),
                &bad("CB-B", Applicant::Existing(official), d(2025, 1, 1)),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("đã là đảng viên"), "{e}");
        let e = db
            .create_admission(
                &actor(),
                &bad(
                    "CB-B",
                    Applicant::New(Box::new(record("Vũ Nhỏ", d(2010, 1, 1), None))),
                    d(2025, 1, 1),
                ),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.is_bad_input());
        assert!(e.to_string().contains("15 tuổi"), "{e}");
        let case = db
            .create_admission(
                &actor(),
                &bad("CB-B", Applicant::Existing(staff), d(2025, 1, 6)),
                today(),
            )
            .await
            .unwrap();
        let e = db
            .create_admission(
                &actor(),
                &bad("CB-B", Applicant::Existing(staff), d(2025, 1, 6)),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("đang xét"), "{e}");

        // Out of order.
        let e = db
            .record_admission_step(&actor(), case, d(2025, 2, 1), &StepInput::Ceremony, today())
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("bước tiếp theo là 'Giấy chứng nhận"),
            "{e}"
        );
        db.record_admission_step(
            &actor(),
            case,
            d(2024, 12, 1),
            &StepInput::Certificate { number: None },
            today(),
        )
        .await
        .unwrap();
        // A probationary introducer.
        let e = db
            .record_admission_step(
                &actor(),
                case,
                d(2025, 2, 1),
                &StepInput::Introducer {
                    person: probationary,
                    worked_since: d(2020, 1, 1),
                },
                today(),
            )
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("không phải là đảng viên chính thức"),
            "{e}"
        );
        db.record_admission_step(
            &actor(),
            case,
            d(2025, 2, 1),
            &StepInput::Introducer {
                person: official,
                worked_since: d(2020, 1, 1),
            },
            today(),
        )
        .await
        .unwrap();
        // One introducer only; then a vote short of 2/3.
        let e = db
            .record_admission_step(
                &actor(),
                case,
                d(2025, 3, 1),
                &StepInput::Resolution(vote(5, 5)),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("chưa đủ người giới thiệu"), "{e}");
        // The rule is a setting: one introducer is enough once configured.
        db.set_admission_rule(&actor(), "introducers", "1")
            .await
            .unwrap();
        let e = db
            .record_admission_step(
                &actor(),
                case,
                d(2025, 3, 1),
                &StepInput::Resolution(vote(3, 5)),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("chưa đạt 2/3"), "{e}");
        let e = db
            .set_admission_rule(&actor(), "vote_share", "5/3")
            .await
            .unwrap_err();
        assert!(e.is_bad_input());
        assert_eq!(db.admission_rules().await.unwrap().vote_numerator, 2);
        let c = db.admission_case(case, today()).await.unwrap();
        assert_eq!(c.steps.len(), 2, "refused steps left nothing ({})", t.label);
        assert_eq!(
            db.audit_entries(Some("admission_step"), 100)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(db.person(staff).await.unwrap().membership.is_none());
        // A missing case.
        let e = db.admission_case(9999, today()).await.unwrap_err();
        assert!(e.is_bad_input());
    }
}

#[tokio::test]
async fn holidays_are_settings_per_year() {
    for t in databases().await {
        let db = &t.db;
        let cal = db.holiday_calendar().await.unwrap();
        assert!(!cal.is_working_day(d(2026, 2, 17)), "Tết 2026 by default");
        db.set_holidays(&actor(), 2026, "1/1/2026, 24/11/2026, làm 28/11/2026")
            .await
            .unwrap();
        let cal = db.holiday_calendar().await.unwrap();
        assert!(!cal.is_working_day(d(2026, 11, 24)), "{}", t.label);
        assert!(cal.is_working_day(d(2026, 11, 28)));
        assert!(db.set_holidays(&actor(), 2026, "1/1/2027").await.is_err());
        let audit = db.audit_entries(Some("setting"), 10).await.unwrap();
        assert_eq!(audit.len(), 1);
    }
}
