//! The member register on real databases: adding, transfers and their history, imports
//! (all or nothing, idempotent), merges and dissolution, and structure statistics checked
//! against the in-memory reference of `domain::register::stats`.

use crate::common::{d, databases, today};
use db::{Actor, NewOrg, RegisterQuery};
use domain::register::import::ImportedRow;
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};
use domain::register::stats::{AgeBrackets, Counts, MemberFacts};
use proptest::prelude::*;

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
        ("CB-A2", "Chi bộ A2", OrgKind::Branch, Some("DB-A")),
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

fn person(
    name: &str,
    born: chrono::NaiveDate,
    admitted: chrono::NaiveDate,
    official: Option<chrono::NaiveDate>,
    card: Option<&str>,
) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: born,
        sex: Sex::Female,
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Intermediate,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: admitted,
            official_on: official,
            card_number: card.map(|c| CardNumber::parse(c).unwrap()),
            record_number: None,
        }),
    }
}

#[tokio::test]
async fn who_belonged_to_a_branch_on_a_date_follows_transfers() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let p = db
            .add_person(
                &actor(),
                "CB-A1",
                &person(
                    "Nguyễn Thị Hồng",
                    d(1985, 1, 1),
                    d(2010, 5, 19),
                    Some(d(2011, 5, 19)),
                    Some("12345678"),
                ),
                today(),
            )
            .await
            .unwrap();
        db.record_member_event(
            &actor(),
            p,
            d(2020, 6, 1),
            MemberEvent::Transferred { to: "CB-B".into() },
            None,
            today(),
        )
        .await
        .unwrap();
        let on = |org: &str, date| RegisterQuery {
            org: org.into(),
            on: date,
            search: None,
            include_non_members: false,
        };
        assert_eq!(
            db.register(&on("CB-A1", d(2020, 5, 15)))
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&on("CB-A1", d(2020, 6, 1)))
                .await
                .unwrap()
                .len(),
            0,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&on("CB-B", d(2020, 6, 1))).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&on("DUK", d(2020, 6, 1))).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&on("CB-A1", d(2010, 5, 18)))
                .await
                .unwrap()
                .len(),
            0,
            "{}",
            t.label
        );
        let h = db.history(p).await.unwrap();
        let kinds: Vec<&str> = h.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["admitted", "official", "transferred"],
            "{}",
            t.label
        );
        assert_eq!(h[2].org_name.as_deref(), Some("Chi bộ B"), "{}", t.label);
        // A transfer dated before the last event is refused: history is never rewritten.
        let e = db
            .record_member_event(
                &actor(),
                p,
                d(2019, 1, 1),
                MemberEvent::Exempted,
                None,
                today(),
            )
            .await
            .unwrap_err();
        assert!(
            e.is_bad_input() && e.to_string().contains("không ghi đè"),
            "{}: {e}",
            t.label
        );
    }
}

#[tokio::test]
async fn search_ignores_diacritics_and_names_sort_by_given_name() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        for (i, n) in [
            "Nguyễn Văn Đức",
            "Trần Thị An",
            "Nguyễn Văn Dũng",
            "Lê Văn Bình",
        ]
        .iter()
        .enumerate()
        {
            let card = format!("1000000{i}");
            db.add_person(
                &actor(),
                "CB-A1",
                &person(
                    n,
                    d(1980, 1, 1),
                    d(2005, 1, 1),
                    Some(d(2006, 1, 1)),
                    Some(&card),
                ),
                today(),
            )
            .await
            .unwrap();
        }
        let q = |s: Option<&str>| RegisterQuery {
            org: "DB-A".into(),
            on: d(2020, 1, 1),
            search: s.map(Into::into),
            include_non_members: false,
        };
        let names = |rows: Vec<db::MemberRow>| {
            rows.into_iter()
                .map(|m| m.record.full_name.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(db.register(&q(None)).await.unwrap()),
            [
                "Trần Thị An",
                "Lê Văn Bình",
                "Nguyễn Văn Dũng",
                "Nguyễn Văn Đức"
            ],
            "{}",
            t.label
        );
        assert_eq!(
            names(db.register(&q(Some("nguyen van"))).await.unwrap()),
            ["Nguyễn Văn Dũng", "Nguyễn Văn Đức"],
            "{}",
            t.label
        );
        assert_eq!(
            names(db.register(&q(Some("DUC"))).await.unwrap()),
            ["Nguyễn Văn Đức"],
            "{}",
            t.label
        );
    }
}

