//! The congress pages through the router: two counters enter the same ten ballots with one
//! mismatch, the comparison flags it and closing is refused; undo and re-entry put it right
//! and the results appear; bad input is refused with nothing lost; the season dashboard; and
//! a user of another subtree gets "not found" everywhere. Then the secretariat's forms: the
//! season plan, a new congress, presence, counting board, documents, the resolution's vote,
//! opening an election, the next round and ending an election, each saving on good input and
//! showing the Vietnamese refusal with nothing saved on bad input, refused to a viewer and to
//! a user outside the subtree; and the downloads (minutes, ballots, article). SQLite, and
//! PostgreSQL when `DANGVU_TEST_PG` is set.

use crate::common;

use crate::common::{CSRF, Env, d, envs, form, html, member, today};
use axum::http::StatusCode;
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

        // Counter 2 (staff of the grassroots committee) mistypes ballot 9. Halfway, the
        // ballots not typed yet are not called a disagreement.
        let results = format!("/dai-hoi/vong/{round}");
        for (i, line) in STACK.iter().enumerate() {
            if i == 5 {
                let page = env.call("canbo", "GET", &results, None).await;
                assert!(
                    page.body.contains("Còn 5 phiếu mới nhập một lần"),
                    "{l}: {}",
                    page.body
                );
                assert!(!page.body.contains("chưa khớp nhau"), "{l}");
            }
            let line = if i == 8 { "1 3" } else { line };
            let r = type_ballot(&env, "canbo", round, 2, line).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {line}: {}", r.body);
        }
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
            (3, 3, "30,00%", "33,33%", "Không đủ quá nửa"),
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
        assert!(!page.body.contains("Kết thúc kiểm phiếu</button>"), "{l}");
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
            .header("host", common::HOST)
            .header("origin", common::ORIGIN)
            .header("cookie", format!("dangvu_session={}", env.session("bithu")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("hx-request", "true")
            .body(axum::body::Body::from(form(&[
                ("csrf", env.csrf("bithu")),
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
async fn a_ballot_that_does_not_count_is_warned_of_at_once_and_the_last_ballot_corrected() {
    for env in envs().await {
        let l = env.label;
        let (_, round, _) = congress(&env).await;
        // Enter on an empty box: four names kept for three seats.
        let r = type_ballot(&env, "bithu", round, 1, "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let page = env.call("bithu", "GET", &entry(round, 1), None).await;
        assert!(
            page.body
                .contains("Phiếu không hợp lệ: để lại 4 tên, nhiều hơn số lượng cần bầu là 3"),
            "{l}: {}",
            page.body
        );
        assert!(page.body.contains("id=\"ballot-warning\""), "{l}");
        assert!(page.body.contains("Sửa phiếu cuối"), "{l}");
        // Striking everyone: no one elected by it.
        let r = type_ballot(&env, "bithu", round, 1, "1 2 3 4").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let page = env.call("bithu", "GET", &entry(round, 1), None).await;
        assert!(
            page.body.contains("Phiếu không hợp lệ: không bầu ai"),
            "{l}: {}",
            page.body
        );
        // The clerk corrects the last ballot: replaced in place, the count unchanged.
        let fix = format!("{}/sua", entry(round, 1));
        let r = env
            .call(
                "bithu",
                "POST",
                &fix,
                Some(form(&[("csrf", CSRF), ("phieu", "4")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.body.contains(&html(
                "Đã sửa phiếu thứ 2: «gạch 1, 2, 3, 4» thành «gạch 4»."
            )),
            "{l}: {}",
            r.body
        );
        assert!(!r.body.contains("id=\"ballot-warning\""), "{l}: {}", r.body);
        assert!(r.body.contains("Đã nhập <strong>2/10</strong>"), "{l}");
        let stored = env.db.round(round).await.unwrap();
        assert_eq!(stored.entered, [2, 0], "{l}");
        // The chain still holds, and the replaced ballot is kept in the audit log.
        let v = env.db.verify_round(round).await.unwrap();
        assert!(
            v.problems.iter().all(|p| !p.contains("người nhập 1")),
            "{l}: {:?}",
            v.problems
        );
        let audit = env
            .db
            .audit_entries(Some("ballot_entry"), 10)
            .await
            .unwrap();
        let update = audit
            .iter()
            .find(|a| a.action == "update")
            .expect("the correction is audited");
        assert_eq!(update.entity_id, format!("{round}/1/2"), "{l}");
        assert_eq!(
            update.before.as_ref().unwrap()["ballot"],
            "S:1,2,3,4",
            "{l}"
        );
        assert_eq!(update.after.as_ref().unwrap()["ballot"], "S:4", "{l}");
        // A bad correction is refused, the text kept in the correction box, nothing changed.
        let r = env
            .call(
                "bithu",
                "POST",
                &fix,
                Some(form(&[("csrf", CSRF), ("phieu", "9")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"entry-error\""), "{l}");
        assert!(
            r.body.contains("id=\"sua-phieu\" value=\"9\""),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Phiếu thứ 2: gạch 4"), "{l}");
        // An empty stack (counter 2) has nothing to correct.
        let r = env
            .call(
                "bithu",
                "POST",
                &format!("{}/sua", entry(round, 2)),
                Some(form(&[("csrf", CSRF), ("phieu", "4")])),
            )
            .await;
        assert!(
            r.body.contains("Chưa có phiếu nào để sửa."),
            "{l}: {}",
            r.body
        );
        assert_eq!(env.db.round(round).await.unwrap().entered, [2, 0], "{l}");
    }
}

/// Words of the program that no page of the counting hall shows.
const CODE_WORDS: [&str; 6] = [
    "committee",
    "secretary",
    "deputy",
    "delegates",
    "alternates",
    "/I/",
];

fn no_code_words(l: &str, what: &str, body: &str) {
    // Attribute values (form field values, links) are for the program; the text is not.
    let text: String = {
        let mut out = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    for w in CODE_WORDS {
        assert!(!text.contains(w), "{l}: {what} shows \"{w}\":\n{text}");
    }
    assert!(!text.contains("Vòng CB"), "{l}: {what}");
}

#[tokio::test]
async fn rounds_are_named_in_vietnamese_and_the_results_page_has_a_projector_view() {
    for env in envs().await {
        let l = env.label;
        let (cid, round, _) = congress(&env).await;
        let title = "Bầu Chi ủy — lần bỏ phiếu thứ 1";
        let page = env.call("bithu", "GET", &entry(round, 1), None).await;
        assert!(
            page.body
                .contains(&format!("<h1>Nhập phiếu: {title} — người nhập 1</h1>")),
            "{l}: {}",
            page.body
        );
        no_code_words(l, "the entry page", &page.body);
        let cpage = env
            .call("bithu", "GET", &format!("/dai-hoi/{cid}"), None)
            .await;
        assert!(
            cpage.body.contains("Lần bỏ phiếu thứ 1</a>"),
            "{l}: {}",
            cpage.body
        );
        no_code_words(l, "the congress page", &cpage.body);
        for line in STACK {
            for counter in [1, 2] {
                let r = type_ballot(&env, "bithu", round, counter, line).await;
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
            }
        }
        // The results page: its heading first, the table below it in the body type.
        let results = format!("/dai-hoi/vong/{round}");
        let page = env.call("canbo", "GET", &results, None).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        let h1 = page
            .body
            .find(&format!("<h1>{title}</h1>"))
            .expect("the round's heading");
        let table = page
            .body
            .find("class=\"list results-table\"")
            .expect("the results table");
        assert!(h1 < table, "{l}");
        assert!(
            !page.body.contains("class=\"big\"") && !page.body.contains(" big\""),
            "{l}"
        );
        assert!(!page.body.contains("projector-view"), "{l}");
        assert!(page.body.contains("?trinh-chieu=1"), "{l}");
        no_code_words(l, "the results page", &page.body);
        // The projector view: the same results in large type, no forms.
        let page = env
            .call("canbo", "GET", &format!("{results}?trinh-chieu=1"), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(
            page.body.contains("<body class=\"projector-view\">"),
            "{l}: {}",
            page.body
        );
        assert!(page.body.contains("class=\"list results-table\""), "{l}");
        assert!(
            !page.body.contains("/ket-thuc"),
            "{l}: no forms on the projector"
        );
        assert!(!page.body.contains("class=\"crumbs\""), "{l}");
        let css = env.call("canbo", "GET", "/static/style.css", None).await;
        assert!(css.body.contains("body.projector-view"), "{l}");
    }
}

/// The text of a PDF, as `pdftotext` reads it (poppler-utils is installed by CI).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    domain::text::normalize(&String::from_utf8_lossy(&out.stdout))
}

#[tokio::test]
async fn the_minutes_from_the_web_carry_their_number_and_time_like_the_command_line() {
    for env in envs().await {
        let l = env.label;
        let a = Actor("test".into());
        let (_, round, _) = congress(&env).await;
        for counter in [1, 2] {
            for line in STACK {
                env.db.enter_ballot(&a, round, counter, line).await.unwrap();
            }
        }
        env.db.close_round(&a, round).await.unwrap();
        let closed = env.db.round(round).await.unwrap().closed_at.unwrap();
        let clock = domain::text::format_clock_vn(closed);
        // The round page offers the number and time; left empty, the time is the close time.
        let page = env
            .call("bithu", "GET", &format!("/dai-hoi/vong/{round}"), None)
            .await;
        assert!(page.body.contains("name=\"so\""), "{l}: {}", page.body);
        assert!(page.body.contains(&clock), "{l}");
        let uri = format!("/dai-hoi/vong/{round}/bien-ban.pdf");
        let r = env.call("bithu", "GET", &uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let text = pdf_text(&r.bytes);
        assert!(
            text.contains(&format!("Biên bản lập xong vào lúc {clock} cùng ngày")),
            "{l}: {text}"
        );
        assert!(
            text.contains("Bầu Chi ủy Chi bộ Phòng A1 khóa I, nhiệm kỳ 2025–2030"),
            "{l}: {text}"
        );
        assert!(!text.contains("committee"), "{l}: {text}");
        // With the number and time given, as `dangvu congress minutes --number --time`.
        let r = env
            .call(
                "bithu",
                "GET",
                &format!("{uri}?so=07-BB%2F%C4%90H&gio=10+gi%E1%BB%9D+45"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let text = pdf_text(&r.bytes);
        assert!(text.contains("Số 07-BB/ĐH"), "{l}: {text}");
        assert!(
            text.contains("Biên bản lập xong vào lúc 10 giờ 45 cùng ngày"),
            "{l}: {text}"
        );
        assert!(
            r.disposition
                .unwrap()
                .contains("bien-ban-kiem-phieu-cb-a1-i-cap-uy-lan-1.pdf"),
            "{l}"
        );
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

/// A viewer of CB-A1 (inside the subtree, reading only) signed in as `xem-a1`.
async fn with_viewer(env: &mut Env) {
    let a = Actor("test".into());
    let u = env
        .db
        .create_user(
            &a,
            "xem-a1",
            "mat-khau-thu-nghiem",
            "CB-A1",
            domain::accounts::access::Role::Viewer,
        )
        .await
        .unwrap();
    let token = env
        .db
        .create_session(
            u.id,
            chrono::Utc::now().naive_utc(),
            chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    env.add_session("xem-a1", token).await;
}

/// Ten official members in CB-A1 and its congress on the test date, nothing else recorded.
/// Returns (congress id, the official members' names in list order).
async fn bare_congress(env: &Env) -> (i32, Vec<String>) {
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
                guests: vec!["Đồng chí Nguyễn Văn Khách, Phó Bí thư Đảng ủy Sở A".into()],
                pilot: false,
            },
        )
        .await
        .unwrap();
    let names = c.summoned.official.iter().map(|x| x.name.clone()).collect();
    (c.id, names)
}

async fn post(env: &Env, user: &str, uri: &str, fields: &[(&str, &str)]) -> common::Reply {
    let mut all = vec![("csrf", CSRF)];
    all.extend_from_slice(fields);
    env.call(user, "POST", uri, Some(form(&all))).await
}

#[tokio::test]
async fn the_season_plan_form_saves_a_plan_and_refuses_bad_input_in_vietnamese() {
    for mut env in envs().await {
        let l = env.label;
        with_viewer(&mut env).await;
        // The staff of DB-A see the form with its two branches.
        let page = env
            .call("canbo", "GET", "/to-chuc/DB-A/dai-hoi", None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        assert!(page.body.contains("Ban hành kế hoạch đại hội"), "{l}");
        assert!(page.body.contains("name=\"in_CB-A1\""), "{l}");
        assert!(page.body.contains("name=\"in_CB-A2\""), "{l}");
        let uri = "/to-chuc/DB-A/dai-hoi/ke-hoach";
        let good = [
            ("symbol", "205-KH/ĐU"),
            ("title", "Kế hoạch tổ chức đại hội các chi bộ trực thuộc"),
            ("issued_on", "01/09/2026"),
            ("in_CB-A1", "1"),
            ("on_CB-A1", "10/12/2026"),
            ("pilot_CB-A1", "1"),
            ("prev_CB-A1", "12/10/2024"),
            ("in_CB-A2", "1"),
            ("on_CB-A2", "20/12/2026"),
        ];
        // Bad input: the symbol, a date, one subordinate's date; nothing saved.
        let mut bad = good.to_vec();
        bad[0] = ("symbol", "kế hoạch 205");
        bad[6] = ("prev_CB-A1", "32/13/2024");
        bad[8] = ("on_CB-A2", "");
        let r = post(&env, "canbo", uri, &bad).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Kế hoạch chưa hợp lệ"), "{l}: {}", r.body);
        assert!(r.body.contains("đại hội trước:"), "{l}: {}", r.body);
        assert!(r.body.contains("ngày dự kiến: không được để trống"), "{l}");
        // The input is kept as typed.
        assert!(r.body.contains("value=\"kế hoạch 205\""), "{l}");
        assert!(env.db.plans_of("DB-A").await.unwrap().is_empty(), "{l}");
        // Nobody ticked.
        let r = post(
            &env,
            "canbo",
            uri,
            &[
                ("symbol", "205-KH/ĐU"),
                ("title", "Kế hoạch"),
                ("issued_on", "01/09/2026"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("đánh dấu ít nhất một tổ chức trực thuộc"),
            "{l}: {}",
            r.body
        );
        // Outside the subtree: not found; the branch's secretary cannot read DB-A either.
        for user in ["nguoixem", "bithu", "xem-a1"] {
            let r = post(&env, user, uri, &good).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {user}");
        }
        assert!(env.db.plans_of("DB-A").await.unwrap().is_empty(), "{l}");
        // Good input: saved, back on the dashboard with the progress.
        let r = post(&env, "canbo", uri, &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(r.location.as_deref(), Some("/to-chuc/DB-A/dai-hoi"), "{l}");
        let plans = env.db.plans_of("DB-A").await.unwrap();
        assert_eq!(plans.len(), 1, "{l}");
        let v = env.db.plan_progress(plans[0].0, today()).await.unwrap();
        assert_eq!(v.symbol, "205-KH/ĐU", "{l}");
        assert_eq!(v.progress.rows.len(), 2, "{l}");
        assert!(v.progress.rows.iter().any(|r| r.item.pilot), "{l}");
        let page = env
            .call("canbo", "GET", "/to-chuc/DB-A/dai-hoi", None)
            .await;
        assert!(page.body.contains("0/2 đã tổ chức"), "{l}: {}", page.body);
        assert!(
            env.audit("congress_plan")
                .await
                .iter()
                .any(|e| e.action == "create"),
            "{l}"
        );
        // The same symbol twice is refused beside the symbol.
        let r = post(&env, "canbo", uri, &good).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("đã có kế hoạch số"), "{l}: {}", r.body);
        assert_eq!(env.db.plans_of("DB-A").await.unwrap().len(), 1, "{l}");
    }
}

#[tokio::test]
async fn the_new_congress_form_suggests_the_ordinal_and_refuses_bad_input() {
    for mut env in envs().await {
        let l = env.label;
        with_viewer(&mut env).await;
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/dai-hoi", None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("Tạo hồ sơ đại hội mới"), "{l}");
        assert!(
            page.body.contains("Đề xuất: lần thứ I"),
            "{l}: {}",
            page.body
        );
        // A viewer reads the page without the form.
        let page = env
            .call("xem-a1", "GET", "/to-chuc/CB-A1/dai-hoi", None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(!page.body.contains("Tạo hồ sơ đại hội mới"), "{l}");
        let uri = "/to-chuc/CB-A1/dai-hoi/moi";
        let good = [
            ("ordinal", "IV"),
            ("term", "2025-2030"),
            ("kind", "members"),
            ("starts_on", "10/12/2026"),
            ("ends_on", ""),
            ("place", "Hội trường Sở A"),
            (
                "guests",
                "Đồng chí Nguyễn Văn Khách, Phó Bí thư Đảng ủy Sở A\n",
            ),
            ("pilot", "1"),
        ];
        // Bad term and dates: the reasons beside the fields, nothing saved.
        let mut bad = good.to_vec();
        bad[1] = ("term", "2030-2025");
        bad[4] = ("ends_on", "hôm sau");
        let r = post(&env, "bithu", uri, &bad).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(
            r.body.contains("không đúng dạng NĂM–NĂM"),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Chưa có gì được lưu"), "{l}");
        assert!(
            env.db.congresses_of("CB-A1").await.unwrap().is_empty(),
            "{l}"
        );
        // The end before the start: the storage's refusal, beside the end date.
        let mut bad = good.to_vec();
        bad[4] = ("ends_on", "09/12/2026");
        let r = post(&env, "bithu", uri, &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("ngày kết thúc đại hội trước ngày khai mạc"),
            "{l}: {}",
            r.body
        );
        assert!(
            env.db.congresses_of("CB-A1").await.unwrap().is_empty(),
            "{l}"
        );
        // A viewer of the branch is forbidden; a user of another subtree finds nothing.
        let r = post(&env, "xem-a1", uri, &good).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        let r = post(&env, "nguoixem", uri, &good).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        assert!(
            env.db.congresses_of("CB-A1").await.unwrap().is_empty(),
            "{l}"
        );
        // Good: the branch's first recorded congress is its fourth.
        let r = post(&env, "bithu", uri, &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let id = env.db.find_congress("CB-A1", None).await.unwrap();
        assert_eq!(r.location, Some(format!("/dai-hoi/{id}")), "{l}");
        let c = env.db.congress(id).await.unwrap();
        assert_eq!(
            (c.ordinal, c.term.to_string()),
            (4, "2025–2030".into()),
            "{l}"
        );
        assert!(c.pilot, "{l}");
        assert_eq!(c.summoned.summoned(), 1, "{l}");
        assert_eq!(c.guests.len(), 1, "{l}");
        // The next is suggested as the fifth; the fourth again is refused.
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/dai-hoi", None)
            .await;
        assert!(
            page.body.contains("lần thứ V (sau đại hội lần thứ IV)"),
            "{l}"
        );
        assert!(page.body.contains("value=\"2030–2035\""), "{l}");
        let r = post(&env, "bithu", uri, &good).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("không nối tiếp được"), "{l}: {}", r.body);
        assert_eq!(env.db.congresses_of("CB-A1").await.unwrap().len(), 1, "{l}");
    }
}

#[tokio::test]
async fn presence_board_documents_and_the_resolution_save_or_are_refused_in_vietnamese() {
    for mut env in envs().await {
        let l = env.label;
        with_viewer(&mut env).await;
        let (cid, names) = bare_congress(&env).await;
        let c = env.db.congress(cid).await.unwrap();
        let absent = c.summoned.official[9].person_id;
        let page = format!("/dai-hoi/{cid}");
        let r = env.call("bithu", "GET", &page, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        for form in [
            "co-mat#trieu-tap",
            "ban-kiem-phieu#ban-kiem-phieu",
            "van-ban#van-ban",
            "nghi-quyet#nghi-quyet",
            "bau-cu#mo-bau-cu",
        ] {
            assert!(
                r.body
                    .contains(&format!("action=\"/dai-hoi/{cid}/{form}\"")),
                "{l}: {form}"
            );
        }
        // The viewer reads the record without forms.
        let r = env.call("xem-a1", "GET", &page, None).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(!r.body.contains("action=\"/dai-hoi/"), "{l}");

        // Presence: an unknown value refuses the whole form.
        let key = format!("p{absent}");
        let r = post(&env, "bithu", &format!("{page}/co-mat"), &[(&key, "tre")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("&#39;tre&#39; của"), "{l}: {}", r.body);
        for (user, status) in [
            ("xem-a1", StatusCode::FORBIDDEN),
            ("nguoixem", StatusCode::NOT_FOUND),
        ] {
            let r = post(
                &env,
                user,
                &format!("{page}/co-mat"),
                &[(&key, "absent_with_reason")],
            )
            .await;
            assert_eq!(r.status, status, "{l}: {user}");
        }
        assert_eq!(
            env.db.congress(cid).await.unwrap().summoned.present(),
            10,
            "{l}"
        );
        // A reason beside anyone not absent with reason refuses the form, keeping what was
        // typed; then the absence with its reason is saved and shown.
        let reason_key = format!("r{absent}");
        let r = post(
            &env,
            "bithu",
            &format!("{page}/co-mat"),
            &[(&key, "present"), (&reason_key, "Ốm")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("chỉ ghi lý do cho người vắng có lý do"),
            "{l}: {}",
            r.body
        );
        assert!(
            r.body
                .contains(&format!("name=\"{reason_key}\" value=\"Ốm\"")),
            "{l}"
        );
        assert_eq!(
            env.db.congress(cid).await.unwrap().summoned.present(),
            10,
            "{l}"
        );
        let r = post(
            &env,
            "bithu",
            &format!("{page}/co-mat"),
            &[
                (&key, "absent_with_reason"),
                (&reason_key, " Ốm, nằm viện "),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let c = env.db.congress(cid).await.unwrap();
        assert_eq!(c.summoned.present(), 9, "{l}");
        let who = c
            .summoned
            .official
            .iter()
            .find(|a| a.person_id == absent)
            .unwrap();
        assert_eq!(who.absence_reason.as_deref(), Some("Ốm, nằm viện"), "{l}");
        let r = env.call("xem-a1", "GET", &page, None).await;
        assert!(r.body.contains("vắng có lý do (Ốm, nằm viện)"), "{l}");
        assert_eq!(c.summoned.base_spec(c.kind).base().unwrap().get(), 9, "{l}");
        assert!(!env.audit("congress_attendee").await.is_empty(), "{l}");

        // Counting board: the absent member cannot count; then three present ones.
        let board = format!("{page}/ban-kiem-phieu");
        let r = post(
            &env,
            "bithu",
            &board,
            &[("head", &names[9]), ("board", &names[8])],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("không phải đảng viên chính thức có mặt"),
            "{l}: {}",
            r.body
        );
        assert!(
            env.db
                .congress(cid)
                .await
                .unwrap()
                .counting_board
                .is_empty(),
            "{l}"
        );
        let r = post(&env, "xem-a1", &board, &[("head", &names[6])]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        let r = post(
            &env,
            "bithu",
            &board,
            &[
                ("head", &names[6]),
                ("board", &names[7]),
                ("board", &names[8]),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(
            env.db.congress(cid).await.unwrap().counting_board,
            names[6..9].to_vec(),
            "{l}"
        );

        // A document: the title is required; then 01-BC/ĐH.
        let docs = format!("{page}/van-ban");
        let r = post(
            &env,
            "bithu",
            &docs,
            &[
                ("doc_kind", "BC"),
                ("doc_title", " "),
                ("doc_on", "22/11/2026"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Chưa vào sổ được"), "{l}");
        let r = post(
            &env,
            "bithu",
            &docs,
            &[
                ("doc_kind", "XX"),
                ("doc_title", "Báo cáo chính trị"),
                ("doc_on", "22/11/2026"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("loại văn bản"), "{l}: {}", r.body);
        assert!(
            env.db.congress(cid).await.unwrap().documents.is_empty(),
            "{l}"
        );
        let r = post(
            &env,
            "bithu",
            &docs,
            &[
                ("doc_kind", "BC"),
                ("doc_title", "Báo cáo chính trị"),
                ("doc_on", "22/11/2026"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let page_body = env.call("bithu", "GET", &page, None).await.body;
        assert!(page_body.contains(&html("01-BC/ĐH")), "{l}");

        // The resolution: more hands than those present is refused.
        let res = format!("{page}/nghi-quyet");
        let r = post(
            &env,
            "bithu",
            &res,
            &[("agree", "9"), ("disagree", "1"), ("abstain", "0")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("nhiều hơn 9 người có mặt"),
            "{l}: {}",
            r.body
        );
        let r = post(&env, "bithu", &res, &[("agree", "chín")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("không phải là một số"), "{l}");
        assert!(
            env.db.congress(cid).await.unwrap().resolution.is_none(),
            "{l}"
        );
        let r = post(
            &env,
            "bithu",
            &res,
            &[("agree", "8"), ("disagree", "1"), ("abstain", "0")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(
            env.db.congress(cid).await.unwrap().resolution.map(|r| r.1),
            Some(true),
            "{l}"
        );
    }
}

#[tokio::test]
async fn elections_open_continue_and_finish_from_the_page_and_the_documents_download() {
    for mut env in envs().await {
        let l = env.label;
        with_viewer(&mut env).await;
        let a = Actor("test".into());
        let (cid, names) = bare_congress(&env).await;
        env.db
            .set_counting_board(&a, cid, &names[7..10])
            .await
            .unwrap();
        let uri = format!("/dai-hoi/{cid}/bau-cu");
        let list = names[..4].join("\n");
        let open = |cands: String, floor: &'static str, seats: &'static str| {
            vec![
                ("el_kind", "committee".to_string()),
                ("seats", seats.to_string()),
                ("candidates", cands),
                ("floor", floor.to_string()),
                ("issued", "10".to_string()),
            ]
        };
        let send = async |fields: Vec<(&str, String)>, user: &str| {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&env, user, &uri, &f).await
        };
        // Surplus over 30%: 2 seats, 4 names.
        let r = send(open(list.clone(), "", "2"), "bithu").await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("Chưa mở được cuộc bầu cử"), "{l}");
        assert!(r.body.contains("190-QĐ/TW Điều 14"), "{l}: {}", r.body);
        // A counter on the list.
        let r = send(
            open(format!("{}\n{}", names[..3].join("\n"), names[8]), "", "3"),
            "bithu",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("không được làm thành viên Ban kiểm phiếu"),
            "{l}: {}",
            r.body
        );
        // A floor nominee with 3 of 10 present: not more than 30%.
        let r = send(open(names[..3].join("\n"), "Trần Văn Bảy: 3", "3"), "bithu").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("chưa quá 30%"), "{l}: {}", r.body);
        let r = send(open(list.clone(), "Trần Văn Bảy", "3"), "bithu").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("số người giới thiệu"), "{l}: {}", r.body);
        // A viewer and an outsider.
        let r = send(open(list.clone(), "", "3"), "xem-a1").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        let r = send(open(list.clone(), "", "3"), "nguoixem").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        assert!(env.db.elections(cid).await.unwrap().is_empty(), "{l}");
        // The outsider's refusal names nobody.
        assert!(!r.body.contains(&names[0]), "{l}");

        // Good: 3 seats from 3 listed and a floor nominee with 4 of 10.
        let r = send(open(names[..3].join("\n"), "Trần Văn Bảy: 4", "3"), "bithu").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let e = env.db.elections(cid).await.unwrap();
        assert_eq!(e.len(), 1, "{l}");
        let round = e[0].rounds[0].clone();
        assert_eq!(round.candidates.len(), 4, "{l}");
        assert_eq!(round.candidates[3], "Trần Văn Bảy", "{l}");
        // Its ballots print for the open round; the minutes only once closed.
        let r = env
            .call(
                "xem-a1",
                "GET",
                &format!("/dai-hoi/vong/{}/phieu-bau.pdf?moi-trang=2", round.id),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert_eq!(r.content_type.as_deref(), Some("application/pdf"), "{l}");
        assert!(r.bytes.starts_with(b"%PDF"), "{l}");
        let r = env
            .call(
                "bithu",
                "GET",
                &format!("/dai-hoi/vong/{}/bien-ban.pdf", round.id),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("chưa kết thúc kiểm phiếu"),
            "{l}: {}",
            r.body
        );
        // Another election while this one is open is refused.
        let r = send(open(list.clone(), "", "3"), "bithu").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");

        // Ten ballots striking 3 and 4: two elected, one seat left.
        for counter in [1, 2] {
            for _ in 0..10 {
                env.db
                    .enter_ballot(&a, round.id, counter, "3 4")
                    .await
                    .unwrap();
            }
        }
        env.db.close_round(&a, round.id).await.unwrap();
        let eid = e[0].id;
        let page = env
            .call("bithu", "GET", &format!("/dai-hoi/{cid}"), None)
            .await;
        assert!(
            page.body.contains("Còn 1 chỗ chưa có người trúng cử"),
            "{l}: {}",
            page.body
        );
        assert!(
            page.body
                .contains(&format!("/dai-hoi/vong/{}/bien-ban.docx", round.id)),
            "{l}"
        );
        for (ext, ct, magic) in [
            (
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &b"PK"[..],
            ),
            ("pdf", "application/pdf", &b"%PDF"[..]),
        ] {
            let r = env
                .call(
                    "xem-a1",
                    "GET",
                    &format!("/dai-hoi/vong/{}/bien-ban.{ext}", round.id),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{l}: {ext}: {}", r.body);
            assert_eq!(r.content_type.as_deref(), Some(ct), "{l}");
            assert!(
                r.bytes.starts_with(magic) && r.bytes.len() > 1000,
                "{l}: {ext}"
            );
            assert!(r.disposition.unwrap().contains("attachment"), "{l}");
            let r = env
                .call(
                    "nguoixem",
                    "GET",
                    &format!("/dai-hoi/vong/{}/bien-ban.{ext}", round.id),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        }
        // The ballots of a closed round are not printed.
        let r = env
            .call(
                "bithu",
                "GET",
                &format!("/dai-hoi/vong/{}/phieu-bau.pdf", round.id),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");

        // The next round: a bad count is refused, then it opens between the two left.
        let next = format!("/dai-hoi/{cid}/bau-cu/{eid}/vong-moi");
        let r = post(&env, "bithu", &next, &[("next_issued", "0")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("phải lớn hơn 0"), "{l}: {}", r.body);
        let r = post(&env, "xem-a1", &next, &[("next_issued", "10")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        assert_eq!(
            env.db.elections(cid).await.unwrap()[0].rounds.len(),
            1,
            "{l}"
        );
        let r = post(&env, "bithu", &next, &[("next_issued", "10")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let e = env.db.elections(cid).await.unwrap();
        let round2 = e[0].rounds[1].clone();
        assert_eq!((round2.number, round2.seats), (2, 1), "{l}");
        // Ending the election while round 2 is counted is refused.
        let finish = format!("/dai-hoi/{cid}/bau-cu/{eid}/ket-thuc");
        let r = post(&env, "bithu", &finish, &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("Còn vòng bầu chưa kết thúc"),
            "{l}: {}",
            r.body
        );
        // Round 2 leaves the seat empty (each ballot keeps both names: invalid); the congress
        // ends the election with the two elected.
        for counter in [1, 2] {
            for _ in 0..10 {
                env.db
                    .enter_ballot(&a, round2.id, counter, "1 2")
                    .await
                    .unwrap();
            }
        }
        env.db.close_round(&a, round2.id).await.unwrap();
        let r = post(&env, "xem-a1", &finish, &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        let r = post(&env, "bithu", &finish, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let e = env.db.elections(cid).await.unwrap();
        assert_eq!(e[0].status, "done", "{l}");
        assert_eq!(e[0].elected, names[..2].to_vec(), "{l}");
        // An election of another congress's id is not found.
        let r = post(
            &env,
            "bithu",
            &format!("/dai-hoi/{cid}/bau-cu/999999/ket-thuc"),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");

        // The article names the elected, as Word and as text.
        let r = env
            .call(
                "xem-a1",
                "GET",
                &format!("/dai-hoi/{cid}/tin-bai.txt"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert_eq!(
            r.content_type.as_deref(),
            Some("text/plain; charset=utf-8"),
            "{l}"
        );
        assert!(
            r.body.starts_with("Đại hội Chi bộ Phòng A1 lần thứ I"),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains(&names[0]), "{l}: {}", r.body);
        // The congress is not finished: the article says so rather than "gồm 02 đồng chí".
        assert!(
            r.body.contains(
                "đã bầu được 02/03 đồng chí Chi ủy khóa I, nhiệm kỳ 2025–2030 (còn 01 chỗ chưa bầu)"
            ),
            "{l}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("Đại hội chưa bầu Bí thư chi bộ, Phó Bí thư chi bộ."),
            "{l}: {}",
            r.body
        );
        assert!(!r.body.contains("thành công tốt đẹp"), "{l}");
        assert!(
            r.body.contains("Nguyễn Văn Khách, Phó Bí thư Đảng ủy Sở A"),
            "{l}: {}",
            r.body
        );
        let r = env
            .call(
                "bithu",
                "GET",
                &format!("/dai-hoi/{cid}/tin-bai.docx"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(r.bytes.starts_with(b"PK") && r.bytes.len() > 1000, "{l}");
        let r = env
            .call(
                "nguoixem",
                "GET",
                &format!("/dai-hoi/{cid}/tin-bai.docx"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
    }
}
