//! The targets (chỉ tiêu) of a congress resolution, evaluated year by year, and the review
//! (sơ kết giữa nhiệm kỳ / tổng kết nhiệm kỳ): "Có X/Y chỉ tiêu đạt 100% trở lên, Z chỉ tiêu đạt
//! trên 60%" (seed 004).
//!
//! Achievement rate of a target, from its latest evaluated value `a` (for a whole-term target of
//! a count, the sum over the years) and the target value `t`, rounded to one decimal:
//! - "at least" (`>=`): `a ÷ t × 100` (CONTRACTS.md); a target of 0 is 100% met by any value;
//! - "at most" (`<=`): `t ÷ a × 100`, so a value at or under the target gives 100% or more; an
//!   actual 0 gives 100% (a target of 0 met exactly);
//! - "equal" (`=`): `100 − |a − t| ÷ |t| × 100`, never below 0; 100% exactly when equal (with a
//!   target of 0: 100% when the value is 0, else 0%).
//!
//! A target is met when it has at least one evaluated year and every evaluated year meets it
//! (for a whole-term target, when the term's value meets it).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::text;

/// Share of achievement above which an unmet target counts as "đạt trên 60%".
pub const OVER_PERCENT: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    pub const ALL: [Self; 3] = [Self::AtLeast, Self::AtMost, Self::Equal];

    pub fn code(self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::AtMost => "<=",
            Self::Equal => "=",
        }
    }

    pub fn parse(s: &str) -> Result<Self, TargetError> {
        match s.trim() {
            ">=" | "≥" => Ok(Self::AtLeast),
            "<=" | "≤" => Ok(Self::AtMost),
            "=" | "==" => Ok(Self::Equal),
            other => Err(TargetError::UnknownComparator(other.to_string())),
        }
    }

    /// "≥", "≤", "=": the sign printed before a target value.
    pub fn sign(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::AtMost => "≤",
            Self::Equal => "=",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AtLeast => "từ … trở lên",
            Self::AtMost => "không quá",
            Self::Equal => "bằng",
        }
    }

    /// Whether `actual` meets `target`. Values are compared at one decimal, the precision
    /// every rate is rounded to.
    pub fn meets(self, actual: f64, target: f64) -> bool {
        let (a, t) = (tenths(actual), tenths(target));
        match self {
            Self::AtLeast => a >= t,
            Self::AtMost => a <= t,
            Self::Equal => a == t,
        }
    }

    /// The achievement rate in percent (see the module documentation), one decimal.
    pub fn achievement(self, actual: f64, target: f64) -> f64 {
        let raw = match self {
            Self::AtLeast => {
                if target <= 0.0 {
                    100.0
                } else {
                    actual / target * 100.0
                }
            }
            Self::AtMost => {
                if actual <= 0.0 {
                    100.0
                } else {
                    target / actual * 100.0
                }
            }
            Self::Equal => {
                if target == 0.0 {
                    if actual == 0.0 { 100.0 } else { 0.0 }
                } else {
                    (100.0 - (actual - target).abs() / target.abs() * 100.0).max(0.0)
                }
            }
        };
        round1(raw.max(0.0))
    }
}

fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// Rounds half away from zero to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Where a target's yearly values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Attendance rate at meetings, % of counted members.
    Attendance,
    /// Members who studied the resolutions, %.
    StudyMembers,
    /// Non-member staff who studied the resolutions, %.
    StudyNonMembers,
    /// Members rated Good or Excellent, % of those rated.
    RatingGoodOrBetter,
    /// Members rated Excellent, % of those rated.
    RatingExcellent,
    /// Members inspected or supervised, % of members.
    Supervision,
    /// New members admitted, a count.
    Admissions,
    /// The organization's own rating, as a rank 1 (Incomplete) … 4 (Excellent).
    OrgRating,
    /// Entered by hand with evidence.
    Manual,
}

