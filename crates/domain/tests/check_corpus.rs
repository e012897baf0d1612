//! The number checker against its corpus (`tests/check_corpus/`): the five seeds and texts
//! written in their style, each with an annotation of what is wrong in it (line, kind,
//! severity, a part of the quote) and of figures known to be right. Measures precision (how
//! many findings are real) and recall (how many real problems are found), prints both, and
//! requires both to be 100%.

use std::path::{Path, PathBuf};

use domain::check::{Finding, check};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_corpus")
}

fn kind(f: &Finding) -> String {
    serde_json::to_value(f.kind)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn severity(f: &Finding) -> String {
    serde_json::to_value(f.severity)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The finding `e` expects: same line and kind, its quote inside the finding's, its severity.
fn meets(f: &Finding, e: &Value) -> bool {
    f.line as u64 == e["line"].as_u64().unwrap()
        && kind(f) == e["kind"].as_str().unwrap()
        && severity(f) == e["severity"].as_str().unwrap()
        && f.quote.contains(e["quote"].as_str().unwrap())
}

struct Tally {
    texts: usize,
    expected: usize,
    found: usize,
    findings: usize,
    real: usize,
    right_figures: usize,
    problems: Vec<String>,
}

fn check_one(txt: &Path, t: &mut Tally) {
    let name = txt.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(txt).unwrap();
    let ann: Value =
        serde_json::from_str(&std::fs::read_to_string(txt.with_extension("json")).unwrap())
            .unwrap_or_else(|e| panic!("{name}: annotation: {e}"));
    let report = check(&text);
    let expected = ann["expected"].as_array().unwrap();
    let mut used = vec![false; report.findings.len()];
    for e in expected {
        t.expected += 1;
        let hit = (0..report.findings.len()).find(|&i| !used[i] && meets(&report.findings[i], e));
        match hit {
            Some(i) => {
                used[i] = true;
                t.found += 1;
            }
            None => t.problems.push(format!("{name}: missed {e}")),
        }
    }
    for (f, u) in report.findings.iter().zip(&used) {
        t.findings += 1;
        if *u {
            t.real += 1;
        } else {
            t.problems.push(format!(
                "{name}: false alarm line {} [{}/{}] «{}»: {}",
                f.line,
                kind(f),
                severity(f),
                f.quote,
                f.message
            ));
        }
    }
    for r in ann["right"].as_array().unwrap() {
        t.right_figures += 1;
        let r = r.as_str().unwrap();
        if report.findings.iter().any(|f| f.quote.contains(r)) {
            t.problems
                .push(format!("{name}: flags a right figure «{r}»"));
        }
    }
    t.texts += 1;
}

#[test]
fn the_checker_finds_every_annotated_problem_and_nothing_else() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut t = Tally {
        texts: 0,
        expected: 0,
        found: 0,
        findings: 0,
        real: 0,
        right_figures: 0,
        problems: Vec::new(),
    };
    for f in &files {
        check_one(f, &mut t);
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!(
        "check-text corpus: {} texts, {} annotated problems, {} right figures named; \
         recall {}/{} = {:.1}%, precision {}/{} = {:.1}%",
        t.texts,
        t.expected,
        t.right_figures,
        t.found,
        t.expected,
        pct(t.found, t.expected),
        t.real,
        t.findings,
        pct(t.real, t.findings)
    );
    assert!(t.texts >= 20, "the corpus has only {} texts", t.texts);
    assert!(t.problems.is_empty(), "{}", t.problems.join("\n"));
    assert_eq!(t.found, t.expected);
    assert_eq!(t.real, t.findings);
}
