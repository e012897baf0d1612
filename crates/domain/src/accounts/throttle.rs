//! Sign-in throttling (issue 18 §5.3), after OWASP's Authentication Cheat Sheet ("Login
//! Throttling"): failures are counted per (account, address), so that someone guessing a
//! password slows only themselves and the rightful user signing in from another machine is
//! never refused for someone else's guesses; and per address across accounts, so that one
//! machine cannot try a password on every account either.
//!
//! - After [`PAIR_FREE_FAILURES`] failures in a row of one account from one address (within
//!   [`PAIR_MEMORY_HOURS`] hours, none since a success), that pair waits 1 minute after its
//!   last failure; every further failure doubles the wait (2, 4, 8 … minutes) up to
//!   [`PAIR_MAX_WAIT_MINUTES`].
//! - After [`ADDRESS_FAILURES`] failures from one address on any accounts within
//!   [`ADDRESS_WINDOW_MINUTES`] minutes, the address waits until the oldest of them leaves the
//!   window.
//!
//! A refused attempt is not recorded, so waiting out the delay is enough.

use chrono::{Duration, NaiveDateTime};

/// Failures of one account from one address that are let through before the first wait.
pub const PAIR_FREE_FAILURES: usize = 5;
/// The longest wait of one (account, address) pair, in minutes.
pub const PAIR_MAX_WAIT_MINUTES: i64 = 60;
/// How long a pair's failures are remembered, in hours.
pub const PAIR_MEMORY_HOURS: i64 = 24;
/// Failures from one address, on any accounts, within [`ADDRESS_WINDOW_MINUTES`] that make
/// the address wait.
pub const ADDRESS_FAILURES: usize = 30;
/// The window of the per-address limit, in minutes.
pub const ADDRESS_WINDOW_MINUTES: i64 = 15;

/// The wait after the `n`-th failure in a row of a pair: none up to
/// [`PAIR_FREE_FAILURES`] - 1, then 1, 2, 4 … minutes up to [`PAIR_MAX_WAIT_MINUTES`].
pub fn pair_wait(failures: usize) -> Option<Duration> {
    let over = failures.checked_sub(PAIR_FREE_FAILURES)?;
    let minutes = if over >= 7 {
        PAIR_MAX_WAIT_MINUTES
    } else {
        (1i64 << over).min(PAIR_MAX_WAIT_MINUTES)
    };
    Some(Duration::minutes(minutes))
}

/// When one account may be tried again from one address, if not `now`. `attempts` are that
/// pair's sign-ins `(at, success)`, in any order.
pub fn pair_retry_at(
    attempts: &[(NaiveDateTime, bool)],
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let memory = Duration::hours(PAIR_MEMORY_HOURS);
    let mut recent: Vec<(NaiveDateTime, bool)> = attempts
        .iter()
        .copied()
        .filter(|(at, _)| *at > now - memory && *at <= now)
        .collect();
    recent.sort_by_key(|a| std::cmp::Reverse(a.0));
    let failures: Vec<NaiveDateTime> = recent
        .iter()
        .take_while(|(_, success)| !success)
        .map(|(at, _)| *at)
        .collect();
    let retry = failures.first().copied()? + pair_wait(failures.len())?;
    (retry > now).then_some(retry)
}

/// When an address may sign in again, if not `now`: `failures` are the times of its failed
/// sign-ins on any accounts.
pub fn address_retry_at(failures: &[NaiveDateTime], now: NaiveDateTime) -> Option<NaiveDateTime> {
    let window = Duration::minutes(ADDRESS_WINDOW_MINUTES);
    let mut recent: Vec<NaiveDateTime> = failures
        .iter()
        .copied()
        .filter(|at| *at > now - window && *at <= now)
        .collect();
    recent.sort_by_key(|at| std::cmp::Reverse(*at));
    // Once the ADDRESS_FAILURES-th most recent failure has left the window, fewer remain.
    recent
        .get(ADDRESS_FAILURES - 1)
        .map(|oldest| *oldest + window)
}

/// The whole minutes from `now` until `retry_at`, at least 1: what the message tells.
pub fn minutes_until(retry_at: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let seconds = (retry_at - now).num_seconds().max(1);
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
            + Duration::minutes(min)
    }

    fn failures(minutes: &[i64]) -> Vec<(NaiveDateTime, bool)> {
        minutes.iter().map(|m| (at(*m), false)).collect()
    }

    #[test]
    fn five_failures_make_the_pair_wait_a_minute_then_twice_as_long_each_time() {
        assert_eq!(pair_retry_at(&failures(&[0, 0, 0, 0]), at(0)), None);
        let five = failures(&[0, 0, 0, 0, 0]);
        assert_eq!(pair_retry_at(&five, at(0)), Some(at(1)));
        assert_eq!(pair_retry_at(&five, at(1)), None, "the minute has passed");
        let six = failures(&[0, 0, 0, 0, 0, 1]);
        assert_eq!(pair_retry_at(&six, at(1)), Some(at(3)));
        let seven = failures(&[0, 0, 0, 0, 0, 1, 3]);
        assert_eq!(pair_retry_at(&seven, at(3)), Some(at(7)));
        let waits: Vec<i64> = (5..20)
            .map(|n| pair_wait(n).unwrap().num_minutes())
            .collect();
        assert_eq!(
            waits,
            [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60, 60]
        );
        assert_eq!(pair_wait(usize::MAX).unwrap().num_minutes(), 60);
    }

    #[test]
    fn a_success_or_a_day_clears_the_pair() {
        let mut a = failures(&[0, 0, 0, 0, 0]);
        a.push((at(2), true));
        assert_eq!(pair_retry_at(&a, at(2)), None);
        let old = failures(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(pair_retry_at(&old, at(59)).is_some());
        assert_eq!(pair_retry_at(&old, at(24 * 60)), None);
    }

    #[test]
    fn thirty_failures_in_fifteen_minutes_make_the_address_wait() {
        let times: Vec<NaiveDateTime> = (0..29).map(|_| at(0)).collect();
        assert_eq!(address_retry_at(&times, at(1)), None);
        let mut thirty = times.clone();
        thirty.push(at(1));
        assert_eq!(address_retry_at(&thirty, at(1)), Some(at(15)));
        assert_eq!(address_retry_at(&thirty, at(15)), None);
    }

    #[test]
    fn the_message_counts_whole_minutes_rounded_up() {
        assert_eq!(minutes_until(at(2), at(0)), 2);
        assert_eq!(minutes_until(at(1), at(0) + Duration::seconds(59)), 1);
        assert_eq!(minutes_until(at(0), at(0)), 1);
        assert_eq!(minutes_until(at(60), at(0) + Duration::seconds(1)), 60);
    }
}
