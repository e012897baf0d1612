//! Vietnamese number style: "10.937", "27,3%", "06".
//! Dots group thousands, a comma marks the decimals, small counts get two digits.

/// 10937 → "10.937", -1000 → "-1.000".
pub fn format_int(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(&n.unsigned_abs().to_string()))
}

/// A percentage with one decimal: 27.3 → "27,3%" (rounded as [`format_decimal1`] does).
pub fn format_percent(p: f64) -> String {
    format!("{}%", format_decimal1(p))
}

/// One decimal with a comma and dots for thousands: 27.3 → "27,3", 1234.5 → "1.234,5".
///
/// Rounds half away from zero on the decimal value the `f64` stands for, that is the shortest
/// decimal that reads back as the same `f64` (what `{}` prints): 27.25 → "27,3", 0.15 → "0,2"
/// (although the `f64` nearest to 0.15 is slightly below it), -27.25 → "-27,3". A value that
/// rounds to zero has no sign: -0.04 → "0,0". NaN and infinities, which mean a bug upstream, are
/// printed as Rust prints them ("NaN", "inf", "-inf").
pub fn format_decimal1(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    // `Display` for f64 never uses an exponent: "1e20" prints as 21 digits, "1e-7" as
    // "0.0000001".
    let shortest = x.abs().to_string();
    let (int_part, frac) = shortest.split_once('.').unwrap_or((&shortest, ""));
    // The integer digits followed by the tenths digit, as numbers 0..=9.
    let mut digits: Vec<u8> = int_part.bytes().map(|b| b - b'0').collect();
    let mut frac_digits = frac.bytes().map(|b| b - b'0');
    digits.push(frac_digits.next().unwrap_or(0));
    if frac_digits.next().is_some_and(|hundredths| hundredths >= 5) {
        add_one(&mut digits);
    }
    let tenths = digits.pop().unwrap_or(0);
    let is_zero = tenths == 0 && digits.iter().all(|&d| d == 0);
    let sign = if x < 0.0 && !is_zero { "-" } else { "" };
    let int_digits: String = digits.iter().map(|&d| char::from(b'0' + d)).collect();
    format!("{sign}{},{tenths}", group_thousands(&int_digits))
}

/// `num ÷ den` in tenths, rounded half up (exactly, in integers): 273 for 6 ÷ 22 × 1000 ÷ 1000.
/// The one rounding every percentage of the product goes through: shares of members
/// ([`percent`]), and the achievement rates of targets (`domain::branch::target`). `den` 0 gives 0.
pub fn ratio_tenths(num: u128, den: u128) -> i64 {
    if den == 0 {
        return 0;
    }
    let tenths = (2 * num * 10 + den) / (2 * den);
    i64::try_from(tenths).unwrap_or(i64::MAX)
}

/// Percent of `count` in `total`, rounded half up to one decimal (6 of 22 → 27.3); 0 when
/// `total` is 0. Computed in integers by [`ratio_tenths`], so no float error moves a half.
pub fn percent(count: u64, total: u64) -> f64 {
    ratio_tenths(u128::from(count) * 100, u128::from(total)) as f64 / 10.0
}

/// Small counts with two digits: 6 → "06", 22 → "22", 1300 → "1.300".
///
/// Only 0..=9 get a leading zero; negative numbers (not counts) are printed by [`format_int`].
pub fn format_count2(n: i64) -> String {
    if (0..10).contains(&n) {
        format!("0{n}")
    } else {
        format_int(n)
    }
}

/// Adds one to a decimal number given as its digits (most significant first).
fn add_one(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
}

