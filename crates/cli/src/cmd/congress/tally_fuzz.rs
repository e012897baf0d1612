//! The tally reader fuzzed (issue 15, item 5): any text, any JSON value, and the worked
//! examples changed in a few places are read by `parse_round` and, when read, counted by
//! `count_round`; either may refuse, neither may panic. `scripts/fuzz` runs it with a larger
//! budget (`PROPTEST_CASES`); a failure leaves its shrunk case in `proptest-regressions/`.

use proptest::prelude::*;
use serde_json::Value;

use super::parse_round;
use domain::election::count_round;

const EXAMPLES: [&str; 3] = [
    include_str!("../../../../../testdata/tally/e1_all_elected.input.json"),
    include_str!("../../../../../testdata/tally/e2_invalid_and_base.input.json"),
    include_str!("../../../../../testdata/tally/e3_tie.input.json"),
];

/// Reads and counts; the answer does not matter, only that there is one.
fn read_and_count(text: &str) {
    if let Ok(round) = parse_round(text) {
        let _ = count_round(&round);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0u64..40).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-zA-ZÀ-ỹ ]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("yes"),
            Just("no"),
            Just("both"),
            Just("none"),
            Just("struck"),
            Just("marks")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("seats".to_string()),
            Just("base".to_string()),
            Just("summoned".to_string()),
            Just("exclusions".to_string()),
            Just("candidates".to_string()),
            Just("ballots_issued".to_string()),
            Just("ballots".to_string()),
            Just("struck".to_string()),
            Just("marks".to_string()),
            Just("invalid".to_string()),
            Just("election".to_string()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_text_is_read_without_a_panic(text in "\\PC{0,300}") {
        read_and_count(&text);
    }

    #[test]
    fn any_json_value_is_read_without_a_panic(v in json_value()) {
        read_and_count(&v.to_string());
    }

    #[test]
    fn an_example_changed_in_a_few_places_is_read_without_a_panic(
        which in 0usize..3,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = EXAMPLES[which].as_bytes().to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        read_and_count(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn an_example_with_a_field_replaced_is_read_without_a_panic(
        which in 0usize..3,
        field in prop::sample::select(vec!["seats", "base", "candidates", "ballots_issued", "ballots"]),
        v in json_value(),
    ) {
        let mut root: Value = serde_json::from_str(EXAMPLES[which]).unwrap();
        root[field] = v;
        read_and_count(&root.to_string());
    }
}
