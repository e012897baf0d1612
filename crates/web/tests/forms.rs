//! The writing forms from outside: adding a member, transferring one, creating an
//! organization and reading the audit log, with CSRF, rights and field errors (SQLite).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::{Actor, Db, NewOrg};
use domain::access::Role;
use domain::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::org::{OrgCode, OrgKind};
use tower::ServiceExt;

const ORGS: [(&str, &str, OrgKind, Option<&str>); 6] = [
    ("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
    ("DUK", "Đảng bộ Khối Thử", OrgKind::Block, Some("TU")),
    (
        "DB-A",
        "Đảng bộ Sở A",
        OrgKind::GrassrootsCommittee,
        Some("DUK"),
    ),
    ("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some("DB-A")),
    ("CB-A2", "Chi bộ Phòng A2", OrgKind::Branch, Some("DB-A")),
    (
        "CB-B",
        "Chi bộ Sở B",
        OrgKind::GrassrootsBranch,
        Some("DUK"),
    ),
];

const USERS: [(&str, Role, &str); 4] = [
    ("quantri", Role::Admin, "TU"),
    ("canbo", Role::Staff, "DB-A"),
    ("bithu", Role::Secretary, "CB-A1"),
    ("nguoixem", Role::Viewer, "CB-B"),
];

const CSRF: &str = "csrf-token-for-the-tests-0123456789abcdef";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn member(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1985, 3, 4).unwrap(),
        sex: Sex::Male,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: chrono::NaiveDate::from_ymd_opt(2010, 3, 4).unwrap(),
            official_on: chrono::NaiveDate::from_ymd_opt(2011, 3, 4),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

struct Env {
    db: Db,
    app: axum::Router,
    /// user name → session token
    sessions: Vec<(&'static str, String)>,
    /// the member of CB-A1
    person: i32,
    _dir: tempfile::TempDir,
}

impl Env {
    fn session(&self, user: &str) -> &str {
        &self.sessions.iter().find(|(u, _)| *u == user).unwrap().1
    }
}

async fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("f.db").display());
    let db = Db::connect(&url).await.unwrap();
    let a = Actor("test".into());
    for (code, name, kind, parent) in ORGS {
        let new = NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            decision: None,
        };
        db.create_org(&a, &new).await.unwrap();
    }
    let person = db
        .add_person(&a, "CB-A1", &member("Trần Văn Một", "70000001"), today())
        .await
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    let mut sessions = Vec::new();
    for (user, role, org) in USERS {
        let u = db
            .create_user(&a, user, "mat-khau-thu-nghiem", org, role)
            .await
            .unwrap();
        let token = db
            .create_session(u.id, now, chrono::Duration::hours(1))
            .await
            .unwrap();
        sessions.push((user, token));
    }
    let app = web::router(web::AppState {
        db: db.clone(),
        today: Some(today()),
    });
    Env {
        db,
        app,
        sessions,
        person,
        _dir: dir,
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    session: &str,
    csrf_cookie: bool,
    body: Option<String>,
) -> (StatusCode, String, Option<String>) {
    let mut cookie = format!("dangvu_session={session}");
    if csrf_cookie {
        cookie.push_str(&format!("; dangvu_csrf={CSRF}"));
    }
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie);
    if body.is_some() {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    let resp = app
        .clone()
        .oneshot(req.body(body.map(Body::from).unwrap_or_default()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        String::from_utf8_lossy(&body).into_owned(),
        location,
    )
}

async fn member_count(db: &Db, org: &str) -> usize {
    db.register(&db::RegisterQuery {
        org: org.into(),
        on: today(),
        search: None,
        include_non_members: false,
    })
    .await
    .unwrap()
    .len()
}

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
    let env = setup().await;
    let s = env.session("canbo");
    let (status, body, _) = call(
        &env.app,
        "POST",
        ADD,
        s,
        true,
        Some(new_member("30/02/1988")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("&#39;30/02/1988&#39; không phải ngày hợp lệ")
            || body.contains("'30/02/1988' không phải ngày hợp lệ"),
        "{body}"
    );
    assert!(body.contains("field-error"));
    assert!(body.contains("Nguyễn Thị Hoa"), "the input is kept");
    assert_eq!(member_count(&env.db, "CB-A1").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_member_is_added_and_the_page_links_to_the_form() {
    let env = setup().await;
    let s = env.session("canbo");
    let (status, body, _) = call(&env.app, "GET", "/to-chuc/CB-A1", s, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(ADD));
    let (status, body, _) = call(&env.app, "GET", ADD, s, true, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body, location) = call(
        &env.app,
        "POST",
        ADD,
        s,
        true,
        Some(new_member("12/08/1988")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = location.unwrap();
    assert!(location.starts_with("/dang-vien/"));
    assert_eq!(member_count(&env.db, "CB-A1").await, 2);
    let (status, body, _) = call(&env.app, "GET", &location, s, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Nguyễn Thị Hoa"));
    // The same card again is refused beside the card field.
    let (status, body, _) = call(
        &env.app,
        "POST",
        ADD,
        s,
        true,
        Some(new_member("12/08/1988")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("số thẻ đảng viên 70000099 đã cấp"), "{body}");
    assert_eq!(member_count(&env.db, "CB-A1").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_without_the_write_right_get_404_and_nothing_is_written() {
    let env = setup().await;
    for user in ["nguoixem", "bithu"] {
        let s = env.session(user);
        let uri = if user == "bithu" {
            "/to-chuc/CB-A2/them-dang-vien"
        } else {
            ADD
        };
        let (status, body, _) = call(&env.app, "GET", uri, s, true, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{user}");
        assert!(!body.contains("Chi bộ Phòng A"));
        let (status, _, _) = call(
            &env.app,
            "POST",
            uri,
            s,
            true,
            Some(new_member("12/08/1988")),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{user}");
        let transfer = format!("/dang-vien/{}/chuyen-sinh-hoat", env.person);
        if user == "nguoixem" {
            let (status, _, _) = call(&env.app, "GET", &transfer, s, true, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let body = form(&[("csrf", CSRF), ("to", "CB-B"), ("on", "01/06/2024")]);
            let (status, _, _) = call(&env.app, "POST", &transfer, s, true, Some(body)).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    }
    assert_eq!(member_count(&env.db, "DUK").await, 1);
    assert_eq!(env.db.history(env.person).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_without_the_csrf_token_is_refused() {
    let env = setup().await;
    let s = env.session("canbo");
    let (status, _, _) = call(
        &env.app,
        "POST",
        ADD,
        s,
        false,
        Some(new_member("12/08/1988")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let body = new_member("12/08/1988").replace(&format!("csrf={}", enc(CSRF)), "csrf=");
    let (status, _, _) = call(&env.app, "POST", ADD, s, true, Some(body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let org = form(&[
        ("code", "CB-A3"),
        ("name", "Chi bộ Phòng A3"),
        ("kind", "Branch"),
        ("parent", "DB-A"),
        ("since", "01/01/2020"),
    ]);
    let (status, _, _) = call(&env.app, "POST", "/to-chuc/moi", s, true, Some(org)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(member_count(&env.db, "CB-A1").await, 1);
    assert!(env.db.org_latest("CB-A3").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_shows_in_the_history_and_a_backdated_one_is_refused() {
    let env = setup().await;
    let s = env.session("canbo");
    let uri = format!("/dang-vien/{}/chuyen-sinh-hoat", env.person);
    let (status, body, _) = call(
        &env.app,
        "GET",
        &format!("/dang-vien/{}", env.person),
        s,
        true,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&uri));
    let (status, body, _) = call(&env.app, "GET", &uri, s, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("CB-A2") && !body.contains("value=\"CB-B\""),
        "{body}"
    );
    // Staff of DB-A may not move a member to CB-B, outside their subtree.
    let outside = form(&[("csrf", CSRF), ("to", "CB-B"), ("on", "01/06/2024")]);
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(outside)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("field-error"));
    let good = form(&[
        ("csrf", CSRF),
        ("to", "CB-A2"),
        ("on", "01/06/2024"),
        ("symbol", "118-QĐ/ĐU"),
        ("signed_on", "30/05/2024"),
    ]);
    let (status, body, location) = call(&env.app, "POST", &uri, s, true, Some(good)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.unwrap(), format!("/dang-vien/{}", env.person));
    let history = env.db.history(env.person).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[2].org_code.as_deref(), Some("CB-A2"));
    let (_, body, _) = call(
        &env.app,
        "GET",
        &format!("/dang-vien/{}", env.person),
        s,
        true,
        None,
    )
    .await;
    assert!(body.contains("Chi bộ Phòng A2"));
    // Back to A1, dated before the transfer just recorded.
    let early = form(&[("csrf", CSRF), ("to", "CB-A1"), ("on", "01/01/2024")]);
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(early)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("trước sự kiện gần nhất"), "{body}");
    assert!(body.contains("01/01/2024"), "the input is kept");
    assert_eq!(env.db.history(env.person).await.unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organization_is_created_and_bad_fields_are_named() {
    let env = setup().await;
    let s = env.session("canbo");
    let bad = form(&[
        ("csrf", CSRF),
        ("code", "cb a3"),
        ("name", "Chi bộ Phòng A3"),
        ("kind", "Cell"),
        ("parent", "DB-A"),
        ("since", "01/01/2020"),
    ]);
    let (status, body, _) = call(&env.app, "POST", "/to-chuc/moi", s, true, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("không phải mã tổ chức hợp lệ"), "{body}");
    assert!(body.contains("không thể trực thuộc"), "{body}");
    let exists = form(&[
        ("csrf", CSRF),
        ("code", "CB-A2"),
        ("name", "X"),
        ("kind", "Branch"),
        ("parent", "DB-A"),
        ("since", "01/01/1990"),
    ]);
    let (status, body, _) = call(&env.app, "POST", "/to-chuc/moi", s, true, Some(exists)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("đã tồn tại"), "{body}");
    assert!(body.contains("không tồn tại vào ngày"), "{body}");
    let good = form(&[
        ("csrf", CSRF),
        ("code", "CB-A3"),
        ("name", "Chi bộ Phòng A3"),
        ("kind", "Branch"),
        ("parent", "DB-A"),
        ("since", "01/01/2020"),
    ]);
    let (status, body, location) =
        call(&env.app, "POST", "/to-chuc/moi", s, true, Some(good)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some("/to-chuc/CB-A3"));
    assert!(env.db.org_latest("CB-A3").await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_is_for_root_administrators_only() {
    let env = setup().await;
    for user in ["canbo", "bithu", "nguoixem"] {
        let (status, _, _) = call(&env.app, "GET", "/nhat-ky", env.session(user), true, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{user}");
    }
    let (status, body, _) = call(
        &env.app,
        "GET",
        "/nhat-ky",
        env.session("quantri"),
        true,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Nhật ký thay đổi"));
    assert!(body.contains("Đảng viên "), "{body}");
    let (status, body, _) = call(
        &env.app,
        "GET",
        "/nhat-ky?loai=organization",
        env.session("quantri"),
        true,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Tổ chức đảng CB-A1") || body.contains("Tổ chức đảng "),
        "{body}"
    );
    assert!(
        !body.contains(">Đảng viên "),
        "the filter keeps only organizations"
    );
}

/// One JSON call to the API with a bearer token (or a session cookie when `token` is None).
async fn api(
    env: &Env,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    req = match token {
        Some(t) => req.header("authorization", format!("Bearer {t}")),
        None => req.header(
            "cookie",
            format!(
                "dangvu_session={}; dangvu_csrf={CSRF}",
                env.session("canbo")
            ),
        ),
    };
    let resp = env
        .app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

async fn token_of(env: &Env, user: &str) -> String {
    let users = env.db.list_users(None).await.unwrap();
    let id = users
        .iter()
        .find(|l| l.user.username == user)
        .unwrap()
        .user
        .id;
    env.db
        .create_api_token(&Actor("test".into()), id, "kịch bản")
        .await
        .unwrap()
}

#[tokio::test]
async fn the_api_adds_and_transfers_members_with_the_forms_rules() {
    let env = setup().await;
    let staff = token_of(&env, "canbo").await;
    let good = serde_json::json!({
        "full_name": "Võ Thị Năm", "birth_date": "1992-07-08", "sex": "Nữ",
        "admitted_on": "2018-05-19", "official_on": "2019-05-19", "card_number": "70000055"
    });
    // A browser session cannot write through the API.
    let (status, body) = api(
        &env,
        "POST",
        "/api/v1/orgs/CB-A2/members",
        None,
        good.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"].as_str().unwrap().contains("mã truy cập"));
    assert_eq!(member_count(&env.db, "CB-A2").await, 0);
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
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "birth_date", "{body}");
    assert!(body["fields"]["birth_date"].as_str().is_some(), "{body}");
    assert_eq!(member_count(&env.db, "CB-A2").await, 0);
    // Another subtree: 404, nothing saved.
    let (status, _) = api(
        &env,
        "POST",
        "/api/v1/orgs/CB-B/members",
        Some(&staff),
        good.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(member_count(&env.db, "CB-B").await, 0);
    // The good one is created.
    let (status, body) = api(
        &env,
        "POST",
        "/api/v1/orgs/CB-A2/members",
        Some(&staff),
        good,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["org"], "CB-A2");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(member_count(&env.db, "CB-A2").await, 1);
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
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "to", "{body}");
    let (status, body) = api(
        &env,
        "POST",
        &uri,
        Some(&staff),
        serde_json::json!({"to": "CB-A1", "on": "2026-01-05", "decision_symbol": "15-QĐ/ĐU"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "decision_signed_on", "{body}");
    let (status, body) = api(
        &env,
        "POST",
        &uri,
        Some(&staff),
        serde_json::json!({"to": "CB-A1", "on": "2026-01-05"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["org"], "CB-A1");
    assert_eq!(member_count(&env.db, "CB-A2").await, 0);
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
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_creates_organizations_under_a_writable_parent() {
    let env = setup().await;
    let staff = token_of(&env, "canbo").await;
    let new = serde_json::json!({"code": "CB-A3", "name": "Chi bộ Phòng A3", "kind": "branch",
        "parent": "DB-A", "since": "2024-03-01"});
    let mut outside = new.clone();
    outside["parent"] = "DUK".into();
    let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), outside).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "parent");
    let mut no_name = new.clone();
    no_name["name"] = "".into();
    let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), no_name).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "name");
    assert!(env.db.org_latest("CB-A3").await.is_err());
    let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), new.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["parent"].as_str()),
        (Some("CB-A3"), Some("DB-A"))
    );
    let (status, body) = api(&env, "POST", "/api/v1/orgs", Some(&staff), new).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
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
        "audit"
    );
}