impl Source {
    pub const ALL: [Self; 9] = [
        Self::Attendance,
        Self::StudyMembers,
        Self::StudyNonMembers,
        Self::RatingGoodOrBetter,
        Self::RatingExcellent,
        Self::Supervision,
        Self::Admissions,
        Self::OrgRating,
        Self::Manual,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Attendance => "attendance",
            Self::StudyMembers => "study_members",
            Self::StudyNonMembers => "study_non_members",
            Self::RatingGoodOrBetter => "rating_good_or_better",
            Self::RatingExcellent => "rating_excellent",
            Self::Supervision => "supervision",
            Self::Admissions => "admissions",
            Self::OrgRating => "org_rating",
            Self::Manual => "manual",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Attendance => "Tỷ lệ dự sinh hoạt",
            Self::StudyMembers => "Đảng viên được học tập nghị quyết",
            Self::StudyNonMembers => "Quần chúng được học tập nghị quyết",
            Self::RatingGoodOrBetter => "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
            Self::RatingExcellent => "Đảng viên hoàn thành xuất sắc nhiệm vụ",
            Self::Supervision => "Đảng viên được kiểm tra, giám sát",
            Self::Admissions => "Kết nạp đảng viên mới",
            Self::OrgRating => "Xếp loại tổ chức đảng",
            Self::Manual => "Nhập tay có minh chứng",
        }
    }

    /// Whether the source is computed from the recorded data.
    pub fn is_computed(self) -> bool {
        self != Self::Manual
    }
}

/// Each year, or once over the whole term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    EachYear,
    WholeTerm,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Self::EachYear => "each_year",
            Self::WholeTerm => "whole_term",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s.trim() {
            "each_year" => Some(Self::EachYear),
            "whole_term" => Some(Self::WholeTerm),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EachYear => "hằng năm",
            Self::WholeTerm => "cả nhiệm kỳ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("phép so sánh '{q0}' không hợp lệ (>=, <= hoặc =)", q0 = crate::text::excerpt(.0))]
    UnknownComparator(String),
    #[error("nguồn số liệu '{q0}' không hợp lệ", q0 = crate::text::excerpt(.0))]
    UnknownSource(String),
    #[error("nội dung chỉ tiêu không được để trống")]
    NoText,
    #[error("giá trị chỉ tiêu {q0} không hợp lệ", q0 = crate::text::excerpt(.0))]
    BadValue(String),
    #[error("chỉ tiêu tính theo tỷ lệ phải từ 0 đến 100%, không phải {q0}", q0 = crate::text::excerpt(.0))]
    PercentOutOfRange(String),
    #[error("nhiệm kỳ '{q0}' không hợp lệ (dạng YYYY-YYYY, ví dụ 2020-2025)", q0 = crate::text::excerpt(.0))]
    BadTerm(String),
    #[error("năm {year} nằm ngoài nhiệm kỳ {term}")]
    YearOutsideTerm { year: i32, term: Term },
    #[error("số liệu nhập tay phải kèm minh chứng")]
    NoEvidence,
}

/// A term of office, "2020-2025".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Term {
    pub from: i32,
    pub to: i32,
}

impl Term {
    pub fn parse(raw: &str) -> Result<Self, TargetError> {
        let bad = || TargetError::BadTerm(raw.trim().to_string());
        let (a, b) = raw.trim().split_once(['-', '–']).ok_or_else(bad)?;
        let from: i32 = a.trim().parse().map_err(|_| bad())?;
        let to: i32 = b.trim().parse().map_err(|_| bad())?;
        if !(1930..=2200).contains(&from) || to <= from || to - from > 10 {
            return Err(bad());
        }
        Ok(Self { from, to })
    }

    /// The years whose data a review evaluates: from the congress year up to the year before
    /// the next congress, and no later than `last` (the current year).
    pub fn years_until(&self, last: i32) -> impl Iterator<Item = i32> {
        self.from..self.to.min(last + 1)
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.from, self.to)
    }
}

/// A target of a resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub text: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: String,
    pub period: Period,
    pub source: Source,
}

impl Target {
    /// Builds a target from outside input: text normalized, value checked against its unit.
    pub fn new(
        text_raw: &str,
        comparator: Comparator,
        value: f64,
        unit: &str,
        period: Period,
        source: Source,
    ) -> Result<Self, TargetError> {
        let t = text::normalize(text_raw);
        if t.is_empty() {
            return Err(TargetError::NoText);
        }
        if !value.is_finite() || value < 0.0 {
            return Err(TargetError::BadValue(value.to_string()));
        }
        let unit = text::normalize(unit);
        if unit == "%" && value > 100.0 {
            return Err(TargetError::PercentOutOfRange(value.to_string()));
        }
        Ok(Self {
            text: t,
            comparator,
            value,
            unit,
            period,
            source,
        })
    }

