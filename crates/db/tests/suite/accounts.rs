//! Accounts on real databases: creating and signing in, throttling, grants with their paths,
//! sessions that expire, API tokens found by hash only, and user lists filtered by scope.

use crate::common::{d, databases};
use chrono::{Duration, NaiveDateTime};
use db::{Actor, DbError, NewOrg};
use domain::accounts::access::{self, Action, Grant, Role};
use domain::register::org::{OrgCode, OrgKind};
use sea_orm::{ConnectionTrait, Statement};

const PASSWORD: &str = "Mật-khẩu-đủ-dài-2026";

fn actor() -> Actor {
    Actor("test".into())
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    d(2026, 11, 22).and_hms_opt(h, m, 0).unwrap()
}

async fn add(db: &db::Db, code: &str, kind: OrgKind, parent: Option<&str>) -> i32 {
    db.create_org(
        &actor(),
        &NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: format!("Tổ chức {code}"),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: d(2000, 1, 1),
            decision: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// TU-KG (/1/) → DUK (/1/2/) → DB-SCT (/1/2/3/) → CB-VPS (/1/2/3/4/).
async fn tree(db: &db::Db) {
    add(db, "TU-KG", OrgKind::Province, None).await;
    add(db, "DUK", OrgKind::Block, Some("TU-KG")).await;
    add(db, "DB-SCT", OrgKind::GrassrootsCommittee, Some("DUK")).await;
    add(db, "CB-VPS", OrgKind::Branch, Some("DB-SCT")).await;
}

async fn raw_texts(db: &db::Db, sql: &str) -> Vec<String> {
    let c = db.connection();
    c.query_all_raw(Statement::from_string(c.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn a_created_user_signs_in_with_the_password() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let u = db
            .create_user(&actor(), "Bi.Thu-VPS", PASSWORD, "cb-vps", Role::Secretary)
            .await
            .unwrap();
        assert_eq!(u.username, "bi.thu-vps", "{}", t.label);
        assert!(!u.disabled);
        let signed = db
            .verify_login("bi.thu-vps", PASSWORD, "10.0.0.1", at(8, 0))
            .await
            .unwrap();
        assert_eq!(signed, Some(u.clone()), "{}", t.label);
        let hashes = raw_texts(db, "SELECT password_hash FROM app_user").await;
        assert!(hashes[0].starts_with("$argon2id$"), "{}", t.label);
        let audit = db.audit_entries(Some("app_user"), 10).await.unwrap();
        assert_eq!(audit.len(), 1, "{}", t.label);
        let logged = format!("{:?}", audit[0]);
        assert!(logged.contains("bi.thu-vps") && logged.contains("secretary"));
        assert!(
            !logged.contains(PASSWORD) && !logged.contains("argon2"),
            "{logged}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_name_is_refused_alike() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        db.create_user(&actor(), "can.bo", PASSWORD, "DB-SCT", Role::Staff)
            .await
            .unwrap();
        for (name, pw) in [
            ("can.bo", "mat-khau-sai-roi"),
            ("khong.co", PASSWORD),
            ("x", PASSWORD),
        ] {
            let r = db
                .verify_login(name, pw, "10.0.0.1", at(8, 0))
                .await
                .unwrap();
            assert_eq!(r, None, "{}: {name}", t.label);
        }
        let attempts = raw_texts(db, "SELECT username FROM login_attempt ORDER BY id").await;
        assert_eq!(attempts, ["can.bo", "khong.co"], "{}", t.label);
    }
}

#[tokio::test]
async fn a_taken_name_or_bad_input_is_refused_with_the_value() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        db.create_user(&actor(), "nguyen.an", PASSWORD, "DUK", Role::Viewer)
            .await
            .unwrap();
        let cases = [
            (
                "Nguyen.An",
                PASSWORD,
                "DUK",
                "'nguyen.an' đã có người sử dụng",
            ),
            ("nguyễn", PASSWORD, "DUK", "'nguyễn'"),
            ("ab", PASSWORD, "DUK", "'ab'"),
            ("tran.binh", "ngan", "DUK", "ít nhất 10 ký tự"),
            ("tran.binh", PASSWORD, "KHONG-CO", "'KHONG-CO'"),
        ];
        for (name, pw, org, msg) in cases {
            let e = db
                .create_user(&actor(), name, pw, org, Role::Staff)
                .await
                .unwrap_err();
            assert!(e.is_bad_input(), "{}: {e}", t.label);
            assert!(e.to_string().contains(msg), "{}: {e}", t.label);
        }
        assert_eq!(db.list_users(None).await.unwrap().len(), 1, "{}", t.label);
    }
}

/// Throttling by (account, address), growing delays (issue 18 §5.3): five failures from one
/// address make that address wait a minute for that account, then 2, 4 … minutes; the rightful
/// user signing in from another address is never refused for those guesses; and an address
/// that fails on many accounts waits on all of them.
#[tokio::test]
async fn failures_slow_the_guessing_address_only() {
    const GUESSER: &str = "203.0.113.9";
    const OWNER: &str = "198.51.100.7";
    for t in databases().await {
        let l = t.label;
        let db = &t.db;
        tree(db).await;
        db.create_user(&actor(), "bi.thu", PASSWORD, "CB-VPS", Role::Secretary)
            .await
            .unwrap();
        for m in 0..5 {
            let r = db
                .verify_login("bi.thu", "sai-mat-khau!", GUESSER, at(8, m))
                .await;
            assert_eq!(r.unwrap(), None, "{l}");
        }
        assert_eq!(
            db.login_throttled("bi.thu", GUESSER, at(8, 4))
                .await
                .unwrap(),
            Some(at(8, 5)),
            "{l}: a minute after the fifth failure"
        );
        // Even the right password waits at the guessing address, with a Vietnamese message.
        let e = db
            .verify_login("Bi.Thu", PASSWORD, GUESSER, at(8, 4))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, DbError::Throttled { retry_at, minutes: 1 } if *retry_at == at(8, 5)),
            "{l}: {e}"
        );
        assert_eq!(
            e.to_string(),
            "Đăng nhập sai nhiều lần từ máy này, vui lòng thử lại sau 1 phút."
        );
        // The owner, at another address, is not refused.
        assert_eq!(
            db.login_throttled("bi.thu", OWNER, at(8, 4)).await.unwrap(),
            None
        );
        let owner = db.verify_login("bi.thu", PASSWORD, OWNER, at(8, 4)).await;
        assert!(owner.unwrap().is_some(), "{l}: the owner signs in");
        // The guesser's next failure doubles its wait: 2 minutes, then 4.
        let r = db
            .verify_login("bi.thu", "sai-nua!", GUESSER, at(8, 5))
            .await;
        assert_eq!(r.unwrap(), None, "{l}");
        assert_eq!(
            db.login_throttled("bi.thu", GUESSER, at(8, 5))
                .await
                .unwrap(),
            Some(at(8, 7)),
            "{l}"
        );
        let r = db
            .verify_login("bi.thu", "sai-nua!", GUESSER, at(8, 7))
            .await;
        assert_eq!(r.unwrap(), None, "{l}");
        let e = db
            .verify_login("bi.thu", PASSWORD, GUESSER, at(8, 8))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("sau 3 phút"), "{l}: {e}");
        let back = db
            .verify_login("bi.thu", PASSWORD, GUESSER, at(8, 11))
            .await;
        assert!(back.unwrap().is_some(), "{l}: the wait is over");
        // One address failing on many accounts waits on every account, others do not.
        for i in 0..access_limit() {
            let name = format!("khong.co{i}");
            let r = db.verify_login(&name, "sai", "192.0.2.1", at(9, 0)).await;
            assert_eq!(r.unwrap(), None, "{l}");
        }
        let e = db
            .verify_login("bi.thu", PASSWORD, "192.0.2.1", at(9, 1))
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Throttled { .. }), "{l}: {e}");
        let other = db.verify_login("bi.thu", PASSWORD, OWNER, at(9, 1)).await;
        assert!(other.unwrap().is_some(), "{l}");
    }
}

