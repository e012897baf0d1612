//! Ballot entry in the hall: one ballot per line typed as the numbers of the struck names, two
//! counters entering the same stack (double entry), and each stored ballot chained by hash.
//!
//! **Keyboard format.** A line lists the positions (from 1, in list order) of the names struck
//! out, separated by spaces, commas, dots or `+` (all on the numeric keypad): `2 5` strikes
//! names 2 and 5, `25` strikes name 25 — a separator is always needed, so long lists stay
//! unambiguous. The order does not matter; a number twice or off the list is refused. An empty
//! line is a ballot that strikes no one. `k` or `*` (optionally followed by the reason) is a
//! ballot the counting board rules invalid. On a list without surplus the numbers are the names
//! not agreed to (không đồng ý, both or neither box): each gives no vote, as a struck name does.

use std::fmt;

use blake2::{Blake2b256, Digest};
use serde::Serialize;

use super::EntryError;
use crate::election::{Ballot, Candidates, InvalidReason, Reading};
use crate::text::normalize;

/// The reason recorded for `k` with no reason typed.
pub use crate::election::DEFAULT_INVALID_REASON;

/// One ballot as entered: the struck positions (from 1, ascending, each once) or invalid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnteredBallot {
    Struck(Vec<usize>),
    Invalid(String),
}

/// Parses one typed line for a list of `candidates` names (see the module's format).
pub fn parse_entry(line: &str, candidates: usize) -> Result<EnteredBallot, EntryError> {
    let line = line.trim();
    if line.starts_with(['k', 'K', '*']) {
        // The marker is one ASCII byte; the reason keeps the case it was typed in.
        let reason = normalize(&line[1..]);
        let reason = reason
            .trim_start_matches([':', '-', ' '])
            .trim()
            .to_string();
        return Ok(EnteredBallot::Invalid(if reason.is_empty() {
            DEFAULT_INVALID_REASON.to_string()
        } else {
            reason
        }));
    }
    let mut struck = Vec::new();
    for token in line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '+' | ';'))
        .filter(|t| !t.is_empty())
    {
        if !token.chars().all(|c| c.is_ascii_digit()) || token.len() > 6 {
            return Err(EntryError::BadToken(token.to_string()));
        }
        let number: usize = token
            .parse()
            .map_err(|_| EntryError::BadToken(token.to_string()))?;
        if number == 0 || number > candidates {
            return Err(EntryError::NotOnList { number, candidates });
        }
        if struck.contains(&number) {
            return Err(EntryError::NumberTwice(number));
        }
        struck.push(number);
    }
    struck.sort_unstable();
    Ok(EnteredBallot::Struck(struck))
}

impl EnteredBallot {
    /// The bytes that are hashed and stored: `S:2,5` or `I:<reason>`.
    pub fn canonical(&self) -> String {
        match self {
            Self::Struck(p) => format!(
                "S:{}",
                p.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
            ),
            Self::Invalid(r) => format!("I:{r}"),
        }
    }

    /// Reads back [`EnteredBallot::canonical`]; `None` if it is not one.
    pub fn from_canonical(raw: &str) -> Option<Self> {
        if let Some(r) = raw.strip_prefix("I:") {
            return Some(Self::Invalid(r.to_string()));
        }
        let list = raw.strip_prefix("S:")?;
        let mut p = Vec::new();
        for t in list.split(',').filter(|t| !t.is_empty()) {
            let n: usize = t.parse().ok()?;
            if n == 0 || p.last().is_some_and(|l| *l >= n) {
                return None;
            }
            p.push(n);
        }
        Some(Self::Struck(p))
    }

    /// The ballot of the counting engine, names taken from the list in ballot order.
    pub fn to_ballot(&self, names: &[String]) -> Result<Ballot, EntryError> {
        match self {
            Self::Invalid(r) => Ok(Ballot::Invalid(r.clone())),
            Self::Struck(p) => p
                .iter()
                .map(|n| {
                    names
                        .get(n.wrapping_sub(1))
                        .cloned()
                        .ok_or(EntryError::NotOnList {
                            number: *n,
                            candidates: names.len(),
                        })
                })
                .collect::<Result<_, _>>()
                .map(Ballot::Struck),
        }
    }
}

