//! `dangvu tally` as scripts call it (CONTRACTS.md): the worked examples give the expected
//! JSON, and every kind of bad input exits 2 with a Vietnamese message and nothing on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

/// The project's copy of the worked examples of CONTRACTS.md (from ../shared/examples/tally).
fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/tally")
}

/// The shared folder's examples, when the project sits beside it.
fn shared_examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples/tally")
}

/// Runs `dangvu tally <arg>`, feeding `stdin` if given. The database variable points nowhere
/// usable, to show the command does not touch a database.
fn tally(arg: &str, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(["tally", arg])
        .env("DANGVU_DB", "sqlite:///nonexistent-dir/never.db")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dangvu");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for dangvu")
}

fn tally_json(input: &Value) -> Output {
    tally("-", Some(&input.to_string()))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fields `check_tally` of check-contracts compares, with the next round's candidates
/// sorted (their order is not part of the contract).
fn comparable(v: &Value) -> Value {
    let rows: Vec<Value> = v["results"]
        .as_array()
        .expect("results is an array")
        .iter()
        .map(|r| {
            json!([
                r["candidate"],
                r["votes"],
                r["status"],
                (r["percent_of_base"].as_f64().expect("percent_of_base") * 100.0).round(),
                (r["percent_of_valid"].as_f64().expect("percent_of_valid") * 100.0).round(),
            ])
        })
        .collect();
    let next = match &v["next_round"] {
        Value::Null => Value::Null,
        n => {
            let mut names: Vec<String> = n["candidates"]
                .as_array()
                .expect("next_round.candidates")
                .iter()
                .map(|s| s.as_str().expect("a name").to_string())
                .collect();
            names.sort();
            json!({"seats": n["seats"], "candidates": names})
        }
    };
    json!({
        "ballots": v["ballots"],
        "base": v["base"],
        "threshold": v["threshold"],
        "elected": v["elected"],
        "results": rows,
        "next_round": next,
    })
}

#[test]
fn examples_give_the_expected_json() {
    let dir = examples_dir();
    assert!(
        dir.is_dir(),
        "the worked examples are missing: {}",
        dir.display()
    );
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read examples")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".input.json"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 3, "expected the three worked examples");
    for input in inputs {
        let name = input.to_string_lossy().replace(".input.json", "");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{name}.expected.json")).expect("expected file"),
        )
        .expect("expected JSON");
        let o = tally(input.to_str().expect("UTF-8 path"), None);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let actual: Value = serde_json::from_slice(&o.stdout).expect("output is JSON");
        assert_eq!(comparable(&actual), comparable(&expected), "{name}");
        // Exactly the keys of the contract.
        let keys: Vec<&str> = actual
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "ballots",
                "base",
                "threshold",
                "results",
                "elected",
                "next_round"
            ]
        );
    }
}

/// The project's copy keeps up with ../shared/examples/tally when that folder is present: every
/// shared example is in the copy, byte for byte.
#[test]
fn the_project_copy_of_the_examples_matches_the_shared_folder() {
    let shared = shared_examples_dir();
    let Ok(entries) = std::fs::read_dir(&shared) else {
        return;
    };
    for e in entries {
        let path = e.expect("dir entry").path();
        let name = path.file_name().expect("a file name");
        let copy = examples_dir().join(name);
        assert_eq!(
            std::fs::read(&copy).ok(),
            Some(std::fs::read(&path).expect("read shared example")),
            "{} differs from {} (copy it into testdata/tally)",
            copy.display(),
            path.display()
        );
    }
}

#[test]
fn reads_the_round_from_stdin_with_a_dash() {
    let input = json!({
        "election": "Bầu Bí thư Chi bộ",
        "seats": 1,
        "base": {"summoned": 10, "exclusions": {"absent_with_reason": 1}},
        "candidates": ["Nguyễn Văn An", "Trần Thị Bình"],
        "ballots_issued": 9,
        "ballots": [
            {"struck": ["Trần Thị Bình"]}, {"struck": ["Trần Thị Bình"]},
            {"struck": ["Trần Thị Bình"]}, {"struck": ["Trần Thị Bình"]},
            {"struck": ["Trần Thị Bình"]}, {"struck": ["Nguyễn Văn An"]},
            {"struck": []},
            {"invalid": "Phiếu không do Ban kiểm phiếu phát ra"}
        ]
    });
    let o = tally_json(&input);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("output is JSON");
    assert_eq!(
        v["ballots"],
        json!({"issued": 9, "returned": 8, "valid": 6, "invalid": 2})
    );
    assert_eq!(v["base"], 9);
    assert_eq!(v["threshold"], 5);
    assert_eq!(v["elected"], json!(["Nguyễn Văn An"]));
    assert_eq!(v["results"][0]["percent_of_base"], 55.56);
    assert_eq!(v["results"][0]["percent_of_valid"], 83.33);
    assert!(v["next_round"].is_null());
}

#[test]
fn a_no_surplus_list_with_marks_counts_only_yes() {
    let input = json!({
        "seats": 2,
        "base": 3,
        "candidates": ["Nguyễn Văn An", "Trần Thị Bình"],
        "ballots_issued": 3,
        "ballots": [
            {"marks": {"Nguyễn Văn An": "yes", "Trần Thị Bình": "both"}},
            {"marks": {"Nguyễn Văn An": "yes", "Trần Thị Bình": "yes"}},
            {"marks": {"Nguyễn Văn An": "none", "Trần Thị Bình": "yes"}}
        ]
    });
    let o = tally_json(&input);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("output is JSON");
    assert_eq!(v["ballots"]["valid"], 3);
    assert_eq!(v["elected"], json!(["Nguyễn Văn An", "Trần Thị Bình"]));
}

