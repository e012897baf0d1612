//! Congresses (đại hội, DOMAIN.md §4): the superior's season plan, the congress record, the
//! elections in the rules' order and the entry of ballots (double entry, hash chain).

pub mod entry;
pub mod error;
pub mod order;
pub mod record;
pub mod season;

pub use entry::{
    ChainBreak, ChainLink, DEFAULT_INVALID_REASON, Difference, EnteredBallot, GENESIS,
    StackComparison, build_chain, chain_hash, check_room, compare_stacks, from_hex,
    invalid_warning, parse_entry, to_hex, verify_chain,
};
pub use error::{CongressError, EntryError};
pub use order::{
    ElectionKind, ElectionRules, Level, Outstanding, check_candidates, check_counting_board,
    check_election_may_start, check_seats, floor_nomination_accepted, may_hold_round, outstanding,
    parse_floor_nomination, planned_elections,
};
pub use record::{
    ABSENCE_REASON_MAX, Attendee, CongressStatus, HandVote, Presence, SummonedList, Term,
    absence_reason, check_ordinal, congress_title, kind_key, kind_label, next_ordinal,
    ordinal_label, parse_kind,
};
pub use season::{
    PlanItem, PlanRow, PlanState, Progress, SeasonPlace, SeasonRules, SeasonWarning,
    issuing_committee,
};
