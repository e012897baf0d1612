//! Branch life through the term (DOMAIN.md §5): meetings and attendance, study sessions,
//! supervision, annual ratings with the Excellent cap, and the resolution's targets evaluated
//! year by year into the mid-term and end-of-term review.
//!
//! Every share here is a percent rounded half up to one decimal by [`crate::stats::percent`],
//! so the database aggregates, the pages and the command line print the same figures.

pub mod meeting;
pub mod rating;
pub mod rollup;
pub mod study;
pub mod supervision;
pub mod target;

pub use crate::stats::percent;
