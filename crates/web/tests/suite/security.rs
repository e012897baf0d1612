//! The edges of the web application as another site or a careless client meets them: every
//! route that changes something refuses a forged request (no form token, a wrong one, one not
//! bound to the session, another site's Origin) with the CSRF refusal and changes nothing; a
//! token shown before sign-in is dead after it; the framework's refusals are Vietnamese; no
//! page is stored by a cache; behind HTTPS cookies are Secure and HSTS is sent.

use crate::common;

use crate::common::{CSRF, Env, HOST, ORIGIN, Reply, envs, form, form_token, request};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::Actor;

/// The refusal of a request without the session's form token, and of one from another site.
const BAD_TOKEN: &str = "mã xác nhận của biểu mẫu không đúng";
const FOREIGN: &str = "không xuất phát từ chính trang này";
const CSRF_TITLE: &str = "Từ chối yêu cầu giả mạo (CSRF)";
const ELSEWHERE: &str = "https://ke-gia-mao.example";

/// A request to the app with the given headers (the host is always the site's).
async fn raw(
    env: &Env,
    method: &str,
    uri: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Reply {
    raw_to(&env.app, method, uri, headers, body).await
}

async fn raw_to(
    app: &axum::Router,
    method: &str,
    uri: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST);
    for (k, v) in headers {
        req = req.header(*k, v.as_str());
    }
    request(app, req.body(Body::from(body)).unwrap()).await
}

fn session_of(env: &Env, user: &str) -> (&'static str, String) {
    ("cookie", format!("dangvu_session={}", env.session(user)))
}

fn urlencoded() -> (&'static str, String) {
    ("content-type", "application/x-www-form-urlencoded".into())
}

/// The methods a path takes, from the router's own answer to a method it does not take (its
/// `Allow` header); every state-changing method when the path takes any method.
async fn methods_of(env: &Env, path: &str) -> Vec<String> {
    let r = raw(
        env,
        "OPTIONS",
        path,
        &[session_of(env, "quantri")],
        Vec::new(),
    )
    .await;
    if r.status != StatusCode::METHOD_NOT_ALLOWED {
        return ["POST", "PUT", "PATCH", "DELETE"]
            .map(String::from)
            .to_vec();
    }
    let allow = r.headers.get("allow").unwrap().to_str().unwrap();
    allow.split(',').map(|m| m.trim().to_string()).collect()
}

/// What a refused request must leave as it was: the audit log, the organizations, the
/// members, the administrator's API tokens.
async fn snapshot(env: &Env) -> (usize, usize, usize, usize) {
    let uid = env.db.user_id_by_name("quantri").await.unwrap();
    (
        env.db.audit_entries(None, 1_000_000).await.unwrap().len(),
        env.db.tree("TU", None).await.unwrap().len(),
        env.member_count("TU").await,
        env.db.api_tokens(uid).await.unwrap().len(),
    )
}

fn assert_refused(r: &Reply, why: &str, what: &str) {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {}", r.body);
    assert!(r.body.contains(why), "{what}: {}", r.body);
    assert!(r.body.contains("CSRF"), "{what}: {}", r.body);
    if r.content_type
        .as_deref()
        .unwrap_or_default()
        .starts_with("text/html")
    {
        assert!(r.body.contains(CSRF_TITLE), "{what}: {}", r.body);
    }
}

