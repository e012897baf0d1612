//! The audit log holds one entry for every kind of write (issue 18 §6.4): each write below adds
//! exactly one entry, by the actor who made it, with the action and the kind of record, and
//! the record as it was and as it became where there is one; a write that is refused adds
//! nothing. On SQLite and, when `DANGVU_TEST_PG` is set, PostgreSQL.

use crate::common::{d, databases, today};
use chrono::{Datelike, NaiveDate};
use db::branch::{MemberRatingInput, NewMeeting, NewStudySession, NewSupervision};
use db::{Actor, AuditEntry, Db, NewOrg};
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use domain::branch::supervision::SupervisionKind;
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

fn clerk() -> Actor {
    Actor("van-thu".into())
}

fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> NewOrg {
    NewOrg {
        code: OrgCode::parse(code).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        since: d(2000, 1, 1),
        decision: None,
    }
}

fn person(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1985, 3, 4),
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
            admitted_on: d(2010, 3, 4),
            official_on: Some(d(2011, 3, 4)),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

async fn last_id(db: &Db) -> i32 {
    db.audit_entries(None, 1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.id)
}

/// The entries written after `since`, oldest first.
async fn since(db: &Db, since: i32) -> Vec<AuditEntry> {
    let mut out: Vec<AuditEntry> = db
        .audit_entries(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.id > since)
        .collect();
    out.reverse();
    out
}

/// What one write must leave: (action, kind of record, a "before", an "after").
type Expect = (&'static str, &'static str, bool, bool);

/// Checks that the writes since `mark` left exactly the one entry `want`.
async fn one(db: &Db, label: &str, mark: i32, want: Expect, faults: &mut Vec<String>) {
    let got = since(db, mark).await;
    let what = format!("{} {}", want.0, want.1);
    match got.as_slice() {
        [e] => {
            let shape = (e.before.is_some(), e.after.is_some());
            if (e.action.as_str(), e.entity.as_str()) != (want.0, want.1)
                || shape != (want.2, want.3)
                || e.actor != clerk().0
            {
                faults.push(format!(
                    "{label} {what}: got {} {} by {} with before/after {shape:?}",
                    e.action, e.entity, e.actor
                ));
            }
        }
        other => faults.push(format!("{label} {what}: {} entries", other.len())),
    }
}

/// Checks that a refused write left nothing.
async fn none(db: &Db, label: &str, mark: i32, what: &str, faults: &mut Vec<String>) {
    let got = since(db, mark).await;
    if !got.is_empty() {
        faults.push(format!("{label} refused {what}: {} entries", got.len()));
    }
}

