//! Branch life through the term (DOMAIN.md §5): meetings and attendance, study sessions,
//! supervision, annual ratings with the Excellent cap, and the resolution's targets evaluated
//! year by year into the mid-term and end-of-term review.
//!
//! Every share here is a percent rounded half up to one decimal by [`crate::register::stats::percent`],
//! so the database aggregates, the pages and the command line print the same figures.

pub mod admission;
pub mod meeting;
pub mod personal;
pub mod rating;
pub mod rollup;
pub mod study;
pub mod supervision;
pub mod target;

pub use crate::register::stats::percent;

/// The choice among `all` that `raw` names: its code or one of its Vietnamese names, ignoring
/// case, diacritics, and `-`/`_` between words ("xuat-sac", "Xuất sắc", "excellent"). Shared by
/// the forms and the command line.
pub(crate) fn choose<T: Copy>(
    raw: &str,
    all: &[T],
    names: impl Fn(T) -> Vec<&'static str>,
) -> Option<T> {
    let key = |s: &str| crate::text::search_key(&s.replace(['-', '_'], " "));
    let want = key(raw);
    if want.is_empty() {
        return None;
    }
    all.iter()
        .copied()
        .find(|t| names(*t).iter().any(|n| key(n) == want))
}
