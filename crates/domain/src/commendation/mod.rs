//! Emulation and commendation (thi đua, khen thưởng) and party badges (huy hiệu Đảng): the titles
//! and awards with the articles that decide them (DOMAIN.md §8), discipline, and party age (§11).

pub mod badge;
pub mod discipline;

pub use discipline::Discipline;
