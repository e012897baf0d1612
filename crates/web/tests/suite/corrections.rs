//! What a secretary typed wrong can be put right from the pages (issue 18 §2.3): a meeting and
//! its attendance corrected on the meeting's page, a study session and a supervision deleted,
//! a member's rating corrected — each only with a reason, which the audit log keeps with the
//! record before and after; refused without a reason, outside the user's subtree, or against
//! the rules, with nothing changed. On SQLite and, when `DANGVU_TEST_PG` is set, PostgreSQL.

use crate::common::{CSRF, Env, d, envs, form, today};
use axum::http::StatusCode;
use db::Actor;
use db::branch::{MemberRatingInput, NewMeeting, NewStudySession, NewSupervision};
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use domain::branch::supervision::SupervisionKind;

async fn meeting(env: &Env) -> i32 {
    env.db
        .record_meeting(
            &Actor("test".into()),
            &NewMeeting {
                org: "CB-A1".into(),
                kind: MeetingKind::Regular,
                held_on: d(2026, 3, 10),
                minutes: 120,
                thematic_part: false,
                topic: "Sinh hoạt tháng 3/2026".into(),
                minutes_text: None,
                attendance: vec![(env.person, Attendance::Present)],
            },
            today(),
        )
        .await
        .unwrap()
        .id
}

/// The correction form as a secretary fills it: the member excused, the meeting longer.
fn correction(env: &Env, reason: &str) -> String {
    let person = env.person.to_string();
    form(&[
        ("csrf", CSRF),
        ("roster", &person),
        ("kind", "regular"),
        ("held_on", "10/3/2026"),
        ("minutes", "150"),
        ("topic", "Sinh hoạt tháng 3/2026 (sửa)"),
        (&format!("a_{person}"), "excused"),
        (&format!("r_{person}"), "Đi công tác"),
        ("ly_do", reason),
    ])
}

