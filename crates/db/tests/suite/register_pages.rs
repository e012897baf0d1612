//! The register a page at a time on a large subtree: pages read in name order (walking the
//! sort key's index on SQLite) hold exactly the lines of the whole register sorted, a branch's
//! pages hold only its own members, and a remembered page or count follows every write, this
//! process's at once and another program's once the data version is asked again.

use chrono::Datelike;

use crate::common::{d, databases, today};
use db::{Actor, BulkOrg, BulkPerson, BulkPosting, RegisterQuery};
use domain::register::member::{
    MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"];
const GIVEN: [&str; 12] = [
    "An", "Bình", "Châu", "Dũng", "Đức", "Giang", "Hà", "Hùng", "Lan", "Nam", "Ánh", "Yến",
];

fn person(i: usize) -> PersonRecord {
    let name = format!(
        "{} {} {}",
        FAMILY[i % 8],
        MIDDLE[(i / 8) % 6],
        GIVEN[(i * 7 / 5) % 12]
    );
    PersonRecord {
        full_name: PersonName::parse(&name).unwrap(),
        birth_name: None,
        birth_date: d(
            1960 + (i % 40) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        ),
        sex: if i.is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        },
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: d(2010, 3, 4),
            official_on: Some(d(2011, 3, 4)),
            card_number: None,
            record_number: None,
        }),
    }
}