/// "1234567" → "1.234.567"; the input is ASCII digits.
fn group_thousands(digits: &str) -> String {
    let digits = match digits.trim_start_matches('0') {
        "" => "0",
        d => d,
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn format_int_groups_thousands_with_dots() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(7), "7");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1.000");
        assert_eq!(format_int(10937), "10.937");
        assert_eq!(format_int(100000), "100.000");
        assert_eq!(format_int(1234567), "1.234.567");
        assert_eq!(format_int(-1000), "-1.000");
        assert_eq!(format_int(-999), "-999");
        assert_eq!(format_int(i64::MAX), "9.223.372.036.854.775.807");
        assert_eq!(format_int(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn format_decimal1_uses_a_comma_and_thousands_dots() {
        assert_eq!(format_decimal1(27.3), "27,3");
        assert_eq!(format_decimal1(100.0), "100,0");
        assert_eq!(format_decimal1(0.0), "0,0");
        assert_eq!(format_decimal1(1234.5), "1.234,5");
        assert_eq!(format_decimal1(1234567.89), "1.234.567,9");
        assert_eq!(format_decimal1(-1234.5), "-1.234,5");
        assert_eq!(format_decimal1(1e20), "100.000.000.000.000.000.000,0");
    }

    #[test]
    fn format_decimal1_rounds_half_up_on_the_decimal_value() {
        assert_eq!(format_decimal1(27.25), "27,3");
        assert_eq!(format_decimal1(27.24), "27,2");
        assert_eq!(format_decimal1(0.05), "0,1");
        assert_eq!(format_decimal1(0.15), "0,2");
        assert_eq!(format_decimal1(0.25), "0,3");
        assert_eq!(format_decimal1(0.35), "0,4");
        assert_eq!(format_decimal1(1.45), "1,5");
        assert_eq!(format_decimal1(6.25), "6,3");
        assert_eq!(format_decimal1(9.09), "9,1");
        assert_eq!(format_decimal1(9.0909), "9,1");
        assert_eq!(format_decimal1(0.04999), "0,0");
        assert_eq!(format_decimal1(1e-7), "0,0");
    }

    #[test]
    fn format_decimal1_carries_into_the_integer_part() {
        assert_eq!(format_decimal1(9.95), "10,0");
        assert_eq!(format_decimal1(99.96), "100,0");
        assert_eq!(format_decimal1(999.95), "1.000,0");
        assert_eq!(format_decimal1(0.96), "1,0");
    }

    #[test]
    fn format_decimal1_rounds_negatives_away_from_zero_and_drops_the_sign_of_zero() {
        assert_eq!(format_decimal1(-27.25), "-27,3");
        assert_eq!(format_decimal1(-0.05), "-0,1");
        assert_eq!(format_decimal1(-0.04), "0,0");
        assert_eq!(format_decimal1(-0.0), "0,0");
    }

    #[test]
    fn format_decimal1_shows_non_finite_values_as_they_are() {
        assert_eq!(format_decimal1(f64::NAN), "NaN");
        assert_eq!(format_decimal1(f64::INFINITY), "inf");
        assert_eq!(format_decimal1(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn format_percent_appends_a_percent_sign() {
        assert_eq!(format_percent(27.3), "27,3%");
        assert_eq!(format_percent(6.0 * 100.0 / 22.0), "27,3%");
        assert_eq!(format_percent(100.0), "100,0%");
        assert_eq!(format_percent(0.0), "0,0%");
    }

    #[test]
    fn format_count2_pads_counts_below_ten() {
        assert_eq!(format_count2(0), "00");
        assert_eq!(format_count2(6), "06");
        assert_eq!(format_count2(9), "09");
        assert_eq!(format_count2(10), "10");
        assert_eq!(format_count2(22), "22");
        assert_eq!(format_count2(1300), "1.300");
        assert_eq!(format_count2(-3), "-3");
    }

    /// The expected text for a number of tenths, from integer arithmetic only.
    fn tenths_text(tenths: i128) -> String {
        let sign = if tenths < 0 { "-" } else { "" };
        let abs = tenths.unsigned_abs();
        let int = i64::try_from(abs / 10).unwrap();
        format!("{sign}{},{}", format_int(int), abs % 10)
    }

    /// Parses "-1.234,5" back to -1234.5.
    fn parse_vietnamese(s: &str) -> f64 {
        s.replace('.', "").replace(',', ".").parse().unwrap()
    }

    proptest! {
        #[test]
        fn format_int_round_trips_after_removing_dots(n in any::<i64>()) {
            let s = format_int(n);
            prop_assert_eq!(s.replace('.', "").parse::<i64>().unwrap(), n);
        }

        #[test]
        fn format_int_groups_are_three_digits(n in any::<i64>()) {
            let s = format_int(n);
            let groups: Vec<&str> = s.trim_start_matches('-').split('.').collect();
            prop_assert!((1..=3).contains(&groups[0].len()));
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
            prop_assert!(groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())));
        }

        #[test]
        fn format_decimal1_of_tenths_is_exact(k in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(format_decimal1(k as f64 / 10.0), tenths_text(i128::from(k)));
        }

        #[test]
        fn format_decimal1_of_a_ratio_rounds_half_up(count in 0u64..2_000_000, total in 1u64..1_000_000) {
            // count·100/total in tenths, rounded half up: ⌊(2·count·1000 + total) / (2·total)⌋.
            let tenths = (2 * u128::from(count) * 1000 + u128::from(total)) / (2 * u128::from(total));
            let x = count as f64 * 100.0 / total as f64;
            prop_assert_eq!(format_decimal1(x), tenths_text(tenths as i128));
            prop_assert_eq!(format_percent(x), tenths_text(tenths as i128) + "%");
        }

        #[test]
        fn format_decimal1_of_hundredths_rounds_half_up(k in 0i64..100_000_000_000) {
            // k/100 is just below or above its decimal value as an f64; ",x5" must round up.
            prop_assert_eq!(format_decimal1(k as f64 / 100.0), tenths_text(i128::from((k + 5) / 10)));
            prop_assert_eq!(format_decimal1(-(k as f64) / 100.0), tenths_text(-i128::from((k + 5) / 10)));
        }

        #[test]
        fn format_decimal1_is_within_half_a_tenth(x in -1e12f64..1e12) {
            let back = parse_vietnamese(&format_decimal1(x));
            prop_assert!((back - x).abs() <= 0.05 + 1e-9 * x.abs().max(1.0), "{} {}", x, back);
        }

        #[test]
        fn format_decimal1_is_symmetric_around_zero(x in 0f64..1e9) {
            let pos = format_decimal1(x);
            let neg = format_decimal1(-x);
            if pos == "0,0" {
                prop_assert_eq!(neg, pos);
            } else {
                prop_assert_eq!(neg, format!("-{pos}"));
            }
        }

        #[test]
        fn format_count2_is_format_int_from_ten_on(n in 10i64..) {
            prop_assert_eq!(format_count2(n), format_int(n));
        }
    }
}
