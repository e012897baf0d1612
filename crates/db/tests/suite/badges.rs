//! Party badges in storage: the list of an award date over a subtree (due, deferred after a
//! warning, early for illness, posthumous, a period outside the party deducted, a wrongful
//! expulsion not), awards checked by the rules (a refusal saves nothing and writes no audit
//! entry), and every write audited. On SQLite and, with `DANGVU_TEST_PG`, PostgreSQL.

use crate::common::{d, databases};
use db::commendation::{NewBadge, NewDiscipline};
use db::{Actor, Db, NewOrg};
use domain::commendation::Discipline;
use domain::commendation::badge::{BadgeStatus, Gap, GapKind};
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{Decision, DocSymbol, OrgCode, OrgKind};

fn clerk() -> Actor {
    Actor("to-chuc".into())
}

fn today() -> chrono::NaiveDate {
    d(2026, 12, 6)
}

fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> NewOrg {
    NewOrg {
        code: OrgCode::parse(code).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        since: d(1975, 1, 1),
        decision: None,
    }
}

fn person(name: &str, card: &str, admitted: chrono::NaiveDate) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1950, 3, 4),
        sex: Sex::Male,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: admitted,
            official_on: Some(admitted + chrono::Days::new(365)),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

fn decision(symbol: &str, on: chrono::NaiveDate) -> Option<Decision> {
    Some(Decision {
        symbol: DocSymbol::parse(symbol).unwrap(),
        signed_on: on,
        title: None,
    })
}

struct Tree {
    /// Admitted 2/9/1986: 40 years on 2/9/2026.
    an: i32,
    /// Admitted 15/6/1996: 30 years on 15/6/2026, warned on 1/4/2026.
    binh: i32,
    /// Admitted 10/1/1987, seriously ill from 1/6/2026: 40 years early.
    chau: i32,
    /// Admitted 1/3/1985, out 1/1/1990 – 1/1/1991: 40 years on 1/3/2026 minus 365 days.
    dung: i32,
    /// Admitted 1/12/1986, died 1/7/2026, five months short of 40 years: posthumous.
    em: i32,
    /// Admitted 20/8/1996 in the other branch, outside the subtree asked.
    giang: i32,
}

async fn tree(db: &Db) -> Tree {
    let a = clerk();
    for (code, name, kind, parent) in [
        ("TU", "Đảng bộ tỉnh", OrgKind::Province, None),
        ("DUK", "Đảng bộ Khối", OrgKind::Block, Some("TU")),
        ("CB-A", "Chi bộ A", OrgKind::GrassrootsBranch, Some("DUK")),
        ("CB-B", "Chi bộ B", OrgKind::GrassrootsBranch, Some("TU")),
    ] {
        db.create_org(&a, &org(code, name, kind, parent))
            .await
            .unwrap();
    }
    let add = async |name: &str, card: &str, admitted, branch: &str| {
        db.add_person(&a, branch, &person(name, card, admitted), today())
            .await
            .unwrap()
    };
    let t = Tree {
        an: add("Nguyễn Văn An", "31000001", d(1986, 9, 2), "CB-A").await,
        binh: add("Trần Thị Bình", "31000002", d(1996, 6, 15), "CB-A").await,
        chau: add("Lê Minh Châu", "31000003", d(1987, 1, 10), "CB-A").await,
        dung: add("Đỗ Văn Dũng", "31000004", d(1985, 3, 1), "CB-A").await,
        em: add("Phạm Thị Em", "31000005", d(1986, 12, 1), "CB-A").await,
        giang: add("Hoàng Văn Giang", "31000006", d(1996, 8, 20), "CB-B").await,
    };
    db.record_discipline(
        &a,
        &NewDiscipline {
            person: t.binh,
            on: d(2026, 4, 1),
            form: Discipline::CanhCao,
            decision: decision("12-QĐ/ĐU", d(2026, 4, 1)),
            reason: "Vi phạm quy định về những điều đảng viên không được làm".into(),
        },
        today(),
    )
    .await
    .unwrap();
    db.record_serious_illness(
        &a,
        t.chau,
        d(2026, 6, 1),
        Some("Điều trị dài ngày"),
        today(),
    )
    .await
    .unwrap();
    db.record_party_gap(
        &a,
        t.dung,
        Gap {
            kind: GapKind::Expelled,
            from: d(1990, 1, 1),
            to: d(1991, 1, 1),
        },
        None,
        today(),
    )
    .await
    .unwrap();
    db.record_member_event(&a, t.em, d(2026, 7, 1), MemberEvent::Died, None, today())
        .await
        .unwrap();
    t
}