/// `%` and `_` typed in the search box are characters of a name, not `LIKE` wildcards
/// (issue 18 §5.10): a search for "%" or "ng_yen" finds no one when no name holds them.
#[tokio::test]
async fn search_treats_percent_and_underscore_as_characters() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        for (i, n) in ["Nguyễn Văn Đức", "Trần Thị An"].iter().enumerate() {
            let card = format!("2000000{i}");
            let p = person(
                n,
                d(1980, 1, 1),
                d(2005, 1, 1),
                Some(d(2006, 1, 1)),
                Some(&card),
            );
            db.add_person(&actor(), "CB-A1", &p, today()).await.unwrap();
        }
        let q = |s: &str| RegisterQuery {
            org: "DB-A".into(),
            on: d(2020, 1, 1),
            search: Some(s.into()),
            include_non_members: false,
        };
        for s in ["%", "_", "ng_yen", "%an", "a%n", "!", "\\"] {
            let rows = db.register(&q(s)).await.unwrap();
            assert!(
                rows.is_empty(),
                "{}: '{s}' found {} people",
                t.label,
                rows.len()
            );
            let page = db.register_page(&q(s), Some((0, 50))).await.unwrap();
            assert_eq!(page.total, 0, "{}: '{s}' counted people", t.label);
        }
        assert_eq!(
            db.register(&q("nguyen")).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&q("tran")).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn import_is_all_or_nothing_and_idempotent() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let rows = vec![
            ImportedRow {
                row: 2,
                record: person(
                    "Hồ Thị Lan",
                    d(1992, 9, 2),
                    d(2016, 5, 19),
                    Some(d(2017, 5, 19)),
                    Some("80000001"),
                ),
            },
            ImportedRow {
                row: 3,
                record: person(
                    "Kha Văn Lộc",
                    d(1988, 2, 28),
                    d(2012, 2, 3),
                    Some(d(2013, 2, 3)),
                    Some("80000002"),
                ),
            },
            ImportedRow {
                row: 4,
                record: person("Dự Bị Mới", d(1999, 1, 1), d(2026, 1, 1), None, None),
            },
        ];
        let r = db
            .import_members(&actor(), "CB-A1", &rows, &mut |_| {})
            .await
            .unwrap();
        assert_eq!((r.added, r.unchanged), (3, 0), "{}", t.label);
        let r = db
            .import_members(&actor(), "CB-A1", &rows, &mut |_| {})
            .await
            .unwrap();
        assert_eq!((r.added, r.unchanged), (0, 3), "{}", t.label);
        // The same card in another branch: refused, the row named, nothing written.
        let mut other = rows.clone();
        other.push(ImportedRow {
            row: 5,
            record: person(
                "Người Mới",
                d(1990, 1, 1),
                d(2015, 1, 1),
                Some(d(2016, 1, 1)),
                Some("80000009"),
            ),
        });
        let e = db
            .import_members(&actor(), "CB-B", &other, &mut |_| {})
            .await
            .unwrap_err();
        match e {
            db::DbError::Rows(errs) => assert_eq!(
                errs.iter().map(|e| e.row).collect::<Vec<_>>(),
                [2, 3, 4],
                "{}",
                t.label
            ),
            other => panic!("{}: {other}", t.label),
        }
        let all = RegisterQuery {
            org: "TU".into(),
            on: today(),
            search: None,
            include_non_members: true,
        };
        assert_eq!(db.register(&all).await.unwrap().len(), 3, "{}", t.label);
    }
}

