//! A ballot (phiếu bầu) and how the counting board reads it: strike-out list, yes/no marks on a
//! list without surplus, or ruled invalid; validity per 244-QĐ/TW Art. 32(1) (DOMAIN.md §4).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::{Candidates, ElectionError};

/// A voter's mark beside one name on a list without surplus ("đồng ý / không đồng ý" columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Đồng ý: the candidate gets the vote.
    Yes,
    /// Không đồng ý.
    No,
    /// Both boxes marked: no vote from this ballot, the ballot stays valid.
    Both,
    /// Neither box marked: no vote from this ballot, the ballot stays valid.
    None,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Yes, Mark::No, Mark::Both, Mark::None];

    /// The key used in files: `yes`, `no`, `both`, `none`.
    pub fn key(self) -> &'static str {
        match self {
            Mark::Yes => "yes",
            Mark::No => "no",
            Mark::Both => "both",
            Mark::None => "none",
        }
    }

    /// Parses a key of [`Mark::key`]; anything else is [`ElectionError::UnknownMark`].
    pub fn parse(raw: &str) -> Result<Self, ElectionError> {
        Self::ALL
            .into_iter()
            .find(|m| m.key() == raw)
            .ok_or_else(|| ElectionError::UnknownMark(raw.to_string()))
    }

    /// Only a clear "đồng ý" is a vote (244-QĐ/TW Art. 32(1): both or neither gives no vote).
    pub fn is_vote(self) -> bool {
        self == Mark::Yes
    }
}

impl FromStr for Mark {
    type Err = ElectionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// One ballot returned to the box, as the counting board entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    /// Strike-out list: the names crossed out; every other name on the list is kept.
    Struck(Vec<String>),
    /// List without surplus: a mark per name. A name left out counts as [`Mark::None`].
    Marks(BTreeMap<String, Mark>),
    /// Ruled invalid by the counting board (e.g. not issued by the board), with its reason.
    Invalid(String),
}

/// The reason kept for a ballot the counting board rules invalid without saying why.
pub const DEFAULT_INVALID_REASON: &str = "Ban kiểm phiếu xác định phiếu không hợp lệ";

/// Why a ballot does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidReason {
    /// The counting board's own ruling, e.g. "Phiếu không do Ban kiểm phiếu phát ra".
    RuledByBoard(String),
    /// The ballot keeps more names than there are seats.
    KeepsMoreThanSeats { kept: usize, seats: usize },
    /// On a list of several people, the ballot votes for no one.
    VotesForNoOne,
}

impl fmt::Display for InvalidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The default reason already says who ruled: it is not said twice.
            Self::RuledByBoard(r) if r == DEFAULT_INVALID_REASON => f.write_str(r),
            Self::RuledByBoard(r) => write!(f, "Ban kiểm phiếu xác định không hợp lệ: {r}"),
            Self::KeepsMoreThanSeats { kept, seats } => {
                write!(
                    f,
                    "để lại {kept} tên, nhiều hơn số lượng cần bầu là {seats}"
                )
            }
            Self::VotesForNoOne => f.write_str("không bầu ai (danh sách bầu cử nhiều người)"),
        }
    }
}

/// What a ballot says once read against the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A valid ballot: `votes[i]` is whether the candidate at position `i` gets its vote.
    Valid(Vec<bool>),
    Invalid(InvalidReason),
}

impl Ballot {
    /// Reads ballot number `number` (from 1, for messages) against the list, for `seats` seats.
    ///
    /// Valid only if it keeps no more names than seats; on a list of more than one person a
    /// ballot that votes for no one is invalid; a name marked both or neither gets no vote but
    /// leaves the ballot valid (244-QĐ/TW Art. 32(1), 190-QĐ/TW, DOMAIN.md §4). A name not on
    /// the list, or named twice on one ballot, is an entry error, not an invalid ballot.
    pub fn read(
        &self,
        number: usize,
        list: &Candidates,
        seats: usize,
    ) -> Result<Reading, ElectionError> {
        let n = list.len();
        let votes = match self {
            Ballot::Invalid(reason) => {
                return Ok(Reading::Invalid(InvalidReason::RuledByBoard(
                    reason.clone(),
                )));
            }
            Ballot::Struck(names) => {
                let mut votes = vec![true; n];
                for name in names {
                    let i = position(list, number, name)?;
                    if !votes[i] {
                        return Err(twice(list, number, i));
                    }
                    votes[i] = false;
                }
                votes
            }
            Ballot::Marks(marks) => {
                let mut seen = vec![false; n];
                let mut votes = vec![false; n];
                for (name, mark) in marks {
                    let i = position(list, number, name)?;
                    if seen[i] {
                        return Err(twice(list, number, i));
                    }
                    seen[i] = true;
                    votes[i] = mark.is_vote();
                }
                votes
            }
        };
        let kept = votes.iter().filter(|v| **v).count();
        if kept > seats {
            return Ok(Reading::Invalid(InvalidReason::KeepsMoreThanSeats {
                kept,
                seats,
            }));
        }
        if kept == 0 && n > 1 {
            return Ok(Reading::Invalid(InvalidReason::VotesForNoOne));
        }
        Ok(Reading::Valid(votes))
    }
}

fn position(list: &Candidates, number: usize, name: &str) -> Result<usize, ElectionError> {
    list.position(name).ok_or_else(|| ElectionError::NotOnList {
        ballot: number,
        name: name.to_string(),
    })
}

