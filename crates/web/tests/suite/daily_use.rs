//! What a secretary, a viewer and a superior's staff meet in their first week (issue 18 §2):
//! the menu offers only what each may open, the split is offered only where the route allows
//! it, the home page lists what is due, the API's reference lives under the account page and
//! dates are typed "ngày/tháng/năm". On SQLite and, when `DANGVU_TEST_PG` is set, PostgreSQL.

use crate::common;

use crate::common::envs;
use axum::http::StatusCode;

/// The main menu's links (the `<nav>` of the header).
fn menu(html: &str) -> String {
    let start = html.find("<nav").expect("a menu");
    let end = html[start..].find("</nav>").unwrap() + start;
    html[start..end].to_string()
}

#[tokio::test]
async fn the_menu_offers_the_audit_log_only_to_those_who_may_read_it() {
    for env in envs().await {
        for (user, sees) in [
            ("quantri", true),
            ("canbo", false),
            ("bithu", false),
            ("nguoixem", false),
        ] {
            let home = env.call(user, "GET", "/", None).await;
            assert_eq!(home.status, StatusCode::OK, "{}", env.label);
            let m = menu(&home.body);
            assert_eq!(m.contains("/nhat-ky"), sees, "{} {user}: {m}", env.label);
            // The API's documentation is not in the daily menu.
            assert!(!m.contains("Mã API") && !m.contains("/api/"), "{user}: {m}");
            let audit = env.call(user, "GET", "/nhat-ky", None).await;
            assert_eq!(audit.status == StatusCode::OK, sees, "{} {user}", env.label);
        }
    }
}

#[tokio::test]
async fn the_split_is_offered_only_where_the_route_allows_it() {
    for env in envs().await {
        // The secretary writes in CB-A1 but not in its parent DB-A: no split offered, and the
        // route refuses it.
        let page = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        assert!(page.body.contains("/to-chuc/CB-A1/sua"), "{}", env.label);
        assert!(!page.body.contains("/to-chuc/CB-A1/tach"), "{}", env.label);
        let split = env.call("bithu", "GET", "/to-chuc/CB-A1/tach", None).await;
        assert_eq!(split.status, StatusCode::NOT_FOUND, "{}", env.label);
        // The staff of DB-A writes in both.
        let page = env.call("canbo", "GET", "/to-chuc/CB-A1", None).await;
        assert!(page.body.contains("/to-chuc/CB-A1/tach"), "{}", env.label);
        let split = env.call("canbo", "GET", "/to-chuc/CB-A1/tach", None).await;
        assert_eq!(split.status, StatusCode::OK, "{}", env.label);
    }
}

#[tokio::test]
async fn the_secretarys_home_is_their_month() {
    for env in envs().await {
        let home = env.call("bithu", "GET", "/", None).await;
        assert!(
            home.body.contains("Việc cần làm của Chi bộ Phòng A1"),
            "{}",
            env.label
        );
        assert!(
            home.body.contains("Sinh hoạt chi bộ định kỳ tháng"),
            "{}",
            env.label
        );
        assert!(
            home.body.contains("Sinh hoạt chuyên đề quý"),
            "{}",
            env.label
        );
        assert!(
            home.body.contains("/to-chuc/CB-A1/lich-sinh-hoat"),
            "{}",
            env.label
        );
        // The branch's own latest changes (the member added to CB-A1 by the fixture).
        assert!(
            home.body.contains("Thay đổi gần đây của Chi bộ Phòng A1"),
            "{}",
            env.label
        );
        // Not the roll-up of subordinate organizations a branch does not have.
        assert!(!home.body.contains("/nghi-quyet/tong-hop"), "{}", env.label);
        // A superior's staff see the organizations that need attention first.
        let home = env.call("canbo", "GET", "/", None).await;
        assert!(
            home.body.contains("Tổ chức cần chú ý trước"),
            "{}",
            env.label
        );
        assert!(
            home.body
                .contains("Chi bộ Phòng A2: chưa ghi cuộc sinh hoạt nào"),
            "{}",
            env.label
        );
    }
}

