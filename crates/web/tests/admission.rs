//! The admission page from outside: the timeline of each case with its due date in Vietnamese
//! format and overdue in red, the forms to open a case and record the next step (CSRF, errors
//! beside the field, nothing saved on a refusal) and subtree rights (SQLite).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use db::{Actor, Db, NewOrg, StepInput};
use domain::access::Role;
use domain::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::org::{OrgCode, OrgKind};
use tower::ServiceExt;

const ORGS: [(&str, &str, OrgKind, Option<&str>); 5] = [
    ("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
    ("DUK", "Đảng bộ Khối Thử", OrgKind::Block, Some("TU")),
    (
        "DB-A",
        "Đảng bộ Sở A",
        OrgKind::GrassrootsCommittee,
        Some("DUK"),
    ),
    ("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some("DB-A")),
    (
        "CB-B",
        "Chi bộ Sở B",
        OrgKind::GrassrootsBranch,
        Some("DUK"),
    ),
];

const USERS: [(&str, Role, &str); 3] = [
    ("canbo", Role::Staff, "DB-A"),
    ("bithu", Role::Secretary, "CB-A1"),
    ("nguoixem", Role::Viewer, "CB-B"),
];

const CSRF: &str = "csrf-token-for-the-tests-0123456789abcdef";
const PAGE: &str = "/to-chuc/CB-A1/ket-nap";

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> chrono::NaiveDate {
    d(2026, 11, 22)
}

fn member(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1980, 3, 4),
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

struct Env {
    db: Db,
    app: axum::Router,
    sessions: Vec<(&'static str, String)>,
    introducers: [i32; 2],
    _dir: tempfile::TempDir,
}

impl Env {
    fn session(&self, user: &str) -> &str {
        &self.sessions.iter().find(|(u, _)| *u == user).unwrap().1
    }
}

async fn setup() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let db = Db::connect(&url).await.unwrap();
    let a = Actor("test".into());
    for (code, name, kind, parent) in ORGS {
        let new = NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            since: d(2000, 1, 1),
            decision: None,
        };
        db.create_org(&a, &new).await.unwrap();
    }
    let i1 = db
        .add_person(&a, "CB-A1", &member("Trần Văn Một", "70000001"), today())
        .await
        .unwrap();
    let i2 = db
        .add_person(&a, "CB-A1", &member("Lê Văn Hai", "70000002"), today())
        .await
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    let mut sessions = Vec::new();
    for (user, role, org) in USERS {
        let u = db
            .create_user(&a, user, "mat-khau-thu-nghiem", org, role)
            .await
            .unwrap();
        let token = db
            .create_session(u.id, now, chrono::Duration::hours(1))
            .await
            .unwrap();
        sessions.push((user, token));
    }
    let app = web::router(web::AppState {
        db: db.clone(),
        today: Some(today()),
    });
    Env {
        db,
        app,
        sessions,
        introducers: [i1, i2],
        _dir: dir,
    }
}

fn enc(s: &str) -> String {
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

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    session: &str,
    csrf_cookie: bool,
    body: Option<String>,
) -> (StatusCode, String, Option<String>) {
    let mut cookie = format!("dangvu_session={session}");
    if csrf_cookie {
        cookie.push_str(&format!("; dangvu_csrf={CSRF}"));
    }
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie);
    if body.is_some() {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    let resp = app
        .clone()
        .oneshot(req.body(body.map(Body::from).unwrap_or_default()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    let body = axum::body::to_bytes(resp.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        String::from_utf8_lossy(&body).into_owned(),
        location,
    )
}

fn new_case(birth: &str) -> String {
    form(&[
        ("csrf", CSRF),
        ("full_name", "Nguyễn Thị Hoa"),
        ("birth_date", birth),
        ("sex", "Nữ"),
        ("applied_on", "02/09/2025"),
    ])
}

/// Opens a case through the page and takes it to the decision of 2/2/2026 in the database.
async fn decided_case(env: &Env) -> i32 {
    let s = env.session("bithu");
    let (status, body, location) = call(
        &env.app,
        "POST",
        PAGE,
        s,
        true,
        Some(new_case("12/08/1998")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(
        location
            .unwrap()
            .starts_with("/to-chuc/CB-A1/ket-nap#ho-so-")
    );
    let cases = env
        .db
        .admission_cases("CB-A1", true, today())
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    let id = cases[0].id;
    let a = Actor("test".into());
    for (on, step) in [
        (d(2025, 8, 20), StepInput::Certificate { number: None }),
        (
            d(2025, 9, 10),
            StepInput::Introducer {
                person: env.introducers[0],
                worked_since: d(2020, 1, 1),
            },
        ),
        (
            d(2025, 9, 10),
            StepInput::Introducer {
                person: env.introducers[1],
                worked_since: d(2020, 1, 1),
            },
        ),
    ] {
        env.db
            .record_admission_step(&a, id, on, &step, today())
            .await
            .unwrap();
    }
    // The resolution through the form: a vote short of 2/3 first.
    let uri = format!("{PAGE}/{id}");
    let vote = |y: &str, n: &str| {
        form(&[
            ("csrf", CSRF),
            ("on", "15/10/2025"),
            ("in_favour", y),
            ("official_members", n),
        ])
    };
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(vote("1", "2"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("chỉ 1/2 đảng viên chính thức tán thành, chưa đạt 2/3"),
        "{body}"
    );
    assert!(body.contains("field-error"));
    assert!(body.contains("value=\"15/10/2025\""), "the input is kept");
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(vote("hai", ""))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("không phải là một số"), "{body}");
    assert!(body.contains("không được để trống"), "{body}");
    assert_eq!(
        env.db
            .admission_case(id, today())
            .await
            .unwrap()
            .steps
            .len(),
        3
    );
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(vote("2", "2"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let decision = form(&[("csrf", CSRF), ("on", "02/02/2026"), ("number", "15-QĐ/ĐU")]);
    let (status, body, _) = call(&env.app, "POST", &uri, s, true, Some(decision)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_shows_due_dates_and_the_overdue_ceremony() {
    let env = setup().await;
    let s = env.session("bithu");
    let (status, body, _) = call(&env.app, "GET", "/to-chuc/CB-A1", s, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(PAGE),
        "the organization page links to admission"
    );
    let (status, body, _) = call(&env.app, "GET", PAGE, s, true, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Chưa có hồ sơ kết nạp nào"));
    assert!(body.contains("Mở hồ sơ kết nạp"));
    assert!(body.contains("Quy định áp dụng"));
    let id = decided_case(&env).await;
    let (status, body, _) = call(&env.app, "GET", PAGE, s, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("id=\"ho-so-{id}\"")));
    assert!(body.contains("Nguyễn Thị Hoa"));
    assert!(body.contains("<b>2/9/2025</b> Đơn xin vào Đảng"), "{body}");
    assert!(
        body.contains("<b>2/2/2026</b> Quyết định kết nạp: số 15-QĐ/ĐU"),
        "{body}"
    );
    // 30 working days from 2/2/2026 across Tết: 23/3/2026; overdue on 22/11/2026.
    assert!(
        body.contains("Bước tiếp theo: <b>Lễ kết nạp</b>, hạn <b>23/3/2026</b>"),
        "{body}"
    );
    assert!(body.contains("is-overdue"));
    assert!(
        body.contains("<span class=\"overdue\">1 quá hạn</span>"),
        "{body}"
    );
    // The decision made her a probationary member of the branch.
    let case = env.db.admission_case(id, today()).await.unwrap();
    let p = env.db.person(case.person_id).await.unwrap();
    assert_eq!(p.membership.unwrap().admitted_on, d(2026, 2, 2));
    // A late ceremony is recorded, with its warning in red.
    let uri = format!("{PAGE}/{id}");
    let (status, _, _) = call(
        &env.app,
        "POST",
        &uri,
        s,
        true,
        Some(form(&[("csrf", CSRF), ("on", "24/03/2026")])),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, body, _) = call(&env.app, "GET", PAGE, s, true, None).await;
    assert!(
        body.contains("quá hạn 30 ngày làm việc kể từ quyết định (hạn 23/3/2026)"),
        "{body}"
    );
    assert!(
        body.contains("Công nhận đảng viên chính thức</b>, từ ngày 24/3/2027"),
        "{body}"
    );
    // Recognition before probation ends: refused beside the date.
    let (status, body, _) = call(
        &env.app,
        "POST",
        &uri,
        s,
        true,
        Some(form(&[
            ("csrf", CSRF),
            ("on", "01/10/2026"),
            ("in_favour", "2"),
            ("official_members", "2"),
        ])),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("chưa hết 12 tháng dự bị"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_check_csrf_fields_and_rights() {
    let env = setup().await;
    let s = env.session("bithu");
    // No CSRF cookie: refused, nothing written.
    let (status, _, _) = call(
        &env.app,
        "POST",
        PAGE,
        s,
        false,
        Some(new_case("12/08/1998")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A bad birth date and a too young applicant, each beside the field.
    let (status, body, _) = call(
        &env.app,
        "POST",
        PAGE,
        s,
        true,
        Some(new_case("31/02/1998")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("field-error"), "{body}");
    assert!(body.contains("Nguyễn Thị Hoa"), "the input is kept");
    let (status, body, _) = call(
        &env.app,
        "POST",
        PAGE,
        s,
        true,
        Some(new_case("01/01/2010")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("ngoài độ tuổi 18–60"), "{body}");
    assert!(
        env.db
            .admission_cases("DUK", false, today())
            .await
            .unwrap()
            .is_empty()
    );

    let id = decided_case(&env).await;
    // The committee's staff see the branch's cases from the committee's page.
    let (status, body, _) = call(
        &env.app,
        "GET",
        "/to-chuc/DB-A/ket-nap",
        env.session("canbo"),
        true,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Nguyễn Thị Hoa"));
    assert!(
        !body.contains("Mở hồ sơ kết nạp"),
        "a committee does not admit"
    );
    // A viewer of another branch sees nothing and writes nothing.
    let v = env.session("nguoixem");
    let (status, body, _) = call(&env.app, "GET", PAGE, v, true, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("Nguyễn Thị Hoa"));
    let (status, _, _) = call(
        &env.app,
        "POST",
        &format!("/to-chuc/CB-B/ket-nap/{id}"),
        v,
        true,
        Some(form(&[("csrf", CSRF), ("on", "01/03/2026")])),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        env.db
            .admission_case(id, today())
            .await
            .unwrap()
            .steps
            .len(),
        5
    );
    // The viewer's own branch page has no form.
    let (status, body, _) = call(&env.app, "GET", "/to-chuc/CB-B/ket-nap", v, true, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<form method=\"post\" action=\"/to-chuc/CB-B/ket-nap\""));
}