#[tokio::test]
async fn the_list_of_an_award_date_over_a_subtree() {
    for t in databases().await {
        let (db, l) = (&t.db, t.label);
        let m = tree(db).await;
        let rows = db.badges_due("DUK", d(2026, 9, 2)).await.unwrap();
        let got: Vec<(i32, u32, BadgeStatus)> = rows
            .iter()
            .map(|r| (r.person_id, r.milestone, r.status))
            .collect();
        // Ordered by milestone, then given name: Bình (30); An, Châu, Em (40). Dũng reached 40
        // on 1/3/2026 after the deduction, before 19/5, so he was on the 19/5 list.
        assert_eq!(
            got,
            vec![
                (m.binh, 30, BadgeStatus::Deferred),
                (m.an, 40, BadgeStatus::Due),
                (m.chau, 40, BadgeStatus::Early),
                (m.em, 40, BadgeStatus::Early),
            ],
            "{l}"
        );
        let an = &rows[1];
        assert_eq!(an.card.as_deref(), Some("31000001"));
        assert_eq!(
            (an.party_age.years, an.party_age.months, an.party_age.days),
            (40, 0, 0)
        );
        assert_eq!(an.org_code, "CB-A");
        let may = db.badges_due("DUK", d(2026, 5, 19)).await.unwrap();
        let dung = may
            .iter()
            .find(|r| r.person_id == m.dung)
            .expect("Dũng on 19/5");
        assert_eq!((dung.milestone, dung.deducted_days), (40, 365), "{l}");
        assert_eq!(dung.reached_on, d(2026, 3, 1), "{l}");
        // The whole province adds Giang (30 years on 20/8/2026) from the other branch.
        let all = db.badges_due("TU", d(2026, 9, 2)).await.unwrap();
        assert_eq!(all.len(), 5, "{l}");
        assert!(all.iter().any(|r| r.person_id == m.giang));
        // After the warning's six months, Bình is due on 7/11/2026.
        let nov = db.badges_due("DUK", d(2026, 11, 7)).await.unwrap();
        assert_eq!(
            nov.iter()
                .map(|r| (r.person_id, r.status))
                .collect::<Vec<_>>(),
            vec![(m.binh, BadgeStatus::Due)],
            "{l}"
        );
        assert!(db.badges_due("KHONG-CO", d(2026, 9, 2)).await.is_err());
    }
}

#[tokio::test]
async fn an_award_is_checked_audited_and_ends_the_listing() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        let m = tree(db).await;
        let before = db.audit_entries(None, 1).await.unwrap()[0].id;
        // Bình is waiting after her warning: refused, nothing saved, nothing audited.
        let e = db
            .award_badge(
                &a,
                &NewBadge {
                    person: m.binh,
                    milestone: 30,
                    awarded_on: d(2026, 9, 2),
                    decision: decision("301-QĐ/TU", d(2026, 8, 20)),
                },
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("cảnh cáo"), "{l}: {e}");
        // Giang has not reached 40 years.
        let e = db
            .award_badge(
                &a,
                &NewBadge {
                    person: m.giang,
                    milestone: 40,
                    awarded_on: d(2026, 9, 2),
                    decision: None,
                },
            )
            .await
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("chưa đủ 40 năm tuổi Đảng (HD 01-HD/TW, Mục 18)"),
            "{l}: {e}"
        );
        assert_eq!(
            db.audit_entries(None, 1).await.unwrap()[0].id,
            before,
            "{l}"
        );
        assert!(db.member_badges(m.binh).await.unwrap().badges.is_empty());
        let status = db
            .award_badge(
                &a,
                &NewBadge {
                    person: m.an,
                    milestone: 40,
                    awarded_on: d(2026, 9, 2),
                    decision: decision("301-QĐ/TU", d(2026, 8, 20)),
                },
            )
            .await
            .unwrap();
        assert_eq!(status, BadgeStatus::Due);
        let e = db.audit_entries(None, 1).await.unwrap().remove(0);
        assert_eq!(
            (e.action.as_str(), e.entity.as_str()),
            ("create", "party_badge")
        );
        assert_eq!(e.actor, "to-chuc");
        let mine = db.member_badges(m.an).await.unwrap();
        assert_eq!(mine.badges.len(), 1);
        assert_eq!(mine.badges[0].decision.as_deref(), Some("301-QĐ/TU"));
        // Awarded: no longer on the list, and a second award of it is refused.
        let rows = db.badges_due("DUK", d(2026, 9, 2)).await.unwrap();
        assert!(rows.iter().all(|r| r.person_id != m.an), "{l}");
        assert!(
            db.award_badge(
                &a,
                &NewBadge {
                    person: m.an,
                    milestone: 40,
                    awarded_on: d(2026, 11, 7),
                    decision: None,
                },
            )
            .await
            .is_err()
        );
        // Discipline and the period outside the party are on the member's records.
        let binh = db.member_badges(m.binh).await.unwrap();
        assert_eq!(binh.disciplines[0].decision.as_deref(), Some("12-QĐ/ĐU"));
        let dung = db.member_badges(m.dung).await.unwrap();
        assert_eq!(dung.gaps[0].gap.kind, GapKind::Expelled);
    }
}