/// The forged requests of the sweep against one route, as the signed-in administrator.
async fn forge(env: &Env, method: &str, uri: &str) {
    let me = session_of(env, "quantri");
    let token = env.csrf("quantri").to_string();
    let origin = ("origin", ORIGIN.to_string());
    let what = format!("{} {method} {uri}", env.label);
    let plain = form(&[("name", "Giả mạo"), ("code", "GM-1")]).into_bytes();
    let r = raw(
        env,
        method,
        uri,
        &[me.clone(), origin.clone(), urlencoded()],
        plain,
    )
    .await;
    assert_refused(&r, BAD_TOKEN, &format!("{what} without the field"));
    let wrong = form(&[("csrf", "sai-ma"), ("name", "Giả mạo")]).into_bytes();
    let r = raw(
        env,
        method,
        uri,
        &[me.clone(), origin.clone(), urlencoded()],
        wrong,
    )
    .await;
    assert_refused(&r, BAD_TOKEN, &format!("{what} with a wrong field"));
    // The cookie-and-field pair another site could plant: not the session's token.
    let planted = (
        "cookie",
        format!("{}; dangvu_csrf={CSRF}; dangvu_pre={CSRF}", me.1),
    );
    let body = form(&[("csrf", CSRF), ("name", "Giả mạo")]).into_bytes();
    let r = raw(
        env,
        method,
        uri,
        &[planted, origin.clone(), urlencoded()],
        body,
    )
    .await;
    assert_refused(&r, BAD_TOKEN, &format!("{what} with a planted cookie"));
    // Another site's page, with the right token: refused by its Origin, or its Referer.
    let good = form(&[("csrf", &token), ("name", "Giả mạo")]).into_bytes();
    for from in [
        ("origin", ELSEWHERE.to_string()),
        ("origin", "null".to_string()),
        ("referer", format!("{ELSEWHERE}/trang")),
    ] {
        let r = raw(
            env,
            method,
            uri,
            &[me.clone(), from.clone(), urlencoded()],
            good.clone(),
        )
        .await;
        assert_refused(&r, FOREIGN, &format!("{what} from {from:?}"));
    }
    let r = raw(env, method, uri, &[me.clone(), urlencoded()], good.clone()).await;
    assert_refused(
        &r,
        FOREIGN,
        &format!("{what} with neither Origin nor Referer"),
    );
}

/// Every route of the router (read off the router), with every state-changing method it
/// takes (read off its `Allow` answer): each forged request is refused with the CSRF refusal
/// and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_route_refuses_forged_requests_and_changes_nothing() {
    for env in envs().await {
        let paths = web::route_paths(web::AppState::new(env.db.clone()));
        let before = snapshot(&env).await;
        let mut swept = Vec::new();
        // The router's own catch-all (its fallback) is no route.
        for path in paths.iter().filter(|p| !p.contains("__private__axum")) {
            let uri = concrete(path, &env);
            for method in methods_of(&env, &uri).await {
                if ["POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                    forge(&env, &method, &uri).await;
                    swept.push(format!("{method} {path}"));
                }
            }
        }
        for known in [
            "POST /dang-nhap",
            "POST /dang-xuat",
            "POST /to-chuc/moi",
            "POST /tai-khoan/token",
            "POST /to-chuc/{code}/nhap",
            "POST /api/v1/orgs",
        ] {
            assert!(
                swept.iter().any(|s| s == known),
                "{known} not swept: {swept:?}"
            );
        }
        assert!(
            swept.len() >= 30,
            "only {} write routes: {swept:?}",
            swept.len()
        );
        assert_eq!(
            snapshot(&env).await,
            before,
            "{}: something changed",
            env.label
        );
        // The administrator's session survived the forged sign-outs.
        let r = env.call("quantri", "GET", "/", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
    }
}

