//! The search key: lower case, no diacritics, "đ" folded to "d", single spaces.

use unicode_normalization::UnicodeNormalization;

/// The diacritic-insensitive key of a text: "Nguyễn Văn Đức" → "nguyen van duc".
pub fn search_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
