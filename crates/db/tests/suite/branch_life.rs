//! Branch life on real databases: meetings and attendance (refusals for the future and for
//! people not in the branch on the day, exempt members left out of the rate), study and
//! supervision coverage, ratings (a stage twice refused, the cap refused then allowed by an
//! exception), and the review computed from all of it, checked against hand-counted figures.

use crate::common::{d, databases};
use db::branch::{MemberRatingInput, NewMeeting, NewResolution, NewStudySession, NewSupervision};
use db::{Actor, NewOrg};
use domain::branch::meeting::{Attendance, MeetingKind, Standing};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use domain::branch::supervision::SupervisionKind;
use domain::branch::target::{Comparator, Period, Source, Target, Term};
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{
    MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

fn actor() -> Actor {
    Actor("test".into())
}

fn today() -> chrono::NaiveDate {
    d(2022, 6, 1)
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

fn person(name: &str, admitted: Option<chrono::NaiveDate>) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1985, 3, 3),
        sex: Sex::Male,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Intermediate,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: admitted.map(|a| MembershipRecord {
            admitted_on: a,
            official_on: Some(a + chrono::Days::new(366)).filter(|o| *o <= today()),
            card_number: None,
            record_number: None,
        }),
    }
}

/// CB-A1: members m[0..6] admitted in 2010 (m[5] exempt from 2021), two non-members; CB-A2:
/// one member.
async fn people(db: &db::Db) -> (Vec<i32>, Vec<i32>, i32) {
    let mut m = Vec::new();
    for n in [
        "Nguyễn Văn An",
        "Trần Văn Bình",
        "Lê Văn Cường",
        "Phạm Văn Dũng",
        "Võ Văn Em",
        "Hồ Văn Phúc",
    ] {
        m.push(
            db.add_person(&actor(), "CB-A1", &person(n, Some(d(2010, 5, 19))), today())
                .await
                .unwrap(),
        );
    }
    db.record_member_event(
        &actor(),
        m[5],
        d(2021, 1, 1),
        MemberEvent::Exempted,
        None,
        today(),
    )
    .await
    .unwrap();
    let mut staff = Vec::new();
    for n in ["Đặng Thị Hoa", "Bùi Thị Lan"] {
        // Non-member staff are posted from the "today" given: here, before the term.
        staff.push(
            db.add_person(&actor(), "CB-A1", &person(n, None), d(2015, 1, 1))
                .await
                .unwrap(),
        );
    }
    let other = db
        .add_person(
            &actor(),
            "CB-A2",
            &person("Ngô Văn Khánh", Some(d(2010, 5, 19))),
            today(),
        )
        .await
        .unwrap();
    (m, staff, other)
}

fn meeting(held_on: chrono::NaiveDate, attendance: Vec<(i32, Attendance)>) -> NewMeeting {
    NewMeeting {
        org: "CB-A1".into(),
        kind: MeetingKind::Regular,
        held_on,
        minutes: 90,
        thematic_part: false,
        topic: "Sinh hoạt định kỳ".into(),
        minutes_text: None,
        attendance,
    }
}

