//! Roman numerals for congress ordinals and terms ("lần thứ IV", "khóa XIII").
//! Canonical upper-case numerals from 1 to 3999, both ways.

/// The numerals of each decimal place, ones to thousands, indexed by the digit.
const PLACES: [&[&str]; 4] = [
    &["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"],
    &["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"],
    &["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"],
    &["", "M", "MM", "MMM"],
];

/// 4 → "IV", 13 → "XIII", 1945 → "MCMXLV"; outside 1..=3999 (no Roman numeral), the decimal
/// digits: 0 → "0", 4000 → "4000".
pub fn to_roman(n: u32) -> String {
    if !(1..=3999).contains(&n) {
        return n.to_string();
    }
    let digits = [n % 10, n / 10 % 10, n / 100 % 10, n / 1000];
    let mut out = String::new();
    for place in (0..4).rev() {
        // Each digit is below 10 and the thousands digit below 4 (n <= 3999), so the indices
        // are in range.
        out.push_str(PLACES[place][digits[place] as usize]);
    }
    out
}

/// "IV" → 4, "XIII" → 13: the value of a canonical upper-case Roman numeral, that is exactly
/// what [`to_roman`] prints for 1..=3999. Anything else gives `None`: lower case ("iv"),
/// surrounding spaces, non-canonical forms ("IIII", "IIV", "VX", "MMMM"), the empty string.
pub fn from_roman(s: &str) -> Option<u32> {
    let mut rest = s;
    let mut n = 0;
    for place in (0..4).rev() {
        // The longest numeral of this place that starts the rest ("" always does; numerals of
        // a place are distinct, so there is no tie).
        let (digit, numeral) = PLACES[place]
            .iter()
            .enumerate()
            .filter(|(_, numeral)| rest.starts_with(*numeral))
            .max_by_key(|(_, numeral)| numeral.len())?;
        rest = &rest[numeral.len()..];
        n = n * 10 + digit as u32;
    }
    // Greedy matching accepts exactly the canonical numerals; check it anyway, cheaply.
    (rest.is_empty() && n > 0 && to_roman(n) == s).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn to_roman_writes_congress_and_term_numbers() {
        assert_eq!(to_roman(1), "I");
        assert_eq!(to_roman(4), "IV");
        assert_eq!(to_roman(9), "IX");
        assert_eq!(to_roman(13), "XIII");
        assert_eq!(to_roman(14), "XIV");
        assert_eq!(to_roman(16), "XVI");
        assert_eq!(to_roman(40), "XL");
        assert_eq!(to_roman(90), "XC");
        assert_eq!(to_roman(400), "CD");
        assert_eq!(to_roman(1945), "MCMXLV");
        assert_eq!(to_roman(3888), "MMMDCCCLXXXVIII");
        assert_eq!(to_roman(3999), "MMMCMXCIX");
    }

    #[test]
    fn to_roman_falls_back_to_digits_outside_1_to_3999() {
        assert_eq!(to_roman(0), "0");
        assert_eq!(to_roman(4000), "4000");
        assert_eq!(to_roman(u32::MAX), "4294967295");
    }

    #[test]
    fn from_roman_reads_canonical_numerals() {
        assert_eq!(from_roman("IV"), Some(4));
        assert_eq!(from_roman("XIII"), Some(13));
        assert_eq!(from_roman("XVI"), Some(16));
        assert_eq!(from_roman("MCMXLV"), Some(1945));
        assert_eq!(from_roman("MMMCMXCIX"), Some(3999));
        assert_eq!(from_roman("CXC"), Some(190));
        assert_eq!(from_roman("CCXC"), Some(290));
    }

    #[test]
    fn from_roman_rejects_non_canonical_forms() {
        for s in [
            "",
            "IIII",
            "IIV",
            "VX",
            "VV",
            "IL",
            "IC",
            "XM",
            "MMMM",
            "MMMMCMXCIX",
            "CMM",
            "XIIII",
            "iv",
            "Iv",
            " IV",
            "IV ",
            "I V",
            "IVI",
            "DD",
            "LL",
            "0",
            "4",
            "N",
            "Ⅳ",
        ] {
            assert_eq!(from_roman(s), None, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn roman_numerals_round_trip(n in 1u32..=3999) {
            prop_assert_eq!(from_roman(&to_roman(n)), Some(n));
        }

        #[test]
        fn from_roman_accepts_only_what_to_roman_prints(s in "[IVXLCDM]{0,16}") {
            match from_roman(&s) {
                Some(n) => prop_assert_eq!(to_roman(n), s),
                None => prop_assert!((1..=3999).all(|n| to_roman(n) != s)),
            }
        }

        #[test]
        fn to_roman_is_digits_outside_the_range(n in 4000u32..) {
            prop_assert_eq!(to_roman(n), n.to_string());
        }
    }
}
