//! Congress elections (DOMAIN.md §4; Quy chế bầu cử trong Đảng, 190-QĐ/TW replacing 244-QĐ/TW):
//! the candidate list, ballots, the base, the threshold, counting a round and the surplus rule.

pub mod ballot;
pub mod base;
pub mod candidates;
pub mod error;
pub mod surplus;
pub mod tally;
pub mod threshold;

#[cfg(test)]
mod tests;

pub use ballot::{Ballot, DEFAULT_INVALID_REASON, InvalidReason, Mark, Reading};
pub use base::{Base, BaseSpec, CongressKind, Exclusion};
pub use candidates::Candidates;
pub use error::ElectionError;
pub use surplus::{SurplusCheck, SurplusLimits, surplus_check};
pub use tally::{
    BallotCounts, CandidateResult, NextRound, Round, RoundResult, Status, count_round,
};
pub use threshold::{passes, threshold};
