//! `dangvu check-text` as scripts call it (CONTRACTS.md): the worked example of seed 000
//! (`must_find`, `must_not_flag`), the JSON's shape, stdin, the readable list, and the exit
//! code 2 with a Vietnamese message for a file that is missing or not UTF-8.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../domain/tests/check_corpus")
        .join(name)
}

/// Runs `dangvu check-text ARGS`, feeding `stdin`. The database points nowhere usable: the
/// command does not touch one.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .arg("check-text")
        .args(args)
        .env("DANGVU_DB", "sqlite:///nonexistent-dir/never.db")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dangvu");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for dangvu")
}

fn json(o: &Output) -> Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The example's `must_find` and `must_not_flag` against the findings, as check-contracts
/// reads them.
fn meets_example(findings: &[Value], example: &Value) {
    for m in example["must_find"].as_array().unwrap() {
        let allowed: Vec<&str> = match m.get("severity_in") {
            Some(v) => v
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect(),
            None => vec![m["severity"].as_str().unwrap()],
        };
        let hits = findings
            .iter()
            .filter(|f| {
                f["line"] == m["line"]
                    && f["kind"] == m["kind"]
                    && squash(f["quote"].as_str().unwrap())
                        .contains(&squash(m["quote_contains"].as_str().unwrap()))
                    && allowed.contains(&f["severity"].as_str().unwrap())
            })
            .count();
        assert!(
            hits as u64 >= m["times"].as_u64().unwrap_or(1),
            "misses {m}"
        );
    }
    for m in example["must_not_flag"].as_array().unwrap() {
        let part = squash(m["quote_contains"].as_str().unwrap());
        assert!(
            !findings
                .iter()
                .any(|f| squash(f["quote"].as_str().unwrap()).contains(&part)
                    && f["severity"] == "error"),
            "flags {part}"
        );
    }
}

#[test]
fn seed_000_meets_the_worked_example() {
    let o = run(&[corpus("seed000.txt").to_str().unwrap(), "--json"], b"");
    let v = json(&o);
    let example: Value = serde_json::from_str(include_str!(
        "../../../../testdata/check-text/seed000.expected.json"
    ))
    .unwrap();
    meets_example(v["findings"].as_array().unwrap(), &example);
}

#[test]
fn the_json_has_the_contracts_fields() {
    let v = json(&run(
        &[corpus("seed000.txt").to_str().unwrap(), "--json"],
        b"",
    ));
    let f = &v["findings"][0];
    assert_eq!(f["line"], 15);
    assert_eq!(f["quote"], "06 đồng chí, chiếm 27,5%");
    assert_eq!(f["kind"], "percent");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["stated"], 27.5);
    assert_eq!(f["computed"], 27.27);
    assert_eq!(f["count"], 6);
    assert_eq!(f["base"], 22);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("6/22 = 27,27%, viết 27,5%")
    );
    assert!(f["span"]["start"].as_u64().unwrap() < f["span"]["end"].as_u64().unwrap());
    let s = &v["summary"];
    assert_eq!(
        (s["errors"].as_u64(), s["ambiguous"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(s["checked"].as_u64().unwrap() >= 6);
    assert_eq!(s["notes"], 0);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = "Chi bộ có 9 đảng viên, trong đó 2 đồng chí nữ, chiếm 25%.";
    let v = json(&run(&["-", "--json"], text.as_bytes()));
    assert_eq!(
        v["findings"][0]["message"],
        "2/9 = 22,22%, viết 25% (đúng là 22%)"
    );
}

#[test]
fn without_json_a_readable_list_and_the_summary() {
    let o = run(&[corpus("seed000.txt").to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("Dòng 15 [sai] «06 đồng chí, chiếm 27,5%»"),
        "{out}"
    );
    assert!(out.contains("Đã kiểm tra"), "{out}");
    let quiet = run(&["-"], "Chi bộ có 22 đảng viên.".as_bytes());
    assert!(
        String::from_utf8(quiet.stdout)
            .unwrap()
            .contains("Không thấy số liệu sai")
    );
}

#[test]
fn a_text_that_checks_out_exits_0_with_no_findings() {
    let v = json(&run(
        &[corpus("seed003.txt").to_str().unwrap(), "--json"],
        b"",
    ));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn a_missing_file_exits_2_with_a_vietnamese_message() {
    let o = run(&["/nonexistent/bao-cao.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("không đọc được tệp") && err.contains("không có tệp này"),
        "{err}"
    );
}

#[test]
fn a_text_in_an_old_vietnamese_encoding_is_refused_with_how_to_save_it() {
    // "Chi bé cã 22 ®¶ng viªn" as TCVN3 (ABC) bytes, and "Đảng" in Windows-1258.
    for bytes in [
        b"Chi b\xe9 c\xe3 22 \xae\xb6ng vi\xaan".to_vec(),
        b"\xd0a\xde\xa3ng vi\xean 27,5%".to_vec(),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bao-cao.txt");
        std::fs::write(&path, &bytes).unwrap();
        let o = run(&[path.to_str().unwrap(), "--json"], b"");
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains("không phải văn bản UTF-8"), "{err}");
        assert!(err.contains("lưu lại theo bảng mã UTF-8"), "{err}");
    }
    let o = run(&["-"], b"\xff\xfeC\x00h\x00");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("UTF-16"));
}
