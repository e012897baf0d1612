//! What every request looks up — its session, the user's grants, the organization — is
//! remembered between requests while nothing changes (`db::cache`). These tests make the
//! changes that must take effect at once: a grant given, a session ended by signing out, a
//! session expired.

use crate::common::{CSRF, envs, form};
use axum::http::StatusCode;
use db::Actor;
use domain::accounts::access::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_grant_and_a_sign_out_take_effect_on_the_next_request() {
    for env in envs().await {
        let l = env.label;
        // The viewer of CB-B cannot see CB-A2, asked twice so the answer is remembered.
        for _ in 0..2 {
            let r = env.call("nguoixem", "GET", "/to-chuc/CB-A2", None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        }
        let me = env.db.user_id_by_name("nguoixem").await.unwrap();
        env.db
            .add_grant(&Actor("test".into()), me, "CB-A2", Role::Viewer)
            .await
            .unwrap();
        let r = env.call("nguoixem", "GET", "/to-chuc/CB-A2", None).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{l}: the new grant is used at once"
        );

        // Signing out ends the session for the very next request.
        let r = env.call("nguoixem", "GET", "/", None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        let r = env
            .call(
                "nguoixem",
                "POST",
                "/dang-xuat",
                Some(form(&[("csrf", CSRF)])),
            )
            .await;
        assert_eq!(r.location.as_deref(), Some("/dang-nhap"), "{l}");
        let r = env.call("nguoixem", "GET", "/", None).await;
        assert_ne!(
            r.status,
            StatusCode::OK,
            "{l}: the session ended with sign-out"
        );
        let r = env.call("nguoixem", "GET", "/to-chuc/CB-B", None).await;
        assert_ne!(
            r.status,
            StatusCode::OK,
            "{l}: the session ended with sign-out"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_session_still_expires() {
    for env in envs().await {
        let l = env.label;
        let me = env.db.user_id_by_name("bithu").await.unwrap();
        let now = chrono::Utc::now().naive_utc();
        let token = env
            .db
            .create_session(me, now, chrono::Duration::minutes(30))
            .await
            .unwrap();
        assert!(
            env.db.session_user(&token, now).await.unwrap().is_some(),
            "{l}"
        );
        assert!(
            env.db
                .session_user(&token, now + chrono::Duration::minutes(29))
                .await
                .unwrap()
                .is_some(),
            "{l}"
        );
        assert!(
            env.db
                .session_user(&token, now + chrono::Duration::minutes(31))
                .await
                .unwrap()
                .is_none(),
            "{l}: past its expiry the remembered session is refused"
        );
        assert!(
            env.db
                .session_user("no-such-session", now)
                .await
                .unwrap()
                .is_none(),
            "{l}"
        );
    }
}
