//! The public portal and its editors, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: an
//! article written by a branch's secretary is public only once approved, counts its reads,
//! appears in the list, the archive, the search, its organization's page and a well-formed
//! RSS 2.0 feed, all without sign-in; a draft or withdrawn article answers 404; a title with
//! markup is escaped; a secretary of another branch can neither see nor edit it.

use crate::common;

use crate::common::{CSRF, Env, envs, form, request};
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// A GET without sign-in.
async fn public(env: &Env, uri: &str) -> (StatusCode, String) {
    let r = request(
        &env.app,
        Request::get(uri)
            .header("host", common::HOST)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    (r.status, r.body)
}

/// The number after "Số lần đọc:" on a page.
fn reads(body: &str) -> u64 {
    let at = body.find("Số lần đọc:").expect("a read count") + "Số lần đọc:".len();
    body[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// Writes a draft in CB-A1 as `bithu`; returns its id.
async fn draft(env: &Env, title: &str, body: &str) -> i32 {
    let post = format!(
        "csrf={CSRF}&{}",
        form(&[
            ("tieu_de", title),
            ("noi_dung", body),
            ("nguon", "Chi bộ A1")
        ])
    );
    let r = env
        .call("bithu", "POST", "/to-chuc/CB-A1/tin-bai", Some(post))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
    let to = r.location.unwrap();
    to.trim_start_matches("/tin-bai/").parse().unwrap()
}

async fn step(env: &Env, user: &str, id: i32, what: &str) -> StatusCode {
    env.call(
        user,
        "POST",
        &format!("/tin-bai/{id}/{what}"),
        Some(format!("csrf={CSRF}")),
    )
    .await
    .status
}

#[tokio::test]
async fn an_approved_article_is_public_with_its_read_count_and_a_draft_is_not() {
    for env in envs().await {
        let l = env.label;
        let id = draft(
            &env,
            "Đại hội Chi bộ A1 lần thứ IV",
            "Ngày 15/5/2020, Chi bộ A1 tổ chức Đại hội.\n\nĐại hội đã thành công tốt đẹp./.",
        )
        .await;
        let slug = env.db.article(id).await.unwrap().slug;
        assert_eq!(slug, "dai-hoi-chi-bo-a1-lan-thu-iv", "{l}");
        let page = format!("/tin-tuc/{slug}");
        assert_eq!(
            public(&env, &page).await.0,
            StatusCode::NOT_FOUND,
            "{l}: a draft"
        );
        assert!(!public(&env, "/tin-tuc").await.1.contains(&page), "{l}");

        assert_eq!(
            step(&env, "bithu", id, "duyet").await,
            StatusCode::SEE_OTHER,
            "{l}"
        );
        let (status, first) = public(&env, &page).await;
        assert_eq!(status, StatusCode::OK, "{l}: {first}");
        assert!(
            first.contains("Ngày 15/5/2020, Chi bộ A1 tổ chức Đại hội."),
            "{l}"
        );
        assert!(first.contains("Nguồn: Chi bộ A1"), "{l}");
        assert!(first.contains("Cỡ chữ"), "{l}");
        assert!(
            !first.contains("Đăng xuất") && !first.contains("csrf"),
            "{l}: no user data"
        );
        let second = public(&env, &page).await.1;
        assert_eq!(reads(&second), reads(&first) + 1, "{l}");

        let (status, list) = public(&env, "/tin-tuc").await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(list.contains(&format!("href=\"{page}\"")), "{l}");
        for uri in ["/tin-tuc?q=DAI+HOI+chi+bo+a1", "/tin-tuc/don-vi/CB-A1"] {
            let (status, body) = public(&env, uri).await;
            assert_eq!(status, StatusCode::OK, "{l}: {uri}");
            assert!(body.contains(&page), "{l}: {uri}");
        }
        let (_, nothing) = public(&env, "/tin-tuc?q=khong+co+dau").await;
        assert!(!nothing.contains(&page), "{l}");
        assert_eq!(
            public(&env, "/tin-tuc/don-vi/CB-B").await.0,
            StatusCode::NOT_FOUND,
            "{l}"
        );
        let (y, m) = domain::portal::archive_month(chrono::Utc::now().naive_utc());
        let (status, month) = public(&env, &format!("/tin-tuc/luu-tru/{y}/{m}")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(month.contains(&page), "{l}");
        assert_eq!(
            public(&env, "/tin-tuc/luu-tru/2020/13").await.0,
            StatusCode::NOT_FOUND,
            "{l}"
        );

        let (status, print) = public(&env, &format!("{page}?in=1")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(print.contains("print-view"), "{l}");
        let big = request(
            &env.app,
            Request::get(format!("{page}?co=2"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(big.body.contains("size-2"), "{l}");
        let cookie = big
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("dangvu_co=2"), "{l}: {cookie}");
        let remembered = request(
            &env.app,
            Request::get(&page)
                .header("cookie", "dangvu_co=2")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(remembered.body.contains("size-2"), "{l}");

        assert_eq!(
            step(&env, "bithu", id, "go").await,
            StatusCode::SEE_OTHER,
            "{l}"
        );
        assert_eq!(
            public(&env, &page).await.0,
            StatusCode::NOT_FOUND,
            "{l}: withdrawn"
        );
        assert!(
            !public(&env, "/tin-tuc/rss.xml").await.1.contains(&slug),
            "{l}"
        );
    }
}

#[tokio::test]
async fn the_rss_feed_is_well_formed_rss_2_and_markup_in_a_title_is_escaped() {
    for env in envs().await {
        let l = env.label;
        let title = "Tin <script>alert(\"x\")</script> & <b>đậm</b>";
        let id = draft(&env, title, "Nội dung có <i>thẻ</i> & dấu.").await;
        assert_eq!(
            step(&env, "bithu", id, "duyet").await,
            StatusCode::SEE_OTHER,
            "{l}"
        );
        let slug = env.db.article(id).await.unwrap().slug;
        let (status, page) = public(&env, &format!("/tin-tuc/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{l}");
        assert!(!page.contains("<script>alert"), "{l}: {page}");
        assert!(
            page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"),
            "{l}: escaped, not dropped"
        );
        assert!(
            !public(&env, "/tin-tuc").await.1.contains("<script>alert"),
            "{l}"
        );

        let r = request(
            &env.app,
            Request::get("/tin-tuc/rss.xml")
                .header("host", common::HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(
            r.content_type
                .as_deref()
                .unwrap()
                .starts_with("application/rss+xml"),
            "{l}"
        );
        let doc =
            roxmltree::Document::parse(&r.body).unwrap_or_else(|e| panic!("{l}: {e}\n{}", r.body));
        let rss = doc.root_element();
        assert_eq!(
            (rss.tag_name().name(), rss.attribute("version")),
            ("rss", Some("2.0")),
            "{l}"
        );
        let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
        for need in ["title", "link", "description"] {
            assert!(
                channel.children().any(|n| n.has_tag_name(need)),
                "{l}: channel {need}"
            );
        }
        let items: Vec<_> = channel
            .children()
            .filter(|n| n.has_tag_name("item"))
            .collect();
        assert_eq!(items.len(), 1, "{l}");
        let text = |tag: &str| {
            items[0]
                .children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(text("title"), title, "{l}: the title read back as typed");
        assert_eq!(
            text("link"),
            format!("http://{}/tin-tuc/{slug}", common::HOST),
            "{l}"
        );
        assert!(
            chrono::DateTime::parse_from_rfc2822(&text("pubDate")).is_ok(),
            "{l}"
        );
    }
}

#[tokio::test]
async fn only_who_may_write_the_branch_edits_its_articles() {
    for env in envs().await {
        let l = env.label;
        let id = draft(&env, "Tin của Chi bộ A1", "Nội dung.").await;
        let uri = format!("/tin-bai/{id}");
        let edit = |user: &'static str| {
            let body = format!(
                "csrf={CSRF}&{}",
                form(&[("tieu_de", "Sửa"), ("noi_dung", "Sửa"), ("nguon", "")])
            );
            env.call(user, "POST", &uri, Some(body))
        };
        // A viewer of another branch sees nothing of it and changes nothing.
        let r = env
            .call("nguoixem", "GET", &format!("/tin-bai/{id}"), None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        assert!(!r.body.contains("Tin của Chi bộ A1"), "{l}");
        assert_eq!(edit("nguoixem").await.status, StatusCode::NOT_FOUND, "{l}");
        assert_eq!(
            step(&env, "nguoixem", id, "duyet").await,
            StatusCode::NOT_FOUND,
            "{l}"
        );
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-A1/tin-bai", None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        assert_eq!(
            env.db.article(id).await.unwrap().title,
            "Tin của Chi bộ A1",
            "{l}"
        );
        // Staff above the branch edits it; the secretary sees the list and the form.
        assert_eq!(edit("canbo").await.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(env.db.article(id).await.unwrap().title, "Sửa", "{l}");
        let r = env
            .call("bithu", "GET", "/to-chuc/CB-A1/tin-bai", None)
            .await;
        assert!(
            r.body.contains("Sửa") && r.body.contains("Viết tin bài mới"),
            "{l}"
        );
        // An empty title comes back with the message beside the field, nothing saved.
        let body = format!(
            "csrf={CSRF}&{}",
            form(&[("tieu_de", " "), ("noi_dung", "X"), ("nguon", "")])
        );
        let r = env
            .call("bithu", "POST", &format!("/tin-bai/{id}"), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("tiêu đề không được để trống"), "{l}");
        assert_eq!(env.db.article(id).await.unwrap().title, "Sửa", "{l}");
        // A published article is withdrawn before it is edited.
        assert_eq!(
            step(&env, "bithu", id, "duyet").await,
            StatusCode::SEE_OTHER,
            "{l}"
        );
        let r = edit("bithu").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("gỡ tin xuống"), "{l}");
    }
}

#[tokio::test]
async fn a_congress_draft_becomes_a_portal_draft() {
    for env in envs().await {
        let l = env.label;
        let a = db::Actor("test".into());
        let c = env
            .db
            .create_congress(
                &a,
                &db::NewCongress {
                    org: "CB-A1".into(),
                    term: domain::congress::Term {
                        from: 2025,
                        to: 2030,
                    },
                    kind: domain::election::CongressKind::Members,
                    starts_on: common::today(),
                    ends_on: common::today(),
                    place: Some("Hội trường".into()),
                    guests: vec![],
                    pilot: false,
                },
            )
            .await
            .unwrap();
        let uri = format!("/dai-hoi/{}/tin-bai", c.id);
        let r = env
            .call("nguoixem", "POST", &uri, Some(format!("csrf={CSRF}")))
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{l}: another branch's viewer"
        );
        let r = env
            .call("bithu", "POST", &uri, Some(format!("csrf={CSRF}")))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let list = env.db.org_articles("CB-A1").await.unwrap();
        assert_eq!(list.len(), 1, "{l}");
        assert!(
            list[0].title.starts_with("Đại hội"),
            "{l}: {}",
            list[0].title
        );
        assert_eq!(list[0].congress_id, Some(c.id), "{l}");
        let page = env
            .call("bithu", "GET", r.location.as_deref().unwrap(), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("Kiểm tra số liệu"), "{l}");
    }
}

#[tokio::test]
async fn the_editor_sees_a_wrong_figure_marked_and_may_still_approve() {
    for env in envs().await {
        let l = env.label;
        let id = draft(
            &env,
            "Đại hội Chi bộ A1",
            "Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên trong đó dưới độ tuổi 35 là 06 đồng chí, chiếm 27,5%; từ 35-40 tuổi có 08 đồng chí, chiếm 36,4%.",
        )
        .await;
        let page = env
            .call("bithu", "GET", &format!("/tin-bai/{id}"), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(
            page.body.contains("Có 1 con số có thể sai"),
            "{l}: {}",
            page.body
        );
        assert!(page.body.contains("<mark class=\"so-lieu-sai\""), "{l}");
        assert_eq!(
            step(&env, "bithu", id, "duyet").await,
            StatusCode::SEE_OTHER,
            "{l}: flagged, not blocked"
        );
        assert_eq!(
            env.db.article(id).await.unwrap().status,
            domain::portal::ArticleStatus::Published,
            "{l}"
        );
    }
}
