//! Congresses on real databases: the season plan and its progress, the congress record from the
//! register, elections in the rules' order, ballot entry by two counters with undo, closing
//! only on agreement, the next round, and verification that finds a tampered ballot.

use crate::common::{d, databases, today};
use db::{Actor, Db, NewCandidate, NewCongress, NewOrg, NewPlan, NewPlanItem};
use domain::congress::{ElectionKind, EnteredBallot, HandVote, PlanState, Presence, Term};
use domain::election::CongressKind;
use domain::register::member::{
    MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};
use sea_orm::{ConnectionTrait, Statement};

fn actor() -> Actor {
    Actor("test".into())
}

const NAMES: [&str; 11] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Võ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Ngô Thị Nga",
    "Dương Văn Phúc",
];

/// DB-A over CB-A1 (10 official members and one probationary) and CB-A2.
async fn setup(db: &Db) {
    for (code, kind, parent) in [
        ("TU", OrgKind::Province, None),
        ("DB-A", OrgKind::GrassrootsCommittee, Some("TU")),
        ("CB-A1", OrgKind::Branch, Some("DB-A")),
        ("CB-A2", OrgKind::Branch, Some("DB-A")),
        ("CB-B", OrgKind::GrassrootsBranch, Some("TU")),
    ] {
        db.create_org(
            &actor(),
            &NewOrg {
                code: OrgCode::parse(code).unwrap(),
                name: format!("Tổ chức {code}"),
                kind,
                parent: parent.map(|p| OrgCode::parse(p).unwrap()),
                since: d(2000, 1, 1),
                decision: None,
            },
        )
        .await
        .unwrap();
    }
    for (i, name) in NAMES.iter().enumerate() {
        let probationary = i == 10;
        let record = PersonRecord {
            full_name: PersonName::parse(name).unwrap(),
            birth_name: None,
            birth_date: d(1980, 1, 1 + i as u32),
            sex: Sex::Male,
            ethnicity: Some("Kinh".into()),
            religion: None,
            home_town: None,
            education: None,
            theory: TheoryLevel::Intermediate,
            qualification: Qualification::Bachelor,
            foreign_language: None,
            occupation: None,
            membership: Some(MembershipRecord {
                admitted_on: if probationary {
                    d(2025, 1, 10)
                } else {
                    d(2010, 1, 1)
                },
                official_on: if probationary {
                    None
                } else {
                    Some(d(2011, 1, 1))
                },
                card_number: None,
                record_number: None,
            }),
        };
        db.add_person(&actor(), "CB-A1", &record, today())
            .await
            .unwrap();
    }
}

fn new_congress(org: &str, on: chrono::NaiveDate) -> NewCongress {
    NewCongress {
        org: org.into(),
        term: Term {
            from: 2025,
            to: 2030,
        },
        kind: CongressKind::Members,
        starts_on: on,
        ends_on: on,
        place: Some("Hội trường".into()),
        guests: vec!["Đồng chí Bí thư Đảng ủy".into()],
        pilot: true,
    }
}

fn cands(names: &[&str]) -> Vec<NewCandidate> {
    names.iter().map(|n| NewCandidate::listed(n)).collect()
}

async fn enter_all(db: &Db, round: i32, counter: u8, lines: &[&str]) {
    for l in lines {
        db.enter_ballot(&actor(), round, counter, l).await.unwrap();
    }
}

#[tokio::test]
async fn the_season_plan_counts_held_congresses_and_lists_overdue_first() {
    for t in databases().await {
        let db = &t.db;
        setup(db).await;
        let item = |org: &str, on, pilot| NewPlanItem {
            org: org.into(),
            scheduled: on,
            pilot,
            previous: Some(d(2022, 10, 1)),
        };
        let plan = NewPlan {
            superior: "DB-A".into(),
            symbol: "Số 205-KH/ĐU".into(),
            title: "Kế hoạch đại hội chi bộ".into(),
            issued_on: d(2025, 3, 1),
            items: vec![
                item("CB-A1", d(2025, 4, 15), true),
                item("CB-A2", d(2025, 5, 1), false),
            ],
        };
        let id = db.create_plan(&actor(), &plan).await.unwrap();
        assert_eq!(
            db.find_plan("db-a", "205-KH/ĐU").await.unwrap(),
            id,
            "{}",
            t.label
        );
        db.create_congress(&actor(), &new_congress("CB-A1", d(2025, 4, 15)))
            .await
            .unwrap();
        let v = db.plan_progress(id, d(2025, 6, 1)).await.unwrap();
        assert_eq!(v.progress.label(), "1/2 đã tổ chức", "{}", t.label);
        assert_eq!(v.progress.rows[0].item.org_code, "CB-A2");
        assert_eq!(v.progress.rows[0].state, PlanState::Overdue);
        assert_eq!(v.progress.rows[1].state, PlanState::Held);
        // A branch outside the superior is refused, and so is a second plan with the symbol.
        let mut bad = plan.clone();
        bad.symbol = "206-KH/ĐU".into();
        bad.items = vec![item("CB-B", d(2025, 5, 1), false)];
        let e = db.create_plan(&actor(), &bad).await.unwrap_err();
        assert!(e.to_string().contains("không trực thuộc"), "{e}");
        assert!(db.create_plan(&actor(), &plan).await.is_err());
        assert!(db.plans_of("DB-A").await.unwrap().len() == 1);
        let audit = db.audit_entries(Some("congress_plan"), 10).await.unwrap();
        assert_eq!(audit.len(), 1, "{}", t.label);
    }
}