#[test]
fn more_valid_ballots_than_the_base_are_counted_with_a_warning_on_stderr() {
    // Base 5, 6 valid ballots (120% of the base).
    let input = json!({
        "seats": 1,
        "candidates": ["A", "B"],
        "base": 5,
        "ballots_issued": 6,
        "ballots": [{"struck": ["B"]}, {"struck": ["B"]}, {"struck": ["B"]},
                    {"struck": ["B"]}, {"struck": ["A"]}, {"struck": ["A"]}]
    });
    let o = tally_json(&input);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("output is JSON");
    assert_eq!(v["ballots"]["valid"], 6);
    let err = stderr(&o);
    assert!(
        err.contains("Cảnh báo") && err.contains("base") && err.contains("120,0%"),
        "{err}"
    );
    // At the base, no warning.
    let mut at_base = input.clone();
    at_base["base"] = json!(6);
    assert!(stderr(&tally_json(&at_base)).is_empty());
}

fn is_vietnamese(s: &str) -> bool {
    s.chars()
        .any(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || ('\u{1EA0}'..='\u{1EF9}').contains(&c))
}

fn assert_bad(label: &str, o: &Output, names: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{label}: exit code; stderr: {err}"
    );
    assert!(o.stdout.is_empty(), "{label}: stdout not empty");
    assert!(
        is_vietnamese(&err),
        "{label}: message not Vietnamese: {err}"
    );
    assert!(
        err.contains(names),
        "{label}: message lacks '{names}': {err}"
    );
}

fn good() -> Value {
    json!({
        "seats": 1,
        "candidates": ["A", "B"],
        "base": 3,
        "ballots_issued": 3,
        "ballots": [{"struck": ["B"]}, {"struck": ["B"]}, {"struck": ["A"]}]
    })
}

fn with(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = good();
    f(&mut v);
    v
}

#[test]
fn bad_input_exits_2_with_a_vietnamese_message_and_no_output() {
    assert!(tally_json(&good()).status.success());
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "a name not on the list",
            with(|v| v["ballots"][2] = json!({"struck": ["C"]})),
            "\"C\"",
        ),
        (
            "a name not on the list in marks",
            with(|v| v["ballots"][0] = json!({"marks": {"C": "yes"}})),
            "\"C\"",
        ),
        (
            "a duplicate candidate",
            with(|v| v["candidates"] = json!(["A", "B", "A"])),
            "\"A\"",
        ),
        (
            "more ballots than issued",
            with(|v| v["ballots_issued"] = json!(2)),
            "ballots_issued",
        ),
        ("no seats", with(|v| v["seats"] = json!(0)), "seats"),
        ("negative seats", with(|v| v["seats"] = json!(-1)), "seats"),
        (
            "more seats than candidates",
            with(|v| v["seats"] = json!(3)),
            "seats",
        ),
        ("a base of zero", with(|v| v["base"] = json!(0)), "base"),
        ("a negative base", with(|v| v["base"] = json!(-4)), "base"),
        (
            "a base that exclusions bring to zero",
            with(|v| {
                v["base"] =
                    json!({"summoned": 3, "exclusions": {"suspended": 1, "absent_with_reason": 2}})
            }),
            "base",
        ),
        (
            "exclusions of a members' and a delegates' congress in one base",
            with(
                |v| v["base"] = json!({"summoned": 5, "exclusions": {"absent_with_reason": 1, "committee_absent": 1}}),
            ),
            "base.exclusions",
        ),
        (
            "an unknown exclusion key",
            with(|v| v["base"] = json!({"summoned": 3, "exclusions": {"on_leave": 1}})),
            "on_leave",
        ),
        (
            "an unknown mark",
            with(|v| v["ballots"][0] = json!({"marks": {"A": "maybe", "B": "no"}})),
            "maybe",
        ),
        (
            "seats given as text",
            with(|v| v["seats"] = json!("một")),
            "seats",
        ),
        (
            "seats missing",
            with(|v| {
                v.as_object_mut().map(|o| o.remove("seats"));
            }),
            "seats",
        ),
        (
            "ballots missing",
            with(|v| {
                v.as_object_mut().map(|o| o.remove("ballots"));
            }),
            "ballots",
        ),
        (
            "a ballot of two kinds",
            with(|v| v["ballots"][1] = json!({"struck": [], "invalid": "x"})),
            "phiếu thứ 2",
        ),
        (
            "a ballot that is not an object",
            with(|v| v["ballots"][0] = json!(["B"])),
            "phiếu thứ 1",
        ),
        (
            "a candidate that is not a name",
            with(|v| v["candidates"] = json!(["A", 2])),
            "candidates",
        ),
        (
            "a misspelt key in the base",
            with(|v| v["base"] = json!({"summoned": 3, "exclusion": {"suspended": 1}})),
            "exclusion",
        ),
        ("not an object", json!([1, 2, 3]), "đối tượng"),
    ];
    for (label, input, names) in cases {
        assert_bad(label, &tally_json(&input), names);
    }
    // Malformed JSON, truncated JSON, and no file at all.
    assert_bad(
        "malformed JSON",
        &tally("-", Some("{\"seats\": 1,, }")),
        "JSON",
    );
    assert_bad("truncated JSON", &tally("-", Some("{\"seats\": 1")), "JSON");
    assert_bad("empty input", &tally("-", Some("")), "JSON");
    assert_bad(
        "a missing file",
        &tally("/nonexistent-dir/round.json", None),
        "/nonexistent-dir/round.json",
    );
}
