//! `dangvu admission` as users call it: the demo cases with their due dates, opening a case,
//! recording steps in order, refusals with exit code 2 and a Vietnamese reason, the rules and
//! holidays as settings. Runs on SQLite and, when `DANGVU_TEST_PG` names a server, PostgreSQL.

use crate::common::{ok, refused, targets};

/// The card number printed for a member in `member list`.
fn card_of(db: &str, org: &str, name: &str) -> String {
    let list = ok(db, &["member", "list", "--org", org]);
    let line = list
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} not in {list}"));
    line.split_whitespace()
        .find(|w| w.len() == 8 && w.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no card in {line}"))
        .to_string()
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

fn days_ago(n: u64) -> String {
    (today() - chrono::Days::new(n)).to_string()
}

#[test]
fn demo_cases_show_every_stage_and_one_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = &t.url;
        ok(db, &["demo"]);
        let list = ok(db, &["admission", "list", "--org", "DUK-KG"]);
        assert!(
            list.contains("Cộng: 4 hồ sơ, 1 quá hạn"),
            "{}: {list}",
            t.label
        );
        assert!(list.contains("QUÁ HẠN"));
        assert!(list.contains("Lễ kết nạp — hạn"), "{list}");
        assert!(list.contains("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng"));
        assert!(list.contains("Nghị quyết chi bộ đề nghị kết nạp"));
        assert!(list.contains("Công nhận đảng viên chính thức"));
        let all = ok(db, &["admission", "list", "--org", "DUK-KG", "--all"]);
        assert!(all.contains("Cộng: 5 hồ sơ"), "{all}");
        assert!(all.contains("Đã hoàn tất"));
        // The overdue case is listed first.
        let first = list.lines().next().unwrap();
        assert!(first.contains("QUÁ HẠN"), "{first}");
        let snv = ok(db, &["admission", "list", "--org", "CB-SNV"]);
        assert!(snv.contains("Cộng: 2 hồ sơ, 0 quá hạn"), "{snv}");
        // Loading again adds nothing.
        ok(db, &["demo"]);
        let again = ok(db, &["admission", "list", "--org", "DUK-KG", "--all"]);
        assert!(again.contains("Cộng: 5 hồ sơ"), "{again}");
    }
}

#[test]
fn a_case_is_opened_and_its_steps_recorded_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = &t.url;
        ok(db, &["demo"]);
        let applied = days_ago(60);
        let out = ok(
            db,
            &[
                "admission",
                "add",
                "--org",
                "CB-SNV",
                "--applied",
                &applied,
                "--name",
                "Hoàng Văn Thái",
                "--born",
                "1998-03-04",
                "--sex",
                "nam",
            ],
        );
        assert!(out.contains("Đã mở hồ sơ kết nạp số"), "{}: {out}", t.label);
        assert!(out.contains("Bước tiếp theo: Giấy chứng nhận"), "{out}");
        let id: String = out
            .split("số ")
            .nth(1)
            .unwrap()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        // Too young, not a branch: exit 2.
        let e = refused(
            db,
            &[
                "admission",
                "add",
                "--org",
                "CB-SNV",
                "--applied",
                &applied,
                "--name",
                "Hoàng Nhỏ",
                "--born",
                &days_ago(365 * 16),
                "--sex",
                "nam",
            ],
        );
        assert!(e.contains("ngoài độ tuổi 18–60"), "{e}");
        let e = refused(
            db,
            &[
                "admission",
                "add",
                "--org",
                "DUK-KG",
                "--applied",
                &applied,
                "--name",
                "Hoàng Lớn",
                "--born",
                "1990-01-01",
                "--sex",
                "nữ",
            ],
        );
        assert!(e.contains("không phải là chi bộ"), "{e}");
        // Out of order, unknown step, missing option.
        let e = refused(
            db,
            &["admission", "step", &id, "le-ket-nap", "--on", &days_ago(1)],
        );
        assert!(e.contains("bước tiếp theo là 'Giấy chứng nhận"), "{e}");
        let e = refused(db, &["admission", "step", &id, "xyz", "--on", &days_ago(1)]);
        assert!(e.contains("bước 'xyz' không có"), "{e}");
        let out = ok(
            db,
            &[
                "admission",
                "step",
                &id,
                "chung-nhan",
                "--on",
                &days_ago(70),
                "--number",
                "15-GCN",
            ],
        );
        assert!(out.contains("Đã ghi bước 'Giấy chứng nhận"), "{out}");
        let e = refused(
            db,
            &[
                "admission",
                "step",
                &id,
                "gioi-thieu",
                "--on",
                &days_ago(30),
            ],
        );
        assert!(e.contains("cần tham số --introducer"), "{e}");
        let card = card_of(db, "CB-SNV", "Trần Thị Ngọc Hân");
        let out = ok(
            db,
            &[
                "admission",
                "step",
                &id,
                "gioi-thieu",
                "--on",
                &days_ago(30),
                "--introducer",
                &card,
                "--worked-since",
                "2016-01-01",
            ],
        );
        assert!(out.contains("Bước tiếp theo: Người giới thiệu"), "{out}");
        let e = refused(
            db,
            &[
                "admission",
                "step",
                &id,
                "nghi-quyet",
                "--on",
                &days_ago(20),
                "--for",
                "9",
                "--of",
                "20",
            ],
        );
        assert!(e.contains("chưa đủ người giới thiệu"), "{e}");
        let show = ok(db, &["admission", "show", &id]);
        assert!(show.contains("Hoàng Văn Thái"), "{show}");
        assert!(
            show.contains("Người giới thiệu: Trần Thị Ngọc Hân"),
            "{show}"
        );
        assert!(show.contains("số 15-GCN"), "{show}");
        // Refused steps left nothing: two steps audited for this case.
        let audit = ok(
            db,
            &["audit", "--entity", "admission_step", "--limit", "1000"],
        );
        assert_eq!(
            audit.matches(&format!("\"case_id\":{id},")).count(),
            2,
            "{audit}"
        );
    }
}

#[test]
fn rules_and_holidays_are_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = &format!("sqlite://{}", dir.path().join("r.db").display());
    let rules = ok(db, &["admission", "rules"]);
    assert!(rules.contains("vote_share"), "{rules}");
    assert!(rules.contains("2/3"), "{rules}");
    assert!(rules.contains("Thời gian dự bị (tháng)"), "{rules}");
    let out = ok(db, &["admission", "set-rule", "probation_months", "18"]);
    assert!(out.contains("Đã đổi quy định 'probation_months'"), "{out}");
    assert!(out.contains("18       (mặc định 12"), "{out}");
    let e = refused(db, &["admission", "set-rule", "vote_share", "5/3"]);
    assert!(e.contains("không hợp lệ"), "{e}");
    let e = refused(db, &["admission", "set-rule", "khong_co", "1"]);
    assert!(e.contains("không có"), "{e}");
    let h = ok(db, &["admission", "holidays", "--year", "2026"]);
    assert!(
        h.contains("17/2/2026") && h.contains("làm 22/8/2026"),
        "{h}"
    );
    let out = ok(
        db,
        &[
            "admission",
            "set-holidays",
            "--year",
            "2027",
            "1/1/2027, 24/11/2027",
        ],
    );
    assert!(out.contains("1/1/2027, 24/11/2027"), "{out}");
    let e = refused(
        db,
        &["admission", "set-holidays", "--year", "2027", "30/2/2027"],
    );
    assert!(e.contains("không phải là ngày hợp lệ"), "{e}");
}
