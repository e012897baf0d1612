//! Vietnamese collation of names: by given name, then the rest, in the Vietnamese alphabet.
//! The sort key is a plain ASCII string whose byte order is that collation, for SQL ORDER BY.

// How names compare
// -----------------
// A name is split into words at whitespace, and the given name (tên, the last word) is moved to
// the front: "Nguyễn Văn Đức" is compared as "Đức Nguyễn Văn". Words are then compared one by
// one, as a Vietnamese dictionary compares syllables:
//
// 1. within a word, first its letters, in the Vietnamese alphabet
//    a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)
//    (f, j, w and z, found in names of some ethnic groups, sit in their Latin places; digits come
//    before letters, any other letter after z in code point order; punctuation such as the
//    apostrophe of "H'Hen" is ignored), a word that is a prefix of another coming first;
// 2. then, if the letters are the same, its tone: ngang (none) < huyền < hỏi < ngã < sắc < nặng;
// 3. a name whose words are all equal to the start of another's comes first.
//
// So all the "Ba" sort before all the "Bà", and among the "Bà" the family and middle names
// decide: "Trần Ba" < "Lê Bà" < "Trần Bà". (A given name is compared completely, tone included,
// before the family name, as a list sorted by its "Tên" column and then its "Họ" column would.)
//
// Names that are still equal are then ordered by letter case (lower case first, letter by
// letter), and names equal even in case (only possible for different spellings of the same name,
// e.g. "Hòa" and "Hoà", where the tone sits on another vowel) by the bytes of their normalized
// form. Hence two names compare equal exactly when `normalize` makes them the same text.
//
// The key
// -------
// The key is ASCII, and its byte order is the order above:
//
//     key     = words "!" cases "!" hex
//     words   = word ("," word)*          given name first, then the others in order
//     word    = unit+ "." tones
//     unit    = 2 decimal digits         "10".."19" digits 0–9, "20".."52" the 33 letters
//             | "90" 6 hex digits        any other letter, by code point (lower case)
//     tones   = "0"                      no tone mark
//             | ("1".."5")+              huyền hỏi ngã sắc nặng, one per mark, in order
//     cases   = ("0" | "1")*             one per unit: lower case / upper case
//     hex     = 2 hex digits per byte of the NFC-normalized name (upper case hex)
//
// The byte order of the separators makes shorter sequences sort first: "!" < "," < "." < "0" and
// every unit starts with a digit "1".."9". The unit codes form a prefix-free code, so the first
// differing unit decides; tones start right after ".", and end at "," or "!", both below any tone
// digit. When two names have the same words, they have the same number of units, so their
// `cases` have the same length and the `hex` parts are compared last.
//
// "Nguyễn Văn Đức" → "264724.4,373046512837.3,482137.0!100100000100!4E6775…" (đ=26 ư=47 c=24,
// sắc=4; n=37 g=30 u=46 y=51 ê=28 n=37, ngã=3; v=48 ă=21 n=37, no tone; then the cases, then
// the hex of the UTF-8 bytes of "Nguyễn Văn Đức").

use std::cmp::Ordering;
use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The Vietnamese alphabet with f, j, w, z in their Latin places; the unit code of a letter is
/// `LETTER_CODE_BASE` + its index.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];
const DIGIT_CODE_BASE: u32 = 10;
const LETTER_CODE_BASE: u32 = 20;
/// The code of any other letter, followed by its code point in 6 hex digits.
const OTHER_CODE: &str = "90";

/// The tone marks (after NFD) in their rank order: huyền, hỏi, ngã, sắc, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];
const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31b}';

const LEVEL_SEP: char = '!';
const WORD_SEP: char = ',';
const TONE_SEP: char = '.';

/// A sort key for a full name (given name first); byte order of keys is Vietnamese order.
///
/// The key is ASCII and depends only on `normalize(full_name)`; see the comment at the top of
/// this file for how it is built. To sort many names, compute each key once
/// (`sort_by_cached_key`) rather than calling [`compare_names`] in the comparator.
pub fn name_sort_key(full_name: &str) -> String {
    let normalized = super::normalize(full_name);
    let mut words: Vec<Word> = normalized
        .split(' ')
        .map(Word::parse)
        .filter(|w| !w.units.is_empty())
        .collect();
    if let Some(given) = words.pop() {
        words.insert(0, given);
    }

    let mut key = String::with_capacity(4 * normalized.len() + 8);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            key.push(WORD_SEP);
        }
        for unit in &word.units {
            unit.primary.write_code(&mut key);
        }
        key.push(TONE_SEP);
        if word.tones.is_empty() {
            key.push('0');
        }
        for &tone in &word.tones {
            key.push(digit(tone));
        }
    }
    key.push(LEVEL_SEP);
    for unit in words.iter().flat_map(|w| &w.units) {
        key.push(if unit.upper { '1' } else { '0' });
    }
    key.push(LEVEL_SEP);
    for byte in normalized.bytes() {
        // Writing to a String cannot fail.
        let _ = write!(key, "{byte:02X}");
    }
    key
}

