//! dangvu's domain: the rules of party work at the grassroots, in pure Rust with no I/O.
//! Each module owns one family of rules and is named after the glossary of DOMAIN.md.

pub mod access;
pub mod admission;
pub mod audit;
pub mod branch;
pub mod congress;
pub mod election;
pub mod import;
pub mod lifecycle;
pub mod member;
pub mod org;
pub mod stats;
pub mod text;
pub mod workdays;

pub use chrono::NaiveDate;