#[tokio::test]
async fn the_congress_record_takes_the_summoned_list_from_the_register() {
    for t in databases().await {
        let db = &t.db;
        setup(db).await;
        let first = db
            .create_congress(&actor(), &new_congress("CB-A1", d(2022, 10, 1)))
            .await
            .unwrap();
        assert_eq!(first.ordinal, 1);
        let c = db
            .create_congress(&actor(), &new_congress("CB-A1", d(2025, 4, 15)))
            .await
            .unwrap();
        assert_eq!(c.ordinal, 2, "{}", t.label);
        assert_eq!(
            c.title,
            "Đại hội Tổ chức CB-A1 lần thứ II, nhiệm kỳ 2025–2030"
        );
        assert_eq!(c.summoned.official.len(), 10);
        assert_eq!(c.summoned.probationary.len(), 1);
        let absent = c.summoned.official[9].person_id;
        // A reason given with any presence but an absence with reason is refused.
        let e = db
            .set_presence(&actor(), c.id, absent, Presence::Present, Some("ốm"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("chỉ ghi lý do"), "{e}");
        db.set_presence(
            &actor(),
            c.id,
            absent,
            Presence::AbsentWithReason,
            Some("  Ốm,  nằm viện "),
        )
        .await
        .unwrap();
        let c = db.congress(c.id).await.unwrap();
        let who = c
            .summoned
            .official
            .iter()
            .find(|a| a.person_id == absent)
            .unwrap();
        assert_eq!(who.absence_reason.as_deref(), Some("Ốm, nằm viện"));
        assert_eq!(c.summoned.present(), 10);
        assert_eq!(c.summoned.base_spec(c.kind).base().unwrap().get(), 9);

        let bc = db
            .register_document(&actor(), c.id, "BC", "Báo cáo chính trị", d(2025, 4, 15))
            .await
            .unwrap();
        let nq = db
            .register_document(&actor(), c.id, "NQ", "Nghị quyết Đại hội", d(2025, 4, 15))
            .await
            .unwrap();
        assert_eq!(
            (bc.symbol.as_str(), nq.symbol.as_str()),
            ("01-BC/ĐH", "02-NQ/ĐH")
        );
        assert!(
            db.register_document(&actor(), c.id, "XX", "Lạ", d(2025, 4, 15))
                .await
                .is_err()
        );
        let adopted = db
            .record_resolution_vote(
                &actor(),
                c.id,
                HandVote {
                    agree: 9,
                    disagree: 0,
                    abstain: 0,
                },
            )
            .await
            .unwrap();
        assert!(adopted);
        assert!(
            db.record_resolution_vote(
                &actor(),
                c.id,
                HandVote {
                    agree: 9,
                    disagree: 2,
                    abstain: 0
                }
            )
            .await
            .is_err()
        );
        let c = db.congress(c.id).await.unwrap();
        assert_eq!(c.documents.len(), 2);
        assert_eq!(c.resolution.map(|r| r.1), Some(true));
        assert_eq!(db.find_congress("cb-a1", None).await.unwrap(), c.id);
        assert_eq!(db.find_congress("CB-A1", Some(1)).await.unwrap(), first.id);
    }
}

#[tokio::test]
async fn a_whole_branch_congress_elects_in_order_with_double_entry() {
    for t in databases().await {
        let db = &t.db;
        setup(db).await;
        let c = db
            .create_congress(&actor(), &new_congress("CB-A1", d(2025, 4, 15)))
            .await
            .unwrap();
        let n = |i: usize| NAMES[i];
        // No counting board yet; then a counter who stands is refused.
        let first = cands(&[n(0), n(1), n(2), n(3)]);
        assert!(
            db.open_election(&actor(), c.id, ElectionKind::Committee, 3, &first, 10)
                .await
                .is_err()
        );
        let board = [n(6), n(7), n(8)].map(String::from);
        db.set_counting_board(&actor(), c.id, &board).await.unwrap();
        let e = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Secretary,
                1,
                &cands(&[n(0)]),
                10,
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("phải bầu xong Chi ủy trước"), "{e}");
        let e = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Committee,
                3,
                &cands(&[n(0), n(1), n(2), n(6)]),
                10,
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("Ban kiểm phiếu"), "{e}");
        let e = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Committee,
                3,
                &cands(&[n(0), n(1), n(2), n(3), n(4)]),
                10,
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("dư nhiều nhất 1"), "{e}");

        let (r1, _) = db
            .open_election(&actor(), c.id, ElectionKind::Committee, 3, &first, 10)
            .await
            .unwrap();
        assert_eq!(r1.code, "CB-A1/I/committee/1", "{}", t.label);
        assert_eq!(r1.base, 10);
        // Base 10, threshold 6: An 9, Bình 9, Cường 4, Dung 4, one ballot strikes everyone.
        let lines = ["4", "3", "4", "3", "4", "3", "4", "3", "3 4", "1 2 3 4"];
        enter_all(db, r1.id, 1, &lines).await;
        // A number not on the list and an eleventh ballot are refused, nothing lost.
        let e = db.enter_ballot(&actor(), r1.id, 2, "5").await.unwrap_err();
        assert!(
            e.to_string().contains("số 5 không có trong danh sách"),
            "{e}"
        );
        let e = db.enter_ballot(&actor(), r1.id, 1, "4").await.unwrap_err();
        assert!(e.to_string().contains("đã nhập đủ 10 phiếu"), "{e}");
        let mut typo = lines;
        typo[2] = "3";
        enter_all(db, r1.id, 2, &typo).await;
        let e = db.close_round(&actor(), r1.id).await.unwrap_err();
        assert!(
            e.to_string()
                .contains("phiếu thứ 3: người nhập 1 «gạch 4», người nhập 2 «gạch 3»"),
            "{e}"
        );
        // Undo back to the mistake and enter again.
        for _ in 0..7 {
            db.undo_last_ballot(&actor(), r1.id, 2).await.unwrap();
        }
        let undone = db.undo_last_ballot(&actor(), r1.id, 2).await.unwrap();
        assert_eq!(undone, Some(EnteredBallot::Struck(vec![3])));
        enter_all(db, r1.id, 2, &lines[2..]).await;
        let closed = db.close_round(&actor(), r1.id).await.unwrap();
        let res = closed.result.unwrap();
        assert_eq!(
            res["elected"],
            serde_json::json!([n(0), n(1)]),
            "{}",
            t.label
        );
        assert_eq!(res["ballots"]["invalid"], 1);
        assert_eq!(res["next_round"]["seats"], 1);
        assert!(db.enter_ballot(&actor(), r1.id, 1, "4").await.is_err());
        assert!(db.verify_round(r1.id).await.unwrap().is_consistent());

        // The congress holds the second round for the seat left.
        let r2 = db
            .open_next_round(&actor(), r1.election_id, 10)
            .await
            .unwrap();
        assert_eq!(r2.candidates, [n(2), n(3)]);
        assert_eq!(r2.code, "CB-A1/I/committee/2");
        let l2 = ["2", "2", "2", "2", "2", "2", "2", "1", "1", "k"];
        enter_all(db, r2.id, 1, &l2).await;
        enter_all(db, r2.id, 2, &l2).await;
        let r2 = db.close_round(&actor(), r2.id).await.unwrap();
        assert_eq!(r2.result.unwrap()["elected"], serde_json::json!([n(2)]));
        let els = db.elections(c.id).await.unwrap();
        assert_eq!(els[0].elected, [n(0), n(1), n(2)]);
        assert_eq!(els[0].status, "done");

        // The secretary comes from the committee; the deputy is not the secretary.
        let e = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Secretary,
                1,
                &cands(&[n(4)]),
                10,
            )
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("không có trong số chi ủy viên"),
            "{e}"
        );
        // Two names for the one secretary seat: allowed (the guidance on 190-QĐ/TW), with a
        // warning that Art. 14's 30% of one seat is less than one person; three are refused.
        let e = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Secretary,
                1,
                &cands(&[n(0), n(1), n(2)]),
                10,
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("dư nhiều nhất 1"), "{e}");
        let (s, warning) = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Secretary,
                1,
                &cands(&[n(0), n(1)]),
                10,
            )
            .await
            .unwrap();
        let warning = warning.expect("a warning for 2 names for 1 seat");
        assert!(warning.contains("Điều 14 Quy chế 190-QĐ/TW"), "{warning}");
        let pick_first = ["2", "2", "2", "2", "2", "2", "2", "2", "2", "1"];
        enter_all(db, s.id, 1, &pick_first).await;
        enter_all(db, s.id, 2, &pick_first).await;
        let s = db.close_round(&actor(), s.id).await.unwrap();
        assert_eq!(s.result.unwrap()["elected"], serde_json::json!([n(0)]));
        let keep = ["", "", "", "", "", "", "", "", "", "1"];
        assert!(
            db.open_election(&actor(), c.id, ElectionKind::Deputy, 1, &cands(&[n(0)]), 10)
                .await
                .is_err()
        );
        let (dp, _) = db
            .open_election(&actor(), c.id, ElectionKind::Deputy, 1, &cands(&[n(1)]), 10)
            .await
            .unwrap();
        enter_all(db, dp.id, 1, &keep).await;
        enter_all(db, dp.id, 2, &keep).await;
        db.close_round(&actor(), dp.id).await.unwrap();
        let m = db.minutes_data(dp.id).await.unwrap();
        assert_eq!((m.summoned, m.present, m.base), (11, 11, 10));
        assert_eq!((m.ballots_valid, m.ballots_invalid), (10, 0));
        assert_eq!(m.elected, [n(1)]);
        assert_eq!(m.counting_board, board);
        assert_eq!(m.results[0].1, 9);

        let audit = db.audit_entries(Some("ballot_entry"), 1000).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "delete"), "{}", t.label);
        assert_eq!(db.find_round("CB-A1/I/committee/1").await.unwrap(), r1.id);
        assert_eq!(db.find_round("CB-A1/I/committee").await.unwrap(), r2.id);
    }
}