#[tokio::test]
async fn meetings_refuse_the_future_and_strangers_and_leave_exempt_members_out() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let (m, _, other) = people(db).await;
        let l = t.label;

        let e = db
            .record_meeting(&actor(), &meeting(d(2022, 6, 2), vec![]), today())
            .await
            .unwrap_err();
        assert!(
            e.is_bad_input() && e.to_string().contains("chưa diễn ra"),
            "{l}: {e}"
        );

        let e = db
            .record_meeting(
                &actor(),
                &meeting(d(2021, 3, 5), vec![(other, Attendance::Present)]),
                today(),
            )
            .await
            .unwrap_err();
        assert!(
            e.is_bad_input() && e.to_string().contains("không sinh hoạt tại Chi bộ A1"),
            "{l}: {e}"
        );
        assert!(
            db.meetings("CB-A1", d(2021, 1, 1), d(2021, 12, 31))
                .await
                .unwrap()
                .is_empty(),
            "{l}"
        );

        let mut short = meeting(
            d(2021, 3, 5),
            vec![
                (m[0], Attendance::Present),
                (m[1], Attendance::Present),
                (m[2], Attendance::Excused("Ốm".into())),
                (m[3], Attendance::Unexcused),
                (m[4], Attendance::Present),
                (m[5], Attendance::Present),
            ],
        );
        short.thematic_part = true;
        short.minutes = 100;
        let r = db.record_meeting(&actor(), &short, today()).await.unwrap();
        assert_eq!(r.warnings.len(), 1, "{l}");
        assert!(r.warnings[0].contains("120 phút"), "{l}: {:?}", r.warnings);
        let rows = db
            .meetings("CB-A1", d(2021, 1, 1), d(2021, 12, 31))
            .await
            .unwrap();
        assert_eq!(
            (rows[0].counted, rows[0].present, rows[0].rate),
            (5, 3, 60.0),
            "{l}"
        );

        let roster = db.roster("CB-A1", d(2021, 3, 5)).await.unwrap();
        let exempt = roster.iter().find(|e| e.person_id == m[5]).unwrap();
        assert_eq!(exempt.standing, Standing::Exempt, "{l}");

        let s = db
            .attendance_summary("DB-A", d(2021, 1, 1), d(2021, 12, 31))
            .await
            .unwrap();
        assert_eq!((s.counted, s.present, s.rate), (5, 3, 60.0), "{l}");
        assert!(
            s.members
                .iter()
                .any(|x| x.member == m[3] && x.absent_without_reason),
            "{l}"
        );

        // A member transferred away cannot be recorded at the branch's later meetings.
        db.record_member_event(
            &actor(),
            m[4],
            d(2021, 6, 1),
            MemberEvent::Transferred { to: "CB-A2".into() },
            None,
            today(),
        )
        .await
        .unwrap();
        let e = db
            .record_meeting(
                &actor(),
                &meeting(d(2021, 6, 5), vec![(m[4], Attendance::Present)]),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.is_bad_input(), "{l}: {e}");
        let e = db
            .record_meeting(
                &actor(),
                &meeting(
                    d(2021, 6, 5),
                    vec![(
                        m[0],
                        Attendance::from_parts("excused", Some(" "))
                            .unwrap_or(Attendance::Excused(String::new())),
                    )],
                ),
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("lý do"), "{l}: {e}");
        let audit = db.audit_entries(Some("meeting"), 10).await.unwrap();
        assert_eq!(audit.len(), 1, "{l}");
    }
}

#[tokio::test]
async fn ratings_once_a_year_and_the_cap_with_its_exception() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let (m, _, _) = people(db).await;
        let l = t.label;
        let input = |p: i32, level| MemberRatingInput {
            person: p,
            level,
            score: None,
            note: None,
        };
        db.rate_members(
            &actor(),
            "CB-A1",
            2020,
            RatingStage::SelfAssessment,
            &[input(m[0], RatingLevel::Good)],
            today(),
        )
        .await
        .unwrap();
        let e = db
            .rate_members(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::SelfAssessment,
                &[input(m[0], RatingLevel::Good)],
                today(),
            )
            .await
            .unwrap_err();
        assert!(
            e.is_bad_input() && e.to_string().contains("hai lần"),
            "{l}: {e}"
        );

        let e = db
            .rate_members(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::BranchProposal,
                &[MemberRatingInput {
                    person: m[1],
                    level: RatingLevel::Excellent,
                    score: Some(80),
                    note: None,
                }],
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("366-QĐ/TW"), "{l}: {e}");

        // One Excellent for four Good: 20% of 4 is under 1, so the cap refuses it, whole.
        let decision = vec![
            input(m[0], RatingLevel::Excellent),
            input(m[1], RatingLevel::Good),
            input(m[2], RatingLevel::Good),
            input(m[3], RatingLevel::Good),
            input(m[4], RatingLevel::Good),
        ];
        let e = db
            .rate_members(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::CommitteeDecision,
                &decision,
                today(),
            )
            .await
            .unwrap_err();
        assert!(
            e.is_bad_input()
                && e.to_string().contains("Đảng bộ A")
                && e.to_string().contains("tối đa 00"),
            "{l}: {e}"
        );
        let sheet = db.rating_sheet("CB-A1", 2020, today()).await.unwrap();
        assert!(sheet.iter().all(|r| r.decision.is_none()), "{l}");
        assert_eq!(
            sheet
                .iter()
                .find(|r| r.person_id == m[0])
                .unwrap()
                .self_assessment,
            Some(RatingLevel::Good),
            "{l}"
        );

        db.grant_rating_exception(
            &actor(),
            "CB-A1",
            2020,
            "Thành tích đột xuất được khen thưởng",
            "Ban Thường vụ Đảng ủy Khối",
            today(),
        )
        .await
        .unwrap();
        let cap = db
            .rate_members(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::CommitteeDecision,
                &decision,
                today(),
            )
            .await
            .unwrap()
            .unwrap();
        assert!(
            cap.exceeded && cap.ok && cap.explanation.contains("ngoại lệ"),
            "{l}: {cap:?}"
        );
        assert_eq!(
            db.rating_cap("CB-A2", 2020, today())
                .await
                .unwrap()
                .excellent,
            1,
            "{l}"
        );
        // Above the grassroots level nothing is pooled: the block's own cap counts only members
        // attached to it directly (none), and each grassroots organization is checked on its own.
        assert_eq!(
            db.rating_cap("DUK", 2020, today()).await.unwrap().excellent,
            0,
            "{l}"
        );
        let caps = db.rating_caps("TU", 2020, today()).await.unwrap();
        assert_eq!(
            caps.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            vec!["DB-A"],
            "{l}"
        );
        assert!(
            caps[0].cap.exceeded && caps[0].cap.ok && caps[0].cap.percent == 20,
            "{l}"
        );
        // After the decision nothing more for that year.
        let e = db
            .rate_members(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::BranchProposal,
                &[input(m[1], RatingLevel::Good)],
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.is_bad_input(), "{l}: {e}");

        db.rate_org(
            &actor(),
            "CB-A1",
            2020,
            RatingStage::CommitteeDecision,
            RatingLevel::Good,
            Some(80),
            None,
            today(),
        )
        .await
        .unwrap();
        let e = db
            .rate_org(
                &actor(),
                "CB-A1",
                2020,
                RatingStage::CommitteeDecision,
                RatingLevel::Good,
                None,
                None,
                today(),
            )
            .await
            .unwrap_err();
        assert!(e.is_bad_input(), "{l}: {e}");
        assert_eq!(db.org_ratings("CB-A1").await.unwrap().len(), 1, "{l}");
    }
}

