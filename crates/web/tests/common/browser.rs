//! The harness of the browser tests (`browser*.rs`): the app served on a free local port over
//! a fresh, seeded SQLite database, chromedriver, one headless Chromium session per test, and
//! `story`, which runs one user story and leaves a screenshot in
//! `<target dir>/e2e-screenshots/<test>.png` when a step fails.
//!
//! Needs `chromium` and `chromium-driver` (Debian). Paths: `CHROMIUM` (default
//! `/usr/bin/chromium`) and `CHROMEDRIVER` (default `/usr/bin/chromedriver`, else `PATH`).
//! Without chromedriver the tests fail: a browser test never passes without a browser. To
//! leave them out on a machine without Chromium, filter them out
//! (`cargo nextest run -E 'not binary(/^browser/)'`), which nextest reports as skipped.
//!
//! Only the browser tests include it (`#[path = "common/browser.rs"] mod browser_support;`),
//! next to `mod common;`, so the other test binaries do not build fantoccini's client. Not
//! every binary uses every helper (the accessibility and phone checks are `browser_daily`'s).

#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use db::Db;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::common::PASSWORD;

/// How long any one element may take to appear.
pub const WAIT: Duration = Duration::from_secs(15);

pub type Failure = Box<dyn std::error::Error + Send + Sync>;
pub type Step<T = ()> = Result<T, Failure>;

/// Turns a false condition into a failed step (so the harness can take a screenshot).
pub fn ensure(ok: bool, what: impl FnOnce() -> String) -> Step {
    if ok { Ok(()) } else { Err(what().into()) }
}

// ---------------------------------------------------------------------------------------------
// The application under test

/// The app on 127.0.0.1:<free port> over a seeded temporary SQLite database.
pub struct App<S> {
    base: String,
    /// What the test's seed returned (ids the story needs).
    pub seeded: S,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl<S> Drop for App<S> {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl<S> App<S> {
    async fn start(seed: impl AsyncFnOnce(&Db) -> S) -> App<S> {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
        let db = Db::connect(&url).await.unwrap();
        let seeded = seed(&db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, web::router(web::AppState::new(db)))
                .await
                .unwrap();
        });
        App {
            base: format!("http://{addr}"),
            seeded,
            server,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
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
    /// Starts chromedriver; without it the test fails.
    fn start(test: &str) -> Driver {
        let Some(path) = find_chromedriver() else {
            panic!(
                "{test}: chromedriver not found (set CHROMEDRIVER, or install the Debian packages \
                 `chromium chromium-driver`); to leave the browser tests out, run \
                 cargo nextest run -E 'not binary(/^browser/)', which reports them skipped"
            );
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
        driver
    }
}

/// One browser session (its own profile directory) for one test.
pub struct Browser {
    test: &'static str,
    pub client: Client,
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
    pub async fn text_of(&self, css: &str) -> Step<String> {
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
    pub async fn heading(&self, text: &str) -> Step {
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
    pub async fn sign_in<S>(&self, app: &App<S>, user: &str) -> Step {
        self.submit_login(app, user, PASSWORD).await?;
        self.heading("Tổng quan").await
    }

    pub async fn submit_login<S>(&self, app: &App<S>, user: &str, password: &str) -> Step {
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

    /// The serious and critical accessibility faults axe-core finds on the page (WCAG 2 A and
    /// AA rules), one line each: "rule: how many elements (the first one's selector)".
    pub async fn axe(&self) -> Step<Vec<String>> {
        const AXE: &str = include_str!("../vendor/axe-4.14.1.min.js");
        self.client
            .execute(&format!("{AXE}\n;return true;"), vec![])
            .await?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.id + ': ' + v.nodes.length + ' (' + v.nodes[0].target.join(' ') + ')')))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe answered {found}")]))
    }

    /// Looks at the page at a phone's width (390 px): whether it scrolls sideways, and a
    /// screenshot `<target dir>/e2e-screenshots/phone-<name>.png` to look at. The window is
    /// set back to the desktop size after.
    pub async fn at_phone_width(&self, name: &str) -> Step<Option<String>> {
        self.client.set_window_size(390, 844).await?;
        let widths = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                vec![],
            )
            .await?;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir).ok();
        if let Ok(png) = self.client.screenshot().await {
            std::fs::write(dir.join(format!("phone-{name}.png")), png).ok();
        }
        self.client.set_window_size(1280, 1000).await?;
        let w: Vec<i64> = widths
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_i64()).collect())
            .unwrap_or_default();
        Ok(match w.as_slice() {
            [scroll, client] if scroll <= client => None,
            other => Some(format!("{name} scrolls sideways at 390 px: {other:?}")),
        })
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

/// Runs one user story in a fresh app (seeded by `seed`) and browser: on failure, a
/// screenshot, then a panic.
pub async fn story<S, Seed, F>(test: &'static str, seed: Seed, body: F)
where
    Seed: AsyncFnOnce(&Db) -> S,
    F: AsyncFnOnce(&App<S>, &Browser) -> Step,
{
    let driver = Driver::start(test);
    let app = App::start(seed).await;
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