#[tokio::test]
async fn every_kind_of_write_leaves_one_entry_and_a_refusal_none() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        let mut f = Vec::new();
        let mut m = last_id(db).await;
        macro_rules! step {
            ($want:expr, $write:expr) => {{
                let out = $write.await.unwrap();
                one(db, l, m, $want, &mut f).await;
                #[allow(unused_assignments)]
                {
                    m = last_id(db).await;
                }
                out
            }};
        }
        macro_rules! refused {
            ($what:expr, $write:expr) => {{
                assert!($write.await.is_err(), "{l}: {} accepted", $what);
                none(db, l, m, $what, &mut f).await;
            }};
        }
        for (code, name, kind, parent) in [
            ("TU", "Đảng bộ tỉnh", OrgKind::Province, None),
            ("DUK", "Đảng bộ Khối", OrgKind::Block, Some("TU")),
            ("CB-A", "Chi bộ A", OrgKind::GrassrootsBranch, Some("DUK")),
            ("CB-B", "Chi bộ B", OrgKind::GrassrootsBranch, Some("DUK")),
            ("CB-C", "Chi bộ C", OrgKind::GrassrootsBranch, Some("DUK")),
            ("CB-D", "Chi bộ D", OrgKind::GrassrootsBranch, Some("DUK")),
        ] {
            step!(
                ("create", "organization", false, true),
                db.create_org(&a, &org(code, name, kind, parent))
            );
        }
        refused!(
            "an organization twice",
            db.create_org(
                &a,
                &org("CB-A", "Chi bộ A", OrgKind::GrassrootsBranch, Some("DUK"))
            )
        );
        step!(
            ("rename", "organization", true, true),
            db.rename_org(&a, "CB-C", "Chi bộ C mới", d(2020, 1, 1), None)
        );
        refused!(
            "a rename of nothing",
            db.rename_org(&a, "CB-X", "X", d(2020, 1, 1), None)
        );
        let p1 = step!(
            ("create", "person", false, true),
            db.add_person(&a, "CB-A", &person("Trần Văn Một", "71000001"), today())
        );
        let p2 = step!(
            ("create", "person", false, true),
            db.add_person(&a, "CB-A", &person("Lê Thị Hai", "71000002"), today())
        );
        refused!(
            "a card number twice",
            db.add_person(&a, "CB-A", &person("Ngô Văn Ba", "71000001"), today())
        );
        step!(
            ("transferred", "person", false, true),
            db.record_member_event(
                &a,
                p2,
                d(2019, 1, 1),
                MemberEvent::Transferred { to: "CB-B".into() },
                None,
                today()
            )
        );
        refused!(
            "a transfer into the same branch",
            db.record_member_event(
                &a,
                p2,
                d(2019, 6, 1),
                MemberEvent::Transferred { to: "CB-B".into() },
                None,
                today()
            )
        );
        let meeting = step!(
            ("meeting_recorded", "meeting", false, true),
            db.record_meeting(
                &a,
                &NewMeeting {
                    org: "CB-A".into(),
                    kind: MeetingKind::Regular,
                    held_on: d(2021, 3, 10),
                    minutes: 120,
                    thematic_part: false,
                    topic: "Sinh hoạt tháng 3".into(),
                    minutes_text: None,
                    attendance: vec![(p1, Attendance::Present)],
                },
                today()
            )
        )
        .id;
        refused!(
            "a meeting in the future",
            db.record_meeting(
                &a,
                &NewMeeting {
                    org: "CB-A".into(),
                    kind: MeetingKind::Regular,
                    held_on: d(2030, 1, 1),
                    minutes: 120,
                    thematic_part: false,
                    topic: "x".into(),
                    minutes_text: None,
                    attendance: vec![],
                },
                today()
            )
        );
        refused!(
            "a deletion without reason",
            db.delete_meeting(&a, meeting, " ")
        );
        step!(
            ("delete", "meeting", true, true),
            db.delete_meeting(&a, meeting, "Ghi nhầm")
        );
        let study = step!(
            ("study_recorded", "study_session", false, true),
            db.record_study(
                &a,
                &NewStudySession {
                    org: "CB-A".into(),
                    kind: StudyKind::Resolution,
                    held_on: d(2021, 4, 2),
                    topic: "Quán triệt nghị quyết".into(),
                    attendees: vec![p1],
                },
                today()
            )
        );
        step!(
            ("delete", "study_session", true, true),
            db.delete_study(&a, study, "Ghi nhầm")
        );
        step!(
            ("supervision_recorded", "person", false, true),
            db.record_supervision(
                &a,
                &NewSupervision {
                    org: "CB-A".into(),
                    person: p1,
                    held_on: d(2021, 5, 2),
                    kind: SupervisionKind::Regular,
                    content: "Thực hiện nhiệm vụ".into(),
                    conclusion: None,
                },
                today()
            )
        );
        refused!(
            "a supervision of someone elsewhere",
            db.record_supervision(
                &a,
                &NewSupervision {
                    org: "CB-A".into(),
                    person: p2,
                    held_on: d(2021, 5, 2),
                    kind: SupervisionKind::Regular,
                    content: "x".into(),
                    conclusion: None,
                },
                today()
            )
        );
        let rating = |level| MemberRatingInput {
            person: p1,
            level,
            score: None,
            note: None,
        };
        step!(
            ("member_rated", "person", false, true),
            db.rate_members(
                &a,
                "CB-A",
                2021,
                RatingStage::SelfAssessment,
                &[rating(RatingLevel::Good)],
                today()
            )
        );
        refused!(
            "a stage twice",
            db.rate_members(
                &a,
                "CB-A",
                2021,
                RatingStage::SelfAssessment,
                &[rating(RatingLevel::Good)],
                today()
            )
        );
        step!(
            ("update", "member_rating", true, true),
            db.correct_member_rating(
                &a,
                "CB-A",
                p1,
                2021,
                RatingStage::SelfAssessment,
                RatingLevel::Complete,
                None,
                "Chấm nhầm",
                today()
            )
        );
        step!(
            ("move", "organization", true, true),
            db.move_org(&a, "CB-C", "TU", d(2022, 1, 1), None)
        );
        step!(
            ("merge", "organization", true, true),
            db.merge_orgs(&a, &["CB-C".into()], "CB-B", d(2023, 1, 1), None, today())
        );
        refused!(
            "a merge into itself",
            db.merge_orgs(&a, &["CB-B".into()], "CB-B", d(2023, 2, 1), None, today())
        );
        refused!(
            "dissolving a branch with members",
            db.dissolve_org(&a, "CB-B", d(2024, 1, 1), None)
        );
        step!(
            ("dissolve", "organization", true, true),
            db.dissolve_org(&a, "CB-D", d(2024, 1, 1), None)
        );
        assert!(f.is_empty(), "{}", f.join("\n"));
    }
}

