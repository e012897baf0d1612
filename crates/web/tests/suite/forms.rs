//! The writing forms from outside: adding a member, transferring one, creating an
//! organization and reading the audit log, with CSRF, rights and field errors, and the same
//! writes through the API (SQLite, and PostgreSQL with `DANGVU_TEST_PG`).

use crate::common;

use crate::common::{CSRF, Env, enc, envs, form, request};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::Actor;

fn new_member(birth: &str) -> String {
    form(&[
        ("csrf", CSRF),
        ("full_name", "Nguyễn Thị Hoa"),
        ("birth_date", birth),
        ("sex", "Nữ"),
        ("theory", "Trung cấp"),
        ("qualification", "Thạc sĩ"),
        ("admitted_on", "19/05/2012"),
        ("official_on", "19/05/2013"),
        ("card_number", "70000099"),
        ("record_number", ""),
        ("ethnicity", "Kinh"),
        ("religion", "Không"),
        ("home_town", "Hà Tĩnh"),
    ])
}

const ADD: &str = "/to-chuc/CB-A1/them-dang-vien";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_date_is_shown_beside_its_field_and_nothing_is_saved() {
    for env in envs().await {
        let r = env
            .call("canbo", "POST", ADD, Some(new_member("30/02/1988")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body
                .contains("&#39;30/02/1988&#39; không phải ngày hợp lệ")
                || r.body.contains("'30/02/1988' không phải ngày hợp lệ"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(r.body.contains("field-error"), "{}", env.label);
        assert!(
            r.body.contains("Nguyễn Thị Hoa"),
            "{}: the input is kept",
            env.label
        );
        assert_eq!(env.member_count("CB-A1").await, 1, "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_member_is_added_and_the_page_links_to_the_form() {
    for env in envs().await {
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains(ADD), "{}", env.label);
        let r = env.call("canbo", "GET", ADD, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        let r = env
            .call("canbo", "POST", ADD, Some(new_member("12/08/1988")))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let location = r.location.unwrap();
        assert!(location.starts_with("/dang-vien/"), "{}", env.label);
        assert_eq!(env.member_count("CB-A1").await, 2, "{}", env.label);
        let r = env.call("canbo", "GET", &location, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Nguyễn Thị Hoa"), "{}", env.label);
        // The same card again is refused beside the card field.
        let r = env
            .call("canbo", "POST", ADD, Some(new_member("12/08/1988")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("số thẻ đảng viên 70000099 đã cấp"),
            "{}: {}",
            env.label,
            r.body
        );
        assert_eq!(env.member_count("CB-A1").await, 2, "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_without_the_write_right_get_404_and_nothing_is_written() {
    for env in envs().await {
        for user in ["nguoixem", "bithu"] {
            let uri = if user == "bithu" {
                "/to-chuc/CB-A2/them-dang-vien"
            } else {
                ADD
            };
            let r = env.call(user, "GET", uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {user}", env.label);
            assert!(!r.body.contains("Chi bộ Phòng A"), "{}", env.label);
            let r = env
                .call(user, "POST", uri, Some(new_member("12/08/1988")))
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {user}", env.label);
            let transfer = format!("/dang-vien/{}/chuyen-sinh-hoat", env.person);
            if user == "nguoixem" {
                let r = env.call(user, "GET", &transfer, None).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
                let body = form(&[("csrf", CSRF), ("to", "CB-B"), ("on", "01/06/2024")]);
                let r = env.call(user, "POST", &transfer, Some(body)).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
            }
        }
        assert_eq!(env.member_count("DUK").await, 1, "{}", env.label);
        assert_eq!(
            env.db.history(env.person).await.unwrap().len(),
            2,
            "{}",
            env.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_without_the_csrf_token_is_refused() {
    for env in envs().await {
        let r = env
            .post_with_unbound_token("canbo", ADD, new_member("12/08/1988"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        let body = new_member("12/08/1988").replace(&format!("csrf={}", enc(CSRF)), "csrf=");
        let r = env.call("canbo", "POST", ADD, Some(body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        let org = form(&[
            ("code", "CB-A3"),
            ("name", "Chi bộ Phòng A3"),
            ("kind", "Branch"),
            ("parent", "DB-A"),
            ("since", "01/01/2020"),
        ]);
        let r = env.call("canbo", "POST", "/to-chuc/moi", Some(org)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        assert_eq!(env.member_count("CB-A1").await, 1, "{}", env.label);
        assert!(env.db.org_latest("CB-A3").await.is_err(), "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_shows_in_the_history_and_a_backdated_one_is_refused() {
    for env in envs().await {
        let profile = format!("/dang-vien/{}", env.person);
        let uri = format!("/dang-vien/{}/chuyen-sinh-hoat", env.person);
        let r = env.call("canbo", "GET", &profile, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains(&uri), "{}", env.label);
        let r = env.call("canbo", "GET", &uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains("CB-A2") && !r.body.contains("value=\"CB-B\""),
            "{}: {}",
            env.label,
            r.body
        );
        // Staff of DB-A may not move a member to CB-B, outside their subtree.
        let outside = form(&[("csrf", CSRF), ("to", "CB-B"), ("on", "01/06/2024")]);
        let r = env.call("canbo", "POST", &uri, Some(outside)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("field-error"), "{}", env.label);
        let good = form(&[
            ("csrf", CSRF),
            ("to", "CB-A2"),
            ("on", "01/06/2024"),
            ("symbol", "118-QĐ/ĐU"),
            ("signed_on", "30/05/2024"),
        ]);
        let r = env.call("canbo", "POST", &uri, Some(good)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(r.location.unwrap(), profile, "{}", env.label);
        let history = env.db.history(env.person).await.unwrap();
        assert_eq!(history.len(), 3, "{}", env.label);
        assert_eq!(
            history[2].org_code.as_deref(),
            Some("CB-A2"),
            "{}",
            env.label
        );
        let r = env.call("canbo", "GET", &profile, None).await;
        assert!(r.body.contains("Chi bộ Phòng A2"), "{}", env.label);
        // Back to A1, dated before the transfer just recorded.
        let early = form(&[("csrf", CSRF), ("to", "CB-A1"), ("on", "01/01/2024")]);
        let r = env.call("canbo", "POST", &uri, Some(early)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("trước sự kiện gần nhất"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains("01/01/2024"),
            "{}: the input is kept",
            env.label
        );
        assert_eq!(
            env.db.history(env.person).await.unwrap().len(),
            3,
            "{}",
            env.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organization_is_created_and_bad_fields_are_named() {
    for env in envs().await {
        let bad = form(&[
            ("csrf", CSRF),
            ("code", "cb a3"),
            ("name", "Chi bộ Phòng A3"),
            ("kind", "Cell"),
            ("parent", "DB-A"),
            ("since", "01/01/2020"),
        ]);
        let r = env.call("canbo", "POST", "/to-chuc/moi", Some(bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("không phải mã tổ chức hợp lệ"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains("không thể trực thuộc"),
            "{}: {}",
            env.label,
            r.body
        );
        let exists = form(&[
            ("csrf", CSRF),
            ("code", "CB-A2"),
            ("name", "X"),
            ("kind", "Branch"),
            ("parent", "DB-A"),
            ("since", "01/01/1990"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/moi", Some(exists))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("đã tồn tại"), "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("không tồn tại vào ngày"),
            "{}: {}",
            env.label,
            r.body
        );
        let good = form(&[
            ("csrf", CSRF),
            ("code", "CB-A3"),
            ("name", "Chi bộ Phòng A3"),
            ("kind", "Branch"),
            ("parent", "DB-A"),
            ("since", "01/01/2020"),
        ]);
        let r = env.call("canbo", "POST", "/to-chuc/moi", Some(good)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(
            r.location.as_deref(),
            Some("/to-chuc/CB-A3"),
            "{}",
            env.label
        );
        assert!(env.db.org_latest("CB-A3").await.is_ok(), "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_is_for_root_administrators_only() {
    for env in envs().await {
        for user in ["canbo", "bithu", "nguoixem"] {
            let r = env.call(user, "GET", "/nhat-ky", None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {user}", env.label);
        }
        let r = env.call("quantri", "GET", "/nhat-ky", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Nhật ký thay đổi"), "{}", env.label);
        assert!(r.body.contains("Đảng viên "), "{}: {}", env.label, r.body);
        let r = env
            .call("quantri", "GET", "/nhat-ky?loai=organization", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains("Tổ chức đảng CB-A1") || r.body.contains("Tổ chức đảng "),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            !r.body.contains(">Đảng viên "),
            "{}: the filter keeps only organizations",
            env.label
        );
    }
}

/// One JSON call to the API with a bearer token (or canbo's session cookie when `token` is
/// None).
async fn api(
    env: &Env,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let body = body.to_string().into_bytes();
    let r = match token {
        Some(t) => {
            let req = Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {t}"))
                .body(Body::from(body))
                .unwrap();
            request(&env.app, req).await
        }
        // A browser's request: its session, its form token in the header, the site's Origin.
        None => {
            let req = Request::builder()
                .method(method)
                .uri(uri)
                .header("host", common::HOST)
                .header("origin", common::ORIGIN)
                .header("cookie", format!("dangvu_session={}", env.session("canbo")))
                .header("x-csrf-token", env.csrf("canbo"))
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap();
            request(&env.app, req).await
        }
    };
    (
        r.status,
        serde_json::from_slice(&r.bytes).unwrap_or(serde_json::Value::Null),
    )
}

async fn token_of(env: &Env, user: &str) -> String {
    let id = env.db.user_id_by_name(user).await.unwrap();
    env.db
        .create_api_token(&Actor("test".into()), id, "kịch bản")
        .await
        .unwrap()
}

#[tokio::test]
async fn the_api_adds_and_transfers_members_with_the_forms_rules() {
    for env in envs().await {
        let staff = token_of(&env, "canbo").await;
        let good = serde_json::json!({
            "full_name": "Võ Thị Năm", "birth_date": "1992-07-08", "sex": "Nữ",
            "admitted_on": "2018-05-19", "official_on": "2019-05-19", "card_number": "70000055"
        });
        // A browser session cannot write through the API, even with its form token.
        let (status, body) = api(
            &env,
            "POST",
            "/api/v1/orgs/CB-A2/members",
            None,
            good.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", env.label);
        assert!(body["error"].as_str().unwrap().contains("mã truy cập"));
        assert_eq!(env.member_count("CB-A2").await, 0, "{}", env.label);
        // An impossible date names its field; nothing is saved.
        let mut bad = good.clone();
        bad["birth_date"] = "1992-02-30".into();
        let (status, body) = api(
            &env,
            "POST",
            "/api/v1/orgs/CB-A2/members",
            Some(&staff),
            bad,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            env.label
        );
        assert_eq!(body["field"], "birth_date", "{}: {body}", env.label);
        assert!(
            body["fields"]["birth_date"].as_str().is_some(),
            "{}: {body}",
            env.label
        );
        assert_eq!(env.member_count("CB-A2").await, 0, "{}", env.label);
        // Another subtree: 404, nothing saved.
        let (status, _) = api(
            &env,
            "POST",
            "/api/v1/orgs/CB-B/members",
            Some(&staff),
            good.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", env.label);
        assert_eq!(env.member_count("CB-B").await, 0, "{}", env.label);
        // The good one is created.
        let (status, body) = api(
            &env,
            "POST",
            "/api/v1/orgs/CB-A2/members",
            Some(&staff),
            good,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{}: {body}", env.label);
        assert_eq!(body["org"], "CB-A2");
        let id = body["id"].as_i64().unwrap();
        assert_eq!(env.member_count("CB-A2").await, 1, "{}", env.label);
        // Transfer: outside the staff's subtree refused, inside done.
        let uri = format!("/api/v1/members/{id}/transfer");
        let (status, body) = api(
            &env,
            "POST",
            &uri,
            Some(&staff),
            serde_json::json!({"to": "CB-B", "on": "2026-01-05"}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            env.label
        );
        assert_eq!(body["field"], "to", "{}: {body}", env.label);
        let (status, body) = api(
            &env,
            "POST",
            &uri,
            Some(&staff),
            serde_json::json!({"to": "CB-A1", "on": "2026-01-05", "decision_symbol": "15-QĐ/ĐU"}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            env.label
        );
        assert_eq!(body["field"], "decision_signed_on", "{}: {body}", env.label);
        let (status, body) = api(
            &env,
            "POST",
            &uri,
            Some(&staff),
            serde_json::json!({"to": "CB-A1", "on": "2026-01-05"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", env.label);
        assert_eq!(body["org"], "CB-A1");
        assert_eq!(env.member_count("CB-A2").await, 0, "{}", env.label);
        // A viewer's token writes nothing.
        let viewer = token_of(&env, "nguoixem").await;
        let (status, _) = api(
            &env,
            "POST",
            &uri,
            Some(&viewer),
            serde_json::json!({"to": "CB-B", "on": "2026-01-06"}),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", env.label);
    }
}

#[tokio::test]
async fn the_api_creates_organizations_under_a_writable_parent() {
    for env in envs().await {
        let staff = token_of(&env, "canbo").await;
        let new = serde_json::json!({"code": "CB-A3", "name": "Chi bộ Phòng A3", "kind": "branch",
            "parent": "DB-A", "since": "2024-03-01"});
        let mut outside = new.clone();
        outside["parent"] = "DUK".into();
        let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), outside).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            env.label
        );
        assert_eq!(body["field"], "parent");
        let mut no_name = new.clone();
        no_name["name"] = "".into();
        let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), no_name).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            env.label
        );
        assert_eq!(body["field"], "name");
        assert!(env.db.org_latest("CB-A3").await.is_err());
        let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), new.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {body}", env.label);
        assert_eq!(
            (body["code"].as_str(), body["parent"].as_str()),
            (Some("CB-A3"), Some("DB-A"))
        );
        let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), new).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert_eq!(body["field"], "code");
        // The API's writes are in the audit log under the token's user.
        let entries = env
            .db
            .audit_entries(Some("organization"), 50)
            .await
            .unwrap();
        assert!(
            entries
                .iter()
                .any(|e| e.actor == "canbo" && e.entity_id == "CB-A3"),
            "{}: audit",
            env.label
        );
    }
}

/// With more organizations than a list can offer (a country's 175,000), the forms that choose
/// one (new organization's parent, transfer, merge, accounts) ask for the code instead of
/// listing them all; a typed code is checked as a chosen one was: one in the user's subtree is
/// written, one outside is refused with the reason.
#[tokio::test]
async fn above_two_thousand_organizations_the_forms_ask_for_a_code() {
    for env in envs().await {
        let l = env.label;
        let branches: Vec<db::BulkOrg> = (0..=web::MOST_OPTIONS)
            .map(|i| db::BulkOrg {
                code: domain::register::org::OrgCode::parse(&format!("CB-N{i}")).unwrap(),
                name: format!("Chi bộ Nhiều {i}"),
                kind: domain::register::org::OrgKind::Branch,
                parent: None,
                since: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            })
            .collect();
        let under = domain::register::org::OrgCode::parse("DB-A").unwrap();
        env.db
            .load_orgs(&Actor::cli(), &branches, Some(&under), &mut |_| {})
            .await
            .unwrap();
        let transfer = format!("/dang-vien/{}/chuyen-sinh-hoat", env.person);
        for (uri, field) in [
            ("/to-chuc/moi", "parent"),
            (transfer.as_str(), "to"),
            ("/to-chuc/CB-A2/sap-nhap", "into"),
            ("/quan-tri/tai-khoan", "org"),
        ] {
            let r = env.call("quantri", "GET", uri, None).await;
            assert_eq!(r.status, StatusCode::OK, "{l} {uri}");
            assert!(
                r.body.contains(&format!("<input name=\"{field}\"")),
                "{l} {uri}: a field for the code"
            );
            assert!(!r.body.contains("Chi bộ Nhiều 1999"), "{l} {uri}: no list");
            assert!(r.body.len() < 60_000, "{l} {uri}: {} bytes", r.body.len());
        }
        // A code typed in the subtree is written; one outside is refused.
        let outside = form(&[("csrf", CSRF), ("to", "KHAC"), ("on", "01/06/2024")]);
        let r = env.call("quantri", "POST", &transfer, Some(outside)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("field-error"), "{l}");
        let typed = form(&[("csrf", CSRF), ("to", "cb-n1500"), ("on", "01/06/2024")]);
        let r = env.call("quantri", "POST", &transfer, Some(typed)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let history = env.db.history(env.person).await.unwrap();
        assert_eq!(
            history.last().unwrap().org_code.as_deref(),
            Some("CB-N1500"),
            "{l}"
        );
        // A secretary of one branch still chooses from a list.
        let r = env.call("bithu", "GET", "/to-chuc/moi", None).await;
        if r.status == StatusCode::OK {
            assert!(!r.body.contains("<input name=\"parent\""), "{l}");
        }
    }
}
