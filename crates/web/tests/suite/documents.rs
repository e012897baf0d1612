//! The document register's pages (`/to-chuc/{code}/van-ban`, `/van-ban/{id}`): a received
//! document recorded with its file and downloaded back; a typed number that leaves a gap
//! refused beside its field with nothing stored; a draft from a template shown with the next
//! number of its series, printed as .docx and PDF, then numbered; another subtree gets 404 and
//! may not write; a subject with markup is shown as text. SQLite and PostgreSQL.

use crate::common;

use crate::common::{CSRF, Env, envs, form, multipart};
use axum::http::StatusCode;

async fn record(env: &Env, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> common::Reply {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    let (ct, body) = multipart(&all, file);
    env.send(
        "canbo",
        true,
        "POST",
        "/to-chuc/DB-A/van-ban",
        Some(ct),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_received_document_is_recorded_with_its_file() {
    for env in envs().await {
        let l = env.label;
        let pdf = b"%PDF-1.4 thu";
        let r = record(
            &env,
            &[
                ("chieu", "received"),
                ("ky_hieu", "150-KH⁄ĐUK"),
                ("ngay", "20/6/2026"),
                ("trich_yeu", "Kế hoạch <b>đại hội</b>"),
                ("noi_ban_hanh", "Đảng ủy Khối Thử"),
            ],
            Some(("ke-hoach.pdf", pdf)),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let at = r.location.clone().unwrap();
        let page = env.call("canbo", "GET", &at, None).await;
        assert!(page.body.contains("150-KH/ĐUK"), "{l}");
        assert!(
            page.body
                .contains("Kế hoạch &#60;b&#62;đại hội&#60;/b&#62;")
                && !page.body.contains("<b>đại"),
            "{l}: escaped"
        );
        let file = env.call("canbo", "GET", &format!("{at}/tep"), None).await;
        assert_eq!(file.bytes, pdf, "{l}");
        let list = env
            .call("quantri", "GET", "/to-chuc/DB-A/van-ban?q=ke+hoach", None)
            .await;
        assert!(
            list.body.contains("150-KH/ĐUK") && list.body.contains("Đảng ủy Khối Thử"),
            "{l}"
        );
        // The same document twice is refused.
        let again = record(
            &env,
            &[
                ("chieu", "received"),
                ("ky_hieu", "150-KH/ĐUK"),
                ("ngay", "20/6/2026"),
                ("trich_yeu", "Lần hai"),
            ],
            None,
        )
        .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
    }
}

#[tokio::test]
async fn a_gap_in_a_series_is_refused_beside_the_number_with_nothing_stored() {
    for env in envs().await {
        let l = env.label;
        let issued = |n: &'static str, day: &'static str| {
            [
                ("chieu", "issued"),
                ("ky_hieu", n),
                ("ngay", day),
                ("trich_yeu", "Quyết định thử"),
            ]
        };
        let r = record(&env, &issued("05-QĐ/ĐU", "1/3/2026"), None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = record(&env, &issued("07-QĐ/ĐU", "2/3/2026"), None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("số tiếp theo của sổ là 06"),
            "{l}: {}",
            r.body
        );
        assert!(
            r.body.contains("value=\"07-QĐ/ĐU\""),
            "{l}: what was typed is kept"
        );
        let list = env
            .call("canbo", "GET", "/to-chuc/DB-A/van-ban", None)
            .await;
        assert!(!list.body.contains("07-QĐ/ĐU"), "{l}");
    }
}

#[tokio::test]
async fn a_draft_from_a_template_is_printed_then_given_the_next_number() {
    for env in envs().await {
        let l = env.label;
        let body = form(&[
            ("csrf", CSRF),
            ("mau", "decision"),
            ("trich_yeu", "Chuẩn y kết quả bầu cử"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/DB-A/van-ban/soan", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let at = r.location.clone().unwrap();
        let page = env.call("canbo", "GET", &at, None).await;
        assert!(
            page.body.contains("<strong id=\"next\">01-QĐ/ĐU</strong>"),
            "{l}: {}",
            page.body
        );
        assert!(page.body.contains("Điều 1. Chuẩn y kết quả bầu cử."), "{l}");
        for (ext, magic) in [("docx", &b"PK"[..]), ("pdf", &b"%PDF"[..])] {
            let f = env
                .call("canbo", "GET", &format!("{at}/in.{ext}"), None)
                .await;
            assert_eq!(f.status, StatusCode::OK, "{l}: {ext}");
            assert!(f.bytes.starts_with(magic), "{l}: {ext}");
        }
        let edit = form(&[
            ("csrf", CSRF),
            ("trich_yeu", "Chuẩn y kết quả bầu cử Chi ủy"),
            ("noi_dung", "QUYẾT ĐỊNH\nĐiều 1. Chuẩn y."),
            ("chuc_danh", "T/M ĐẢNG ỦY\nBÍ THƯ"),
            ("noi_nhan", "Như Điều 2\nLưu Văn phòng"),
        ]);
        let r = env.call("canbo", "POST", &at, Some(edit)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let bad = env
            .call(
                "canbo",
                "POST",
                &format!("{at}/cap-so"),
                Some(form(&[("csrf", CSRF), ("ngay", "31/2/2026")])),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        let ok = env
            .call(
                "canbo",
                "POST",
                &format!("{at}/cap-so"),
                Some(form(&[("csrf", CSRF), ("ngay", "2/3/2026")])),
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{l}");
        let page = env.call("canbo", "GET", &at, None).await;
        assert!(page.body.contains("Quyết định số 01-QĐ/ĐU"), "{l}");
        assert!(
            !page.body.contains("Cấp số và ban hành"),
            "{l}: numbered once"
        );
        let audit = env.audit("party_document").await;
        assert!(audit.iter().any(|e| e.action == "issue"), "{l}");
    }
}

#[tokio::test]
async fn another_subtree_neither_reads_nor_writes_the_register() {
    for env in envs().await {
        let l = env.label;
        let body = form(&[
            ("csrf", CSRF),
            ("mau", "plan"),
            ("trich_yeu", "Kế hoạch thử"),
        ]);
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/DB-A/van-ban/soan",
                Some(body.clone()),
            )
            .await;
        let at = r.location.clone().unwrap();
        for (user, uri) in [
            ("nguoixem", "/to-chuc/DB-A/van-ban".to_string()),
            ("nguoixem", at.clone()),
            ("nguoixem", format!("{at}/in.pdf")),
            ("bithu", "/to-chuc/DB-A/van-ban".to_string()),
        ] {
            let r = env.call(user, "GET", &uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {user} {uri}");
        }
        let r = env
            .call("bithu", "POST", "/to-chuc/DB-A/van-ban/soan", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let r = env
            .call(
                "nguoixem",
                "POST",
                &format!("{at}/cap-so"),
                Some(form(&[("csrf", CSRF), ("ngay", "2/3/2026")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        // The viewer of the branch reads its own (empty) register.
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-B/van-ban", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(
            !r.body.contains("Soạn dự thảo"),
            "{l}: a viewer writes nothing"
        );
    }
}
