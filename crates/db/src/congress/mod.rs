//! Congress storage: season plans, congress records (summoned list, presence, documents,
//! resolution vote, counting board), elections and rounds, and ballot entry with durable,
//! hash-chained writes. Every function returns plain structs a web page can render directly.

mod ballots;
mod elections;
mod plan;
mod record;

pub use ballots::{BallotEntered, RoundVerification};
pub use elections::{ElectionRow, MinutesData, NewCandidate, RoundRow, surplus_warning};
pub use plan::{NewPlan, NewPlanItem, PlanView};
pub use record::{CongressRow, DocumentRow, NewCongress};

use crate::error::DbError;

/// A refusal by a domain rule, as a storage error with its Vietnamese message.
pub(crate) fn refused(e: impl std::fmt::Display) -> DbError {
    DbError::Invalid(e.to_string())
}