#[tokio::test]
async fn merge_moves_members_and_children_and_dissolve_needs_an_empty_org() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        db.add_person(
            &actor(),
            "CB-A2",
            &person(
                "Võ Thị Mai",
                d(1980, 1, 1),
                d(2005, 1, 1),
                Some(d(2006, 1, 1)),
                Some("20000001"),
            ),
            today(),
        )
        .await
        .unwrap();
        let e = db
            .dissolve_org(&actor(), "CB-A2", d(2021, 1, 1), None)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("còn 1 đảng viên"),
            "{}: {e}",
            t.label
        );
        db.merge_orgs(
            &actor(),
            &["CB-A2".into()],
            "CB-A1",
            d(2021, 1, 1),
            None,
            today(),
        )
        .await
        .unwrap();
        let q = |org: &str, on| RegisterQuery {
            org: org.into(),
            on,
            search: None,
            include_non_members: false,
        };
        assert_eq!(
            db.register(&q("CB-A1", d(2021, 1, 1))).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            db.register(&q("CB-A2", d(2020, 12, 31)))
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        assert!(
            db.org("CB-A2", Some(d(2021, 1, 1))).await.is_err(),
            "{}",
            t.label
        );
        assert_eq!(
            db.tree("DB-A", Some(d(2021, 1, 1))).await.unwrap().len(),
            2,
            "{}",
            t.label
        );
        db.dissolve_org(&actor(), "CB-B", d(2022, 1, 1), None)
            .await
            .unwrap();
        assert_eq!(
            db.tree("DUK", Some(d(2022, 1, 1))).await.unwrap().len(),
            3,
            "{}",
            t.label
        );
    }
}

#[derive(Debug, Clone)]
struct Gen {
    birth: chrono::NaiveDate,
    admitted_after_18: u32,
    official_after: Option<u32>,
    theory: usize,
    qual: usize,
    branch: usize,
    ended_after: Option<u32>,
}

fn arb_member() -> impl Strategy<Value = Gen> {
    (
        1950i32..2000,
        1u32..=12,
        1u32..=28,
        0u32..8000,
        proptest::option::of(300u32..800),
        0usize..4,
        0usize..7,
        0usize..3,
        proptest::option::of(0u32..12000),
    )
        .prop_map(|(y, m, day, a, o, theory, qual, branch, ended_after)| Gen {
            birth: d(y, m, day),
            admitted_after_18: a,
            official_after: o,
            theory,
            qual,
            branch,
            ended_after,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    /// The SQL aggregate equals the in-memory reference for any members, dates and subtree.
    #[test]
    fn structure_in_sql_equals_the_domain_reference(people in proptest::collection::vec(arb_member(), 0..25), on_year in 2000i32..2026) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            for t in databases().await {
                let db = &t.db;
                tree(db).await;
                let as_of = d(on_year, 6, 30);
                let branches = ["CB-A1", "CB-A2", "CB-B"];
                let mut expected_all = Vec::new();
                let mut expected_a = Vec::new();
                for (i, g) in people.iter().enumerate() {
                    let admitted = domain::register::stats::latest_birth_for_age(g.birth, 0) + chrono::Days::new(18 * 366 + g.admitted_after_18 as u64);
                    if admitted > today() { continue; }
                    let official = g.official_after.map(|o| admitted + chrono::Days::new(o as u64)).filter(|o| *o <= today());
                    let mut r = person("Thử Nghiệm", g.birth, admitted, official, Some(&format!("{:08}", 50_000_000 + i)));
                    r.theory = TheoryLevel::ALL[g.theory];
                    r.qualification = Qualification::ALL[g.qual];
                    let id = db.add_person(&actor(), branches[g.branch], &r, today()).await.unwrap();
                    let ended = g.ended_after.map(|e| admitted + chrono::Days::new(e as u64)).filter(|e| *e <= today() && *e >= official.unwrap_or(admitted));
                    if let Some(e) = ended {
                        db.record_member_event(&actor(), id, e, MemberEvent::Died, None, today()).await.unwrap();
                    }
                    let posted_from = admitted.max(d(2000, 1, 1));
                    if posted_from <= as_of && ended.is_none_or(|e| e > as_of) {
                        let f = MemberFacts {
                            birth_date: g.birth,
                            theory: r.theory,
                            qualification: r.qualification,
                            probationary: official.is_none_or(|o| o > as_of),
                        };
                        expected_all.push(f);
                        if g.branch < 2 { expected_a.push(f); }
                    }
                }
                let b = AgeBrackets::default();
                let all = db.structure("TU", as_of).await.unwrap();
                assert_eq!(all.counts, Counts::count(&expected_all, as_of, &b), "{}", t.label);
                let a = db.structure("DB-A", as_of).await.unwrap();
                assert_eq!(a.counts, Counts::count(&expected_a, as_of, &b), "{}", t.label);
            }
        });
    }
}