#[tokio::test]
async fn verification_names_a_ballot_changed_after_entry() {
    for t in databases().await {
        let db = &t.db;
        setup(db).await;
        let c = db
            .create_congress(&actor(), &new_congress("CB-A1", d(2025, 4, 15)))
            .await
            .unwrap();
        db.set_counting_board(&actor(), c.id, &[NAMES[8].to_string()])
            .await
            .unwrap();
        let (r, _) = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Committee,
                3,
                &cands(&NAMES[..4]),
                10,
            )
            .await
            .unwrap();
        let lines = ["4", "4", "4", "4", "4", "4", "3", "3", "3", "3"];
        enter_all(db, r.id, 1, &lines).await;
        enter_all(db, r.id, 2, &lines).await;
        db.close_round(&actor(), r.id).await.unwrap();
        assert!(db.verify_round(r.id).await.unwrap().is_consistent());
        let conn = db.connection();
        conn.execute_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("UPDATE ballot_entry SET payload = 'S:4' WHERE round_id = {} AND counter = 1 AND seq = 7", r.id),
        ))
        .await
        .unwrap();
        let v = db.verify_round(r.id).await.unwrap();
        assert!(!v.is_consistent(), "{}", t.label);
        assert!(
            v.problems[0].starts_with("người nhập 1, phiếu thứ 7"),
            "{:?}",
            v.problems
        );
    }
}

