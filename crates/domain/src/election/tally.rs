//! Counting one round (kiểm phiếu một vòng bầu): ballots issued/returned/valid/invalid, each
//! candidate's votes and percentages, the ranking, who is elected and what a new round decides.

use serde::{Deserialize, Serialize};

use super::{
    Ballot, Base, BaseSpec, Candidates, ElectionError, InvalidReason, Reading, passes, threshold,
};

/// One round as the counting board enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Seats to fill; between 1 and the number of candidates.
    pub seats: i64,
    pub base: BaseSpec,
    /// The candidate list in ballot order.
    pub candidates: Vec<String>,
    pub ballots_issued: i64,
    /// The ballots returned to the box.
    pub ballots: Vec<Ballot>,
}

/// The ballot counts of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BallotCounts {
    pub issued: u64,
    pub returned: u64,
    pub valid: u64,
    pub invalid: u64,
}

/// Where a candidate stands after the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Elected,
    /// Over the threshold but tied at the last seat: a new round among the tied decides.
    Tied,
    /// Over the threshold, but more candidates passed than seats and others had more votes.
    Outranked,
    BelowThreshold,
}

impl Status {
    /// How the minutes and the results page write it in the "Ghi chú" column.
    pub fn label(self) -> &'static str {
        match self {
            Self::Elected => "Trúng cử",
            Self::Tied => "Bằng phiếu, bầu lại",
            Self::Outranked => "Quá nửa, ít phiếu hơn",
            Self::BelowThreshold => "Không đủ quá nửa",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateResult {
    pub candidate: String,
    pub votes: u64,
    /// Of the base, rounded half up to 2 decimals.
    pub percent_of_base: f64,
    /// Of the valid ballots, rounded half up to 2 decimals (0 when no ballot is valid).
    pub percent_of_valid: f64,
    pub status: Status,
}

/// The seats a new round must fill and who stands, in ballot order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextRound {
    pub seats: usize,
    pub candidates: Vec<String>,
}

/// The result of a round; serializes as the output of `dangvu tally` (CONTRACTS.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundResult {
    pub ballots: BallotCounts,
    pub base: Base,
    pub threshold: u64,
    /// By votes, most first, then by ballot order.
    pub results: Vec<CandidateResult>,
    /// In order of votes.
    pub elected: Vec<String>,
    /// `None` when every seat is filled.
    pub next_round: Option<NextRound>,
    #[serde(skip)]
    pub seats: usize,
    /// Invalid ballots with their number (from 1) and why, for the minutes.
    #[serde(skip)]
    pub invalid_ballots: Vec<(usize, InvalidReason)>,
}

/// `part` of `whole` in percent, rounded half up to 2 decimals; 0 when `whole` is 0.
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    let (part, whole) = (u128::from(part), u128::from(whole));
    let hundredths = (part * 20_000 + whole) / (2 * whole);
    hundredths as f64 / 100.0
}

/// Counts a round (244-QĐ/TW Art. 32, 190-QĐ/TW; DOMAIN.md §4).
///
/// Only candidates with more than half of the base pass. If no more pass than there are seats,
/// all who pass are elected and any seat left goes to a new round with every candidate not
/// elected. If more pass than seats, the most votes win; those tied at the last seat go to a
/// new round for the seats left, and the rest who passed are outranked. Equal votes are
/// listed in ballot order.
pub fn count_round(round: &Round) -> Result<RoundResult, ElectionError> {
    let list = Candidates::new(&round.candidates)?;
    let seats = seats_to_fill(round, list.len())?;
    let base = round.base.base()?;
    let (issued, returned) = ballots_issued_and_returned(round)?;
    let count = read_ballots(round, &list, seats)?;
    let order = ranking(&count.votes);
    let passing = over_half_of_base(&order, &count.votes, base);
    let (status, next_round) = if passing.len() <= seats {
        elect_all_passing(&list, &passing, seats)
    } else {
        elect_most_votes(&list, &count.votes, &passing, seats)
    };

    let votes = &count.votes;
    let results = order
        .iter()
        .map(|&i| CandidateResult {
            candidate: list.names()[i].clone(),
            votes: votes[i],
            percent_of_base: percent(votes[i], base.get()),
            percent_of_valid: percent(votes[i], count.valid),
            status: status[i],
        })
        .collect();
    let elected = order
        .iter()
        .filter(|&&i| status[i] == Status::Elected)
        .map(|&i| list.names()[i].clone())
        .collect();
    let result = RoundResult {
        ballots: BallotCounts {
            issued,
            returned,
            valid: count.valid,
            invalid: count.invalid_ballots.len() as u64,
        },
        base,
        threshold: threshold(base),
        results,
        elected,
        next_round,
        seats,
        invalid_ballots: count.invalid_ballots,
    };
    debug_assert_eq!(result.broken_invariants(), Vec::<&str>::new());
    Ok(result)
}

