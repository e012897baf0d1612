//! Every kind of page a demo user reaches passes axe-core (issue 18 §2.7): the demo served by
//! the real binary, crawled over HTTP as each demo role (administrator, secretary, viewer, member) to
//! find the pages, then one page of each kind (addresses alike but for their numbers) opened
//! in headless Chromium, signed in as that role, and checked with axe-core 4.14.1 (WCAG 2 A
//! and AA rules); a serious or critical fault fails the test. The member's pages must also fit
//! a 375 px phone screen. Needs Debian's `chromium` and
//! `chromium-driver`, as the web crate's browser tests do.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::{Client, links, serve};
use fantoccini::{ClientBuilder, Locator};

const AXE: &str = include_str!("../../web/tests/vendor/axe-4.14.1.min.js");

/// The same-site pages `user` reaches from the home page (HTML answers only), at most `max`.
fn pages_of(port: u16, user: &str, max: usize) -> Vec<String> {
    let mut c = Client::signed_in(port, user);
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut seen = BTreeSet::from(["/".to_string()]);
    let mut out = Vec::new();
    while let Some(path) = queue.pop_front() {
        if out.len() >= max {
            break;
        }
        let r = c.request("GET", &path, None);
        // A member's home redirects to their own page.
        if matches!(r.status, 302 | 303)
            && let Some((_, to)) = r.headers.iter().find(|(k, _)| k == "location")
            && to.starts_with('/')
            && seen.insert(to.clone())
        {
            queue.push_back(to.clone());
        }
        let html = r
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/html"));
        if r.status != 200 || !html {
            continue;
        }
        out.push(path.clone());
        for l in links(&r.body) {
            if !l.starts_with("/dang-xuat") && !l.starts_with("/static/") && seen.insert(l.clone())
            {
                queue.push_back(l);
            }
        }
    }
    out
}

/// An address's kind: its path with every number replaced, without the query.
fn kind_of(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "#"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Driver {
    let path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(&path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("chromedriver ({path}) is needed: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child, port)
}

async fn browser(driver: &Driver, profile: &std::path::Path) -> fantoccini::Client {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps = serde_json::json!({"goog:chromeOptions": {"binary": chromium, "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", format!("--user-data-dir={}", profile.display()),
        "--window-size=1280,1000"]}});
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a Chromium session")
}

/// The serious and critical faults axe finds on the page open in `b`.
async fn axe(b: &fantoccini::Client) -> Vec<String> {
    b.execute(&format!("{AXE}\n;return true;"), vec![])
        .await
        .expect("axe loads");
    let found = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.length + ' (' + v.nodes[0].target.join(' ') + ')')))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn sign_in(b: &fantoccini::Client, base: &str, user: &str) {
    b.goto(&format!("{base}/dang-nhap")).await.unwrap();
    let name = b
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap();
    name.send_keys(user).await.unwrap();
    b.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("dangvu-demo")
        .await
        .unwrap();
    b.find(Locator::Css(
        "form[action='/dang-nhap'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    b.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//main//h1"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_of_the_demo_passes_axe_for_every_role() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    let base = format!("http://127.0.0.1:{port}");
    let driver = chromedriver();
    let mut faults = Vec::new();
    let mut checked = 0;
    for user in ["demo", "bithu-snv", "xem-snv", "dv-snv"] {
        let pages = pages_of(port, user, 400);
        let mut kinds = BTreeSet::new();
        let profile = tempfile::tempdir().expect("profile");
        let b = browser(&driver, profile.path()).await;
        sign_in(&b, &base, user).await;
        for path in pages.iter().filter(|p| kinds.insert(kind_of(p))) {
            b.goto(&format!("{base}{path}")).await.unwrap();
            checked += 1;
            for v in axe(&b).await {
                faults.push(format!("{user} {path}: {v}"));
            }
        }
        if user == "dv-snv" {
            faults.extend(at_phone_width(&b, &base, &pages).await);
        }
        let _ = b.close().await;
    }
    assert!(checked > 40, "only {checked} kinds of page checked");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// The member's pages at 375 px (a small phone): none wider than the screen; a screenshot of
/// each is left in `<target dir>/e2e-screenshots/member-*.png` to look at.
async fn at_phone_width(b: &fantoccini::Client, base: &str, pages: &[String]) -> Vec<String> {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|p| p.join("e2e-screenshots"))
        .unwrap_or_else(|| std::env::temp_dir().join("e2e-screenshots"));
    let _ = std::fs::create_dir_all(&dir);
    b.set_window_size(375, 800).await.unwrap();
    let mut faults = Vec::new();
    for path in pages
        .iter()
        .filter(|p| p.starts_with("/ca-nhan") || p.starts_with("/doi-mat-khau"))
    {
        b.goto(&format!("{base}{path}")).await.unwrap();
        let width = b
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);
        let inner = b
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);
        if width > inner {
            faults.push(format!(
                "dv-snv {path}: {width} px wide on a {inner} px screen"
            ));
        }
        let name: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        if let Ok(png) = b.screenshot().await {
            let _ = std::fs::write(dir.join(format!("member{name}.png")), png);
        }
    }
    faults
}

#[test]
fn pages_alike_but_for_their_numbers_are_one_kind() {
    assert_eq!(kind_of("/dang-vien/12?ngay=2020-05-15"), "/dang-vien/#");
    assert_eq!(kind_of("/dai-hoi/vong/3/nhap/1"), "/dai-hoi/vong/#/nhap/#");
    assert_ne!(
        kind_of("/to-chuc/CB-SNV"),
        kind_of("/to-chuc/CB-SNV/xep-loai")
    );
}
