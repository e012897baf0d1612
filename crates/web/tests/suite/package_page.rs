//! The sealed result package on the web (issue 15, item 3): the superior uploads a package at
//! `/goi-ket-qua`; a good one of an organization they may write in is kept, an altered one or
//! one of another subtree is refused with the reason and nothing is kept.

use crate::common;

use crate::common::{CSRF, envs};
use axum::http::StatusCode;
use domain::package::{Payload, seal};

fn package(org: &str) -> Vec<u8> {
    seal(
        Payload {
            org_code: org.into(),
            org_name: "Chi bộ Phòng A1".into(),
            congress: "Đại hội Chi bộ Phòng A1 lần thứ I".into(),
            ordinal: 1,
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            board: vec![("Trần Văn Một".into(), "Trưởng ban".into())],
            rounds: Vec::new(),
            fingerprint: String::new(),
            exported_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        },
        &[3; 32],
    )
}

#[tokio::test]
async fn a_package_is_uploaded_checked_and_kept_or_refused() {
    for env in envs().await {
        let l = env.label;
        let upload = |who: &'static str, file: Vec<u8>| {
            let env = &env;
            async move {
                let (ct, body) = common::multipart(&[("csrf", CSRF)], Some(("a.pkg", &file)));
                env.send(who, true, "POST", "/goi-ket-qua", Some(ct), Some(body))
                    .await
            }
        };
        let mut bad = package("CB-A1");
        let mid = bad.len() / 2;
        bad[mid] ^= 1;
        let r = upload("canbo", bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("bị từ chối") && r.body.contains("Không có gì được lưu"),
            "{l}: {}",
            r.body
        );
        let r = upload("nguoixem", package("CB-A1")).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: not theirs to write"
        );
        assert!(env.db.packages().await.unwrap().is_empty(), "{l}");
        // Checked against the fingerprint typed from the minutes: another key's is refused.
        let board = domain::package::fingerprint(&domain::package::public_key(&[3; 32]));
        let with = |fp: &str| {
            let env = &env;
            let fp = fp.to_string();
            async move {
                let file = package("CB-A1");
                let (ct, body) = common::multipart(
                    &[("csrf", CSRF), ("fingerprint", fp.as_str())],
                    Some(("a.pkg", &file)),
                );
                env.send("canbo", true, "POST", "/goi-ket-qua", Some(ct), Some(body))
                    .await
            }
        };
        let r = with("0000 1111 2222 3333 4444 5555 6666 7777").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("in trên biên bản kiểm phiếu")
                && r.body.contains("Không có gì được lưu"),
            "{l}: {}",
            r.body
        );
        assert!(env.db.packages().await.unwrap().is_empty(), "{l}");
        let r = with(&board.to_uppercase()).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.body.contains("Đã nhập gói kết quả")
                && r.body
                    .contains("Khóa đúng là khóa có dấu vân tay in trên biên bản"),
            "{l}"
        );
        let page = env.call("canbo", "GET", "/goi-ket-qua", None).await;
        assert!(
            page.body.contains("Đại hội Chi bộ Phòng A1 lần thứ I"),
            "{l}"
        );
        let r = upload("canbo", package("CB-A1")).await;
        assert!(r.body.contains("đã được nhập"), "{l}: once");
        assert_eq!(env.db.packages().await.unwrap().len(), 1, "{l}");
        // The hall's download: a writer of the organization; a viewer gets 404.
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-B/goi-ket-qua", None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}
