//! The surplus rule (số dư): how many more names than seats a candidate list may carry
//! (190-QĐ/TW Art. 14, DOMAIN.md §4); the limits are settings with the regulation's defaults.
//!
//! **Sources.** Quy chế bầu cử trong Đảng (190-QĐ/TW of 10/10/2024) Art. 14(1): the list for a
//! committee (cấp ủy) and its standing committee must be longer than the seats, the surplus at
//! most 30% of the seats, the convening committee preparing 10–15%. Whole people only, so 30%
//! of 6 seats allows 1 and 30% of 1 or 2 seats allows none. For 3–5 seats the practice keeps a
//! surplus of 1 (DOMAIN.md §4, **verify**). For a list of 1 or 2 seats — the secretary, the
//! deputy, a delegation of one or two — Art. 14 says nothing that a whole person can meet: the
//! guidance on the regulation (Hướng dẫn thực hiện Quy chế bầu cử, 190-QĐ/TW; Quy định 294-QĐ/TW
//! 2025 on the secretary and deputy elected by the congress or the committee) lets the list
//! carry more names than seats, and a list of 2 for the one secretary seat is common practice.
//! The program therefore lets a list of 1 or 2 seats carry one more name, with a warning that
//! the regulation is silent and the congress decides ([`SurplusCheck::FewSeats`]); more than
//! that is refused as beyond the 30%.

use std::ops::RangeInclusive;

use super::tally::percent;
use crate::text::format_decimal1;

/// Limits on the surplus, in percent of the seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurplusLimits {
    /// At most this much over the seats (190-QĐ/TW Art. 14: 30%).
    pub max_percent: u32,
    /// The convening committee prepares 10–15%; beyond this, warn.
    pub warn_above_percent: u32,
    /// Seat counts for which a fixed surplus applies instead (3–5 seats; **verify**).
    pub small_seats: RangeInclusive<usize>,
    /// The surplus allowed for those seat counts (at most 1; **verify**).
    pub small_seats_max_surplus: usize,
    /// Lists of at most this many seats, where `max_percent` of the seats is less than one
    /// person and Art. 14 is silent (1 or 2 seats: the secretary, the deputy).
    pub few_seats: usize,
    /// The surplus such a list may carry, with a warning (1: two names for one secretary seat,
    /// as the guidance on 190-QĐ/TW allows).
    pub few_seats_max_surplus: usize,
}

impl Default for SurplusLimits {
    fn default() -> Self {
        Self {
            max_percent: 30,
            warn_above_percent: 15,
            small_seats: 3..=5,
            small_seats_max_surplus: 1,
            few_seats: 2,
            few_seats_max_surplus: 1,
        }
    }
}

/// The verdict on a list of `candidates` names for `seats` seats.
#[derive(Debug, Clone, PartialEq)]
pub enum SurplusCheck {
    /// Within the limits.
    Ok { surplus: usize },
    /// Allowed, but more than the committee normally prepares.
    Warn { surplus: usize, percent: f64 },
    /// A list of 1 or 2 seats with a surplus: allowed (the guidance on 190-QĐ/TW), with a
    /// warning, since Art. 14's 30% of so few seats is less than one person.
    FewSeats { seats: usize, surplus: usize },
    /// More names than allowed: at most `max` over the seats.
    TooMany { surplus: usize, max: usize },
    /// Fewer names than seats (or no seats at all).
    TooFew { candidates: usize, seats: usize },
}

impl SurplusCheck {
    /// Whether the list may go to the vote.
    pub fn is_allowed(&self) -> bool {
        matches!(
            self,
            Self::Ok { .. } | Self::Warn { .. } | Self::FewSeats { .. }
        )
    }

    /// The warning an allowed list gets, in Vietnamese, naming the rule; `None` when there is
    /// nothing to say (or the list is refused: its refusal says why).
    pub fn warning(&self) -> Option<String> {
        match self {
            Self::Warn { surplus, percent } => Some(format!(
                "danh sách bầu cử dư {surplus} người ({}%), nhiều hơn mức 10–15% cấp ủy triệu tập thường chuẩn bị (190-QĐ/TW Điều 14)",
                format_decimal1(*percent)
            )),
            Self::FewSeats { seats, surplus } => Some(format!(
                "danh sách bầu cử có {} người cho {seats} chỗ cần bầu (dư {surplus}): 30% của {seats} chỗ chưa tới một người nên Điều 14 Quy chế 190-QĐ/TW không quy định số dư cho trường hợp này; hướng dẫn thực hiện cho phép danh sách nhiều hơn số cần bầu (thường 2 người cho 1 chỗ Bí thư), Đại hội xem xét, quyết định",
                seats + surplus
            )),
            _ => None,
        }
    }
}

/// Checks a list against the default limits.
pub fn surplus_check(seats: usize, candidates: usize) -> SurplusCheck {
    SurplusLimits::default().check(seats, candidates)
}

