//! The surplus rule (số dư): how many more names than seats a candidate list may carry
//! (190-QĐ/TW Art. 14, DOMAIN.md §4); the limits are settings with the regulation's defaults.

use std::ops::RangeInclusive;

use super::tally::percent;

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
}

impl Default for SurplusLimits {
    fn default() -> Self {
        Self {
            max_percent: 30,
            warn_above_percent: 15,
            small_seats: 3..=5,
            small_seats_max_surplus: 1,
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
    /// More names than allowed: at most `max` over the seats.
    TooMany { surplus: usize, max: usize },
    /// Fewer names than seats (or no seats at all).
    TooFew { candidates: usize, seats: usize },
}

impl SurplusCheck {
    /// Whether the list may go to the vote.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Ok { .. } | Self::Warn { .. })
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
        seats.saturating_mul(self.max_percent as usize) / 100
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
    fn surplus_limits_are_configurable() {
        let l = SurplusLimits {
            max_percent: 50,
            ..SurplusLimits::default()
        };
        assert!(l.check(10, 15).is_allowed());
        assert!(!l.check(10, 16).is_allowed());
    }
}
