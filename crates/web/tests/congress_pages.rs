//! The congress pages through the router: two counters enter the same ten ballots with one
//! mismatch, the comparison flags it and closing is refused; undo and re-entry put it right
//! and the results appear; bad input is refused with nothing lost; the season dashboard; and
//! a user of another subtree gets "not found" everywhere. SQLite, and PostgreSQL when
//! `DANGVU_TEST_PG` is set.

mod common;

use axum::http::StatusCode;
use common::{CSRF, Env, d, envs, form, html, member, today};
use db::{Actor, NewCandidate, NewCongress, NewPlan, NewPlanItem};
use domain::congress::{ElectionKind, Term};
use domain::election::CongressKind;

const MORE: [(&str, &str); 9] = [
    ("Nguyễn Văn An", "70000002"),
    ("Lê Thị Bình", "70000003"),
    ("Phạm Văn Cường", "70000004"),
    ("Hoàng Thị Dung", "70000005"),
    ("Vũ Văn Em", "70000006"),
    ("Đặng Thị Giang", "70000007"),
    ("Bùi Văn Hải", "70000008"),
    ("Đỗ Thị Khánh", "70000009"),
    ("Ngô Văn Long", "70000010"),
];

/// Ten official members in CB-A1, its congress on the test date with a counting board, the
/// chi ủy election (3 seats, 4 candidates, 10 ballots issued) opened; a season plan of DB-A.
/// Returns (congress id, round id, the candidates in ballot order).
async fn congress(env: &Env) -> (i32, i32, Vec<String>) {
    let a = Actor("test".into());
    for (name, card) in MORE {
        env.db
            .add_person(&a, "CB-A1", &member(name, card), today())
            .await
            .unwrap();
    }
    let c = env
        .db
        .create_congress(
            &a,
            &NewCongress {
                org: "CB-A1".into(),
                term: Term {
                    from: 2025,
                    to: 2030,
                },
                kind: CongressKind::Members,
                starts_on: today(),
                ends_on: today(),
                place: Some("Hội trường Sở A".into()),
                guests: vec!["Đồng chí Bí thư Đảng ủy Sở A".into()],
                pilot: true,
            },
        )
        .await
        .unwrap();
    let names: Vec<String> = c.summoned.official.iter().map(|x| x.name.clone()).collect();
    assert_eq!(names.len(), 10, "{}", env.label);
    env.db
        .set_counting_board(&a, c.id, &names[6..9])
        .await
        .unwrap();
    let candidates: Vec<String> = names[..4].to_vec();
    let (round, _) = env
        .db
        .open_election(
            &a,
            c.id,
            ElectionKind::Committee,
            3,
            &candidates
                .iter()
                .map(|n| NewCandidate::listed(n))
                .collect::<Vec<_>>(),
            10,
        )
        .await
        .unwrap();
    env.db
        .create_plan(
            &a,
            &NewPlan {
                superior: "DB-A".into(),
                symbol: "12-KH/ĐU".into(),
                title: "Kế hoạch tổ chức đại hội các chi bộ trực thuộc".into(),
                issued_on: d(2026, 9, 1),
                items: vec![
                    NewPlanItem {
                        org: "CB-A1".into(),
                        scheduled: today(),
                        pilot: true,
                        previous: Some(d(2024, 5, 20)),
                    },
                    NewPlanItem {
                        org: "CB-A2".into(),
                        scheduled: d(2026, 11, 15),
                        pilot: false,
                        // Its previous congress was early: this one falls far outside the window.
                        previous: Some(d(2023, 1, 10)),
                    },
                ],
            },
        )
        .await
        .unwrap();
    (c.id, round.id, candidates)
}

fn entry(round: i32, counter: u8) -> String {
    format!("/dai-hoi/vong/{round}/nhap/{counter}")
}

async fn type_ballot(env: &Env, user: &str, round: i32, counter: u8, line: &str) -> common::Reply {
    env.call(
        user,
        "POST",
        &entry(round, counter),
        Some(form(&[("csrf", CSRF), ("phieu", line)])),
    )
    .await
}

async fn undo(env: &Env, user: &str, round: i32, counter: u8) -> common::Reply {
    env.call(
        user,
        "POST",
        &format!("{}/hoan-tac", entry(round, counter)),
        Some(form(&[("csrf", CSRF)])),
    )
    .await
}

