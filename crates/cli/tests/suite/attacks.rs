//! The demo under attack through its own forms (issue 15, item 8; OWASP ASVS V5): the real
//! binary serves the demo, the administrator's pages are crawled one of each kind, and
//! - every text field of every form that writes is sent a script in a Vietnamese sentence:
//!   no page read afterwards holds it unescaped (stored and reflected XSS, V5.3.3);
//! - every search and filter (the forms that read, and every query parameter of a link) is
//!   sent SQL injections: none answers a server error or shows a database's message, and the
//!   register is unchanged afterwards (V5.3.4);
//! - no answer is ever a 500.
//!
//! On SQLite, and on PostgreSQL when `DANGVU_TEST_PG` names a server.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::common::http::{Client, attr_after, links, serve_db};

/// The script put into every text field: it must only ever come back escaped.
const SCRIPT: &str = "Nguyễn Văn Tấn <script>alert('xss')</script><img src=x onerror=alert(1)>\"'";
/// What an unescaped copy of [`SCRIPT`] holds.
const RAW: [&str; 2] = ["<script>alert('xss')", "<img src=x onerror"];
/// SQL injections for searches and filters.
const INJECTIONS: [&str; 5] = [
    "' OR '1'='1",
    "Nguyễn'; DROP TABLE person; --",
    "%' UNION SELECT username, password_hash FROM app_user --",
    "1) OR (1=1",
    "\\'; SELECT pg_sleep(0); --",
];
/// What a database's error shown to the user would hold.
const LEAKS: [&str; 6] = [
    "syntax error",
    "SQLSTATE",
    "sqlx",
    "near \"",
    "unrecognized token",
    "$argon2",
];
/// Pages read, one of each kind.
const KINDS: usize = 220;

/// The kind of a page: numbers and organization codes stand for any; query keys only.
fn kind(path: &str) -> String {
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let mut out = Vec::new();
    let mut after_org = false;
    for seg in p.split('/') {
        if after_org || seg.chars().any(|c| c.is_ascii_digit()) {
            out.push("*".to_string());
        } else {
            out.push(seg.to_string());
        }
        after_org = matches!(seg, "to-chuc" | "don-vi");
    }
    let mut keys: Vec<&str> = q
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    format!("{}?{}", out.join("/"), keys.join("&"))
}

/// Addresses the sweep must not take: signing out, the sign-in, passwords and accounts (the
/// administrator would lock themselves out), restoring a backup, downloads.
fn off_limits(path: &str) -> bool {
    [
        "dang-xuat",
        "dang-nhap",
        "doi-mat-khau",
        "tai-khoan",
        "khoi-phuc",
        "sao-luu",
        "/api/",
    ]
    .iter()
    .any(|w| path.contains(w))
        || [
            ".pdf", ".docx", ".xlsx", ".csv", ".zip", ".txt", ".xml", ".json", ".png",
        ]
        .iter()
        .any(|e| path.split('?').next().unwrap_or(path).ends_with(e))
}

/// One field of a form: name, kind (`text`, `hidden`, `select`, `check`, …) and the value
/// the page gives it.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    kind: String,
    value: String,
}

#[derive(Clone, Debug)]
struct Form {
    method: String,
    action: String,
    fields: Vec<Field>,
    upload: bool,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let at = tag.find(&needle)? + needle.len();
    Some(
        tag[at..]
            .split('"')
            .next()?
            .replace("&amp;", "&")
            .replace("&#38;", "&"),
    )
}

