//! The personal access token page: a token is created and shown once, works with
//! `Authorization: Bearer` on the API with the user's own rights, and once revoked is
//! refused (SQLite, and PostgreSQL with `DANGVU_TEST_PG`).

use crate::common;

use crate::common::{CSRF, Env, envs, form, request, sorted_codes};
use axum::body::Body;
use axum::http::{Request, StatusCode};

async fn bearer(env: &Env, token: &str, uri: &str) -> common::Reply {
    let req = Request::get(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    request(&env.app, req).await
}

/// The token shown on the page: `dv_…` up to the end of its element.
fn shown_token(body: &str) -> String {
    let start = body.find("dv_").expect("a token on the page");
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_created_used_on_the_api_and_revoked() {
    for env in envs().await {
        let r = env.call("canbo", "GET", "/tai-khoan/token", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains("Bạn chưa có mã truy cập nào."),
            "{}",
            env.label
        );
        let r = env
            .call(
                "canbo",
                "POST",
                "/tai-khoan/token",
                Some(form(&[("csrf", CSRF), ("name", "báo cáo tháng")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        assert!(r.body.contains("chỉ hiện một lần"), "{}", env.label);
        let token = shown_token(&r.body);
        assert!(token.len() > 40, "{token}");
        // The API answers with the user's own subtree.
        let r = bearer(&env, &token, "/api/v1/orgs").await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        assert_eq!(
            sorted_codes(&r.body),
            ["CB-A1", "CB-A2", "DB-A"],
            "{}",
            env.label
        );
        let r = bearer(&env, &token, "/api/v1/orgs/CB-B").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        // The list shows the name and its last use, never the token again.
        let r = env.call("canbo", "GET", "/tai-khoan/token", None).await;
        assert!(r.body.contains("báo cáo tháng"), "{}", env.label);
        assert!(!r.body.contains(&token), "{}: shown once", env.label);
        assert!(
            !r.body.contains("chưa dùng"),
            "{}: the use is noted",
            env.label
        );
        let uid = env.db.user_id_by_name("canbo").await.unwrap();
        let tokens = env.db.api_tokens(uid).await.unwrap();
        assert_eq!(tokens.len(), 1);
        let revoke = format!("/tai-khoan/token/{}/thu-hoi", tokens[0].id);
        assert!(r.body.contains(&revoke), "{}", env.label);
        // Without the CSRF field: refused, the token still works.
        let r = env
            .call("canbo", "POST", &revoke, Some(form(&[("csrf", "")])))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        assert_eq!(
            bearer(&env, &token, "/api/v1/orgs").await.status,
            StatusCode::OK
        );
        // Someone else cannot revoke it.
        let r = env
            .call("bithu", "POST", &revoke, Some(form(&[("csrf", CSRF)])))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        assert_eq!(
            bearer(&env, &token, "/api/v1/orgs").await.status,
            StatusCode::OK
        );
        let r = env
            .call("canbo", "POST", &revoke, Some(form(&[("csrf", CSRF)])))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(r.location.as_deref(), Some("/tai-khoan/token"));
        let r = bearer(&env, &token, "/api/v1/orgs").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}: revoked", env.label);
        assert!(env.db.api_tokens(uid).await.unwrap().is_empty());
        let audit = env.audit("api_token").await;
        assert!(
            audit
                .iter()
                .any(|e| e.action == "create" && e.actor == "canbo"),
            "{}",
            env.label
        );
        let e = audit
            .iter()
            .find(|e| e.action == "revoke")
            .expect("audited");
        assert_eq!(e.actor, "canbo");
        assert_eq!(e.before.as_ref().unwrap()["name"], "báo cáo tháng");
        assert!(!e.before.as_ref().unwrap().to_string().contains(&token));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_without_a_name_or_csrf_is_refused() {
    for env in envs().await {
        let r = env
            .call(
                "bithu",
                "POST",
                "/tai-khoan/token",
                Some(form(&[("csrf", CSRF), ("name", "   ")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("field-error"), "{}", env.label);
        assert!(
            r.body.contains("không được để trống"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(!r.body.contains("dv_"), "{}", env.label);
        let r = env
            .send(
                "bithu",
                false,
                "POST",
                "/tai-khoan/token",
                Some("application/x-www-form-urlencoded".into()),
                Some(form(&[("csrf", CSRF), ("name", "x")]).into_bytes()),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        let uid = env.db.user_id_by_name("bithu").await.unwrap();
        assert!(
            env.db.api_tokens(uid).await.unwrap().is_empty(),
            "{}",
            env.label
        );
    }
}
