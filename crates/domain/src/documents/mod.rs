//! Party documents (DOMAIN.md §7, HD 36-HD/VPTW 2018): the register's series and their numbers,
//! the issuer's abbreviation in a symbol, and the search that reads a symbol however it is typed.

mod layout;
mod series;
#[cfg(test)]
mod tests;

pub use layout::{media_type, recipient_lines, signature_titles, signing_body};
pub use series::{
    Direction, DocError, SeriesEntry, SeriesKey, check_recorded, issuer_abbrev, next_number,
    symbol_key, term_start,
};
