//! Issue 20's "done means" on the demo served by the real binary: the demo administrator makes
//! the accounts of a grassroots committee's secretaries in one step and downloads their sheet;
//! `dv-snv` signs in, rewrites their pledge, hands in the self-assessment, reads the notice of
//! the next meeting and says they will be absent; the secretary `bithu-snv` sees all of it.

use crate::common::http::{Client, serve};

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The page's form token.
fn token(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form token") + 19;
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

/// Posts a form of the page `from`; the answer must be a redirect (saved).
fn post(c: &mut Client, from: &str, to: &str, fields: &[(&str, &str)]) -> String {
    let csrf = token(&c.page(from));
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let r = c.request("POST", to, Some(&form(&all)));
    assert_eq!(r.status, 303, "{to}: {}", r.body);
    r.headers
        .iter()
        .find(|(k, _)| k == "location")
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[test]
fn the_demo_member_hands_in_their_own_and_the_secretary_sees_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    // The administrator: Đảng bộ Sở Công Thương's secretaries in one step, and their sheet.
    let mut admin = Client::signed_in(port, "demo");
    let accounts = admin.page("/quan-tri/tai-khoan");
    assert!(
        accounts.contains("bt-cb-tdkt") && accounts.contains("dv-snv"),
        "the demo's accounts"
    );
    let job = post(
        &mut admin,
        "/quan-tri/tai-khoan",
        "/quan-tri/tai-khoan/hang-loat",
        &[("org", "DB-SCT"), ("kind", "bi-thu")],
    );
    let mut done = String::new();
    for _ in 0..300 {
        done = admin.page(&job);
        if done.contains("id=\"outcome\"") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        done.contains("Đã tạo") && done.contains("tài khoản"),
        "{done}"
    );
    let sheet = admin.request("GET", &format!("{job}/tep"), None);
    assert_eq!(sheet.status, 200);
    assert!(sheet.body.starts_with("%PDF"), "a PDF sheet");
    assert!(admin.page("/quan-tri/tai-khoan").contains("bt-cb-vps2"));

    // The member.
    let mut me = Client::signed_in(port, "dv-snv");
    let own = me.page("/ca-nhan");
    assert!(
        own.contains("Chờ bí thư duyệt"),
        "the demo pledge waits for approval"
    );
    assert!(
        own.contains("Họp ngày") && own.contains("Tài liệu cần đọc trước"),
        "the notice"
    );
    post(
        &mut me,
        "/ca-nhan",
        "/ca-nhan/lam-theo",
        &[(
            "content",
            "Mỗi tuần đạp xe đi làm hai ngày; tiết kiệm giấy in.",
        )],
    );
    let mut fields: Vec<(&str, &str)> = domain::branch::personal::SECTIONS
        .iter()
        .map(|s| (s.code, "Hoàn thành tốt các việc được giao."))
        .collect();
    fields.push(("level", "good"));
    post(
        &mut me,
        "/ca-nhan/tu-danh-gia",
        "/ca-nhan/tu-danh-gia",
        &fields,
    );
    let own = me.page("/ca-nhan");
    let at = own
        .find("action=\"/ca-nhan/thong-bao/")
        .expect("a notice to answer")
        + 8;
    let notice = own[at..at + own[at..].find('"').unwrap()].to_string();
    post(
        &mut me,
        "/ca-nhan",
        &notice,
        &[("answer", "vang"), ("reason", "Đi công tác Phú Quốc")],
    );
    let doc = own.find("/van-ban/").map(|i| {
        let start = own[..i].rfind('"').unwrap() + 1;
        own[start..i + own[i..].find('"').unwrap()].to_string()
    });
    let doc = doc.expect("the document of the notice");
    assert_eq!(me.request("GET", &doc, None).status, 200, "{doc}");
    // The secretary sees the pledge, the self-assessment and the absence.
    let mut sec = Client::signed_in(port, "bithu-snv");
    let list = sec.page("/to-chuc/CB-SNV/lam-theo");
    assert!(list.contains("100,0%"), "every member pledged");
    assert!(
        list.contains("Chờ bí thư duyệt") && list.contains(">Duyệt<"),
        "one to approve"
    );
    let notices = sec.page("/to-chuc/CB-SNV/thong-bao");
    let id = notice.rsplit('/').next().unwrap();
    assert!(notices.contains(&format!("/to-chuc/CB-SNV/thong-bao/{id}")));
    let page = sec.page(&format!("/to-chuc/CB-SNV/thong-bao/{id}"));
    assert!(
        page.contains("Đi công tác Phú Quốc"),
        "the absence and its reason"
    );
}