#[tokio::test]
async fn the_review_counts_what_was_recorded() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let (m, staff, _) = people(db).await;
        let l = t.label;
        let target = |text: &str, v: f64, unit: &str, period, source| {
            Target::new(text, Comparator::AtLeast, v, unit, period, source).unwrap()
        };
        db.add_resolution(
            &actor(),
            &NewResolution {
                org: "CB-A1".into(),
                term: Term::parse("2020-2025").unwrap(),
                title: "Nghị quyết Đại hội Chi bộ A1".into(),
                adopted_on: Some(d(2020, 5, 1)),
                targets: vec![
                    target(
                        "Dự sinh hoạt từ 95%",
                        95.0,
                        "%",
                        Period::EachYear,
                        Source::Attendance,
                    ),
                    target(
                        "Đảng viên học tập 100%",
                        100.0,
                        "%",
                        Period::EachYear,
                        Source::StudyMembers,
                    ),
                    target(
                        "Quần chúng học tập 95%",
                        95.0,
                        "%",
                        Period::EachYear,
                        Source::StudyNonMembers,
                    ),
                    target(
                        "Giám sát 30%",
                        30.0,
                        "%",
                        Period::EachYear,
                        Source::Supervision,
                    ),
                    target(
                        "Hoàn thành tốt 90%",
                        90.0,
                        "%",
                        Period::EachYear,
                        Source::RatingGoodOrBetter,
                    ),
                    target(
                        "Kết nạp 1",
                        1.0,
                        "đảng viên",
                        Period::WholeTerm,
                        Source::Admissions,
                    ),
                    target(
                        "Chi bộ hoàn thành tốt",
                        3.0,
                        "mức",
                        Period::EachYear,
                        Source::OrgRating,
                    ),
                    target(
                        "Mô hình Dân vận khéo",
                        1.0,
                        "mô hình",
                        Period::EachYear,
                        Source::Manual,
                    ),
                ],
            },
        )
        .await
        .unwrap();
        let again = db
            .add_resolution(
                &actor(),
                &NewResolution {
                    org: "CB-A1".into(),
                    term: Term::parse("2020-2025").unwrap(),
                    title: "Lần nữa".into(),
                    adopted_on: None,
                    targets: vec![],
                },
            )
            .await
            .unwrap_err();
        assert!(again.is_bad_input(), "{l}: {again}");

        db.record_meeting(
            &actor(),
            &meeting(
                d(2021, 3, 5),
                vec![
                    (m[0], Attendance::Present),
                    (m[1], Attendance::Present),
                    (m[2], Attendance::Excused("Ốm".into())),
                    (m[3], Attendance::Unexcused),
                    (m[4], Attendance::Present),
                    (m[5], Attendance::Present),
                ],
            ),
            today(),
        )
        .await
        .unwrap();
        db.record_meeting(
            &actor(),
            &meeting(
                d(2021, 4, 5),
                m[..5].iter().map(|&p| (p, Attendance::Present)).collect(),
            ),
            today(),
        )
        .await
        .unwrap();
        db.record_study(
            &actor(),
            &NewStudySession {
                org: "CB-A1".into(),
                kind: StudyKind::Resolution,
                held_on: d(2021, 6, 1),
                topic: "Học tập nghị quyết".into(),
                attendees: vec![m[0], m[1], m[2], m[3], staff[0]],
            },
            today(),
        )
        .await
        .unwrap();
        // A "Dân vận khéo" session does not count as studying the resolutions.
        db.record_study(
            &actor(),
            &NewStudySession {
                org: "CB-A1".into(),
                kind: StudyKind::DanVanKheo,
                held_on: d(2021, 6, 2),
                topic: "Dân vận khéo".into(),
                attendees: vec![m[4], staff[1]],
            },
            today(),
        )
        .await
        .unwrap();
        for p in [m[0], m[1]] {
            db.record_supervision(
                &actor(),
                &NewSupervision {
                    org: "CB-A1".into(),
                    person: p,
                    held_on: d(2021, 7, 1),
                    kind: SupervisionKind::Regular,
                    content: "Thực hiện nhiệm vụ".into(),
                    conclusion: None,
                },
                today(),
            )
            .await
            .unwrap();
        }
        let decision: Vec<MemberRatingInput> = m
            .iter()
            .enumerate()
            .map(|(i, &p)| MemberRatingInput {
                person: p,
                level: if i == 5 {
                    RatingLevel::Complete
                } else {
                    RatingLevel::Good
                },
                score: None,
                note: None,
            })
            .collect();
        db.rate_members(
            &actor(),
            "CB-A1",
            2021,
            RatingStage::CommitteeDecision,
            &decision,
            today(),
        )
        .await
        .unwrap();
        db.rate_org(
            &actor(),
            "CB-A1",
            2021,
            RatingStage::CommitteeDecision,
            RatingLevel::Good,
            None,
            None,
            today(),
        )
        .await
        .unwrap();
        // A new member admitted in 2021, counted among the members at the year's end.
        db.add_person(
            &actor(),
            "CB-A1",
            &person("Lý Văn Tài", Some(d(2021, 9, 1))),
            today(),
        )
        .await
        .unwrap();

        let res = db.resolution("CB-A1", None).await.unwrap();
        let manual = res
            .targets
            .iter()
            .find(|t| t.target.source == Source::Manual)
            .unwrap()
            .id;
        let computed = res.targets[0].id;
        let e = db
            .set_target_value(&actor(), manual, 2021, 2.0, " ", today())
            .await
            .unwrap_err();
        assert!(e.to_string().contains("minh chứng"), "{l}: {e}");
        let e = db
            .set_target_value(&actor(), computed, 2021, 2.0, "x", today())
            .await
            .unwrap_err();
        assert!(e.to_string().contains("không nhập tay"), "{l}: {e}");
        db.set_target_value(&actor(), manual, 2021, 2.0, "Báo cáo năm 2021", today())
            .await
            .unwrap();

        let r = db.review("cb-a1", None, today()).await.unwrap();
        assert_eq!(r.years, vec![2020, 2021, 2022], "{l}");
        let by = |i: usize| {
            r.targets[i]
                .evaluation
                .by_year
                .clone()
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(by(0), vec![(2021, 80.0)], "{l}: attendance 8 of 10 counted");
        assert_eq!(
            r.targets[0].evaluation.achievement_percent,
            Some(84.2),
            "{l}"
        );
        assert_eq!(by(1), vec![(2021, 57.1)], "{l}: 4 of 7 members");
        assert_eq!(by(2), vec![(2021, 50.0)], "{l}: 1 of 2 non-members");
        assert_eq!(by(3), vec![(2021, 28.6)], "{l}: 2 of 7 supervised");
        assert_eq!(by(4), vec![(2021, 83.3)], "{l}: 5 of 6 rated Good");
        assert_eq!(by(5), vec![(2020, 0.0), (2021, 1.0), (2022, 0.0)], "{l}");
        assert!(r.targets[5].evaluation.met, "{l}");
        assert_eq!(by(6), vec![(2021, 3.0)], "{l}");
        assert!(r.targets[6].evaluation.met, "{l}");
        assert_eq!(by(7), vec![(2021, 2.0)], "{l}");
        assert_eq!(
            r.targets[7].evidence.get(&2021).map(String::as_str),
            Some("Báo cáo năm 2021"),
            "{l}"
        );
        assert_eq!((r.summary.total, r.summary.met), (8, 3), "{l}");
        assert_eq!(
            r.summary.over_60_percent, 3,
            "{l}: attendance 84,2%, supervision 95,3%, ratings 92,6%"
        );

        // The superior sees its subtree's figures.
        let up = db.year_metrics("DB-A", 2021, today()).await.unwrap();
        assert_eq!(up.attendance, Some(80.0), "{l}");
        assert_eq!(up.admissions, 1, "{l}");

        let e = db.review("CB-A2", None, today()).await.unwrap_err();
        assert!(
            e.is_bad_input() && e.to_string().contains("nghị quyết"),
            "{l}: {e}"
        );
        let e = db
            .review("CB-A1", Some(Term::parse("2015-2020").unwrap()), today())
            .await
            .unwrap_err();
        assert!(e.is_bad_input(), "{l}: {e}");
    }
}