#[tokio::test]
async fn a_meeting_and_its_attendance_are_corrected_with_the_reason_kept() {
    for env in envs().await {
        let id = meeting(&env).await;
        let uri = format!("/hop/{id}/sua");
        // The page offers the correction to the secretary, not to a viewer of another branch.
        let page = env.call("bithu", "GET", &format!("/hop/{id}"), None).await;
        assert!(page.body.contains(&uri), "{}", env.label);
        // Without a reason: refused, nothing changed.
        let r = env
            .call("bithu", "POST", &uri, Some(correction(&env, "")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("Hãy ghi lý do sửa"), "{}", env.label);
        // Someone who may not write there: 404, nothing changed.
        let r = env
            .call("nguoixem", "POST", &uri, Some(correction(&env, "x")))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        let m = env.db.meeting(id).await.unwrap();
        assert_eq!((m.minutes, m.lines[0].attendance.code()), (120, "present"));
        assert!(
            env.audit("meeting")
                .await
                .iter()
                .all(|e| e.action != "update"),
            "{}",
            env.label
        );
        // With a reason: saved, and the log keeps before, after and why.
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(correction(&env, "Ghi nhầm điểm danh")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let m = env.db.meeting(id).await.unwrap();
        assert_eq!(m.minutes, 150);
        assert_eq!(m.topic, "Sinh hoạt tháng 3/2026 (sửa)");
        assert_eq!(
            m.lines[0].attendance,
            Attendance::Excused("Đi công tác".into())
        );
        let log = env.audit("meeting").await;
        let e = log.iter().find(|e| e.action == "update").expect("logged");
        let before = e.before.as_ref().unwrap();
        let after = e.after.as_ref().unwrap();
        assert_eq!(
            before["attendance"][0]["status"], "present",
            "{}",
            env.label
        );
        assert_eq!(after["attendance"][0]["status"], "excused", "{}", env.label);
        assert_eq!(after["reason"], "Ghi nhầm điểm danh", "{}", env.label);
        assert_eq!(e.actor, "bithu");
        let shown = env
            .call("bithu", "GET", &format!("/hop/{id}?da_sua=1"), None)
            .await;
        assert!(shown.body.contains("Đã lưu sửa đổi"), "{}", env.label);
    }
}

#[tokio::test]
async fn study_and_supervision_recorded_by_mistake_are_deleted_with_a_reason() {
    for env in envs().await {
        let a = Actor("test".into());
        let study = env
            .db
            .record_study(
                &a,
                &NewStudySession {
                    org: "CB-A1".into(),
                    kind: StudyKind::Resolution,
                    held_on: d(2026, 4, 2),
                    topic: "Quán triệt Nghị quyết".into(),
                    attendees: vec![env.person],
                },
                today(),
            )
            .await
            .unwrap();
        let sup = env
            .db
            .record_supervision(
                &a,
                &NewSupervision {
                    org: "CB-A1".into(),
                    person: env.person,
                    held_on: d(2026, 5, 2),
                    kind: SupervisionKind::ALL[0],
                    content: "Việc thực hiện nhiệm vụ".into(),
                    conclusion: None,
                },
                today(),
            )
            .await
            .unwrap();
        for (path, id, entity) in [
            ("xoa-hoc-tap", study, "study_session"),
            ("xoa-giam-sat", sup, "supervision_record"),
        ] {
            let uri = format!("/to-chuc/CB-A1/hoc-tap-giam-sat/{path}");
            let body =
                |reason: &str| form(&[("csrf", CSRF), ("id", &id.to_string()), ("ly_do", reason)]);
            let refused = env.call("bithu", "POST", &uri, Some(body(""))).await;
            assert!(refused.status.is_client_error(), "{} {path}", env.label);
            assert!(refused.body.contains("lý do"), "{} {path}", env.label);
            // The viewer of CB-B, and a secretary naming another branch's address: refused.
            let other = env.call("nguoixem", "POST", &uri, Some(body("x"))).await;
            assert_eq!(other.status, StatusCode::NOT_FOUND, "{} {path}", env.label);
            let elsewhere = format!("/to-chuc/CB-A2/hoc-tap-giam-sat/{path}");
            let r = env.call("canbo", "POST", &elsewhere, Some(body("x"))).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{} {path}", env.label);
            assert!(env.audit(entity).await.iter().all(|e| e.action != "delete"));
            let ok = env
                .call("bithu", "POST", &uri, Some(body("Ghi nhầm")))
                .await;
            assert_eq!(
                ok.status,
                StatusCode::SEE_OTHER,
                "{} {path}: {}",
                env.label,
                ok.body
            );
            let log = env.audit(entity).await;
            let e = log.iter().find(|e| e.action == "delete").expect("logged");
            assert_eq!(e.after.as_ref().unwrap()["reason"], "Ghi nhầm");
            assert!(e.before.as_ref().unwrap()["held_on"].is_string());
        }
        assert!(
            env.db
                .study_sessions("CB-A1", 2026)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(env.db.supervisions("CB-A1", 2026).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_rating_is_corrected_within_the_rules_with_a_reason() {
    for env in envs().await {
        env.db
            .rate_members(
                &Actor("test".into()),
                "CB-A1",
                2025,
                RatingStage::SelfAssessment,
                &[MemberRatingInput {
                    person: env.person,
                    level: RatingLevel::Good,
                    score: Some(80),
                    note: None,
                }],
                today(),
            )
            .await
            .unwrap();
        let uri = "/to-chuc/CB-A1/xep-loai/sua";
        let body = |level: &str, score: &str, reason: &str| {
            form(&[
                ("csrf", CSRF),
                ("nam", "2025"),
                ("person", &env.person.to_string()),
                ("stage", "self"),
                ("level", level),
                ("score", score),
                ("ly_do", reason),
            ])
        };
        let level = |env: &Env| {
            let db = env.db.clone();
            async move { db.rating_sheet("CB-A1", 2025, today()).await.unwrap()[0].self_assessment }
        };
        // A score below the level's band, or no reason: refused, nothing changed.
        for b in [body("excellent", "60", "Sửa"), body("complete", "60", "")] {
            let r = env.call("bithu", "POST", uri, Some(b)).await;
            assert!(r.status.is_client_error(), "{}", env.label);
        }
        assert_eq!(level(&env).await, Some(RatingLevel::Good), "{}", env.label);
        let r = env
            .call(
                "bithu",
                "POST",
                uri,
                Some(body("complete", "60", "Chấm nhầm")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(
            level(&env).await,
            Some(RatingLevel::Complete),
            "{}",
            env.label
        );
        let log = env.audit("member_rating").await;
        let e = log.iter().find(|e| e.action == "update").expect("logged");
        assert_eq!(e.before.as_ref().unwrap()["level"], "good");
        assert_eq!(e.after.as_ref().unwrap()["level"], "complete");
        assert_eq!(e.after.as_ref().unwrap()["reason"], "Chấm nhầm");
    }
}

#[tokio::test]
async fn a_study_session_is_corrected_with_its_attendees_and_a_reason() {
    for env in envs().await {
        let id = env
            .db
            .record_study(
                &Actor("test".into()),
                &NewStudySession {
                    org: "CB-A1".into(),
                    kind: StudyKind::Resolution,
                    held_on: d(2026, 4, 2),
                    topic: "Quán triệt".into(),
                    attendees: vec![env.person],
                },
                today(),
            )
            .await
            .unwrap();
        let uri = format!("/hoc-tap/{id}");
        let page = env.call("bithu", "GET", &uri, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", env.label);
        assert!(
            page.body.contains("checked"),
            "{}: the attendee is ticked",
            env.label
        );
        let other = env.call("nguoixem", "GET", &uri, None).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", env.label);
        let body = |reason: &str| {
            form(&[
                ("csrf", CSRF),
                ("kind", "resolution"),
                ("held_on", "3/4/2026"),
                ("topic", "Quán triệt Nghị quyết Đại hội"),
                ("ly_do", reason),
            ])
        };
        let r = env.call("bithu", "POST", &uri, Some(body(""))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        let r = env.call("nguoixem", "POST", &uri, Some(body("x"))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        let (place, _, topic, who) = env.db.study_session(id).await.unwrap();
        assert_eq!(
            (place.on, topic.as_str(), who.len()),
            (d(2026, 4, 2), "Quán triệt", 1)
        );
        // Nobody ticked: the attendee was typed by mistake.
        let r = env
            .call("bithu", "POST", &uri, Some(body("Ghi nhầm")))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let (place, _, topic, who) = env.db.study_session(id).await.unwrap();
        assert_eq!(place.on, d(2026, 4, 3), "{}", env.label);
        assert_eq!(topic, "Quán triệt Nghị quyết Đại hội");
        assert!(who.is_empty(), "{}", env.label);
        let log = env.audit("study_session").await;
        let e = log.iter().find(|e| e.action == "update").expect("logged");
        assert_eq!(e.before.as_ref().unwrap()["attendees"][0], env.person);
        assert_eq!(e.after.as_ref().unwrap()["reason"], "Ghi nhầm");
    }
}

#[tokio::test]
async fn a_supervision_is_corrected_with_a_reason() {
    for env in envs().await {
        let id = env
            .db
            .record_supervision(
                &Actor("test".into()),
                &NewSupervision {
                    org: "CB-A1".into(),
                    person: env.person,
                    held_on: d(2026, 5, 2),
                    kind: SupervisionKind::Regular,
                    content: "Nội dung cũ".into(),
                    conclusion: None,
                },
                today(),
            )
            .await
            .unwrap();
        let uri = format!("/giam-sat/{id}");
        assert_eq!(
            env.call("bithu", "GET", &uri, None).await.status,
            StatusCode::OK
        );
        assert_eq!(
            env.call("nguoixem", "GET", &uri, None).await.status,
            StatusCode::NOT_FOUND
        );
        let body = |content: &str, reason: &str| {
            form(&[
                ("csrf", CSRF),
                ("held_on", "2/5/2026"),
                ("kind", "regular"),
                ("content", content),
                ("conclusion", "Hoàn thành tốt"),
                ("ly_do", reason),
            ])
        };
        for b in [body("", "Sửa"), body("Nội dung mới", "")] {
            let r = env.call("bithu", "POST", &uri, Some(b)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        }
        assert_eq!(
            env.db.supervision(id).await.unwrap().1.content,
            "Nội dung cũ"
        );
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(body("Nội dung mới", "Ghi sai nội dung")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let (_, rec) = env.db.supervision(id).await.unwrap();
        assert_eq!(rec.content, "Nội dung mới");
        assert_eq!(rec.conclusion.as_deref(), Some("Hoàn thành tốt"));
        let log = env.audit("supervision_record").await;
        let e = log.iter().find(|e| e.action == "update").expect("logged");
        assert_eq!(e.before.as_ref().unwrap()["content"], "Nội dung cũ");
        assert_eq!(e.after.as_ref().unwrap()["reason"], "Ghi sai nội dung");
    }
}