/// Compares two full names in Vietnamese order (the byte order of their [`name_sort_key`]s).
pub fn compare_names(a: &str, b: &str) -> Ordering {
    name_sort_key(a).cmp(&name_sort_key(b))
}

/// The decimal digit of a number below 10.
fn digit(n: u32) -> char {
    char::from_digit(n % 10, 10).unwrap_or('0')
}

/// What a base character (with its vowel marks) weighs at the first level.
#[derive(Debug, Clone, Copy)]
enum Primary {
    /// A digit or a letter of `ALPHABET`, by its two-digit code.
    Code(u32),
    /// Any other letter, lower-cased.
    Other(char),
}

impl Primary {
    fn write_code(self, key: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Primary::Code(code) => write!(key, "{code:02}"),
            Primary::Other(c) => write!(key, "{OTHER_CODE}{:06X}", u32::from(c)),
        };
    }
}

/// A letter or digit of a word.
#[derive(Debug)]
struct Unit {
    primary: Primary,
    upper: bool,
}

/// A word: its letters and digits, and the ranks (1..=5) of its tone marks in order.
#[derive(Debug, Default)]
struct Word {
    units: Vec<Unit>,
    tones: Vec<u32>,
}

impl Word {
    fn parse(word: &str) -> Word {
        let mut out = Word::default();
        // The base character being read (lower case), whether it was not lower case, and its
        // combining marks; `None` only before the first base, so leading marks are ignored.
        let mut pending: Option<(char, bool, Vec<char>)> = None;
        for c in word.nfd() {
            let upper = !c.to_lowercase().eq(std::iter::once(c));
            for l in c.to_lowercase() {
                if is_combining_mark(l) {
                    if let Some((_, _, marks)) = pending.as_mut() {
                        marks.push(l);
                    }
                } else {
                    if let Some((base, up, marks)) = pending.take() {
                        out.push(base, up, &marks);
                    }
                    pending = Some((l, upper, Vec::new()));
                }
            }
        }
        if let Some((base, up, marks)) = pending {
            out.push(base, up, &marks);
        }
        out
    }