fn twice(list: &Candidates, number: usize, i: usize) -> ElectionError {
    ElectionError::NamedTwice {
        ballot: number,
        name: list.names()[i].clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Candidates {
        Candidates::new(["An", "Bình", "Cường", "Dung"]).unwrap()
    }

    fn struck(names: &[&str]) -> Ballot {
        Ballot::Struck(names.iter().map(|s| s.to_string()).collect())
    }

    fn marks(m: &[(&str, Mark)]) -> Ballot {
        Ballot::Marks(m.iter().map(|(n, m)| (n.to_string(), *m)).collect())
    }

    #[test]
    fn ballot_keeping_more_names_than_seats_is_invalid() {
        let r = struck(&["Dung"]).read(1, &list(), 2).unwrap();
        assert_eq!(
            r,
            Reading::Invalid(InvalidReason::KeepsMoreThanSeats { kept: 3, seats: 2 })
        );
        // Striking no one on a list with surplus keeps every name.
        let r = struck(&[]).read(1, &list(), 3).unwrap();
        assert!(matches!(
            r,
            Reading::Invalid(InvalidReason::KeepsMoreThanSeats { kept: 4, .. })
        ));
    }

    #[test]
    fn ballot_keeping_exactly_the_seats_or_fewer_is_valid() {
        let r = struck(&["Cường", "Dung"]).read(1, &list(), 2).unwrap();
        assert_eq!(r, Reading::Valid(vec![true, true, false, false]));
        let r = struck(&["An", "Cường", "Dung"])
            .read(1, &list(), 2)
            .unwrap();
        assert_eq!(r, Reading::Valid(vec![false, true, false, false]));
    }

    #[test]
    fn multi_person_ballot_striking_everyone_is_invalid() {
        let r = struck(&["An", "Bình", "Cường", "Dung"])
            .read(1, &list(), 2)
            .unwrap();
        assert_eq!(r, Reading::Invalid(InvalidReason::VotesForNoOne));
    }

    #[test]
    fn single_person_list_struck_is_a_valid_vote_against() {
        let one = Candidates::new(["An"]).unwrap();
        assert_eq!(
            struck(&["An"]).read(1, &one, 1).unwrap(),
            Reading::Valid(vec![false])
        );
        assert_eq!(
            marks(&[("An", Mark::No)]).read(1, &one, 1).unwrap(),
            Reading::Valid(vec![false])
        );
    }

    #[test]
    fn no_surplus_ballot_marked_both_gives_no_vote_but_stays_valid() {
        let l = Candidates::new(["An", "Bình", "Cường"]).unwrap();
        let b = marks(&[("An", Mark::Yes), ("Bình", Mark::Both), ("Cường", Mark::No)]);
        assert_eq!(
            b.read(1, &l, 3).unwrap(),
            Reading::Valid(vec![true, false, false])
        );
    }

    #[test]
    fn no_surplus_ballot_marked_none_or_left_out_gives_no_vote_but_stays_valid() {
        let l = Candidates::new(["An", "Bình", "Cường"]).unwrap();
        let b = marks(&[("An", Mark::None), ("Bình", Mark::Yes)]);
        assert_eq!(
            b.read(1, &l, 3).unwrap(),
            Reading::Valid(vec![false, true, false])
        );
    }

    #[test]
    fn no_surplus_ballot_agreeing_with_no_one_is_invalid() {
        let l = Candidates::new(["An", "Bình"]).unwrap();
        for m in [Mark::No, Mark::Both, Mark::None] {
            let b = marks(&[("An", Mark::No), ("Bình", m)]);
            assert_eq!(
                b.read(1, &l, 2).unwrap(),
                Reading::Invalid(InvalidReason::VotesForNoOne)
            );
        }
    }

    #[test]
    fn ballot_ruled_invalid_by_the_board_is_invalid_with_its_reason() {
        let b = Ballot::Invalid("Phiếu không do Ban kiểm phiếu phát ra".into());
        let r = b.read(1, &list(), 2).unwrap();
        assert_eq!(
            r,
            Reading::Invalid(InvalidReason::RuledByBoard(
                "Phiếu không do Ban kiểm phiếu phát ra".into()
            ))
        );
    }

    #[test]
    fn name_not_on_the_list_is_refused() {
        assert_eq!(
            struck(&["Én"]).read(7, &list(), 2),
            Err(ElectionError::NotOnList {
                ballot: 7,
                name: "Én".into()
            })
        );
        assert!(matches!(
            marks(&[("Én", Mark::Yes)]).read(1, &list(), 4),
            Err(ElectionError::NotOnList { .. })
        ));
    }

    #[test]
    fn name_struck_twice_on_one_ballot_is_refused() {
        assert_eq!(
            struck(&["An", " An"]).read(3, &list(), 2),
            Err(ElectionError::NamedTwice {
                ballot: 3,
                name: "An".into()
            })
        );
    }

    #[test]
    fn unknown_mark_is_refused() {
        assert_eq!(
            Mark::parse("maybe"),
            Err(ElectionError::UnknownMark("maybe".into()))
        );
        assert_eq!("both".parse::<Mark>(), Ok(Mark::Both));
        for m in Mark::ALL {
            assert_eq!(Mark::parse(m.key()), Ok(m));
        }
    }

    #[test]
    fn invalid_reasons_read_in_vietnamese() {
        assert_eq!(
            InvalidReason::RuledByBoard(DEFAULT_INVALID_REASON.into()).to_string(),
            "Ban kiểm phiếu xác định phiếu không hợp lệ"
        );
        assert_eq!(
            InvalidReason::RuledByBoard("gạch hết tên".into()).to_string(),
            "Ban kiểm phiếu xác định không hợp lệ: gạch hết tên"
        );
        assert_eq!(
            InvalidReason::KeepsMoreThanSeats { kept: 3, seats: 2 }.to_string(),
            "để lại 3 tên, nhiều hơn số lượng cần bầu là 2"
        );
    }
}
