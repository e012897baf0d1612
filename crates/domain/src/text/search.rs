//! The search key: lower case, no diacritics, "đ" folded to "d", single spaces.
//! Used for diacritic-insensitive search and for reading cell values ("Nam", "nam", "NAM").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The diacritic-insensitive key of a text: "Nguyễn Văn Đức" → "nguyen van duc".
///
/// The text is lower-cased, canonically decomposed (NFD), stripped of every combining mark
/// (`General_Category=Mark`: the Vietnamese tone marks and the breve, circumflex and horn of
/// ă â ê ô ơ ư, but also any other accent), "đ" is folded to "d", and runs of whitespace become
/// one space with none at the ends. NFC and NFD input give the same key, and the key of a key is
/// itself.
///
/// "ð" (U+00F0, and its capital "Ð" U+00D0) is folded to "d" too: it looks exactly like "đ"/"Đ"
/// and turns up in Vietnamese data converted from old encodings.
pub fn search_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Whether a space is owed before the next non-space character.
    let mut pending_space = false;
    let folded = raw
        .chars()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|&c| !is_combining_mark(c));
    for c in folded {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'ð' => out.push('d'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    fn nfc(s: &str) -> String {
        s.nfc().collect()
    }

    #[test]
    fn removes_tones_and_vowel_marks_and_folds_d() {
        assert_eq!(search_key("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(search_key("Trần Thị Ánh Nguyệt"), "tran thi anh nguyet");
        assert_eq!(search_key("Đỗ Thị Hương"), "do thi huong");
        assert_eq!(search_key("Phạm Ngọc Ẩn"), "pham ngoc an");
        assert_eq!(search_key("Lưu Quang Vũ"), "luu quang vu");
        assert_eq!(search_key("ăâêôơư ẰẲẴẮẶ"), "aaeoou aaaaa");
    }

    #[test]
    fn nfd_input_gives_the_same_key_as_nfc() {
        let name = "Nguyễn Thị Thu Hằng";
        assert_ne!(nfc(name), nfd(name));
        assert_eq!(search_key(&nfd(name)), "nguyen thi thu hang");
        assert_eq!(search_key(&nfc(name)), "nguyen thi thu hang");
    }

    #[test]
    fn collapses_and_trims_whitespace() {
        assert_eq!(search_key("  Lê \t Văn\n\nTám  "), "le van tam");
        assert_eq!(search_key("Lê\u{a0}Văn"), "le van");
        assert_eq!(search_key("   "), "");
        assert_eq!(search_key(""), "");
    }

    #[test]
    fn keeps_punctuation_and_digits() {
        assert_eq!(
            search_key("Chi bộ số 3 (Phòng Tổ chức)"),
            "chi bo so 3 (phong to chuc)"
        );
        assert_eq!(search_key("H'Hen Niê"), "h'hen nie");
    }

    #[test]
    fn a_prefix_without_diacritics_finds_the_full_name() {
        let name = search_key("Nguyễn Văn Đức");
        assert!(name.starts_with(&search_key("nguyen van")));
        assert!(name.contains(&search_key("VĂN ĐỨC")));
        assert!(name.contains(&search_key("van duc")));
    }

    #[test]
    fn eth_that_looks_like_d_with_stroke_is_folded_too() {
        assert_eq!(search_key("Ðỗ Mười"), "do muoi");
        assert_eq!(search_key("ðức"), "duc");
    }

    #[test]
    fn dotted_capital_i_does_not_leave_a_mark() {
        assert_eq!(search_key("İ"), "i");
    }

    /// Every Unicode scalar value on its own: the key has no marks, no "đ", is its own key,
    /// and does not depend on the normalization form.
    #[test]
    fn every_char_gives_a_clean_stable_key() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let s = c.to_string();
            let key = search_key(&s);
            assert!(!key.chars().any(is_combining_mark), "{c:?} → {key:?}");
            assert!(!key.contains('đ'), "{c:?} → {key:?}");
            assert_eq!(search_key(&key), key, "{c:?}");
            assert_eq!(search_key(&nfd(&s)), key, "{c:?}");
            assert_eq!(search_key(&nfc(&s)), key, "{c:?}");
        }
    }

    /// A Vietnamese-ish text: syllables with all kinds of marks, mixed case, odd whitespace.
    fn vietnamese_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (
                prop::sample::select(vec![
                    "Nguyễn", "Văn", "Đức", "Thị", "Hằng", "Ánh", "nguyệt", "ĐỖ", "Dương", "ơ",
                    "ưu", "Quỳnh", "Ẩn", "Hoà", "hòa", "Thuý", "Phạm", "Ngọc", "lê", "Ý", "Ðào",
                ]),
                prop::sample::select(vec![" ", "  ", "\t", "\n", "\u{a0}", ""]),
            ),
            0..6,
        )
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #[test]
        fn search_key_is_idempotent(s in ".*") {
            let key = search_key(&s);
            prop_assert_eq!(search_key(&key), key);
        }

        #[test]
        fn search_key_is_idempotent_on_vietnamese(s in vietnamese_text()) {
            let key = search_key(&s);
            prop_assert_eq!(search_key(&key), key);
        }

        #[test]
        fn search_key_ignores_normalization_form_and_case(s in vietnamese_text()) {
            let key = search_key(&s);
            prop_assert_eq!(search_key(&nfd(&s)), key.clone());
            prop_assert_eq!(search_key(&nfc(&s)), key.clone());
            prop_assert_eq!(search_key(&s.to_uppercase()), key.clone());
            prop_assert_eq!(search_key(&s.to_lowercase()), key);
        }

        #[test]
        fn search_key_ignores_normalization_form_of_any_text(s in ".*") {
            prop_assert_eq!(search_key(&nfd(&s)), search_key(&nfc(&s)));
        }

        #[test]
        fn search_key_has_no_marks_no_d_with_stroke_and_single_spaces(s in ".*") {
            let key = search_key(&s);
            prop_assert!(!key.chars().any(is_combining_mark));
            prop_assert!(!key.contains('đ') && !key.contains('Đ'));
            prop_assert_eq!(key.trim(), key.as_str());
            prop_assert!(!key.chars().any(|c| c.is_whitespace() && c != ' '));
            prop_assert!(!key.contains("  "));
        }

        #[test]
        fn vietnamese_search_key_is_plain_ascii(s in vietnamese_text()) {
            prop_assert!(search_key(&s).is_ascii());
        }
    }
}