    /// "≥ 95,0%": the comparison and the target value in Vietnamese.
    pub fn goal_text(&self) -> String {
        format!(
            "{} {}",
            self.comparator.sign(),
            format_value(self.source, self.value, &self.unit)
        )
    }

    /// Whether yearly values add up over the term (counts) rather than stand alone (rates).
    fn sums_over_term(&self) -> bool {
        self.unit != "%" && self.source != Source::OrgRating
    }

    /// Evaluates the target from its yearly values (years without a value are not evaluated).
    pub fn evaluate(&self, by_year: BTreeMap<i32, f64>) -> Evaluation {
        let by_year: BTreeMap<i32, f64> = by_year
            .into_iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(y, v)| (y, round1(v)))
            .collect();
        let actual = match self.period {
            Period::WholeTerm if self.sums_over_term() => {
                (!by_year.is_empty()).then(|| round1(by_year.values().sum()))
            }
            _ => by_year.values().next_back().copied(),
        };
        let met = match (self.period, actual) {
            (_, None) => false,
            (Period::WholeTerm, Some(a)) => self.comparator.meets(a, self.value),
            (Period::EachYear, Some(_)) => by_year
                .values()
                .all(|v| self.comparator.meets(*v, self.value)),
        };
        let achievement_percent =
            actual.map(|a| self.comparator.achievement(a, round1(self.value)));
        Evaluation {
            by_year,
            actual,
            achievement_percent,
            met,
        }
    }
}

/// A target evaluated over the years with data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub by_year: BTreeMap<i32, f64>,
    /// The value compared for the achievement rate: the latest year's, or the term's sum.
    pub actual: Option<f64>,
    pub achievement_percent: Option<f64>,
    pub met: bool,
}

impl Evaluation {
    /// Not met but achieved above 60%.
    pub fn over_60(&self) -> bool {
        !self.met && self.achievement_percent.is_some_and(|p| p > OVER_PERCENT)
    }

    /// "Đạt", "Chưa đạt" or "Chưa có số liệu": the verdict printed beside a target.
    pub fn verdict(&self) -> &'static str {
        match (self.met, self.actual) {
            (true, _) => "Đạt",
            (false, None) => "Chưa có số liệu",
            (false, Some(_)) => "Chưa đạt",
        }
    }

    /// The verdict with the 60% band named: "Chưa đạt (đạt trên 60%)".
    pub fn verdict_detail(&self) -> String {
        if self.over_60() {
            format!("{} (đạt trên 60%)", self.verdict())
        } else {
            self.verdict().to_string()
        }
    }

    /// The achievement rate as printed: "98,3%", or "—" without data.
    pub fn achievement_text(&self) -> String {
        self.achievement_percent
            .map(text::format_percent)
            .unwrap_or_else(|| "—".into())
    }

    /// The value compared, with its unit ("97,1%", "4 người"), or "—" without data.
    pub fn actual_text(&self, target: &Target) -> String {
        self.actual
            .map(|a| format_value(target.source, a, &target.unit))
            .unwrap_or_else(|| "—".into())
    }
}

/// Which years a review covers, as a line: "Đánh giá theo từng năm, từ 2020 đến 2024".
pub fn years_text(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("Đánh giá theo từng năm, từ {a} đến {b}"),
        (Some(a), _) => format!("Đánh giá năm {a}"),
        _ => "Nhiệm kỳ chưa có năm nào để đánh giá".to_string(),
    }
}

/// How the review's verdicts are reached, in one paragraph (the page and the workbook).
pub const REVIEW_RULES: &str = "Chỉ tiêu hằng năm đạt khi mọi năm có số liệu đều đạt; tỷ lệ đạt tính trên kết quả năm gần nhất (chỉ tiêu cả nhiệm kỳ: tổng các năm).";

/// The review's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    /// Targets met (achieved 100% or more in every evaluated year).
    pub met: usize,
    /// Targets not met but achieved above 60%.
    pub over_60_percent: usize,
}

