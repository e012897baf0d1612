//! The `dangvu` binary as scripts and users call it (CONTRACTS.md): exit codes, Vietnamese
//! messages, the demo data set, statistics, imports and exports. Each test runs on SQLite and,
//! when `DANGVU_TEST_PG` names a server, on a fresh PostgreSQL database as well.

use std::process::{Command, Output};

use serde_json::Value;

use crate::common::targets;

fn dangvu(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(args)
        .env("DANGVU_DB", db)
        .output()
        .expect("run dangvu")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(db: &str, args: &[&str]) -> String {
    let o = dangvu(db, args);
    assert!(o.status.success(), "dangvu {args:?} failed: {}", stderr(&o));
    stdout(&o)
}

fn members(db: &str, org: &str) -> u64 {
    let s: Value = serde_json::from_str(&ok(db, &["stats", "--org", org, "--json"])).unwrap();
    s["members"].as_u64().unwrap()
}

#[test]
fn demo_gives_seed_000_structure_and_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        assert!(
            ok(db, &["demo"]).contains("Đã nạp dữ liệu mẫu"),
            "{}",
            t.label
        );
        assert!(ok(db, &["demo"]).contains("đã có"), "{}", t.label);
        let s: Value = serde_json::from_str(&ok(
            db,
            &[
                "stats",
                "--org",
                "CB-SNV",
                "--as-of",
                "2020-05-15",
                "--json",
            ],
        ))
        .unwrap();
        assert_eq!(s["members"], 22, "{}", t.label);
        let counts = |d: &str| {
            s["dimensions"][d]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["count"].as_u64().unwrap())
                .collect::<Vec<_>>()
        };
        let percents = |d: &str| {
            s["dimensions"][d]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["percent"].as_f64().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(counts("age"), [6, 8, 6, 2, 0], "{}", t.label);
        assert_eq!(percents("age"), [27.3, 36.4, 27.3, 9.1, 0.0], "{}", t.label);
        assert_eq!(counts("theory"), [8, 6, 7, 1], "{}", t.label);
        assert_eq!(
            counts("qualification"),
            [0, 6, 16, 0, 0, 0, 0],
            "{}",
            t.label
        );
        let text = s["text"].as_str().unwrap();
        assert!(text.starts_with("Chi bộ Sở Ngoại vụ hiện có 22 đảng viên, trong đó dưới 35 tuổi có 06 đồng chí, chiếm 27,3%;"), "{text}");
        // Later the branch changed: one member transferred out (2022), one admitted (2021).
        assert_eq!(members(db, "CB-SNV"), 22, "{}", t.label);
        let later: Value = serde_json::from_str(&ok(
            db,
            &[
                "stats",
                "--org",
                "CB-SNV",
                "--as-of",
                "2022-08-01",
                "--json",
            ],
        ))
        .unwrap();
        assert_eq!(later["members"], 22, "{}: one in, one out", t.label);
    }
}

#[test]
fn the_tree_as_of_a_date_sees_the_2019_split() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let before = ok(db, &["org", "tree", "DB-SCT", "--as-of", "2018-12-31"]);
        let after = ok(db, &["org", "tree", "DB-SCT", "--as-of", "2020-01-16"]);
        assert!(!before.contains("CB-VPS2"), "{}: {before}", t.label);
        assert!(
            after.contains("Chi bộ Văn phòng Sở 2 [CB-VPS2]"),
            "{}: {after}",
            t.label
        );
        let history = ok(db, &["org", "history", "CB-VPS2"]);
        assert!(
            history
                .contains("Chia tách — Chi bộ Văn phòng Sở (Quyết định 118-QĐ/ĐU ngày 19/2/2019)"),
            "{}: {history}",
            t.label
        );
        // Members moved by the split count in the new branch only from the decision on.
        let moved: Value = serde_json::from_str(&ok(
            db,
            &[
                "stats",
                "--org",
                "CB-VPS2",
                "--as-of",
                "2019-02-19",
                "--json",
            ],
        ))
        .unwrap();
        assert_eq!(moved["members"], 7, "{}", t.label);
        let e = dangvu(db, &["stats", "--org", "CB-VPS2", "--as-of", "2019-02-18"]);
        assert_eq!(e.status.code(), Some(2), "{}", t.label);
        assert!(
            stderr(&e).contains("không tồn tại vào ngày 18/2/2019"),
            "{}: {}",
            t.label,
            stderr(&e)
        );
    }
}