/// The seats to fill: between 1 and the number of candidates `n`.
fn seats_to_fill(round: &Round, n: usize) -> Result<usize, ElectionError> {
    usize::try_from(round.seats)
        .ok()
        .filter(|s| (1..=n).contains(s))
        .ok_or(ElectionError::SeatsOutOfRange {
            seats: round.seats,
            candidates: n,
        })
}

/// The ballots issued (not negative) and returned (not more than issued).
fn ballots_issued_and_returned(round: &Round) -> Result<(u64, u64), ElectionError> {
    let issued = u64::try_from(round.ballots_issued).map_err(|_| ElectionError::NegativeCount {
        what: "số phiếu phát ra (ballots_issued)".into(),
        value: round.ballots_issued,
    })?;
    let returned = round.ballots.len() as u64;
    if returned > issued {
        return Err(ElectionError::MoreBallotsThanIssued { returned, issued });
    }
    Ok((issued, returned))
}

/// The ballots once read: each candidate's votes (in ballot order), the valid ballots, and the
/// invalid ones with their number and why.
struct BallotCount {
    votes: Vec<u64>,
    valid: u64,
    invalid_ballots: Vec<(usize, InvalidReason)>,
}

/// Reads every ballot returned against the list, adding the votes of the valid ones.
fn read_ballots(
    round: &Round,
    list: &Candidates,
    seats: usize,
) -> Result<BallotCount, ElectionError> {
    let mut count = BallotCount {
        votes: vec![0u64; list.len()],
        valid: 0,
        invalid_ballots: Vec::new(),
    };
    for (i, ballot) in round.ballots.iter().enumerate() {
        match ballot.read(i + 1, list, seats)? {
            Reading::Valid(kept) => {
                count.valid += 1;
                for (v, k) in count.votes.iter_mut().zip(kept) {
                    *v += u64::from(k);
                }
            }
            Reading::Invalid(reason) => count.invalid_ballots.push((i + 1, reason)),
        }
    }
    Ok(count)
}

/// The candidates by votes, most first. Equal votes are listed in ballot order.
fn ranking(votes: &[u64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..votes.len()).collect();
    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    order
}

/// Only candidates with more than half of the base pass (in the order of the ranking).
fn over_half_of_base(order: &[usize], votes: &[u64], base: Base) -> Vec<usize> {
    order
        .iter()
        .copied()
        .filter(|&i| passes(votes[i], base))
        .collect()
}

/// If no more pass than there are seats, all who pass are elected and any seat left goes to a
/// new round with every candidate not elected.
fn elect_all_passing(
    list: &Candidates,
    passing: &[usize],
    seats: usize,
) -> (Vec<Status>, Option<NextRound>) {
    let mut status = vec![Status::BelowThreshold; list.len()];
    for &i in passing {
        status[i] = Status::Elected;
    }
    let left = seats - passing.len();
    let next_round = (left > 0).then(|| NextRound {
        seats: left,
        candidates: names_where(list, &status, |s| s != Status::Elected),
    });
    (status, next_round)
}