/// The roll-up's batch gives every organization the figures its own review computes: study
/// and supervision held at several levels (a member of the committee's office studies and is
/// inspected at DB-A), meetings, ratings and an admission in two branches, resolutions
/// at three levels; then the roll-up's lines equal each organization's review.
#[tokio::test]
async fn the_roll_up_batch_equals_each_organizations_review() {
    use domain::branch::rollup::Scope;
    for t in databases().await {
        let db = &t.db;
        let l = t.label;
        tree(db).await;
        let (m, staff, other) = people(db).await;
        let office = db
            .add_person(
                &actor(),
                "DB-A",
                &person("Trịnh Văn Quang", Some(d(2012, 1, 5))),
                today(),
            )
            .await
            .unwrap();
        let session = |org: &str, on, attendees: Vec<i32>| NewStudySession {
            org: org.into(),
            kind: StudyKind::Resolution,
            held_on: on,
            topic: "Học tập nghị quyết".into(),
            attendees,
        };
        db.record_study(
            &actor(),
            &session("CB-A1", d(2021, 6, 1), vec![m[0], m[1], staff[0]]),
            today(),
        )
        .await
        .unwrap();
        db.record_study(
            &actor(),
            &session("DB-A", d(2021, 7, 1), vec![office]),
            today(),
        )
        .await
        .unwrap();
        db.record_study(
            &actor(),
            &session("CB-A2", d(2022, 2, 1), vec![other]),
            today(),
        )
        .await
        .unwrap();
        for (org, p, on) in [
            ("CB-A1", m[0], d(2021, 7, 1)),
            ("DB-A", office, d(2021, 8, 1)),
            ("CB-A2", other, d(2021, 9, 1)),
        ] {
            db.record_supervision(
                &actor(),
                &NewSupervision {
                    org: org.into(),
                    person: p,
                    held_on: on,
                    kind: SupervisionKind::Regular,
                    content: "Thực hiện nhiệm vụ".into(),
                    conclusion: None,
                },
                today(),
            )
            .await
            .unwrap();
        }
        db.set_supervision_plan(&actor(), "DB-A", 2021, 30.0, "Kế hoạch kiểm tra", today())
            .await
            .unwrap();
        let mut a1 = meeting(
            d(2021, 3, 5),
            vec![
                (m[0], Attendance::Present),
                (m[1], Attendance::Unexcused),
                (m[2], Attendance::Present),
            ],
        );
        db.record_meeting(&actor(), &a1, today()).await.unwrap();
        a1.org = "CB-A2".into();
        a1.attendance = vec![(other, Attendance::Present)];
        db.record_meeting(&actor(), &a1, today()).await.unwrap();
        db.rate_members(
            &actor(),
            "CB-A2",
            2021,
            RatingStage::CommitteeDecision,
            &[MemberRatingInput {
                person: other,
                level: RatingLevel::Good,
                score: None,
                note: None,
            }],
            today(),
        )
        .await
        .unwrap();
        db.rate_org(
            &actor(),
            "CB-A2",
            2021,
            RatingStage::CommitteeDecision,
            RatingLevel::Excellent,
            None,
            None,
            today(),
        )
        .await
        .unwrap();
        db.add_person(
            &actor(),
            "CB-A2",
            &person("Lý Văn Tài", Some(d(2021, 9, 1))),
            today(),
        )
        .await
        .unwrap();

        let codes: Vec<String> = ["TU", "DUK", "DB-A", "CB-A1", "CB-A2"]
            .map(String::from)
            .to_vec();
        for year in [2020, 2021, 2022] {
            let batch = db
                .year_metrics_batch("TU", &codes, year, today())
                .await
                .unwrap();
            for c in &codes {
                let one = db.year_metrics(c, year, today()).await.unwrap();
                assert_eq!(
                    serde_json::to_value(&batch[c]).unwrap(),
                    serde_json::to_value(&one).unwrap(),
                    "{l}: {c} {year}"
                );
            }
        }
        let s = db.year_metrics("DB-A", 2021, today()).await.unwrap();
        let cov = s.study.unwrap();
        assert_eq!(
            (
                cov.members,
                cov.members_studied,
                cov.non_members,
                cov.non_members_studied
            ),
            (9, 3, 2, 1),
            "{l}: m0, m1 and the office's member studied, of nine members (one admitted in 2021)"
        );

        let target = |text: &str, v: f64, unit: &str, period, source| {
            Target::new(text, Comparator::AtLeast, v, unit, period, source).unwrap()
        };
        let targets = vec![
            target(
                "Dự sinh hoạt",
                95.0,
                "%",
                Period::EachYear,
                Source::Attendance,
            ),
            target("Học tập", 60.0, "%", Period::EachYear, Source::StudyMembers),
            target(
                "Quần chúng học tập",
                90.0,
                "%",
                Period::EachYear,
                Source::StudyNonMembers,
            ),
            target("Giám sát", 30.0, "%", Period::EachYear, Source::Supervision),
            target(
                "Hoàn thành tốt",
                90.0,
                "%",
                Period::EachYear,
                Source::RatingGoodOrBetter,
            ),
            target(
                "Kết nạp",
                1.0,
                "đảng viên",
                Period::WholeTerm,
                Source::Admissions,
            ),
            target(
                "Xếp loại tổ chức",
                3.0,
                "mức",
                Period::EachYear,
                Source::OrgRating,
            ),
            target("Mô hình", 1.0, "mô hình", Period::EachYear, Source::Manual),
        ];
        for org in ["DB-A", "CB-A1", "CB-A2", "DUK"] {
            db.add_resolution(
                &actor(),
                &NewResolution {
                    org: org.into(),
                    term: Term::parse("2020-2025").unwrap(),
                    title: format!("Nghị quyết {org}"),
                    adopted_on: None,
                    targets: targets.clone(),
                },
            )
            .await
            .unwrap();
        }
        let manual = db.resolution("CB-A2", None).await.unwrap().targets[7].id;
        db.set_target_value(&actor(), manual, 2021, 1.0, "Báo cáo", today())
            .await
            .unwrap();
        let all = db
            .rollup("TU", Scope::EndOfTerm, today(), &|_| true)
            .await
            .unwrap();
        assert_eq!(all.entries.len(), 4, "{l}: TU itself is not listed");
        for e in &all.entries {
            let r = db.review(&e.line.code, None, today()).await.unwrap();
            assert_eq!(e.line.summary, r.summary, "{l}: {}", e.line.code);
        }
        assert_eq!(all.totals.orgs, 4, "{l}");
        assert_eq!(
            all.totals.targets.total,
            all.entries
                .iter()
                .map(|e| e.line.summary.total)
                .sum::<usize>(),
            "{l}"
        );
        // A write after the roll-up was kept is seen at once.
        let duk = |r: &db::branch::RollupResult| {
            r.entries
                .iter()
                .find(|e| e.line.code == "DUK")
                .unwrap()
                .line
                .summary
        };
        let before = duk(&all);
        let manual = db.resolution("DUK", None).await.unwrap().targets[7].id;
        db.set_target_value(&actor(), manual, 2021, 1.0, "Báo cáo", today())
            .await
            .unwrap();
        let after = db
            .rollup("TU", Scope::EndOfTerm, today(), &|_| true)
            .await
            .unwrap();
        assert_eq!(duk(&after).met, before.met + 1, "{l}");
        assert_eq!(
            duk(&after),
            db.review("DUK", None, today()).await.unwrap().summary,
            "{l}"
        );
        // A target changed by another program, straight in SQL, is seen too (the plan kept
        // for the roll-up follows the triggers, not dangvu's own writes).
        let outside = sea_orm::Database::connect(db.url()).await.unwrap();
        sea_orm::ConnectionTrait::execute_unprepared(
            &outside,
            "UPDATE target SET value = 100 WHERE text = 'Kết nạp'",
        )
        .await
        .unwrap();
        outside.close().await.unwrap();
        db.forget_rollups();
        let changed = db
            .rollup("TU", Scope::EndOfTerm, today(), &|_| true)
            .await
            .unwrap();
        for e in &changed.entries {
            let r = db.review(&e.line.code, None, today()).await.unwrap();
            assert_eq!(e.line.summary, r.summary, "{l}: {} after SQL", e.line.code);
        }
        assert_ne!(
            changed.totals.targets.met, after.totals.targets.met,
            "{l}: 100 admissions in the term are not met"
        );
        // Only what the reader may see; the year 2021 judged alone.
        let some = db
            .rollup("DUK", Scope::Year(2021), today(), &|p: &str| {
                p.matches('/').count() > 4
            })
            .await
            .unwrap();
        let codes: Vec<&str> = some.entries.iter().map(|e| e.line.code.as_str()).collect();
        assert_eq!(codes.len(), 2, "{l}: {codes:?}");
        assert!(codes.contains(&"CB-A1") && codes.contains(&"CB-A2"), "{l}");
    }
}

