//! Vietnamese working days (DOMAIN.md §11): the public sector works Monday–Friday; public
//! holidays of Bộ luật Lao động Art. 112 are off, a holiday on a weekend gives the next working
//! day off (Art. 111(3)), and yearly notices swap days. Deadlines counted "within N working
//! days" end on the N-th working day after their start.
//!
//! The holiday table is data, per year: [`HolidayCalendar::vietnam_default`] pre-fills the
//! years whose dates are known (2020–2027; Tết and Giỗ Tổ move with the lunar calendar), and an
//! administrator replaces any year with [`YearHolidays::parse`]. Years outside the table count
//! only weekends and the fixed solar holidays.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::text::{format_date, parse_date, parse_iso_date};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid built-in date")
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The days off and the worked rest days (swapped Saturdays) of one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearHolidays {
    pub off: BTreeSet<NaiveDate>,
    pub worked: BTreeSet<NaiveDate>,
}

/// Why a holiday list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayError {
    #[error("'{q0}' không phải là ngày hợp lệ (dùng dd/mm/yyyy; ngày làm bù viết 'làm dd/mm/yyyy')", q0 = crate::text::excerpt(.0))]
    BadDate(String),
    #[error("ngày {q0} không thuộc năm {1}", q0 = crate::text::excerpt(.0))]
    WrongYear(String, i32),
    #[error("ngày {q0} vừa là ngày nghỉ vừa là ngày làm bù", q0 = crate::text::excerpt(.0))]
    Both(String),
    #[error("ngày làm bù {q0} không phải thứ Bảy hoặc Chủ nhật", q0 = crate::text::excerpt(.0))]
    WorkedWeekday(String),
}

impl YearHolidays {
    /// Parses an administrator's list for `year`: dates separated by commas, semicolons or new
    /// lines, `dd/mm/yyyy` or `yyyy-mm-dd`; a worked rest day is written `làm dd/mm/yyyy`.
    pub fn parse(year: i32, raw: &str) -> Result<Self, HolidayError> {
        let mut out = Self::default();
        for item in raw.split([',', ';', '\n']) {
            let item = crate::text::normalize(item);
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (worked, date) = match item.strip_prefix("làm") {
                Some(rest) => (true, rest.trim_start_matches(':').trim()),
                None => (false, item),
            };
            let d = parse_date(date)
                .or_else(|| parse_iso_date(date))
                .ok_or_else(|| HolidayError::BadDate(item.to_string()))?;
            if d.year() != year {
                return Err(HolidayError::WrongYear(format_date(d), year));
            }
            if worked {
                if !is_weekend(d) {
                    return Err(HolidayError::WorkedWeekday(format_date(d)));
                }
                out.worked.insert(d);
            } else {
                out.off.insert(d);
            }
        }
        if let Some(d) = out.off.intersection(&out.worked).next() {
            return Err(HolidayError::Both(format_date(*d)));
        }
        Ok(out)
    }