/// Ten clerks' browsers enter ballots on one counter at the same moment: on PostgreSQL the
/// round's row lock makes them take turns (before it, two read the same tail and one failed
/// on the unique key, a 500 under load); every ballot is stored once, the chain whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ballots_entered_at_the_same_moment_take_turns_and_chain() {
    for t in databases().await {
        let db = &t.db;
        setup(db).await;
        let c = db
            .create_congress(&actor(), &new_congress("CB-A1", d(2025, 4, 15)))
            .await
            .unwrap();
        db.set_counting_board(&actor(), c.id, &[NAMES[8].to_string()])
            .await
            .unwrap();
        let (r, _) = db
            .open_election(
                &actor(),
                c.id,
                ElectionKind::Committee,
                3,
                &cands(&NAMES[..4]),
                10,
            )
            .await
            .unwrap();
        let tasks: Vec<_> = (0..10)
            .map(|i| {
                let db = db.clone();
                let line = if i % 2 == 0 { "4" } else { "3" };
                tokio::spawn(async move { db.enter_ballot(&actor(), r.id, 1, line).await })
            })
            .collect();
        for task in tasks {
            task.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        }
        let round = db.round(r.id).await.unwrap();
        assert_eq!(round.entered[0], 10, "{}", t.label);
        let v = db.verify_round(r.id).await.unwrap();
        assert!(
            !v.problems.iter().any(|p| p.contains("người nhập 1")),
            "{}: {:?}",
            t.label,
            v.problems
        );
    }
}
