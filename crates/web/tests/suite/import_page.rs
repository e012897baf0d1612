//! Import and export of members from the organization page: a file with a bad row is refused
//! whole with the row and column named (as `dangvu import` says it); a good file is imported
//! in the background with a progress page; the export downloads a valid .xlsx/.csv; rights
//! are checked (SQLite, and PostgreSQL with `DANGVU_TEST_PG`).

use crate::common;

use crate::common::{CSRF, Env, envs, html, multipart};
use axum::http::StatusCode;

const HEADER: &str = "Họ và tên,Ngày sinh,Giới tính,Lý luận chính trị,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

/// A distinct name for each of the first 1,000 numbers (names hold no digits).
fn name(i: usize) -> String {
    const S: [&str; 10] = [
        "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga",
    ];
    format!(
        "Nguyễn {} {} {}",
        S[i / 100 % 10],
        S[i / 10 % 10],
        S[i % 10]
    )
}

async fn upload(env: &Env, user: &str, code: &str, name: &str, bytes: &[u8]) -> common::Reply {
    let (ct, body) = multipart(&[("csrf", CSRF)], Some((name, bytes)));
    env.send(
        user,
        true,
        "POST",
        &format!("/to-chuc/{code}/nhap"),
        Some(ct),
        Some(body),
    )
    .await
}

