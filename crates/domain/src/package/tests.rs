use super::*;
use crate::congress::entry::EnteredBallot;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A congress with one round: 3 names, 2 seats, 5 ballots issued.
fn payload() -> Payload {
    let candidates: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
        .map(String::from)
        .to_vec();
    let entered = vec![
        EnteredBallot::Struck(vec![1]),
        EnteredBallot::Struck(vec![2]),
        EnteredBallot::Struck(vec![]),
        EnteredBallot::Invalid("gạch hết".into()),
        EnteredBallot::Struck(vec![3]),
    ];
    let round = Round {
        seats: 2,
        base: BaseSpec::Number(5),
        candidates: candidates.clone(),
        ballots_issued: 5,
        ballots: entered
            .iter()
            .map(|b| b.to_ballot(&candidates).unwrap())
            .collect(),
    };
    let result = serde_json::to_value(count_round(&round).unwrap()).unwrap();
    Payload {
        org_code: "CB-SNV".into(),
        org_name: "Chi bộ Sở Ngoại vụ".into(),
        congress: "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV".into(),
        ordinal: 4,
        held_on: d(2020, 5, 15),
        board: vec![("Lê Văn Dũng".into(), "Trưởng ban".into())],
        rounds: vec![PackedRound {
            code: "CB-SNV/IV/committee/1".into(),
            title: "Bầu Chi ủy".into(),
            seats: 2,
            ballots_issued: 5,
            base: 5,
            candidates,
            ballots: pack_ballots(&entered),
            result,
            minutes: "BIÊN BẢN KIỂM PHIẾU\nDòng hai".into(),
        }],
        fingerprint: String::new(),
        exported_at: d(2020, 5, 15).and_hms_opt(10, 0, 0).unwrap(),
    }
}

const KEY: [u8; 32] = [7; 32];

#[test]
fn a_sealed_package_opens_and_every_round_is_recounted() {
    let file = seal(payload(), &KEY);
    let v = open(&file).unwrap();
    assert_eq!(v.recounted, 1);
    assert_eq!(v.payload.fingerprint, fingerprint(&public_key(&KEY)));
    assert_eq!(v.payload.rounds[0].minutes, "BIÊN BẢN KIỂM PHIẾU\nDòng hai");
    assert_eq!(String::from_utf8(file).unwrap().lines().count(), 3);
    assert_eq!(fingerprint(&public_key(&KEY)).split(' ').count(), 8);
}

#[test]
fn every_altered_byte_is_refused() {
    let file = seal(payload(), &KEY);
    for i in 0..file.len() {
        for bit in [0x01u8, 0x20] {
            let mut bad = file.clone();
            bad[i] ^= bit;
            assert!(open(&bad).is_err(), "byte {i} ^ {bit:#x} was accepted");
        }
    }
    assert_eq!(open(b"not a package"), Err(PackageError::NotAPackage));
    assert_eq!(
        open(&file[..file.len() / 2]),
        Err(PackageError::NotAPackage)
    );
}

#[test]
fn another_key_than_the_one_named_is_refused() {
    // The payload names the board's key but is signed with another one.
    let mut p = payload();
    p.fingerprint = fingerprint(&public_key(&KEY));
    let other = SigningKey::from_bytes(&[9; 32]);
    let body = serde_json::to_string(&p).unwrap();
    let sig = other.sign(body.as_bytes());
    let file = format!(
        "{HEADER}\n{body}\nED25519 {} {}\n",
        hex(&other.verifying_key().to_bytes()),
        hex(&sig.to_bytes())
    );
    let e = open(file.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("không phải khóa"), "{e}");
}

#[test]
fn a_ballot_or_a_result_changed_before_sealing_is_refused() {
    // The hall's own key cannot hide a ballot changed after it was chained…
    let mut p = payload();
    p.rounds[0].ballots[1].ballot = "S:1".into();
    let e = open(&seal(p, &KEY)).unwrap_err().to_string();
    assert!(e.contains("chuỗi băm") && e.contains("phiếu thứ 2"), "{e}");
    // …nor a result that the ballots do not give.
    let mut p = payload();
    p.rounds[0].result["threshold"] = serde_json::json!(1);
    let e = open(&seal(p, &KEY)).unwrap_err().to_string();
    assert!(e.contains("khác kết quả kiểm lại"), "{e}");
}

mod fuzz {
    //! The package reader on arbitrary input (issue 15, item 5): never a panic, and a valid
    //! package changed anywhere is refused. `scripts/fuzz` runs these with a large budget.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = open(&bytes);
        }

        #[test]
        fn any_three_lines_are_read_without_panic(body in ".{0,400}", key in "[0-9a-f]{0,70}", sig in "[0-9a-f]{0,130}") {
            let file = format!("{HEADER}\n{body}\nED25519 {key} {sig}\n");
            prop_assert!(open(file.as_bytes()).is_err());
        }

        #[test]
        fn a_package_changed_anywhere_is_refused(changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let file = seal(payload(), &KEY);
            let mut bad = file.clone();
            for (at, byte) in changes {
                let i = at.index(bad.len());
                bad[i] = byte;
            }
            prop_assume!(bad != file);
            prop_assert!(open(&bad).is_err());
        }
    }
}

#[test]
fn a_package_sealed_again_with_another_key_passes_alone_but_not_against_the_minutes() {
    // Someone changes the congress and seals it again with a key of their own: the package
    // is consistent by itself; the fingerprint printed on the minutes tells it apart.
    let mut p = payload();
    p.congress = "Đại hội đã bị sửa".into();
    let forged = open(&seal(p, &[9; 32])).unwrap();
    let board = fingerprint(&public_key(&KEY));
    let e = check_fingerprint(&forged.payload.fingerprint, &board)
        .unwrap_err()
        .to_string();
    assert!(e.contains("không phải khóa") && e.contains(&board), "{e}");
    // The board's own package passes, however the fingerprint was copied off the paper.
    let good = open(&seal(payload(), &KEY)).unwrap();
    for typed in [
        board.clone(),
        board.to_uppercase(),
        board.replace(' ', ""),
        board.replace(' ', "-"),
    ] {
        assert_eq!(check_fingerprint(&good.payload.fingerprint, &typed), Ok(()));
    }
    for bad in ["", "abcd", "zzzz zzzz zzzz zzzz zzzz zzzz zzzz zzzz"] {
        let e = check_fingerprint(&good.payload.fingerprint, bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("không đúng dạng"), "{bad}: {e}");
    }
}
