//! `dangvu user` as an operator calls it (CONTRACTS.md, `dangvu user add`): accounts with a
//! password from stdin or a generated one, the listing, and bad input that exits 2.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn dangvu(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(args)
        .env("DANGVU_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dangvu");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("wait for dangvu")
}

fn ok(db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let o = dangvu(db, args, stdin);
    assert!(
        o.status.success(),
        "dangvu {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Signs in through the storage layer, as the web application will.
fn signs_in(db: &str, user: &str, password: &str) -> Option<Vec<domain::accounts::access::Grant>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = db::Db::connect(db).await.unwrap();
        let now = chrono::Utc::now().naive_utc();
        let u = db
            .verify_login(user, password, "127.0.0.1", now)
            .await
            .unwrap()?;
        Some(db.grants(u.id).await.unwrap())
    })
}

#[test]
fn accounts_are_added_with_a_password_from_stdin_or_a_generated_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = db.as_str();
    ok(db, &["demo"], None);

    let out = ok(
        db,
        &[
            "user",
            "add",
            "bi.thu.snv",
            "--org",
            "cb-snv",
            "--role",
            "secretary",
            "--password-stdin",
        ],
        Some("mat-khau-bi-thu-2026\nbỏ qua dòng sau\n"),
    );
    assert!(out.contains("Đã tạo tài khoản 'bi.thu.snv'"), "{out}");
    assert!(
        !out.contains("mat-khau-bi-thu-2026"),
        "the given password is not echoed"
    );

    let out = ok(
        db,
        &[
            "user", "add", "Quan.Tri", "--org", "TU-KG", "--role", "ADMIN",
        ],
        None,
    );
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("Mật khẩu (chỉ hiện một lần, hãy lưu lại): "))
        .unwrap_or_else(|| panic!("no password printed: {out}"))
        .to_string();
    assert_eq!(generated.chars().count(), 16, "{generated}");

    let list = ok(db, &["user", "list"], None);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(
        lines[0].starts_with(
            "bi.thu.snv\t[đang dùng; chưa đăng nhập]\tBí thư — CB-SNV (Chi bộ Sở Ngoại vụ)"
        ),
        "{list}"
    );
    assert!(
        lines[1].starts_with("quan.tri\t[đang dùng; chưa đăng nhập]\tQuản trị — TU-KG ("),
        "{list}"
    );

    let secretary = signs_in(db, "bi.thu.snv", "mat-khau-bi-thu-2026").expect("signs in");
    assert_eq!(secretary.len(), 1);
    assert_eq!(secretary[0].role, domain::accounts::access::Role::Secretary);
    let admin = signs_in(db, "quan.tri", &generated).expect("signs in with the printed password");
    assert_eq!(
        admin[0].org_path.matches('/').count(),
        2,
        "the province is the root"
    );
    assert!(domain::accounts::access::may(
        &admin,
        &secretary[0].org_path,
        domain::accounts::access::Action::Administer
    ));
    assert!(signs_in(db, "quan.tri", "mat-khau-bi-thu-2026").is_none());
}

#[test]
fn bad_input_exits_2_naming_the_value_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = db.as_str();
    ok(db, &["demo"], None);
    ok(
        db,
        &[
            "user", "add", "can.bo", "--org", "DUK-KG", "--role", "staff",
        ],
        None,
    );
    let pw = Some("mot-mat-khau-dai\n");
    let cases: [(&[&str], Option<&str>, &str); 6] = [
        (
            &[
                "user",
                "add",
                "x.y",
                "--org",
                "DUK-KG",
                "--role",
                "boss",
                "--password-stdin",
            ],
            pw,
            "'boss'",
        ),
        (
            &[
                "user",
                "add",
                "x.y",
                "--org",
                "KHONG-CO",
                "--role",
                "staff",
                "--password-stdin",
            ],
            pw,
            "'KHONG-CO'",
        ),
        (
            &[
                "user",
                "add",
                "x.y",
                "--org",
                "CB SNV",
                "--role",
                "staff",
                "--password-stdin",
            ],
            pw,
            "'CB SNV'",
        ),
        (
            &[
                "user",
                "add",
                "ab",
                "--org",
                "DUK-KG",
                "--role",
                "staff",
                "--password-stdin",
            ],
            pw,
            "'ab'",
        ),
        (
            &[
                "user",
                "add",
                "Can.Bo",
                "--org",
                "DUK-KG",
                "--role",
                "viewer",
                "--password-stdin",
            ],
            pw,
            "'can.bo' đã có người sử dụng",
        ),
        (
            &[
                "user",
                "add",
                "x.y",
                "--org",
                "DUK-KG",
                "--role",
                "staff",
                "--password-stdin",
            ],
            Some("ngan\n"),
            "ít nhất 10 ký tự",
        ),
    ];
    for (args, stdin, needle) in cases {
        let o = dangvu(db, args, stdin);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let list = ok(db, &["user", "list"], None);
    assert_eq!(list.lines().count(), 1, "{list}");
}