#[tokio::test]
async fn bad_records_are_refused_with_nothing_saved() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        let m = tree(db).await;
        let before = db.audit_entries(None, 1).await.unwrap()[0].id;
        let future = NewDiscipline {
            person: m.an,
            on: d(2027, 1, 1),
            form: Discipline::CanhCao,
            decision: None,
            reason: "x".into(),
        };
        assert!(
            db.record_discipline(&a, &future, today()).await.is_err(),
            "{l}"
        );
        let no_reason = NewDiscipline {
            on: d(2026, 1, 1),
            reason: "  ".into(),
            ..future.clone()
        };
        assert!(db.record_discipline(&a, &no_reason, today()).await.is_err());
        let before_admission = NewDiscipline {
            on: d(1980, 1, 1),
            reason: "x".into(),
            ..future
        };
        assert!(
            db.record_discipline(&a, &before_admission, today())
                .await
                .is_err()
        );
        let backwards = Gap {
            kind: GapKind::LostContact,
            from: d(2000, 1, 1),
            to: d(1999, 1, 1),
        };
        assert!(
            db.record_party_gap(&a, m.an, backwards, None, today())
                .await
                .is_err()
        );
        assert_eq!(
            db.audit_entries(None, 1).await.unwrap()[0].id,
            before,
            "{l}"
        );
        // A wrongful expulsion is recorded but deducts nothing.
        let wrong = Gap {
            kind: GapKind::WronglyExpelled,
            from: d(2000, 1, 1),
            to: d(2001, 1, 1),
        };
        db.record_party_gap(&a, m.an, wrong, Some("Phục hồi theo QĐ 5-QĐ/UBKT"), today())
            .await
            .unwrap();
        let rows = db.badges_due("DUK", d(2026, 9, 2)).await.unwrap();
        let an = rows.iter().find(|r| r.person_id == m.an).unwrap();
        assert_eq!(an.deducted_days, 0, "{l}");
    }
}

/// The candidates' facts are read 1,000 at a time: a warning and an award recorded for people
/// far down a list of 2,500 candidates count as they do for the first.
#[tokio::test]
async fn the_facts_of_every_candidate_count_however_long_the_list() {
    const GIVEN: [&str; 10] = [
        "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga",
    ];
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        for (code, name, kind, parent) in [
            ("TU", "Đảng bộ tỉnh", OrgKind::Province, None),
            ("CB-A", "Chi bộ A", OrgKind::GrassrootsBranch, Some("TU")),
        ] {
            db.create_org(&a, &org(code, name, kind, parent))
                .await
                .unwrap();
        }
        let branch = db.org("CB-A", None).await.unwrap().id;
        let people: Vec<db::BulkPerson> = (0..2500)
            .map(|i| {
                let name = format!(
                    "Nguyễn {} {} {}",
                    GIVEN[i / 100 % 10],
                    GIVEN[i / 10 % 10],
                    GIVEN[i % 10]
                );
                db::BulkPerson {
                    // Admitted 2/9/1986: 40 years on 2/9/2026.
                    record: person(&name, &format!("4{i:07}"), d(1986, 9, 2)),
                    postings: vec![db::BulkPosting {
                        org_id: branch,
                        from: d(1986, 9, 2),
                        to: None,
                        temporary: false,
                    }],
                    ended: None,
                }
            })
            .collect();
        let ids = db
            .load_people(&a, &people, false, "test", &mut |_| {})
            .await
            .unwrap();
        let (warned, awarded) = (ids[1800], ids[2499]);
        db.record_discipline(
            &a,
            &NewDiscipline {
                person: warned,
                on: d(2026, 4, 1),
                form: Discipline::CanhCao,
                decision: decision("12-QĐ/ĐU", d(2026, 4, 1)),
                reason: "Vi phạm quy định về những điều đảng viên không được làm".into(),
            },
            today(),
        )
        .await
        .unwrap();
        db.award_badge(
            &a,
            &NewBadge {
                person: awarded,
                milestone: 40,
                awarded_on: d(2026, 9, 2),
                decision: decision("301-QĐ/TU", d(2026, 8, 20)),
            },
        )
        .await
        .unwrap();
        let rows = db.badges_due_uncached("TU", d(2026, 9, 2)).await.unwrap();
        assert_eq!(rows.len(), 2499, "{l}: everyone but the one awarded");
        assert!(rows.iter().all(|r| r.person_id != awarded), "{l}");
        let status = |id: i32| rows.iter().find(|r| r.person_id == id).unwrap().status;
        assert_eq!(status(warned), BadgeStatus::Deferred, "{l}");
        assert_eq!(status(ids[0]), BadgeStatus::Due, "{l}");
        assert_eq!(
            rows.iter()
                .filter(|r| r.status == BadgeStatus::Deferred)
                .count(),
            1,
            "{l}"
        );
    }
}