/// If more pass than seats, the most votes win; those tied at the last seat go to a new round
/// for the seats left, and the rest who passed are outranked.
fn elect_most_votes(
    list: &Candidates,
    votes: &[u64],
    passing: &[usize],
    seats: usize,
) -> (Vec<Status>, Option<NextRound>) {
    let mut status = vec![Status::BelowThreshold; list.len()];
    let cut = votes[passing[seats - 1]];
    let tie = votes[passing[seats]] == cut;
    for &i in passing {
        status[i] = match votes[i].cmp(&cut) {
            std::cmp::Ordering::Greater => Status::Elected,
            std::cmp::Ordering::Equal if tie => Status::Tied,
            std::cmp::Ordering::Equal => Status::Elected,
            std::cmp::Ordering::Less => Status::Outranked,
        };
    }
    let next_round = tie.then(|| NextRound {
        seats: seats - status.iter().filter(|s| **s == Status::Elected).count(),
        candidates: names_where(list, &status, |s| s == Status::Tied),
    });
    (status, next_round)
}

fn names_where(list: &Candidates, status: &[Status], keep: impl Fn(Status) -> bool) -> Vec<String> {
    list.names()
        .iter()
        .zip(status)
        .filter(|(_, s)| keep(**s))
        .map(|(name, _)| name.clone())
        .collect()
}