fn access_limit() -> usize {
    domain::accounts::throttle::ADDRESS_FAILURES
}

#[tokio::test]
async fn grants_carry_the_current_path_of_their_organization() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let u = db
            .create_user(&actor(), "quan.tri", PASSWORD, "DB-SCT", Role::Admin)
            .await
            .unwrap();
        db.add_grant(&actor(), u.id, "TU-KG", Role::Viewer)
            .await
            .unwrap();
        db.add_grant(&actor(), u.id, "TU-KG", Role::Viewer)
            .await
            .unwrap();
        let grants = db.grants(u.id).await.unwrap();
        assert_eq!(
            grants,
            vec![
                Grant {
                    role: Role::Viewer,
                    org_id: 1,
                    org_path: "/1/".into()
                },
                Grant {
                    role: Role::Admin,
                    org_id: 3,
                    org_path: "/1/2/3/".into()
                },
            ],
            "{}",
            t.label
        );
        assert!(access::may(&grants, "/1/2/3/4/", Action::Administer));
        assert!(!access::may(&grants, "/1/2/", Action::Write));
        // A move changes the path; the grant follows the organization.
        add(db, "DB-SNV", OrgKind::GrassrootsCommittee, Some("DUK")).await;
        db.move_org(&actor(), "CB-VPS", "DB-SNV", d(2020, 1, 1), None)
            .await
            .unwrap();
        let s = db
            .create_user(&actor(), "bi.thu", PASSWORD, "CB-VPS", Role::Secretary)
            .await
            .unwrap();
        let moved = db.grants(s.id).await.unwrap();
        assert_eq!(moved[0].org_path, "/1/2/5/4/", "{}", t.label);
    }
}