impl EnteredBallot {
    /// Whether the ballot as typed counts, read by the counting board's rules
    /// (`election::Ballot::read`, 244-QĐ/TW Art. 32(1)) against the list `names` for `seats`
    /// seats: `None` when it is valid, or why it is invalid — e.g. an empty line on a list with
    /// a surplus keeps every name, more than the seats. A ballot typed `k` was ruled invalid on
    /// purpose and gets no warning; a line the list cannot read is refused by [`parse_entry`].
    pub fn verdict(&self, names: &[String], seats: usize) -> Option<InvalidReason> {
        if let Self::Invalid(_) = self {
            return None;
        }
        let list = Candidates::new(names).ok()?;
        match self.to_ballot(names).ok()?.read(1, &list, seats) {
            Ok(Reading::Invalid(reason)) => Some(reason),
            _ => None,
        }
    }
}

/// The warning the clerk sees at once for a ballot that does not count: "Phiếu không hợp lệ:
/// để lại 4 tên, nhiều hơn số lượng cần bầu là 3".
pub fn invalid_warning(reason: &InvalidReason) -> String {
    format!("Phiếu không hợp lệ: {reason}")
}

/// How the side-by-side comparison shows a ballot: "gạch 2, 5", "không gạch tên nào",
/// "không hợp lệ: …".
impl fmt::Display for EnteredBallot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Struck(p) if p.is_empty() => f.write_str("không gạch tên nào"),
            Self::Struck(p) => write!(
                f,
                "gạch {}",
                p.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Invalid(r) => write!(f, "không hợp lệ: {r}"),
        }
    }
}

/// Refuses a ballot beyond the number issued: `entered` ballots are already in the stack.
pub fn check_room(entered: usize, issued: u64) -> Result<(), EntryError> {
    if entered as u64 >= issued {
        return Err(EntryError::MoreThanIssued { issued });
    }
    Ok(())
}

/// The hash before the first ballot of a stack.
pub const GENESIS: [u8; 32] = [0; 32];

/// hash = BLAKE2b-256(previous hash ‖ canonical ballot bytes).
pub fn chain_hash(prev: &[u8; 32], ballot: &EnteredBallot) -> [u8; 32] {
    let mut h = Blake2b256::new();
    h.update(prev);
    h.update(ballot.canonical().as_bytes());
    h.finalize().into()
}

pub fn to_hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// One stored ballot with its chain fields (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    pub ballot: EnteredBallot,
    pub prev_hash: String,
    pub hash: String,
}

/// Builds the links of a stack from the genesis hash.
pub fn build_chain(ballots: &[EnteredBallot]) -> Vec<ChainLink> {
    let mut prev = GENESIS;
    ballots
        .iter()
        .map(|b| {
            let h = chain_hash(&prev, b);
            let link = ChainLink {
                ballot: b.clone(),
                prev_hash: to_hex(&prev),
                hash: to_hex(&h),
            };
            prev = h;
            link
        })
        .collect()
}

/// The first ballot (from 1) where a stored chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub position: usize,
    pub stored_as_previous: bool,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.stored_as_previous {
            write!(
                f,
                "phiếu thứ {} không nối tiếp phiếu trước nó (mã băm của phiếu trước không khớp): có phiếu bị xóa, chèn hoặc đổi chỗ",
                self.position
            )
        } else {
            write!(
                f,
                "phiếu thứ {}: nội dung không khớp với mã băm đã lưu (phiếu đã bị sửa sau khi nhập)",
                self.position
            )
        }
    }
}

/// Recomputes every hash from the genesis and reports the first ballot that breaks the chain.
pub fn verify_chain(links: &[ChainLink]) -> Result<(), ChainBreak> {
    let mut prev = GENESIS;
    for (i, l) in links.iter().enumerate() {
        if from_hex(&l.prev_hash) != Some(prev) {
            return Err(ChainBreak {
                position: i + 1,
                stored_as_previous: true,
            });
        }
        let h = chain_hash(&prev, &l.ballot);
        if from_hex(&l.hash) != Some(h) {
            return Err(ChainBreak {
                position: i + 1,
                stored_as_previous: false,
            });
        }
        prev = h;
    }
    Ok(())
}

/// One ballot position (from 1) where the two counters' stacks differ; `None` where one
/// stack is shorter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub position: usize,
    pub first: Option<EnteredBallot>,
    pub second: Option<EnteredBallot>,
}

/// Double entry: results only when both stacks agree ballot by ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StackComparison {
    Agree,
    Differ(Vec<Difference>),
}

impl StackComparison {
    pub fn agrees(&self) -> bool {
        matches!(self, Self::Agree)
    }
}

