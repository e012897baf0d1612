//! Browser test of counting in the hall: two counters each type the same ten ballots on the
//! entry page in headless Chromium (the numbers, then Enter; htmx swaps the running count), one
//! ballot typed differently; the comparison page flags it side by side; the counter undoes
//! and retypes, and the results appear. Same harness as `browser.rs` (`common/browser.rs`:
//! chromedriver + fantoccini, a fresh SQLite database and server per test); run serially with the other
//! browser tests.

#[path = "common/browser.rs"]
mod browser_support;
mod common;

use browser_support::{Browser, Step, WAIT, ensure};
use common::{PASSWORD, create_orgs, member};
use db::{Actor, Db, NewCandidate, NewCongress};
use domain::accounts::access::Role;
use domain::congress::{ElectionKind, Term};
use domain::election::CongressKind;
use domain::register::org::OrgKind;
use fantoccini::Locator;

// ---------------------------------------------------------------------------------------------
// The application under test

const ORGS: [(&str, &str, OrgKind, Option<&str>); 3] = [
    ("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
    (
        "DB-A",
        "Đảng bộ Sở A",
        OrgKind::GrassrootsCommittee,
        Some("TU"),
    ),
    ("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some("DB-A")),
];

/// The ten official members of CB-A1.
const MEMBERS: [&str; 10] = [
    "Nguyễn Văn An",
    "Lê Thị Bình",
    "Phạm Văn Cường",
    "Hoàng Thị Dung",
    "Vũ Văn Em",
    "Đặng Thị Giang",
    "Bùi Văn Hải",
    "Đỗ Thị Khánh",
    "Ngô Văn Long",
    "Trần Văn Minh",
];

/// The app under test; `seeded` is the id of the open round of the chi ủy election.
type App = browser_support::App<i32>;

/// The tree, ten members in CB-A1, its congress today with a counting board and the chi ủy
/// election opened (3 seats, 4 candidates, 10 ballots); an admin. Returns the round's id.
async fn seed(db: &Db) -> i32 {
    let a = Actor("e2e".into());
    create_orgs(db, &a, &ORGS).await;
    let today = chrono::Local::now().date_naive();
    for (i, name) in MEMBERS.iter().enumerate() {
        db.add_person(&a, "CB-A1", &member(name, &format!("810000{i:02}")), today)
            .await
            .unwrap();
    }
    let c = db
        .create_congress(
            &a,
            &NewCongress {
                org: "CB-A1".into(),
                term: Term {
                    from: 2025,
                    to: 2030,
                },
                kind: CongressKind::Members,
                starts_on: today,
                ends_on: today,
                place: None,
                guests: vec![],
                pilot: false,
            },
        )
        .await
        .unwrap();
    let names: Vec<String> = c.summoned.official.iter().map(|x| x.name.clone()).collect();
    db.set_counting_board(&a, c.id, &names[6..9]).await.unwrap();
    let candidates: Vec<NewCandidate> =
        names[..4].iter().map(|n| NewCandidate::listed(n)).collect();
    let (round, _) = db
        .open_election(&a, c.id, ElectionKind::Committee, 3, &candidates, 10)
        .await
        .unwrap();
    db.create_user(&a, "quantri", PASSWORD, "TU", Role::Admin)
        .await
        .unwrap();
    round.id
}

/// Runs one user story over a freshly seeded app (see `browser_support::story`).
async fn story(test: &'static str, body: impl AsyncFnOnce(&App, &Browser) -> Step) {
    browser_support::story(test, seed, body).await;
}

// ---------------------------------------------------------------------------------------------
// The user story

/// The ten paper ballots: the numbers of the struck names ("" keeps every name).
const STACK: [&str; 10] = ["4", "4", "", "4", "3", "4", "3", "4", "1 2", "k"];

impl Browser {
    /// On counter `counter`'s entry page: types each line then Enter, waiting after each for
    /// the running count to show the ballot stored.
    async fn enter(&self, app: &App, counter: u8, lines: &[&str], from: usize) -> Step {
        let c = &self.client;
        let url = app.url(&format!("/dai-hoi/vong/{}/nhap/{counter}", app.seeded));
        if c.current_url().await?.as_str() != url {
            c.goto(&url).await?;
        }
        for (i, line) in lines.iter().enumerate() {
            let field = c
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css("input[name=phieu]"))
                .await?;
            field.send_keys(&format!("{line}\u{E007}")).await?;
            let n = from + i + 1;
            let xpath = format!("//p[@id='count']/strong[normalize-space()='{n}/10']");
            c.wait()
                .at_most(WAIT)
                .for_element(Locator::XPath(&xpath))
                .await
                .map_err(|e| {
                    format!("counter {counter}, ballot {n} ({line:?}) not counted: {e}")
                })?;
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_counters_enter_ten_ballots_and_a_mismatch_is_flagged() {
    story(
        "two_counters_enter_ten_ballots_and_a_mismatch_is_flagged",
        async |app, b| {
            b.sign_in(app, "quantri").await?;
            let c = &b.client;
            b.enter(app, 1, &STACK, 0).await?;
            let last = b.text_of("#last").await?;
            ensure(last.contains("Phiếu thứ 10: không hợp lệ"), || {
                format!("last ballot shown as {last:?}")
            })?;
            // Counter 2 types ballot 9 as "1 3".
            let mut typo = STACK;
            typo[8] = "1 3";
            b.enter(app, 2, &typo, 0).await?;

            c.goto(&app.url(&format!("/dai-hoi/vong/{}", app.seeded)))
                .await?;
            let mismatch = b.text_of("#mismatch").await?;
            ensure(mismatch.contains("chưa khớp nhau ở 1 phiếu"), || {
                format!("the mismatch is not flagged: {mismatch:?}")
            })?;
            // Side by side: the position, counter 1's entry, counter 2's entry.
            c.find(Locator::XPath(
                "//section[@id='mismatch']//tr[td[1]='9' and td[2]='gạch 1, 2' and td[3]='gạch 1, 3']",
            ))
            .await
            .map_err(|e| format!("ballot 9 not shown side by side: {e}"))?;
            ensure(c.find(Locator::Css("#results")).await.is_err(), || {
                "results shown while the entries differ".into()
            })?;

            // Undo ballots 10 and 9, type them again.
            c.goto(&app.url(&format!("/dai-hoi/vong/{}/nhap/2", app.seeded)))
                .await?;
            for n in [9, 8] {
                c.wait()
                    .at_most(WAIT)
                    .for_element(Locator::XPath(
                        "//button[normalize-space()='Hoàn tác phiếu cuối']",
                    ))
                    .await?
                    .click()
                    .await?;
                let xpath = format!("//p[@id='count']/strong[normalize-space()='{n}/10']");
                c.wait()
                    .at_most(WAIT)
                    .for_element(Locator::XPath(&xpath))
                    .await
                    .map_err(|e| format!("undo did not bring the count to {n}: {e}"))?;
            }
            b.enter(app, 2, &STACK[8..], 8).await?;

            c.goto(&app.url(&format!("/dai-hoi/vong/{}", app.seeded)))
                .await?;
            let results = b.text_of("#results").await?;
            ensure(
                results.contains("Trúng cử:") && results.contains("Phiếu hợp lệ"),
                || format!("results: {results:?}"),
            )?;
            ensure(c.find(Locator::Css("#mismatch")).await.is_err(), || {
                "still flagged after the fix".into()
            })?;
            Ok(())
        },
    )
    .await;
}