/// The province of the tests: 2,600 members, most in CB-A1, some in CB-A2 and CB-B.
async fn load_province(db: &db::Db, a: &Actor) {
    let orgs = vec![
        BulkOrg {
            code: OrgCode::parse("TU").unwrap(),
            name: "Đảng bộ tỉnh Thử".into(),
            kind: OrgKind::Province,
            parent: None,
            since: d(2000, 1, 1),
        },
        BulkOrg {
            code: OrgCode::parse("DB-A").unwrap(),
            name: "Đảng bộ Sở A".into(),
            kind: OrgKind::GrassrootsCommittee,
            parent: Some(0),
            since: d(2000, 1, 1),
        },
        BulkOrg {
            code: OrgCode::parse("CB-A1").unwrap(),
            name: "Chi bộ Phòng A1".into(),
            kind: OrgKind::Branch,
            parent: Some(1),
            since: d(2000, 1, 1),
        },
        BulkOrg {
            code: OrgCode::parse("CB-A2").unwrap(),
            name: "Chi bộ Phòng A2".into(),
            kind: OrgKind::Branch,
            parent: Some(1),
            since: d(2000, 1, 1),
        },
        // A code whose path sorts right after DB-A's: must never fall inside its range.
        BulkOrg {
            code: OrgCode::parse("CB-B").unwrap(),
            name: "Chi bộ Sở B".into(),
            kind: OrgKind::GrassrootsBranch,
            parent: Some(0),
            since: d(2000, 1, 1),
        },
    ];
    let ids = db.load_orgs(a, &orgs, None, &mut |_| {}).await.unwrap();
    // 2,600 people: most in CB-A1, some in CB-A2 and CB-B.
    let people: Vec<BulkPerson> = (0..2600)
        .map(|i| BulkPerson {
            record: person(i),
            postings: vec![BulkPosting {
                org_id: ids[match i % 10 {
                    0 => 3,
                    1 => 4,
                    _ => 2,
                }],
                from: d(2015, 1, 1),
                to: None,
                temporary: false,
            }],
            ended: None,
        })
        .collect();
    db.load_people(a, &people, false, "test", &mut |_| {})
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_a_large_register_match_the_whole_register_in_order() {
    for t in databases().await {
        let a = Actor("test".into());
        load_province(&t.db, &a).await;

        for (org, expected) in [("TU", 2600), ("DB-A", 2340), ("CB-A2", 260), ("CB-B", 260)] {
            let q = RegisterQuery {
                org: org.into(),
                on: today(),
                search: None,
                include_non_members: false,
            };
            let whole = t.db.register_page(&q, None).await.unwrap();
            assert_eq!(whole.rows.len(), expected, "{}: {org}", t.label);
            let ids: Vec<i32> = whole.rows.iter().map(|r| r.id).collect();
            // The first pages (walked in name order on a large subtree), a middle one and the last.
            for offset in [0, 50, 100, 1000, (expected as u64 / 50) * 50] {
                let page = t.db.register_page(&q, Some((offset, 50))).await.unwrap();
                assert_eq!(page.total, expected as u64, "{}: {org}", t.label);
                let got: Vec<i32> = page.rows.iter().map(|r| r.id).collect();
                let from = (offset as usize).min(ids.len());
                let want = &ids[from..(from + 50).min(ids.len())];
                assert_eq!(got, want, "{}: {org} from {offset}", t.label);
            }
        }

        // A search over the whole province, a page at a time, agrees with the whole result.
        let q = RegisterQuery {
            org: "TU".into(),
            on: today(),
            search: Some("nguyen van".into()),
            include_non_members: false,
        };
        let whole = t.db.register_page(&q, None).await.unwrap();
        assert!(whole.rows.len() > 50, "{}", t.label);
        let page = t.db.register_page(&q, Some((0, 50))).await.unwrap();
        assert_eq!(page.total as usize, whole.rows.len(), "{}", t.label);
        let want: Vec<i32> = whole.rows.iter().take(50).map(|r| r.id).collect();
        assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), want);

        // The count is remembered between pages; a write makes it count again.
        let q = RegisterQuery {
            org: "CB-A2".into(),
            on: today(),
            search: None,
            include_non_members: false,
        };
        assert_eq!(
            t.db.register_page(&q, Some((0, 50))).await.unwrap().total,
            260
        );
        t.db.add_person(&a, "CB-A2", &person(9999), today())
            .await
            .unwrap();
        assert_eq!(
            t.db.register_page(&q, Some((0, 50))).await.unwrap().total,
            261,
            "{}: the count follows the write",
            t.label
        );
        // A write from another connection (another program on the same file) counts too.
        let other = db::Db::connect(t.db.url()).await.unwrap();
        other
            .add_person(&a, "CB-A2", &person(10_000), today())
            .await
            .unwrap();
        assert_eq!(
            t.db.register_page(&q, Some((0, 50))).await.unwrap().total,
            262,
            "{}: a write by another connection is seen",
            t.label
        );
        // A write by another program, which this process's commit counter does not see
        // (a bare connection without the hook), is seen once `data_version` is asked again.
        if t.db.backend() == db::Backend::Sqlite {
            use sea_orm::sqlx::Connection;
            let mut outside = sea_orm::sqlx::SqliteConnection::connect(t.db.url())
                .await
                .unwrap();
            let end_one = format!(
                "UPDATE posting SET to_date = '{}' WHERE id = (SELECT m.id FROM posting m \
                 JOIN organization o ON o.id = m.org_id WHERE o.code = 'CB-A2' \
                 AND m.kind = 'regular' AND m.to_date IS NULL ORDER BY m.id LIMIT 1)",
                today()
            );
            sea_orm::sqlx::raw_sql(sea_orm::sqlx::AssertSqlSafe(end_one))
                .execute(&mut outside)
                .await
                .unwrap();
            outside.close().await.unwrap();
            tokio::time::sleep(db::OUTSIDE_CHANGES_SEEN_WITHIN * 2).await;
            assert_eq!(
                t.db.register_page(&q, Some((0, 50))).await.unwrap().total,
                261,
                "a write by another program is seen"
            );
        }
    }
}