impl RoundResult {
    /// What the count allows but a counting board should look at again, in Vietnamese, naming
    /// the field: more valid ballots than the base (only those counted in the base vote, so
    /// above 100% of it the base or the ballots are wrong).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (valid, base) = (self.ballots.valid, self.base.get());
        if valid > base {
            out.push(format!(
                "số phiếu hợp lệ là {valid}, nhiều hơn căn cứ tính kết quả bầu cử (base) là {base}, bằng {}% căn cứ: chỉ người trong căn cứ được bầu, hãy kiểm tra lại base và số phiếu",
                crate::text::format_decimal1(percent(valid, base))
            ));
        }
        out
    }

    /// The checks of DOMAIN.md §4 that must always hold, and the seat accounting, named when
    /// broken: returned ≤ issued; valid + invalid = returned; every candidate's votes ≤ valid;
    /// sum of votes ≤ valid × seats; elected + seats of the next round = seats.
    pub fn broken_invariants(&self) -> Vec<&'static str> {
        let b = &self.ballots;
        let mut broken = Vec::new();
        if b.returned > b.issued {
            broken.push("returned ≤ issued");
        }
        if b.valid + b.invalid != b.returned {
            broken.push("valid + invalid = returned");
        }
        if self.results.iter().any(|r| r.votes > b.valid) {
            broken.push("votes ≤ valid");
        }
        let sum: u128 = self.results.iter().map(|r| u128::from(r.votes)).sum();
        if sum > u128::from(b.valid) * self.seats as u128 {
            broken.push("sum of votes ≤ valid × seats");
        }
        let next = self.next_round.as_ref().map_or(0, |r| r.seats);
        if self.elected.len() + next != self.seats {
            broken.push("elected + seats of the next round = seats");
        }
        broken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::election::Mark;

    const NAMES: [&str; 6] = ["An", "Bình", "Cường", "Dung", "Én", "Giang"];

    /// Strike-out ballots, `ballots` of them, giving `NAMES[i]` exactly `votes[i]` votes: the
    /// votes are dealt round-robin, so each ballot keeps at most ⌈Σvotes / ballots⌉ names and
    /// no name twice (each `votes[i]` ≤ `ballots`).
    fn ballots_for(votes: &[u64], ballots: usize) -> Vec<Ballot> {
        let mut kept = vec![vec![false; votes.len()]; ballots];
        let mut slot = 0;
        for (i, v) in votes.iter().enumerate() {
            for _ in 0..*v {
                kept[slot % ballots][i] = true;
                slot += 1;
            }
        }
        kept.into_iter()
            .map(|k| {
                Ballot::Struck(
                    (0..votes.len())
                        .filter(|i| !k[*i])
                        .map(|i| NAMES[i].to_string())
                        .collect(),
                )
            })
            .collect()
    }

    fn round(seats: i64, base: i64, votes: &[u64], ballots: usize) -> Round {
        Round {
            seats,
            base: BaseSpec::Number(base),
            candidates: NAMES[..votes.len()].iter().map(|s| s.to_string()).collect(),
            ballots_issued: ballots as i64,
            ballots: ballots_for(votes, ballots),
        }
    }

    fn count(seats: i64, base: i64, votes: &[u64], ballots: usize) -> RoundResult {
        let r = count_round(&round(seats, base, votes, ballots)).unwrap();
        assert_eq!(r.ballots.invalid, 0, "the helper deals valid ballots");
        assert_eq!(
            r.results.iter().map(|c| c.votes).sum::<u64>(),
            votes.iter().sum::<u64>()
        );
        r
    }

    fn statuses(r: &RoundResult) -> Vec<(&str, u64, Status)> {
        r.results
            .iter()
            .map(|c| (c.candidate.as_str(), c.votes, c.status))
            .collect()
    }

    fn next(seats: usize, names: &[&str]) -> Option<NextRound> {
        Some(NextRound {
            seats,
            candidates: names.iter().map(|s| s.to_string()).collect(),
        })
    }

    use Status::{BelowThreshold, Elected, Outranked, Tied};

    #[test]
    fn five_of_ten_is_not_elected_six_is() {
        let r = count(2, 10, &[6, 5, 4], 10);
        assert_eq!(r.threshold, 6);
        assert_eq!(
            statuses(&r),
            [
                ("An", 6, Elected),
                ("Bình", 5, BelowThreshold),
                ("Cường", 4, BelowThreshold)
            ]
        );
        assert_eq!(r.elected, ["An"]);
    }

    #[test]
    fn threshold_counts_the_base_not_the_valid_ballots() {
        // 6 of 8 valid ballots is 75% of the valid, but 6 of a base of 12 is only half.
        let r = count(1, 12, &[6, 2], 8);
        assert_eq!(r.results[0].percent_of_valid, 75.0);
        assert_eq!(r.results[0].percent_of_base, 50.0);
        assert_eq!(r.results[0].status, BelowThreshold);
        assert!(r.elected.is_empty());
    }

    #[test]
    fn all_seats_filled_has_no_next_round() {
        let r = count(2, 9, &[8, 7, 3], 9);
        assert_eq!(r.elected, ["An", "Bình"]);
        assert_eq!(r.next_round, None);
    }

    #[test]
    fn tie_at_the_last_seat_goes_to_a_new_round() {
        let r = count(2, 10, &[8, 6, 6, 0], 10);
        assert_eq!(
            statuses(&r),
            [
                ("An", 8, Elected),
                ("Bình", 6, Tied),
                ("Cường", 6, Tied),
                ("Dung", 0, BelowThreshold)
            ]
        );
        assert_eq!(r.elected, ["An"]);
        assert_eq!(r.next_round, next(1, &["Bình", "Cường"]));
    }

    #[test]
    fn tie_for_every_seat_leaves_them_all_to_a_new_round() {
        let r = count(2, 10, &[6, 6, 6], 9);
        assert!(r.results.iter().all(|c| c.status == Tied));
        assert!(r.elected.is_empty());
        assert_eq!(r.next_round, next(2, &["An", "Bình", "Cường"]));
    }

    #[test]
    fn more_passing_than_seats_the_most_votes_win_the_rest_are_outranked() {
        let r = count(2, 11, &[9, 7, 6], 11);
        assert_eq!(
            statuses(&r),
            [
                ("An", 9, Elected),
                ("Bình", 7, Elected),
                ("Cường", 6, Outranked)
            ]
        );
        assert_eq!(r.next_round, None);
    }

    #[test]
    fn equal_votes_that_fit_the_seats_are_all_elected_and_below_the_cut_off_outranked() {
        let r = count(3, 20, &[12, 12, 12, 11, 11], 20);
        assert_eq!(
            r.results.iter().map(|c| c.status).collect::<Vec<_>>(),
            [Elected, Elected, Elected, Outranked, Outranked]
        );
        assert_eq!(r.next_round, None);
    }

    #[test]
    fn too_few_passing_leaves_seats_to_a_new_round_with_everyone_not_elected() {
        let r = count(3, 10, &[8, 5, 4, 3], 10);
        assert_eq!(r.elected, ["An"]);
        assert_eq!(r.next_round, next(2, &["Bình", "Cường", "Dung"]));
        let r = count(1, 10, &[5, 5], 10);
        assert!(r.elected.is_empty());
        assert_eq!(r.next_round, next(1, &["An", "Bình"]));
    }

    #[test]
    fn ranking_breaks_equal_votes_by_ballot_order() {
        let r = count(2, 10, &[3, 7, 7, 2], 10);
        assert_eq!(
            statuses(&r),
            [
                ("Bình", 7, Elected),
                ("Cường", 7, Elected),
                ("An", 3, BelowThreshold),
                ("Dung", 2, BelowThreshold)
            ]
        );
        assert_eq!(r.elected, ["Bình", "Cường"]);
    }

    #[test]
    fn percent_rounds_half_up_to_two_decimals() {
        assert_eq!(percent(20, 21), 95.24);
        assert_eq!(percent(1, 3), 33.33);
        assert_eq!(percent(2, 3), 66.67);
        assert_eq!(percent(1, 20_000), 0.01); // 0.005 rounds up
        assert_eq!(percent(7, 7), 100.0);
        assert_eq!(percent(0, 9), 0.0);
        assert_eq!(percent(0, 0), 0.0);
    }

    #[test]
    fn percent_of_valid_is_zero_when_no_ballot_is_valid() {
        let mut rd = round(1, 5, &[0, 0], 0);
        rd.ballots_issued = 3;
        rd.ballots = vec![Ballot::Invalid("Phiếu không có dấu".into()); 2];
        let r = count_round(&rd).unwrap();
        assert_eq!(
            r.ballots,
            BallotCounts {
                issued: 3,
                returned: 2,
                valid: 0,
                invalid: 2
            }
        );
        assert!(r.results.iter().all(|c| c.percent_of_valid == 0.0));
        assert_eq!(r.next_round, next(1, &["An", "Bình"]));
    }

    #[test]
    fn invalid_ballots_are_returned_but_give_no_votes() {
        let mut rd = round(1, 6, &[4, 1], 5);
        rd.ballots_issued = 8;
        rd.ballots
            .push(Ballot::Invalid("Phiếu có viết thêm tên".into()));
        rd.ballots.push(Ballot::Struck(vec![])); // keeps 2 names for 1 seat
        let r = count_round(&rd).unwrap();
        assert_eq!(
            r.ballots,
            BallotCounts {
                issued: 8,
                returned: 7,
                valid: 5,
                invalid: 2
            }
        );
        assert_eq!(r.results[0].votes, 4);
        assert_eq!(r.elected, ["An"]);
        assert_eq!(r.invalid_ballots.len(), 2);
        assert_eq!(r.invalid_ballots[1].0, 7);
    }

    #[test]
    fn no_surplus_round_counts_only_clear_yes_marks() {
        let marks =
            |m: [Mark; 3]| Ballot::Marks(NAMES[..3].iter().map(|s| s.to_string()).zip(m).collect());
        let rd = Round {
            seats: 3,
            base: BaseSpec::Number(3),
            candidates: NAMES[..3].iter().map(|s| s.to_string()).collect(),
            ballots_issued: 3,
            ballots: vec![
                marks([Mark::Yes, Mark::Yes, Mark::Both]),
                marks([Mark::Yes, Mark::None, Mark::Yes]),
                marks([Mark::Yes, Mark::Yes, Mark::No]),
            ],
        };
        let r = count_round(&rd).unwrap();
        assert_eq!(r.ballots.valid, 3);
        assert_eq!(
            statuses(&r),
            [
                ("An", 3, Elected),
                ("Bình", 2, Elected),
                ("Cường", 1, BelowThreshold)
            ]
        );
        assert_eq!(r.next_round, next(1, &["Cường"]));
    }

    #[test]
    fn more_ballots_than_issued_is_refused() {
        let mut rd = round(1, 5, &[3, 2], 5);
        rd.ballots_issued = 4;
        assert_eq!(
            count_round(&rd),
            Err(ElectionError::MoreBallotsThanIssued {
                returned: 5,
                issued: 4
            })
        );
        rd.ballots_issued = -1;
        assert!(matches!(
            count_round(&rd),
            Err(ElectionError::NegativeCount { value: -1, .. })
        ));
    }

    #[test]
    fn seats_must_be_between_one_and_the_number_of_candidates() {
        for seats in [0, -1, 3, 100] {
            assert_eq!(
                count_round(&round(seats, 5, &[3, 2], 5)),
                Err(ElectionError::SeatsOutOfRange {
                    seats,
                    candidates: 2
                })
            );
        }
        assert!(count_round(&round(1, 5, &[3, 2], 5)).is_ok());
        assert!(count_round(&round(2, 5, &[3, 2], 5)).is_ok());
    }

    #[test]
    fn name_not_on_the_list_refuses_the_round() {
        let mut rd = round(1, 5, &[3, 2], 5);
        rd.ballots[3] = Ballot::Struck(vec!["Giang".into()]);
        assert_eq!(
            count_round(&rd),
            Err(ElectionError::NotOnList {
                ballot: 4,
                name: "Giang".into()
            })
        );
    }

    #[test]
    fn duplicate_candidate_refuses_the_round() {
        let mut rd = round(1, 5, &[3, 2], 5);
        rd.candidates.push("An".into());
        assert_eq!(
            count_round(&rd),
            Err(ElectionError::DuplicateCandidate("An".into()))
        );
    }

    #[test]
    fn base_that_is_not_positive_refuses_the_round() {
        let mut rd = round(1, 5, &[3, 2], 5);
        rd.base = BaseSpec::Summoned {
            summoned: 2,
            exclusions: vec![(crate::election::Exclusion::AbsentWithReason, 2)],
        };
        assert_eq!(count_round(&rd), Err(ElectionError::BaseNotPositive(0)));
    }

    #[test]
    fn result_serializes_as_the_contract() {
        let r = count(2, 10, &[8, 6, 6, 0], 10);
        let v = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "ballots",
                "base",
                "threshold",
                "results",
                "elected",
                "next_round"
            ]
        );
        assert_eq!(v["base"], 10);
        assert_eq!(v["results"][1]["status"], "tied");
        assert_eq!(v["results"][3]["status"], "below_threshold");
        assert_eq!(v["results"][0]["percent_of_base"], 80.0);
        assert_eq!(v["next_round"]["seats"], 1);
        let done = serde_json::to_value(count(2, 9, &[8, 7, 3], 9)).unwrap();
        assert!(done["next_round"].is_null());
    }

    #[test]
    fn more_valid_ballots_than_the_base_are_counted_with_a_warning() {
        // Base 10, 12 valid ballots: 120% of the base.
        let r = count(1, 10, &[8, 4], 12);
        assert_eq!(r.ballots.valid, 12);
        let w = r.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("base") && w[0].contains("120,0%"), "{w:?}");
        // Exactly the base is no warning.
        assert!(count(1, 10, &[8, 2], 10).warnings().is_empty());
    }

    #[test]
    fn invariants_hold_on_a_counted_round() {
        for r in [
            count(2, 10, &[8, 6, 6, 0], 10),
            count(3, 10, &[8, 5, 4, 3], 10),
            count(3, 20, &[12, 12, 12, 11, 11], 20),
        ] {
            assert!(r.broken_invariants().is_empty());
        }
        let mut r = count(2, 10, &[8, 6, 6, 0], 10);
        r.ballots.valid = 5;
        assert_eq!(
            r.broken_invariants(),
            [
                "valid + invalid = returned",
                "votes ≤ valid",
                "sum of votes ≤ valid × seats"
            ]
        );
    }
}