#[tokio::test]
async fn user_lists_filter_by_scope_in_sql_without_matching_sibling_digits() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        // Fill ids up to 33, so that /1/2/33/ sits beside /1/2/3/.
        let mut last = 4;
        while last < 33 {
            last = add(
                db,
                &format!("CB-X{}", last + 1),
                OrgKind::GrassrootsBranch,
                Some("DUK"),
            )
            .await;
        }
        let admin = db
            .create_user(&actor(), "admin.sct", PASSWORD, "DB-SCT", Role::Admin)
            .await
            .unwrap();
        db.create_user(&actor(), "bi.thu", PASSWORD, "CB-VPS", Role::Secretary)
            .await
            .unwrap();
        db.create_user(&actor(), "xem.33", PASSWORD, "CB-X33", Role::Viewer)
            .await
            .unwrap();
        let all: Vec<String> = db
            .list_users(None)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.user.username)
            .collect();
        assert_eq!(all, ["admin.sct", "bi.thu", "xem.33"], "{}", t.label);
        let scopes = access::scopes(&db.grants(admin.id).await.unwrap(), Action::Administer);
        let seen = db.list_users(Some(&scopes)).await.unwrap();
        let names: Vec<&str> = seen.iter().map(|l| l.user.username.as_str()).collect();
        assert_eq!(names, ["admin.sct", "bi.thu"], "{}", t.label);
        assert_eq!(seen[1].grants[0].org_code, "CB-VPS");
        assert_eq!(seen[1].grants[0].role, Role::Secretary);
        assert!(db.list_users(Some(&[])).await.unwrap().is_empty());
    }
}

/// Every stored session id, as a backup would hold it.
async fn stored_session_ids(db: &db::Db) -> Vec<String> {
    let c = db.connection();
    c.query_all_raw(Statement::from_string(
        c.get_database_backend(),
        "SELECT id FROM user_session",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get::<String>("", "id").unwrap())
    .collect()
}

/// A session's token is not in the database, only its hash (as API tokens), so a backup holds
/// no live session (issue 18 §5.4); the token still signs in and signs out.
#[tokio::test]
async fn sessions_are_stored_as_the_hash_of_their_token() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let u = db
            .create_user(&actor(), "can.bo", PASSWORD, "DUK", Role::Staff)
            .await
            .unwrap();
        let token = db
            .create_session(u.id, at(8, 0), Duration::minutes(30))
            .await
            .unwrap();
        let ids = stored_session_ids(db).await;
        assert_eq!(ids, vec![db::token_hash(&token)], "{}", t.label);
        assert!(
            !ids.contains(&token),
            "{}: the token is stored in clear",
            t.label
        );
        assert!(db.session_user(&token, at(8, 1)).await.unwrap().is_some());
        // The stored id is no token: presented as one, it opens nothing.
        assert_eq!(db.session_user(&ids[0], at(8, 1)).await.unwrap(), None);
        db.delete_session(&token).await.unwrap();
        assert!(stored_session_ids(db).await.is_empty(), "{}", t.label);
    }
}