impl Summary {
    pub fn of<'a>(evaluations: impl IntoIterator<Item = &'a Evaluation>) -> Self {
        let mut s = Self {
            total: 0,
            met: 0,
            over_60_percent: 0,
        };
        for e in evaluations {
            s.total += 1;
            if e.met {
                s.met += 1;
            } else if e.over_60() {
                s.over_60_percent += 1;
            }
        }
        s
    }

    /// Targets neither met nor above 60% (with or without data).
    pub fn below(&self) -> usize {
        self.total - self.met - self.over_60_percent
    }

    /// "6/8 chỉ tiêu đạt 100% trở lên, 2 chỉ tiêu đạt trên 60%": the counts as a phrase.
    pub fn counts_text(&self) -> String {
        format!(
            "{}/{} chỉ tiêu đạt 100% trở lên, {} chỉ tiêu đạt trên 60%",
            self.met, self.total, self.over_60_percent
        )
    }

    /// "Có 6/8 chỉ tiêu đạt 100% trở lên, 2 chỉ tiêu đạt trên 60%".
    pub fn sentence(&self) -> String {
        format!("Có {}", self.counts_text())
    }
}

/// Prints a value with its unit in Vietnamese: "95,0%", "3 người", "Hoàn thành tốt nhiệm vụ".
pub fn format_value(source: Source, value: f64, unit: &str) -> String {
    if source == Source::OrgRating {
        let rank = value.round().clamp(1.0, 4.0) as u8;
        if let Some(l) = super::rating::RatingLevel::from_rank(rank) {
            return l.label().to_string();
        }
    }
    if unit == "%" {
        text::format_percent(value)
    } else if value.fract() == 0.0 {
        format!("{} {unit}", text::format_int(value as i64))
    } else {
        format!("{} {unit}", text::format_decimal1(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn target(c: Comparator, v: f64, unit: &str, period: Period, source: Source) -> Target {
        Target::new("chỉ tiêu", c, v, unit, period, source).unwrap()
    }

    fn years(v: &[(i32, f64)]) -> BTreeMap<i32, f64> {
        v.iter().copied().collect()
    }

    #[test]
    fn at_least_the_contract_example() {
        let t = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        let e = t.evaluate(years(&[(2020, 97.1), (2021, 93.4)]));
        assert_eq!(e.achievement_percent, Some(98.3));
        assert!(!e.met);
        assert!(e.over_60());
        let e = t.evaluate(years(&[(2020, 97.1), (2021, 95.0)]));
        assert!(e.met);
        assert_eq!(e.achievement_percent, Some(100.0));
    }

    #[test]
    fn at_most_and_equal() {
        let t = target(
            Comparator::AtMost,
            2.0,
            "người",
            Period::EachYear,
            Source::Manual,
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 1.0)])).achievement_percent,
            Some(200.0)
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 0.0)])).achievement_percent,
            Some(100.0)
        );
        let e = t.evaluate(years(&[(2021, 4.0)]));
        assert_eq!((e.achievement_percent, e.met), (Some(50.0), false));
        let t = target(
            Comparator::Equal,
            10.0,
            "mô hình",
            Period::EachYear,
            Source::Manual,
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 10.0)])).achievement_percent,
            Some(100.0)
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 8.0)])).achievement_percent,
            Some(80.0)
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 12.0)])).achievement_percent,
            Some(80.0)
        );
        assert_eq!(
            t.evaluate(years(&[(2021, 40.0)])).achievement_percent,
            Some(0.0)
        );
    }

    #[test]
    fn whole_term_counts_add_up() {
        // Seed 004: admissions at 80% of the target.
        let t = target(
            Comparator::AtLeast,
            5.0,
            "người",
            Period::WholeTerm,
            Source::Admissions,
        );
        let e = t.evaluate(years(&[(2020, 1.0), (2021, 0.0), (2022, 2.0), (2023, 1.0)]));
        assert_eq!(
            (e.actual, e.achievement_percent, e.met),
            (Some(4.0), Some(80.0), false)
        );
        let e = t.evaluate(years(&[(2020, 3.0), (2021, 2.0)]));
        assert!(e.met);
    }

    #[test]
    fn org_rating_is_compared_by_rank() {
        let t = target(
            Comparator::AtLeast,
            3.0,
            "mức",
            Period::EachYear,
            Source::OrgRating,
        );
        let e = t.evaluate(years(&[(2020, 4.0), (2021, 3.0), (2022, 2.0)]));
        assert!(!e.met);
        assert_eq!(e.achievement_percent, Some(66.7));
        assert_eq!(
            format_value(Source::OrgRating, 3.0, "mức"),
            "Hoàn thành tốt nhiệm vụ"
        );
    }

    #[test]
    fn no_data_is_not_met_and_not_over_60() {
        let t = target(
            Comparator::AtLeast,
            1.0,
            "mô hình",
            Period::EachYear,
            Source::Manual,
        );
        let e = t.evaluate(BTreeMap::new());
        assert_eq!(
            (e.met, e.achievement_percent, e.over_60()),
            (false, None, false)
        );
    }

    #[test]
    fn the_review_sentence() {
        let t = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        let evals = [
            t.evaluate(years(&[(2020, 96.0)])),
            t.evaluate(years(&[(2020, 90.0)])),
            t.evaluate(years(&[(2020, 50.0)])),
        ];
        let s = Summary::of(&evals);
        assert_eq!(
            s,
            Summary {
                total: 3,
                met: 1,
                over_60_percent: 1
            }
        );
        assert_eq!(
            s.sentence(),
            "Có 1/3 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%"
        );
    }

    #[test]
    fn terms_and_inputs() {
        let t = Term::parse("2020-2025").unwrap();
        assert_eq!(
            t.years_until(2026).collect::<Vec<_>>(),
            vec![2020, 2021, 2022, 2023, 2024]
        );
        assert_eq!(
            t.years_until(2022).collect::<Vec<_>>(),
            vec![2020, 2021, 2022]
        );
        assert_eq!(t.to_string(), "2020-2025");
        assert!(Term::parse("2025-2020").is_err());
        assert!(Term::parse("abc").is_err());
        assert!(Term::parse("2020–2025").is_ok());
        assert!(
            Target::new(
                " ",
                Comparator::AtLeast,
                1.0,
                "%",
                Period::EachYear,
                Source::Manual
            )
            .is_err()
        );
        assert!(
            Target::new(
                "x",
                Comparator::AtLeast,
                120.0,
                "%",
                Period::EachYear,
                Source::Manual
            )
            .is_err()
        );
        assert!(Comparator::parse("≥").is_ok());
        assert!(Comparator::parse(">").is_err());
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(s));
        }
    }

    proptest! {
        #[test]
        fn summary_counts_are_consistent(values in proptest::collection::vec(proptest::collection::vec(0.0f64..=100.0, 0..6), 0..20),
                                         target_value in 1.0f64..=100.0, c in 0usize..3) {
            let t = target(Comparator::ALL[c], target_value, "%", Period::EachYear, Source::Manual);
            let evals: Vec<Evaluation> = values.iter().map(|v| {
                t.evaluate(v.iter().enumerate().map(|(i, x)| (2020 + i as i32, *x)).collect())
            }).collect();
            let s = Summary::of(&evals);
            prop_assert_eq!(s.total, evals.len());
            prop_assert_eq!(s.met, evals.iter().filter(|e| e.met).count());
            prop_assert!(s.met + s.over_60_percent <= s.total);
            for e in &evals {
                if e.met {
                    // Meeting the latest year's target means at least 100%.
                    prop_assert!(e.achievement_percent.unwrap() >= 100.0 - 0.05 || Comparator::ALL[c] == Comparator::Equal);
                }
                if let Some(p) = e.achievement_percent { prop_assert!(p >= 0.0); }
            }
        }

        #[test]
        fn at_least_achievement_is_monotone(a in 0.0f64..200.0, b in 0.0f64..200.0, t in 1.0f64..100.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(Comparator::AtLeast.achievement(lo, t) <= Comparator::AtLeast.achievement(hi, t));
            prop_assert!(Comparator::AtMost.achievement(lo, t) >= Comparator::AtMost.achievement(hi, t));
        }
    }
}
