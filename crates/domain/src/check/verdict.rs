//! When a stated percentage is right: it equals the exact value rounded half up at the
//! precision it is written in (36% for 8/22 = 36,36%; 27,3% for 6/22). The exact value cut off
//! instead of rounded (66,6% for 2/3) is a note, anything else an error. All in integers, so
//! no float error moves a half.

use super::token::Number;
use crate::text::format_int;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Right,
    /// The exact value truncated at the stated precision, not rounded.
    Truncated,
    Wrong,
}

/// `count / base` in percent at `scale` decimals, in units of 10^-scale: (rounded half up,
/// truncated). `base` must not be 0.
pub(crate) fn at_scale(count: u128, base: u128, scale: u32) -> (u128, u128) {
    let num = count * 100 * 10u128.pow(scale);
    ((2 * num + base) / (2 * base), num / base)
}

/// How `stated` reads against `count / base` (`base` > 0).
pub(crate) fn verdict(count: u128, base: u128, stated: Number) -> Verdict {
    let (rounded, truncated) = at_scale(count, base, stated.scale);
    if stated.units == rounded {
        Verdict::Right
    } else if stated.units == truncated {
        Verdict::Truncated
    } else {
        Verdict::Wrong
    }
}

/// A number of `units / 10^scale` written the Vietnamese way: "27,5", "1.234,50", "36".
pub(crate) fn decimal_text(units: u128, scale: u32) -> String {
    let p = 10u128.pow(scale);
    let int = i64::try_from(units / p).unwrap_or(i64::MAX);
    if scale == 0 {
        return format_int(int);
    }
    let frac = units % p;
    format!(
        "{},{:0width$}",
        format_int(int),
        frac,
        width = scale as usize
    )
}

/// The stated percentage as the checker reads it: "27,5%".
pub(crate) fn percent_text(n: Number) -> String {
    format!("{}%", decimal_text(n.units, n.scale))
}

/// `count / base` in percent to two decimals ("27,27%"), or whole when it is exact ("50%").
pub(crate) fn exact_text(count: u128, base: u128) -> String {
    let (hundredths, _) = at_scale(count, base, 2);
    if (count * 100).is_multiple_of(base) {
        format!("{}%", decimal_text(count * 100 / base, 0))
    } else {
        format!("{}%", decimal_text(hundredths, 2))
    }
}

/// "6/22 = 27,27%".
pub(crate) fn fraction_text(count: u128, base: u128) -> String {
    format!(
        "{}/{} = {}",
        decimal_text(count, 0),
        decimal_text(base, 0),
        exact_text(count, base)
    )
}

/// `count / base` in percent rounded to two decimals, as the JSON's `computed`.
pub(crate) fn computed(count: u128, base: u128) -> f64 {
    at_scale(count, base, 2).0 as f64 / 100.0
}

/// The stated number as a float, as the JSON's `stated`.
pub(crate) fn value(n: Number) -> f64 {
    n.units as f64 / 10f64.powi(n.scale as i32)
}

/// The value at the stated precision that the right rounding gives: "27,3%".
pub(crate) fn rounded_text(count: u128, base: u128, scale: u32) -> String {
    format!("{}%", decimal_text(at_scale(count, base, scale).0, scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn right_at_the_precision_it_is_written_in() {
        assert_eq!(verdict(8, 22, n("36")), Verdict::Right);
        assert_eq!(verdict(2, 22, n("9")), Verdict::Right);
        assert_eq!(verdict(6, 22, n("27,3")), Verdict::Right);
        assert_eq!(verdict(6, 22, n("27,27")), Verdict::Right);
        assert_eq!(verdict(1, 8, n("13")), Verdict::Right);
    }

    #[test]
    fn seed_000s_27_5_is_wrong() {
        assert_eq!(verdict(6, 22, n("27,5")), Verdict::Wrong);
    }

    #[test]
    fn cut_off_instead_of_rounded_is_a_note() {
        assert_eq!(verdict(2, 3, n("66,6")), Verdict::Truncated);
        assert_eq!(verdict(2, 3, n("66")), Verdict::Truncated);
        assert_eq!(verdict(1, 8, n("12")), Verdict::Truncated);
        assert_eq!(verdict(2, 3, n("66,7")), Verdict::Right);
    }

    #[test]
    fn texts_are_vietnamese() {
        assert_eq!(fraction_text(6, 22), "6/22 = 27,27%");
        assert_eq!(fraction_text(1, 2), "1/2 = 50%");
        assert_eq!(fraction_text(1, 8), "1/8 = 12,50%");
        assert_eq!(percent_text(n("27,5")), "27,5%");
        assert_eq!(percent_text(n("79.31")), "79,31%");
        assert_eq!(rounded_text(6, 22, 1), "27,3%");
        assert_eq!(decimal_text(12345, 1), "1.234,5");
        assert_eq!(computed(6, 22), 27.27);
    }
}
