//! Access by subtree, checked from outside: every readable route × every role × every
//! organization of a small tree, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL. The expected
//! answers are written out by hand from the tree, not computed by the rule under test.

use crate::common;

use crate::common::{CSRF, Env, ORGS, USERS, envs, member, request, sorted_codes, today};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::{Actor, Db};

/// The organizations each user of `common::USERS` may read — by hand, in the same order.
const READABLE: [(&str, &[&str]); 4] = [
    ("quantri", &["TU", "DUK", "DB-A", "CB-A1", "CB-A2", "CB-B"]),
    ("canbo", &["DB-A", "CB-A1", "CB-A2"]),
    ("bithu", &["CB-A1"]),
    ("nguoixem", &["CB-B"]),
];

/// The common test application with one member per branch, named after it: the common member
/// of CB-A1, and one more in CB-A2 and in CB-B. Returns the (branch, person id) of the three.
async fn setup(env: &Env) -> Vec<(&'static str, i32)> {
    for (i, (user, _)) in READABLE.iter().enumerate() {
        assert_eq!(*user, USERS[i].0, "READABLE follows common::USERS");
    }
    let a = Actor("test".into());
    let mut people = vec![("CB-A1", env.person)];
    for (code, who, card) in [
        ("CB-A2", "Lê Văn Hai", "70000002"),
        ("CB-B", "Phạm Văn Ba", "70000003"),
    ] {
        let id = env
            .db
            .add_person(&a, code, &member(who, card), today())
            .await
            .unwrap();
        people.push((code, id));
    }
    people
}

/// The names of the three people of `setup`, in its order.
const PEOPLE: [&str; 3] = ["Trần Văn Một", "Lê Văn Hai", "Phạm Văn Ba"];