/// An import that fails after its first rows were written leaves nothing (issue 18 §6.6): the
/// shells check repeated card numbers before the database sees them, so a file that reaches
/// the database with one card twice fails at the second insert, after the first was written,
/// and the transaction takes the first back. Repeated record numbers are refused before any
/// write, with the row named.
#[tokio::test]
async fn an_import_that_fails_after_writing_began_leaves_nothing() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let all = RegisterQuery {
            org: "TU".into(),
            on: today(),
            search: None,
            include_non_members: true,
        };
        let before = db.register(&all).await.unwrap().len();
        let row = |row: usize, name: &str, card: &str, recno: Option<&str>| {
            let mut record = person(
                name,
                d(1990, 1, 1),
                d(2015, 1, 1),
                Some(d(2016, 1, 1)),
                Some(card),
            );
            if let (Some(m), Some(r)) = (record.membership.as_mut(), recno) {
                m.record_number = Some(domain::register::member::RecordNumber::parse(r).unwrap());
            }
            ImportedRow { row, record }
        };
        // The same card twice: the second insert fails, the first is rolled back.
        let rows = vec![
            row(2, "Người Thứ Nhất", "81000001", None),
            row(3, "Người Thứ Hai", "81000002", None),
            row(4, "Người Trùng Thẻ", "81000001", None),
        ];
        let e = db
            .import_members(&actor(), "CB-A1", &rows, &mut |_| {})
            .await;
        assert!(e.is_err(), "{}", t.label);
        assert_eq!(
            db.register(&all).await.unwrap().len(),
            before,
            "{}",
            t.label
        );
        // The same record number in two new rows: refused before writing, the row named.
        let rows = vec![
            row(2, "Người Thứ Nhất", "81000001", Some("000123KG")),
            row(3, "Người Thứ Hai", "81000002", Some("000123KG")),
        ];
        match db
            .import_members(&actor(), "CB-A1", &rows, &mut |_| {})
            .await
        {
            Err(db::DbError::Rows(errs)) => {
                assert_eq!(errs.len(), 1, "{}", t.label);
                assert_eq!((errs[0].row, errs[0].column.as_str()), (3, "Số lý lịch"));
            }
            other => panic!("{}: {other:?}", t.label),
        }
        assert_eq!(
            db.register(&all).await.unwrap().len(),
            before,
            "{}",
            t.label
        );
    }
}

/// One write of the sequence that the counts kept per organization must follow.
#[derive(Debug, Clone)]
enum Write {
    Add {
        branch: usize,
        born: u32,
    },
    Transfer {
        who: usize,
        to: usize,
    },
    Died {
        who: usize,
    },
    Official {
        who: usize,
    },
    Correct {
        who: usize,
        born: u32,
        theory: usize,
    },
    /// A posting ended by another program, straight in SQL.
    Outside {
        who: usize,
    },
}

