//! The threshold (điều kiện trúng cử): more than half of the base, never of the valid ballots
//! (244-QĐ/TW Art. 32(2)–(3), 190-QĐ/TW; DOMAIN.md §4: base 10, 5 votes is not elected, 6 is).

use super::Base;

/// The fewest votes that is more than half of the base: base 10 → 6, 21 → 11, 9 → 5.
pub fn threshold(base: Base) -> u64 {
    base.get() / 2 + 1
}

/// Whether `votes` is more than half of the base.
pub fn passes(votes: u64, base: Base) -> bool {
    u128::from(votes) * 2 > u128::from(base.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn b(n: i64) -> Base {
        Base::new(n).unwrap()
    }

    #[test]
    fn threshold_is_the_fewest_votes_over_half_the_base() {
        assert_eq!(threshold(b(10)), 6);
        assert_eq!(threshold(b(21)), 11);
        assert_eq!(threshold(b(9)), 5);
        assert_eq!(threshold(b(1)), 1);
        assert_eq!(threshold(b(2)), 2);
    }

    #[test]
    fn five_of_ten_is_not_elected_six_is() {
        assert!(!passes(5, b(10)));
        assert!(passes(6, b(10)));
    }

    #[test]
    fn half_of_an_odd_base_rounded_up_passes() {
        assert!(!passes(4, b(9)));
        assert!(passes(5, b(9)));
    }

    proptest! {
        #[test]
        fn passing_is_reaching_the_threshold(base in 1i64..100_000, votes in 0u64..100_000) {
            let base = b(base);
            prop_assert_eq!(passes(votes, base), votes >= threshold(base));
        }

        #[test]
        fn exactly_half_of_an_even_base_never_passes(half in 1i64..50_000) {
            let base = b(2 * half);
            prop_assert!(!passes(half as u64, base));
            prop_assert!(passes(half as u64 + 1, base));
        }
    }
}
