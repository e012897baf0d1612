//! Browser tests: the real pages in headless Chromium, driven over WebDriver (chromedriver +
//! fantoccini), against the app served on a free local port over a temporary SQLite database.
//!
//! Needs `chromium` and `chromium-driver` (Debian). Paths: `CHROMIUM` (default
//! `/usr/bin/chromium`) and `CHROMEDRIVER` (default `/usr/bin/chromedriver`, else `PATH`).
//! Without chromedriver the tests fail, unless `DANGVU_SKIP_BROWSER=1` says to skip them.
//! A failed step leaves a screenshot in `<target dir>/e2e-screenshots/<test>.png`.
//!
//! Every test is independent: its own database, server, chromedriver and browser profile.
//! Nothing sleeps; pages are awaited with `wait().for_element(...)`.

use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use db::{Actor, Db, NewOrg};
use domain::access::Role;
use domain::lifecycle::MemberEvent;
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

const ORGS: [(&str, &str, OrgKind, Option<&str>); 6] = [
    ("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
    ("DUK", "Đảng bộ Khối Thử", OrgKind::Block, Some("TU")),
    (
        "DB-A",
        "Đảng bộ Sở A",
        OrgKind::GrassrootsCommittee,
        Some("DUK"),
    ),
    ("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some("DB-A")),
    ("CB-A2", "Chi bộ Phòng A2", OrgKind::Branch, Some("DB-A")),
    (
        "CB-B",
        "Chi bộ Sở B",
        OrgKind::GrassrootsBranch,
        Some("DUK"),
    ),
];

/// Members of CB-A1 after the transfer.
const A1_MEMBERS: [&str; 3] = ["Nguyễn Văn Đức", "Trần Thị Hồng", "Nguyễn Thị Lan"];
/// Added to CB-A1, then transferred to CB-A2.
const TRANSFERRED: &str = "Lê Văn Nam";
const B_MEMBER: &str = "Phạm Văn Bình";

fn member(name: &str, sex: Sex, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1985, 3, 4).unwrap(),
        sex,
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
    transferred_id: i32,
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
        let transferred_id = seed(&db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, web::router(web::AppState::new(db)))
                .await
                .unwrap();
        });
        App {
            base: format!("http://{addr}"),
            transferred_id,
            server,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The tree of tests/access.rs, five members, one transfer, an admin and a viewer.
/// Returns the id of the transferred member.
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
    let people = [
        ("CB-A1", A1_MEMBERS[0], Sex::Male),
        ("CB-A1", A1_MEMBERS[1], Sex::Female),
        ("CB-A1", A1_MEMBERS[2], Sex::Female),
        ("CB-A1", TRANSFERRED, Sex::Male),
        ("CB-B", B_MEMBER, Sex::Male),
    ];
    let mut transferred = None;
    for (i, (org, name, sex)) in people.into_iter().enumerate() {
        let id = db
            .add_person(&a, org, &member(name, sex, &format!("8000000{i}")), today)
            .await
            .unwrap();
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
            .goto(&app.url(&format!("/dang-vien/{}", app.transferred_id)))
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