    /// Adds a base character with its marks; punctuation and symbols add nothing.
    fn push(&mut self, base: char, upper: bool, marks: &[char]) {
        let has = |m: char| marks.contains(&m);
        let letter = match base {
            'a' if has(CIRCUMFLEX) => 'â',
            'a' if has(BREVE) => 'ă',
            'e' if has(CIRCUMFLEX) => 'ê',
            'o' if has(CIRCUMFLEX) => 'ô',
            'o' if has(HORN) => 'ơ',
            'u' if has(HORN) => 'ư',
            // "ð" looks exactly like "đ" and turns up in data converted from old encodings.
            'ð' => 'đ',
            c => c,
        };
        let primary = if let Some(d) = letter.to_digit(10).filter(|_| letter.is_ascii_digit()) {
            Primary::Code(DIGIT_CODE_BASE + d)
        } else if let Some(i) = ALPHABET.iter().position(|&a| a == letter) {
            // `i` < 33, so the code stays below 100.
            Primary::Code(LETTER_CODE_BASE + i as u32)
        } else if letter.is_alphanumeric() {
            Primary::Other(letter)
        } else {
            return;
        };
        self.units.push(Unit { primary, upper });
        for &m in marks {
            if let Some(rank) = TONE_MARKS.iter().position(|&t| t == m) {
                // `rank` < 5.
                self.tones.push(rank as u32 + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Asserts that the names are in strictly increasing order, by both functions.
    fn assert_ascending(names: &[&str]) {
        for pair in names.windows(2) {
            assert_eq!(compare_names(pair[0], pair[1]), Ordering::Less, "{pair:?}");
            assert_eq!(
                compare_names(pair[1], pair[0]),
                Ordering::Greater,
                "{pair:?}"
            );
            assert!(name_sort_key(pair[0]) < name_sort_key(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn do_sorts_after_duong_and_before_e() {
        assert_ascending(&["Dũng", "Dương", "Đỗ", "Em"]);
        assert_ascending(&["Dương", "Đào", "Đỗ", "Đức", "Em"]);
        assert_ascending(&["Nguyễn Văn Dương", "Nguyễn Văn Đỗ", "Nguyễn Văn Em"]);
    }

    #[test]
    fn a_sorts_before_a_breve_before_a_circumflex_before_b() {
        assert_ascending(&["An", "Ăn", "Ân", "Bình"]);
        assert_ascending(&["Nguyễn Văn An", "Lê Thị Ăn", "Trần Ân", "Phạm Bình"]);
    }

    #[test]
    fn o_u_and_e_with_marks_follow_their_plain_letters() {
        assert_ascending(&["Hoa", "Hô", "Hơ", "Hu", "Hư", "Hy"]);
        assert_ascending(&["Le", "Lê", "Li"]);
        assert_ascending(&["Tuấn", "Tùng", "Tư", "Tường"]);
    }

    #[test]
    fn tones_sort_ngang_huyen_hoi_nga_sac_nang() {
        assert_ascending(&["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]);
        assert_ascending(&["Huong", "Hường", "Hưởng"]);
    }

    #[test]
    fn letters_decide_before_tones() {
        // "Bạ" has a heavier tone, but "a" < "ă".
        assert_ascending(&["Ba", "Bạ", "Bă"]);
        // "Bá" is a prefix of "Bac" in letters.
        assert_ascending(&["Bá", "Bac"]);
        assert_ascending(&["Thanh", "Thành", "Thảo", "Thạo"]);
    }

    #[test]
    fn given_name_sorts_first_then_family_and_middle_names() {
        assert_ascending(&[
            "Trần Văn An",
            "Nguyễn Văn Bình",
            "Lê Thị Hoa",
            "Nguyễn Thị Hoa",
            "Nguyễn Văn Hoa",
            "Trần Hoa",
            "Vũ Minh",
            "Nguyễn Thị Kim Ngân",
        ]);
    }

    #[test]
    fn given_name_is_compared_with_its_tone_before_the_family_name() {
        assert_ascending(&["Trần Ba", "Lê Bà", "Trần Bà"]);
    }

    #[test]
    fn a_name_that_is_the_start_of_another_comes_first() {
        assert_ascending(&["An", "Nguyễn An", "Nguyễn Văn An", "Anh"]);
    }

    #[test]
    fn f_j_w_z_sort_in_their_latin_places() {
        assert_ascending(&["Êm", "Fan", "Gấm"]);
        assert_ascending(&["Ít", "Jăm", "Kim"]);
        assert_ascending(&["Vân", "Wừn", "Xuân"]);
        assert_ascending(&["Yến", "Zun"]);
    }

    #[test]
    fn case_is_compared_last() {
        assert_ascending(&["an", "An", "ăn"]);
        assert_ascending(&["Lê An", "Trần an", "Trần An"]);
    }

    #[test]
    fn punctuation_is_ignored_but_keeps_names_apart() {
        assert_ascending(&["Niê Hen", "Niê H'Hen", "Niê HHen", "Niê Hia"]);
        assert_ne!(compare_names("Hoàng-Anh", "Hoàng Anh"), Ordering::Equal);
    }

    #[test]
    fn words_with_several_tone_marks_compare_their_tones_in_order() {
        // Not Vietnamese, but the order must stay consistent: [huyền] < [huyền, huyền] < [hỏi].
        assert_ascending(&["Lê Bàa", "An Bàà", "An Bảa"]);
    }

    #[test]
    fn other_letters_sort_after_z_and_digits_before_a() {
        assert_ascending(&["1", "9", "a", "z", "ø"]);
    }

    #[test]
    fn spellings_with_the_tone_on_another_vowel_sit_together() {
        assert_ascending(&["Hoa", "Hoà", "Hòa", "Hỏa"]);
        assert_ascending(&["Thuy", "Thuý", "Thúy", "Thụy"]);
    }

    #[test]
    fn equal_exactly_when_normalized_names_are_equal() {
        let nfd: String = "Nguyễn Văn Đức".nfd().collect();
        assert_eq!(compare_names("  Nguyễn   Văn Đức ", &nfd), Ordering::Equal);
        assert_eq!(
            name_sort_key("Nguyễn\tVăn\nĐức"),
            name_sort_key("Nguyễn Văn Đức")
        );
        assert_ne!(
            compare_names("Nguyễn Văn Đức", "nguyễn văn đức"),
            Ordering::Equal
        );
    }

    #[test]
    fn key_has_the_documented_layout() {
        let key = name_sort_key("Nguyễn Văn Đức");
        let hex: String = "Nguyễn Văn Đức"
            .bytes()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(
            key,
            format!("264724.4,373046512837.3,482137.0!100100000100!{hex}")
        );
        assert_eq!(name_sort_key(""), "!!");
        assert_eq!(name_sort_key("ø"), "900000F8.0!0!C3B8");
    }

    #[test]
    fn sorting_a_list_by_key_gives_the_roster_order() {
        let mut names = vec![
            "Nguyễn Văn Đức",
            "Trần Thị Ánh",
            "Lê Văn Dương",
            "Phạm Thị An",
            "Hoàng Văn Ân",
            "Đỗ Thị Ăn",
            "Vũ Quang Bình",
            "Nguyễn Thị Kim Ngân",
            "Bùi Thị Ngần",
            "Đặng Văn Ngân",
        ];
        names.sort_by_cached_key(|n| name_sort_key(n));
        assert_eq!(
            names,
            [
                "Phạm Thị An",
                "Trần Thị Ánh",
                "Đỗ Thị Ăn",
                "Hoàng Văn Ân",
                "Vũ Quang Bình",
                "Lê Văn Dương",
                "Nguyễn Văn Đức",
                "Đặng Văn Ngân",
                "Nguyễn Thị Kim Ngân",
                "Bùi Thị Ngần",
            ]
        );
    }

    // --- Property tests, against an independent reference built from precomposed letters. ---

    /// Each row holds a letter of the alphabet with its tones (ngang, huyền, hỏi, ngã, sắc, nặng).
    const LETTER_ROWS: [&str; 33] = [
        "aàảãáạ",
        "ăằẳẵắặ",
        "âầẩẫấậ",
        "b",
        "c",
        "d",
        "đ",
        "eèẻẽéẹ",
        "êềểễếệ",
        "f",
        "g",
        "h",
        "iìỉĩíị",
        "j",
        "k",
        "l",
        "m",
        "n",
        "oòỏõóọ",
        "ôồổỗốộ",
        "ơờởỡớợ",
        "p",
        "q",
        "r",
        "s",
        "t",
        "uùủũúụ",
        "ưừửữứự",
        "v",
        "w",
        "x",
        "yỳỷỹýỵ",
        "z",
    ];

    /// The (alphabet rank, tone) of a precomposed lower-case letter.
    fn rank_and_tone(c: char) -> (usize, usize) {
        LETTER_ROWS
            .iter()
            .enumerate()
            .find_map(|(rank, row)| row.chars().position(|x| x == c).map(|tone| (rank, tone)))
            .unwrap_or_else(|| panic!("not a Vietnamese letter: {c:?}"))
    }

    /// The reference order of a name made of Vietnamese letters and whitespace, as a tuple
    /// compared field by field: words (given name first) by letters then tones (those of its
    /// letters that have one, in order), then case, then the normalized text.
    type Reference = (Vec<(Vec<usize>, Vec<usize>)>, Vec<bool>, Vec<u8>);

    fn reference(name: &str) -> Reference {
        let nfc: String = name.nfc().collect();
        let mut words: Vec<&str> = nfc.split_whitespace().collect();
        if let Some(given) = words.pop() {
            words.insert(0, given);
        }
        let mut cases = Vec::new();
        let mut letters = Vec::new();
        for word in words {
            let mut ranks = Vec::new();
            let mut tones = Vec::new();
            for c in word.chars() {
                let lower: String = c.to_lowercase().collect();
                cases.push(lower != c.to_string());
                let (rank, tone) = rank_and_tone(lower.chars().next().unwrap());
                ranks.push(rank);
                if tone > 0 {
                    tones.push(tone);
                }
            }
            letters.push((ranks, tones));
        }
        (letters, cases, super::super::normalize(name).into_bytes())
    }

    const SYLLABLES: [&str; 64] = [
        "a", "an", "ăn", "ân", "anh", "ba", "bi", "binh", "cuc", "chi", "cuong", "dung", "duong",
        "dương", "đô", "đuc", "đưc", "e", "em", "giang", "ha", "hai", "hang", "hăng", "hoa",
        "hung", "hương", "huy", "khanh", "lan", "lê", "linh", "loan", "mai", "minh", "my", "nam",
        "nga", "ngân", "nguyên", "nhung", "oanh", "phuong", "phương", "quang", "quynh", "son",
        "tâm", "thanh", "thao", "thi", "thu", "trân", "trung", "tuân", "uyên", "văn", "viêt",
        "xuân", "y", "ư", "ơn", "fa", "zô",
    ];

    /// A syllable: a base from `SYLLABLES`, a tone (0 = none) on one of its vowels (picked by
    /// the index), and its case (lower, capitalized, upper).
    type Syllable = (&'static str, usize, prop::sample::Index, u8);

    fn syllable() -> impl Strategy<Value = Syllable> {
        (
            prop::sample::select(SYLLABLES.to_vec()),
            0..6usize,
            any::<prop::sample::Index>(),
            0..3u8,
        )
    }

    fn render((base, tone, at, case): &Syllable) -> String {
        // Written out here rather than taken from `TONE_MARKS`, to keep the test independent.
        const MARKS: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];
        let vowels: Vec<usize> = base
            .char_indices()
            .filter(|(_, c)| "aăâeêioôơuưy".contains(*c))
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        let mut s = base.to_string();
        if *tone > 0 && !vowels.is_empty() {
            s.insert(vowels[at.index(vowels.len())], MARKS[tone - 1]);
        }
        let s: String = s.nfc().collect();
        match case {
            0 => s,
            1 => {
                let mut cs = s.chars();
                cs.next()
                    .map(|f| f.to_uppercase().chain(cs).collect())
                    .unwrap_or_default()
            }
            _ => s.to_uppercase(),
        }
    }

    /// Joins syllables with odd spacing, in NFC or NFD.
    fn join(syllables: &[Syllable], seps: &[&str], decompose: bool) -> String {
        let name: String = syllables
            .iter()
            .zip(seps.iter().cycle())
            .map(|(s, sep)| render(s) + sep)
            .collect();
        if decompose {
            name.nfd().collect()
        } else {
            name
        }
    }

    fn separators() -> impl Strategy<Value = Vec<&'static str>> {
        prop::collection::vec(prop::sample::select(vec![" ", "  ", "\t", " \n"]), 1..4)
    }

    /// A name of one to four syllables.
    fn name() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(syllable(), 1..5),
            separators(),
            any::<bool>(),
        )
            .prop_map(|(syllables, seps, decompose)| join(&syllables, &seps, decompose))
    }

    /// Two names that differ in a few places only (a base, a tone, the vowel carrying the tone,
    /// the case, a syllable more or less), so that the later levels of the order get exercised.
    fn similar_names() -> impl Strategy<Value = (String, String)> {
        (
            prop::collection::vec((syllable(), syllable(), 0..10u8), 1..5),
            0..8u8,
            separators(),
            any::<(bool, bool)>(),
        )
            .prop_map(|(parts, length_change, seps, (nfd_a, nfd_b))| {
                let a: Vec<Syllable> = parts.iter().map(|&(s, _, _)| s).collect();
                let mut b: Vec<Syllable> = parts
                    .iter()
                    .map(|&(s, alt, change)| match change {
                        0 => (alt.0, s.1, s.2, s.3),
                        1 => (s.0, alt.1, s.2, s.3),
                        2 => (s.0, s.1, alt.2, s.3),
                        3 => (s.0, s.1, s.2, alt.3),
                        _ => s,
                    })
                    .collect();
                match length_change {
                    0 if b.len() > 1 => {
                        b.pop();
                    }
                    1 if b.len() > 1 => {
                        b.remove(0);
                    }
                    2 => b.push(parts[0].1),
                    3 => b.insert(0, parts[0].1),
                    _ => {}
                }
                (join(&a, &seps, nfd_a), join(&b, &seps, nfd_b))
            })
    }

    /// A name of one to three words of one to four letters, each any letter of the alphabet
    /// with any tone and case (not necessarily a Vietnamese syllable).
    fn letter_name() -> impl Strategy<Value = String> {
        let letter = (
            prop::sample::select(
                LETTER_ROWS
                    .iter()
                    .flat_map(|r| r.chars())
                    .collect::<Vec<_>>(),
            ),
            any::<bool>(),
        )
            .prop_map(|(c, upper)| {
                if upper {
                    c.to_uppercase().collect()
                } else {
                    c.to_string()
                }
            });
        let word = prop::collection::vec(letter, 1..5).prop_map(|ls| ls.concat());
        (prop::collection::vec(word, 1..4), any::<bool>()).prop_map(|(words, decompose)| {
            let name = words.join(" ");
            if decompose {
                name.nfd().collect()
            } else {
                name
            }
        })
    }

    proptest! {
        #[test]
        fn key_order_is_the_reference_vietnamese_order(a in name(), b in name()) {
            prop_assert_eq!(
                name_sort_key(&a).cmp(&name_sort_key(&b)),
                reference(&a).cmp(&reference(&b)),
                "{:?} {:?}", name_sort_key(&a), name_sort_key(&b)
            );
        }

        #[test]
        fn key_order_is_the_reference_order_for_similar_names((a, b) in similar_names()) {
            prop_assert_eq!(
                name_sort_key(&a).cmp(&name_sort_key(&b)),
                reference(&a).cmp(&reference(&b)),
                "{:?} {:?}", name_sort_key(&a), name_sort_key(&b)
            );
        }

        #[test]
        fn key_order_is_the_reference_order_for_any_letters(a in letter_name(), b in letter_name()) {
            prop_assert_eq!(
                name_sort_key(&a).cmp(&name_sort_key(&b)),
                reference(&a).cmp(&reference(&b)),
                "{:?} {:?}", name_sort_key(&a), name_sort_key(&b)
            );
        }

        #[test]
        fn compare_names_agrees_with_key_order(a in name(), b in name()) {
            prop_assert_eq!(compare_names(&a, &b), name_sort_key(&a).cmp(&name_sort_key(&b)));
        }

        #[test]
        fn compare_names_is_antisymmetric_and_equal_only_for_same_normalized_text(
            a in name(),
            b in name(),
        ) {
            prop_assert_eq!(compare_names(&a, &b), compare_names(&b, &a).reverse());
            prop_assert_eq!(
                compare_names(&a, &b) == Ordering::Equal,
                super::super::normalize(&a) == super::super::normalize(&b)
            );
            prop_assert_eq!(compare_names(&a, &a), Ordering::Equal);
        }

        #[test]
        fn compare_names_is_transitive(a in name(), b in name(), c in name()) {
            let le = |x: &str, y: &str| compare_names(x, y) != Ordering::Greater;
            if le(&a, &b) && le(&b, &c) {
                prop_assert!(le(&a, &c));
            }
            if le(&c, &b) && le(&b, &a) {
                prop_assert!(le(&c, &a));
            }
        }

        #[test]
        fn sorting_by_compare_names_equals_sorting_by_key(
            names in prop::collection::vec(name(), 0..20),
        ) {
            let mut by_compare = names.clone();
            by_compare.sort_by(|a, b| compare_names(a, b));
            let mut by_key = names;
            by_key.sort_by_cached_key(|n| name_sort_key(n));
            for pair in by_compare.windows(2) {
                prop_assert_ne!(compare_names(&pair[0], &pair[1]), Ordering::Greater);
            }
            let keys = |v: &[String]| v.iter().map(|n| name_sort_key(n)).collect::<Vec<_>>();
            prop_assert_eq!(keys(&by_compare), keys(&by_key));
        }

        #[test]
        fn key_ignores_normalization_form(a in name()) {
            let nfc: String = a.nfc().collect();
            let nfd: String = a.nfd().collect();
            prop_assert_eq!(name_sort_key(&nfc), name_sort_key(&nfd));
        }

        #[test]
        fn key_is_ascii_without_control_characters(s in ".*") {
            let key = name_sort_key(&s);
            prop_assert!(key.bytes().all(|b| b.is_ascii_graphic()), "{:?}", key);
        }

        #[test]
        fn any_texts_compare_antisymmetrically(a in ".*", b in ".*") {
            prop_assert_eq!(compare_names(&a, &b), compare_names(&b, &a).reverse());
            prop_assert_eq!(
                compare_names(&a, &b) == Ordering::Equal,
                super::super::normalize(&a) == super::super::normalize(&b)
            );
        }
    }
}
