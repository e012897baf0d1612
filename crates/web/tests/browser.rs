//! Browser tests: the real pages in headless Chromium, driven over WebDriver (chromedriver +
//! fantoccini), against the app served on a free local port over a temporary SQLite database.
//! The harness (and what it needs installed) is in `common/browser.rs`.
//!
//! Every test is independent: its own database, server, chromedriver and browser profile.
//! Nothing sleeps; pages are awaited with `wait().for_element(...)`.

#[path = "common/browser.rs"]
mod browser_support;
mod common;

use browser_support::{Browser, Step, WAIT, ensure};
use common::{ORGS, PASSWORD, create_orgs, member};
use db::{Actor, Db};
use domain::accounts::access::Role;
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{PersonRecord, Sex};
use fantoccini::Locator;

// ---------------------------------------------------------------------------------------------
// The application under test

/// Members of CB-A1 after the transfer.
const A1_MEMBERS: [&str; 3] = ["Nguyễn Văn Đức", "Trần Thị Hồng", "Nguyễn Thị Lan"];
/// Added to CB-A1, then transferred to CB-A2.
const TRANSFERRED: &str = "Lê Văn Nam";
const B_MEMBER: &str = "Phạm Văn Bình";

/// The app under test; `seeded` is the id of the transferred member.
type App = browser_support::App<i32>;

/// The tree of the page tests (`common::ORGS`), five members, one transfer, an admin and a
/// viewer. Returns the id of the transferred member.
async fn seed(db: &Db) -> i32 {
    let a = Actor("e2e".into());
    create_orgs(db, &a, &ORGS).await;
    let today = chrono::Local::now().date_naive();
    let people = [
        ("CB-A1", A1_MEMBERS[0], Sex::Male),
        ("CB-A1", A1_MEMBERS[1], Sex::Female),
        ("CB-A1", A1_MEMBERS[2], Sex::Female),
        ("CB-A1", TRANSFERRED, Sex::Male),
        ("CB-B", B_MEMBER, Sex::Male),
    ];
    let mut transferred = None;
    for (i, (org, name, sex)) in people.into_iter().enumerate() {
        let record = PersonRecord {
            sex,
            ..member(name, &format!("8000000{i}"))
        };
        let id = db.add_person(&a, org, &record, today).await.unwrap();
        if name == TRANSFERRED {
            transferred = Some(id);
        }
    }
    let transferred = transferred.unwrap();
    db.record_member_event(
        &a,
        transferred,
        chrono::NaiveDate::from_ymd_opt(2020, 6, 1).unwrap(),
        MemberEvent::Transferred { to: "CB-A2".into() },
        None,
        today,
    )
    .await
    .unwrap();
    db.create_user(&a, "quantri", PASSWORD, "TU", Role::Admin)
        .await
        .unwrap();
    db.create_user(&a, "nguoixem", PASSWORD, "CB-A2", Role::Viewer)
        .await
        .unwrap();
    transferred
}

/// Runs one user story over a freshly seeded app (see `browser_support::story`).
async fn story(test: &'static str, body: impl AsyncFnOnce(&App, &Browser) -> Step) {
    browser_support::story(test, seed, body).await;
}