#[test]
fn a_transfer_shows_in_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let show = ok(db, &["member", "show", "31000010"]);
        assert!(show.contains("Nguyễn Thị Bích Ngọc"), "{}: {show}", t.label);
        assert!(
            show.contains("1/8/2022  Chuyển sinh hoạt đảng — Chi bộ Ban Thi đua – Khen thưởng"),
            "{}: {show}",
            t.label
        );
        ok(
            db,
            &[
                "member",
                "event",
                "31000010",
                "exempt",
                "--on",
                "2023-01-05",
            ],
        );
        let e = dangvu(
            db,
            &[
                "member",
                "event",
                "31000010",
                "exempt",
                "--on",
                "2023-02-01",
            ],
        );
        assert_eq!(e.status.code(), Some(2), "{}", t.label);
        assert!(
            stderr(&e).contains("đang được miễn sinh hoạt"),
            "{}: {}",
            t.label,
            stderr(&e)
        );
        let list = ok(
            db,
            &["member", "list", "--org", "DUK-KG", "--search", "bich ngoc"],
        );
        assert!(
            list.contains("Nguyễn Thị Bích Ngọc") && list.contains("Cộng: 1 người"),
            "{}: {list}",
            t.label
        );
    }
}

const HEADER: &str = "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Lý luận chính trị,Chuyên môn";

