//! Random draws shared by the generator: weighted tables, shaped numbers, splits and dates.
//! Everything takes the one seeded `fastrand::Rng`, so a seed fixes the whole province.

use chrono::{Days, Months, NaiveDate};
use domain::register::member::age_on;
use fastrand::Rng;

/// Picks from a constant table of `(value, weight)`. The tables are non-empty constants with
/// positive weights (checked by the tests); an all-zero table falls back to its last entry.
pub(crate) fn weighted<T: Copy>(rng: &mut Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.u32(0..total.max(1));
    for (value, w) in table {
        if x < *w {
            return *value;
        }
        x -= w;
    }
    // Only reached for an all-zero table; the tables are non-empty constants.
    table[table.len() - 1].0
}

/// Picks uniformly from a non-empty constant list.
pub(crate) fn one_of<T: Copy>(rng: &mut Rng, list: &[T]) -> T {
    list[rng.usize(..list.len())]
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// A normal draw (Box–Muller) truncated to `[lo, hi]` by rejection.
pub(crate) fn normal_in(rng: &mut Rng, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    for _ in 0..64 {
        let u1 = 1.0 - rng.f64(); // in (0, 1]: ln is finite
        let u2 = rng.f64();
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let x = mean + sd * z;
        if (lo..=hi).contains(&x) {
            return x;
        }
    }
    mean.clamp(lo, hi)
}

/// An integer in `[lo, hi]` leaning towards `lo` (the smaller of two uniform draws).
pub(crate) fn low_skewed(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    let hi = hi.max(lo);
    let a = rng.usize(lo..=hi);
    let b = rng.usize(lo..=hi);
    a.min(b)
}

/// Splits `total` into `parts` random integers, each in `[lo, hi]` where possible.
/// Callers choose `parts` so that `parts * lo <= total <= parts * hi`; outside that range the
/// bounds give way (the sum is always exactly `total`).
pub(crate) fn split(rng: &mut Rng, total: usize, parts: usize, lo: usize, hi: usize) -> Vec<usize> {
    if parts == 0 {
        return Vec::new();
    }
    let lo = lo.min(total / parts);
    let hi = hi.max(total.div_ceil(parts));
    let weights: Vec<f64> = (0..parts).map(|_| 0.4 + 1.2 * rng.f64()).collect();
    let sum: f64 = weights.iter().sum();
    let extra = total - parts * lo;
    let mut out: Vec<usize> = weights
        .iter()
        .map(|w| lo + ((extra as f64 * w / sum) as usize).min(hi - lo))
        .collect();
    let mut left = total - out.iter().sum::<usize>();
    // Hand out what rounding and the caps left over, starting at a random part.
    let start = rng.usize(..parts);
    while left > 0 {
        let before = left;
        for k in 0..parts {
            let i = (start + k) % parts;
            let room = hi - out[i];
            let give = room.min(left).min(left.div_ceil(parts));
            out[i] += give;
            left -= give;
            if left == 0 {
                break;
            }
        }
        if left == before {
            break; // no room anywhere: cannot happen since total <= parts * hi
        }
    }
    out
}

/// `d` moved by `n` days; dates of the generator stay far from chrono's limits, where it
/// would stay put.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let moved = if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    moved.unwrap_or(d)
}

/// `d` moved by `n` months (the day clamped to the month's end, as chrono does).
pub(crate) fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let moved = if n >= 0 {
        d.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    };
    moved.unwrap_or(d)
}

/// The first day on which someone born on `birth` has completed `years` years.
pub(crate) fn birthday(birth: NaiveDate, years: i32) -> NaiveDate {
    let d = add_months(birth, 12 * years);
    if age_on(birth, d) < years {
        add_days(d, 1)
    } else {
        d
    }
}

/// A uniform date in `[lo, hi]` (just `lo` when the range is empty).
pub(crate) fn date_between(rng: &mut Rng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let span = (hi - lo).num_days();
    if span <= 0 {
        lo
    } else {
        add_days(lo, rng.i64(0..=span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_respects_bounds_and_total() {
        let mut rng = Rng::with_seed(7);
        for total in [15, 41, 100, 333, 600] {
            for parts in 3..=10 {
                if parts * 5 > total || parts * 60 < total {
                    continue;
                }
                let s = split(&mut rng, total, parts, 5, 60);
                assert_eq!(s.len(), parts);
                assert_eq!(s.iter().sum::<usize>(), total);
                assert!(s.iter().all(|x| (5..=60).contains(x)), "{s:?}");
            }
        }
    }

    #[test]
    fn birthday_handles_the_leap_day() {
        let b = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(
            birthday(b, 18),
            NaiveDate::from_ymd_opt(2018, 3, 1).unwrap()
        );
        assert_eq!(
            birthday(b, 20),
            NaiveDate::from_ymd_opt(2020, 2, 29).unwrap()
        );
    }
}