    /// The list as [`Self::parse`] reads it back: "1/1/2026, 16/2/2026, …, làm 22/8/2026".
    pub fn to_text(&self) -> String {
        self.off
            .iter()
            .map(|d| format_date(*d))
            .chain(
                self.worked
                    .iter()
                    .map(|d| format!("làm {}", format_date(*d))),
            )
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Tết (the first lunar day) and the days off around it, per year: the first weekday off and
/// the number of weekdays off in a row, as the Prime Minister placed them (2020–2026); 2027
/// follows the usual placement from the day before Tết.
/// (month, day).
type MonthDay = (u32, u32);
/// (year, month, day).
type Ymd = (i32, u32, u32);

const TET: &[(i32, MonthDay, MonthDay, u32)] = &[
    (2020, (1, 25), (1, 23), 5),
    (2021, (2, 12), (2, 10), 5),
    (2022, (2, 1), (1, 31), 5),
    (2023, (1, 22), (1, 20), 5),
    (2024, (2, 10), (2, 8), 5),
    (2025, (1, 29), (1, 27), 5),
    (2026, (2, 17), (2, 16), 5),
    (2027, (2, 6), (2, 5), 5),
];

/// Giỗ Tổ Hùng Vương, 10/3 of the lunar calendar (Vietnam, UTC+7).
const GIO_TO: &[(i32, u32, u32)] = &[
    (2020, 4, 2),
    (2021, 4, 21),
    (2022, 4, 10),
    (2023, 4, 29),
    (2024, 4, 18),
    (2025, 4, 7),
    (2026, 4, 26),
    (2027, 4, 16),
];

/// The day next to 2/9 given off since 2021 (Bộ luật Lao động 2019), as placed each year.
const NATIONAL_DAY_EXTRA: &[(i32, u32)] = &[
    (2021, 3),
    (2022, 1),
    (2023, 1),
    (2024, 3),
    (2025, 1),
    (2026, 1),
    (2027, 1),
];

/// Swaps by yearly notice: (day off, worked Saturday).
const SWAPS: &[(Ymd, Ymd)] = &[
    ((2024, 4, 29), (2024, 5, 4)),
    ((2025, 5, 2), (2025, 4, 26)),
    ((2026, 8, 31), (2026, 8, 22)),
];

/// The first and last year of the built-in table.
pub const DEFAULT_YEARS: (i32, i32) = (2020, 2027);

/// The statutory holidays of a year that the law fixes on solar dates (1/1, 30/4, 1/5, 2/9 and,
/// where the table knows it, the day next to 2/9), with the weekend compensation of Art. 111(3).
fn solar_holidays(year: i32) -> BTreeSet<NaiveDate> {
    let mut days = vec![
        ymd(year, 1, 1),
        ymd(year, 4, 30),
        ymd(year, 5, 1),
        ymd(year, 9, 2),
    ];
    if let Some((_, day)) = NATIONAL_DAY_EXTRA.iter().find(|(y, _)| *y == year) {
        days.push(ymd(year, 9, *day));
    }
    if let Some((_, m, d)) = GIO_TO.iter().find(|(y, _, _)| *y == year) {
        days.push(ymd(year, *m, *d));
    }
    compensate(days)
}

/// Holidays falling on a weekend give the next weekday that is not already off.
fn compensate(mut days: Vec<NaiveDate>) -> BTreeSet<NaiveDate> {
    days.sort();
    let mut off: BTreeSet<NaiveDate> = days.iter().copied().collect();
    for d in days {
        if is_weekend(d) {
            let mut next = d;
            while is_weekend(next) || off.contains(&next) {
                next = next + Days::new(1);
            }
            off.insert(next);
        }
    }
    off
}

impl YearHolidays {
    /// The built-in table for a year: Tết, Giỗ Tổ, the solar holidays and known swaps. Outside
    /// [`DEFAULT_YEARS`], only the solar holidays fixed by law.
    pub fn vietnam_default(year: i32) -> Self {
        let mut off = solar_holidays(year);
        if let Some((_, _, (m, d), n)) = TET.iter().find(|t| t.0 == year) {
            let mut day = ymd(year, *m, *d);
            let mut left = *n;
            while left > 0 {
                if !is_weekend(day) {
                    off.insert(day);
                    left -= 1;
                }
                day = day + Days::new(1);
            }
        }
        let mut worked = BTreeSet::new();
        for ((oy, om, od), (wy, wm, wd)) in SWAPS {
            if *oy == year {
                off.insert(ymd(*oy, *om, *od));
                worked.insert(ymd(*wy, *wm, *wd));
            }
        }
        Self { off, worked }
    }
}

/// The first day of Tết (lunar new year) for the years of the built-in table.
pub fn tet(year: i32) -> Option<NaiveDate> {
    TET.iter()
        .find(|t| t.0 == year)
        .map(|(y, (m, d), _, _)| ymd(*y, *m, *d))
}

/// Which days are worked: weekdays that are not holidays, plus swapped Saturdays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: BTreeMap<i32, YearHolidays>,
}

impl HolidayCalendar {
    /// The built-in Vietnamese table for [`DEFAULT_YEARS`].
    pub fn vietnam_default() -> Self {
        let years = (DEFAULT_YEARS.0..=DEFAULT_YEARS.1)
            .map(|y| (y, YearHolidays::vietnam_default(y)))
            .collect();
        Self { years }
    }

    /// Replaces the table of one year (an administrator's edit).
    pub fn set_year(&mut self, year: i32, days: YearHolidays) {
        self.years.insert(year, days);
    }

    /// The table of one year: the stored one, or the solar holidays fixed by law.
    pub fn year(&self, year: i32) -> YearHolidays {
        self.years
            .get(&year)
            .cloned()
            .unwrap_or_else(|| YearHolidays::vietnam_default(year))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.years.get(&d.year()) {
            Some(y) => {
                if y.worked.contains(&d) {
                    true
                } else {
                    !is_weekend(d) && !y.off.contains(&d)
                }
            }
            None => !is_weekend(d) && !solar_holidays(d.year()).contains(&d),
        }
    }

