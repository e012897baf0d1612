//! Counting ahead: at start and each night just after midnight (Vietnam's time), the server
//! counts the structure of every large tree and reads its current year (`Db::count_ahead`),
//! so that the day's first visitor of a province's or a country's pages does not wait for it
//! (9 s for a country of 5,6 million members; a few milliseconds once counted).

use std::time::Duration;

use chrono::{DateTime, Days, NaiveTime, Utc};

use crate::state::AppState;

/// Trees of at least this many organizations are counted ahead (a province's 2,000; the
/// demo's and the tests' trees are far smaller, and are counted when first asked).
pub const COUNT_AHEAD_FROM: usize = 1_000;

/// Counts ahead now, then each night, until the task is stopped.
pub(crate) async fn run(state: AppState) {
    loop {
        let day = state.today();
        match state.db.count_ahead(day, COUNT_AHEAD_FROM).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                "đã đếm trước cơ cấu đảng viên và số liệu năm của {n} cây tổ chức ngày {day}"
            ),
            Err(e) => tracing::warn!("không đếm trước được cơ cấu đảng viên và số liệu năm: {e}"),
        }
        tokio::time::sleep(until_next_night(Utc::now())).await;
    }
}

/// How long from `now` until five past midnight of the next day in Vietnam (UTC+7).
fn until_next_night(now: DateTime<Utc>) -> Duration {
    let vn = now.naive_utc() + chrono::Duration::hours(7);
    let next =
        (vn.date() + Days::new(1)).and_time(NaiveTime::from_hms_opt(0, 5, 0).unwrap_or_default());
    (next - vn).to_std().unwrap_or(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::until_next_night;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_next_count_is_five_past_midnight_in_vietnam() {
        // 09:00 UTC is 16:00 in Vietnam: 8 h 5 min to go.
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        assert_eq!(until_next_night(now).as_secs(), 8 * 3600 + 5 * 60);
        // 17:30 UTC is already 00:30 of the 8th there: the next is the 9th's.
        let late = Utc.with_ymd_and_hms(2026, 12, 7, 17, 30, 0).unwrap();
        assert_eq!(until_next_night(late).as_secs(), 23 * 3600 + 35 * 60);
    }
}