/// The migration that introduced hashed sessions ends the sessions stored before it (their ids
/// were the tokens themselves).
#[tokio::test]
async fn the_migration_ends_sessions_stored_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let db = db::Db::connect(&url).await.unwrap();
    tree(&db).await;
    let u = db
        .create_user(&actor(), "can.bo", PASSWORD, "DUK", Role::Staff)
        .await
        .unwrap();
    let c = db.connection();
    for sql in [
        format!(
            "INSERT INTO user_session (id, user_id, data, expires_at, created_at) \
             VALUES ('{}', {}, '{{}}', '2999-01-01 00:00:00', '2026-01-01 00:00:00')",
            "a".repeat(64),
            u.id
        ),
        "DELETE FROM seaql_migrations WHERE version LIKE '%hashed_sessions'".into(),
    ] {
        c.execute_unprepared(&sql).await.unwrap();
    }
    assert_eq!(stored_session_ids(&db).await.len(), 1);
    drop(db);
    let db = db::Db::connect(&url).await.unwrap();
    assert!(stored_session_ids(&db).await.is_empty());
}

#[tokio::test]
async fn a_session_ends_when_it_expires_or_is_deleted() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let u = db
            .create_user(&actor(), "can.bo", PASSWORD, "DUK", Role::Staff)
            .await
            .unwrap();
        let token = db
            .create_session(u.id, at(8, 0), Duration::minutes(30))
            .await
            .unwrap();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        let during = db.session_user(&token, at(8, 29)).await.unwrap();
        assert_eq!(during.map(|u| u.username).as_deref(), Some("can.bo"));
        assert_eq!(
            db.session_user(&token, at(8, 30)).await.unwrap(),
            None,
            "{}",
            t.label
        );
        assert_eq!(db.session_user("khong-co", at(8, 0)).await.unwrap(), None);

        let other = db
            .create_session(u.id, at(8, 0), Duration::hours(8))
            .await
            .unwrap();
        assert_ne!(other, token);
        db.delete_session(&other).await.unwrap();
        assert_eq!(db.session_user(&other, at(8, 1)).await.unwrap(), None);
        assert_eq!(db.delete_expired_sessions(at(9, 0)).await.unwrap(), 1);

        // The store form: a session before sign-in, then with a user.
        let mut rec = db::SessionRecord {
            id: "s1".into(),
            user_id: None,
            data: r#"{"csrf":"x"}"#.into(),
            expires_at: at(9, 0),
        };
        db.save_session(&rec, at(8, 0)).await.unwrap();
        assert_eq!(
            db.load_session("s1", at(8, 0)).await.unwrap(),
            Some(rec.clone())
        );
        assert_eq!(db.session_user("s1", at(8, 0)).await.unwrap(), None);
        rec.user_id = Some(u.id);
        db.save_session(&rec, at(8, 1)).await.unwrap();
        assert!(db.session_user("s1", at(8, 2)).await.unwrap().is_some());
        assert_eq!(
            db.load_session("s1", at(9, 0)).await.unwrap(),
            None,
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn an_api_token_is_found_by_its_hash_and_never_stored_in_clear() {
    for t in databases().await {
        let db = &t.db;
        tree(db).await;
        let u = db
            .create_user(&actor(), "may.chu", PASSWORD, "TU-KG", Role::Viewer)
            .await
            .unwrap();
        let token = db
            .create_api_token(&actor(), u.id, "Báo cáo tự động")
            .await
            .unwrap();
        assert!(token.starts_with("dv_") && token.len() == 67, "{token}");
        let stored = raw_texts(db, "SELECT token_hash FROM api_token").await;
        assert_eq!(stored.len(), 1);
        assert!(!stored[0].contains(&token[3..]), "{}", t.label);
        let audit = format!(
            "{:?}",
            db.audit_entries(Some("api_token"), 5).await.unwrap()
        );
        assert!(!audit.contains(&token[3..]) && audit.contains("Báo cáo tự động"));

        let found = db.api_token_user(&token, at(8, 0)).await.unwrap();
        assert_eq!(found.map(|u| u.id), Some(u.id), "{}", t.label);
        let used = raw_texts(
            db,
            "SELECT CAST(last_used_at AS TEXT) FROM api_token WHERE last_used_at IS NOT NULL",
        )
        .await;
        assert_eq!(used.len(), 1, "{}", t.label);
        // Neither the stored hash nor a near miss opens anything.
        assert_eq!(db.api_token_user(&stored[0], at(8, 0)).await.unwrap(), None);
        let mut near = token.clone();
        near.pop();
        near.push('x');
        assert_eq!(db.api_token_user(&near, at(8, 0)).await.unwrap(), None);
    }
}