/// A 10 MB cell in an imported file: the message on the terminal quotes a short prefix of it,
/// not the whole cell (issue 18 §5.7).
#[test]
fn an_import_error_quotes_a_short_prefix_of_a_huge_cell() {
    let dir = tempfile::tempdir().unwrap();
    let t = &targets(dir.path())[0];
    let db = t.url.as_str();
    ok(db, &["demo"]);
    let file = dir.path().join("lon.csv");
    let huge = "x".repeat(10 * 1024 * 1024);
    let body =
        format!("{HEADER}\nHồ Thị Lan,{huge},Nữ,19/05/2016,19/05/2017,80000001,Sơ cấp,Đại học\n");
    std::fs::write(&file, body).unwrap();
    let o = dangvu(
        db,
        &[
            "import",
            "members",
            file.to_str().unwrap(),
            "--org",
            "CB-SNV",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 1000, "{} bytes on stderr", err.len());
    assert!(err.contains("Dòng 2, cột 'Ngày sinh'"), "{err}");
    assert!(err.contains(&format!("'{}…'", "x".repeat(60))), "{err}");
}

#[test]
fn an_import_with_a_bad_row_writes_nothing_and_a_good_one_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let before = members(db, "CB-SNV");
        let file = dir.path().join(format!("m-{}.csv", t.label));
        let bad = format!(
            "{HEADER}\nHồ Thị Lan,02/09/1992,Nữ,19/05/2016,19/05/2017,80000001,Sơ cấp,Đại học\n\
             Kha Văn Lộc,30/02/1988,Nam,03/02/2012,03/02/2013,80000002,Trung cấp,Thạc sĩ\n\
             Lý Thị Mơ,01/01/1990,Nữ,01/01/2001,,123,Cao cấp,Tiến sĩ\n"
        );
        std::fs::write(&file, bad).unwrap();
        let o = dangvu(
            db,
            &[
                "import",
                "members",
                file.to_str().unwrap(),
                "--org",
                "CB-SNV",
            ],
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", t.label);
        assert!(
            err.contains("Dòng 3, cột 'Ngày sinh'"),
            "{}: {err}",
            t.label
        );
        assert!(
            err.contains("Dòng 4, cột 'Ngày vào Đảng'")
                && err.contains("Dòng 4, cột 'Số thẻ đảng viên'"),
            "{}: {err}",
            t.label
        );
        assert_eq!(
            members(db, "CB-SNV"),
            before,
            "{}: nothing written",
            t.label
        );

        let good = format!(
            "{HEADER}\nHồ Thị Lan,02/09/1992,Nữ,19/05/2016,19/05/2017,80000001,Sơ cấp,Đại học\n\
             Kha Văn Lộc,28/02/1988,Nam,03/02/2012,03/02/2013,80000002,Trung cấp,Thạc sĩ\n"
        );
        std::fs::write(&file, good).unwrap();
        assert!(
            ok(
                db,
                &[
                    "import",
                    "members",
                    file.to_str().unwrap(),
                    "--org",
                    "CB-SNV"
                ]
            )
            .contains("Đã nhập 2"),
            "{}",
            t.label
        );
        assert!(
            ok(
                db,
                &[
                    "import",
                    "members",
                    file.to_str().unwrap(),
                    "--org",
                    "CB-SNV"
                ]
            )
            .contains("Đã nhập 0"),
            "{}",
            t.label
        );
        assert_eq!(members(db, "CB-SNV"), before + 2, "{}", t.label);
        // The same people in another branch: refused, they must be transferred instead.
        let o = dangvu(
            db,
            &[
                "import",
                "members",
                file.to_str().unwrap(),
                "--org",
                "CB-BTG",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        assert!(
            stderr(&o).contains("Dòng 2, cột 'Số thẻ đảng viên'"),
            "{}: {}",
            t.label,
            stderr(&o)
        );
    }
}

#[test]
fn export_then_import_gives_the_same_structure() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        let file = dir.path().join(format!("snv-{}.xlsx", t.label));
        assert!(
            ok(
                db,
                &[
                    "export",
                    "members",
                    "--org",
                    "CB-SNV",
                    file.to_str().unwrap(),
                    "--as-of",
                    "2020-05-15"
                ]
            )
            .contains("Đã xuất 22")
        );
        ok(
            db,
            &[
                "org",
                "add",
                "CB-COPY",
                "--name",
                "Chi bộ Bản sao",
                "--kind",
                "GrassrootsBranch",
                "--parent",
                "DUK-KG",
                "--since",
                "1990-01-01",
            ],
        );
        // The same card numbers belong to CB-SNV: refused whole.
        let o = dangvu(
            db,
            &[
                "import",
                "members",
                file.to_str().unwrap(),
                "--org",
                "CB-COPY",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", t.label);
        // Into a fresh database they import, with the same structure.
        let other = format!(
            "sqlite://{}",
            dir.path().join(format!("copy-{}.db", t.label)).display()
        );
        ok(
            &other,
            &[
                "org",
                "add",
                "TU-X",
                "--name",
                "Đảng bộ tỉnh X",
                "--kind",
                "Province",
                "--since",
                "1950-01-01",
            ],
        );
        ok(
            &other,
            &[
                "org",
                "add",
                "CB-X",
                "--name",
                "Chi bộ X",
                "--kind",
                "GrassrootsBranch",
                "--parent",
                "TU-X",
                "--since",
                "1950-01-01",
            ],
        );
        assert!(
            ok(
                &other,
                &["import", "members", file.to_str().unwrap(), "--org", "CB-X"]
            )
            .contains("Đã nhập 22")
        );
        let a: Value = serde_json::from_str(&ok(
            db,
            &[
                "stats",
                "--org",
                "CB-SNV",
                "--as-of",
                "2020-05-15",
                "--json",
            ],
        ))
        .unwrap();
        let b: Value = serde_json::from_str(&ok(
            &other,
            &["stats", "--org", "CB-X", "--as-of", "2020-05-15", "--json"],
        ))
        .unwrap();
        assert_eq!(a["dimensions"], b["dimensions"], "{}", t.label);
    }
}

#[test]
fn bad_input_exits_2_with_a_vietnamese_message() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        ok(db, &["demo"]);
        for (args, expected) in [
            (
                vec![
                    "org", "add", "CB-SNV", "--name", "X", "--kind", "Branch", "--parent", "DB-SCT",
                ],
                "đã tồn tại",
            ),
            (
                vec![
                    "org", "add", "CB-NEW", "--name", "X", "--kind", "Ward", "--parent", "DB-SCT",
                ],
                "không phải loại tổ chức hợp lệ",
            ),
            (
                vec![
                    "org", "add", "CB-NEW", "--name", "X", "--kind", "Branch", "--parent",
                    "KHONG-CO",
                ],
                "không tìm thấy tổ chức 'KHONG-CO'",
            ),
            (
                vec!["org", "add", "CB NEW", "--name", "X", "--kind", "Branch"],
                "không phải mã tổ chức hợp lệ",
            ),
            (
                vec!["stats", "--org", "CB-SNV", "--as-of", "2020-02-30"],
                "--as-of: '2020-02-30' không phải ngày hợp lệ",
            ),
            (vec!["stats", "--org", "KHONG-CO"], "không tìm thấy tổ chức"),
            (
                vec!["import", "members", "/khong/co.ods", "--org", "CB-SNV"],
                "không được hỗ trợ",
            ),
            (
                vec![
                    "org",
                    "split",
                    "CB-VPS",
                    "--code",
                    "CB-VPS3",
                    "--name",
                    "Y",
                    "--on",
                    "2020-01-01",
                    "--decision",
                    "118/QĐ-ĐU",
                ],
                "số hiệu văn bản",
            ),
        ] {
            let o = dangvu(db, &args);
            assert_eq!(
                o.status.code(),
                Some(2),
                "{}: {args:?}: {}",
                t.label,
                stderr(&o)
            );
            assert!(
                stderr(&o).contains(expected),
                "{}: {args:?}: {}",
                t.label,
                stderr(&o)
            );
        }
        let o = dangvu(db, &["khong-co-lenh"]);
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn help_lists_every_command_in_vietnamese() {
    let o = dangvu("sqlite://unused.db", &["--help"]);
    let help = stdout(&o);
    assert!(o.status.success());
    for c in [
        "demo",
        "org",
        "member",
        "stats",
        "import",
        "export",
        "gen",
        "backup",
        "bench",
        "Thống kê cơ cấu đảng viên",
    ] {
        assert!(help.contains(c), "{c} missing from:\n{help}");
    }
}

#[test]
fn backup_copies_sqlite_and_gen_makes_a_small_province() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("g.db").display());
    assert!(ok(&db, &["gen", "--members", "500", "--seed", "7"]).contains("500 đảng viên"));
    let s: Value = serde_json::from_str(&ok(&db, &["stats", "--org", "SYN", "--json"])).unwrap();
    assert!(s["members"].as_u64().unwrap() > 450, "{s}");
    let copy = dir.path().join("copy.db");
    ok(&db, &["backup", copy.to_str().unwrap()]);
    let copied: Value = serde_json::from_str(&ok(
        &format!("sqlite://{}", copy.display()),
        &["stats", "--org", "SYN", "--json"],
    ))
    .unwrap();
    assert_eq!(copied["members"], s["members"]);
    let again = dangvu(&db, &["gen", "--members", "10"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "the prefix exists: {}",
        stderr(&again)
    );
}

/// Usage errors are Vietnamese, with the usage, and exit 2 (issue 18 §5.6; CONTRACTS.md):
/// clap's English ("error:", "Usage:", "unexpected argument") never reaches the terminal.
#[test]
fn usage_errors_are_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("u.db").display());
    for (args, says) in [
        (&["khong-co"][..], "không có lệnh 'khong-co'"),
        (&["--khong-co"][..], "không có tham số '--khong-co'"),
        (&["stats"][..], "thiếu tham số bắt buộc: --org <ORG>"),
        (&["stats", "--org"][..], "--org <ORG>: thiếu giá trị"),
        (&["statz"][..], "Có phải ý bạn là 'stats'?"),
        (&["org"][..], "thiếu lệnh con"),
    ] {
        let o = dangvu(&db, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("Lỗi: "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("Cách dùng:"), "{args:?}: {err}");
        for english in [
            "error:",
            "Usage:",
            "unexpected",
            "required",
            "For more information",
            "a value is",
            "unrecognized",
        ] {
            assert!(!err.contains(english), "{args:?}: English in {err}");
        }
    }
    let help = dangvu(&db, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    assert!(
        text.contains("Cách dùng:") && text.contains("Lệnh:"),
        "{text}"
    );
}
