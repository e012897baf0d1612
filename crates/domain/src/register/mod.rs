//! The register (DOMAIN.md §1–§3): the dated organization tree with its splits and merges, the
//! member and the events of a member's life, structure statistics on a date, and the rules of
//! the member file's columns (import).

pub mod import;
pub mod lifecycle;
pub mod member;
pub mod org;
pub mod stats;