/// Runs a command that must be refused (exit 2); returns its message.
fn refused(db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let o = dangvu(db, args, stdin);
    assert_eq!(o.status.code(), Some(2), "dangvu {args:?}");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn accounts_are_managed_grant_revoke_reset_disable_and_each_change_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = db.as_str();
    ok(db, &["demo"], None);
    let first = "mat-khau-dau-tien-1";
    ok(
        db,
        &[
            "user",
            "add",
            "bithu-a",
            "--org",
            "CB-SNV",
            "--role",
            "secretary",
            "--password-stdin",
        ],
        Some(first),
    );
    // A second role, then withdrawn; the last one is not withdrawn.
    ok(
        db,
        &[
            "user", "grant", "bithu-a", "--org", "CB-TDKT", "--role", "viewer",
        ],
        None,
    );
    assert_eq!(signs_in(db, "bithu-a", first).unwrap().len(), 2);
    ok(
        db,
        &[
            "user", "revoke", "bithu-a", "--org", "CB-TDKT", "--role", "viewer",
        ],
        None,
    );
    assert_eq!(signs_in(db, "bithu-a", first).unwrap().len(), 1);
    let e = refused(
        db,
        &[
            "user",
            "revoke",
            "bithu-a",
            "--org",
            "CB-SNV",
            "--role",
            "secretary",
        ],
        None,
    );
    assert!(e.contains("quyền duy nhất"), "{e}");
    let e = refused(
        db,
        &[
            "user", "revoke", "bithu-a", "--org", "CB-SNV", "--role", "viewer",
        ],
        None,
    );
    assert!(e.contains("không có quyền"), "{e}");
    // The listing shows the last sign-in and the state.
    let list = ok(db, &["user", "list"], None);
    let line = list.lines().find(|l| l.starts_with("bithu-a")).unwrap();
    assert!(line.contains("đang dùng; đăng nhập gần nhất"), "{line}");
    // Disabled: no sign-in; enabled again: signs in.
    ok(db, &["user", "disable", "bithu-a"], None);
    assert!(signs_in(db, "bithu-a", first).is_none());
    let list = ok(db, &["user", "list"], None);
    assert!(list.contains("bithu-a\t[đã khóa"), "{list}");
    ok(db, &["user", "enable", "bithu-a"], None);
    assert!(signs_in(db, "bithu-a", first).is_some());
    // A new password: the old one no longer signs in; a weak one is refused.
    let second = "mat-khau-thu-hai-22";
    ok(
        db,
        &["user", "reset", "bithu-a", "--password-stdin"],
        Some(second),
    );
    assert!(signs_in(db, "bithu-a", first).is_none());
    assert!(signs_in(db, "bithu-a", second).is_some());
    let e = refused(
        db,
        &["user", "reset", "bithu-a", "--password-stdin"],
        Some("ngan"),
    );
    assert!(e.contains("--password-stdin"), "{e}");
    assert!(signs_in(db, "bithu-a", second).is_some(), "nothing changed");
    let e = refused(db, &["user", "disable", "khong-co-ai"], None);
    assert!(e.contains("không tìm thấy tài khoản"), "{e}");
    // Every change is in the audit log.
    let log = ok(
        db,
        &["audit", "--entity", "app_user", "--limit", "50"],
        None,
    );
    for action in ["grant", "revoke", "disable", "enable", "reset_password"] {
        assert!(log.contains(action), "{action}: {log}");
    }
}

#[test]
fn a_member_account_is_added_by_card_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = db.as_str();
    ok(db, &["demo"], None);
    // Chi bộ Sở Ngoại vụ's members with a card, read from the register export (JSON stats
    // would not name them): take one from the database.
    let card = {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let d = db::Db::connect(db).await.unwrap();
            let today = chrono::Utc::now().date_naive();
            let roster = d.roster("CB-SNV", today).await.unwrap();
            let mut card = None;
            for e in roster.into_iter().filter(|e| e.member) {
                if let Some(c) = d
                    .person(e.person_id)
                    .await
                    .unwrap()
                    .membership
                    .and_then(|m| m.card_number)
                {
                    card = Some(c.as_str().to_string());
                    break;
                }
            }
            card.unwrap()
        })
    };
    let out = ok(
        db,
        &["user", "add", "dv-a", "--member", &card, "--password-stdin"],
        Some("mat-khau-dang-vien-1"),
    );
    assert!(
        out.contains("Đã tạo tài khoản đảng viên 'dv-a' (member)"),
        "{out}"
    );
    assert!(out.contains(&card), "{out}");
    // A member account has no grant: it reads only its own page.
    assert_eq!(
        signs_in(db, "dv-a", "mat-khau-dang-vien-1"),
        Some(Vec::new())
    );
    let list = ok(db, &["user", "list"], None);
    let line = list.lines().find(|l| l.starts_with("dv-a")).unwrap();
    assert!(
        line.contains("Đảng viên") && line.contains("CB-SNV"),
        "{line}"
    );
    // One account per member; a card nobody holds; --member with --role.
    let e = refused(db, &["user", "add", "dv-b", "--member", &card], None);
    assert!(e.contains("đã có tài khoản 'dv-a'"), "{e}");
    let e = refused(db, &["user", "add", "dv-c", "--member", "99999999"], None);
    assert!(e.contains("99999999"), "{e}");
    let o = dangvu(
        db,
        &["user", "add", "dv-d", "--member", &card, "--role", "viewer"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let list = ok(db, &["user", "list"], None);
    assert!(
        !list.contains("dv-b") && !list.contains("dv-c") && !list.contains("dv-d"),
        "{list}"
    );
}
