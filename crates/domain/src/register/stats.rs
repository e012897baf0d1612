//! Structure statistics (cơ cấu đảng viên, seed 000): counts and percentages by age bracket,
//! political theory and qualification on a date, and the paragraph a report prints.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::register::member::{Qualification, TheoryLevel, age_on};
use crate::text;

/// Age brackets as ascending lower bounds in completed years: `[35, 41, 51, 60]` gives
/// under 35, 35–40, 41–50, 51 to under 60, 60 and over (the brackets of seed 000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeBrackets {
    bounds: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BracketError {
    #[error("mốc tuổi phải tăng dần, lớn hơn 0 và nhỏ hơn 120: '{q0}'", q0 = crate::text::excerpt(.0))]
    NotAscending(String),
    #[error("'{q0}' không phải mốc tuổi hợp lệ (ví dụ 35,41,51,60)", q0 = crate::text::excerpt(.0))]
    Bad(String),
}

impl Default for AgeBrackets {
    fn default() -> Self {
        Self {
            bounds: vec![35, 41, 51, 60],
        }
    }
}

impl AgeBrackets {
    pub fn new(bounds: Vec<u32>) -> Result<Self, BracketError> {
        let ascending = bounds.windows(2).all(|w| w[0] < w[1]);
        if bounds.is_empty() || !ascending || bounds[0] == 0 || bounds[bounds.len() - 1] >= 120 {
            let s = bounds
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            return Err(BracketError::NotAscending(s));
        }
        Ok(Self { bounds })
    }

    /// Parses "35,41,51,60".
    pub fn parse(raw: &str) -> Result<Self, BracketError> {
        let bounds = raw
            .split(',')
            .map(|s| s.trim().parse::<u32>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| BracketError::Bad(raw.trim().to_string()))?;
        Self::new(bounds)
    }

    pub fn bounds(&self) -> &[u32] {
        &self.bounds
    }

    /// Number of brackets (one more than the bounds).
    pub fn len(&self) -> usize {
        self.bounds.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The bracket of a completed age.
    pub fn bracket_of_age(&self, age: i32) -> usize {
        self.bounds.iter().take_while(|b| age >= **b as i32).count()
    }

    /// Birth-date cutoffs on `as_of`: someone is at least `bounds[i]` years old exactly when
    /// born on or before `cutoffs[i]`. Lets a database count brackets by comparing dates.
    pub fn birth_cutoffs(&self, as_of: NaiveDate) -> Vec<NaiveDate> {
        self.bounds
            .iter()
            .map(|b| latest_birth_for_age(as_of, *b))
            .collect()
    }

    /// The bracket labels: "Dưới 35 tuổi", "Từ 35 đến 40 tuổi", …, "Từ 51 đến dưới 60 tuổi",
    /// "Từ 60 tuổi trở lên". The last closed bracket reads "đến dưới" as in seed 000.
    pub fn labels(&self) -> Vec<String> {
        let n = self.bounds.len();
        let mut out = vec![format!("Dưới {} tuổi", self.bounds[0])];
        for i in 1..n {
            let (lo, hi) = (self.bounds[i - 1], self.bounds[i]);
            if i == n - 1 {
                out.push(format!("Từ {lo} đến dưới {hi} tuổi"));
            } else {
                out.push(format!("Từ {lo} đến {} tuổi", hi - 1));
            }
        }
        out.push(format!("Từ {} tuổi trở lên", self.bounds[n - 1]));
        out
    }
}

/// The latest birth date of someone who has completed `years` on `on` (29/2 → 28/2).
pub fn latest_birth_for_age(on: NaiveDate, years: u32) -> NaiveDate {
    let y = on.year() - years as i32;
    NaiveDate::from_ymd_opt(y, on.month(), on.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, on.month(), on.day() - 1))
        .unwrap_or(NaiveDate::MIN) // unreachable: day-1 of 29/2 is always valid
}

pub use crate::text::percent;

/// One line of a dimension: a label, its count and its percent of all members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub label: String,
    pub count: u64,
    pub percent: f64,
}

/// The facts of one member that structure statistics need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberFacts {
    pub birth_date: NaiveDate,
    pub theory: TheoryLevel,
    pub qualification: Qualification,
    pub probationary: bool,
}

/// Raw counts per category, as a database aggregate or `count` produces them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    pub members: u64,
    pub probationary: u64,
    /// Per age bracket, in bracket order.
    pub age: Vec<u64>,
    /// Per `TheoryLevel::ALL`.
    pub theory: Vec<u64>,
    /// Per `Qualification::ALL`.
    pub qualification: Vec<u64>,
}