/// Checks that the writes since `mark` left exactly one entry `action entity` by `actor`.
async fn one_by(
    db: &Db,
    label: &str,
    mark: i32,
    (action, entity, actor): (&str, &str, &str),
    faults: &mut Vec<String>,
) {
    let got = since(db, mark).await;
    match got.as_slice() {
        [e] if (e.action.as_str(), e.entity.as_str(), e.actor.as_str())
            == (action, entity, actor) => {}
        other => faults.push(format!(
            "{label} {action} {entity} by {actor}: got {:?}",
            other
                .iter()
                .map(|e| format!("{} {} by {}", e.action, e.entity, e.actor))
                .collect::<Vec<_>>()
        )),
    }
}

/// Issue 20's writes (a member's own pledge, self-assessment, answer to a notice and request;
/// the secretary's deadlines, approval, notices and answers; accounts made one by one and in
/// bulk, grants withdrawn, passwords reset and changed, accounts locked and signed out
/// everywhere, one-time codes and the setting that requires them) each leave one entry by
/// whoever made it, and a refused one none.
#[tokio::test]
async fn members_and_accounts_writes_leave_one_entry_each() {
    use domain::accounts::access::Role;
    use domain::branch::personal::{DeadlineKind, PledgeOutcome, SECTIONS};
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        let mut f = Vec::new();
        let now = chrono::Utc::now().naive_utc();
        db.create_org(&a, &org("TU", "Đảng bộ tỉnh", OrgKind::Province, None))
            .await
            .unwrap();
        db.create_org(
            &a,
            &org("CB-A", "Chi bộ A", OrgKind::GrassrootsBranch, Some("TU")),
        )
        .await
        .unwrap();
        let p = db
            .add_person(&a, "CB-A", &person("Trần Văn Một", "71000001"), today())
            .await
            .unwrap();
        let mut m = last_id(db).await;
        macro_rules! by {
            ($action:expr, $entity:expr, $actor:expr, $write:expr) => {{
                let out = $write.await.unwrap();
                one_by(db, l, m, ($action, $entity, $actor), &mut f).await;
                #[allow(unused_assignments)]
                {
                    m = last_id(db).await;
                }
                out
            }};
        }
        macro_rules! refused {
            ($what:expr, $write:expr) => {{
                assert!($write.await.is_err(), "{l}: {} accepted", $what);
                none(db, l, m, $what, &mut f).await;
            }};
        }
        let year = today().year();
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let clerk = "van-thu";
        by!(
            "set_deadline",
            "member_deadline",
            clerk,
            db.set_member_deadline(&a, "CB-A", year, DeadlineKind::Pledge, end)
        );
        let me = Actor("dv-mot".into());
        by!(
            "create",
            "member_pledge",
            "dv-mot",
            db.save_pledge(&me, p, year, "Tiết kiệm điện.", today())
        );
        by!(
            "update",
            "member_pledge",
            "dv-mot",
            db.save_pledge(&me, p, year, "Tiết kiệm điện, nước.", today())
        );
        refused!(
            "an empty pledge",
            db.save_pledge(&me, p, year, "  ", today())
        );
        by!(
            "approve",
            "member_pledge",
            clerk,
            db.approve_pledge(&a, p, year)
        );
        refused!(
            "a pledge changed after approval",
            db.save_pledge(&me, p, year, "Khác.", today())
        );
        // 22/11: the year-end review is open.
        by!(
            "review",
            "member_pledge",
            "dv-mot",
            db.review_pledge(&me, p, year, PledgeOutcome::Good, "Đã làm.", today())
        );
        let sections: Vec<(&'static str, String)> = SECTIONS
            .iter()
            .map(|s| (s.code, "Đã làm tốt.".to_string()))
            .collect();
        by!(
            "set_deadline",
            "member_deadline",
            clerk,
            db.set_member_deadline(&a, "CB-A", year, DeadlineKind::SelfAssessment, end)
        );
        // Two entries: the form, and the `self` stage of the rating it records.
        db.save_self_assessment(&me, p, year, &sections, RatingLevel::Good, today())
            .await
            .unwrap();
        let got: Vec<_> = since(db, m)
            .await
            .into_iter()
            .map(|e| format!("{} {} {}", e.action, e.entity, e.actor))
            .collect();
        assert_eq!(
            got,
            [
                "member_rated person dv-mot",
                "create self_assessment dv-mot"
            ],
            "{l}"
        );
        m = last_id(db).await;
        let day = today() + chrono::Duration::days(3);
        let notice = by!(
            "create",
            "meeting_notice",
            clerk,
            db.publish_notice(
                &a,
                "CB-A",
                &db::NewNotice {
                    meeting_on: day,
                    starts_at: "14:00".into(),
                    place: "Phòng họp".into(),
                    agenda: "Sinh hoạt định kỳ".into(),
                    documents: vec![],
                },
                today()
            )
        );
        refused!(
            "an absence without a reason",
            db.reply_notice(&me, p, notice, true, " ", today())
        );
        by!(
            "reply",
            "meeting_notice",
            "dv-mot",
            db.reply_notice(&me, p, notice, true, "Đi công tác", today())
        );
        by!(
            "withdraw",
            "meeting_notice",
            clerk,
            db.withdraw_notice(&a, notice)
        );
        let q = by!(
            "create",
            "member_request",
            "dv-mot",
            db.request_correction(&me, p, "Ngày sinh đúng là 5/3/1985")
        );
        by!(
            "resolve",
            "member_request",
            clerk,
            db.resolve_request(&a, q, "Đã sửa")
        );
        // Accounts.
        let u = by!(
            "create",
            "app_user",
            clerk,
            db.create_member_account(&a, "dv-mot", "mat-khau-dai-du-9", "71000001", true)
        );
        refused!(
            "a second account of the same member",
            db.create_member_account(&a, "dv-mot-2", "mat-khau-dai-du-9", "71000001", true)
        );
        by!(
            "create_bulk",
            "app_user",
            clerk,
            db.create_accounts_bulk(&a, "TU", db::BulkKind::Secretaries, today(), &|_, _| ())
        );
        refused!(
            "a weak password",
            db.change_own_password(u.id, "mat-khau-dai-du-9", "123", None)
        );
        by!(
            "change_password",
            "app_user",
            "dv-mot",
            db.change_own_password(u.id, "mat-khau-dai-du-9", "Mật-khẩu-mới-2026!", None)
        );
        by!(
            "reset_password",
            "app_user",
            clerk,
            db.reset_password(&a, "dv-mot", "mat-khau-cap-lai-7", true)
        );
        by!(
            "disable",
            "app_user",
            clerk,
            db.set_disabled(&a, "dv-mot", true)
        );
        by!(
            "enable",
            "app_user",
            clerk,
            db.set_disabled(&a, "dv-mot", false)
        );
        by!(
            "sign_out_everywhere",
            "app_user",
            clerk,
            db.sign_out_everywhere(&a, "dv-mot")
        );
        let sec = db
            .create_user(&a, "bithu-a", "mat-khau-dai-du-9", "CB-A", Role::Secretary)
            .await
            .unwrap();
        m = last_id(db).await;
        let secret = domain::accounts::totp::encode_secret(&[7u8; 20]);
        refused!(
            "a wrong one-time code",
            db.enable_totp(sec.id, &secret, "000000", now)
        );
        let code =
            domain::accounts::totp::code_at(&secret, "bithu-a", now.and_utc().timestamp() as u64)
                .unwrap();
        by!(
            "enable_totp",
            "app_user",
            "bithu-a",
            db.enable_totp(sec.id, &secret, &code, now)
        );
        by!(
            "disable_totp",
            "app_user",
            clerk,
            db.disable_totp(&a, sec.id, None, now)
        );
        db.add_grant(&a, sec.id, "TU", Role::Viewer).await.unwrap();
        m = last_id(db).await;
        by!(
            "revoke",
            "app_user",
            clerk,
            db.revoke_grant(&a, "bithu-a", "TU", Role::Viewer)
        );
        refused!(
            "withdrawing an account's last role",
            db.revoke_grant(&a, "bithu-a", "CB-A", Role::Secretary)
        );
        db.require_totp_for_admins(&a, true).await.unwrap();
        let got = since(db, m).await;
        if got.len() != 1 || got[0].actor != clerk {
            f.push(format!(
                "{l} the one-time code setting: {} entries",
                got.len()
            ));
        }
        assert!(f.is_empty(), "{}", f.join("\n"));
    }
}
