//! Every member on the web (issue 20): a member's own page and nothing of anyone else's; the
//! pledge (deadline, approval, year-end review) and the self-assessment (the `self` stage of the
//! rating, refused once the branch has proposed) as the secretary sees them; a meeting notice,
//! an announced absence and the attendance form it fills in; a request to correct the file.

use crate::common;

use crate::common::{CSRF, PASSWORD, d, envs, form, member, today};
use axum::http::StatusCode;
use db::Actor;
use domain::branch::rating::{RatingLevel, RatingStage};

/// The member account `mot` of CB-A1's member (card 70000001), signed in.
async fn member_account(env: &mut common::Env) {
    let a = Actor("test".into());
    let u = env
        .db
        .create_member_account(&a, "mot", PASSWORD, "70000001", false)
        .await
        .unwrap();
    let token = env
        .db
        .create_session(
            u.id,
            chrono::Utc::now().naive_utc(),
            chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    env.add_session("mot", token).await;
}

fn sections(skip: &str) -> Vec<(&'static str, &'static str)> {
    domain::branch::personal::SECTIONS
        .iter()
        .filter(|s| s.code != skip)
        .map(|s| (s.code, "Đã làm tốt phần việc này."))
        .collect()
}

#[tokio::test]
async fn a_member_sees_only_their_own() {
    for mut env in envs().await {
        let l = env.label;
        member_account(&mut env).await;
        let a = Actor("test".into());
        let other = env
            .db
            .add_person(&a, "CB-A1", &member("Lê Thị Hai", "70000002"), today())
            .await
            .unwrap();
        let r = env.call("mot", "GET", "/", None).await;
        assert_eq!(
            r.location.as_deref(),
            Some("/ca-nhan"),
            "{l}: home is their page"
        );
        let r = env.call("mot", "GET", "/ca-nhan", None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        for words in [
            "Trần Văn Một",
            "Chi bộ Phòng A1",
            "Đăng ký làm theo",
            "Tự đánh giá, xếp loại",
            "70000001",
        ] {
            assert!(r.body.contains(words), "{l}: {words}");
        }
        assert!(
            !r.body.contains("Lê Thị Hai"),
            "{l}: nobody else on their page"
        );
        assert!(
            !r.body.contains("href=\"/to-chuc"),
            "{l}: no link to the tree"
        );
        let before = env.audit("person").await.len();
        for uri in [
            format!("/dang-vien/{other}"),
            format!("/dang-vien/{}", env.person),
            "/to-chuc/CB-A1".to_string(),
            "/to-chuc/CB-A1/dang-vien".to_string(),
            "/to-chuc/CB-A1/lam-theo".to_string(),
            format!("/to-chuc/CB-A1/lam-theo/{other}"),
            "/quan-tri/tai-khoan".to_string(),
            "/nhat-ky".to_string(),
        ] {
            let r = env.call("mot", "GET", &uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {uri}");
            assert!(!r.body.contains("Lê Thị Hai"), "{l}: {uri}");
        }
        let denied = env.db.audit_entries(None, 500).await.unwrap();
        assert!(
            denied
                .iter()
                .any(|e| e.actor == "mot" && e.action == "denied"),
            "{l}: the refusals are audited ({before})"
        );
        // A staff account has no own page.
        let r = env.call("canbo", "GET", "/ca-nhan", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        // The text size is the member's choice, remembered.
        let r = env.call("mot", "GET", "/ca-nhan?co=2", None).await;
        assert!(r.body.contains("class=\"size-2\""), "{l}");
        assert!(
            r.headers
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().contains("=2")),
            "{l}"
        );
    }
}

#[tokio::test]
async fn a_member_pledges_and_assesses_themself_and_the_secretary_sees_it() {
    for mut env in envs().await {
        let l = env.label;
        member_account(&mut env).await;
        let a = Actor("test".into());
        env.db
            .add_person(&a, "CB-A1", &member("Lê Thị Hai", "70000002"), today())
            .await
            .unwrap();
        let me = env.person;
        // 22/11: the default deadline of the pledge (31/3) has passed.
        let pledge = form(&[
            ("csrf", CSRF),
            ("content", "Tiết kiệm điện, nước nơi làm việc."),
        ]);
        let r = env
            .call("mot", "POST", "/ca-nhan/lam-theo", Some(pledge.clone()))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("đã hết hạn ngày 31/3/2026"),
            "{l}: {}",
            r.body
        );
        assert!(
            env.db.member_pledge(me, 2026).await.unwrap().is_none(),
            "{l}"
        );
        // The secretary moves the deadline; the member pledges.
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/lam-theo/han",
                Some(form(&[
                    ("csrf", CSRF),
                    ("year", "2026"),
                    ("pledge_until", "31/12/2026"),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = env
            .call("mot", "POST", "/ca-nhan/lam-theo", Some(pledge.clone()))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/lam-theo", None)
            .await;
        assert!(
            page.body.contains("50,0%"),
            "{l}: one of two pledged: {}",
            page.body
        );
        assert!(page.body.contains("Chờ bí thư duyệt"), "{l}");
        // The figure opens its list: the member who pledged, not the one who has not.
        let figure = "/to-chuc/CB-A1/so-lieu?chi-so=lam-theo-2026";
        assert!(page.body.contains(figure), "{l}: {}", page.body);
        let list = env.call("bithu", "GET", figure, None).await;
        let name = env.db.person(me).await.unwrap().full_name.to_string();
        assert_eq!(list.status, StatusCode::OK, "{l}");
        assert!(
            list.body.contains("Đảng viên đăng ký làm theo tư tưởng")
                && list.body.contains(&name)
                && !list.body.contains("Lê Thị Hai"),
            "{l}: {}",
            list.body
        );
        let home = env.call("bithu", "GET", "/", None).await;
        assert!(
            home.body
                .contains("Duyệt 1 bản đăng ký làm theo của đảng viên"),
            "{l}: the secretary's home says so"
        );
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/lam-theo/duyet",
                Some(form(&[
                    ("csrf", CSRF),
                    ("year", "2026"),
                    ("person", &me.to_string()),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        // Approved: no more changes; the year-end review is open from 1 November.
        let r = env
            .call("mot", "POST", "/ca-nhan/lam-theo", Some(pledge))
            .await;
        assert!(r.body.contains("đã được bí thư duyệt"), "{l}");
        let review = form(&[
            ("csrf", CSRF),
            ("outcome", "good"),
            ("review", "Đã làm được cả hai việc."),
        ]);
        let r = env
            .call("mot", "POST", "/ca-nhan/lam-theo/danh-gia", Some(review))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        // The self-assessment: a required section left empty is refused, the text kept.
        let mut fields = vec![("csrf", CSRF), ("level", "good")];
        fields.extend(sections("han_che"));
        let r = env
            .call("mot", "POST", "/ca-nhan/tu-danh-gia", Some(form(&fields)))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("Hạn chế, khuyết điểm") && r.body.contains("Đã làm tốt phần việc này."),
            "{l}"
        );
        assert!(
            env.db.self_assessment(me, 2026).await.unwrap().is_none(),
            "{l}"
        );
        // After the branch's deadline: refused with the date, nothing saved.
        let deadline = |until| {
            env.db.set_member_deadline(
                &a,
                "CB-A1",
                2026,
                domain::branch::personal::DeadlineKind::SelfAssessment,
                until,
            )
        };
        deadline(d(2026, 11, 20)).await.unwrap();
        let mut fields = vec![("csrf", CSRF), ("level", "good")];
        fields.extend(sections(""));
        let r = env
            .call("mot", "POST", "/ca-nhan/tu-danh-gia", Some(form(&fields)))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("đã hết hạn ngày 20/11/2026") && r.body.contains("Chưa có gì được lưu"),
            "{l}: {}",
            r.body
        );
        assert!(
            env.db.self_assessment(me, 2026).await.unwrap().is_none(),
            "{l}"
        );
        deadline(d(2026, 12, 15)).await.unwrap();
        // The form in a larger text, remembered.
        let big = env
            .call("mot", "GET", "/ca-nhan/tu-danh-gia?co=2", None)
            .await;
        assert!(big.body.contains("<body class=\"size-2\""), "{l}");
        let r = env
            .call("mot", "POST", "/ca-nhan/tu-danh-gia", Some(form(&fields)))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        // It is the self stage of the rating, and the secretary sees who has handed in.
        let sheet = env.db.rating_sheet("CB-A1", 2026, today()).await.unwrap();
        let line = sheet.iter().find(|x| x.person_id == me).unwrap();
        assert_eq!(line.self_assessment, Some(RatingLevel::Good), "{l}");
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/lam-theo", None)
            .await;
        assert!(
            page.body.contains("Đã nộp") && page.body.contains("Chưa nộp"),
            "{l}"
        );
        assert!(page.body.contains("Thực hiện tốt"), "{l}: the review");
        let figure = "/to-chuc/CB-A1/so-lieu?chi-so=tu-kiem-diem-2026";
        assert!(page.body.contains(figure), "{l}");
        let list = env.call("bithu", "GET", figure, None).await;
        assert!(
            list.body.contains(&name) && !list.body.contains("Lê Thị Hai"),
            "{l}"
        );
        for (who, uri, magic) in [
            (
                "mot",
                "/ca-nhan/tu-danh-gia/ban-kiem-diem.docx".to_string(),
                &b"PK"[..],
            ),
            (
                "mot",
                "/ca-nhan/tu-danh-gia/ban-kiem-diem.pdf".to_string(),
                &b"%PDF"[..],
            ),
            (
                "bithu",
                format!("/to-chuc/CB-A1/lam-theo/{me}/ban-kiem-diem.docx"),
                &b"PK"[..],
            ),
            (
                "bithu",
                format!("/to-chuc/CB-A1/lam-theo/{me}/ban-kiem-diem.pdf"),
                &b"%PDF"[..],
            ),
        ] {
            let r = env.call(who, "GET", &uri, None).await;
            assert_eq!(r.status, StatusCode::OK, "{l}: {uri}");
            assert!(r.bytes.starts_with(magic), "{l}: {uri}");
        }
        // Once the branch has proposed, the member's level stands.
        env.db
            .rate_members(
                &a,
                "CB-A1",
                2026,
                RatingStage::BranchProposal,
                &[db::branch::MemberRatingInput {
                    person: me,
                    level: RatingLevel::Good,
                    score: None,
                    note: None,
                }],
                today(),
            )
            .await
            .unwrap();
        let mut fields = vec![("csrf", CSRF), ("level", "excellent")];
        fields.extend(sections(""));
        let r = env
            .call("mot", "POST", "/ca-nhan/tu-danh-gia", Some(form(&fields)))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        let again = env.db.self_assessment(me, 2026).await.unwrap().unwrap();
        assert_eq!(again.level, RatingLevel::Good, "{l}: nothing changed");
    }
}

#[tokio::test]
async fn a_member_says_they_will_be_absent_and_the_attendance_form_knows() {
    for mut env in envs().await {
        let l = env.label;
        member_account(&mut env).await;
        let notice = |day: &str| {
            form(&[
                ("csrf", CSRF),
                ("meeting_on", day),
                ("starts_at", "14h"),
                ("place", "Phòng họp số 2"),
                ("agenda", "Sinh hoạt định kỳ tháng 11\nKiểm điểm cuối năm"),
            ])
        };
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/thong-bao",
                Some(notice("20/11/2026")),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: a day gone by"
        );
        // A document of the branch's register to read before the meeting.
        let a = Actor("test".into());
        let doc = env
            .db
            .record_document(
                &a,
                &db::NewDocument {
                    org: "CB-A1".into(),
                    direction: domain::documents::Direction::Received,
                    symbol: "15-BC/CB".into(),
                    signed_on: today(),
                    subject: "Dự thảo báo cáo kết quả năm 2026".into(),
                    issuer_name: Some("Chi ủy Chi bộ A1".into()),
                    signer: None,
                    recipients: Vec::new(),
                    congress: None,
                    file: Some(db::DocFile {
                        name: "du-thao-2026.pdf".into(),
                        media_type: "application/pdf".into(),
                        bytes: b"%PDF-1.4 du thao".to_vec(),
                    }),
                    co_issuers: Vec::new(),
                },
            )
            .await
            .unwrap();
        let mut with_doc = notice("22/11/2026");
        with_doc.push_str(&format!("&doc={doc}"));
        let r = env
            .call("bithu", "POST", "/to-chuc/CB-A1/thong-bao", Some(with_doc))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let at = r.location.unwrap();
        let id: i32 = at.rsplit('/').next().unwrap().parse().unwrap();
        let own = env.call("mot", "GET", "/ca-nhan", None).await;
        assert!(
            own.body.contains("Họp ngày 22/11/2026, lúc 14:00")
                && own.body.contains("Kiểm điểm cuối năm"),
            "{l}"
        );
        let doc_uri = format!("/ca-nhan/thong-bao/{id}/van-ban/{doc}");
        assert!(
            own.body.contains(&doc_uri) && own.body.contains("Dự thảo báo cáo kết quả năm 2026"),
            "{l}: the document to read"
        );
        let r = env.call("mot", "GET", &doc_uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.bytes.starts_with(b"%PDF"), "{l}: the file itself");
        let uri = format!("/ca-nhan/thong-bao/{id}");
        let r = env
            .call(
                "mot",
                "POST",
                &uri,
                Some(form(&[("csrf", CSRF), ("answer", "vang"), ("reason", " ")])),
            )
            .await;
        assert!(r.body.contains("Báo vắng phải có lý do"), "{l}: {}", r.body);
        let r = env
            .call(
                "mot",
                "POST",
                &uri,
                Some(form(&[
                    ("csrf", CSRF),
                    ("answer", "vang"),
                    ("reason", "Đi công tác Hà Nội"),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let page = env.call("bithu", "GET", &at, None).await;
        assert!(
            page.body.contains("Báo vắng") && page.body.contains("Đi công tác Hà Nội"),
            "{l}"
        );
        let form_page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/lich-sinh-hoat", None)
            .await;
        assert!(
            form_page.body.contains("Đi công tác Hà Nội (đã báo vắng)"),
            "{l}: the attendance form is filled in"
        );
        // Recorded two days later, the form still offers that meeting with its absences;
        // once a meeting of that day is recorded, it no longer does.
        let org_id = env.db.org_latest("CB-A1").await.unwrap().id;
        let (on, absent) = env
            .db
            .meeting_to_record(org_id, d(2026, 11, 24))
            .await
            .unwrap()
            .expect("the meeting of 22/11");
        assert_eq!(on, d(2026, 11, 22), "{l}");
        assert_eq!(
            absent.get(&env.person).map(String::as_str),
            Some("Đi công tác Hà Nội"),
            "{l}"
        );
        assert!(
            env.db
                .meeting_to_record(org_id, d(2026, 12, 7))
                .await
                .unwrap()
                .is_none(),
            "{l}: two weeks on, no longer offered"
        );
        // The study sessions the member attended are on their page.
        env.db
            .record_study(
                &a,
                &db::branch::NewStudySession {
                    org: "CB-A1".into(),
                    kind: domain::branch::study::StudyKind::Resolution,
                    held_on: d(2026, 11, 10),
                    topic: "Học tập Nghị quyết Đại hội XIV".into(),
                    attendees: vec![env.person],
                },
                today(),
            )
            .await
            .unwrap();
        let own = env.call("mot", "GET", "/ca-nhan", None).await;
        assert!(
            own.body.contains("Học tập Nghị quyết Đại hội XIV") && own.body.contains("10/11/2026"),
            "{l}: {}",
            own.body
        );
        // Another organization's notice is not the member's.
        let r = env
            .call(
                "quantri",
                "POST",
                "/to-chuc/CB-B/thong-bao",
                Some(notice("30/11/2026")),
            )
            .await;
        let other: i32 = r
            .location
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let r = env
            .call(
                "mot",
                "POST",
                &format!("/ca-nhan/thong-bao/{other}"),
                Some(form(&[("csrf", CSRF), ("answer", "du")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        // The file: a request to correct it reaches the secretary, who answers.
        let r = env
            .call(
                "mot",
                "POST",
                "/ca-nhan/de-nghi",
                Some(form(&[
                    ("csrf", CSRF),
                    ("body", "Ngày sinh đúng là 5/3/1985"),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/lam-theo", None)
            .await;
        assert!(page.body.contains("Ngày sinh đúng là 5/3/1985"), "{l}");
        let q = env
            .db
            .member_requests(None, Some(env.person))
            .await
            .unwrap();
        let r = env
            .call(
                "bithu",
                "POST",
                &format!("/to-chuc/CB-A1/de-nghi/{}", q[0].id),
                Some(form(&[("csrf", CSRF), ("answer", "Đã sửa ngày sinh")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let own = env.call("mot", "GET", "/ca-nhan", None).await;
        assert!(own.body.contains("Đã trả lời: Đã sửa ngày sinh"), "{l}");
        let _ = d(2026, 1, 1);
    }
}
