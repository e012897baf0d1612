//! The daily pages in a real browser (issue 18 §2.7, §2.9, §6.9): a branch secretary records a
//! meeting on the calendar and corrects its attendance on the meeting's page; every daily page,
//! as every role opens it, passes axe-core with no serious or critical fault and fits a 390 px
//! phone screen without scrolling sideways (a screenshot of each is left in
//! `<target dir>/e2e-screenshots/phone-*.png` to look at).

#[path = "common/browser.rs"]
mod browser_support;
mod common;

use browser_support::{Browser, Step, ensure};
use chrono::{Datelike, Duration, Local};
use common::{ORGS, PASSWORD, create_orgs, member};
use db::branch::{MemberRatingInput, NewMeeting, NewStudySession};
use db::{Actor, Db};
use domain::accounts::access::Role;
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use fantoccini::Locator;

/// What the stories need: a member's id, a meeting's id.
struct Seeded {
    member: i32,
    meeting: i32,
    congress: i32,
    round: i32,
}

type App = browser_support::App<Seeded>;

const NAMES: [&str; 3] = ["Nguyễn Văn Đức", "Trần Thị Hồng", "Lê Văn Nam"];

/// The page tests' tree, three members of CB-A1 with a meeting last month, a study session
/// and last year's ratings, and a user per role.
async fn seed(db: &Db) -> Seeded {
    let a = Actor("e2e".into());
    create_orgs(db, &a, &ORGS).await;
    let today = Local::now().date_naive();
    let mut ids = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let id = db
            .add_person(&a, "CB-A1", &member(name, &format!("8100000{i}")), today)
            .await
            .unwrap();
        ids.push(id);
    }
    let held = today - Duration::days(30);
    let meeting = db
        .record_meeting(
            &a,
            &NewMeeting {
                org: "CB-A1".into(),
                kind: MeetingKind::Regular,
                held_on: held,
                minutes: 120,
                thematic_part: false,
                topic: "Sinh hoạt chi bộ định kỳ".into(),
                minutes_text: None,
                attendance: ids.iter().map(|i| (*i, Attendance::Present)).collect(),
            },
            today,
        )
        .await
        .unwrap()
        .id;
    db.record_study(
        &a,
        &NewStudySession {
            org: "CB-A1".into(),
            kind: StudyKind::Resolution,
            held_on: held,
            topic: "Quán triệt nghị quyết".into(),
            attendees: ids.clone(),
        },
        today,
    )
    .await
    .unwrap();
    let inputs: Vec<MemberRatingInput> = ids
        .iter()
        .map(|p| MemberRatingInput {
            person: *p,
            level: RatingLevel::Good,
            score: None,
            note: None,
        })
        .collect();
    for stage in RatingStage::ALL {
        db.rate_members(&a, "CB-A1", today.year() - 1, stage, &inputs, today)
            .await
            .unwrap();
    }
    let congress = db
        .create_congress(
            &a,
            &db::NewCongress {
                org: "CB-A1".into(),
                term: domain::congress::Term {
                    from: 2025,
                    to: 2030,
                },
                kind: domain::election::CongressKind::Members,
                starts_on: today,
                ends_on: today,
                place: Some("Hội trường".into()),
                guests: vec![],
                pilot: false,
            },
        )
        .await
        .unwrap()
        .id;
    db.set_counting_board(&a, congress, &[NAMES[2].to_string()])
        .await
        .unwrap();
    let (round, _) = db
        .open_election(
            &a,
            congress,
            domain::congress::ElectionKind::Secretary,
            1,
            &[
                db::NewCandidate::listed(NAMES[0]),
                db::NewCandidate::listed(NAMES[1]),
            ],
            3,
        )
        .await
        .unwrap();
    for (user, org, role) in [
        ("quantri", "TU", Role::Admin),
        ("canbo", "DB-A", Role::Staff),
        ("bithu", "CB-A1", Role::Secretary),
        ("nguoixem", "CB-A1", Role::Viewer),
    ] {
        db.create_user(&a, user, PASSWORD, org, role).await.unwrap();
    }
    Seeded {
        member: ids[0],
        meeting,
        congress,
        round: round.id,
    }
}