/// A GET as `user` (with the session cookie), or signed out when `user` is None.
async fn get(env: &Env, uri: &str, user: Option<&str>) -> (StatusCode, String) {
    let r = match user {
        Some(u) => env.call(u, "GET", uri, None).await,
        None => request(&env.app, Request::get(uri).body(Body::empty()).unwrap()).await,
    };
    (r.status, r.body)
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
        let people = setup(&env).await;
        let mut checked = 0;
        for (user, readable) in READABLE {
            for (code, name, _, _) in ORGS {
                for route in ORG_ROUTES {
                    let uri = route.replace("{code}", code);
                    let (status, body) = get(&env, &uri, Some(user)).await;
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
                let (status, body) = get(&env, &format!("/dang-vien/{id}"), Some(user)).await;
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
            let (_, body) = get(&env, "/api/v1/orgs", Some(user)).await;
            let mut want: Vec<String> = readable.iter().map(|s| s.to_string()).collect();
            want.sort();
            let got = sorted_codes(&body);
            assert_eq!(got, want, "{}", env.label);
            // Member lists of a readable subtree never include members outside it.
            for code in readable.iter() {
                let (_, body) =
                    get(&env, &format!("/api/v1/orgs/{code}/members"), Some(user)).await;
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
        let viewer = Some("nguoixem");
        for uri in [
            "/api/v1/orgs/CB-A1?as_of=1990-01-01",
            "/to-chuc/CB-A1?ngay=1990-01-01",
        ] {
            let (status, body) = get(&env, uri, viewer).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{}: {uri}", env.label);
            assert!(
                !body.contains("không tồn tại vào ngày"),
                "{}: {uri}: {body}",
                env.label
            );
        }
        let (status, _) = get(&env, "/api/v1/orgs/CB-B?as_of=1990-01-01", viewer).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: its own branch, before it existed",
            env.label
        );
        // Refusals are in the audit log.
        let denied = env
            .audit("organization")
            .await
            .into_iter()
            .filter(|e| e.action == "denied")
            .count();
        assert!(denied > 0, "{}", env.label);
    }
}

#[tokio::test]
async fn without_sign_in_pages_redirect_and_the_api_says_401() {
    for env in envs().await {
        setup(&env).await;
        let (status, _) = get(&env, "/to-chuc/TU", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", env.label);
        let (status, body) = get(&env, "/api/v1/orgs", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", env.label);
        assert!(body.contains("đăng nhập"), "{}: {body}", env.label);
        let (status, body) = get(&env, "/healthz", None).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "ok"),
            "{}",
            env.label
        );
        let (status, body) = get(&env, "/api/v1/openapi.json", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("/api/v1/orgs/{code}/stats"), "{body}");
        let (status, _) = get(&env, "/dang-nhap", None).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn sign_in_needs_the_csrf_token_and_the_right_password() {
    for env in envs().await {
        setup(&env).await;
        let form = request(
            &env.app,
            Request::get("/dang-nhap").body(Body::empty()).unwrap(),
        )
        .await;
        let cookie = form
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("dangvu_pre="), "{cookie}");
        let csrf = common::form_token(&form.body).unwrap();
        assert!(
            !cookie.contains(&csrf),
            "the token is not the cookie's value"
        );
        assert_eq!(form.headers.get("x-frame-options").unwrap(), "DENY");
        assert!(
            form.headers
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("default-src 'self'")
        );
        let post = |body: String, cookie: Option<String>| {
            let mut r = Request::post("/dang-nhap")
                .header("host", common::HOST)
                .header("origin", common::ORIGIN)
                .header("content-type", "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                r = r.header("cookie", c);
            }
            request(&env.app, r.body(Body::from(body)).unwrap())
        };
        let no_csrf = post(
            format!("username=bithu&password=mat-khau-thu-nghiem&csrf={csrf}"),
            None,
        )
        .await;
        assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "{}", env.label);
        let wrong = post(
            format!("username=bithu&password=sai-mat-khau-roi&csrf={csrf}"),
            Some(cookie.clone()),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", env.label);
        assert!(
            wrong
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng"),
            "{}",
            env.label
        );
        let right = post(
            format!("username=bithu&password=mat-khau-thu-nghiem&csrf={csrf}"),
            Some(cookie.clone()),
        )
        .await;
        assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", env.label);
        let session = right.headers.get("set-cookie").unwrap().to_str().unwrap();
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
            // The app's fixed today.
            on: today(),
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

/// Sends one request as a user: the session with its CSRF cookie for pages, a bearer token for
/// the API; a POST carries a body that every form and API write would accept as plausible.
async fn send(
    env: &Env,
    method: &str,
    uri: &str,
    user: &str,
    token: &str,
    body_for: &str,
) -> (StatusCode, String) {
    let api = uri.starts_with("/api/");
    let post = method == "POST";
    let r = if api {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", format!("Bearer {token}"));
        let body = if post {
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
            Body::empty()
        };
        request(&env.app, req.body(body).unwrap()).await
    } else if post {
        let body = format!(
            "csrf={CSRF}&code=MOI-X&name=Chi+b%E1%BB%99+M%E1%BB%9Bi&kind=branch\
             &parent={body_for}&since=01%2F01%2F2020&full_name=%C4%90%E1%BB%97+Th%E1%BB%8B+M%E1%BB%9Bi\
             &birth_date=01%2F01%2F1990&sex=N%E1%BB%AF&admitted_on=01%2F01%2F2015\
             &official_on=01%2F01%2F2016&to={body_for}&on=01%2F01%2F2024&ly_do=Ghi+nh%E1%BA%A7m&id=1"
        );
        env.call(user, method, uri, Some(body)).await
    } else {
        env.call(user, method, uri, None).await
    };
    (r.status, r.body)
}

/// Every route the router has (read off the router, not a hand-kept list) × GET and POST ×
/// every role × every organization and member: nobody reads a name outside their subtree, a
/// route about another subtree answers 403 or 404, and nothing outside it changes.
#[tokio::test]
async fn every_route_of_the_router_keeps_to_the_users_subtree() {
    for env in envs().await {
        let people = setup(&env).await;
        // The routes of the very state `env.app` was built with.
        let paths = web::route_paths(web::AppState {
            today: Some(today()),
            ..web::AppState::new(env.db.clone())
        });
        assert!(
            paths.iter().any(|p| p == "/to-chuc/{code}")
                && paths.iter().any(|p| p == "/api/v1/members/{id}/transfer"),
            "{paths:?}"
        );
        let a = Actor("test".into());
        let mut tokens = Vec::new();
        for (user, ..) in USERS {
            let id = env.db.user_id_by_name(user).await.unwrap();
            tokens.push(env.db.create_api_token(&a, id, "kiểm thử").await.unwrap());
        }
        let names: Vec<(&str, String)> = ORGS
            .iter()
            .map(|(c, n, ..)| (*c, n.to_string()))
            .chain(
                PEOPLE
                    .iter()
                    .zip(&people)
                    .map(|(n, (c, _))| (*c, n.to_string())),
            )
            .collect();
        let mut requests = 0;
        // The least privileged first: each sweep starts from the world as set up.
        for u in (0..USERS.len()).rev() {
            let (user, readable) = READABLE[u];
            let own = USERS[u].2;
            let before = outside(&env.db, readable).await;
            // Signing out would end the session the sweep runs on; it names no organization.
            for path in paths.iter().filter(|p| *p != "/dang-xuat") {
                for (uri, about) in route_targets(path, &people) {
                    for method in ["GET", "POST"] {
                        let (status, body) = send(&env, method, &uri, user, &tokens[u], own).await;
                        requests += 1;
                        for (code, name) in &names {
                            if !readable.contains(code) {
                                assert!(
                                    !body.contains(name.as_str()),
                                    "{}: {method} {uri} shows '{name}' to {user}",
                                    env.label,
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
                                "{}: {method} {uri} about {code} answers {status} to {user}",
                                env.label,
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
                "{}: {user}'s requests changed something outside their subtree",
                env.label,
            );
        }
        assert!(requests > 4 * 2 * 20, "{}: {requests}", env.label);
    }
}

/// The addresses a route pattern stands for, each with the organization it is about: every
/// organization for `{code}`; every member's id for `{id}` (about the member's branch on member
/// routes; any other id, a token's, gets the same numbers with no organization to expect a
/// refusal about); any other `{…}` becomes `x`.
fn route_targets(
    path: &str,
    people: &[(&'static str, i32)],
) -> Vec<(String, Option<&'static str>)> {
    let mut targets: Vec<(String, Option<&'static str>)> = Vec::new();
    if path.contains("{code}") {
        for (code, ..) in ORGS {
            targets.push((path.replace("{code}", code), Some(code)));
        }
    } else if path.contains("{id}") {
        let member = path.starts_with("/dang-vien/") || path.starts_with("/api/v1/members/");
        for (branch, id) in people {
            let about = if member { Some(*branch) } else { None };
            targets.push((path.replace("{id}", &id.to_string()), about));
        }
    } else {
        targets.push((path.to_string(), None));
    }
    targets
        .into_iter()
        .map(|(uri, about)| {
            let uri = uri
                .split('/')
                .map(|seg| if seg.starts_with('{') { "x" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            (uri, about)
        })
        .collect()
}

/// The objects of one branch that routes name by id: a meeting, a congress with an open
/// election round, and (for the sweep of tokens) the administrator's API token.
struct Objects {
    branch: &'static str,
    person: i32,
    meeting: i32,
    congress: i32,
    election: i32,
    round: i32,
}

/// One meeting and one congress with an open round in each branch (issue 18 §6.1).
async fn objects(env: &Env, people: &[(&'static str, i32)]) -> Vec<Objects> {
    use db::branch::NewMeeting;
    use domain::branch::meeting::{Attendance, MeetingKind};
    let a = Actor("test".into());
    let mut out = Vec::new();
    for (branch, person) in people {
        let meeting = env
            .db
            .record_meeting(
                &a,
                &NewMeeting {
                    org: branch.to_string(),
                    kind: MeetingKind::Regular,
                    held_on: common::d(2026, 3, 10),
                    minutes: 120,
                    thematic_part: false,
                    topic: format!("Sinh hoạt {branch}"),
                    minutes_text: None,
                    attendance: vec![(*person, Attendance::Present)],
                },
                today(),
            )
            .await
            .unwrap()
            .id;
        let c = env
            .db
            .create_congress(
                &a,
                &db::NewCongress {
                    org: branch.to_string(),
                    term: domain::congress::Term {
                        from: 2025,
                        to: 2030,
                    },
                    kind: domain::election::CongressKind::Members,
                    starts_on: today(),
                    ends_on: today(),
                    place: None,
                    guests: vec![],
                    pilot: false,
                },
            )
            .await
            .unwrap();
        env.db
            .set_counting_board(&a, c.id, &[PEOPLE[out.len()].to_string()])
            .await
            .unwrap();
        let (round, _) = env
            .db
            .open_election(
                &a,
                c.id,
                domain::congress::ElectionKind::Secretary,
                1,
                &[db::NewCandidate::listed("Hoàng Văn Ứng")],
                1,
            )
            .await
            .unwrap();
        out.push(Objects {
            branch,
            person: *person,
            meeting,
            congress: c.id,
            election: round.election_id,
            round: round.id,
        });
    }
    out
}

/// A route template with the branch's objects in place of its parameters.
fn fill(path: &str, o: &Objects) -> String {
    let id = if path.starts_with("/hop/") {
        o.meeting
    } else if path.starts_with("/dai-hoi/") {
        o.congress
    } else {
        o.person
    };
    path.replace("{code}", o.branch)
        .replace("{id}", &id.to_string())
        .replace("{election}", &o.election.to_string())
        .replace("{round}", &o.round.to_string())
        .replace("{counter}", "1")
        .replace("{job}", "1")
}

/// What the sweep must leave as it was: each object's state, as the database reads it.
async fn states(env: &Env, objects: &[Objects]) -> Vec<String> {
    let mut out = Vec::new();
    for o in objects {
        let m = env.db.meeting(o.meeting).await.unwrap();
        let c = env.db.congress(o.congress).await.unwrap();
        let e = env.db.elections(o.congress).await.unwrap();
        let r = env.db.round(o.round).await.unwrap();
        out.push(format!(
            "{} {:?} | {} {:?} {:?} {:?} {} | {:?} | {:?}",
            m.topic,
            m.lines
                .iter()
                .map(|l| l.attendance.code())
                .collect::<Vec<_>>(),
            c.title,
            c.starts_on,
            c.documents.len(),
            c.summoned.official.len(),
            c.guests.len(),
            e.iter().map(|e| (&e.status, e.seats)).collect::<Vec<_>>(),
            serde_json::to_string(&r).unwrap(),
        ));
    }
    out
}

/// Every route that names an object by id (a meeting, a congress, its election, round and
/// counter, a member), filled with the real ids of each branch's objects: a user outside that
/// branch is refused (403/404, or a malformed body before any lookup) and the objects of the
/// branches they may not write are left as they were.
#[tokio::test]
async fn routes_with_the_real_ids_of_another_subtree_refuse_and_change_nothing() {
    for env in envs().await {
        let people = setup(&env).await;
        let objects = objects(&env, &people).await;
        let paths = web::route_paths(web::AppState {
            today: Some(today()),
            ..web::AppState::new(env.db.clone())
        });
        let with_ids: Vec<&String> = paths
            .iter()
            .filter(|p| p.contains("/hop/") || p.contains("/dai-hoi/") || p.contains("{id}"))
            .filter(|p| !p.starts_with("/tai-khoan/"))
            .collect();
        assert!(with_ids.len() >= 15, "{with_ids:?}");
        let a = Actor("test".into());
        let mut requests = 0;
        for u in (0..USERS.len()).rev() {
            let (user, readable) = READABLE[u];
            let id = env.db.user_id_by_name(user).await.unwrap();
            let token = env.db.create_api_token(&a, id, "kiểm thử").await.unwrap();
            let foreign: Vec<&Objects> = objects
                .iter()
                .filter(|o| !readable.contains(&o.branch))
                .collect();
            let before = states(&env, &objects).await;
            for path in &with_ids {
                for o in &foreign {
                    let uri = fill(path, o);
                    for method in ["GET", "POST"] {
                        let (status, body) =
                            send(&env, method, &uri, user, &token, USERS[u].2).await;
                        requests += 1;
                        assert!(
                            matches!(
                                status,
                                StatusCode::NOT_FOUND
                                    | StatusCode::FORBIDDEN
                                    | StatusCode::METHOD_NOT_ALLOWED
                                    | StatusCode::BAD_REQUEST
                                    | StatusCode::UNSUPPORTED_MEDIA_TYPE
                            ),
                            "{}: {method} {uri} ({}) answers {status} to {user}: {body}",
                            env.label,
                            o.branch
                        );
                        let name = PEOPLE[people.iter().position(|p| p.1 == o.person).unwrap()];
                        assert!(!body.contains(name), "{}: {uri} shows {name}", env.label);
                    }
                }
            }
            let after = states(&env, &objects).await;
            for (i, o) in objects.iter().enumerate() {
                if !readable.contains(&o.branch) {
                    assert_eq!(
                        after[i], before[i],
                        "{}: {user} changed {}",
                        env.label, o.branch
                    );
                }
            }
        }
        assert!(requests > 100, "{}: {requests}", env.label);
    }
}

/// A token is revoked only by its owner: another user naming its id gets 404 and it stays.
#[tokio::test]
async fn a_token_is_revoked_only_by_its_owner() {
    for env in envs().await {
        let a = Actor("test".into());
        let owner = env.db.user_id_by_name("quantri").await.unwrap();
        env.db
            .create_api_token(&a, owner, "của quản trị")
            .await
            .unwrap();
        let id = env.db.api_tokens(owner).await.unwrap()[0].id;
        for user in ["canbo", "bithu", "nguoixem"] {
            let r = env
                .call(
                    user,
                    "POST",
                    &format!("/tai-khoan/token/{id}/thu-hoi"),
                    Some(format!("csrf={CSRF}")),
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {user}", env.label);
        }
        let left = env.db.api_tokens(owner).await.unwrap();
        assert_eq!(left.len(), 1, "{}: still there", env.label);
    }
}

/// The routes that answer without a session, named here on purpose: the portal's public
/// pages (CONTRACTS.md, "The public portal"), sign-in, the health check, the API's
/// description and the static files. Every other route of the router, asked without a
/// session, redirects to sign-in (pages), answers 401 (API) or refuses the method.
const PUBLIC: [&str; 14] = [
    "/tin-tuc",
    "/tin-tuc/rss.xml",
    "/tin-tuc/luu-tru/{year}/{month}",
    "/tin-tuc/don-vi/{code}",
    "/tin-tuc/{slug}",
    "/static/portal.css",
    "/static/style.css",
    "/static/htmx.min.js",
    "/favicon.ico",
    "/healthz",
    "/dang-nhap",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/dang-xuat",
];

#[tokio::test]
async fn only_the_named_public_routes_answer_without_sign_in() {
    for env in envs().await {
        setup(&env).await;
        let paths = web::route_paths(web::AppState {
            today: Some(today()),
            ..web::AppState::new(env.db.clone())
        });
        for p in PUBLIC.iter().filter(|p| p.starts_with("/tin-tuc")) {
            assert!(paths.iter().any(|x| x == p), "{}: {p} is routed", env.label);
        }
        // axum's own fallback (what no route matches: 404) is no route of ours.
        for path in paths
            .iter()
            .filter(|p| !PUBLIC.contains(&p.as_str()) && !p.contains("__private__"))
        {
            let uri = path
                .replace("{code}", "CB-A1")
                .split('/')
                .map(|seg| if seg.starts_with('{') { "1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let (status, body) = get(&env, &uri, None).await;
            assert!(
                matches!(
                    status,
                    StatusCode::SEE_OTHER
                        | StatusCode::UNAUTHORIZED
                        | StatusCode::METHOD_NOT_ALLOWED
                ),
                "{}: GET {uri} without sign-in answers {status}",
                env.label
            );
            assert!(
                !body.contains("Chi bộ A1"),
                "{}: GET {uri} names CB-A1",
                env.label
            );
        }
        // The portal's own pages answer without sign-in.
        for uri in ["/tin-tuc", "/tin-tuc/rss.xml", "/static/portal.css"] {
            assert_eq!(
                get(&env, uri, None).await.0,
                StatusCode::OK,
                "{}: {uri}",
                env.label
            );
        }
    }
}

/// The `member` account (issue 20) against every route of the router × GET and POST, with
/// every organization and every member's id: it reads nothing of another member or another
/// branch, every route about an organization or a member answers with a refusal (its token's
/// lists of the API are empty), and nothing of the register or the tree changes. Its own page
/// may name its own branch and the committees above it.
#[tokio::test]
async fn a_member_account_reaches_nothing_but_its_own() {
    for mut env in envs().await {
        let l = env.label;
        let people = setup(&env).await;
        let a = Actor("test".into());
        // The member of CB-A1 (card 70000001).
        let u = env
            .db
            .create_member_account(&a, "mot", common::PASSWORD, "70000001", false)
            .await
            .unwrap();
        let now = chrono::Utc::now().naive_utc();
        let session = env
            .db
            .create_session(u.id, now, chrono::Duration::hours(1))
            .await
            .unwrap();
        env.add_session("mot", session).await;
        let token = env.db.create_api_token(&a, u.id, "kiểm thử").await.unwrap();
        let paths = web::route_paths(web::AppState {
            today: Some(today()),
            ..web::AppState::new(env.db.clone())
        });
        // Another branch's and another member's names.
        let foreign: Vec<&str> = ORGS
            .iter()
            .filter(|(c, ..)| ["CB-A2", "CB-B"].contains(c))
            .map(|(_, n, ..)| *n)
            .chain(PEOPLE[1..].iter().copied())
            .collect();
        let own = env.call("mot", "GET", "/ca-nhan", None).await;
        assert!(own.body.contains(PEOPLE[0]), "{l}: {}", own.body);
        let before = outside(&env.db, &[]).await;
        let mut requests = 0;
        for path in paths.iter().filter(|p| *p != "/dang-xuat") {
            for (uri, about) in route_targets(path, &people) {
                let about = about.is_some();
                for method in ["GET", "POST"] {
                    let (status, body) = send(&env, method, &uri, "mot", &token, "CB-A1").await;
                    requests += 1;
                    for name in &foreign {
                        assert!(
                            !body.contains(name),
                            "{l}: {method} {uri} shows '{name}' to a member"
                        );
                    }
                    assert_ne!(
                        status,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "{l}: {method} {uri}: {body}"
                    );
                    // A route about an organization or a member is refused; the others
                    // (lists filtered by the user's grants: empty for a member) may answer,
                    // with no name of another branch or member, checked above.
                    if about {
                        assert!(
                            matches!(
                                status,
                                StatusCode::NOT_FOUND
                                    | StatusCode::FORBIDDEN
                                    | StatusCode::METHOD_NOT_ALLOWED
                                    | StatusCode::BAD_REQUEST
                                    | StatusCode::UNSUPPORTED_MEDIA_TYPE
                            ),
                            "{l}: {method} {uri} answers {status} to a member"
                        );
                    }
                }
            }
        }
        assert_eq!(
            outside(&env.db, &[]).await,
            before,
            "{l}: a member's requests changed the register or the tree"
        );
        assert!(requests > 200, "{l}: {requests}");
    }
}