fn arb_write() -> impl Strategy<Value = Write> {
    prop_oneof![
        3 => (0usize..3, 0u32..15_000).prop_map(|(branch, born)| Write::Add { branch, born }),
        2 => (0usize..40, 0usize..3).prop_map(|(who, to)| Write::Transfer { who, to }),
        1 => (0usize..40).prop_map(|who| Write::Died { who }),
        1 => (0usize..40).prop_map(|who| Write::Official { who }),
        2 => (0usize..40, 0u32..15_000, 0usize..4)
            .prop_map(|(who, born, theory)| Write::Correct { who, born, theory }),
        1 => (0usize..40).prop_map(|who| Write::Outside { who }),
    ]
}

/// Applies one write; a write the register refuses (a dead member transferred) is skipped.
async fn apply_write(db: &db::Db, people: &mut Vec<i32>, w: &Write, n: usize) {
    let branches = ["CB-A1", "CB-A2", "CB-B"];
    let pick = |who: &usize| (!people.is_empty()).then(|| people[who % people.len()]);
    let when = today() - chrono::Days::new(30);
    match w {
        Write::Add { branch, born } => {
            let born = d(1960, 1, 1) + chrono::Days::new(*born as u64);
            let r = person(
                "Thử Kế Tiếp",
                born,
                d(2010, 3, 1),
                None,
                Some(&format!("{:08}", 60_000_000 + n)),
            );
            people.push(
                db.add_person(&actor(), branches[*branch], &r, today())
                    .await
                    .unwrap(),
            );
        }
        Write::Transfer { who, to } => {
            if let Some(p) = pick(who) {
                let to = MemberEvent::Transferred {
                    to: branches[*to].into(),
                };
                let _ = db
                    .record_member_event(&actor(), p, when, to, None, today())
                    .await;
            }
        }
        Write::Died { who } => {
            if let Some(p) = pick(who) {
                let _ = db
                    .record_member_event(&actor(), p, when, MemberEvent::Died, None, today())
                    .await;
            }
        }
        Write::Official { who } => {
            if let Some(p) = pick(who) {
                let _ = db
                    .record_member_event(&actor(), p, when, MemberEvent::Official, None, today())
                    .await;
            }
        }
        Write::Correct { who, born, theory } => {
            if let Some(p) = pick(who) {
                let mut r = db.person(p).await.unwrap();
                r.birth_date = d(1960, 1, 1) + chrono::Days::new(*born as u64);
                r.theory = TheoryLevel::ALL[*theory];
                db.update_person(&actor(), p, &r).await.unwrap();
            }
        }
        Write::Outside { who } => {
            if let Some(p) = pick(who) {
                let outside = sea_orm::Database::connect(db.url()).await.unwrap();
                let sql = format!(
                    "UPDATE posting SET to_date = '{}' WHERE person_id = {p} AND to_date IS NULL",
                    today() - chrono::Days::new(10)
                );
                sea_orm::ConnectionTrait::execute_unprepared(&outside, &sql)
                    .await
                    .unwrap();
                outside.close().await.unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]
    /// The structure added up from the counts kept per organization equals the aggregate over
    /// every member after any sequence of writes (events, corrections, a program writing
    /// straight in SQL), on today and on a date of the past, for the whole tree and a part.
    #[test]
    fn kept_counts_follow_every_write(writes in proptest::collection::vec(arb_write(), 1..30)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            for t in databases().await {
                let db = &t.db;
                tree(db).await;
                let mut people = Vec::new();
                for (n, w) in writes.iter().enumerate() {
                    apply_write(db, &mut people, w, n).await;
                    for as_of in [today(), today() - chrono::Days::new(20)] {
                        for org in ["TU", "DB-A", "CB-B"] {
                            let kept = db.structure_counted(org, as_of).await.unwrap();
                            let fresh = db.structure_uncached(org, as_of).await.unwrap();
                            assert_eq!(kept.counts, fresh.counts, "{} {org} {as_of} after {w:?}", t.label);
                        }
                    }
                }
            }
        });
    }
}

