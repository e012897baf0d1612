//! Congress storage: season plans, congress records (summoned list, presence, documents,
//! resolution vote, counting board), elections and rounds, and ballot entry with durable,
//! hash-chained writes. Every function returns plain structs a web page can render directly.

mod ballots;
mod elections;
mod lookups;
mod plan;
mod record;
pub(crate) mod rounds;

pub use ballots::{BallotEntered, RoundVerification};
pub use elections::{MinutesData, NewCandidate, surplus_warning};
pub use plan::{NewPlan, NewPlanItem, PlanView};
pub(crate) use record::symbol as record_symbol;
pub use record::{CongressRow, DocumentRow, NewCongress};
pub use rounds::{ElectionRow, RoundRow};

use crate::error::DbError;

/// A refusal by a domain rule, as a storage error with its Vietnamese message.
pub(crate) fn refused(e: impl std::fmt::Display) -> DbError {
    DbError::Invalid(e.to_string())
}
