//! The test application for the page tests: a small tree (province → block → grassroots
//! committee → two branches, and a grassroots branch beside it), one member in CB-A1, a
//! session per role, on SQLite and — when `DANGVU_TEST_PG` names a PostgreSQL server — on a
//! fresh PostgreSQL database too. Requests go through the router in process.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use db::{Actor, Db, NewOrg};
use domain::accounts::access::Role;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};
use tower::ServiceExt;

pub const ORGS: [(&str, &str, OrgKind, Option<&str>); 6] = [
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

/// (user, role, the organization of the grant)
pub const USERS: [(&str, Role, &str); 4] = [
    ("quantri", Role::Admin, "TU"),
    ("canbo", Role::Staff, "DB-A"),
    ("bithu", Role::Secretary, "CB-A1"),
    ("nguoixem", Role::Viewer, "CB-B"),
];

/// Stands for the form token in a test's body: the harness puts in its place the token the
/// pages render for the session of the user who sends it (read off a page, `Env::csrf`), as a
/// browser posts back the hidden field of the form it was shown.
pub const CSRF: &str = "csrf-token-for-the-tests-0123456789abcdef";

/// The host the test requests are sent to, and the origin a page of the site has.
pub const HOST: &str = "dangvu.test";
pub const ORIGIN: &str = "http://dangvu.test";

/// Every test user's password.
pub const PASSWORD: &str = "mat-khau-thu-nghiem";

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn member(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1985, 3, 4),
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
            admitted_on: d(2010, 3, 4),
            official_on: Some(d(2011, 3, 4)),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

pub struct Env {
    pub db: Db,
    pub app: axum::Router,
    pub label: &'static str,
    /// user name → (session token, the form token its pages show)
    pub sessions: Vec<(&'static str, String, String)>,
    /// the member of CB-A1
    pub person: i32,
    _dir: Option<tempfile::TempDir>,
}

impl Env {
    pub fn session(&self, user: &str) -> &str {
        &self.sessions.iter().find(|(u, _, _)| *u == user).unwrap().1
    }

    /// Adds a session of `user` that a test opened, with the form token its pages show.
    pub async fn add_session(&mut self, user: &'static str, token: String) {
        let csrf = page_token(&self.app, &token).await;
        self.sessions.push((user, token, csrf));
    }

    /// The form token the pages show `user` (bound to the session).
    pub fn csrf(&self, user: &str) -> &str {
        &self.sessions.iter().find(|(u, _, _)| *u == user).unwrap().2
    }

    /// A request as `user` from the site's own pages (its Origin), a form body carrying the
    /// session's token where it says [`CSRF`].
    pub async fn call(&self, user: &str, method: &str, uri: &str, body: Option<String>) -> Reply {
        let content_type = body
            .as_ref()
            .map(|_| "application/x-www-form-urlencoded".to_string());
        self.send(
            user,
            true,
            method,
            uri,
            content_type,
            body.map(String::into_bytes),
        )
        .await
    }

    /// A request with any body and content type, from the site's own pages. With
    /// `bound_token` the [`CSRF`] placeholder in the body becomes the session's form token;
    /// without, the body keeps it and the request adds a cookie of the same value — the
    /// cookie-and-field pair another site could plant, which is not bound to the session.
    pub async fn send(
        &self,
        user: &str,
        bound_token: bool,
        method: &str,
        uri: &str,
        content_type: Option<String>,
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut cookie = format!("dangvu_session={}", self.session(user));
        let body = match body {
            Some(b) if bound_token => Some(replace_bytes(&b, CSRF, self.csrf(user))),
            b => b,
        };
        if !bound_token {
            cookie.push_str(&format!("; dangvu_csrf={CSRF}; dangvu_pre={CSRF}"));
        }
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", HOST)
            .header("origin", ORIGIN)
            .header("cookie", cookie);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        request(
            &self.app,
            req.body(body.map(Body::from).unwrap_or_default()).unwrap(),
        )
        .await
    }

    /// A form POST as `user` whose token is not the session's: the body's [`CSRF`] kept as
    /// written, with a cookie of the same value (the old double submit).
    pub async fn post_with_unbound_token(&self, user: &str, uri: &str, body: String) -> Reply {
        let content_type = Some("application/x-www-form-urlencoded".to_string());
        self.send(
            user,
            false,
            "POST",
            uri,
            content_type,
            Some(body.into_bytes()),
        )
        .await
    }

    /// The members of a subtree today.
    pub async fn member_count(&self, org: &str) -> usize {
        self.db
            .register(&db::RegisterQuery {
                org: org.into(),
                on: today(),
                search: None,
                include_non_members: false,
            })
            .await
            .unwrap()
            .len()
    }

    /// Audit entries of one kind of record, newest first.
    pub async fn audit(&self, entity: &str) -> Vec<db::AuditEntry> {
        self.db.audit_entries(Some(entity), 500).await.unwrap()
    }
}

/// A response: status, headers (the common ones also by name), and the body as bytes and as
/// text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub disposition: Option<String>,
    pub bytes: Vec<u8>,
    pub body: String,
}

pub async fn request(app: &axum::Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let location = header("location");
    let content_type = header("content-type");
    let disposition = header("content-disposition");
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 26)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        location,
        content_type,
        disposition,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// The form token a signed-in page shows the session `token` (the sign-out form of the
/// layout holds it).
async fn page_token(app: &axum::Router, token: &str) -> String {
    let get = |uri: String| {
        Request::builder()
            .uri(uri)
            .header("host", HOST)
            .header("cookie", format!("dangvu_session={token}"))
            .body(Body::empty())
            .unwrap()
    };
    let mut r = request(app, get("/".into())).await;
    // A member's home is their own page; an account that must change its password is sent
    // to the form that does.
    if let Some(to) = r.location.clone() {
        r = request(app, get(to)).await;
    }
    form_token(&r.body).unwrap_or_else(|| panic!("no form token on the home page: {}", r.body))
}

/// The value of the first hidden `csrf` field of a page.
pub fn form_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let value = html[tag_start..tag_end].split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_string())
}

