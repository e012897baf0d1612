//! Emulation and commendation (thi đua, khen thưởng) and party badges (huy hiệu Đảng): the titles
//! and awards with the articles that decide them (DOMAIN.md §8), discipline, and party age (§11).

pub mod badge;
pub mod case;
mod collective;
pub mod decision;
pub mod discipline;
pub mod dossier;
pub mod eligibility;
mod individual;
mod judge;
pub mod kind;
pub mod stats;
#[cfg(test)]
mod tests;
pub mod wire;

pub use case::{Case, CaseError, MemberCounts, PriorAward, Thresholds, YearRecord, fighter_cap};
pub use discipline::Discipline;
pub use eligibility::{Verdict, decide, decide_one};
pub use kind::{AwardGroup, AwardKind, InitiativeLevel, Method, Subject};