/// Every organization's yearly figures from the superior's batch equal its own review, with
/// the answers forgotten (the yearly rows kept per organization stay).
async fn batch_equals_each_review(db: &db::Db, label: &str, step: &str) {
    db.forget_rollups();
    let codes: Vec<String> = ["TU", "DUK", "DB-A", "CB-A1", "CB-A2"]
        .map(String::from)
        .to_vec();
    for year in [2021, 2022] {
        let batch = db
            .year_metrics_batch("TU", &codes, year, today())
            .await
            .unwrap();
        for c in &codes {
            let one = db.year_metrics(c, year, today()).await.unwrap();
            assert_eq!(
                serde_json::to_value(&batch[c]).unwrap(),
                serde_json::to_value(&one).unwrap(),
                "{label}, after {step}: {c} {year}"
            );
        }
    }
}

/// The yearly rows kept for the roll-up follow every kind of write that counts (meetings,
/// study, supervision and its plan, ratings, admissions, transfers, and a program writing
/// straight in SQL): after each, only the changed organizations are read again, and every
/// figure equals the organization's own review.
#[tokio::test]
async fn the_kept_yearly_rows_follow_every_write() {
    for t in databases().await {
        let db = &t.db;
        let l = t.label;
        tree(db).await;
        let (m, staff, other) = people(db).await;
        batch_equals_each_review(db, l, "the start").await;
        let (whole_at_start, _) = db.rollup_reads();
        let mut a1 = meeting(
            d(2021, 3, 5),
            vec![
                (m[0], Attendance::Present),
                (m[1], Attendance::Unexcused),
                (m[2], Attendance::Present),
            ],
        );
        db.record_meeting(&actor(), &a1, today()).await.unwrap();
        batch_equals_each_review(db, l, "a meeting").await;
        let session = |org: &str, attendees: Vec<i32>| NewStudySession {
            org: org.into(),
            kind: StudyKind::Resolution,
            held_on: d(2021, 6, 1),
            topic: "Học tập nghị quyết".into(),
            attendees,
        };
        db.record_study(&actor(), &session("CB-A2", vec![other]), today())
            .await
            .unwrap();
        batch_equals_each_review(db, l, "the year's first study session").await;
        db.record_study(&actor(), &session("CB-A1", vec![m[0], staff[0]]), today())
            .await
            .unwrap();
        batch_equals_each_review(db, l, "a second study session").await;
        db.record_supervision(
            &actor(),
            &NewSupervision {
                org: "CB-A1".into(),
                person: m[1],
                held_on: d(2021, 7, 1),
                kind: SupervisionKind::Regular,
                content: "Thực hiện nhiệm vụ".into(),
                conclusion: None,
            },
            today(),
        )
        .await
        .unwrap();
        batch_equals_each_review(db, l, "a supervision").await;
        db.set_supervision_plan(&actor(), "DB-A", 2021, 30.0, "Kế hoạch", today())
            .await
            .unwrap();
        batch_equals_each_review(db, l, "a supervision plan").await;
        let rating = |person| MemberRatingInput {
            person,
            level: RatingLevel::Good,
            score: None,
            note: None,
        };
        db.rate_members(
            &actor(),
            "CB-A2",
            2021,
            RatingStage::CommitteeDecision,
            &[rating(other)],
            today(),
        )
        .await
        .unwrap();
        batch_equals_each_review(db, l, "a member's rating").await;
        db.rate_org(
            &actor(),
            "CB-A2",
            2021,
            RatingStage::CommitteeDecision,
            RatingLevel::Excellent,
            None,
            None,
            today(),
        )
        .await
        .unwrap();
        batch_equals_each_review(db, l, "an organization's rating").await;
        db.add_person(
            &actor(),
            "CB-A2",
            &person("Lý Văn Tài", Some(d(2021, 9, 1))),
            today(),
        )
        .await
        .unwrap();
        batch_equals_each_review(db, l, "an admission").await;
        db.record_member_event(
            &actor(),
            m[0],
            d(2021, 10, 1),
            MemberEvent::Transferred { to: "CB-A2".into() },
            None,
            today(),
        )
        .await
        .unwrap();
        batch_equals_each_review(db, l, "a transfer").await;
        a1.held_on = d(2022, 2, 2);
        a1.attendance.remove(0); // m[0] has moved to CB-A2
        db.record_meeting(&actor(), &a1, today()).await.unwrap();
        batch_equals_each_review(db, l, "a meeting of the next year").await;
        let outside = sea_orm::Database::connect(db.url()).await.unwrap();
        sea_orm::ConnectionTrait::execute_unprepared(
            &outside,
            "UPDATE meeting_attendance SET status = 'present' WHERE status = 'unexcused'",
        )
        .await
        .unwrap();
        outside.close().await.unwrap();
        batch_equals_each_review(db, l, "a program changing attendance in SQL").await;
        // Pledges and self-assessments are a person's: a program writing them in SQL raises
        // the generation of the person's organizations (migration 19).
        let outside = sea_orm::Database::connect(db.url()).await.unwrap();
        let write = |sql: String| {
            let outside = outside.clone();
            async move {
                sea_orm::ConnectionTrait::execute_unprepared(&outside, &sql)
                    .await
                    .unwrap();
            }
        };
        let before = db.year_metrics("TU", 2021, today()).await.unwrap();
        write(format!(
            "INSERT INTO member_pledge (person_id, org_id, year, content, submitted_at) \
             SELECT person_id, org_id, 2021, 'Đăng ký làm theo', '2021-03-01 08:00:00' \
             FROM posting WHERE person_id = {} ORDER BY id LIMIT 1",
            m[2]
        ))
        .await;
        batch_equals_each_review(db, l, "a program writing a pledge in SQL").await;
        write(format!(
            "INSERT INTO self_assessment (person_id, org_id, year, sections, level, submitted_at) \
             SELECT person_id, org_id, 2021, '{{}}', 'good', '2021-12-01 08:00:00' \
             FROM posting WHERE person_id = {} ORDER BY id LIMIT 1",
            m[2]
        ))
        .await;
        batch_equals_each_review(db, l, "a program writing a self-assessment in SQL").await;
        let after = db.year_metrics("TU", 2021, today()).await.unwrap();
        assert_eq!(
            (after.pledged, after.self_assessed),
            (before.pledged + 1, before.self_assessed + 1),
            "{l}: the pledge and the self-assessment are counted"
        );
        write("DELETE FROM member_pledge".into()).await;
        batch_equals_each_review(db, l, "a program deleting pledges in SQL").await;
        outside.close().await.unwrap();
        let (whole, in_part) = db.rollup_reads();
        assert_eq!(
            whole, whole_at_start,
            "{l}: after the first reads, every year is read in part"
        );
        assert!(in_part >= 20, "{l}: {in_part} reads in part");
    }
}
