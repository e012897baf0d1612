//! Browser test of counting in the hall: two counters each type the same ten ballots on the
//! entry page in headless Chromium (the numbers, then Enter; htmx swaps the running count), one
//! ballot typed differently; the comparison page flags it side by side; the counter undoes
//! and retypes, and the results appear. Same harness as `browser.rs` (chromedriver +
//! fantoccini, a fresh SQLite database and server per test); run serially with the other
//! browser tests.

use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use db::{Actor, Db, NewCandidate, NewCongress, NewOrg};
use domain::access::Role;
use domain::congress::{ElectionKind, Term};
use domain::election::CongressKind;
use domain::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::org::{OrgCode, OrgKind};
use fantoccini::{Client, ClientBuilder, Locator};

const PASSWORD: &str = "mat-khau-thu-nghiem";
/// How long any one element may take to appear.
const WAIT: Duration = Duration::from_secs(15);

type Failure = Box<dyn std::error::Error + Send + Sync>;
type Step<T = ()> = Result<T, Failure>;

/// Turns a false condition into a failed step (so the harness can take a screenshot).
fn ensure(ok: bool, what: impl FnOnce() -> String) -> Step {
    if ok { Ok(()) } else { Err(what().into()) }
}

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

fn member(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1985, 3, 4).unwrap(),
        sex: Sex::Male,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: chrono::NaiveDate::from_ymd_opt(2010, 3, 4).unwrap(),
            official_on: chrono::NaiveDate::from_ymd_opt(2011, 3, 4),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

/// The app on 127.0.0.1:<free port> over a seeded temporary SQLite database.
struct App {
    base: String,
    /// The open round of the chi ủy election.
    round: i32,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Drop for App {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl App {
    async fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
        let db = Db::connect(&url).await.unwrap();
        let round = seed(&db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, web::router(web::AppState::new(db)))
                .await
                .unwrap();
        });
        App {
            base: format!("http://{addr}"),
            round,
            server,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The tree, ten members in CB-A1, its congress today with a counting board and the chi ủy
/// election opened (3 seats, 4 candidates, 10 ballots); an admin. Returns the round's id.
async fn seed(db: &Db) -> i32 {
    let a = Actor("e2e".into());
    for (code, name, kind, parent) in ORGS {
        let new = NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            decision: None,
        };
        db.create_org(&a, &new).await.unwrap();
    }
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

// ---------------------------------------------------------------------------------------------
// chromedriver and the browser

/// A chromedriver child process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_chromedriver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMEDRIVER") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let default = PathBuf::from("/usr/bin/chromedriver");
    if default.is_file() {
        return Some(default);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    /// Starts chromedriver, or returns `None` when it is missing and `DANGVU_SKIP_BROWSER=1`.
    fn start(test: &str) -> Option<Driver> {
        let Some(path) = find_chromedriver() else {
            let why = "chromedriver not found (set CHROMEDRIVER, or install the Debian packages \
                       `chromium chromium-driver`)";
            if std::env::var("DANGVU_SKIP_BROWSER").as_deref() == Ok("1") {
                eprintln!("{test}: skipped: {why}; DANGVU_SKIP_BROWSER=1");
                return None;
            }
            panic!("{test}: {why}. Set DANGVU_SKIP_BROWSER=1 to skip the browser tests.");
        };
        let port = free_port();
        let child = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{test}: cannot start {}: {e}", path.display()));
        let driver = Driver { child, port };
        // Wait until it listens (a start-up poll, bounded).
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{test}: chromedriver at {} did not listen on port {port}",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(driver)
    }
}

/// One browser session (its own profile directory) for one test.
struct Browser {
    test: &'static str,
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn open(test: &'static str, driver: &Driver) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,1000",
                ],
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("{test}: cannot open a Chromium session: {e}"));
        Browser {
            test,
            client,
            _profile: profile,
        }
    }

    /// Waits for the element `css` and returns its text.
    async fn text_of(&self, css: &str) -> Step<String> {
        let el = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for `{css}`: {e}"))?;
        Ok(el.text().await?)
    }

    /// Waits for the page whose main heading is exactly `text` (after a click navigates).
    async fn heading(&self, text: &str) -> Step {
        let xpath = format!("//main/h1[normalize-space()='{text}']");
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .map_err(|e| format!("waiting for the heading {text:?}: {e}"))?;
        Ok(())
    }

    /// Signs in through the form and waits for the dashboard.
    async fn sign_in(&self, app: &App, user: &str) -> Step {
        self.submit_login(app, user, PASSWORD).await?;
        self.heading("Tổng quan").await
    }

    async fn submit_login(&self, app: &App, user: &str, password: &str) -> Step {
        self.client.goto(&app.url("/dang-nhap")).await?;
        let c = &self.client;
        let name = c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("input[name=username]"))
            .await?;
        name.send_keys(user).await?;
        c.find(Locator::Css("input[name=password]"))
            .await?
            .send_keys(password)
            .await?;
        c.find(Locator::Css(
            "form[action='/dang-nhap'] button[type=submit]",
        ))
        .await?
        .click()
        .await?;
        Ok(())
    }

    /// Saves a screenshot in `<target dir>/e2e-screenshots/<test>.png`; returns where.
    async fn screenshot(&self) -> Option<PathBuf> {
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir).ok()?;
        let png = self.client.screenshot().await.ok()?;
        let path = dir.join(format!("{}.png", self.test));
        std::fs::write(&path, png).ok()?;
        Some(path)
    }
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// Runs one user story in a fresh app and browser: on failure, a screenshot, then a panic.
async fn story<F>(test: &'static str, body: F)
where
    F: AsyncFnOnce(&App, &Browser) -> Step,
{
    let Some(driver) = Driver::start(test) else {
        return;
    };
    let app = App::start().await;
    let browser = Browser::open(test, &driver).await;
    let outcome = body(&app, &browser).await;
    if let Err(e) = outcome {
        let url = browser.client.current_url().await.map(|u| u.to_string());
        let shot = browser.screenshot().await;
        let _ = browser.client.close().await;
        let shot = match shot {
            Some(p) => format!("screenshot: {}", p.display()),
            None => "no screenshot could be taken".into(),
        };
        panic!("{test} failed at {url:?}: {e}\n{shot}");
    }
    browser.client.close().await.unwrap();
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
        let url = app.url(&format!("/dai-hoi/vong/{}/nhap/{counter}", app.round));
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

            c.goto(&app.url(&format!("/dai-hoi/vong/{}", app.round)))
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
            c.goto(&app.url(&format!("/dai-hoi/vong/{}/nhap/2", app.round)))
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

            c.goto(&app.url(&format!("/dai-hoi/vong/{}", app.round)))
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
