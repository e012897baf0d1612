//! The rules of the roles that the common users cannot show (issue 18 §6.2), through the web:
//! a secretary of an organization with branches under it reads and writes that organization
//! only — not its branches; an administrator below the root administers their subtree but
//! reads neither the audit log (which spans every organization) nor what lies above. On SQLite
//! and, when `DANGVU_TEST_PG` is set, PostgreSQL.

use crate::common;

use crate::common::{CSRF, PASSWORD, envs, form, today};
use axum::http::StatusCode;
use db::Actor;
use domain::accounts::access::Role;

/// Adds a user with one grant and a session to the test application.
async fn user(env: &mut common::Env, name: &'static str, org: &str, role: Role) {
    let a = Actor("test".into());
    let u = env
        .db
        .create_user(&a, name, PASSWORD, org, role)
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
    env.add_session(name, token).await;
}

#[tokio::test]
async fn a_secretary_of_a_committee_keeps_to_the_committee_itself() {
    for mut env in envs().await {
        let l = env.label;
        user(&mut env, "bithu-dba", "DB-A", Role::Secretary).await;
        // Its own organization: read and write.
        let own = env.call("bithu-dba", "GET", "/to-chuc/DB-A", None).await;
        assert_eq!(own.status, StatusCode::OK, "{l}");
        assert!(
            own.body.contains("/to-chuc/DB-A/sua"),
            "{l}: may edit its own"
        );
        // The branches under it: neither read nor written.
        for path in [
            "/to-chuc/CB-A1",
            "/to-chuc/CB-A1/lich-sinh-hoat",
            "/to-chuc/CB-A1/xep-loai",
            &format!("/dang-vien/{}", env.person),
        ] {
            let r = env.call("bithu-dba", "GET", path, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {path}");
        }
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ đổi tên"),
            ("on", "01/01/2026"),
        ]);
        let r = env
            .call("bithu-dba", "POST", "/to-chuc/CB-A1/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let name = env.db.org_latest("CB-A1").await.unwrap().name;
        assert_eq!(name, "Chi bộ Phòng A1", "{l}: nothing changed");
        // The organization page lists no branch it could not open.
        assert!(!own.body.contains("href=\"/to-chuc/CB-A1"), "{l}");
    }
}

#[tokio::test]
async fn an_administrator_below_the_root_keeps_to_the_subtree_and_has_no_audit_log() {
    for mut env in envs().await {
        let l = env.label;
        user(&mut env, "quantri-duk", "DUK", Role::Admin).await;
        let r = env.call("quantri-duk", "GET", "/nhat-ky", None).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{l}: the log spans every organization"
        );
        let home = env.call("quantri-duk", "GET", "/", None).await;
        assert!(
            !home.body.contains("href=\"/nhat-ky\""),
            "{l}: not in the menu"
        );
        assert_eq!(
            env.call("quantri-duk", "GET", "/to-chuc/TU", None)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{l}: nothing above"
        );
        // Everything below: read and write.
        assert_eq!(
            env.call("quantri-duk", "GET", "/to-chuc/CB-A1", None)
                .await
                .status,
            StatusCode::OK,
            "{l}"
        );
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ Sở B (mới)"),
            ("kind", "GrassrootsBranch"),
            ("on", "01/01/2026"),
        ]);
        let r = env
            .call("quantri-duk", "POST", "/to-chuc/CB-B/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let org = env.db.org("CB-B", Some(today())).await.unwrap();
        assert_eq!(org.name, "Chi bộ Sở B (mới)", "{l}");
    }
}

