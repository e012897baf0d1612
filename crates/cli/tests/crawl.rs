//! Every link a demo user is shown leads somewhere: the demo served by the real binary
//! (`dangvu serve --demo`), signed in as each demo role (administrator, secretary, viewer),
//! crawled from the home page; every link found on a page is followed, and none may answer 403,
//! 404 or a server error (menus and buttons are drawn from the rules that guard the routes).
//! Runs on SQLite: the pages do not depend on the database's engine.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A page reached, with the links it holds (HTML only).
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// A minimal HTTP/1.0 client (the server answers without chunking and closes), with a jar.
struct Client {
    port: u16,
    cookies: BTreeMap<String, String>,
}

impl Client {
    fn request(&mut self, method: &str, path: &str, form: Option<&str>) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).ok();
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut req = format!(
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{0}\r\nOrigin: http://127.0.0.1:{0}\r\nCookie: {1}\r\n",
            self.port,
            cookie.join("; ")
        );
        if let Some(f) = form {
            req.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                f.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(form.unwrap_or_default());
        s.write_all(req.as_bytes()).expect("write");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let (head, body) = match raw.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(i) => (&raw[..i], &raw[i + 4..]),
            None => (&raw[..], &[][..]),
        };
        let head = String::from_utf8_lossy(head).to_string();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
            .collect();
        for (k, v) in &headers {
            if k == "set-cookie"
                && let Some((name, value)) = v.split(';').next().and_then(|c| c.split_once('='))
            {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(body).to_string(),
        }
    }

    fn sign_in(&mut self, user: &str) {
        let form = self.request("GET", "/dang-nhap", None);
        let csrf = attr_after(&form.body, "name=\"csrf\"", "value=\"").unwrap_or_default();
        let body = format!("username={user}&password=dangvu-demo&csrf={csrf}");
        let r = self.request("POST", "/dang-nhap", Some(&body));
        assert!(
            r.status == 303 || r.status == 302,
            "{user} could not sign in: {} {}",
            r.status,
            r.body
        );
    }
}

/// The value after `marker` in the tag that holds `anchor` (the hidden CSRF field).
fn attr_after(html: &str, anchor: &str, marker: &str) -> Option<String> {
    let at = html.find(anchor)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..html[at..].find('>').map(|e| at + e)?];
    let v = tag.split(marker).nth(1)?;
    Some(v.split('"').next()?.to_string())
}

/// The same-site links of a page: `href="/…"`, without fragments, entities decoded.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or(h).replace("&amp;", "&"))
        .filter(|h| !h.is_empty())
        .collect()
}

/// What a page must not hold: an empty table header cell, a heading that skips a level, a
/// native date picker (dates are typed ngày/tháng/năm everywhere).
fn page_faults(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    if html.contains("<th></th>") {
        out.push("an empty header cell".to_string());
    }
    if html.contains("type=\"date\"") {
        out.push("a native date picker".to_string());
    }
    let mut previous = 0u8;
    for part in html.split("<h").skip(1) {
        let Some(level) = part.bytes().next().filter(|b| (b'1'..=b'6').contains(b)) else {
            continue;
        };
        let level = level - b'0';
        if level > previous + 1 {
            out.push(format!("a heading h{level} after h{previous}"));
        }
        previous = level;
    }
    out
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &std::path::Path) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args([
            "serve",
            "--db",
            &format!("sqlite://{}", dir.join("crawl.db").display()),
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--demo",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("dangvu serve");
    let server = Server(child);
    for _ in 0..600 {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n");
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            if out.contains("200") {
                return (server, port);
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("dangvu serve did not start");
}

/// The most pages parsed for links per role, and links checked, to bound the run.
const PAGES: usize = 160;
const CHECKS: usize = 700;

/// Crawls as `user`; returns the broken links as "page → link: status".
fn crawl(port: u16, user: &str) -> (Vec<String>, usize) {
    let mut c = Client {
        port,
        cookies: BTreeMap::new(),
    };
    c.sign_in(user);
    let mut queue: VecDeque<(String, String)> = VecDeque::from([("/".into(), "/".into())]);
    let mut seen: BTreeSet<String> = BTreeSet::from(["/".to_string()]);
    let (mut broken, mut parsed, mut checked) = (Vec::new(), 0, 0);
    while let Some((from, path)) = queue.pop_front() {
        if checked >= CHECKS {
            break;
        }
        checked += 1;
        let r = c.request("GET", &path, None);
        if matches!(r.status, 403 | 404) || r.status >= 500 || r.status == 0 {
            broken.push(format!("{from} → {path}: {}", r.status));
            continue;
        }
        let html = r
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/html"));
        if !html || r.status != 200 || parsed >= PAGES {
            continue;
        }
        parsed += 1;
        broken.extend(
            page_faults(&r.body)
                .into_iter()
                .map(|f| format!("{path}: {f}")),
        );
        for l in links(&r.body) {
            let skip = l.starts_with("/dang-xuat") || l.starts_with("/static/");
            if !skip && seen.insert(l.clone()) {
                queue.push_back((path.clone(), l));
            }
        }
    }
    (broken, checked)
}

#[test]
fn no_link_shown_to_a_demo_user_leads_to_a_refusal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    let mut all = Vec::new();
    for user in ["demo", "bithu-snv", "xem-snv"] {
        let (broken, checked) = crawl(port, user);
        assert!(checked > 20, "{user}: only {checked} links reached");
        all.extend(broken.into_iter().map(|b| format!("{user}: {b}")));
    }
    assert!(
        all.is_empty(),
        "links that answer a refusal:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_crawler_sees_a_refusal() {
    // The check can fail: a page that does not exist is reported.
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    let mut c = Client {
        port,
        cookies: BTreeMap::new(),
    };
    c.sign_in("xem-snv");
    assert_eq!(c.request("GET", "/nhat-ky", None).status, 404);
    assert_eq!(c.request("GET", "/khong-co-trang-nay", None).status, 404);
    assert!(links("<a href=\"/a?b=1&amp;c=2#x\">").contains(&"/a?b=1&c=2".to_string()));
    assert_eq!(page_faults("<h1>a</h1><h3>b</h3><th></th>").len(), 2);
    assert!(page_faults("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>").is_empty());
}