/// The forms of a page, with their fields.
fn forms(html: &str, page: &str) -> Vec<Form> {
    let mut out = Vec::new();
    for part in html.split("<form").skip(1) {
        let Some(end) = part.find("</form>") else {
            continue;
        };
        let body = &part[..end];
        let open = &body[..body.find('>').unwrap_or(0)];
        let method = attr(open, "method")
            .unwrap_or_else(|| "get".into())
            .to_lowercase();
        let action = attr(open, "action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| page.to_string());
        let upload = open.contains("multipart");
        let mut fields = Vec::new();
        for tag in body.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let name = match attr(tag, "name") {
                Some(n) if !n.is_empty() => n,
                _ => continue,
            };
            let kind = if tag.starts_with("input") {
                attr(tag, "type").unwrap_or_else(|| "text".into())
            } else if tag.starts_with("textarea") {
                "text".into()
            } else if tag.starts_with("select") {
                "select".into()
            } else if tag.starts_with("button") {
                "button".into()
            } else {
                continue;
            };
            let mut value = attr(tag, "value").unwrap_or_default();
            if kind == "select" {
                // The first option's value.
                let rest = &body[body.find(tag).unwrap_or(0)..];
                value = rest
                    .split("<option")
                    .nth(1)
                    .and_then(|o| attr(&format!(" {}", o.split('>').next().unwrap_or("")), "value"))
                    .unwrap_or_default();
            }
            if fields
                .iter()
                .any(|f: &Field| f.name == name && kind != "text")
            {
                continue;
            }
            fields.push(Field { name, kind, value });
        }
        out.push(Form {
            method,
            action,
            fields,
            upload,
        });
    }
    out
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// What goes into a free-text field: a date or a number the page filled in stays (or a date
/// where one is asked), so that the form is stored and its text shown again.
fn typed(f: &Field, text: &str) -> String {
    let v = f.value.trim();
    let date_like = v.len() == 10 && v.as_bytes()[2] == b'/' && v.as_bytes()[5] == b'/';
    if !v.is_empty() && (date_like || v.parse::<f64>().is_ok()) {
        return v.to_string();
    }
    let n = f.name.as_str();
    if n.starts_with("ngay") || n.ends_with("_on") || n.contains("date") || n.ends_with("_ngay") {
        return "01/12/2026".into();
    }
    text.to_string()
}

/// The form's body with `text` in every field that takes free text.
fn filled(f: &Form, text: &str) -> String {
    f.fields
        .iter()
        .filter(|x| x.kind != "button" || !x.value.is_empty())
        .map(|x| {
            let v = match x.kind.as_str() {
                "text" | "search" | "email" | "tel" | "url" | "textarea" => typed(x, text),
                _ => x.value.clone(),
            };
            format!("{}={}", enc(&x.name), enc(&v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// One page of each kind reachable from the home page: (path, html).
fn pages_by_kind(c: &mut Client) -> Vec<(String, String)> {
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut kinds = BTreeSet::from([kind("/")]);
    let mut out = Vec::new();
    while let Some(path) = queue.pop_front() {
        if out.len() >= KINDS {
            break;
        }
        let r = c.request("GET", &path, None);
        assert!(r.status < 500 && r.status != 0, "{path}: {}", r.status);
        let html = r
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/html"));
        if r.status != 200 || !html {
            continue;
        }
        for l in links(&r.body) {
            if !off_limits(&l) && kinds.insert(kind(&l)) {
                queue.push_back(l);
            }
        }
        out.push((path, r.body));
    }
    out
}

fn assert_escaped(html: &str, path: &str, label: &str) {
    for raw in RAW {
        assert!(
            !html.contains(raw),
            "{label}: {path} shows the script unescaped: …{}…",
            &html[html.find(raw).unwrap().saturating_sub(120)..][..200.min(html.len())]
        );
    }
}

fn members(url: &str) -> usize {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let db = db::Db::connect(url).await.unwrap();
            db.roster("CB-SNV", chrono::Utc::now().date_naive())
                .await
                .unwrap()
                .len()
        })
}

#[test]
fn scripts_come_back_escaped_and_injections_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for t in common::targets(dir.path()) {
        let url = if t.label == "SQLite" {
            format!("sqlite://{}", dir.path().join("attacks.db").display())
        } else {
            t.url.clone()
        };
        let (server, port) = serve_db(&url, true);
        let mut c = Client {
            port,
            cookies: BTreeMap::new(),
        };
        c.sign_in("demo");
        let pages = pages_by_kind(&mut c);
        let mut all: Vec<(String, Form)> = Vec::new();
        for (path, html) in &pages {
            for f in forms(html, path) {
                if !f.upload && !off_limits(&f.action) {
                    all.push((path.clone(), f));
                }
            }
        }
        let mut seen = BTreeSet::new();
        all.retain(|(_, f)| {
            let names: Vec<&str> = f.fields.iter().map(|x| x.name.as_str()).collect();
            seen.insert(format!("{} {} {names:?}", f.method, kind(&f.action)))
        });
        let writes: Vec<_> = all.iter().filter(|(_, f)| f.method == "post").collect();
        let reads: Vec<_> = all.iter().filter(|(_, f)| f.method == "get").collect();
        assert!(
            writes.len() >= 20,
            "{}: only {} forms",
            t.label,
            writes.len()
        );
        // Stored and reflected scripts: each write, and the page it leads to.
        let mut texts = 0;
        let mut answers: BTreeMap<u16, usize> = BTreeMap::new();
        for (page, f) in &writes {
            if !f.fields.iter().any(|x| x.kind == "text") {
                continue;
            }
            texts += 1;
            let r = c.request("POST", &f.action, Some(&filled(f, SCRIPT)));
            *answers.entry(r.status).or_default() += 1;
            assert!(
                r.status < 500 && r.status != 0,
                "{}: {} from {page}: {} {}",
                t.label,
                f.action,
                r.status,
                r.body
            );
            assert_escaped(&r.body, &f.action, t.label);
            if let Some((_, to)) = r.headers.iter().find(|(k, _)| k == "location")
                && to.starts_with('/')
            {
                let next = c.request("GET", to, None);
                assert!(next.status < 500, "{}: {to}: {}", t.label, next.status);
                assert_escaped(&next.body, to, t.label);
            }
        }
        assert!(texts >= 15, "{}: only {texts} forms take text", t.label);
        // Every kind of page again, the public portal too.
        for (path, _) in &pages {
            let r = c.request("GET", path, None);
            assert!(r.status < 500, "{}: {path}: {}", t.label, r.status);
            assert_escaped(&r.body, path, t.label);
        }
        let mut public = Client {
            port,
            cookies: BTreeMap::new(),
        };
        for path in ["/tin-tuc", "/dang-nhap"] {
            let r = public.request("GET", path, None);
            assert_escaped(&r.body, path, t.label);
        }
        // Injections into every search, filter and query parameter.
        let before = members(&url);
        let mut tried = 0;
        let mut targets: Vec<String> = Vec::new();
        for (_, f) in &reads {
            for inj in INJECTIONS {
                let q = filled(f, inj);
                let sep = if f.action.contains('?') { '&' } else { '?' };
                targets.push(format!("{}{sep}{q}", f.action));
            }
        }
        for (_, html) in &pages {
            for l in links(html) {
                let Some((p, q)) = l.split_once('?') else {
                    continue;
                };
                if off_limits(&l) || !seen.insert(kind(&l)) {
                    continue;
                }
                for key in q.split('&').filter_map(|kv| kv.split('=').next()) {
                    for inj in INJECTIONS {
                        targets.push(format!("{p}?{}={}", enc(key), enc(inj)));
                    }
                }
            }
        }
        for path in &targets {
            let r = c.request("GET", path, None);
            tried += 1;
            assert!(
                r.status < 500 && r.status != 0,
                "{}: {path}: {} {}",
                t.label,
                r.status,
                r.body
            );
            for leak in LEAKS {
                assert!(!r.body.contains(leak), "{}: {path} shows '{leak}'", t.label);
            }
        }
        assert!(tried >= 50, "{}: only {tried} injections", t.label);
        // The searches still work and nothing was dropped.
        let r = c.request("GET", "/", None);
        assert_eq!(r.status, 200, "{}", t.label);
        assert!(attr_after(&r.body, "name=\"csrf\"", "value=\"").is_some());
        drop(server);
        assert_eq!(members(&url), before, "{}: the register changed", t.label);
        eprintln!(
            "{}: {} kinds of page, {texts} forms with text fields (answers {answers:?}), {} read forms, {tried} injections",
            t.label,
            pages.len(),
            reads.len()
        );
    }
}
