//! Every link a demo user is shown leads somewhere: the demo served by the real binary
//! (`dangvu serve --demo`), signed in as each demo role (administrator, secretary, viewer, member),
//! crawled from the home page; every link found on a page is followed, and none may answer 403,
//! 404 or a server error (menus and buttons are drawn from the rules that guard the routes).
//! Runs on SQLite: the pages do not depend on the database's engine.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::common::http::{Client, links, serve};

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

/// The most pages parsed for links per role, and links checked, to bound the run.
const PAGES: usize = 160;
const CHECKS: usize = 700;

/// Crawls as `user`; returns the broken links as "page → link: status", how many links were
/// checked and the pages read.
fn crawl(port: u16, user: &str) -> (Vec<String>, usize, Vec<String>) {
    let mut c = Client {
        port,
        cookies: BTreeMap::new(),
    };
    c.sign_in(user);
    let mut queue: VecDeque<(String, String)> = VecDeque::from([("/".into(), "/".into())]);
    let mut seen: BTreeSet<String> = BTreeSet::from(["/".to_string()]);
    let (mut broken, mut parsed, mut checked) = (Vec::new(), 0, 0);
    let mut read = Vec::new();
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
        // A redirect (a member's home is their own page) is followed like a link.
        if matches!(r.status, 302 | 303)
            && let Some((_, to)) = r.headers.iter().find(|(k, _)| k == "location")
            && to.starts_with('/')
            && seen.insert(to.clone())
        {
            queue.push_back((path.clone(), to.clone()));
        }
        let html = r
            .headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/html"));
        if !html || r.status != 200 || parsed >= PAGES {
            continue;
        }
        parsed += 1;
        read.push(path.clone());
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
    (broken, checked, read)
}

#[test]
fn no_link_shown_to_a_demo_user_leads_to_a_refusal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    let mut all = Vec::new();
    for user in ["demo", "bithu-snv", "xem-snv", "dv-snv"] {
        let (broken, checked, read) = crawl(port, user);
        let least = if user == "dv-snv" { 5 } else { 20 };
        assert!(checked > least, "{user}: only {checked} links reached");
        all.extend(broken.into_iter().map(|b| format!("{user}: {b}")));
        if user == "dv-snv" {
            // A member reads their own page and what it links to: no register, no tree.
            assert!(read.iter().any(|p| p.starts_with("/ca-nhan")), "{read:?}");
            for p in &read {
                assert!(
                    !p.starts_with("/dang-vien") && !p.starts_with("/to-chuc"),
                    "dv-snv reached {p}"
                );
            }
        }
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
