//! dangvu's domain: the rules of party work at the grassroots, in pure Rust with no I/O.
//! Each module owns one family of rules and is named after the glossary of DOMAIN.md.

pub mod accounts;
pub mod branch;
pub mod check;
pub mod commendation;
pub mod congress;
pub mod dated;
pub mod documents;
pub mod election;
pub mod figure;
pub mod package;
pub mod portal;
pub mod register;
pub mod text;
pub mod workdays;

pub use chrono::NaiveDate;
