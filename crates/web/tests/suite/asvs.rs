//! OWASP ASVS level 2 checks that apply to the sign-in and the session (issue 15, item 8), on
//! SQLite and PostgreSQL: a session cookie planted before sign-in is never the one after it
//! (V3.2.1, fixation); every cookie the site sets is HttpOnly, SameSite=Lax, Path=/ (V3.4);
//! sign-in is throttled per account and address and per address across accounts, and the
//! rightful user at another machine is not locked out (V2.2.1); a signed-out session is dead
//! (V3.3.1). CSRF on every form, cache headers and Secure cookies are in `security.rs`; the
//! text fields and filters under attack are in the command-line suite (`attacks.rs`).

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};

use crate::common::{self, HOST, ORIGIN, Reply, envs, form, form_token, request};

/// A request from `addr` (the address throttling counts) with the given cookie.
async fn from(
    app: &axum::Router,
    addr: &str,
    method: &str,
    uri: &str,
    cookie: &str,
    body: String,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
        .header("origin", ORIGIN)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let peer: SocketAddr = format!("{addr}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    request(app, req).await
}

/// Every `name=value` the response sets, with its attributes.
fn set_cookies(r: &Reply) -> Vec<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_value(r: &Reply, name: &str) -> Option<String> {
    set_cookies(r)
        .iter()
        .filter_map(|c| c.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// One sign-in through the form from `addr`, carrying `extra` cookies too: the answer.
async fn sign_in(app: &axum::Router, addr: &str, user: &str, password: &str, extra: &str) -> Reply {
    let page = from(app, addr, "GET", "/dang-nhap", extra, String::new()).await;
    // A browser that holds a session cookie (even a planted one) gets the form's token from
    // it; one that holds none gets a pre-session seed.
    let token = form_token(&page.body).unwrap();
    let body = form(&[("username", user), ("password", password), ("csrf", &token)]);
    let cookie = match cookie_value(&page, "dangvu_pre") {
        Some(pre) if extra.is_empty() => format!("dangvu_pre={pre}"),
        Some(pre) => format!("dangvu_pre={pre}; {extra}"),
        None => extra.to_string(),
    };
    from(app, addr, "POST", "/dang-nhap", &cookie, body).await
}

fn signed_in(r: &Reply) -> bool {
    r.status == StatusCode::SEE_OTHER
        && cookie_value(r, "dangvu_session").is_some_and(|v| !v.is_empty())
}

/// Whether a session cookie opens the home page (a signed-out visitor is sent to sign in).
async fn opens_home(app: &axum::Router, session: &str) -> bool {
    let r = from(
        app,
        "10.9.9.9",
        "GET",
        "/",
        &format!("dangvu_session={session}"),
        String::new(),
    )
    .await;
    r.status == StatusCode::OK
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_planted_before_sign_in_is_not_the_session_after_it() {
    for env in envs().await {
        let l = env.label;
        let planted = "planted-by-an-attacker-0123456789abcdef0123456789";
        let r = sign_in(
            &env.app,
            "10.1.0.1",
            "quantri",
            common::PASSWORD,
            &format!("dangvu_session={planted}"),
        )
        .await;
        assert!(signed_in(&r), "{l}: {} {}", r.status, r.body);
        let session = cookie_value(&r, "dangvu_session").unwrap();
        assert_ne!(session, planted, "{l}: the planted id was kept");
        assert!(session.len() >= 32, "{l}: a short session id {session}");
        assert!(
            !opens_home(&env.app, planted).await,
            "{l}: the planted id opens pages"
        );
        assert!(opens_home(&env.app, &session).await, "{l}");
        // Two sign-ins of one user get two different sessions.
        let again = sign_in(&env.app, "10.1.0.1", "quantri", common::PASSWORD, "").await;
        assert_ne!(
            cookie_value(&again, "dangvu_session").unwrap(),
            session,
            "{l}"
        );
        // Signing out kills the session on the server, not only in the browser.
        let home = from(
            &env.app,
            "10.1.0.1",
            "GET",
            "/",
            &format!("dangvu_session={session}"),
            String::new(),
        )
        .await;
        let csrf = form_token(&home.body).unwrap();
        let out = from(
            &env.app,
            "10.1.0.1",
            "POST",
            "/dang-xuat",
            &format!("dangvu_session={session}"),
            form(&[("csrf", &csrf)]),
        )
        .await;
        assert!(out.status.is_redirection(), "{l}: {}", out.status);
        assert!(
            !opens_home(&env.app, &session).await,
            "{l}: alive after sign-out"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cookie_is_http_only_same_site_and_site_wide() {
    for env in envs().await {
        let l = env.label;
        let mut seen = Vec::new();
        let page = from(&env.app, "10.2.0.1", "GET", "/dang-nhap", "", String::new()).await;
        seen.extend(set_cookies(&page));
        let r = sign_in(&env.app, "10.2.0.1", "quantri", common::PASSWORD, "").await;
        seen.extend(set_cookies(&r));
        let session = cookie_value(&r, "dangvu_session").unwrap();
        // The portal's text size is a cookie too.
        let portal = from(
            &env.app,
            "10.2.0.1",
            "GET",
            "/tin-tuc?co=2",
            "",
            String::new(),
        )
        .await;
        seen.extend(set_cookies(&portal));
        let home = from(
            &env.app,
            "10.2.0.1",
            "GET",
            "/",
            &format!("dangvu_session={session}"),
            String::new(),
        )
        .await;
        let csrf = form_token(&home.body).unwrap();
        let out = from(
            &env.app,
            "10.2.0.1",
            "POST",
            "/dang-xuat",
            &format!("dangvu_session={session}"),
            form(&[("csrf", &csrf)]),
        )
        .await;
        seen.extend(set_cookies(&out));
        assert!(seen.len() >= 4, "{l}: {seen:?}");
        for c in &seen {
            for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
                assert!(c.contains(attr), "{l}: {c} lacks {attr}");
            }
            // Served over plain HTTP in the tests: Secure comes with `behind_https`
            // (security.rs), never a Domain that would widen it.
            assert!(!c.to_lowercase().contains("domain="), "{l}: {c}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_is_throttled_per_account_and_address_and_per_address() {
    for env in envs().await {
        let l = env.label;
        // Five wrong passwords for one account from one machine…
        for i in 0..domain::accounts::throttle::PAIR_FREE_FAILURES {
            let r = sign_in(&env.app, "10.3.0.1", "quantri", "sai-mat-khau", "").await;
            assert!(!signed_in(&r), "{l}: wrong password {i} signed in");
        }
        // …and that machine waits, even with the right password, told so in Vietnamese.
        let r = sign_in(&env.app, "10.3.0.1", "quantri", common::PASSWORD, "").await;
        assert!(!signed_in(&r), "{l}: the guesser was let in");
        assert!(r.body.contains("thử lại sau"), "{l}: {}", r.body);
        // The rightful user at another machine is not locked out by someone else's guesses.
        let r = sign_in(&env.app, "10.3.0.2", "quantri", common::PASSWORD, "").await;
        assert!(signed_in(&r), "{l}: {} {}", r.status, r.body);
        // One machine trying a password on many accounts is stopped as well.
        let names = ["canbo", "bithu", "nguoixem", "khong-co-ai"];
        for i in 0..domain::accounts::throttle::ADDRESS_FAILURES {
            let r = sign_in(
                &env.app,
                "10.3.0.3",
                names[i % names.len()],
                &format!("doan-{i}"),
                "",
            )
            .await;
            assert!(!signed_in(&r), "{l}");
        }
        let r = sign_in(&env.app, "10.3.0.3", "canbo", common::PASSWORD, "").await;
        assert!(!signed_in(&r), "{l}: the spraying machine was let in");
        assert!(r.body.contains("thử lại sau"), "{l}: {}", r.body);
        let r = sign_in(&env.app, "10.3.0.4", "canbo", common::PASSWORD, "").await;
        assert!(signed_in(&r), "{l}: {} {}", r.status, r.body);
    }
}