/// A path of the route table with its parameters filled in (an organization, the member).
fn concrete(path: &str, env: &Env) -> String {
    path.split('/')
        .map(|seg| match seg {
            "{code}" => "CB-A1".to_string(),
            s if s.starts_with('{') => env.person.to_string(),
            s => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A file upload is checked too: its token must come first, as the import form sends it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_without_the_sessions_token_is_refused() {
    for env in envs().await {
        let before = snapshot(&env).await;
        let file = b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\r\n".as_slice();
        for fields in [vec![], vec![("csrf", "sai-ma")]] {
            let (ct, body) = common::multipart(&fields, Some(("ds.csv", file)));
            let r = raw(
                &env,
                "POST",
                "/to-chuc/CB-A1/nhap",
                &[
                    session_of(&env, "quantri"),
                    ("origin", ORIGIN.into()),
                    ("content-type", ct),
                ],
                body,
            )
            .await;
            assert_refused(&r, BAD_TOKEN, env.label);
        }
        assert_eq!(snapshot(&env).await, before, "{}", env.label);
    }
}

/// Signs in through the form as `user`: the form's pre-session cookie and token, then the
/// session cookie and the renewed pre-session cookie the sign-in sets.
async fn sign_in(app: &axum::Router, user: &str, origin: &str) -> (String, String, Reply) {
    let page = raw_to(app, "GET", "/dang-nhap", &[], Vec::new()).await;
    let pre = first_cookie(&page, "dangvu_pre").expect("a pre-session cookie");
    let token = form_token(&page.body).unwrap();
    let body = form(&[
        ("username", user),
        ("password", common::PASSWORD),
        ("csrf", &token),
    ]);
    let headers = [
        ("cookie", pre),
        ("origin", origin.to_string()),
        urlencoded(),
    ];
    let r = raw_to(app, "POST", "/dang-nhap", &headers, body.into_bytes()).await;
    (
        token,
        first_cookie(&r, "dangvu_session").unwrap_or_default(),
        r,
    )
}

/// `name=value` of a cookie the response sets.
fn first_cookie(r: &Reply, name: &str) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_shown_before_sign_in_is_refused_after_it() {
    for env in envs().await {
        let l = env.label;
        let (before, session, r) = sign_in(&env.app, "quantri", ORIGIN).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert!(
            first_cookie(&r, "dangvu_pre").is_some(),
            "{l}: the pre-session seed is renewed"
        );
        let uid = env.db.user_id_by_name("quantri").await.unwrap();
        let tokens = env.db.api_tokens(uid).await.unwrap().len();
        let create = |csrf: &str| form(&[("csrf", csrf), ("name", "kịch bản")]).into_bytes();
        let me = ("cookie", session.clone());
        let origin = ("origin", ORIGIN.to_string());
        let r = raw(
            &env,
            "POST",
            "/tai-khoan/token",
            &[me.clone(), origin.clone(), urlencoded()],
            create(&before),
        )
        .await;
        assert_refused(&r, BAD_TOKEN, l);
        // Another session's token is no better.
        let r = raw(
            &env,
            "POST",
            "/tai-khoan/token",
            &[me.clone(), origin.clone(), urlencoded()],
            create(env.csrf("bithu")),
        )
        .await;
        assert_refused(&r, BAD_TOKEN, l);
        assert_eq!(env.db.api_tokens(uid).await.unwrap().len(), tokens, "{l}");
        // The token the pages now show works.
        let page = raw(
            &env,
            "GET",
            "/tai-khoan/token",
            std::slice::from_ref(&me),
            Vec::new(),
        )
        .await;
        let after = form_token(&page.body).unwrap();
        assert_ne!(after, before, "{l}");
        let r = raw(
            &env,
            "POST",
            "/tai-khoan/token",
            &[me, origin, urlencoded()],
            create(&after),
        )
        .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{l}: {} {}",
            r.status,
            r.body
        );
        assert_eq!(
            env.db.api_tokens(uid).await.unwrap().len(),
            tokens + 1,
            "{l}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripts_with_an_api_token_need_no_origin() {
    for env in envs().await {
        let uid = env.db.user_id_by_name("quantri").await.unwrap();
        let bearer = env
            .db
            .create_api_token(&Actor("test".into()), uid, "kịch bản")
            .await
            .unwrap();
        let body = serde_json::json!({
            "code": "CB-A9", "name": "Chi bộ Phòng A9", "kind": "branch", "parent": "DB-A",
            "since": "2020-01-01"
        });
        let headers = [
            ("authorization", format!("Bearer {bearer}")),
            ("content-type", "application/json".into()),
        ];
        let r = raw(
            &env,
            "POST",
            "/api/v1/orgs",
            &headers,
            body.to_string().into_bytes(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", env.label, r.body);
        // A browser session on the API: its origin and token are checked, and the refusal is
        // the API's JSON.
        let r = raw(
            &env,
            "POST",
            "/api/v1/orgs",
            &[
                session_of(&env, "quantri"),
                ("origin", ELSEWHERE.into()),
                ("content-type", "application/json".into()),
            ],
            body.to_string().into_bytes(),
        )
        .await;
        assert_refused(&r, FOREIGN, env.label);
        let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(
            json["error"].as_str().unwrap().contains("CSRF"),
            "{}",
            env.label
        );
    }
}

fn assert_vietnamese_page(r: &Reply, status: StatusCode, text: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    assert!(
        r.content_type
            .as_deref()
            .unwrap_or_default()
            .starts_with("text/html"),
        "{what}: {:?}",
        r.content_type
    );
    assert!(r.body.contains(text), "{what}: {}", r.body);
    assert!(
        r.body.contains("lang=\"vi\"") && r.body.contains("class=\"top\""),
        "{what}: the site's layout"
    );
}

fn assert_api_error(r: &Reply, status: StatusCode, text: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    let json: serde_json::Value =
        serde_json::from_str(&r.body).unwrap_or_else(|_| panic!("{what}: {}", r.body));
    let error = json["error"].as_str().unwrap_or_default();
    assert!(error.contains(text), "{what}: {error}");
    assert!(json.get("field").is_some(), "{what}: the API's error shape");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_frameworks_refusals_are_vietnamese() {
    for env in envs().await {
        let l = env.label;
        let r = env
            .call("quantri", "GET", "/khong-co-trang-nay", None)
            .await;
        assert_vietnamese_page(&r, StatusCode::NOT_FOUND, "Không tìm thấy", l);
        let r = raw(&env, "GET", "/khong-co-trang-nay", &[], Vec::new()).await;
        assert_vietnamese_page(&r, StatusCode::NOT_FOUND, "Không tìm thấy", l);
        let r = env.call("quantri", "GET", "/api/v1/khong-co", None).await;
        assert_api_error(&r, StatusCode::NOT_FOUND, "Không tìm thấy", l);
        // A method the route does not take.
        let r = env.call("quantri", "GET", "/dang-xuat", None).await;
        assert_vietnamese_page(
            &r,
            StatusCode::METHOD_NOT_ALLOWED,
            "không nhận yêu cầu GET",
            l,
        );
        assert!(
            r.headers
                .get("allow")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("POST"),
            "{l}"
        );
        let r = env
            .call("quantri", "POST", "/to-chuc", Some(form(&[("csrf", CSRF)])))
            .await;
        assert_vietnamese_page(
            &r,
            StatusCode::METHOD_NOT_ALLOWED,
            "không nhận yêu cầu POST",
            l,
        );
        // A form body over the limit, and one that cannot be read as the form.
        let mut big = form(&[("csrf", CSRF), ("code", "CB-X")]);
        big.push_str(&format!("&name={}", "a".repeat(3 * 1024 * 1024)));
        let r = env.call("quantri", "POST", "/to-chuc/moi", Some(big)).await;
        assert_vietnamese_page(&r, StatusCode::PAYLOAD_TOO_LARGE, "quá lớn", l);
        let r = env
            .call(
                "quantri",
                "POST",
                "/dang-nhap",
                Some(form(&[("csrf", CSRF)])),
            )
            .await;
        assert_vietnamese_page(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Biểu mẫu gửi lên không đọc được",
            l,
        );
        assert!(!r.body.contains("Failed to deserialize"), "{l}: {}", r.body);
        // A URL parameter of the wrong type.
        let r = env
            .call("quantri", "GET", "/dang-vien/khong-phai-so", None)
            .await;
        assert!(
            !r.body.contains("Invalid URL") && !r.body.contains("Cannot parse"),
            "{l}: {}",
            r.body
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apis_refusals_are_its_vietnamese_json() {
    for env in envs().await {
        let l = env.label;
        let orgs = env.db.tree("TU", None).await.unwrap().len();
        let uid = env.db.user_id_by_name("quantri").await.unwrap();
        let token = env
            .db
            .create_api_token(&Actor("test".into()), uid, "k")
            .await
            .unwrap();
        let bearer = ("authorization", format!("Bearer {token}"));
        let json = ("content-type", "application/json".to_string());
        let script = [bearer.clone(), json];
        let post = |body: &str| body.as_bytes().to_vec();
        let r = raw(&env, "POST", "/api/v1/orgs", &script, post("{\"code\": ")).await;
        assert_api_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "dòng 1", l);
        let r = raw(&env, "POST", "/api/v1/orgs", &script, post("{\"code\": 5}")).await;
        assert_api_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "không đúng dạng", l);
        let r = raw(&env, "POST", "/api/v1/orgs", &script, post("[1, 2]")).await;
        assert_api_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "không đúng dạng", l);
        let r = raw(
            &env,
            "POST",
            "/api/v1/orgs",
            std::slice::from_ref(&bearer),
            post("{}"),
        )
        .await;
        assert_api_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "phải là JSON", l);
        let big = format!("{{\"name\": \"{}\"}}", "a".repeat(3 * 1024 * 1024));
        let r = raw(&env, "POST", "/api/v1/orgs", &script, post(&big)).await;
        assert_api_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "quá lớn", l);
        let r = raw(&env, "DELETE", "/api/v1/orgs", &[bearer], Vec::new()).await;
        assert_api_error(
            &r,
            StatusCode::METHOD_NOT_ALLOWED,
            "không nhận yêu cầu DELETE",
            l,
        );
        assert_eq!(env.db.tree("TU", None).await.unwrap().len(), orgs, "{l}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_api_answers_are_not_stored_by_caches() {
    for env in envs().await {
        let l = env.label;
        let cache = |r: &Reply| {
            r.headers
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let r = env
            .call(
                "quantri",
                "GET",
                &format!("/dang-vien/{}", env.person),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert_eq!(cache(&r), "no-store", "{l}: a member's page");
        let r = env
            .call("quantri", "GET", "/api/v1/orgs/CB-A1/members", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert_eq!(cache(&r), "no-store", "{l}: the API");
        let r = raw(&env, "GET", "/khong-co", &[], Vec::new()).await;
        assert_eq!(cache(&r), "no-store", "{l}: an error page");
        let r = raw(&env, "GET", "/static/style.css", &[], Vec::new()).await;
        assert!(
            cache(&r).starts_with("max-age"),
            "{l}: static files may be cached"
        );
        // Plain HTTP: no HSTS, no Secure cookie.
        let page = raw(&env, "GET", "/dang-nhap", &[], Vec::new()).await;
        assert!(
            page.headers.get("strict-transport-security").is_none(),
            "{l}"
        );
        let set = page.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(!set.contains("Secure"), "{l}: {set}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_https_cookies_are_secure_and_hsts_is_sent() {
    for env in envs().await {
        let l = env.label;
        let app = web::router(web::AppState {
            settings: web::Settings {
                behind_https: true,
                ..web::Settings::default()
            },
            ..web::AppState::new(env.db.clone())
        });
        let page = raw_to(&app, "GET", "/dang-nhap", &[], Vec::new()).await;
        let hsts = page.headers.get("strict-transport-security").unwrap();
        assert!(hsts.to_str().unwrap().starts_with("max-age="), "{l}");
        let set = page.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(
            set.contains("; Secure") && set.contains("HttpOnly"),
            "{l}: {set}"
        );
        // A page of the site over plain HTTP is not its origin any more.
        let (_, session, r) = sign_in(&app, "quantri", ORIGIN).await;
        assert!(session.is_empty(), "{l}");
        assert_refused(&r, FOREIGN, l);
        let (_, session, r) = sign_in(&app, "quantri", &format!("https://{HOST}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert!(!session.is_empty(), "{l}");
        for v in r.headers.get_all("set-cookie") {
            assert!(v.to_str().unwrap().contains("; Secure"), "{l}: {v:?}");
        }
        assert!(r.headers.get("strict-transport-security").is_some(), "{l}");
    }
}