impl SurplusLimits {
    /// The most names over the seats allowed.
    pub fn max_surplus(&self, seats: usize) -> usize {
        if self.small_seats.contains(&seats) {
            return self.small_seats_max_surplus;
        }
        // Whole people only: 30% of 10 seats is 3, of 12 seats is 3 (3.6 rounded down).
        let by_percent = seats.saturating_mul(self.max_percent as usize) / 100;
        if seats <= self.few_seats {
            return by_percent.max(self.few_seats_max_surplus);
        }
        by_percent
    }

    pub fn check(&self, seats: usize, candidates: usize) -> SurplusCheck {
        if seats == 0 || candidates < seats {
            return SurplusCheck::TooFew { candidates, seats };
        }
        let surplus = candidates - seats;
        let max = self.max_surplus(seats);
        if surplus > max {
            return SurplusCheck::TooMany { surplus, max };
        }
        let by_percent = seats.saturating_mul(self.max_percent as usize) / 100;
        if seats <= self.few_seats && surplus > by_percent {
            return SurplusCheck::FewSeats { seats, surplus };
        }
        let small = self.small_seats.contains(&seats);
        let over_warn =
            surplus.saturating_mul(100) > seats.saturating_mul(self.warn_above_percent as usize);
        if over_warn && !small {
            return SurplusCheck::Warn {
                surplus,
                percent: percent(surplus as u64, seats as u64),
            };
        }
        SurplusCheck::Ok { surplus }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surplus_of_up_to_30_percent_is_allowed_beyond_is_not() {
        assert!(surplus_check(10, 13).is_allowed());
        assert_eq!(
            surplus_check(10, 14),
            SurplusCheck::TooMany { surplus: 4, max: 3 }
        );
        assert_eq!(
            surplus_check(20, 27),
            SurplusCheck::TooMany { surplus: 7, max: 6 }
        );
    }

    #[test]
    fn surplus_beyond_15_percent_warns() {
        assert_eq!(surplus_check(20, 23), SurplusCheck::Ok { surplus: 3 });
        assert_eq!(
            surplus_check(20, 24),
            SurplusCheck::Warn {
                surplus: 4,
                percent: 20.0
            }
        );
    }

    #[test]
    fn three_to_five_seats_allow_a_surplus_of_one() {
        for seats in 3..=5 {
            assert_eq!(
                surplus_check(seats, seats + 1),
                SurplusCheck::Ok { surplus: 1 }
            );
            assert!(!surplus_check(seats, seats + 2).is_allowed());
        }
    }

    #[test]
    fn a_list_without_surplus_is_allowed_and_fewer_names_than_seats_is_not() {
        assert_eq!(surplus_check(7, 7), SurplusCheck::Ok { surplus: 0 });
        assert_eq!(
            surplus_check(7, 6),
            SurplusCheck::TooFew {
                candidates: 6,
                seats: 7
            }
        );
        assert!(!surplus_check(0, 0).is_allowed());
    }

    #[test]
    fn one_or_two_seats_may_carry_one_more_name_with_a_warning() {
        // 30% of 1 or 2 seats is less than one person: the regulation is silent, the guidance
        // allows 2 names for the one secretary seat.
        assert_eq!(
            surplus_check(1, 2),
            SurplusCheck::FewSeats {
                seats: 1,
                surplus: 1
            }
        );
        assert_eq!(
            surplus_check(2, 3),
            SurplusCheck::FewSeats {
                seats: 2,
                surplus: 1
            }
        );
        for seats in 1..=2 {
            assert!(surplus_check(seats, seats + 1).is_allowed());
            let w = surplus_check(seats, seats + 1).warning().unwrap();
            assert!(w.contains("190-QĐ/TW") && w.contains("Đại hội"), "{w}");
            assert_eq!(
                surplus_check(seats, seats + 2),
                SurplusCheck::TooMany { surplus: 2, max: 1 }
            );
            assert_eq!(surplus_check(seats, seats), SurplusCheck::Ok { surplus: 0 });
        }
        // 6 seats allow 1 by the 30% itself (beyond the 15% the committee prepares).
        assert!(matches!(
            surplus_check(6, 7),
            SurplusCheck::Warn { surplus: 1, .. }
        ));
    }

    #[test]
    fn the_few_seats_surplus_is_a_setting() {
        let l = SurplusLimits {
            few_seats_max_surplus: 0,
            ..SurplusLimits::default()
        };
        assert_eq!(l.check(1, 2), SurplusCheck::TooMany { surplus: 1, max: 0 });
    }

    #[test]
    fn only_allowed_lists_with_something_to_say_warn() {
        assert_eq!(surplus_check(20, 23).warning(), None);
        assert!(
            surplus_check(20, 24)
                .warning()
                .unwrap()
                .contains("dư 4 người (20,0%)")
        );
        assert_eq!(surplus_check(10, 14).warning(), None);
    }

    #[test]
    fn surplus_limits_are_configurable() {
        let l = SurplusLimits {
            max_percent: 50,
            ..SurplusLimits::default()
        };
        assert!(l.check(10, 15).is_allowed());
        assert!(!l.check(10, 16).is_allowed());
    }
}