/// `bytes` with every `from` replaced by `to`.
pub fn replace_bytes(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// A SQLite file, and a PostgreSQL database when `DANGVU_TEST_PG` names a server: only that
/// one with `DANGVU_TEST_PG_ONLY` (CI's PostgreSQL run), copied from the migrated database
/// `DANGVU_TEST_PG_TEMPLATE` when set.
async fn databases() -> Vec<(Db, &'static str, Option<tempfile::TempDir>)> {
    let pg = std::env::var("DANGVU_TEST_PG").ok();
    let mut out = Vec::new();
    if pg.is_none() || std::env::var_os("DANGVU_TEST_PG_ONLY").is_none() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("p.db").display());
        out.push((Db::connect(&url).await.unwrap(), "sqlite", Some(dir)));
    }
    if let Some(admin) = pg {
        use sea_orm::ConnectionTrait;
        let name = format!("dangvu_t_{}", uuid::Uuid::new_v4().simple());
        let a = sea_orm::Database::connect(&admin).await.unwrap();
        let template = std::env::var("DANGVU_TEST_PG_TEMPLATE")
            .map(|t| format!(" TEMPLATE {t}"))
            .unwrap_or_default();
        a.execute_unprepared(&format!("CREATE DATABASE {name}{template}"))
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        out.push((
            Db::connect(&format!("{base}/{name}")).await.unwrap(),
            "postgres",
            None,
        ));
    }
    out
}

/// Creates the organizations `(code, name, kind, parent)`, parents first, all since 1/1/2000.
pub async fn create_orgs(db: &Db, a: &Actor, orgs: &[(&str, &str, OrgKind, Option<&str>)]) {
    for &(code, name, kind, parent) in orgs {
        let new = NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: d(2000, 1, 1),
            decision: None,
        };
        db.create_org(a, &new).await.unwrap();
    }
}

async fn build(db: Db, label: &'static str, dir: Option<tempfile::TempDir>) -> Env {
    let a = Actor("test".into());
    create_orgs(&db, &a, &ORGS).await;
    let person = db
        .add_person(&a, "CB-A1", &member("Trần Văn Một", "70000001"), today())
        .await
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    let mut sessions = Vec::new();
    for (user, role, org) in USERS {
        let u = db.create_user(&a, user, PASSWORD, org, role).await.unwrap();
        let token = db
            .create_session(u.id, now, chrono::Duration::hours(1))
            .await
            .unwrap();
        sessions.push((user, token));
    }
    let app = web::router(web::AppState {
        today: Some(today()),
        ..web::AppState::new(db.clone())
    });
    let mut with_tokens = Vec::new();
    for (user, token) in sessions {
        let csrf = page_token(&app, &token).await;
        with_tokens.push((user, token, csrf));
    }
    let sessions = with_tokens;
    Env {
        db,
        app,
        label,
        sessions,
        person,
        _dir: dir,
    }
}

/// The test application on every configured backend (SQLite first).
pub async fn envs() -> Vec<Env> {
    let mut out = Vec::new();
    for (db, label, dir) in databases().await {
        out.push(build(db, label, dir).await);
    }
    out
}

/// The `code` of each object of a JSON list (the API's list of organizations), sorted.
pub fn sorted_codes(json: &str) -> Vec<String> {
    let mut codes: Vec<String> = serde_json::from_str::<serde_json::Value>(json)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// Percent-encodes a form value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An `application/x-www-form-urlencoded` body.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub const BOUNDARY: &str = "dangvu-test-boundary-7d3f";

/// A `multipart/form-data` body with text fields and one file; returns (content type, body).
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// The text as askama escapes it in a page (`'` → `&#39;`, `"` → `&#34;`).
pub fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
}