/// `/quan-tri/tai-khoan` (CONTRACTS.md): the accounts with a role in the administrator's
/// subtree, with role, organization, last sign-in and state; a disabled account says so; an
/// administrator below the root sees only the accounts of their subtree; everyone else 404.
#[tokio::test]
async fn the_accounts_page_shows_an_administrators_subtree_only() {
    for mut env in envs().await {
        let l = env.label;
        user(&mut env, "quantri-dba", "DB-A", Role::Admin).await;
        let a = Actor("test".into());
        env.db.set_disabled(&a, "nguoixem", true).await.unwrap();
        let r = env
            .call("quantri", "GET", "/quan-tri/tai-khoan", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        for words in [
            "bithu",
            "Chi bộ Phòng A1",
            "quantri-dba",
            "nguoixem",
            "<b>Đã khóa</b>",
            "chưa đăng nhập",
        ] {
            assert!(r.body.contains(words), "{l}: {words}: {}", r.body);
        }
        assert!(
            r.body.contains(r#"href="/quan-tri/tai-khoan""#),
            "{l}: in the menu"
        );
        // Below the root: DB-A's accounts, not CB-B's viewer nor the root's administrator.
        let r = env
            .call("quantri-dba", "GET", "/quan-tri/tai-khoan", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("bithu") && r.body.contains("canbo"), "{l}");
        assert!(!r.body.contains("nguoixem"), "{l}: {}", r.body);
        assert!(
            !r.body.contains("quantri<"),
            "{l}: the root's grant stays unseen"
        );
        // Not an administrator: 404.
        for u in ["bithu", "canbo"] {
            let r = env.call(u, "GET", "/quan-tri/tai-khoan", None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {u}");
            assert!(!r.body.contains("/quan-tri/tai-khoan\""), "{l}: {u}");
        }
    }
}

/// Locking from the accounts page: an administrator locks an account of their subtree (its
/// sessions end at once) and unlocks it; an account with a role outside their subtree, or
/// their own, is not theirs to lock (404, nothing changed).
#[tokio::test]
async fn an_administrator_locks_and_unlocks_an_account_of_the_subtree() {
    for mut env in envs().await {
        let l = env.label;
        user(&mut env, "quantri-dba", "DB-A", Role::Admin).await;
        let act = |who: &str, action: &str| {
            form(&[("csrf", CSRF), ("username", who), ("action", action)])
        };
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan",
                Some(act("bithu", "khoa")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        // The locked account's session ends: its next page asks for sign-in.
        let r = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        assert_ne!(
            r.status,
            StatusCode::OK,
            "{l}: a locked account reads nothing"
        );
        let page = env
            .call("quantri-dba", "GET", "/quan-tri/tai-khoan", None)
            .await;
        assert!(page.body.contains("Mở khóa"), "{l}");
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan",
                Some(act("bithu", "mo-khoa")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        // Signed out everywhere: every session of the account ends, the account stays open.
        let now = chrono::Utc::now().naive_utc();
        let id = env.db.user_id_by_name("bithu").await.unwrap();
        let session = |db: db::Db| async move {
            db.create_session(id, now, chrono::Duration::hours(1))
                .await
                .unwrap()
        };
        let (t1, t2) = (session(env.db.clone()).await, session(env.db.clone()).await);
        assert!(env.db.session_user(&t1, now).await.unwrap().is_some());
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan",
                Some(act("bithu", "dang-xuat")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        for t in [&t1, &t2] {
            assert!(
                env.db.session_user(t, now).await.unwrap().is_none(),
                "{l}: every session ended"
            );
        }
        let t3 = session(env.db.clone()).await;
        assert!(
            env.db.session_user(&t3, now).await.unwrap().is_some(),
            "{l}: the account is not locked"
        );
        let log = env.db.audit_entries(Some("app_user"), 5).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == "sign_out_everywhere" && e.actor == "quantri-dba"),
            "{l}"
        );
        // Not theirs: the root's administrator, CB-B's viewer, themselves.
        for who in ["quantri", "nguoixem", "quantri-dba"] {
            let r = env
                .call(
                    "quantri-dba",
                    "POST",
                    "/quan-tri/tai-khoan",
                    Some(act(who, "khoa")),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {who}");
        }
        let r = env.call("nguoixem", "GET", "/to-chuc/CB-B", None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: nguoixem still signs in");
        // Staff (not an administrator) cannot lock anyone (the secretary, signed out above,
        // would only be sent to sign in).
        let r = env
            .call(
                "canbo",
                "POST",
                "/quan-tri/tai-khoan",
                Some(act("bithu", "khoa")),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}