    /// The day itself if it is worked, else the next working day (a deadline that ends on a
    /// rest day moves to the next working day, Bộ luật Dân sự Art. 148(5)).
    pub fn on_or_next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day = day + Days::new(1);
        }
        day
    }

    /// The `n`-th working day after `start` (for `n` = 0, [`Self::on_or_next_working_day`]):
    /// the last day of a period of "n working days" from `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return self.on_or_next_working_day(start);
        }
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The number of working days in `(from, to]` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        ymd(y, m, day)
    }

    #[test]
    fn known_holidays_are_off() {
        let c = HolidayCalendar::vietnam_default();
        // Tết 2024: Thursday 8/2 to Wednesday 14/2.
        for day in [8, 9, 12, 13, 14] {
            assert!(!c.is_working_day(d(2024, 2, day)), "{day}/2/2024");
        }
        assert!(c.is_working_day(d(2024, 2, 7)));
        assert!(c.is_working_day(d(2024, 2, 15)));
        // Tết 2026 is on 17/2; 16–20/2 off.
        assert_eq!(tet(2026), Some(d(2026, 2, 17)));
        assert_eq!(tet(2024), Some(d(2024, 2, 10)));
        for day in 16..=20 {
            assert!(!c.is_working_day(d(2026, 2, day)));
        }
        // Giỗ Tổ 26/4/2026 is a Sunday: Monday 27/4 is off.
        assert!(!c.is_working_day(d(2026, 4, 27)));
        assert!(c.is_working_day(d(2026, 4, 28)));
        // 30/4 and 1/5/2026 (Thursday, Friday).
        assert!(!c.is_working_day(d(2026, 4, 30)));
        assert!(!c.is_working_day(d(2026, 5, 1)));
        // 2026: 31/8 off, Saturday 22/8 worked; 1–2/9 off.
        assert!(!c.is_working_day(d(2026, 8, 31)));
        assert!(c.is_working_day(d(2026, 8, 22)));
        assert!(!c.is_working_day(d(2026, 9, 1)));
        assert!(!c.is_working_day(d(2026, 9, 2)));
        // 2/9/2023 (Saturday) gives Monday 4/9 off.
        assert!(!c.is_working_day(d(2023, 9, 4)));
        // An ordinary weekend and weekday.
        assert!(!c.is_working_day(d(2026, 12, 5)));
        assert!(c.is_working_day(d(2026, 12, 1)));
    }

    #[test]
    fn years_outside_the_table_keep_the_fixed_holidays() {
        let c = HolidayCalendar::vietnam_default();
        // 1/1/2031 is a Wednesday.
        assert!(!c.is_working_day(d(2031, 1, 1)));
        assert!(c.is_working_day(d(2031, 1, 2)));
        // 30/4/2033 is a Saturday: Monday 2/5 is off (1/5 is Sunday, 3/5 follows).
        assert!(!c.is_working_day(d(2033, 5, 2)));
        assert!(!c.is_working_day(d(2033, 5, 3)));
        assert!(c.is_working_day(d(2033, 5, 4)));
    }

    #[test]
    fn thirty_working_days_skip_tet() {
        let c = HolidayCalendar::vietnam_default();
        // From Monday 2/2/2026: 2 weeks (10 days) to 13/2, Tết week 16–20 off, then 20 more
        // working days: 23/2 … 20/3.
        assert_eq!(c.add_working_days(d(2026, 1, 30), 30), d(2026, 3, 20));
        assert_eq!(c.working_days_between(d(2026, 1, 30), d(2026, 3, 20)), 30);
        // Zero days: the day itself, or the next working day.
        assert_eq!(c.add_working_days(d(2026, 12, 1), 0), d(2026, 12, 1));
        assert_eq!(c.add_working_days(d(2026, 12, 5), 0), d(2026, 12, 7));
    }

    #[test]
    fn administrators_replace_a_year() {
        let mut c = HolidayCalendar::vietnam_default();
        let y = YearHolidays::parse(2026, "1/1/2026; 2026-11-24\nlàm 28/11/2026").unwrap();
        assert_eq!(YearHolidays::parse(2026, &y.to_text()).unwrap(), y);
        c.set_year(2026, y);
        assert!(!c.is_working_day(d(2026, 11, 24)));
        assert!(c.is_working_day(d(2026, 11, 28)));
        assert!(
            c.is_working_day(d(2026, 2, 17)),
            "the replaced year has no Tết any more"
        );
        assert_eq!(
            YearHolidays::parse(2026, "1/1/2025"),
            Err(HolidayError::WrongYear("1/1/2025".into(), 2026))
        );
        assert!(matches!(
            YearHolidays::parse(2026, "31/2/2026"),
            Err(HolidayError::BadDate(_))
        ));
        assert!(matches!(
            YearHolidays::parse(2026, "làm 1/12/2026"),
            Err(HolidayError::WorkedWeekday(_))
        ));
        assert!(matches!(
            YearHolidays::parse(2026, "5/12/2026, làm 5/12/2026"),
            Err(HolidayError::Both(_))
        ));
        let default = YearHolidays::vietnam_default(2026);
        assert_eq!(
            YearHolidays::parse(2026, &default.to_text()).unwrap(),
            default
        );
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day(start in 0u32..4000, n in 1u32..80) {
            let c = HolidayCalendar::vietnam_default();
            let s = d(2019, 6, 1) + Days::new(start as u64);
            let end = c.add_working_days(s, n);
            prop_assert!(c.is_working_day(end));
            prop_assert!(end > s);
            prop_assert_eq!(c.working_days_between(s, end), n);
            prop_assert!(c.working_days_between(s, end - Days::new(1)) < n);
        }

        #[test]
        fn adding_working_days_is_monotone(start in 0u32..4000, gap in 0u32..40, n in 0u32..60, m in 0u32..10) {
            let c = HolidayCalendar::vietnam_default();
            let a = d(2019, 6, 1) + Days::new(start as u64);
            let b = a + Days::new(gap as u64);
            prop_assert!(c.add_working_days(a, n) <= c.add_working_days(b, n));
            prop_assert!(c.add_working_days(a, n) <= c.add_working_days(a, n + m));
            prop_assert!(c.add_working_days(c.add_working_days(a, n), m) >= c.add_working_days(a, n + m));
        }
    }
}
