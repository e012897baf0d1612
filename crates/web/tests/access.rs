//! Access by subtree, checked from outside: every readable route × every role × every
//! organization of a small tree, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL. The expected
//! answers are written out by hand from the tree, not computed by the rule under test.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::{Actor, Db, NewOrg};
use domain::access::Role;
use domain::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::org::{OrgCode, OrgKind};
use tower::ServiceExt;

struct Env {
    db: Db,
    label: &'static str,
    _dir: Option<tempfile::TempDir>,
}

async fn envs() -> Vec<Env> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let mut out = vec![Env {
        db: Db::connect(&url).await.unwrap(),
        label: "sqlite",
        _dir: Some(dir),
    }];
    if let Ok(admin) = std::env::var("DANGVU_TEST_PG") {
        use sea_orm::ConnectionTrait;
        let name = format!("dangvu_t_{}", uuid::Uuid::new_v4().simple());
        let a = sea_orm::Database::connect(&admin).await.unwrap();
        a.execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        out.push(Env {
            db: Db::connect(&format!("{base}/{name}")).await.unwrap(),
            label: "postgres",
            _dir: None,
        });
    }
    out
}

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

/// (user, role, granted org, the organizations that user may read — by hand)
const USERS: [(&str, Role, &str, &[&str]); 4] = [
    (
        "quantri",
        Role::Admin,
        "TU",
        &["TU", "DUK", "DB-A", "CB-A1", "CB-A2", "CB-B"],
    ),
    ("canbo", Role::Staff, "DB-A", &["DB-A", "CB-A1", "CB-A2"]),
    ("bithu", Role::Secretary, "CB-A1", &["CB-A1"]),
    ("nguoixem", Role::Viewer, "CB-B", &["CB-B"]),
];

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

/// Builds the tree, one member per branch (named after it), and a session per user.
async fn setup(
    db: &Db,
) -> (
    Vec<(String, &'static [&'static str])>,
    Vec<(&'static str, i32)>,
) {
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
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut people = Vec::new();
    for (i, (code, who)) in [
        ("CB-A1", "Trần Văn Một"),
        ("CB-A2", "Lê Văn Hai"),
        ("CB-B", "Phạm Văn Ba"),
    ]
    .iter()
    .enumerate()
    {
        let id = db
            .add_person(&a, code, &member(who, &format!("7000000{i}")), today)
            .await
            .unwrap();
        people.push((*code, id));
    }
    let now = chrono::Utc::now().naive_utc();
    let mut sessions = Vec::new();
    for (user, role, org, readable) in USERS {
        let u = db
            .create_user(&a, user, "mat-khau-thu-nghiem", org, role)
            .await
            .unwrap();
        let token = db
            .create_session(u.id, now, chrono::Duration::hours(1))
            .await
            .unwrap();
        sessions.push((token, readable));
    }
    (sessions, people)
}

