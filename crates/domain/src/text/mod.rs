//! Vietnamese text: NFC normalization, diacritic-insensitive search keys, name collation,
//! and the number, date and Roman-numeral formats that reports print (DOMAIN.md §9).

mod collation;
mod date;
mod number;
mod roman;
mod search;

pub use collation::{compare_names, name_sort_key};
pub use date::{format_date, format_date_long, parse_date, parse_iso_date};
pub use number::{format_count2, format_decimal1, format_int, format_percent};
pub use roman::to_roman;
pub use search::search_key;

use unicode_normalization::UnicodeNormalization;

/// NFC-normalizes a text from outside, trims it and collapses runs of whitespace to one space.
pub fn normalize(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}
