//! Accounts on the web (issue 20, item 1): an administrator creates an account (a role, or a
//! member's) with a password shown once that must be changed at the first sign-in; grants and
//! withdraws roles in their subtree only; creates the secretaries' accounts in bulk (all or
//! nothing) and prints their sheet; resets a password. The password change refuses weak and
//! reused passwords.

use crate::common;

use crate::common::{CSRF, PASSWORD, envs, form, member, today};
use axum::http::StatusCode;
use db::Actor;
use domain::accounts::access::Role;

/// The password shown once on the accounts page.
fn shown_password(html: &str) -> String {
    let at = html
        .find("<code class=\"token\">")
        .expect("a password shown")
        + 20;
    html[at..at + html[at..].find('<').unwrap()].to_string()
}

async fn sign_in(env: &mut common::Env, name: &'static str) {
    let id = env.db.user_id_by_name(name).await.unwrap();
    let token = env
        .db
        .create_session(
            id,
            chrono::Utc::now().naive_utc(),
            chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    env.add_session(name, token).await;
}

#[tokio::test]
async fn an_administrator_creates_an_account_that_must_change_its_password() {
    for mut env in envs().await {
        let l = env.label;
        let create = form(&[
            ("csrf", CSRF),
            ("username", "bt-moi"),
            ("kind", "role"),
            ("org", "CB-A2"),
            ("role", "secretary"),
        ]);
        let r = env
            .call("quantri", "POST", "/quan-tri/tai-khoan/tao", Some(create))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let password = shown_password(&r.body);
        assert_eq!(password.len(), db::GENERATED_PASSWORD_CHARS, "{l}");
        let u = env
            .db
            .verify_login("bt-moi", &password, "test", chrono::Utc::now().naive_utc())
            .await
            .unwrap()
            .unwrap();
        assert!(u.must_change_password, "{l}");
        sign_in(&mut env, "bt-moi").await;
        // Everything waits for the password change.
        let r = env.call("bt-moi", "GET", "/to-chuc/CB-A2", None).await;
        assert_eq!(r.location.as_deref(), Some("/doi-mat-khau"), "{l}");
        let change = |current: &str, new: &str| {
            form(&[
                ("csrf", CSRF),
                ("current", current),
                ("new", new),
                ("again", new),
            ])
        };
        for (new, why) in [
            ("1234567890", "quá dễ đoán"),
            (password.as_str(), "khác mật khẩu đang dùng"),
            ("bt-moi-2026-xyz", "chứa tên đăng nhập"),
        ] {
            let r = env
                .call(
                    "bt-moi",
                    "POST",
                    "/doi-mat-khau",
                    Some(change(&password, new)),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {new}");
            assert!(r.body.contains(why), "{l}: {why}: {}", r.body);
        }
        let r = env
            .call(
                "bt-moi",
                "POST",
                "/doi-mat-khau",
                Some(change("sai-mat-khau-roi", "Hoa-sen-nở-2026")),
            )
            .await;
        assert!(r.body.contains("Mật khẩu đang dùng không đúng"), "{l}");
        let r = env
            .call(
                "bt-moi",
                "POST",
                "/doi-mat-khau",
                Some(change(&password, "Hoa-sen-nở-2026")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = env.call("bt-moi", "GET", "/to-chuc/CB-A2", None).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{l}: the session that changed it stays"
        );
        // Neither the handed-out password nor the one replaced since may come back.
        let r = env
            .call(
                "bt-moi",
                "POST",
                "/doi-mat-khau",
                Some(change("Hoa-sen-nở-2026", "Mây-trắng-bay-7")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        for old in [password.as_str(), "Hoa-sen-nở-2026"] {
            let r = env
                .call(
                    "bt-moi",
                    "POST",
                    "/doi-mat-khau",
                    Some(change("Mây-trắng-bay-7", old)),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {old}");
            assert!(
                r.body.contains("4 mật khẩu đã dùng gần nhất"),
                "{l}: {}",
                r.body
            );
        }
        // A member's account, from the card number.
        let member_acc = form(&[
            ("csrf", CSRF),
            ("username", "mot"),
            ("kind", "member"),
            ("card", "70000001"),
        ]);
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/tao",
                Some(member_acc.clone()),
            )
            .await;
        assert!(
            r.body.contains("Đã tạo tài khoản đảng viên"),
            "{l}: {}",
            r.body
        );
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/tao",
                Some(member_acc.replace("=mot", "=mot2")),
            )
            .await;
        assert!(
            r.body.contains("đã có tài khoản"),
            "{l}: one account per member"
        );
        let page = env
            .call("quantri", "GET", "/quan-tri/tai-khoan", None)
            .await;
        assert!(page.body.contains("Đảng viên Trần Văn Một — CB-A1"), "{l}");
        // A reset shows a new password, to be changed again.
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan",
                Some(form(&[
                    ("csrf", CSRF),
                    ("username", "bt-moi"),
                    ("action", "dat-lai"),
                ])),
            )
            .await;
        let again = shown_password(&r.body);
        assert_ne!(again, password, "{l}");
        let entries = env.audit("app_user").await;
        assert!(entries.iter().any(|e| e.action == "reset_password"), "{l}");
        assert!(
            !entries
                .iter()
                .any(|e| format!("{:?}", e.after).contains(&again)),
            "{l}: no password in the log"
        );
    }
}

#[tokio::test]
async fn roles_and_members_outside_the_subtree_are_refused() {
    for mut env in envs().await {
        let l = env.label;
        let a = Actor("test".into());
        env.db
            .create_user(&a, "quantri-dba", PASSWORD, "DB-A", Role::Admin)
            .await
            .unwrap();
        sign_in(&mut env, "quantri-dba").await;
        env.db
            .add_person(&a, "CB-B", &member("Phạm Văn Ba", "70000003"), today())
            .await
            .unwrap();
        let count = env.db.list_users(None).await.unwrap().len();
        for body in [
            form(&[
                ("csrf", CSRF),
                ("username", "ngoai"),
                ("kind", "role"),
                ("org", "CB-B"),
                ("role", "viewer"),
            ]),
            form(&[
                ("csrf", CSRF),
                ("username", "ngoai"),
                ("kind", "member"),
                ("card", "70000003"),
            ]),
        ] {
            let r = env
                .call("quantri-dba", "POST", "/quan-tri/tai-khoan/tao", Some(body))
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{l}: {}",
                r.body
            );
            assert!(r.body.contains("phạm vi bạn quản trị"), "{l}");
        }
        assert_eq!(
            env.db.list_users(None).await.unwrap().len(),
            count,
            "{l}: nothing made"
        );
        let grant = |org: &str, action: &str| {
            form(&[
                ("csrf", CSRF),
                ("username", "bithu"),
                ("org", org),
                ("role", "viewer"),
                ("action", action),
            ])
        };
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan/vai-tro",
                Some(grant("CB-B", "cap")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("phạm vi bạn quản trị"), "{l}: the reason");
        let bithu = env.db.user_id_by_name("bithu").await.unwrap();
        let before = env.db.grants(bithu).await.unwrap().len();
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan/vai-tro",
                Some(grant("CB-A2", "cap")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(
            env.db.grants(bithu).await.unwrap().len(),
            before + 1,
            "{l}: the refused grant changed nothing, this one added one"
        );
        let r = env.call("bithu", "GET", "/to-chuc/CB-A2", None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: the new role reads CB-A2");
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan/vai-tro",
                Some(grant("CB-A2", "thu-hoi")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        // The viewer of CB-B is not theirs to change.
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan/vai-tro",
                Some(grant("CB-A2", "cap").replace("bithu", "nguoixem")),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}

/// The job's outcome, once it has one.
async fn finished(env: &common::Env, user: &str, at: &str) -> String {
    for _ in 0..200 {
        let r = env.call(user, "GET", at, None).await;
        if r.body.contains("id=\"outcome\"") {
            return r.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the job did not finish");
}

#[tokio::test]
async fn the_secretaries_accounts_are_made_in_bulk_with_their_sheet() {
    for env in envs().await {
        let l = env.label;
        let bulk = |org: &str| form(&[("csrf", CSRF), ("org", org), ("kind", "bi-thu")]);
        // All or nothing: a name the batch needs is taken, so nothing is made.
        let a = Actor("test".into());
        env.db
            .create_user(&a, "bt-cb-b", PASSWORD, "CB-B", Role::Viewer)
            .await
            .unwrap();
        let count = env.db.list_users(None).await.unwrap().len();
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/hang-loat",
                Some(bulk("DUK")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let done = finished(&env, "quantri", r.location.as_deref().unwrap()).await;
        assert!(
            done.contains("Không có tài khoản nào được tạo") && done.contains("bt-cb-b"),
            "{l}: {done}"
        );
        assert_eq!(env.db.list_users(None).await.unwrap().len(), count, "{l}");
        // DB-A's two branches (CB-A1 already has its secretary's account).
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/hang-loat",
                Some(bulk("DB-A")),
            )
            .await;
        let at = r.location.unwrap();
        let done = finished(&env, "quantri", &at).await;
        assert!(done.contains("Đã tạo 1 tài khoản"), "{l}: {done}");
        let sheet = env.call("quantri", "GET", &format!("{at}/tep"), None).await;
        assert_eq!(sheet.status, StatusCode::OK, "{l}");
        assert!(sheet.bytes.starts_with(b"%PDF"), "{l}");
        // Only its owner downloads it.
        let r = env.call("canbo", "GET", &format!("{at}/tep"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let users = env.db.list_users(None).await.unwrap();
        let made = users
            .iter()
            .find(|u| u.user.username == "bt-cb-a2")
            .expect("bt-cb-a2");
        assert!(made.user.must_change_password, "{l}");
        assert_eq!(made.grants[0].role, Role::Secretary, "{l}");
        assert_eq!(made.grants[0].org_code, "CB-A2", "{l}");
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/hang-loat",
                Some(bulk("DB-A")),
            )
            .await;
        let done = finished(&env, "quantri", r.location.as_deref().unwrap()).await;
        assert!(done.contains("đều đã có tài khoản"), "{l}: {done}");
        // Every member of CB-A1 gets a member account named by the card number.
        let members = env
            .db
            .roster("CB-A1", today())
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.member)
            .count();
        let before = env.db.list_users(None).await.unwrap().len();
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/hang-loat",
                Some(form(&[
                    ("csrf", CSRF),
                    ("org", "CB-A1"),
                    ("kind", "dang-vien"),
                ])),
            )
            .await;
        let at = r.location.unwrap();
        let done = finished(&env, "quantri", &at).await;
        let users = env.db.list_users(None).await.unwrap();
        let made: Vec<_> = users
            .iter()
            .filter(|u| u.user.username.starts_with("dv-"))
            .collect();
        assert!(members > 0 && made.len() == members, "{l}: {done}");
        assert_eq!(users.len(), before + members, "{l}");
        assert!(
            made.iter()
                .all(|u| u.user.must_change_password && u.grants.is_empty()),
            "{l}: member accounts, passwords to change"
        );
        assert!(done.contains("Đã tạo 1 tài khoản"), "{l}: {done}");
        let sheet = env.call("quantri", "GET", &format!("{at}/tep"), None).await;
        assert!(sheet.bytes.starts_with(b"%PDF"), "{l}");
    }
}

#[tokio::test]
async fn one_time_codes_are_turned_on_checked_at_sign_in_and_required_of_administrators() {
    use domain::accounts::totp;
    for mut env in envs().await {
        let l = env.label;
        let now = || chrono::Utc::now();
        let page = env
            .call("bithu", "GET", "/tai-khoan/ma-xac-thuc", None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("<svg"), "{l}: a QR code");
        let secret = shown_password(&page.body);
        let turn_on = |code: &str| {
            form(&[
                ("csrf", CSRF),
                ("action", "bat"),
                ("secret", &secret),
                ("code", code),
            ])
        };
        let r = env
            .call(
                "bithu",
                "POST",
                "/tai-khoan/ma-xac-thuc",
                Some(turn_on("000000")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("Mã xác thực không đúng") && r.body.contains(&secret),
            "{l}: same secret kept"
        );
        let code = totp::code_at(&secret, "bithu", now().timestamp() as u64).unwrap();
        let r = env
            .call(
                "bithu",
                "POST",
                "/tai-khoan/ma-xac-thuc",
                Some(turn_on(&code)),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        // The password alone no longer signs in; with the code it does.
        let t = now().naive_utc();
        assert!(
            env.db
                .verify_login("bithu", PASSWORD, "a", t)
                .await
                .unwrap()
                .is_none(),
            "{l}"
        );
        let code = totp::code_at(&secret, "bithu", now().timestamp() as u64).unwrap();
        assert!(
            env.db
                .verify_sign_in("bithu", PASSWORD, Some(&code), "a", t)
                .await
                .unwrap()
                .is_some(),
            "{l}"
        );
        assert!(
            env.db
                .verify_sign_in("bithu", PASSWORD, Some("123456"), "b", t)
                .await
                .unwrap()
                .is_none(),
            "{l}"
        );
        // An administrator turns them off for a lost phone.
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan",
                Some(form(&[
                    ("csrf", CSRF),
                    ("username", "bithu"),
                    ("action", "tat-ma"),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        assert!(
            env.db
                .verify_login("bithu", PASSWORD, "c", t)
                .await
                .unwrap()
                .is_some(),
            "{l}"
        );
        // The setting: an administrator without codes is sent to set them up first.
        let a = Actor("test".into());
        env.db
            .create_user(&a, "quantri-dba", PASSWORD, "DB-A", Role::Admin)
            .await
            .unwrap();
        sign_in(&mut env, "quantri-dba").await;
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/quan-tri/tai-khoan/cai-dat",
                Some(form(&[("csrf", CSRF), ("totp_admins", "1")])),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{l}: only the root's administrator sets it"
        );
        let r = env
            .call(
                "quantri",
                "POST",
                "/quan-tri/tai-khoan/cai-dat",
                Some(form(&[("csrf", CSRF), ("totp_admins", "1")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let r = env.call("quantri-dba", "GET", "/to-chuc/DB-A", None).await;
        assert_eq!(r.location.as_deref(), Some("/tai-khoan/ma-xac-thuc"), "{l}");
        let r = env.call("canbo", "GET", "/to-chuc/DB-A", None).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{l}: staff are not administrators"
        );
        let page = env
            .call("quantri-dba", "GET", "/tai-khoan/ma-xac-thuc", None)
            .await;
        assert!(page.body.contains("phải bật mã xác thực"), "{l}");
        let secret = shown_password(&page.body);
        let code = totp::code_at(&secret, "quantri-dba", now().timestamp() as u64).unwrap();
        let r = env
            .call(
                "quantri-dba",
                "POST",
                "/tai-khoan/ma-xac-thuc",
                Some(form(&[
                    ("csrf", CSRF),
                    ("action", "bat"),
                    ("secret", &secret),
                    ("code", &code),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let r = env.call("quantri-dba", "GET", "/to-chuc/DB-A", None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        let log = env.audit("app_user").await;
        assert!(log.iter().any(|e| e.action == "enable_totp"), "{l}");
        assert!(
            !log.iter()
                .any(|e| format!("{:?}{:?}", e.before, e.after).contains(&secret)),
            "{l}"
        );
    }
}