async fn story(test: &'static str, body: impl AsyncFnOnce(&App, &Browser) -> Step) {
    browser_support::story(test, seed, body).await;
}

/// Types `text` into the field `css` (cleared first).
async fn type_into(b: &Browser, css: &str, text: &str) -> Step {
    let el = b.client.find(Locator::Css(css)).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretary_records_a_meeting_and_corrects_its_attendance() {
    story(
        "a_secretary_records_a_meeting_and_corrects_its_attendance",
        async |app, b| {
            b.sign_in(app, "bithu").await?;
            b.client
                .goto(&app.url("/to-chuc/CB-A1/lich-sinh-hoat"))
                .await?;
            b.client
                .find(Locator::Css("#ghi-cuoc-hop summary"))
                .await?
                .click()
                .await?;
            let today = Local::now().date_naive();
            let day = domain::text::format_date(today);
            type_into(b, "#ghi-cuoc-hop input[name=held_on]", &day).await?;
            type_into(b, "#ghi-cuoc-hop input[name=minutes]", "120").await?;
            type_into(b, "#ghi-cuoc-hop input[name=topic]", "Sinh hoạt tháng này").await?;
            b.client
                .find(Locator::Css("#ghi-cuoc-hop button[type=submit]"))
                .await?
                .click()
                .await?;
            let saved = b.text_of("#saved").await?;
            ensure(saved.starts_with("Đã ghi"), || format!("saved: {saved}"))?;
            // The new meeting's page, from the calendar's attendance link.
            let url = b.client.current_url().await?;
            let id = url
                .query_pairs()
                .find(|(k, _)| k == "da_ghi")
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            ensure(id != app.seeded.meeting.to_string(), || {
                format!("a new meeting is confirmed: {url}")
            })?;
            let link = b
                .client
                .find(Locator::Css(&format!("#hop-{id} a[href='/hop/{id}']")))
                .await?;
            let text = link.text().await?;
            ensure(text.starts_with("3/3"), || {
                format!("attendance link: {text}")
            })?;
            link.click().await?;
            b.text_of("#attendance").await?;
            // Correct: the first member was away on business.
            b.client
                .find(Locator::Css("#sua-cuoc-hop summary"))
                .await?
                .click()
                .await?;
            let m = app.seeded.member;
            b.client
                .find(Locator::Css(&format!(
                    "#sua-cuoc-hop input[name=a_{m}][value=excused]"
                )))
                .await?
                .click()
                .await?;
            type_into(
                b,
                &format!("#sua-cuoc-hop input[name=r_{m}]"),
                "Đi công tác",
            )
            .await?;
            type_into(b, "#sua-cuoc-hop input[name=ly_do]", "Ghi nhầm điểm danh").await?;
            b.client
                .find(Locator::Css("#sua-cuoc-hop button[type=submit]"))
                .await?
                .click()
                .await?;
            let saved = b.text_of("#saved").await?;
            ensure(saved.starts_with("Đã lưu sửa đổi"), || {
                format!("saved: {saved}")
            })?;
            let table = b.text_of("#attendance").await?;
            ensure(table.contains("Đi công tác"), || {
                format!("attendance: {table}")
            })?;
            let heading = b.text_of("main h2").await?;
            ensure(heading.contains("có mặt 2/3"), || {
                format!("heading: {heading}")
            })
        },
    )
    .await;
}

/// The daily pages a role opens.
fn pages(seeded: &Seeded, user: &str) -> Vec<(String, String)> {
    let year = Local::now().date_naive().year() - 1;
    let mut out: Vec<(&str, String)> = vec![
        ("trang-chu", "/".into()),
        ("to-chuc", "/to-chuc/CB-A1".into()),
        ("lich-sinh-hoat", "/to-chuc/CB-A1/lich-sinh-hoat".into()),
        ("cuoc-hop", format!("/hop/{}", seeded.meeting)),
        ("hoc-tap", "/to-chuc/CB-A1/hoc-tap-giam-sat".into()),
        ("xep-loai", format!("/to-chuc/CB-A1/xep-loai?nam={year}")),
        ("nghi-quyet", "/to-chuc/CB-A1/nghi-quyet".into()),
        ("dang-vien", format!("/dang-vien/{}", seeded.member)),
        ("so-lieu", "/to-chuc/CB-A1/so-lieu?chi-so=dang-vien".into()),
        ("dai-hoi", "/to-chuc/CB-A1/dai-hoi".into()),
        ("dai-hoi-trang", format!("/dai-hoi/{}", seeded.congress)),
        ("ket-qua", format!("/dai-hoi/vong/{}", seeded.round)),
    ];
    if user == "quantri" || user == "bithu" {
        // The forms a writer opens.
        out.extend([
            ("them-dang-vien", "/to-chuc/CB-A1/them-dang-vien".into()),
            ("sua-dang-vien", format!("/dang-vien/{}/sua", seeded.member)),
            (
                "chuyen-sinh-hoat",
                format!("/dang-vien/{}/chuyen-sinh-hoat", seeded.member),
            ),
            ("ket-nap", "/to-chuc/CB-A1/ket-nap".into()),
            ("nhap", "/to-chuc/CB-A1/nhap".into()),
            ("sua-to-chuc", "/to-chuc/CB-A1/sua".into()),
            ("token", "/tai-khoan/token".into()),
            (
                "nhap-phieu",
                format!("/dai-hoi/vong/{}/nhap/1", seeded.round),
            ),
        ]);
    }
    match user {
        "quantri" => out.extend([
            ("nhat-ky", "/nhat-ky".into()),
            ("cay", "/to-chuc".into()),
            ("api", "/tai-khoan/api".into()),
            ("to-chuc-moi", "/to-chuc/moi".into()),
            ("tach", "/to-chuc/DB-A/tach".into()),
            ("sap-nhap", "/to-chuc/CB-A2/sap-nhap".into()),
        ]),
        "canbo" => out.push(("tong-hop", "/to-chuc/DB-A/nghi-quyet/tong-hop".into())),
        _ => {}
    }
    out.into_iter()
        .map(|(n, p)| (format!("{user}-{n}"), p))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_daily_page_passes_axe_and_fits_a_phone_for_every_role() {
    story(
        "every_daily_page_passes_axe_and_fits_a_phone_for_every_role",
        async |app, b| {
            let mut faults = Vec::new();
            for user in ["quantri", "canbo", "bithu", "nguoixem"] {
                b.client.delete_all_cookies().await?;
                b.sign_in(app, user).await?;
                for (name, path) in pages(&app.seeded, user) {
                    b.client.goto(&app.url(&path)).await?;
                    b.text_of("main h1").await?;
                    for v in b.axe().await? {
                        faults.push(format!("{user} {path}: {v}"));
                    }
                    if let Some(f) = b.at_phone_width(&name).await? {
                        faults.push(format!("{user} {path}: {f}"));
                    }
                }
            }
            // The checks can fail: a field without a label, a page wider than a phone.
            b.client
                .goto("data:text/html;charset=utf-8,<html><body><input><div style='width:900px'>x</div></body></html>")
                .await?;
            let seen = b.axe().await?;
            ensure(seen.iter().any(|v| v.starts_with("label")), || {
                format!("axe did not see an unlabelled field: {seen:?}")
            })?;
            ensure(b.at_phone_width("self-check").await?.is_some(), || {
                "a 900 px page was said to fit a phone".into()
            })?;
            ensure(faults.is_empty(), || faults.join("\n"))
        },
    )
    .await;
}