/// A write touches the kept counts of its own organizations only: after a member of one
/// branch is corrected, the other branches' counts are still used (their rows unchanged).
#[tokio::test]
async fn a_write_leaves_the_other_organizations_counts_kept() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let a1 = db
            .add_person(
                &actor(),
                "CB-A1",
                &person(
                    "Lê Văn Một",
                    d(1980, 1, 1),
                    d(2005, 1, 1),
                    None,
                    Some("70000001"),
                ),
                today(),
            )
            .await
            .unwrap();
        db.add_person(
            &actor(),
            "CB-B",
            &person(
                "Lê Văn Hai",
                d(1981, 1, 1),
                d(2005, 1, 1),
                None,
                Some("70000002"),
            ),
            today(),
        )
        .await
        .unwrap();
        assert_eq!(
            db.structure_counted("TU", today())
                .await
                .unwrap()
                .structure
                .members,
            2
        );
        let kept = db.kept_tallies().await.unwrap();
        assert_eq!(
            kept.len(),
            6,
            "{}: one count for each of the 6 organizations",
            t.label
        );
        let mut r = db.person(a1).await.unwrap();
        r.birth_date = d(1990, 1, 1);
        db.update_person(&actor(), a1, &r).await.unwrap();
        let after = db.kept_tallies().await.unwrap();
        let stale: Vec<_> = after
            .iter()
            .filter(|(code, _)| !code.starts_with("CB-A1"))
            .collect();
        assert!(
            stale.iter().all(|(_, used)| *used),
            "{}: {after:?}",
            t.label
        );
        assert!(
            after.iter().any(|(code, used)| code == "CB-A1" && !used),
            "{}: {after:?}",
            t.label
        );
        let s = db.structure_counted("TU", today()).await.unwrap();
        assert_eq!(
            s.counts,
            db.structure_uncached("TU", today()).await.unwrap().counts
        );
        assert!(
            db.kept_tallies()
                .await
                .unwrap()
                .iter()
                .all(|(_, used)| *used),
            "{}",
            t.label
        );
    }
}

/// Counting ahead (the server, at start and each night) keeps the counts of every tree large
/// enough, and leaves the smaller ones to be counted when first asked.
#[tokio::test]
async fn counting_ahead_keeps_the_counts_of_large_trees_only() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        db.add_person(
            &actor(),
            "CB-A1",
            &person(
                "Lê Văn Ba",
                d(1980, 1, 1),
                d(2005, 1, 1),
                None,
                Some("70000003"),
            ),
            today(),
        )
        .await
        .unwrap();
        assert_eq!(
            db.count_ahead(today(), 1_000).await.unwrap(),
            0,
            "{}",
            t.label
        );
        assert!(db.kept_tallies().await.unwrap().is_empty(), "{}", t.label);
        assert_eq!(db.rollup_reads(), (0, 0), "{}: no year read", t.label);
        assert_eq!(
            db.count_ahead(today(), 6).await.unwrap(),
            1,
            "{}: the tree of TU",
            t.label
        );
        let kept = db.kept_tallies().await.unwrap();
        assert_eq!(kept.len(), 6, "{}: {kept:?}", t.label);
        assert!(kept.iter().all(|(_, used)| *used), "{}", t.label);
        // The year's rows of the tree were read ahead too: the root's year is then kept.
        assert_eq!(db.rollup_reads(), (1, 0), "{}: the year read once", t.label);
        let year = chrono::Datelike::year(&today());
        db.year_metrics("TU", year, today()).await.unwrap();
        assert_eq!(db.rollup_reads(), (1, 0), "{}: and kept", t.label);
    }
}
