//! The award statistics page, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: a staff member
//! of a grassroots committee sees its subtree's awards in a period with the report's sentence,
//! the table and the chart, downloads the .xlsx; bad dates get a Vietnamese error; a user of
//! another subtree gets 404 for both.

use crate::common::{d, envs, html};
use axum::http::StatusCode;
use db::{Actor, NewAward};
use domain::commendation::{AwardKind, Method, Subject};

async fn give(
    db: &db::Db,
    org: &str,
    subject: Subject,
    kind: AwardKind,
    on: chrono::NaiveDate,
    n: usize,
) {
    use chrono::Datelike;
    for i in 0..n {
        db.record_award(
            &Actor("test".into()),
            &NewAward {
                subject,
                org_code: org.into(),
                person: None,
                recipient: Some(format!("Người hoặc tập thể {i}")),
                kind,
                year: on.year(),
                method: Method::ThuongXuyen,
                symbol: format!("{}-QĐ/UBND", i + 1),
                issuer: String::new(),
                decided_on: on,
                dossier: None,
            },
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn award_stats_page_shows_the_sentence_and_keeps_to_the_subtree() {
    use AwardKind::*;
    use Subject::*;
    for env in envs().await {
        let (db, l) = (&env.db, env.label);
        give(
            db,
            "CB-A1",
            Collective,
            HuanChuongLaoDongHangBa,
            d(2021, 4, 30),
            2,
        )
        .await;
        give(
            db,
            "CB-A2",
            Individual,
            HuanChuongLaoDongHangNhi,
            d(2022, 9, 2),
            1,
        )
        .await;
        give(db, "DB-A", Individual, BangKhenTinh, d(2023, 1, 15), 3).await;
        // Another subtree, and outside the period.
        give(db, "CB-B", Collective, BangKhenTinh, d(2023, 1, 15), 5).await;
        give(db, "CB-A1", Individual, GiayKhen, d(2019, 12, 31), 4).await;

        let uri = "/to-chuc/DB-A/khen-thuong/thong-ke?tu=01/01/2020&den=31/12/2025";
        let r = env.call("canbo", "GET", uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let sentence =
            "3 Huân chương lao động các hạng (2 tập thể và 1 cá nhân); 3 Bằng khen (3 cá nhân).";
        assert!(r.body.contains(&html(sentence)), "{l}: {}", r.body);
        assert!(r.body.contains("Huân chương Lao động hạng Nhì"), "{l}");
        assert!(r.body.contains("<svg"), "{l}: the chart");
        assert!(r.body.contains("Chi bộ Phòng A1"), "{l}: the units");

        // The default period is the last five calendar years (2022–2026 on 22/11/2026).
        let r = env
            .call("canbo", "GET", "/to-chuc/DB-A/khen-thuong/thong-ke", None)
            .await;
        assert!(
            r.body.contains("01/01/2022") && r.body.contains("31/12/2026"),
            "{l}"
        );
        assert!(
            r.body
                .contains(&html("1 Huân chương lao động các hạng (1 cá nhân)")),
            "{l}: {}",
            r.body
        );

        let x = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/DB-A/khen-thuong/thong-ke/xuat?tu=01/01/2020&den=31/12/2025",
                None,
            )
            .await;
        assert_eq!(x.status, StatusCode::OK, "{l}");
        assert!(
            x.content_type.unwrap_or_default().contains("spreadsheetml"),
            "{l}"
        );
        assert!(x.bytes.starts_with(b"PK"), "{l}");

        let bad = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/DB-A/khen-thuong/thong-ke?tu=2020-01-01",
                None,
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(bad.body.contains("không hợp lệ"), "{l}: {}", bad.body);

        for u in [uri, "/to-chuc/DB-A/khen-thuong/thong-ke/xuat"] {
            let r = env.call("nguoixem", "GET", u, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {u}");
        }
        let own = env
            .call(
                "nguoixem",
                "GET",
                "/to-chuc/CB-B/khen-thuong/thong-ke?tu=01/01/2020&den=31/12/2025",
                None,
            )
            .await;
        assert!(
            own.body.contains(&html("5 Bằng khen (5 tập thể).")),
            "{l}: {}",
            own.body
        );
    }
}