/// Compares the stacks of counter 1 and counter 2 position by position.
pub fn compare_stacks(first: &[EnteredBallot], second: &[EnteredBallot]) -> StackComparison {
    let n = first.len().max(second.len());
    let diffs: Vec<Difference> = (0..n)
        .filter(|&i| first.get(i) != second.get(i))
        .map(|i| Difference {
            position: i + 1,
            first: first.get(i).cloned(),
            second: second.get(i).cloned(),
        })
        .collect();
    if diffs.is_empty() {
        StackComparison::Agree
    } else {
        StackComparison::Differ(diffs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::election::{BaseSpec, Round, count_round};
    use proptest::prelude::*;

    fn s(p: &[usize]) -> EnteredBallot {
        EnteredBallot::Struck(p.to_vec())
    }

    #[test]
    fn typed_numbers_are_the_struck_names_in_any_order() {
        assert_eq!(parse_entry("2 5", 9), Ok(s(&[2, 5])));
        assert_eq!(parse_entry(" 5,2 ", 9), Ok(s(&[2, 5])));
        assert_eq!(parse_entry("5+2.", 9), Ok(s(&[2, 5])));
        assert_eq!(parse_entry("", 9), Ok(s(&[])));
        // "25" is name 25, never names 2 and 5.
        assert_eq!(parse_entry("25", 30), Ok(s(&[25])));
    }

    #[test]
    fn a_number_not_on_the_list_is_refused() {
        assert_eq!(
            parse_entry("2 10", 9),
            Err(EntryError::NotOnList {
                number: 10,
                candidates: 9
            })
        );
        assert!(matches!(
            parse_entry("0", 9),
            Err(EntryError::NotOnList { .. })
        ));
        assert_eq!(parse_entry("3 3", 9), Err(EntryError::NumberTwice(3)));
        assert_eq!(parse_entry("2 x", 9), Err(EntryError::BadToken("x".into())));
        assert!(parse_entry("-1", 9).is_err());
    }

    #[test]
    fn k_or_star_enters_a_ballot_ruled_invalid() {
        assert_eq!(
            parse_entry("k", 9),
            Ok(EnteredBallot::Invalid(DEFAULT_INVALID_REASON.into()))
        );
        assert_eq!(
            parse_entry("K: Phiếu không có dấu", 9),
            Ok(EnteredBallot::Invalid("Phiếu không có dấu".into()))
        );
        assert_eq!(
            parse_entry("*", 9),
            Ok(EnteredBallot::Invalid(DEFAULT_INVALID_REASON.into()))
        );
    }

    #[test]
    fn a_ballot_keeping_more_names_than_seats_is_warned_of_as_typed() {
        let names: Vec<String> = ["An", "Bình", "Cường", "Dung"].map(String::from).to_vec();
        // Enter on an empty line with four names for three seats keeps all four.
        let b = parse_entry("", 4).unwrap();
        let reason = b.verdict(&names, 3).unwrap();
        assert_eq!(
            reason,
            InvalidReason::KeepsMoreThanSeats { kept: 4, seats: 3 }
        );
        assert_eq!(
            invalid_warning(&reason),
            "Phiếu không hợp lệ: để lại 4 tên, nhiều hơn số lượng cần bầu là 3"
        );
        // Striking everyone votes for no one.
        assert_eq!(
            s(&[1, 2, 3, 4]).verdict(&names, 3),
            Some(InvalidReason::VotesForNoOne)
        );
        // Striking one name keeps three: valid; a ballot ruled invalid is not warned of.
        assert_eq!(s(&[2]).verdict(&names, 3), None);
        assert_eq!(parse_entry("k", 4).unwrap().verdict(&names, 3), None);
    }

    #[test]
    fn more_ballots_than_issued_are_refused() {
        assert!(check_room(20, 21).is_ok());
        assert_eq!(
            check_room(21, 21),
            Err(EntryError::MoreThanIssued { issued: 21 })
        );
    }

    #[test]
    fn entered_ballots_become_ballots_of_the_counting_engine() {
        let names: Vec<String> = ["An", "Bình", "Cường"].map(String::from).to_vec();
        assert_eq!(
            s(&[1, 3]).to_ballot(&names),
            Ok(Ballot::Struck(vec!["An".into(), "Cường".into()]))
        );
        assert!(s(&[4]).to_ballot(&names).is_err());
    }

    #[test]
    fn differing_ballots_are_listed_side_by_side() {
        let a = [s(&[1]), s(&[2]), s(&[3])];
        let b = [s(&[1]), s(&[2, 3])];
        assert_eq!(
            compare_stacks(&a, &b),
            StackComparison::Differ(vec![
                Difference {
                    position: 2,
                    first: Some(s(&[2])),
                    second: Some(s(&[2, 3]))
                },
                Difference {
                    position: 3,
                    first: Some(s(&[3])),
                    second: None
                },
            ])
        );
        assert_eq!(compare_stacks(&a, &a), StackComparison::Agree);
    }

    #[test]
    fn a_changed_ballot_breaks_the_chain_at_its_position() {
        let mut chain = build_chain(&[s(&[1]), s(&[2]), s(&[3])]);
        assert_eq!(verify_chain(&chain), Ok(()));
        chain[1].ballot = s(&[3]);
        let e = verify_chain(&chain).unwrap_err();
        assert_eq!(
            e,
            ChainBreak {
                position: 2,
                stored_as_previous: false
            }
        );
        assert!(e.to_string().starts_with("phiếu thứ 2:"), "{e}");
        let mut chain = build_chain(&[s(&[1]), s(&[2]), s(&[3])]);
        chain.remove(1);
        assert_eq!(
            verify_chain(&chain),
            Err(ChainBreak {
                position: 2,
                stored_as_previous: true
            })
        );
    }

    fn ballot() -> impl Strategy<Value = EnteredBallot> {
        prop_oneof![
            8 => proptest::sample::subsequence((1..=6usize).collect::<Vec<_>>(), 0..=6)
                .prop_map(EnteredBallot::Struck),
            1 => "[a-zà-ỹ ]{0,12}".prop_map(EnteredBallot::Invalid),
        ]
    }

    proptest! {
        #[test]
        fn canonical_form_reads_back(b in ballot()) {
            prop_assert_eq!(EnteredBallot::from_canonical(&b.canonical()), Some(b));
        }

        #[test]
        fn typed_form_reads_back(p in proptest::sample::subsequence((1..=40usize).collect::<Vec<_>>(), 0..=10)) {
            let line = p.iter().rev().map(usize::to_string).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(parse_entry(&line, 40), Ok(EnteredBallot::Struck(p)));
        }

        #[test]
        fn the_result_does_not_depend_on_ballot_order_within_a_stack(
            stack in proptest::collection::vec(ballot(), 0..40),
            seed in any::<u64>(),
        ) {
            let names: Vec<String> = ["An", "Bình", "Cường", "Dung", "Én", "Giang"].map(String::from).to_vec();
            let mut shuffled = stack.clone();
            let mut rng = seed;
            for i in (1..shuffled.len()).rev() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (rng >> 33) as usize % (i + 1));
            }
            let count = |st: &[EnteredBallot]| {
                count_round(&Round {
                    seats: 3,
                    base: BaseSpec::Number(40),
                    candidates: names.clone(),
                    ballots_issued: 40,
                    ballots: st.iter().map(|b| b.to_ballot(&names).unwrap()).collect(),
                }).unwrap()
            };
            let (a, b) = (count(&stack), count(&shuffled));
            prop_assert_eq!(a.ballots, b.ballots);
            prop_assert_eq!(a.results, b.results);
            prop_assert_eq!(a.elected, b.elected);
            prop_assert_eq!(a.next_round, b.next_round);
        }

        #[test]
        fn chain_verification_detects_any_single_changed_ballot(
            stack in proptest::collection::vec(ballot(), 1..30),
            at in any::<proptest::sample::Index>(),
            other in ballot(),
        ) {
            let i = at.index(stack.len());
            prop_assume!(other != stack[i]);
            let mut chain = build_chain(&stack);
            prop_assert_eq!(verify_chain(&chain), Ok(()));
            chain[i].ballot = other;
            prop_assert_eq!(verify_chain(&chain), Err(ChainBreak { position: i + 1, stored_as_previous: false }));
        }

        #[test]
        fn double_entry_agrees_iff_the_stacks_are_equal(
            a in proptest::collection::vec(ballot(), 0..12),
            b in proptest::collection::vec(ballot(), 0..12),
            same in any::<bool>(),
        ) {
            let b = if same { a.clone() } else { b };
            prop_assert_eq!(compare_stacks(&a, &b).agrees(), a == b);
        }
    }
}