/// The ids of a figure list's lines, in order.
/// The register read a group of organizations at a time (the large export) holds the lines of
/// the whole register, once each, organization by organization in the tree's order and each
/// one's members in name order; a search and the staff choice are kept.
#[tokio::test]
async fn the_register_read_by_organization_holds_every_line_once_in_tree_order() {
    for t in databases().await {
        let a = Actor::cli();
        load_province(&t.db, &a).await;
        for (org, search, staff) in [
            ("TU", None, false),
            ("TU", None, true),
            ("DB-A", None, false),
            ("TU", Some("nguyen van"), false),
            ("CB-B", None, false),
        ] {
            let q = RegisterQuery {
                org: org.into(),
                on: today(),
                search: search.map(String::from),
                include_non_members: staff,
            };
            let whole = t.db.register(&q).await.unwrap();
            let tree = t.db.tree(org, Some(today())).await.unwrap();
            // The order expected: the tree's organizations, each one's lines in name order.
            let mut want = Vec::new();
            for o in &tree {
                want.extend(whole.iter().filter(|r| r.org_code == o.code).map(|r| r.id));
            }
            assert_eq!(want.len(), whole.len(), "{}: {org}", t.label);
            for per_read in [1, 2, db::ORGS_PER_READ] {
                let mut got = Vec::new();
                let mut reads = 0;
                let n =
                    t.db.register_by_org(&q, per_read, &mut |lines| {
                        reads += 1;
                        got.extend(lines.iter().map(|r| r.id));
                        Ok(())
                    })
                    .await
                    .unwrap();
                assert_eq!(n as usize, whole.len(), "{}: {org} by {per_read}", t.label);
                assert_eq!(got, want, "{}: {org} by {per_read}", t.label);
                assert_eq!(reads, tree.len().div_ceil(per_read), "{}", t.label);
            }
        }
    }
}

fn line_ids(lines: &[db::FigureLine]) -> Vec<i32> {
    lines
        .iter()
        .map(|line| match line {
            db::FigureLine::Person { id, .. } | db::FigureLine::Meeting { id, .. } => *id,
        })
        .collect()
}

/// The list behind a figure a page at a time (issue 15): each page holds exactly its slice
/// of the whole list in name order, with the whole list's count (taken from the structure
/// statistics for a figure on a date, from the year's kept figures for a yearly one) and the
/// same share.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_a_figure_s_list_match_the_whole_list_in_order() {
    use domain::figure::Figure;
    for t in databases().await {
        let a = Actor("test".into());
        load_province(&t.db, &a).await;
        let year = today().year();
        let figures = [
            Figure::Members,
            Figure::Official,
            Figure::Age(2),
            Figure::Theory(TheoryLevel::Elementary),
            Figure::Qualification(Qualification::Bachelor),
            Figure::Pledged { year },
            Figure::Supervised { year },
        ];
        for org in ["TU", "DB-A", "CB-B"] {
            for figure in figures {
                let l = format!("{}: {org} {}", t.label, figure.key());
                let whole =
                    t.db.figure_list(org, figure, today(), today())
                        .await
                        .unwrap();
                let ids = line_ids(&whole.lines);
                assert_eq!(whole.total as usize, ids.len(), "{l}");
                for offset in [0u64, 50, 1000, (ids.len() as u64 / 50) * 50] {
                    let page =
                        t.db.figure_page(org, figure, (today(), today()), (offset, 50))
                            .await
                            .unwrap();
                    assert_eq!(page.total, whole.total, "{l} from {offset}");
                    assert_eq!(page.of, whole.of, "{l} from {offset}");
                    assert_eq!(page.offset, offset, "{l}");
                    let got = line_ids(&page.lines);
                    let from = (offset as usize).min(ids.len());
                    assert_eq!(
                        got,
                        ids[from..(from + 50).min(ids.len())],
                        "{l} from {offset}"
                    );
                }
            }
        }
        let members =
            t.db.figure_page("TU", Figure::Members, (today(), today()), (0, 0));
        let members = members.await.unwrap();
        assert_eq!(members.total, 2600, "{}", t.label);
        assert!(members.lines.is_empty(), "{}: the count alone", t.label);
        // Meetings come whole whatever page is asked: their figure is the sum of all.
        let meetings = Figure::Meetings { year };
        let page =
            t.db.figure_page("TU", meetings, (today(), today()), (50, 50))
                .await
                .unwrap();
        assert_eq!(page.offset, 0, "{}: meetings are not paged", t.label);
        assert_eq!(page.lines.len() as u64, page.total, "{}", t.label);
    }
}
