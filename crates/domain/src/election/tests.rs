//! Tests across the election module: the worked examples of `dangvu tally` (the project's copy
//! in `testdata/tally`, taken from ../shared/examples/tally) reproduced in the domain, and
//! properties of counting that hold for every round.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use super::*;

// ---------------------------------------------------------------- the worked examples

/// The project's copy of the worked examples; a test fails when it is missing.
fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/tally")
}

/// Reads an example's input the way `dangvu tally` does (test-only: panics on bad shape).
fn round_of(v: &Value) -> Round {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let base = match &v["base"] {
        Value::Number(n) => BaseSpec::Number(n.as_i64().unwrap()),
        Value::Object(o) => BaseSpec::Summoned {
            summoned: o["summoned"].as_i64().unwrap(),
            exclusions: o
                .get("exclusions")
                .and_then(Value::as_object)
                .map(|e| {
                    e.iter()
                        .map(|(k, n)| (Exclusion::parse(k).unwrap(), n.as_i64().unwrap()))
                        .collect()
                })
                .unwrap_or_default(),
        },
        other => panic!("base {other}"),
    };
    let ballots = v["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            if let Some(s) = b.get("struck") {
                Ballot::Struck(strings(s))
            } else if let Some(m) = b.get("marks") {
                Ballot::Marks(
                    m.as_object()
                        .unwrap()
                        .iter()
                        .map(|(k, m)| (k.clone(), Mark::parse(m.as_str().unwrap()).unwrap()))
                        .collect(),
                )
            } else {
                Ballot::Invalid(b["invalid"].as_str().unwrap().to_string())
            }
        })
        .collect();
    Round {
        seats: v["seats"].as_i64().unwrap(),
        base,
        candidates: strings(&v["candidates"]),
        ballots_issued: v["ballots_issued"].as_i64().unwrap(),
        ballots,
    }
}

