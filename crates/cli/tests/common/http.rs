//! The demo served by the real binary (`dangvu serve --demo`) on a free port, and a minimal
//! HTTP client with a cookie jar that signs in as a demo user: for the tests that read the
//! pages as a user does (the crawl, the figures and their lists).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A page reached, with the links it holds (HTML only).
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A minimal HTTP/1.0 client (the server answers without chunking and closes), with a jar.
pub struct Client {
    pub port: u16,
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    /// A client signed in as the demo user `user`.
    pub fn signed_in(port: u16, user: &str) -> Self {
        let mut c = Client {
            port,
            cookies: BTreeMap::new(),
        };
        c.sign_in(user);
        c
    }

    /// A page's body, which must answer 200.
    pub fn page(&mut self, path: &str) -> String {
        let r = self.request("GET", path, None);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.body
    }

    pub fn request(&mut self, method: &str, path: &str, form: Option<&str>) -> Reply {
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

    pub fn sign_in(&mut self, user: &str) {
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
pub fn attr_after(html: &str, anchor: &str, marker: &str) -> Option<String> {
    let at = html.find(anchor)?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..html[at..].find('>').map(|e| at + e)?];
    let v = tag.split(marker).nth(1)?;
    Some(v.split('"').next()?.to_string())
}

/// The same-site links of a page: `href="/…"`, without fragments, entities decoded.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.replace("&amp;", "&").replace("&#38;", "&"))
        .map(|h| h.split('#').next().unwrap_or(&h).to_string())
        .filter(|h| !h.is_empty())
        .collect()
}

pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn serve(dir: &std::path::Path) -> (Server, u16) {
    serve_db(
        &format!("sqlite://{}", dir.join("crawl.db").display()),
        true,
    )
}

/// `dangvu serve` over `db` (with `--demo` when `demo`), once it answers its health check.
pub fn serve_db(db: &str, demo: bool) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let addr = format!("127.0.0.1:{port}");
    let mut args = vec!["serve", "--db", db, "--addr", &addr];
    if demo {
        args.push("--demo");
    }
    let child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(if std::env::var_os("DANGVU_TEST_SERVER_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
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
