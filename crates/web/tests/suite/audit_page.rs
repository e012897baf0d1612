//! The audit log page: Vietnamese names for actions and records, filters by kind, person and
//! dates, paging, a clear message for a date that is not a date; administrators of a whole tree
//! only. On every configured database.

use crate::common;

use crate::common::{envs, form};
use axum::http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_speaks_vietnamese_and_filters() {
    for env in envs().await {
        // A change by the staff user, so that there is more than one actor in the log.
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/CB-A1/them-dang-vien",
                Some(form(&[
                    ("csrf", common::CSRF),
                    ("full_name", "Lê Thị Nhật Ký"),
                    ("birth_date", "01/02/1990"),
                    ("sex", "Nữ"),
                    ("theory", "Trung cấp"),
                    ("qualification", "Thạc sĩ"),
                    ("admitted_on", "01/02/2015"),
                    ("official_on", "01/02/2016"),
                ])),
            )
            .await;
        assert!(r.status.is_redirection(), "{}: {}", env.label, r.body);

        let r = env.call("quantri", "GET", "/nhat-ky", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Thêm mới"), "{}: {}", env.label, r.body);
        assert!(r.body.contains("Tổ chức đảng CB-A1"), "{}", env.label);
        assert!(
            r.body.contains("<a href=\"/to-chuc/CB-A1\">"),
            "{}",
            env.label
        );
        assert!(!r.body.contains("<td>create</td>"), "{}", env.label);
        // Fields by their Vietnamese names with before → after, never the program's JSON.
        assert!(r.body.contains("<b>Tên</b>"), "{}: {}", env.label, r.body);
        let table = &r.body[r.body.find("<table class=\"list audit\">").unwrap()..];
        assert!(
            !table.contains("{&quot;") && !table.contains("{\""),
            "{}: {table}",
            env.label
        );

        // By organization: the member added to CB-A1 and CB-A1 itself, nothing of CB-B.
        let r = env
            .call("quantri", "GET", "/nhat-ky?to_chuc=cb-a1", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Tổ chức đảng CB-A1"), "{}", env.label);
        assert!(!r.body.contains("Tổ chức đảng CB-B"), "{}", env.label);

        // By person: only the staff user's change.
        let r = env
            .call("quantri", "GET", "/nhat-ky?nguoi=canbo", None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("<td>canbo</td>"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(!r.body.contains("<td>test</td>"), "{}", env.label);

        // By kind: the account entries are found under their own name.
        let r = env
            .call("quantri", "GET", "/nhat-ky?loai=app_user", None)
            .await;
        assert!(
            r.body.contains("Tài khoản quantri"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(!r.body.contains("Tổ chức đảng CB-A1"), "{}", env.label);

        // By date: today's changes are there; a range in the past has none.
        let today = chrono::Utc::now().naive_utc() + chrono::Duration::hours(7);
        let d = today.format("%d/%m/%Y").to_string();
        let r = env
            .call("quantri", "GET", &format!("/nhat-ky?tu={d}&den={d}"), None)
            .await;
        assert!(r.body.contains("Thêm mới"), "{}: {}", env.label, r.body);
        let r = env
            .call(
                "quantri",
                "GET",
                "/nhat-ky?tu=01/01/2001&den=31/12/2001",
                None,
            )
            .await;
        assert!(r.body.contains("Không có mục nào"), "{}", env.label);

        // A date that is not a date is named, and the page still answers.
        let r = env
            .call("quantri", "GET", "/nhat-ky?tu=31/02/2024", None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("không phải là ngày"),
            "{}: {}",
            env.label,
            r.body
        );

        // Others do not read the log.
        for user in ["canbo", "bithu", "nguoixem"] {
            let r = env.call(user, "GET", "/nhat-ky", None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {user}", env.label);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_log_is_read_a_page_at_a_time() {
    for env in envs().await {
        // The setup wrote a few entries; add enough changes to fill more than one page.
        let actor = db::Actor("kiemthu".into());
        for i in 0..130 {
            env.db
                .set_setting(&actor, &format!("X{i}"), "1")
                .await
                .unwrap();
        }
        let r = env
            .call("quantri", "GET", "/nhat-ky?nguoi=kiemthu", None)
            .await;
        assert_eq!(
            r.body.matches("<td>kiemthu</td>").count(),
            100,
            "{}",
            env.label
        );
        assert!(r.body.contains("Thiết lập X129"), "{}", env.label);
        let start = r
            .body
            .find("/nhat-ky?loai=")
            .expect("a link to the next page");
        let end = r.body[start..].find('"').unwrap() + start;
        // askama writes `&` in an attribute as `&#38;`.
        let next = r.body[start..end]
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        let r = env.call("quantri", "GET", &next, None).await;
        assert!(next.contains("truoc="), "{next}");
        assert_eq!(
            r.body.matches("<td>kiemthu</td>").count(),
            30,
            "{}",
            env.label
        );
        assert!(r.body.contains("Thiết lập X0<"), "{}", env.label);
        assert!(!r.body.contains("Trang sau"), "{}", env.label);
    }
}

/// Refusals are logged in a bounded way (issue 18 §5.9): a user who is refused a thousand
/// times in an hour adds one entry per kind of refusal, which shows how many times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_refusals_make_one_entry_with_their_count() {
    let env = envs().await.remove(0);
    let before = env.db.audit_entries(None, 10_000).await.unwrap().len();
    let actor = db::Actor("kiemthu".into());
    for i in 0..1000 {
        env.db
            .audit_denied(&actor, "organization", &format!("X{i}"), "Read")
            .await
            .unwrap();
    }
    env.db
        .audit_denied(&actor, "organization", "X0", "Write")
        .await
        .unwrap();
    let all = env.db.audit_entries(None, 10_000).await.unwrap();
    // Two kinds of refusal (reading, writing) in the hour; at most two hours if the clock
    // turned during the loop.
    let added = all.len() - before;
    assert!(
        (2..=4).contains(&added),
        "{added} entries for 1,001 refusals"
    );
    let reads: i64 = all
        .iter()
        .filter(|e| e.action == "denied" && e.after.as_ref().unwrap()["request"] == "Read")
        .map(|e| e.times)
        .sum();
    assert_eq!(reads, 1000);
    let r = env
        .call("quantri", "GET", "/nhat-ky?nguoi=kiemthu", None)
        .await;
    assert!(
        r.body.contains("Bị từ chối truy cập (1000 lần trong giờ)")
            || r.body.contains("lần trong giờ)"),
        "{}",
        r.body
    );
}