fn check_example(name: &str) {
    let dir = examples_dir();
    assert!(
        dir.is_dir(),
        "the worked examples are missing: {}",
        dir.display()
    );
    let read = |suffix: &str| -> Value {
        let path = dir.join(format!("{name}.{suffix}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        serde_json::from_str(&text).unwrap()
    };
    let expected = read("expected");
    let result = count_round(&round_of(&read("input"))).unwrap();
    assert!(result.broken_invariants().is_empty());
    let mut actual = serde_json::to_value(&result).unwrap();
    let mut expected = expected;
    sort_next_round(&mut actual);
    sort_next_round(&mut expected);
    assert_eq!(actual, expected, "example {name}");
}

/// The contract leaves the order of the next round's candidates open.
fn sort_next_round(v: &mut Value) {
    if let Some(Value::Array(names)) = v["next_round"].get_mut("candidates") {
        names.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
}

#[test]
fn example_e1_all_elected() {
    check_example("e1_all_elected");
}

#[test]
fn example_e2_invalid_ballots_and_a_base_with_exclusions() {
    check_example("e2_invalid_and_base");
}

#[test]
fn example_e3_tie_for_the_last_seat() {
    check_example("e3_tie");
}

// ---------------------------------------------------------------- properties

const NAMES: [&str; 7] = ["An", "Bình", "Cường", "Dung", "Én", "Giang", "Hà"];

/// A ballot drawn for a list of `n`: a strike-out mask, a row of marks, or ruled invalid.
#[derive(Debug, Clone)]
enum Drawn {
    Struck(Vec<bool>),
    Marks(Vec<Mark>),
    Invalid,
}

impl Drawn {
    fn ballot(&self) -> Ballot {
        match self {
            Drawn::Struck(mask) => Ballot::Struck(
                mask.iter()
                    .zip(NAMES)
                    .filter(|(s, _)| **s)
                    .map(|(_, n)| n.to_string())
                    .collect(),
            ),
            Drawn::Marks(marks) => Ballot::Marks(
                marks
                    .iter()
                    .zip(NAMES)
                    .map(|(m, n)| (n.to_string(), *m))
                    .collect(),
            ),
            Drawn::Invalid => Ballot::Invalid("Phiếu không do Ban kiểm phiếu phát ra".into()),
        }
    }
}

fn arb_mark() -> impl Strategy<Value = Mark> {
    prop::sample::select(Mark::ALL.to_vec())
}

fn arb_ballot(n: usize, strike_only: bool) -> BoxedStrategy<Drawn> {
    let struck = prop::collection::vec(any::<bool>(), n).prop_map(Drawn::Struck);
    if strike_only {
        return struck.boxed();
    }
    prop_oneof![
        6 => struck,
        2 => prop::collection::vec(arb_mark(), n).prop_map(Drawn::Marks),
        1 => Just(Drawn::Invalid),
    ]
    .boxed()
}

/// A round over 1–7 candidates with up to 60 ballots; `strike_only` draws strike-out ballots.
fn arb_round(strike_only: bool) -> impl Strategy<Value = (Round, Vec<Drawn>)> {
    (1usize..=7)
        .prop_flat_map(move |n| {
            (
                Just(n),
                1..=n as i64,
                1i64..=60,
                prop::collection::vec(arb_ballot(n, strike_only), 0..60),
                0i64..3,
            )
        })
        .prop_map(|(n, seats, base, drawn, unreturned)| {
            let round = Round {
                seats,
                base: BaseSpec::Number(base),
                candidates: NAMES[..n].iter().map(|s| s.to_string()).collect(),
                ballots_issued: drawn.len() as i64 + unreturned,
                ballots: drawn.iter().map(Drawn::ballot).collect(),
            };
            (round, drawn)
        })
}

/// The round with its ballots in another order.
fn arb_round_and_shuffle() -> impl Strategy<Value = (Round, Round)> {
    arb_round(false).prop_flat_map(|(round, _)| {
        let shuffled = Just(round.ballots.clone()).prop_shuffle();
        (Just(round), shuffled).prop_map(|(round, ballots)| {
            let other = Round {
                ballots,
                ..round.clone()
            };
            (round, other)
        })
    })
}

proptest! {
    #[test]
    fn result_does_not_depend_on_ballot_order((a, b) in arb_round_and_shuffle()) {
        let (ra, rb) = (count_round(&a).unwrap(), count_round(&b).unwrap());
        prop_assert_eq!(ra.ballots, rb.ballots);
        prop_assert_eq!(&ra.results, &rb.results);
        prop_assert_eq!(&ra.elected, &rb.elected);
        prop_assert_eq!(&ra.next_round, &rb.next_round);
    }

    #[test]
    fn invariants_always_hold((round, _) in arb_round(false)) {
        let r = count_round(&round).unwrap();
        prop_assert!(r.broken_invariants().is_empty(), "{:?}", r.broken_invariants());
        let seats = round.seats as usize;
        prop_assert!(r.elected.len() <= seats);
        // Ranked by votes, most first.
        prop_assert!(r.results.windows(2).all(|w| w[0].votes >= w[1].votes));
        // Elected are exactly those with status elected, and all of them passed.
        let elected: Vec<&String> = r.results.iter()
            .filter(|c| c.status == Status::Elected).map(|c| &c.candidate).collect();
        prop_assert_eq!(elected, r.elected.iter().collect::<Vec<_>>());
        for c in &r.results {
            let passed = c.votes >= r.threshold;
            prop_assert_eq!(passed, c.status != Status::BelowThreshold, "{:?}", c);
        }
    }

    #[test]
    fn votes_are_conserved((round, drawn) in arb_round(true)) {
        let n = round.candidates.len();
        let seats = round.seats as usize;
        let r = count_round(&round).unwrap();
        // Each valid strike-out ballot gives exactly (candidates − struck) votes.
        let mut expected = 0u64;
        let mut valid = 0u64;
        for d in &drawn {
            if let Drawn::Struck(mask) = d {
                let kept = n - mask.iter().filter(|s| **s).count();
                if kept <= seats && (kept > 0 || n == 1) {
                    expected += kept as u64;
                    valid += 1;
                }
            }
        }
        prop_assert_eq!(r.ballots.valid, valid);
        prop_assert_eq!(r.results.iter().map(|c| c.votes).sum::<u64>(), expected);
    }

    #[test]
    fn percent_of_base_is_consistent_with_votes((round, _) in arb_round(false)) {
        let r = count_round(&round).unwrap();
        let base = r.base.get();
        for c in &r.results {
            let exact = c.votes as f64 * 100.0 / base as f64;
            prop_assert!((c.percent_of_base - exact).abs() <= 0.005 + 1e-9, "{:?}", c);
            let hundredths = c.percent_of_base * 100.0;
            prop_assert!((hundredths - hundredths.round()).abs() < 1e-6);
            // Over 50% of the base exactly when over the threshold.
            prop_assert_eq!(c.votes * 2 > base, c.votes >= r.threshold);
        }
        // More votes never shows a smaller percentage.
        prop_assert!(r.results.windows(2).all(|w| w[0].percent_of_base >= w[1].percent_of_base));
    }

    #[test]
    fn exactly_half_of_an_even_base_is_never_elected(half in 1u64..30, against in 0u64..30) {
        // One candidate, one seat, base 2·half: `half` ballots keep the name, the rest strike it.
        let ballots = |keep: u64| -> Vec<Ballot> {
            (0..keep).map(|_| Ballot::Struck(vec![]))
                .chain((0..against).map(|_| Ballot::Struck(vec!["An".into()])))
                .collect()
        };
        let round = |keep: u64| Round {
            seats: 1,
            base: BaseSpec::Number(2 * half as i64),
            candidates: vec!["An".into()],
            ballots_issued: (keep + against) as i64,
            ballots: ballots(keep),
        };
        let r = count_round(&round(half)).unwrap();
        prop_assert_eq!(r.results[0].votes, half);
        prop_assert_eq!(r.results[0].percent_of_base, 50.0);
        prop_assert_eq!(r.results[0].status, Status::BelowThreshold);
        prop_assert_eq!(r.next_round.map(|n| n.seats), Some(1));
        let r = count_round(&round(half + 1)).unwrap();
        prop_assert_eq!(r.results[0].status, Status::Elected);
        prop_assert!(r.next_round.is_none());
    }
}