impl Counts {
    /// Counts member facts in memory: the reference the SQL aggregate is tested against.
    pub fn count(members: &[MemberFacts], as_of: NaiveDate, brackets: &AgeBrackets) -> Self {
        let mut c = Counts {
            age: vec![0; brackets.len()],
            theory: vec![0; TheoryLevel::ALL.len()],
            qualification: vec![0; Qualification::ALL.len()],
            ..Default::default()
        };
        for m in members {
            c.members += 1;
            c.probationary += m.probationary as u64;
            c.age[brackets.bracket_of_age(age_on(m.birth_date, as_of))] += 1;
            c.theory[TheoryLevel::ALL
                .iter()
                .position(|t| *t == m.theory)
                .unwrap_or(0)] += 1;
            c.qualification[Qualification::ALL
                .iter()
                .position(|q| *q == m.qualification)
                .unwrap_or(0)] += 1;
        }
        c
    }

    /// Age-bracket counts from "how many were born on or before each cutoff" (as SQL gives
    /// them): bracket i holds those at least bound[i-1] and under bound[i] years old.
    pub fn age_from_cutoff_counts(members: u64, at_least: &[u64]) -> Vec<u64> {
        let mut out = Vec::with_capacity(at_least.len() + 1);
        let mut prev = members;
        for &n in at_least {
            out.push(prev.saturating_sub(n));
            prev = n;
        }
        out.push(prev);
        out
    }
}

/// The structure of an organization's members on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Structure {
    pub members: u64,
    pub official: u64,
    pub probationary: u64,
    pub age: Vec<Entry>,
    pub theory: Vec<Entry>,
    pub qualification: Vec<Entry>,
}

impl Structure {
    /// Turns counts into labelled entries with percents of all members.
    pub fn from_counts(c: &Counts, brackets: &AgeBrackets) -> Self {
        let entries = |labels: Vec<String>, counts: &[u64]| -> Vec<Entry> {
            labels
                .into_iter()
                .zip(counts)
                .map(|(label, &count)| Entry {
                    label,
                    count,
                    percent: percent(count, c.members),
                })
                .collect()
        };
        Structure {
            members: c.members,
            official: c.members - c.probationary,
            probationary: c.probationary,
            age: entries(brackets.labels(), &c.age),
            theory: entries(
                TheoryLevel::ALL
                    .iter()
                    .map(|t| t.label().to_string())
                    .collect(),
                &c.theory,
            ),
            qualification: entries(
                Qualification::ALL
                    .iter()
                    .map(|q| q.label().to_string())
                    .collect(),
                &c.qualification,
            ),
        }
    }