/// The ten paper ballots: the numbers of the struck names.
const STACK: [&str; 10] = [
    "4",
    "4",
    "4",
    "4",
    "4",
    "4",
    "3",
    "3",
    "1 2",
    "k gạch hết tên",
];

#[tokio::test]
async fn two_counters_with_one_mismatch_see_it_flagged_then_fixed_and_the_results() {
    for env in envs().await {
        let l = env.label;
        let (cid, round, candidates) = congress(&env).await;

        // The entry page lists the candidates with their numbers.
        let page = env.call("bithu", "GET", &entry(round, 1), None).await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        for (i, c) in candidates.iter().enumerate() {
            assert!(
                page.body
                    .contains(&format!("<span class=\"no\">{}</span> {}", i + 1, html(c))),
                "{l}: {c}"
            );
        }
        assert!(page.body.contains("Đã nhập <strong>0/10</strong>"), "{l}");
        assert!(page.body.contains("Hoàn tác phiếu cuối"), "{l}");

        // Counter 1 (the secretary) enters the stack as it is; each ballot is acknowledged by
        // a redirect back to the page, which shows the running count and the last ballot.
        for line in STACK {
            let r = type_ballot(&env, "bithu", round, 1, line).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {line}: {}", r.body);
            assert_eq!(r.location.as_deref(), Some(entry(round, 1).as_str()));
        }
        let page = env.call("bithu", "GET", &entry(round, 1), None).await;
        assert!(page.body.contains("Đã nhập <strong>10/10</strong>"), "{l}");
        assert!(
            page.body
                .contains(&html("Phiếu thứ 10: không hợp lệ: gạch hết tên")),
            "{l}: {}",
            page.body
        );

        // Counter 2 (staff of the grassroots committee) mistypes ballot 9.
        for (i, line) in STACK.iter().enumerate() {
            let line = if i == 8 { "1 3" } else { line };
            let r = type_ballot(&env, "canbo", round, 2, line).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {line}: {}", r.body);
        }
        let results = format!("/dai-hoi/vong/{round}");
        let page = env.call("nguoixem", "GET", &results, None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{l}");
        let page = env.call("canbo", "GET", &results, None).await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        assert!(
            page.body.contains("Hai lần nhập chưa khớp nhau ở 1 phiếu"),
            "{l}: {}",
            page.body
        );
        assert!(
            page.body
                .contains("<tr><td>9</td><td>gạch 1, 2</td><td>gạch 1, 3</td></tr>"),
            "{l}: {}",
            page.body
        );
        // No results while the entries differ.
        assert!(!page.body.contains("id=\"results\""), "{l}");

        // Closing is refused, the differing ballot still listed, nothing lost.
        let r = env
            .call(
                "canbo",
                "POST",
                &format!("{results}/ket-thuc"),
                Some(form(&[("csrf", CSRF)])),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("Hai lần nhập phiếu chưa khớp nhau, chưa thể kết thúc vòng bầu."),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("<td>gạch 1, 3</td>"), "{l}");
        let stored = env.db.round(round).await.unwrap();
        assert_eq!(stored.status, "open", "{l}");
        assert_eq!(stored.entered, [10, 10], "{l}");

        // Counter 2 undoes ballots 10 and 9 and types them again.
        let r = undo(&env, "canbo", round, 2).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.body.contains(&html(
                "Đã hoàn tác phiếu cuối (không hợp lệ: gạch hết tên)."
            )),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Đã nhập <strong>9/10</strong>"), "{l}");
        let r = undo(&env, "canbo", round, 2).await;
        assert!(
            r.body.contains("Đã hoàn tác phiếu cuối (gạch 1, 3)."),
            "{l}"
        );
        assert!(r.body.contains("Phiếu thứ 8: gạch 3"), "{l}: {}", r.body);
        for line in &STACK[8..] {
            let r = type_ballot(&env, "canbo", round, 2, line).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        }

        // Both entries agree: the results, counted by the party's rules. Valid ballots 9,
        // base 10 (all ten official members present), threshold 6.
        let page = env.call("canbo", "GET", &results, None).await;
        assert!(!page.body.contains("chưa khớp"), "{l}: {}", page.body);
        assert!(page.body.contains("id=\"results\""), "{l}");
        let row = |i: usize, votes: u32, base: &str, valid: &str, status: &str| {
            format!(
                "<td>{}</td><td>{votes}</td><td>{base}</td><td>{valid}</td><td>{status}</td>",
                html(&candidates[i])
            )
        };
        for (i, votes, base, valid, status) in [
            (0, 8, "80,00%", "88,89%", "Trúng cử"),
            (1, 8, "80,00%", "88,89%", "Trúng cử"),
            (2, 7, "70,00%", "77,78%", "Trúng cử"),
            (3, 3, "30,00%", "33,33%", "Không đủ số phiếu"),
        ] {
            let want = row(i, votes, base, valid, status);
            assert!(page.body.contains(&want), "{l}: {want}\n{}", page.body);
        }
        assert!(
            page.body
                .contains("<th>Phiếu hợp lệ</th><td>9</td><th>Phiếu không hợp lệ</th><td>1</td>"),
            "{l}"
        );

        // Now the round closes; the congress page lists it as closed with who was elected.
        let r = env
            .call(
                "canbo",
                "POST",
                &format!("{results}/ket-thuc"),
                Some(form(&[("csrf", CSRF)])),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(env.db.round(round).await.unwrap().status, "closed", "{l}");
        let page = env.call("canbo", "GET", &results, None).await;
        assert!(page.body.contains("đã kết thúc kiểm phiếu"), "{l}");
        assert!(!page.body.contains("Kết thúc vòng bầu</button>"), "{l}");
        let cpage = env
            .call("bithu", "GET", &format!("/dai-hoi/{cid}"), None)
            .await;
        assert_eq!(cpage.status, StatusCode::OK, "{l}: {}", cpage.body);
        assert!(cpage.body.contains("lần thứ I"), "{l}");
        assert!(cpage.body.contains("2025–2030"), "{l}");
        assert!(
            cpage.body.contains("10 đảng viên (10 chính thức, 0 dự bị)"),
            "{l}"
        );
        assert!(
            cpage.body.contains(&format!(
                "Trúng cử: <strong>{}, {}, {}</strong>",
                html(&candidates[0]),
                html(&candidates[1]),
                html(&candidates[2])
            )),
            "{l}"
        );
        assert!(
            cpage
                .body
                .contains(&format!("href=\"/dai-hoi/vong/{round}\"")),
            "{l}"
        );
        // Entering into a closed round is refused, in Vietnamese.
        let r = type_ballot(&env, "bithu", round, 1, "1").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("đã kết thúc kiểm phiếu"), "{l}: {}", r.body);
    }
}

#[tokio::test]
async fn bad_ballots_are_refused_with_the_reason_and_nothing_lost() {
    for env in envs().await {
        let l = env.label;
        let (_, round, _) = congress(&env).await;
        assert_eq!(
            type_ballot(&env, "bithu", round, 1, "2 4").await.status,
            StatusCode::SEE_OTHER
        );
        // A number not on the list of four: refused, the typed text kept in the box.
        let r = type_ballot(&env, "bithu", round, 1, "2 7").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"entry-error\""), "{l}: {}", r.body);
        assert!(r.body.contains("7"), "{l}");
        assert!(r.body.contains("value=\"2 7\""), "{l}: {}", r.body);
        assert!(r.body.contains("Phiếu chưa được lưu"), "{l}");
        assert!(r.body.contains("Phiếu thứ 1: gạch 2, 4"), "{l}");
        assert!(r.body.contains("Đã nhập <strong>1/10</strong>"), "{l}");
        // Letters: refused too. Through htmx the refusal comes back as 200, so that htmx
        // swaps the box with the reason in.
        let r = type_ballot(&env, "bithu", round, 1, "a b").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        let req = axum::http::Request::builder()
            .method("POST")
            .uri(entry(round, 1))
            .header(
                "cookie",
                format!(
                    "dangvu_session={}; dangvu_csrf={CSRF}",
                    env.session("bithu")
                ),
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .header("hx-request", "true")
            .body(axum::body::Body::from(form(&[
                ("csrf", CSRF),
                ("phieu", "9"),
            ])))
            .unwrap();
        let r = common::request(&env.app, req).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("id=\"entry-error\""), "{l}");
        assert!(r.body.contains("value=\"9\""), "{l}");
        // More ballots than issued.
        for _ in 0..9 {
            assert_eq!(
                type_ballot(&env, "bithu", round, 1, "").await.status,
                StatusCode::SEE_OTHER
            );
        }
        let r = type_ballot(&env, "bithu", round, 1, "1").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("10"), "{l}");
        assert!(r.body.contains("Đã nhập <strong>10/10</strong>"), "{l}");
        assert_eq!(env.db.round(round).await.unwrap().entered, [10, 0], "{l}");
        // Without the CSRF field nothing is stored.
        let r = env
            .call(
                "bithu",
                "POST",
                &format!("{}/hoan-tac", entry(round, 1)),
                Some(form(&[("csrf", "wrong")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        assert_eq!(env.db.round(round).await.unwrap().entered, [10, 0], "{l}");
        // A counter other than 1 or 2 is no page.
        let r = env.call("bithu", "GET", &entry(round, 3), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        // Undo on an empty stack says so.
        let r = undo(&env, "bithu", round, 2).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("Chưa có phiếu nào để hoàn tác."), "{l}");
    }
}

#[tokio::test]
async fn a_user_of_another_subtree_gets_not_found_and_changes_nothing() {
    for env in envs().await {
        let l = env.label;
        let (cid, round, _) = congress(&env).await;
        type_ballot(&env, "bithu", round, 1, "1").await;
        for (method, uri) in [
            ("GET", format!("/dai-hoi/{cid}")),
            ("GET", format!("/dai-hoi/vong/{round}")),
            ("GET", entry(round, 1)),
            ("GET", "/to-chuc/CB-A1/dai-hoi".to_string()),
            ("GET", "/to-chuc/DB-A/dai-hoi".to_string()),
            ("POST", entry(round, 1)),
            ("POST", format!("{}/hoan-tac", entry(round, 1))),
            ("POST", format!("/dai-hoi/vong/{round}/ket-thuc")),
        ] {
            let body = (method == "POST").then(|| form(&[("csrf", CSRF), ("phieu", "2")]));
            let r = env.call("nguoixem", method, &uri, body).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {method} {uri}");
            assert!(!r.body.contains("Chi bộ Phòng A1"), "{l}: {uri}");
        }
        // The secretary of CB-A1 reads its congress but not the superior's dashboard.
        let r = env
            .call("bithu", "GET", "/to-chuc/DB-A/dai-hoi", None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        let stored = env.db.round(round).await.unwrap();
        assert_eq!(stored.entered, [1, 0], "{l}");
        assert_eq!(stored.status, "open", "{l}");
        assert!(
            !env.audit("election_round").await.is_empty(),
            "{l}: refusals are recorded"
        );
    }
}

#[tokio::test]
async fn the_season_dashboard_shows_progress_overdue_first_and_warnings() {
    for env in envs().await {
        let l = env.label;
        let (cid, ..) = congress(&env).await;
        let org = env.call("canbo", "GET", "/to-chuc/DB-A", None).await;
        assert!(org.body.contains("href=\"/to-chuc/DB-A/dai-hoi\""), "{l}");
        let page = env
            .call("canbo", "GET", "/to-chuc/DB-A/dai-hoi", None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        assert!(page.body.contains("1/2 đã tổ chức"), "{l}: {}", page.body);
        assert!(page.body.contains(&html("12-KH/ĐU")), "{l}");
        // CB-A2 is overdue (scheduled 15/11/2026, not held on 22/11/2026): listed first.
        let a2 = page.body.find("Chi bộ Phòng A2").unwrap();
        let a1 = page.body.find(">Chi bộ Phòng A1<").unwrap();
        assert!(a2 < a1, "{l}");
        assert!(page.body.contains("quá hạn"), "{l}");
        assert!(
            page.body.contains(&format!("href=\"/dai-hoi/{cid}\"")),
            "{l}"
        );
        // Outside the interval rule, and a pilot scheduled after another branch.
        assert!(
            page.body.contains("CB-A2: đại hội ngày"),
            "{l}: {}",
            page.body
        );
        assert!(page.body.contains("nằm ngoài khoảng cho phép"), "{l}");
        assert!(page.body.contains("là đại hội điểm nhưng CB-A2"), "{l}");
        // The branch's own page lists its congress.
        let own = env
            .call("bithu", "GET", "/to-chuc/CB-A1/dai-hoi", None)
            .await;
        assert_eq!(own.status, StatusCode::OK, "{l}");
        assert!(
            own.body.contains(&format!("href=\"/dai-hoi/{cid}\"")),
            "{l}"
        );
        assert!(own.body.contains("Đại hội lần thứ I"), "{l}");
    }
}