#[tokio::test]
async fn the_api_reference_is_under_the_account_page() {
    for env in envs().await {
        let page = env.call("nguoixem", "GET", "/tai-khoan/api", None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", env.label);
        assert!(
            page.body.contains("GET /api/v1/orgs/{code}/members"),
            "{}",
            page.body
        );
        assert!(page.body.contains("POST /api/v1/members/{id}/transfer"));
        assert!(!page.body.contains("swagger"));
        assert!(
            page.body
                .contains("Chuyển sinh hoạt đảng của một đảng viên"),
            "in Vietnamese"
        );
        assert!(
            !page.body.contains("Transfers a member"),
            "no English summary"
        );
        let tokens = env.call("nguoixem", "GET", "/tai-khoan/token", None).await;
        assert!(tokens.body.contains("href=\"/tai-khoan/api\""));
        let old = env.call("nguoixem", "GET", "/api/v1/docs", None).await;
        assert_eq!(old.location.as_deref(), Some("/tai-khoan/api"));
    }
}

#[tokio::test]
async fn dates_are_typed_day_month_year() {
    for env in envs().await {
        for uri in ["/to-chuc/CB-A1", "/to-chuc"] {
            let page = env.call("quantri", "GET", uri, None).await;
            assert!(
                !page.body.contains("type=\"date\""),
                "{uri}: a native date picker"
            );
            assert!(
                page.body.contains("placeholder=\"ngày/tháng/năm\""),
                "{uri}"
            );
        }
        let page = env
            .call("quantri", "GET", "/to-chuc/CB-A1?ngay=15/5/2020", None)
            .await;
        assert!(page.body.contains("value=\"15/5/2020\""), "{}", env.label);
    }
}

#[tokio::test]
async fn a_meeting_has_its_page_and_is_deleted_only_with_a_reason() {
    use domain::branch::meeting::{Attendance, MeetingKind};
    for env in envs().await {
        let a = db::Actor("test".into());
        let m = env
            .db
            .record_meeting(
                &a,
                &db::branch::NewMeeting {
                    org: "CB-A1".into(),
                    kind: MeetingKind::Regular,
                    held_on: common::d(2025, 3, 5),
                    minutes: 95,
                    thematic_part: false,
                    topic: "Sinh hoạt tháng 3".into(),
                    minutes_text: None,
                    attendance: vec![(env.person, Attendance::Excused("Đi công tác".into()))],
                },
                common::today(),
            )
            .await
            .unwrap();
        // The calendar's figure opens the list behind it, of the same length.
        let cal = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/lich-sinh-hoat?nam=2025",
                None,
            )
            .await;
        assert!(
            cal.body.contains(&format!("href=\"/hop/{}\">0/1", m.id)),
            "{}",
            env.label
        );
        let page = env
            .call("bithu", "GET", &format!("/hop/{}", m.id), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", env.label);
        assert!(page.body.contains("có mặt 0/1"), "{}", page.body);
        assert!(page.body.contains("Đi công tác"), "{}", env.label);
        let table = page.body.split("id=\"attendance\"").nth(1).unwrap();
        let table = table.split("</table>").next().unwrap();
        assert_eq!(
            table.matches("<tr>").count() - 1,
            1,
            "one line per member counted"
        );
        // Another subtree sees nothing.
        let other = env
            .call("nguoixem", "GET", &format!("/hop/{}", m.id), None)
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", env.label);
        // No reason: refused, nothing deleted; with a reason: gone, and the reason logged.
        let uri = format!("/hop/{}/xoa", m.id);
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(common::form(&[("csrf", common::CSRF), ("ly_do", " ")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(env.db.meeting(m.id).await.is_ok());
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(common::form(&[
                    ("csrf", common::CSRF),
                    ("ly_do", "Ghi nhầm ngày"),
                ])),
            )
            .await;
        assert!(r.status.is_redirection(), "{}: {}", env.label, r.body);
        assert!(env.db.meeting(m.id).await.is_err());
        let log = env.audit("meeting").await;
        assert!(
            log.iter().any(|e| e.action == "delete"
                && e.after
                    .as_ref()
                    .is_some_and(|v| v["reason"] == "Ghi nhầm ngày")),
            "{}",
            env.label
        );
    }
}

#[tokio::test]
async fn the_congress_season_is_on_the_home_pages() {
    use db::{NewPlan, NewPlanItem};
    for env in envs().await {
        env.db
            .create_plan(
                &db::Actor("test".into()),
                &NewPlan {
                    superior: "DB-A".into(),
                    symbol: "12-KH/ĐU".into(),
                    title: "Kế hoạch tổ chức đại hội chi bộ".into(),
                    issued_on: common::d(2026, 10, 1),
                    items: ["CB-A1", "CB-A2"]
                        .iter()
                        .enumerate()
                        .map(|(i, org)| NewPlanItem {
                            org: org.to_string(),
                            scheduled: common::d(2026, 12, 10 + i as u32),
                            pilot: i == 0,
                            previous: None,
                        })
                        .collect(),
                },
            )
            .await
            .unwrap();
        // The secretary sees the branch's own congress, with the season's progress.
        let home = env.call("bithu", "GET", "/", None).await;
        assert!(
            home.body.contains(
                "Đại hội Chi bộ Phòng A1 theo Kế hoạch số 12-KH/ĐU của Đảng bộ Sở A: dự kiến ngày 10/12/2026 (cả đợt đã tổ chức 0/2)"
            ),
            "{}: {}",
            env.label,
            home.body
        );
        assert!(home.body.contains("/to-chuc/DB-A/dai-hoi"), "{}", env.label);
        // The superior's staff sees the plan's progress among what needs attention.
        let home = env.call("canbo", "GET", "/", None).await;
        assert!(
            home.body
                .contains("Kế hoạch đại hội số 12-KH/ĐU: đã tổ chức 0/2 đại hội"),
            "{}",
            env.label
        );
        // Another branch's secretary or viewer does not.
        let home = env.call("nguoixem", "GET", "/", None).await;
        assert!(!home.body.contains("12-KH/ĐU"), "{}", env.label);
    }
}

/// A figure's list comes a page at a time (issue 15: a country's "members" figure opens 5,6
/// million names): 50 lines a page numbered on from the page before, the count of the whole
/// list, links to the next and previous pages, and a page past the end shown as the last.
#[tokio::test]
async fn a_long_figure_list_comes_a_page_at_a_time() {
    for env in envs().await {
        let l = env.label;
        let a = db::Actor("test".into());
        for i in 0..119 {
            let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"];
            let middle = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"];
            let given = ["An", "Bình", "Châu"];
            let name = format!(
                "{} {} {}",
                family[i % 8],
                middle[(i / 8) % 6],
                given[i / 48]
            );
            let card = format!("{:08}", 71_000_000 + i);
            env.db
                .add_person(&a, "CB-A2", &common::member(&name, &card), common::today())
                .await
                .unwrap();
        }
        let on = common::today();
        let base = format!("/to-chuc/DB-A/so-lieu?chi-so=dang-vien&ngay={on}");
        let first = env.call("canbo", "GET", &base, None).await;
        assert_eq!(first.status, StatusCode::OK, "{l}");
        // 119 here and the one member of CB-A1.
        assert!(
            first.body.contains("<b id=\"figure\">120 đồng chí"),
            "{l}: {}",
            first.body
        );
        assert!(first.body.contains("Trang 1/3"), "{l}");
        assert_eq!(first.body.matches("<tr><td>").count(), 50, "{l}");
        assert!(first.body.contains("rel=\"next\""), "{l}");
        assert!(!first.body.contains("rel=\"prev\""), "{l}");
        let last = env
            .call("canbo", "GET", &format!("{base}&trang=3"), None)
            .await;
        assert_eq!(last.body.matches("<tr><td>").count(), 20, "{l}");
        assert!(last.body.contains("<tr><td>101</td>"), "{l}");
        assert!(
            last.body.contains("Trang 3/3") && last.body.contains("rel=\"prev\""),
            "{l}"
        );
        let past = env
            .call("canbo", "GET", &format!("{base}&trang=99"), None)
            .await;
        assert!(
            past.body.contains("Trang 3/3"),
            "{l}: a page past the end is the last"
        );
        // A short list has no pages.
        let short = format!("/to-chuc/CB-A1/so-lieu?chi-so=dang-vien&ngay={on}");
        let one = env.call("bithu", "GET", &short, None).await;
        assert!(
            one.body.contains("<b id=\"figure\">01 đồng chí"),
            "{l}: {}",
            one.body
        );
        assert!(!one.body.contains("class=\"pager\""), "{l}");
    }
}