/// Follows the job page until the import has finished; returns the last page.
async fn finish(env: &Env, user: &str, url: &str) -> common::Reply {
    for _ in 0..300 {
        let r = env.call(user, "GET", url, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        assert!(r.body.contains("<progress"), "{}", env.label);
        if !r.body.contains("hx-trigger=\"every 1s\"") {
            return r;
        }
        assert!(
            r.body.contains("http-equiv=\"refresh\""),
            "works without JavaScript"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{}: the import did not finish", env.label);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_a_bad_row_saves_nothing_and_names_the_row() {
    for env in envs().await {
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1", None).await;
        assert!(
            r.body.contains("/to-chuc/CB-A1/nhap"),
            "{}: the page links to the import",
            env.label
        );
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1/nhap", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("multipart/form-data"));
        let file = csv(&[
            "Nguyễn Văn Hai,12/08/1988,Nam,Sơ cấp,19/05/2012,19/05/2013,70000011",
            "Lê Thị Ba,30/02/1990,Nữ,,03/02/2015,,70000012",
        ]);
        let r = upload(&env, "canbo", "CB-A1", "ds.csv", &file).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains("Tệp có 1 lỗi, chưa nhập gì:"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains(&html(
                "Dòng 3, cột 'Ngày sinh': '30/02/1990' không phải ngày hợp lệ"
            )),
            "{}: {}",
            env.label,
            r.body
        );
        assert_eq!(env.member_count("CB-A1").await, 1, "{}", env.label);
        // A card number of a member elsewhere: refused by the repository in the background.
        let a = db::Actor("test".into());
        env.db
            .add_person(
                &a,
                "CB-B",
                &common::member("Phạm Văn Ba", "70000020"),
                common::today(),
            )
            .await
            .unwrap();
        let file = csv(&[
            "Nguyễn Văn Hai,12/08/1988,Nam,Sơ cấp,19/05/2012,19/05/2013,70000011",
            "Phạm Văn Ba,04/03/1985,Nam,,04/03/2010,04/03/2011,70000020",
        ]);
        let r = upload(&env, "canbo", "CB-A1", "ds.csv", &file).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let r = finish(&env, "canbo", &r.location.unwrap()).await;
        assert!(
            r.body.contains("Tệp có 1 lỗi, chưa nhập gì:"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains(&html("Dòng 3, cột 'Số thẻ đảng viên'")),
            "{}: {}",
            env.label,
            r.body
        );
        assert_eq!(
            env.member_count("CB-A1").await,
            1,
            "{}: all or nothing",
            env.label
        );
        // Not a member file at all.
        let r = upload(&env, "canbo", "CB-A1", "ds.pdf", b"%PDF-1.4").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("không được hỗ trợ"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(r.body.contains("field-error"), "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_import_completes_with_progress_and_the_members_appear() {
    for env in envs().await {
        let mut rows = Vec::new();
        for i in 0..300 {
            rows.push(format!(
                "{},12/08/1988,Nam,Sơ cấp,19/05/2012,19/05/2013,{}",
                name(i),
                71_000_000 + i
            ));
        }
        rows.push("Trần Văn Một,04/03/1985,Nam,Sơ cấp,04/03/2010,04/03/2011,70000001".into());
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let r = upload(&env, "canbo", "CB-A1", "danh sach.csv", &csv(&refs)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        let url = r.location.unwrap();
        assert!(url.starts_with("/to-chuc/CB-A1/nhap/"), "{url}");
        // Someone else cannot follow this import.
        let r = env.call("quantri", "GET", &url, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        let r = finish(&env, "canbo", &url).await;
        assert!(
            r.body
                .contains("Đã nhập 300 đảng viên mới; 1 đảng viên đã có, giữ nguyên."),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains("value=\"301\""),
            "{}: the bar is full",
            env.label
        );
        assert_eq!(env.member_count("CB-A1").await, 301, "{}", env.label);
        let r = env
            .call(
                "canbo",
                "GET",
                &format!("/to-chuc/CB-A1?tim={}", common::enc(&name(299))),
                None,
            )
            .await;
        assert!(r.body.contains(&name(299)), "{}", env.label);
        assert!(
            env.audit("person")
                .await
                .iter()
                .any(|e| e.action == "import" && e.actor == "canbo"),
            "{}: the import is audited",
            env.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_need_the_write_right_the_csrf_token_and_a_file_under_the_limit() {
    for env in envs().await {
        let file = csv(&["Nguyễn Văn Hai,12/08/1988,Nam,Sơ cấp,19/05/2012,19/05/2013,70000011"]);
        for (user, code) in [
            ("nguoixem", "CB-B"),
            ("bithu", "CB-A2"),
            ("nguoixem", "CB-A1"),
        ] {
            let r = upload(&env, user, code, "ds.csv", &file).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {code}",
                env.label
            );
        }
        let (ct, body) = multipart(&[("csrf", "sai")], Some(("ds.csv", &file)));
        let r = env
            .send(
                "canbo",
                true,
                "POST",
                "/to-chuc/CB-A1/nhap",
                Some(ct),
                Some(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        // 21 MB: refused with a Vietnamese message, not a bare 413.
        let mut big = csv(&[]);
        big.resize(21 * 1024 * 1024, b' ');
        let r = upload(&env, "canbo", "CB-A1", "lon.csv", &big).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", env.label);
        assert!(r.body.contains("tệp quá lớn"), "{}: {}", env.label, r.body);
        // Over the site's 2 MB default but under the import's limit: read, not refused.
        let mut rows = Vec::new();
        for i in 0..40_000 {
            rows.push(format!("Nguyễn Văn Số {i},12/08/1988,Nam,,19/05/2012,,"));
        }
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let medium = csv(&refs);
        assert!(medium.len() > 2 * 1024 * 1024);
        let (ct, body) = multipart(&[("csrf", "sai")], Some(("ds.csv", &medium)));
        let r = env
            .send(
                "canbo",
                true,
                "POST",
                "/to-chuc/CB-A1/nhap",
                Some(ct),
                Some(body),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: read whole, then the CSRF check",
            env.label
        );
        assert_eq!(env.member_count("DUK").await, 1, "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_downloads_a_register_that_reads_back() {
    for env in envs().await {
        let r = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        assert!(
            r.body
                .contains("/to-chuc/CB-A1/xuat?ngay=2026-11-22&amp;dinh_dang=xlsx"),
            "{}",
            env.label
        );
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/xuat?ngay=2026-11-22&dinh_dang=xlsx",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        assert_eq!(
            r.content_type.as_deref(),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert!(
            r.disposition
                .as_deref()
                .unwrap()
                .contains("dang-vien-CB-A1-2026-11-22.xlsx"),
            "{:?}",
            r.disposition
        );
        assert!(r.bytes.starts_with(b"PK"), "a zip container");
        let table =
            reports::register::members_file::read_table_from_bytes("x.xlsx", &r.bytes).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert!(table.rows[0].iter().any(|c| c == "Trần Văn Một"));
        assert!(table.rows[0].iter().any(|c| c == "70000001"));
        // The exported file imports again unchanged.
        let rows = domain::register::import::parse_member_rows(
            &table.headers,
            &table.rows,
            common::today(),
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        let r = env
            .call("canbo", "GET", "/to-chuc/DB-A/xuat?dinh_dang=csv", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.content_type.unwrap().starts_with("text/csv"));
        assert!(r.body.contains("Trần Văn Một"), "{}", env.label);
        // Before the member's admission the register is empty.
        let r = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/DB-A/xuat?ngay=2005-01-01&dinh_dang=csv",
                None,
            )
            .await;
        assert!(!r.body.contains("Trần Văn Một"), "{}", env.label);
        // Outside the subtree: 404, nothing of the register.
        for (user, code) in [("nguoixem", "CB-A1"), ("bithu", "DB-A"), ("canbo", "TU")] {
            let r = env
                .call(
                    user,
                    "GET",
                    &format!("/to-chuc/{code}/xuat?dinh_dang=xlsx"),
                    None,
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {code}",
                env.label
            );
            assert!(!r.body.contains("Trần Văn Một"));
        }
        let r = env
            .call("bithu", "GET", "/to-chuc/CB-A1/xuat?dinh_dang=pdf", None)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
    }
}

/// A 10 MB cell: the page names the row and quotes a short prefix of the cell, not the whole
/// 10 MB (issue 18 §5.7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_bad_cell_is_quoted_by_a_short_prefix() {
    let env = envs().await.remove(0);
    let huge = "9".repeat(10 * 1024 * 1024);
    let row = format!("Nguyễn Văn Hai,{huge},Nam,Sơ cấp,19/05/2012,19/05/2013,70000011");
    let r = upload(&env, "canbo", "CB-A1", "ds.csv", &csv(&[&row])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.len() < 100_000, "a page of {} bytes", r.body.len());
    assert!(
        r.body.contains(&html(&format!(
            "Dòng 2, cột 'Ngày sinh': '{}…'",
            "9".repeat(60)
        ))),
        "{}",
        &r.body[..r.body.len().min(2000)]
    );
}

/// A register larger than `background_export_from` is exported as .csv in the background: the
/// organization page offers the button instead of the link, the link itself says why it is
/// refused, the job shows its progress and hands its owner (no one else) a file holding every
/// member once, organization by organization; the CSRF token and the reader's rights are
/// checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_register_is_exported_in_the_background_with_a_progress_bar() {
    for mut env in envs().await {
        let a = db::Actor("test".into());
        for (i, org) in ["CB-A1", "CB-A2", "CB-A2", "CB-B", "CB-A1"]
            .iter()
            .enumerate()
        {
            env.db
                .add_person(
                    &a,
                    org,
                    &common::member(&name(i), &format!("7100000{i}")),
                    common::today(),
                )
                .await
                .unwrap();
        }
        env.app = web::router(web::AppState {
            today: Some(common::today()),
            settings: web::Settings {
                background_export_from: Some(2),
                ..web::Settings::default()
            },
            ..web::AppState::new(env.db.clone())
        });
        let l = env.label;
        // DB-A has 5 members (over 2): a button; CB-B has 1: the links as before.
        let r = env.call("canbo", "GET", "/to-chuc/DB-A", None).await;
        assert!(r.body.contains("action=\"/to-chuc/DB-A/xuat-nen\""), "{l}");
        assert!(r.body.contains("Chuẩn bị tệp .csv"), "{l}");
        assert!(
            !r.body
                .contains("/to-chuc/DB-A/xuat?ngay=2026-11-22&amp;dinh_dang=csv")
        );
        let r = env.call("quantri", "GET", "/to-chuc/CB-B", None).await;
        assert!(
            r.body
                .contains("/to-chuc/CB-B/xuat?ngay=2026-11-22&amp;dinh_dang=csv")
        );
        assert!(!r.body.contains("xuat-nen"), "{l}");
        // The link of a large register says what to do instead.
        let r = env
            .call("canbo", "GET", "/to-chuc/DB-A/xuat?dinh_dang=csv", None)
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("chế độ nền"), "{l}: {}", r.body);
        // The whole register, for comparison (the ordinary export of a small one is in name
        // order; the background one goes organization by organization).
        let mut want: Vec<String> = env
            .db
            .register(&db::RegisterQuery {
                org: "DB-A".into(),
                on: common::today(),
                search: None,
                include_non_members: false,
            })
            .await
            .unwrap()
            .iter()
            .map(|m| m.record.full_name.as_str().to_string())
            .collect();
        assert_eq!(want.len(), 5, "{l}: Trần Văn Một and four more");
        // Without the form token: refused, no job.
        let r = env
            .post_with_unbound_token("canbo", "/to-chuc/DB-A/xuat-nen", "ngay=2026-11-22".into())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        // Outside the reader's subtree: 404.
        let body = format!("csrf={CSRF}&ngay=2026-11-22");
        let r = env
            .call(
                "bithu",
                "POST",
                "/to-chuc/DB-A/xuat-nen",
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let r = env
            .call("canbo", "POST", "/to-chuc/DB-A/xuat-nen", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let job = r.location.clone().unwrap();
        assert!(job.starts_with("/tien-trinh/"), "{job}");
        let mut page = None;
        for _ in 0..300 {
            let r = env.call("canbo", "GET", &job, None).await;
            assert_eq!(r.status, StatusCode::OK, "{l}");
            assert!(r.body.contains("<progress"), "{l}");
            if r.body.contains("id=\"outcome\"") {
                page = Some(r);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let page = page.expect("the export finished");
        assert!(page.body.contains("5 đảng viên"), "{l}: {}", page.body);
        assert!(page.body.contains("value=\"100\""), "{l}: a full bar");
        let file = format!("{job}/tep");
        assert!(page.body.contains(&file), "{l}");
        // Only its owner downloads it.
        let r = env.call("quantri", "GET", &file, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let r = env.call("canbo", "GET", &file, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.content_type.unwrap().starts_with("text/csv"));
        assert!(
            r.disposition
                .as_deref()
                .unwrap()
                .contains("dang-vien-db-a-2026-11-22.csv"),
            "{:?}",
            r.disposition
        );
        let table =
            reports::register::members_file::read_table_from_bytes("x.csv", &r.bytes).unwrap();
        let name_col = table.headers.iter().position(|h| h == "Họ và tên").unwrap();
        let org_col = table
            .headers
            .iter()
            .position(|h| h == "Mã tổ chức")
            .unwrap();
        let mut got: Vec<String> = table.rows.iter().map(|r| r[name_col].clone()).collect();
        // Organization by organization, in the tree's order: CB-A1's, then CB-A2's.
        let orgs: Vec<&str> = table.rows.iter().map(|r| r[org_col].as_str()).collect();
        assert_eq!(orgs, ["CB-A1", "CB-A1", "CB-A1", "CB-A2", "CB-A2"], "{l}");
        got.sort();
        want.sort();
        assert_eq!(got, want, "{l}: every member once");
        // The file reads back as an import would.
        domain::register::import::parse_member_rows(&table.headers, &table.rows, common::today())
            .unwrap();
    }
}