    /// The paragraph a report prints, in the style of seed 000:
    /// "Chi bộ Sở Ngoại vụ hiện có 22 đảng viên, trong đó dưới 35 tuổi có 06 đồng chí, chiếm 27,3%; …".
    pub fn paragraph(&self, org_name: &str) -> String {
        if self.members == 0 {
            return format!("{org_name} hiện chưa có đảng viên.");
        }
        let n = |c: u64| text::format_count2(c as i64);
        let p = |x: f64| text::format_percent(x);
        let lower_first = |s: &str| {
            let mut cs = s.chars();
            cs.next()
                .map(|f| f.to_lowercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        };
        let ages: Vec<String> = self
            .age
            .iter()
            .filter(|e| e.count > 0)
            .map(|e| {
                format!(
                    "{} có {} đồng chí, chiếm {}",
                    lower_first(&e.label),
                    n(e.count),
                    p(e.percent)
                )
            })
            .collect();
        let levels = |entries: &[Entry]| -> String {
            entries
                .iter()
                .filter(|e| e.count > 0)
                .map(|e| {
                    format!(
                        "{} {} đồng chí ({})",
                        lower_first(&e.label),
                        n(e.count),
                        p(e.percent)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut s = format!(
            "{org_name} hiện có {} đảng viên, trong đó {}.",
            text::format_int(self.members as i64),
            ages.join("; ")
        );
        s.push_str(&format!(
            " Về trình độ lý luận chính trị: {}.",
            levels(&self.theory)
        ));
        s.push_str(&format!(
            " Về trình độ chuyên môn: {}.",
            levels(&self.qualification)
        ));
        s.push_str(&format!(
            " Đảng viên chính thức: {}; đảng viên dự bị: {}.",
            n(self.official),
            n(self.probationary)
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn percent_rounds_half_up_to_one_decimal() {
        assert_eq!(percent(6, 22), 27.3);
        assert_eq!(percent(8, 22), 36.4);
        assert_eq!(percent(2, 22), 9.1);
        assert_eq!(percent(1, 8), 12.5);
        assert_eq!(percent(1, 16), 6.3); // 6.25 rounds up
        assert_eq!(percent(0, 0), 0.0);
    }

    #[test]
    fn default_brackets_are_those_of_seed_000() {
        let b = AgeBrackets::default();
        assert_eq!(
            b.labels(),
            [
                "Dưới 35 tuổi",
                "Từ 35 đến 40 tuổi",
                "Từ 41 đến 50 tuổi",
                "Từ 51 đến dưới 60 tuổi",
                "Từ 60 tuổi trở lên"
            ]
        );
        assert_eq!(b.bracket_of_age(34), 0);
        assert_eq!(b.bracket_of_age(35), 1);
        assert_eq!(b.bracket_of_age(40), 1);
        assert_eq!(b.bracket_of_age(59), 3);
        assert_eq!(b.bracket_of_age(60), 4);
        assert!(AgeBrackets::parse("35,30").is_err());
        assert!(AgeBrackets::parse("a").is_err());
        assert_eq!(AgeBrackets::parse("30, 45").unwrap().len(), 3);
    }

    #[test]
    fn seed_000_paragraph_reads_right() {
        let b = AgeBrackets::default();
        let c = Counts {
            members: 22,
            probationary: 0,
            age: vec![6, 8, 6, 2, 0],
            theory: vec![8, 6, 7, 1],
            qualification: vec![0, 6, 16, 0, 0, 0, 0],
        };
        let s = Structure::from_counts(&c, &b);
        assert_eq!(
            s.age.iter().map(|e| e.percent).collect::<Vec<_>>(),
            [27.3, 36.4, 27.3, 9.1, 0.0]
        );
        let t = s.paragraph("Chi bộ Sở Ngoại vụ");
        assert!(
            t.starts_with("Chi bộ Sở Ngoại vụ hiện có 22 đảng viên, trong đó dưới 35 tuổi có 06 đồng chí, chiếm 27,3%; từ 35 đến 40 tuổi có 08 đồng chí, chiếm 36,4%;"),
            "{t}"
        );
        assert!(
            t.contains("từ 51 đến dưới 60 tuổi có 02 đồng chí, chiếm 9,1%."),
            "{t}"
        );
        assert!(t.contains("cao cấp 08 đồng chí (36,4%)"), "{t}");
        assert!(t.contains("chưa qua đào tạo 01 đồng chí (4,5%)"), "{t}");
        assert!(
            t.contains("thạc sĩ 06 đồng chí (27,3%), đại học 16 đồng chí (72,7%)"),
            "{t}"
        );
    }

    #[test]
    fn cutoff_on_leap_day_falls_back_to_28_february() {
        assert_eq!(latest_birth_for_age(d(2024, 2, 29), 1), d(2023, 2, 28));
        assert_eq!(latest_birth_for_age(d(2020, 5, 15), 35), d(1985, 5, 15));
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (1940i32..2010, 1u32..=12, 1u32..=31).prop_map(|(y, m, day)| {
            NaiveDate::from_ymd_opt(y, m, day)
                .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, m, 28).unwrap())
        })
    }

    proptest! {
        #[test]
        fn cutoffs_agree_with_completed_age(birth in arb_date(), on in arb_date(), years in 1u32..80) {
            let on = on + chrono::Days::new(365 * 20);
            let cutoff = latest_birth_for_age(on, years);
            prop_assert_eq!(age_on(birth, on) >= years as i32, birth <= cutoff);
        }

        #[test]
        fn every_member_falls_in_exactly_one_entry(births in proptest::collection::vec(arb_date(), 0..60)) {
            let b = AgeBrackets::default();
            let as_of = d(2020, 5, 15);
            let facts: Vec<MemberFacts> = births.iter().enumerate().map(|(i, &birth_date)| MemberFacts {
                birth_date,
                theory: TheoryLevel::ALL[i % 4],
                qualification: Qualification::ALL[i % 7],
                probationary: i % 5 == 0,
            }).collect();
            let c = Counts::count(&facts, as_of, &b);
            prop_assert_eq!(c.age.iter().sum::<u64>(), c.members);
            prop_assert_eq!(c.theory.iter().sum::<u64>(), c.members);
            prop_assert_eq!(c.qualification.iter().sum::<u64>(), c.members);
            // The date-cutoff path the database uses gives the same brackets.
            let at_least: Vec<u64> = b.birth_cutoffs(as_of).iter()
                .map(|cut| facts.iter().filter(|f| f.birth_date <= *cut).count() as u64).collect();
            prop_assert_eq!(Counts::age_from_cutoff_counts(c.members, &at_least), c.age);
        }

        #[test]
        fn percents_never_exceed_100_and_round_half_up(count in 0u64..1000, extra in 0u64..1000) {
            let total = count + extra;
            let p = percent(count, total);
            prop_assert!((0.0..=100.0).contains(&p));
            if total > 0 {
                let exact = count as f64 * 100.0 / total as f64;
                prop_assert!((p - exact).abs() <= 0.05 + 1e-9);
            }
        }
    }
}
