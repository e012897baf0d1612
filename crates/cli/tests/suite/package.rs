//! `dangvu package` as CONTRACTS.md says (issue 15, item 3): the demo's counted congress
//! exported, verified and recounted; each part of the package altered is refused (exit 3, the
//! reason in Vietnamese), a file that is not a package exits 2; import verifies first and keeps
//! nothing from a package that fails; the key's fingerprint is printed on the minutes inside.

use std::process::{Command, Output};

fn dangvu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangvu"))
        .args(args)
        .output()
        .expect("run dangvu")
}

#[test]
fn a_package_is_exported_verified_refused_when_altered_and_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let hall = format!("sqlite://{}", dir.path().join("hall.db").display());
    let superior = format!("sqlite://{}", dir.path().join("superior.db").display());
    let pkg = dir.path().join("p.pkg");
    let pkg = pkg.to_str().unwrap();
    assert!(dangvu(&["demo", "--db", &hall]).status.success());
    let o = dangvu(&[
        "package", "export", "--db", &hall, "--org", "CB-SNV", "--out", pkg,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed = String::from_utf8_lossy(&o.stdout).to_string();
    let o = dangvu(&["package", "verify", pkg, "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert!(v["rounds"].as_u64().unwrap() >= 3, "{v}");
    assert_eq!(v["recounted"], v["rounds"]);
    let fingerprint = v["fingerprint"].as_str().unwrap().to_string();
    assert!(printed.contains(&fingerprint), "{printed}");
    // The minutes in the package print the key's fingerprint.
    let file = std::fs::read_to_string(pkg).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    let payload: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    let minutes = payload["rounds"][0]["minutes"].as_str().unwrap();
    assert!(
        minutes.contains("BIÊN BẢN KIỂM PHIẾU") && minutes.contains(&fingerprint),
        "{minutes}"
    );

    // Each part altered: a ballot, a result, the minutes, the named key, the signature line.
    let altered = |from: &str, to: &str, which: usize| {
        let mut parts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert!(parts[which].contains(from), "{from}");
        parts[which] = parts[which].replacen(from, to, 1);
        let p = dir.path().join("q.pkg");
        std::fs::write(&p, parts.join("\n") + "\n").unwrap();
        let o = dangvu(&["package", "verify", p.to_str().unwrap(), "--json"]);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let ballot = payload["rounds"][0]["ballots"][0]["ballot"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        (
            format!("\"ballot\":\"{ballot}\""),
            format!("\"ballot\":\"{ballot}9\""),
            1,
        ),
        (
            "\"threshold\":".to_string(),
            "\"threshold\":1".to_string(),
            1,
        ),
        (
            "BIÊN BẢN KIỂM PHIẾU".to_string(),
            "BIEN BAN KIEM PHIEU".to_string(),
            1,
        ),
        (
            fingerprint.clone(),
            // Another first digit (the key is made at random, so it may start with 0).
            format!(
                "{}{}",
                if fingerprint.starts_with('0') {
                    '1'
                } else {
                    '0'
                },
                &fingerprint[1..]
            ),
            1,
        ),
        ("ED25519 ".to_string(), "ED25519 0".to_string(), 2),
    ];
    for (from, to, which) in cases {
        let (code, out, err) = altered(&from, &to, which);
        assert_eq!(code, Some(3), "{from} → {to}: {err}");
        assert!(err.contains("bị từ chối"), "{err}");
        if which == 1 {
            assert!(out.contains("\"valid\": false"), "{out}");
        }
    }
    let (code, _, err) = altered("DANGVU-PACKAGE/1", "DANGVU-PAKAGE/1", 0);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        dangvu(&["package", "verify", "/etc/hostname"])
            .status
            .code(),
        Some(2)
    );

    // Import: an altered package keeps nothing; a good one once.
    let bad = dir.path().join("q.pkg");
    let o = dangvu(&[
        "package",
        "import",
        bad.to_str().unwrap(),
        "--db",
        &superior,
    ]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(&bad, file.replacen("\"ordinal\":4", "\"ordinal\":5", 1)).unwrap();
    let o = dangvu(&[
        "package",
        "import",
        bad.to_str().unwrap(),
        "--db",
        &superior,
    ]);
    assert_eq!(o.status.code(), Some(3));
    // Checked against the fingerprint on the minutes: another key's is refused, nothing kept.
    let other = "0000 1111 2222 3333 4444 5555 6666 7777";
    for cmd in ["verify", "import"] {
        let mut args = vec!["package", cmd, pkg, "--expect-fingerprint", other];
        if cmd == "import" {
            args.extend(["--db", &superior]);
        }
        let o = dangvu(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{cmd}: {err}");
        assert!(err.contains("in trên biên bản kiểm phiếu"), "{err}");
    }
    let typed = fingerprint.to_uppercase().replace(' ', "-");
    let o = dangvu(&["package", "verify", pkg, "--expect-fingerprint", &typed]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dangvu(&[
        "package",
        "import",
        pkg,
        "--db",
        &superior,
        "--expect-fingerprint",
        &fingerprint,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dangvu(&["package", "import", pkg, "--db", &superior]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("đã được nhập"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kept = rt.block_on(async {
        db::Db::connect(&superior)
            .await
            .unwrap()
            .packages()
            .await
            .unwrap()
    });
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].fingerprint, fingerprint);
}
