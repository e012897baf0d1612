//! The party badges page (`/to-chuc/{code}/huy-hieu`): the members of the subtree due on an
//! award date, each linking to their page, with the four award dates to choose from; access by
//! subtree (another subtree gets 404); the form records a badge, refuses one short of the age
//! beside its field with nothing saved, refuses a member of another subtree and a forged post;
//! the badge on the member's page; the committee's home page line. SQLite and PostgreSQL.

use crate::common::{CSRF, Env, d, envs, form, member, today};
use axum::http::StatusCode;
use db::Actor;
use domain::register::member::PersonRecord;

struct Fixture {
    /// CB-A1, 30 years on 20/7/2026.
    lam: i32,
    /// CB-A2, 40 years on 25/6/2026.
    nga: i32,
    /// CB-B (outside DB-A), 30 years on 1/8/2026.
    phu: i32,
}

fn veteran(name: &str, card: &str, admitted: chrono::NaiveDate) -> PersonRecord {
    let mut r = member(name, card);
    if let Some(m) = r.membership.as_mut() {
        m.admitted_on = admitted;
        m.official_on = Some(admitted + chrono::Days::new(365));
    }
    r.birth_date = d(1960, 1, 1);
    r
}

async fn fixture(env: &Env) -> Fixture {
    let a = Actor("test".into());
    let add = async |org: &str, name: &str, card: &str, admitted| {
        env.db
            .add_person(&a, org, &veteran(name, card, admitted), today())
            .await
            .unwrap()
    };
    Fixture {
        lam: add("CB-A1", "Hồ Văn Lâm", "72000001", d(1996, 7, 20)).await,
        nga: add("CB-A2", "Mai Thị Nga", "72000002", d(1986, 6, 25)).await,
        phu: add("CB-B", "Kha Văn Phú", "72000003", d(1996, 8, 1)).await,
    }
}

fn award(person: i32, milestone: &str) -> String {
    form(&[
        ("csrf", CSRF),
        ("dip", "2026-09-02"),
        ("person", &person.to_string()),
        ("milestone", milestone),
        ("awarded_on", "02/09/2026"),
        ("symbol", "301-QĐ/TU"),
        ("signed_on", "25/08/2026"),
    ])
}

#[tokio::test]
async fn the_badges_due_of_a_subtree_with_links_and_award_dates() {
    for env in envs().await {
        let l = env.label;
        let f = fixture(&env).await;
        let r = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/DB-A/huy-hieu?dip=2026-09-02",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let b = &r.body;
        assert!(b.contains("Huy hiệu Đảng dịp 2/9/2026"), "{l}");
        assert!(b.contains("Huy hiệu 30 năm tuổi Đảng (1 đảng viên)"), "{l}");
        assert!(b.contains("Huy hiệu 40 năm tuổi Đảng (1 đảng viên)"), "{l}");
        assert!(
            b.contains(&format!("href=\"/dang-vien/{}\">Hồ Văn Lâm", f.lam)),
            "{l}"
        );
        assert!(
            b.contains(&format!("href=\"/dang-vien/{}\">Mai Thị Nga", f.nga)),
            "{l}"
        );
        assert!(!b.contains("Kha Văn Phú"), "{l}: outside the subtree");
        assert!(b.contains("30 năm 1 tháng 13 ngày"), "{l}");
        for dip in ["2026-02-03", "2026-05-19", "2026-11-07"] {
            assert!(b.contains(&format!("huy-hieu?dip={dip}")), "{l}: {dip}");
        }
        // The province sees Phú too; another subtree answers 404.
        let r = env
            .call(
                "quantri",
                "GET",
                "/to-chuc/TU/huy-hieu?dip=2026-09-02",
                None,
            )
            .await;
        assert!(r.body.contains("Kha Văn Phú"), "{l}");
        for (user, code) in [("nguoixem", "DB-A"), ("bithu", "DB-A"), ("bithu", "CB-B")] {
            let uri = format!("/to-chuc/{code}/huy-hieu?dip=2026-09-02");
            let r = env.call(user, "GET", &uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {user} {code}");
            assert!(!r.body.contains("Mai Thị Nga"), "{l}");
        }
        let r = env
            .call("bithu", "GET", "/to-chuc/CB-A1/huy-hieu", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/huy-hieu?dip=31/02/2026",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
    }
}

#[tokio::test]
async fn a_badge_is_recorded_refused_beside_its_field_or_kept_out_of_reach() {
    for env in envs().await {
        let l = env.label;
        let f = fixture(&env).await;
        let uri = "/to-chuc/CB-A1/huy-hieu";
        // 40 years for someone with 30: refused beside the milestone, nothing saved.
        let r = env
            .call("bithu", "POST", uri, Some(award(f.lam, "40")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains(
                "<span class=\"field-error\">Chưa đủ 40 năm tuổi Đảng (HD 01-HD/TW, Mục 18)"
            ),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Chưa có gì được lưu"), "{l}");
        // A member of another branch, through this branch's form: refused.
        let r = env
            .call("bithu", "POST", uri, Some(award(f.nga, "40")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("không có đảng viên này trong tổ chức"),
            "{l}"
        );
        // A viewer may read their branch but not write; a forged post is refused.
        let r = env
            .call(
                "nguoixem",
                "POST",
                "/to-chuc/CB-B/huy-hieu",
                Some(award(f.phu, "30")),
            )
            .await;
        assert!(
            r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
            "{l}"
        );
        let r = env
            .post_with_unbound_token("bithu", uri, award(f.lam, "30"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        assert!(
            env.audit("party_badge").await.is_empty(),
            "{l}: nothing saved"
        );
        // The badge itself.
        let r = env
            .call("bithu", "POST", uri, Some(award(f.lam, "30")))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(env.audit("party_badge").await.len(), 1, "{l}");
        let r = env
            .call("bithu", "GET", r.location.as_deref().unwrap(), None)
            .await;
        assert!(r.body.contains("Đã ghi Huy hiệu Đảng"), "{l}");
        assert!(!r.body.contains("Hồ Văn Lâm"), "{l}: awarded, off the list");
        let r = env
            .call("bithu", "GET", &format!("/dang-vien/{}", f.lam), None)
            .await;
        assert!(
            r.body
                .contains("Nhận Huy hiệu 30 năm tuổi Đảng (Quyết định 301-QĐ/TU)"),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Tuổi Đảng"), "{l}");
    }
}

#[tokio::test]
async fn the_committee_home_page_counts_the_badges_of_each_award_date() {
    for env in envs().await {
        let l = env.label;
        fixture(&env).await;
        let r = env.call("quantri", "GET", "/", None).await;
        assert!(
            r.body
                .contains("3 đảng viên đến hạn nhận Huy hiệu Đảng dịp 2/9/2026"),
            "{l}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("href=\"/to-chuc/TU/huy-hieu?dip=2026-09-02\""),
            "{l}"
        );
        let r = env.call("canbo", "GET", "/", None).await;
        assert!(
            r.body
                .contains("2 đảng viên đến hạn nhận Huy hiệu Đảng dịp 2/9/2026"),
            "{l}"
        );
    }
}