async fn get(app: &axum::Router, uri: &str, session: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get(uri);
    if let Some(s) = session {
        req = req.header("cookie", format!("dangvu_session={s}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Every route that names an organization, with `{code}` to fill in.
const ORG_ROUTES: [&str; 4] = [
    "/to-chuc/{code}",
    "/api/v1/orgs/{code}",
    "/api/v1/orgs/{code}/members",
    "/api/v1/orgs/{code}/stats",
];

#[tokio::test]
async fn no_route_leaks_outside_a_users_subtree() {
    for env in envs().await {
        let (sessions, people) = setup(&env.db).await;
        let app = web::router(web::AppState::new(env.db.clone()));
        let mut checked = 0;
        for (token, readable) in &sessions {
            for (code, name, _, _) in ORGS {
                for route in ORG_ROUTES {
                    let uri = route.replace("{code}", code);
                    let (status, body) = get(&app, &uri, Some(token)).await;
                    if readable.contains(&code) {
                        assert_eq!(
                            status,
                            StatusCode::OK,
                            "{}: {uri} for {readable:?}",
                            env.label
                        );
                    } else {
                        assert_eq!(
                            status,
                            StatusCode::NOT_FOUND,
                            "{}: {uri} for {readable:?}",
                            env.label
                        );
                        assert!(!body.contains(name), "{}: {uri} leaks the name", env.label);
                    }
                    checked += 1;
                }
            }
            for (branch, id) in &people {
                let (status, body) = get(&app, &format!("/dang-vien/{id}"), Some(token)).await;
                let may = readable.contains(branch);
                assert_eq!(
                    status == StatusCode::OK,
                    may,
                    "{}: member of {branch} for {readable:?}",
                    env.label
                );
                if !may {
                    assert!(
                        !body.contains("Văn"),
                        "{}: a refused profile shows a name",
                        env.label
                    );
                }
                checked += 1;
            }
            // The organization list holds exactly the readable ones.
            let (_, body) = get(&app, "/api/v1/orgs", Some(token)).await;
            let listed: Vec<String> = serde_json::from_str::<serde_json::Value>(&body)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["code"].as_str().unwrap().to_string())
                .collect();
            let mut want: Vec<String> = readable.iter().map(|s| s.to_string()).collect();
            let mut got = listed.clone();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{}", env.label);
            // Member lists of a readable subtree never include members outside it.
            for code in readable.iter() {
                let (_, body) =
                    get(&app, &format!("/api/v1/orgs/{code}/members"), Some(token)).await;
                for (branch, _) in &people {
                    if !readable.contains(branch) {
                        assert!(
                            !body.contains(&format!("\"org\":\"{branch}\"")),
                            "{}: {code} lists a member of {branch}",
                            env.label
                        );
                    }
                }
            }
        }
        assert_eq!(checked, 4 * (6 * 4 + 3), "{}", env.label);
        // Asking about a date before an organization existed tells an outsider nothing either.
        let viewer = &sessions[3].0;
        for uri in [
            "/api/v1/orgs/CB-A1?as_of=1990-01-01",
            "/to-chuc/CB-A1?ngay=1990-01-01",
        ] {
            let (status, body) = get(&app, uri, Some(viewer)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{}: {uri}", env.label);
            assert!(
                !body.contains("không tồn tại vào ngày"),
                "{}: {uri}: {body}",
                env.label
            );
        }
        let (status, _) = get(&app, "/api/v1/orgs/CB-B?as_of=1990-01-01", Some(viewer)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: its own branch, before it existed",
            env.label
        );
        // Refusals are in the audit log.
        let denied = env
            .db
            .audit_entries(Some("organization"), 500)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "denied")
            .count();
        assert!(denied > 0, "{}", env.label);
    }
}

#[tokio::test]
async fn without_sign_in_pages_redirect_and_the_api_says_401() {
    for env in envs().await {
        setup(&env.db).await;
        let app = web::router(web::AppState::new(env.db.clone()));
        let (status, _) = get(&app, "/to-chuc/TU", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", env.label);
        let (status, body) = get(&app, "/api/v1/orgs", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", env.label);
        assert!(body.contains("đăng nhập"), "{}: {body}", env.label);
        let (status, body) = get(&app, "/healthz", None).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "ok"),
            "{}",
            env.label
        );
        let (status, body) = get(&app, "/api/v1/openapi.json", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("/api/v1/orgs/{code}/stats"), "{body}");
        let (status, _) = get(&app, "/dang-nhap", None).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn sign_in_needs_the_csrf_token_and_the_right_password() {
    for env in envs().await {
        setup(&env.db).await;
        let app = web::router(web::AppState::new(env.db.clone()));
        let form = app
            .clone()
            .oneshot(Request::get("/dang-nhap").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let cookie = form
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let csrf = cookie.split_once('=').unwrap().1.to_string();
        assert_eq!(form.headers().get("x-frame-options").unwrap(), "DENY");
        assert!(
            form.headers()
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("default-src 'self'")
        );
        let post = |body: String, cookie: Option<String>| {
            let mut r = Request::post("/dang-nhap")
                .header("content-type", "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                r = r.header("cookie", c);
            }
            app.clone().oneshot(r.body(Body::from(body)).unwrap())
        };
        let no_csrf = post(
            format!("username=bithu&password=mat-khau-thu-nghiem&csrf={csrf}"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN, "{}", env.label);
        let wrong = post(
            format!("username=bithu&password=sai-mat-khau-roi&csrf={csrf}"),
            Some(cookie.clone()),
        )
        .await
        .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{}", env.label);
        let body = axum::body::to_bytes(wrong.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(
            String::from_utf8_lossy(&body).contains("Tên đăng nhập hoặc mật khẩu không đúng"),
            "{}",
            env.label
        );
        let right = post(
            format!("username=bithu&password=mat-khau-thu-nghiem&csrf={csrf}"),
            Some(cookie.clone()),
        )
        .await
        .unwrap();
        assert_eq!(right.status(), StatusCode::SEE_OTHER, "{}", env.label);
        let session = right.headers().get("set-cookie").unwrap().to_str().unwrap();
        assert!(
            session.starts_with("dangvu_session=")
                && session.contains("HttpOnly")
                && session.contains("SameSite=Lax"),
            "{session}"
        );
    }
}

/// What one user can see of the world outside their subtree: organizations (code, name, path,
/// dissolution) and members (id, name, organization) beyond the codes they may read.
async fn outside(db: &Db, readable: &[&str]) -> Vec<String> {
    let today = chrono::Utc::now().date_naive();
    let tree = db.tree("TU", None).await.unwrap();
    // Inside: a readable organization or one created beneath it during the sweep.
    let roots: Vec<String> = tree
        .iter()
        .filter(|o| readable.contains(&o.code.as_str()))
        .map(|o| o.path.clone())
        .collect();
    let inside = |path: &str| roots.iter().any(|r| path.starts_with(r.as_str()));
    let mut inside_codes = Vec::new();
    let mut out = Vec::new();
    for o in &tree {
        if inside(&o.path) {
            inside_codes.push(o.code.clone());
        } else {
            out.push(format!(
                "{} {} {} {:?}",
                o.code, o.name, o.path, o.dissolved_on
            ));
        }
    }
    for m in db
        .register(&db::RegisterQuery {
            org: "TU".into(),
            on: today,
            search: None,
            include_non_members: true,
        })
        .await
        .unwrap()
    {
        if !inside_codes.contains(&m.org_code) {
            out.push(format!("{} {} {}", m.id, m.record.full_name, m.org_code));
        }
    }
    out.sort();
    out
}

/// Sends one request as a user: a session with its CSRF cookie for pages, a bearer token for
/// the API; a POST carries a body that every form and API write would accept as plausible.
async fn send(
    app: &axum::Router,
    method: &str,
    uri: &str,
    session: &str,
    token: &str,
    body_for: &str,
) -> (StatusCode, String) {
    let api = uri.starts_with("/api/");
    let mut req = Request::builder().method(method).uri(uri);
    req = if api {
        req.header("authorization", format!("Bearer {token}"))
    } else {
        req.header(
            "cookie",
            format!("dangvu_session={session}; dangvu_csrf=csrf-thu-nghiem"),
        )
    };
    let body = if method == "POST" {
        if api {
            req = req.header("content-type", "application/json");
            Body::from(
                serde_json::json!({
                    "code": "MOI-X", "name": "Chi bộ Mới", "kind": "branch", "parent": body_for,
                    "since": "2020-01-01", "full_name": "Đỗ Thị Mới", "birth_date": "1990-01-01",
                    "sex": "Nữ", "admitted_on": "2015-01-01", "official_on": "2016-01-01",
                    "to": body_for, "on": "2024-01-01"
                })
                .to_string(),
            )
        } else {
            req = req.header("content-type", "application/x-www-form-urlencoded");
            Body::from(format!(
                "csrf=csrf-thu-nghiem&code=MOI-X&name=Chi+b%E1%BB%99+M%E1%BB%9Bi&kind=branch\
                 &parent={body_for}&since=01%2F01%2F2020&full_name=%C4%90%E1%BB%97+Th%E1%BB%8B+M%E1%BB%9Bi\
                 &birth_date=01%2F01%2F1990&sex=N%E1%BB%AF&admitted_on=01%2F01%2F2015\
                 &official_on=01%2F01%2F2016&to={body_for}&on=01%2F01%2F2024"
            ))
        }
    } else {
        Body::empty()
    };
    let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Every route the router has (read off the router, not a hand-kept list) × GET and POST ×
/// every role × every organization and member: nobody reads a name outside their subtree, a
/// route about another subtree answers 403 or 404, and nothing outside it changes.
#[tokio::test]
async fn every_route_of_the_router_keeps_to_the_users_subtree() {
    for env in envs().await {
        let (sessions, people) = setup(&env.db).await;
        let state = web::AppState::new(env.db.clone());
        let paths = web::route_paths(state.clone());
        assert!(
            paths.iter().any(|p| p == "/to-chuc/{code}")
                && paths.iter().any(|p| p == "/api/v1/members/{id}/transfer"),
            "{paths:?}"
        );
        let app = web::router(state);
        let a = Actor("test".into());
        let users = env.db.list_users(None).await.unwrap();
        let mut tokens = Vec::new();
        for (user, ..) in USERS {
            let id = users
                .iter()
                .find(|l| l.user.username == user)
                .unwrap()
                .user
                .id;
            tokens.push(env.db.create_api_token(&a, id, "kiểm thử").await.unwrap());
        }
        let names: Vec<(&str, String)> = ORGS
            .iter()
            .map(|(c, n, ..)| (*c, n.to_string()))
            .chain(
                ["Trần Văn Một", "Lê Văn Hai", "Phạm Văn Ba"]
                    .iter()
                    .zip(&people)
                    .map(|(n, (c, _))| (*c, n.to_string())),
            )
            .collect();
        let mut requests = 0;
        // The least privileged first: each sweep starts from the world as set up.
        for u in (0..USERS.len()).rev() {
            let (session, readable) = (&sessions[u].0, sessions[u].1);
            let own = USERS[u].2;
            let before = outside(&env.db, readable).await;
            // Signing out would end the session the sweep runs on; it names no organization.
            for path in paths.iter().filter(|p| *p != "/dang-xuat") {
                let mut targets: Vec<(String, Option<&str>)> = Vec::new();
                if path.contains("{code}") {
                    for (code, ..) in ORGS {
                        targets.push((path.replace("{code}", code), Some(code)));
                    }
                } else if path.contains("{id}") {
                    // A member's id on member routes; any other id (a token's) gets the same
                    // numbers, with no organization to expect a refusal about.
                    let member =
                        path.starts_with("/dang-vien/") || path.starts_with("/api/v1/members/");
                    for (branch, id) in &people {
                        let about = if member { Some(*branch) } else { None };
                        targets.push((path.replace("{id}", &id.to_string()), about));
                    }
                } else {
                    targets.push((path.to_string(), None));
                }
                for (uri, about) in targets {
                    let uri = uri
                        .split('/')
                        .map(|seg| if seg.starts_with('{') { "x" } else { seg })
                        .collect::<Vec<_>>()
                        .join("/");
                    for method in ["GET", "POST"] {
                        let (status, body) =
                            send(&app, method, &uri, session, &tokens[u], own).await;
                        requests += 1;
                        for (code, name) in &names {
                            if !readable.contains(code) {
                                assert!(
                                    !body.contains(name.as_str()),
                                    "{}: {method} {uri} shows '{name}' to {}",
                                    env.label,
                                    USERS[u].0
                                );
                            }
                        }
                        if let Some(code) = about
                            && !readable.contains(&code)
                        {
                            assert!(
                                matches!(
                                    status,
                                    StatusCode::NOT_FOUND
                                        | StatusCode::FORBIDDEN
                                        | StatusCode::METHOD_NOT_ALLOWED
                                        // A body of the wrong shape (the sweep posts a form
                                        // to the file upload) is refused before anything
                                        // is looked up: nothing about the organization.
                                        | StatusCode::BAD_REQUEST
                                        | StatusCode::UNSUPPORTED_MEDIA_TYPE
                                ),
                                "{}: {method} {uri} about {code} answers {status} to {}",
                                env.label,
                                USERS[u].0
                            );
                        }
                        assert_ne!(
                            status,
                            StatusCode::INTERNAL_SERVER_ERROR,
                            "{}: {method} {uri}: {body}",
                            env.label
                        );
                    }
                }
            }
            assert_eq!(
                outside(&env.db, readable).await,
                before,
                "{}: {}'s requests changed something outside their subtree",
                env.label,
                USERS[u].0
            );
        }
        assert!(requests > 4 * 2 * 20, "{}: {requests}", env.label);
    }
}
