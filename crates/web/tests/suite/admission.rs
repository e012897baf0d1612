//! The admission page from outside: the timeline of each case with its due date in Vietnamese
//! format and overdue in red, the forms to open a case and record the next step (CSRF, errors
//! beside the field, nothing saved on a refusal) and subtree rights (SQLite, and PostgreSQL
//! with `DANGVU_TEST_PG`).

use crate::common::{CSRF, Env, d, envs, form, member, today};
use axum::http::StatusCode;
use db::{Actor, StepInput};

const PAGE: &str = "/to-chuc/CB-A1/ket-nap";

/// The two introducers, official members of CB-A1: the common member and a second one.
async fn introducers(env: &Env) -> [i32; 2] {
    let second = env
        .db
        .add_person(
            &Actor("test".into()),
            "CB-A1",
            &member("Lê Văn Hai", "70000002"),
            today(),
        )
        .await
        .unwrap();
    [env.person, second]
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

/// How many steps case `id` has recorded.
async fn steps(env: &Env, id: i32) -> usize {
    env.db
        .admission_case(id, today())
        .await
        .unwrap()
        .steps
        .len()
}

/// Opens a case through the page and takes it to the decision of 2/2/2026 in the database.
async fn decided_case(env: &Env) -> i32 {
    let r = env
        .call("bithu", "POST", PAGE, Some(new_case("12/08/1998")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
    assert!(
        r.location
            .unwrap()
            .starts_with("/to-chuc/CB-A1/ket-nap#ho-so-")
    );
    let cases = env
        .db
        .admission_cases("CB-A1", true, today())
        .await
        .unwrap();
    assert_eq!(cases.len(), 1, "{}", env.label);
    let id = cases[0].id;
    let a = Actor("test".into());
    let introducers = introducers(env).await;
    for (on, step) in [
        (d(2025, 8, 20), StepInput::Certificate { number: None }),
        (
            d(2025, 9, 10),
            StepInput::Introducer {
                person: introducers[0],
                worked_since: d(2020, 1, 1),
            },
        ),
        (
            d(2025, 9, 10),
            StepInput::Introducer {
                person: introducers[1],
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
    let r = env.call("bithu", "POST", &uri, Some(vote("1", "2"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
    assert!(
        r.body
            .contains("chỉ 1/2 đảng viên chính thức tán thành, chưa đạt 2/3"),
        "{}: {}",
        env.label,
        r.body
    );
    assert!(r.body.contains("field-error"), "{}", env.label);
    assert!(
        r.body.contains("value=\"15/10/2025\""),
        "{}: the input is kept",
        env.label
    );
    let r = env.call("bithu", "POST", &uri, Some(vote("hai", ""))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
    assert!(
        r.body.contains("không phải là một số"),
        "{}: {}",
        env.label,
        r.body
    );
    assert!(
        r.body.contains("không được để trống"),
        "{}: {}",
        env.label,
        r.body
    );
    assert_eq!(steps(env, id).await, 3, "{}", env.label);
    let r = env.call("bithu", "POST", &uri, Some(vote("2", "2"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
    let decision = form(&[("csrf", CSRF), ("on", "02/02/2026"), ("number", "15-QĐ/ĐU")]);
    let r = env.call("bithu", "POST", &uri, Some(decision)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_shows_due_dates_and_the_overdue_ceremony() {
    for env in envs().await {
        let r = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains(PAGE),
            "{}: the organization page links to admission",
            env.label
        );
        let r = env.call("bithu", "GET", PAGE, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("Chưa có hồ sơ kết nạp nào"),
            "{}",
            env.label
        );
        assert!(r.body.contains("Mở hồ sơ kết nạp"), "{}", env.label);
        assert!(r.body.contains("Quy định áp dụng"), "{}", env.label);
        let id = decided_case(&env).await;
        let r = env.call("bithu", "GET", PAGE, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        let body = &r.body;
        assert!(
            body.contains(&format!("id=\"ho-so-{id}\"")),
            "{}",
            env.label
        );
        assert!(body.contains("Nguyễn Thị Hoa"), "{}", env.label);
        assert!(
            body.contains("<b>2/9/2025</b> Đơn xin vào Đảng"),
            "{}: {body}",
            env.label
        );
        assert!(
            body.contains("<b>2/2/2026</b> Quyết định kết nạp: số 15-QĐ/ĐU"),
            "{}: {body}",
            env.label
        );
        // 30 working days from 2/2/2026 across Tết: 23/3/2026; overdue on 22/11/2026.
        assert!(
            body.contains("Bước tiếp theo: <b>Lễ kết nạp</b>, hạn <b>23/3/2026</b>"),
            "{}: {body}",
            env.label
        );
        assert!(body.contains("is-overdue"), "{}", env.label);
        assert!(
            body.contains("<span class=\"overdue\">1 quá hạn</span>"),
            "{}: {body}",
            env.label
        );
        // The decision made her a probationary member of the branch.
        let case = env.db.admission_case(id, today()).await.unwrap();
        let p = env.db.person(case.person_id).await.unwrap();
        assert_eq!(
            p.membership.unwrap().admitted_on,
            d(2026, 2, 2),
            "{}",
            env.label
        );
        // A late ceremony is recorded, with its warning in red.
        let uri = format!("{PAGE}/{id}");
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(form(&[("csrf", CSRF), ("on", "24/03/2026")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", env.label);
        let r = env.call("bithu", "GET", PAGE, None).await;
        let body = &r.body;
        assert!(
            body.contains("quá hạn 30 ngày làm việc kể từ quyết định (hạn 23/3/2026)"),
            "{}: {body}",
            env.label
        );
        assert!(
            body.contains("Công nhận đảng viên chính thức</b>, từ ngày 24/3/2027"),
            "{}: {body}",
            env.label
        );
        // Recognition before probation ends: refused beside the date.
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(form(&[
                    ("csrf", CSRF),
                    ("on", "01/10/2026"),
                    ("in_favour", "2"),
                    ("official_members", "2"),
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("chưa hết 12 tháng dự bị"),
            "{}: {}",
            env.label,
            r.body
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_check_csrf_fields_and_rights() {
    for env in envs().await {
        // No CSRF cookie: refused, nothing written.
        let r = env
            .post_with_unbound_token("bithu", PAGE, new_case("12/08/1998"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", env.label);
        // A bad birth date and a too young applicant, each beside the field.
        let r = env
            .call("bithu", "POST", PAGE, Some(new_case("31/02/1998")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("field-error"), "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("Nguyễn Thị Hoa"),
            "{}: the input is kept",
            env.label
        );
        let r = env
            .call("bithu", "POST", PAGE, Some(new_case("01/01/2010")))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("ngoài độ tuổi 18–60"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            env.db
                .admission_cases("DUK", false, today())
                .await
                .unwrap()
                .is_empty(),
            "{}",
            env.label
        );

        let id = decided_case(&env).await;
        // The committee's staff see the branch's cases from the committee's page.
        let r = env
            .call("canbo", "GET", "/to-chuc/DB-A/ket-nap", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Nguyễn Thị Hoa"), "{}", env.label);
        assert!(
            !r.body.contains("Mở hồ sơ kết nạp"),
            "{}: a committee does not admit",
            env.label
        );
        // A viewer of another branch sees nothing and writes nothing.
        let r = env.call("nguoixem", "GET", PAGE, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        assert!(!r.body.contains("Nguyễn Thị Hoa"), "{}", env.label);
        let r = env
            .call(
                "nguoixem",
                "POST",
                &format!("/to-chuc/CB-B/ket-nap/{id}"),
                Some(form(&[("csrf", CSRF), ("on", "01/03/2026")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        assert_eq!(steps(&env, id).await, 5, "{}", env.label);
        // The viewer's own branch page has no form.
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-B/ket-nap", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            !r.body
                .contains("<form method=\"post\" action=\"/to-chuc/CB-B/ket-nap\""),
            "{}",
            env.label
        );
    }
}