// ---------------------------------------------------------------------------------------------
// The user stories

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_and_walks_the_tree() {
    story("signs_in_and_walks_the_tree", async |app, b| {
        b.sign_in(app, "quantri").await?;
        let c = &b.client;
        c.find(Locator::Css("header nav a[href='/to-chuc']"))
            .await?
            .click()
            .await?;
        b.heading("Cây tổ chức").await?;
        let tree = b.text_of("ul.tree").await?;
        for (_, name, _, _) in ORGS {
            ensure(tree.contains(name), || {
                format!("{name} missing in {tree:?}")
            })?;
        }
        c.wait()
            .at_most(WAIT)
            .for_element(Locator::LinkText("Chi bộ Phòng A1"))
            .await?
            .click()
            .await?;
        b.heading("Chi bộ Phòng A1").await?;
        let paragraph = b.text_of("p.paragraph").await?;
        ensure(
            paragraph.starts_with("Chi bộ Phòng A1 hiện có 3 đảng viên"),
            || format!("statistics paragraph {paragraph:?}"),
        )?;
        let members = b.text_of("#members").await?;
        for name in A1_MEMBERS {
            ensure(members.contains(name), || {
                format!("{name} not in {members:?}")
            })?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_without_diacritics_finds_the_member() {
    story(
        "search_without_diacritics_finds_the_member",
        async |app, b| {
            b.sign_in(app, "quantri").await?;
            let c = &b.client;
            c.goto(&app.url("/to-chuc/DB-A")).await?;
            // The committee's table lists its whole subtree: CB-A1's three and the transferee.
            c.wait()
                .at_most(WAIT)
                .for_element(Locator::XPath("//table[@id='members'][count(tbody/tr)=4]"))
                .await?;
            let field = c.find(Locator::Css("input[name=tim]")).await?;
            field.send_keys("nguyen van").await?;
            field.send_keys("\u{E007}").await?; // Enter submits the form.
            c.wait()
                .at_most(WAIT)
                .for_element(Locator::XPath("//table[@id='members'][count(tbody/tr)=1]"))
                .await?;
            let rows = b.text_of("#members tbody").await?;
            ensure(rows.contains("Nguyễn Văn Đức"), || {
                format!("search result {rows:?}")
            })?;
            for other in [A1_MEMBERS[1], A1_MEMBERS[2], TRANSFERRED, B_MEMBER] {
                ensure(!rows.contains(other), || {
                    format!("{other} should not match: {rows:?}")
                })?;
            }
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_shows_in_the_timeline() {
    story("transfer_shows_in_the_timeline", async |app, b| {
        b.sign_in(app, "quantri").await?;
        b.client
            .goto(&app.url(&format!("/dang-vien/{}", app.seeded)))
            .await?;
        b.heading(TRANSFERRED).await?;
        let timeline = b.text_of("ol.timeline").await?;
        let transfer = timeline
            .lines()
            .find(|l| l.contains("Chuyển sinh hoạt đảng"))
            .ok_or_else(|| format!("no transfer in the timeline {timeline:?}"))?;
        ensure(transfer.contains("Chi bộ Phòng A2"), || {
            format!("the transfer does not name CB-A2: {transfer:?}")
        })?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_cannot_reach_another_branch() {
    story("viewer_cannot_reach_another_branch", async |app, b| {
        b.sign_in(app, "nguoixem").await?;
        let c = &b.client;
        c.goto(&app.url("/to-chuc/CB-A1")).await?;
        let message = b.text_of("main p").await?;
        ensure(
            message.contains("Không tìm thấy") && message.contains("không có quyền"),
            || format!("message for another branch {message:?}"),
        )?;
        let page = b.text_of("body").await?;
        for name in A1_MEMBERS {
            ensure(!page.contains(name), || format!("{name} leaked: {page:?}"))?;
        }
        // The viewer's own branch works.
        c.goto(&app.url("/to-chuc/CB-A2")).await?;
        b.heading("Chi bộ Phòng A2").await?;
        let members = b.text_of("#members").await?;
        ensure(members.contains(TRANSFERRED), || {
            format!("own branch members {members:?}")
        })?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_a_wrong_password_shows_the_vietnamese_message() {
    story(
        "sign_in_with_a_wrong_password_shows_the_vietnamese_message",
        async |app, b| {
            b.submit_login(app, "quantri", "khong-dung-mat-khau")
                .await?;
            let alert = b.text_of("p.error[role=alert]").await?;
            ensure(
                alert == "Tên đăng nhập hoặc mật khẩu không đúng.",
                || format!("alert {alert:?}"),
            )?;
            // Still on the sign-in form, the user name kept, no navigation shown.
            let kept = b
                .client
                .find(Locator::Css("input[name=username]"))
                .await?
                .prop("value")
                .await?;
            ensure(kept.as_deref() == Some("quantri"), || {
                format!("user name kept {kept:?}")
            })?;
            let navs = b.client.find_all(Locator::Css("header nav")).await?;
            ensure(navs.is_empty(), || {
                "navigation shown without a session".into()
            })?;
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_member_with_an_impossible_date_shows_the_message() {
    story(
        "adding_a_member_with_an_impossible_date_shows_the_message",
        async |app, b| {
            b.sign_in(app, "quantri").await?;
            let c = &b.client;
            c.goto(&app.url("/to-chuc/CB-A1/them-dang-vien")).await?;
            let type_into = async |name: &str, text: &str| -> Step {
                let field = c
                    .wait()
                    .at_most(WAIT)
                    .for_element(Locator::Css(&format!("input[name={name}]")))
                    .await?;
                field.clear().await?;
                field.send_keys(text).await?;
                Ok(())
            };
            type_into("full_name", "Hoàng Thị Mai").await?;
            type_into("birth_date", "30/02/1990").await?;
            type_into("admitted_on", "19/05/2015").await?;
            c.find(Locator::Css("form.record button[type=submit]"))
                .await?
                .click()
                .await?;
            let beside = b
                .text_of("input[name=birth_date] ~ .field-error, .field:has(input[name=birth_date]) .field-error")
                .await?;
            ensure(beside.contains("30/02/1990"), || {
                format!("message beside the birth date {beside:?}")
            })?;
            let alert = b.text_of("p.error[role=alert]").await?;
            ensure(alert.contains("Chưa có gì được lưu"), || {
                format!("alert {alert:?}")
            })?;
            // What was typed is kept, and nobody was added.
            let kept = c
                .find(Locator::Css("input[name=full_name]"))
                .await?
                .prop("value")
                .await?;
            ensure(kept.as_deref() == Some("Hoàng Thị Mai"), || {
                format!("name kept {kept:?}")
            })?;
            c.goto(&app.url("/to-chuc/CB-A1")).await?;
            let members = b.text_of("#members").await?;
            ensure(!members.contains("Hoàng Thị Mai"), || {
                format!("saved anyway: {members:?}")
            })?;
            Ok(())
        },
    )
    .await;
}
