//! The commendation pages as the office and a branch use them: the branch's yearly proposal
//! computed from its ratings and adjusted with a reason; a dossier opened from it, refused a
//! step out of order, given its documents, appraised, proposed and decided; the bulk appraisal
//! with its progress page; and nothing of it for someone outside the subtree. On SQLite and,
//! when `DANGVU_TEST_PG` is set, PostgreSQL.

use crate::common::{CSRF, envs, form, multipart, today};
use axum::http::StatusCode;
use db::Actor;
use db::branch::MemberRatingInput;
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::commendation::InitiativeLevel;

#[tokio::test]
async fn a_branch_proposes_and_the_office_appraises() {
    for env in envs().await {
        let (l, a) = (env.label, Actor("test".into()));
        let rating = MemberRatingInput {
            person: env.person,
            level: RatingLevel::Excellent,
            score: None,
            note: None,
        };
        // The self-assessment (no cap applies to it) is the highest stage recorded: the one read.
        env.db
            .rate_members(
                &a,
                "CB-A1",
                2025,
                RatingStage::SelfAssessment,
                &[rating],
                today(),
            )
            .await
            .unwrap();
        env.db
            .record_initiative(
                &a,
                env.person,
                2025,
                InitiativeLevel::CoSo,
                "Sổ tay điện tử",
            )
            .await
            .unwrap();

        // The proposal, from the rating: a grassroots emulation fighter.
        let p = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/khen-thuong/de-nghi?nam=2025",
                None,
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{l}");
        assert!(
            p.body
                .contains("<b>1</b> đồng chí đề nghị Chiến sĩ thi đua cơ sở"),
            "{l}: {}",
            p.body
        );
        assert!(
            p.body.contains("Có sáng kiến được công nhận năm 2025"),
            "{l}"
        );
        // Someone else's branch: not found.
        let r = env
            .call(
                "nguoixem",
                "GET",
                "/to-chuc/CB-A1/khen-thuong/de-nghi?nam=2025",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        // An adjustment needs a reason.
        let person = env.person.to_string();
        let adjust = |reason: &str| {
            form(&[
                ("csrf", CSRF),
                ("nam", "2025"),
                ("dang_vien", &person),
                ("danh_hieu", "lao_dong_tien_tien"),
                ("them", "0"),
                ("ly_do", reason),
            ])
        };
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/khen-thuong/de-nghi",
                Some(adjust(" ")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/khen-thuong/de-nghi",
                Some(adjust("Đang chuyển công tác")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let p = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/khen-thuong/de-nghi?nam=2025",
                None,
            )
            .await;
        assert!(p.body.contains("Bỏ ra: Đang chuyển công tác"), "{l}");
        // A cap on grassroots fighters, when set, warns over it (off by default).
        assert!(!p.body.contains("id=\"cap\""), "{l}");
        env.db
            .set_dated_rule(&a, "rules.khen_thuong.cstd_co_so_tran_phan_tram", "15")
            .await
            .unwrap();
        let p = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/khen-thuong/de-nghi?nam=2025",
                None,
            )
            .await;
        assert!(
            p.body.contains("1 đồng chí đề nghị Chiến sĩ thi đua cơ sở, vượt mức tối đa 15% của 0 đồng chí Lao động tiên tiến"),
            "{l}: {}",
            p.body
        );

        // A dossier opened from the proposal.
        let open = form(&[
            ("csrf", CSRF),
            ("nam", "2025"),
            ("dang_vien", &person),
            ("danh_hieu", "chien_si_thi_dua_co_so"),
        ]);
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/CB-A1/khen-thuong/ho-so",
                Some(open.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let id = env.db.dossiers("CB-A1", None, today(), 10).await.unwrap()[0].id;
        let uri = format!("/ho-so-khen-thuong/{id}");
        let step = |s: &str| form(&[("csrf", CSRF), ("buoc", s)]);
        let r = env
            .call("bithu", "POST", &format!("{uri}/buoc"), Some(step("trinh")))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: proposed before appraisal"
        );
        assert!(
            r.body
                .contains("thứ tự là nộp → thẩm định → trình → quyết định"),
            "{l}"
        );
        // Its documents, then the appraisal finds it eligible.
        for k in [
            "submission",
            "achievement_report",
            "assessment_minutes",
            "initiative_certificate",
        ] {
            let (ct, body) = multipart(
                &[("csrf", CSRF), ("loai", k), ("ten", "")],
                Some(("giay.pdf", b"%PDF-1.4")),
            );
            let r = env
                .send(
                    "bithu",
                    true,
                    "POST",
                    &format!("{uri}/van-ban"),
                    Some(ct),
                    Some(body),
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        }
        env.call(
            "bithu",
            "POST",
            &format!("{uri}/buoc"),
            Some(step("tham-dinh")),
        )
        .await;
        let page = env.call("bithu", "GET", &uri, None).await;
        assert!(
            page.body.contains("Thẩm định: đủ điều kiện"),
            "{l}: {}",
            page.body
        );
        assert!(
            page.body
                .contains("Luật Thi đua, khen thưởng 2022, Điều 23"),
            "{l}"
        );
        env.call("bithu", "POST", &format!("{uri}/buoc"), Some(step("trinh")))
            .await;
        let decide = |sym: &str| {
            form(&[
                ("csrf", CSRF),
                ("buoc", "quyet-dinh"),
                ("so_ky_hieu", sym),
                ("co_quan", "Giám đốc Sở"),
                ("ngay", "20/11/2026"),
            ])
        };
        let r = env
            .call(
                "bithu",
                "POST",
                &format!("{uri}/buoc"),
                Some(decide("quyết định số 5")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains(
                "<span class=\"field-error\">số ký hiệu &#34;quyết định số 5&#34; không đúng dạng"
            ),
            "{l}: {}",
            r.body
        );
        env.call(
            "bithu",
            "POST",
            &format!("{uri}/buoc"),
            Some(decide("15-QĐ/SNV")),
        )
        .await;
        let page = env.call("bithu", "GET", &uri, None).await;
        assert!(page.body.contains("Đã có quyết định"), "{l}");
        assert_eq!(
            env.db.awards_of_person(env.person).await.unwrap()[0].symbol,
            "15-QĐ/SNV",
            "{l}"
        );
        // The award is on the member's page.
        let member = env
            .call("bithu", "GET", &format!("/dang-vien/{}", env.person), None)
            .await;
        assert!(
            member
                .body
                .contains("Chiến sĩ thi đua cơ sở năm 2025 (Quyết định 15-QĐ/SNV của Giám đốc Sở)"),
            "{l}: {}",
            member.body
        );
        // Outside the subtree: the dossier does not exist.
        let r = env.call("nguoixem", "GET", &uri, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");

        // The work list and the bulk appraisal with its progress page.
        env.call(
            "bithu",
            "POST",
            "/to-chuc/CB-A1/khen-thuong/ho-so",
            Some(open),
        )
        .await;
        let list = env
            .call("canbo", "GET", "/to-chuc/DB-A/khen-thuong", None)
            .await;
        assert!(
            list.body.contains("Thẩm định tất cả 1 hồ sơ đang chờ"),
            "{l}: {}",
            list.body
        );
        let home = env.call("canbo", "GET", "/", None).await;
        assert!(
            home.body
                .contains("1 hồ sơ khen thưởng đang xử lý (1 chờ thẩm định)"),
            "{l}: {}",
            home.body
        );
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/khen-thuong/tham-dinh",
                Some(form(&[("csrf", CSRF)])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let to = r.location.clone().unwrap_or_default();
        let mut done = String::new();
        for _ in 0..50 {
            let p = env.call("canbo", "GET", &to, None).await;
            if p.body.contains("Đã thẩm định") {
                done = p.body;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(
            done.contains("Đã thẩm định 1 hồ sơ: 0 đủ điều kiện"),
            "{l}: {done}"
        );
        // Another user cannot watch someone's job.
        let r = env.call("bithu", "GET", &to, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}

#[tokio::test]
async fn a_campaign_is_launched_and_pledged_to() {
    for env in envs().await {
        let l = env.label;
        let launch = |name: &str, to: &str| {
            form(&[
                ("csrf", CSRF),
                ("ten", name),
                ("phuong_thuc", "thuong_xuyen"),
                ("tu", "01/01/2026"),
                ("den", to),
                ("cum", "Khối Sở"),
            ])
        };
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/thi-dua",
                Some(launch("Thi đua năm 2026", "01/01/2025")),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: ends before it starts"
        );
        // The message beside the field, what was typed kept.
        assert!(
            r.body
                .contains("<span class=\"field-error\">ngày kết thúc trước ngày bắt đầu</span>"),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("value=\"Thi đua năm 2026\""), "{l}");
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/thi-dua",
                Some(launch("Thi đua năm 2026", "31/12/2026")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let id = env.db.campaigns("DB-A").await.unwrap()[0].id.to_string();
        let pledge = |card: &str| {
            form(&[
                ("csrf", CSRF),
                ("phong_trao", &id),
                ("doi_tuong", "individual"),
                ("so_the", card),
                ("danh_hieu", "lao_dong_tien_tien"),
                ("ngay", "15/01/2026"),
            ])
        };
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/thi-dua/dang-ky",
                Some(pledge("70000001")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/thi-dua/dang-ky",
                Some(pledge("79999999")),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: an unknown card"
        );
        let page = env
            .call("canbo", "GET", "/to-chuc/DB-A/thi-dua", None)
            .await;
        assert!(
            page.body.contains("Thi đua năm 2026") && page.body.contains("<td>1</td><td>0</td>"),
            "{l}: {}",
            page.body
        );
        // The viewer of another branch sees nothing of it and may not pledge.
        assert_eq!(
            env.call("nguoixem", "GET", "/to-chuc/DB-A/thi-dua", None)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{l}"
        );
        let r = env
            .call(
                "nguoixem",
                "POST",
                "/to-chuc/CB-B/thi-dua/dang-ky",
                Some(pledge("70000001")),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}

/// A province's "yearly proposal" would list every member of every branch: the page says the
/// proposal is each branch's own and lists no one (at national scale it listed millions).
#[tokio::test]
async fn the_yearly_proposal_is_not_drawn_up_above_the_grassroots() {
    for env in envs().await {
        let l = env.label;
        let p = env
            .call("quantri", "GET", "/to-chuc/TU/khen-thuong/de-nghi", None)
            .await;
        assert_eq!(p.status, StatusCode::OK, "{l}");
        assert!(p.body.contains("id=\"notice\""), "{l}: {}", p.body);
        assert!(
            p.body.contains(
                "do từng chi bộ, tổ chức cơ sở đảng lập; Đảng bộ tỉnh Thử là đảng bộ tỉnh"
            ),
            "{l}: {}",
            p.body
        );
        assert!(!p.body.contains("id=\"proposal\""), "{l}");
        assert!(!p.body.contains("/dang-vien/"), "{l}: no member is listed");
        // The province's page offers no link to it; a branch's page does.
        let page = env.call("quantri", "GET", "/to-chuc/TU", None).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(!page.body.contains("/khen-thuong/de-nghi"), "{l}");
        assert!(page.body.contains("/to-chuc/TU/khen-thuong\""), "{l}");
        let branch = env.call("quantri", "GET", "/to-chuc/CB-A1", None).await;
        assert!(
            branch.body.contains("/to-chuc/CB-A1/khen-thuong/de-nghi"),
            "{l}"
        );
    }
}
