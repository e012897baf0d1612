//! Emulation and commendation's files: the award statistics workbook (`stats`; the counts and
//! the sentence come from `domain::commendation::stats`).

pub mod stats;
