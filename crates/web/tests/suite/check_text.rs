//! The page "Kiểm tra số liệu" as its users meet it: anyone signed in pastes a text and sees
//! seed 000's wrong figures marked in it with their messages; what they typed is escaped;
//! a text too long and a file not in UTF-8 are refused in Vietnamese beside the field; a post
//! without the form token is refused; a visitor who has not signed in is sent to sign in.

use crate::common;

use crate::common::{CSRF, Env, HOST, envs, multipart, request};
use axum::body::Body;
use axum::http::{Request, StatusCode};

const SEED_000: &str = include_str!("../../../domain/tests/check_corpus/seed000.txt");

async fn post(env: &Env, user: &str, text: &str, file: Option<&[u8]>) -> common::Reply {
    let (ct, body) = multipart(
        &[("csrf", CSRF), ("text", text)],
        file.map(|b| ("bao-cao.txt", b)),
    );
    env.send(
        user,
        true,
        "POST",
        "/kiem-tra-so-lieu",
        Some(ct),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn every_signed_in_user_finds_the_page_in_the_menu() {
    for env in envs().await {
        for user in ["quantri", "canbo", "bithu", "nguoixem"] {
            let home = env.call(user, "GET", "/", None).await;
            assert!(
                home.body.contains("href=\"/kiem-tra-so-lieu\""),
                "{}",
                env.label
            );
            let r = env.call(user, "GET", "/kiem-tra-so-lieu", None).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
            assert!(r.body.contains("enctype=\"multipart/form-data\""));
            assert!(r.body.contains("name=\"csrf\""));
        }
    }
}

#[tokio::test]
async fn seed_000s_wrong_figures_are_marked_in_the_text() {
    let env = &envs().await[0];
    let r = post(env, "nguoixem", SEED_000, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body.matches("<mark class=\"so-lieu-sai\"").count(),
        2,
        "{}",
        r.body
    );
    assert_eq!(r.body.matches("<mark class=\"so-lieu-chua-ro\"").count(), 1);
    assert!(
        r.body.contains(
            "title=\"6/22 = 27,27%, viết 27,5% (đúng là 27,3%)\">06 đồng chí, chiếm 27,5%"
        )
    );
    assert!(r.body.contains("8 + 6 + 7 = 21"));
    assert!(r.body.contains("id=\"so-lieu-1\""));
    assert!(r.body.contains("2 sai"), "{}", r.body);
    // What was pasted stays in the text area.
    assert!(
        r.body
            .contains("Cổng thông tin điện tử Sở Ngoại vụ tỉnh Kiên Giang")
    );
}

#[tokio::test]
async fn a_text_with_right_figures_says_so() {
    let env = &envs().await[0];
    let r = post(
        env,
        "bithu",
        "Chi bộ có 22 đảng viên, trong đó 08 đồng chí, chiếm 36%.",
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không thấy số liệu sai"));
    assert!(!r.body.contains("<mark"));
}

#[tokio::test]
async fn what_is_pasted_is_escaped() {
    let env = &envs().await[0];
    let text = "<script>alert(1)</script> Chi bộ có 9 đảng viên, trong đó 2 đồng chí nữ, chiếm 25% \"<i>nữ</i>\".";
    let r = post(env, "bithu", text, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert"), "{}", r.body);
    assert!(!r.body.contains("<i>nữ"));
    assert!(r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(r.body.contains("<mark class=\"so-lieu-sai\""));
}

#[tokio::test]
async fn a_file_not_in_utf8_is_refused_with_how_to_save_it() {
    let env = &envs().await[0];
    let r = post(
        env,
        "bithu",
        "",
        Some(b"Chi b\xe9 c\xe3 22 \xae\xb6ng vi\xaan"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không phải văn bản UTF-8"), "{}", r.body);
    let r = post(env, "bithu", "", Some(SEED_000.as_bytes())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("<mark class=\"so-lieu-sai\"").count(), 2);
}

#[tokio::test]
async fn an_empty_or_too_long_text_is_refused_in_vietnamese() {
    let env = &envs().await[0];
    let r = post(env, "bithu", "  ", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Hãy dán văn bản"));
    let long = "Chi bộ có 22 đảng viên. ".repeat(100_000);
    let r = post(env, "bithu", &long, None).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("Văn bản quá dài"),
        "{}",
        &r.body[..r.body.len().min(2000)]
    );
}

#[tokio::test]
async fn a_post_without_the_form_token_is_refused() {
    let env = &envs().await[0];
    let (ct, body) = multipart(&[("csrf", "sai"), ("text", SEED_000)], None);
    let r = env
        .send(
            "bithu",
            true,
            "POST",
            "/kiem-tra-so-lieu",
            Some(ct),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in() {
    let env = &envs().await[0];
    let req = Request::get("/kiem-tra-so-lieu")
        .header("host", HOST)
        .body(Body::empty())
        .unwrap();
    let r = request(&env.app, req).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}
