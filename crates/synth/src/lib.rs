//! dangvu's synthetic province: a seeded, deterministic generator of party organizations and
//! their members (and non-member staff), realistic enough for benchmarks and demos.

mod catalog;
mod dist;
mod names;
mod orgs;
mod people;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use domain::register::member::PersonRecord;
use domain::register::org::{OrgCode, OrgKind};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// Party members to create; non-member staff come on top (about a quarter as many).
    pub members: usize,
    pub seed: u64,
    /// "Today" of the data set: nothing happens after it.
    pub as_of: NaiveDate,
    /// Prefix of every organization code, e.g. "SYN", so codes don't clash with other data.
    /// Upper-cased and reduced to ASCII letters, digits and '-', at most 10 characters;
    /// "SYN" if fewer than 2 remain.
    pub code_prefix: String,
}

/// One organization of the tree; `parent` indexes `Province::orgs` and comes before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOrg {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    /// Index into `Province::orgs`; `None` only for the root.
    pub parent: Option<usize>,
    /// Founded on; never before the parent, never after anyone's posting to it.
    pub since: NaiveDate,
}

/// A period of regular activity (members) or employment (staff) in one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Index into `Province::orgs`: always a leaf that holds members (Branch,
    /// GrassrootsBranch or Cell).
    pub org: usize,
    pub from: NaiveDate,
}

/// A person with their postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthPerson {
    pub person: PersonRecord,
    /// Chronological; each ends when the next starts. A member's first starts on the
    /// admission date, a staff member's on the hire date.
    pub postings: Vec<Posting>,
    /// Died or left (the party, or for staff the agency); rare, after the last posting began.
    pub left_on: Option<NaiveDate>,
}

/// The generated province: organizations (root first, every parent before its children)
/// and people (the members first, then the staff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub orgs: Vec<SynthOrg>,
    pub people: Vec<SynthPerson>,
}

/// Generates the province for `params`; the same params give the same province.
/// `progress(done, total)` is called every 1,000 people and once at the end with
/// `done == total`.
///
/// ```
/// let params = synth::Params {
///     members: 3_000,
///     seed: 7,
///     as_of: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
///     code_prefix: "SYN".into(),
/// };
/// let province = synth::province(&params, &mut |_, _| {});
/// assert_eq!(province.people.iter().filter(|p| p.person.membership.is_some()).count(), 3_000);
/// ```
pub fn province(params: &Params, progress: &mut dyn FnMut(usize, usize)) -> Province {
    let mut rng = fastrand::Rng::with_seed(params.seed);
    let prefix = sanitize_prefix(&params.code_prefix);
    let tree = orgs::build(&mut rng, params.members, params.as_of, &prefix);
    let people = people::generate(
        &mut rng,
        &tree,
        params.members,
        params.as_of,
        &prefix,
        progress,
    );
    let mut orgs = tree.orgs;
    settle_dates(&mut orgs, &people);
    Province { orgs, people }
}

/// A country's `members` split among its `provinces`, unequal as real provinces are (the
/// largest about five times the smallest), summing exactly to `members`; the same seed gives
/// the same split. Each share is then one `province` of its own.
pub fn province_shares(members: usize, provinces: usize, seed: u64) -> Vec<usize> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EED_C0DE);
    let weights: Vec<f64> = (0..provinces).map(|_| 0.5 + 2.0 * rng.f64()).collect();
    orgs::apportion(members, &weights)
}

/// Upper-case ASCII letters, digits and '-', 2–10 characters, no '-' at either end.
fn sanitize_prefix(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-')
        .collect();
    let s: String = s.trim_matches('-').chars().take(10).collect();
    let s = s.trim_end_matches('-');
    if s.len() < 2 {
        "SYN".to_string()
    } else {
        s.to_string()
    }
}

/// Moves each organization's `since` back to its earliest posting or child where needed,
/// so that no one is posted to an organization before it exists and no child predates its
/// parent. Children come after their parents, so one backward pass suffices.
fn settle_dates(orgs: &mut [SynthOrg], people: &[SynthPerson]) {
    for p in people {
        for posting in &p.postings {
            let org = &mut orgs[posting.org];
            org.since = org.since.min(posting.from);
        }
    }
    for i in (0..orgs.len()).rev() {
        if let Some(parent) = orgs[i].parent {
            orgs[parent].since = orgs[parent].since.min(orgs[i].since);
        }
    }
}
