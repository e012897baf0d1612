//! The targets (chỉ tiêu) of a congress resolution, evaluated year by year, and the review
//! (sơ kết giữa nhiệm kỳ / tổng kết nhiệm kỳ): "Có X/Y chỉ tiêu đạt 100% trở lên, Z chỉ tiêu đạt
//! trên 60%" (seed 004).
//!
//! One definition serves both the rate printed beside a target and the review's headline
//! (DOMAIN.md §5: "each target's achievement rate" and "X/Y chỉ tiêu đạt 100% trở lên"): the
//! **achievement rate of the term so far against the target**. The term so far is
//! - for a rate (unit `%`) or a yearly count: the mean of the evaluated years' values (a yearly
//!   target met on average over the years reviewed);
//! - for a count over the whole term: the sum of the years;
//! - for the organization's own rating (a rank, not a quantity): the lowest rank reached in the
//!   years reviewed; it has no rate, it is "Đạt" or "Chưa đạt" with the rank named.
//!
//! With that value `a` and the target `t` (both to one decimal), the rate is
//! - "at least" (`>=`): `a ÷ t × 100` (CONTRACTS.md); a target of 0 is 100% met by any value;
//! - "at most" (`<=`): 100% for a value at or under the limit (a limit has nothing to exceed:
//!   1 against "không quá 2" is met, not "200%"), `t ÷ a × 100` over it. The rate never rises
//!   as the value grows (an earlier `t ÷ a` gave 0 → 100% but 1 → 200%);
//! - "equal" (`=`): `100 − |a − t| ÷ |t| × 100`, never below 0.
//!
//! A target **is met exactly when its rate is 100% or more** (a rank: when every year reached it),
//! and it counts as "đạt trên 60%" when it is not met and its rate is above 60,0% (60,0% itself is
//! not above). A year that fell short of a yearly target is said in words beside the target
//! ([`Evaluation::shortfall_text`]), never as a verdict that contradicts the rate. Every rate is
//! rounded once, half up, in integers ([`crate::text::ratio_tenths`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::text;

/// Share of achievement above which an unmet target counts as "đạt trên 60%".
pub const OVER_PERCENT: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    /// "trên 95%": strictly more than the value (seed 002).
    #[serde(rename = ">")]
    MoreThan,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    pub const ALL: [Self; 4] = [Self::AtLeast, Self::MoreThan, Self::AtMost, Self::Equal];

    pub fn code(self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::MoreThan => ">",
            Self::AtMost => "<=",
            Self::Equal => "=",
        }
    }

    pub fn parse(s: &str) -> Result<Self, TargetError> {
        match s.trim() {
            ">=" | "≥" => Ok(Self::AtLeast),
            ">" => Ok(Self::MoreThan),
            "<=" | "≤" => Ok(Self::AtMost),
            "=" | "==" => Ok(Self::Equal),
            other => Err(TargetError::UnknownComparator(other.to_string())),
        }
    }

    /// "≥", "≤", "=": the sign printed before a target value.
    pub fn sign(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::MoreThan => ">",
            Self::AtMost => "≤",
            Self::Equal => "=",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AtLeast => "từ … trở lên",
            Self::MoreThan => "trên",
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
            Self::MoreThan => a > t,
            Self::AtMost => a <= t,
            Self::Equal => a == t,
        }
    }

    /// The achievement rate in percent (see the module documentation), one decimal.
    pub fn achievement(self, actual: f64, target: f64) -> f64 {
        self.achievement_tenths(tenths(actual), tenths(target)) as f64 / 10.0
    }

    /// The achievement rate in tenths of a percent from values in tenths, rounded once, half
    /// up, in integers.
    fn achievement_tenths(self, a: i64, t: i64) -> i64 {
        let (a, t) = (a.max(0) as u128, t.max(0) as u128);
        match self {
            Self::AtLeast if t == 0 => 1000,
            Self::AtLeast => text::ratio_tenths(a * 100, t),
            // Reaching the value is not passing it: short of 100% until it is passed.
            Self::MoreThan if t == 0 => {
                if a > 0 {
                    1000
                } else {
                    0
                }
            }
            Self::MoreThan if a <= t => text::ratio_tenths(a * 100, t).min(999),
            Self::MoreThan => text::ratio_tenths(a * 100, t).max(1000),
            Self::AtMost if a <= t => 1000,
            Self::AtMost => text::ratio_tenths(t * 100, a),
            Self::Equal if t == 0 => {
                if a == 0 {
                    1000
                } else {
                    0
                }
            }
            Self::Equal => (1000 - text::ratio_tenths(a.abs_diff(t) * 100, t)).max(0),
        }
    }

    /// Of two yearly values, the one further from meeting the target (a rank target's verdict).
    fn worse(self, a: f64, b: f64, target: f64) -> f64 {
        let miss = |v: f64| match self {
            Self::AtLeast | Self::MoreThan => -v,
            Self::AtMost => v,
            Self::Equal => (v - target).abs(),
        };
        if miss(b) > miss(a) { b } else { a }
    }
}

/// A value in tenths: 97,1 → 971 (values are kept to one decimal).
fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// Rounds half away from zero to one decimal (a value typed or computed with more decimals is
/// kept to the one decimal every value and rate is shown with).
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
    #[error("phép so sánh '{q0}' không hợp lệ (>=, >, <= hoặc =)", q0 = crate::text::excerpt(.0))]
    UnknownComparator(String),
    #[error("nguồn số liệu '{q0}' không hợp lệ", q0 = crate::text::excerpt(.0))]
    UnknownSource(String),
    #[error("nội dung chỉ tiêu không được để trống")]
    NoText,
    #[error("giá trị chỉ tiêu {q0} không hợp lệ", q0 = crate::text::excerpt(.0))]
    BadValue(String),
    #[error("chỉ tiêu tính theo tỷ lệ phải từ 0 đến 100%, không phải {q0}", q0 = crate::text::excerpt(.0))]
    PercentOutOfRange(String),
    #[error("năm {year} nằm ngoài nhiệm kỳ {term}")]
    YearOutsideTerm { year: i32, term: Term },
    #[error("số liệu nhập tay phải kèm minh chứng")]
    NoEvidence,
    #[error("ngày {q0} trước khi nhiệm kỳ {term} bắt đầu (01/01/{from}): chưa có gì để sơ kết", q0 = crate::text::format_date(*.day), from = .term.from)]
    BeforeTerm { day: chrono::NaiveDate, term: Term },
    #[error("ngày {q0} sau khi nhiệm kỳ {term} đã kết thúc (31/12/{to}); chọn nhiệm kỳ khác bằng --term hoặc bỏ --as-of", q0 = crate::text::format_date(*.day), to = .term.to)]
    AfterTerm { day: chrono::NaiveDate, term: Term },
}

/// The day of a review held during the term (sơ kết giữa nhiệm kỳ, CONTRACTS.md `review
/// --as-of`): from 1 January of the term's first year to 31 December of its last.
pub fn check_review_day(term: Term, day: chrono::NaiveDate) -> Result<(), TargetError> {
    use chrono::Datelike;
    if day.year() < term.from {
        Err(TargetError::BeforeTerm { day, term })
    } else if day.year() > term.to {
        Err(TargetError::AfterTerm { day, term })
    } else {
        Ok(())
    }
}

/// A term of office: the congress's own type, one for the whole product (printed "2020–2025").
pub use crate::congress::Term;

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
        self.period == Period::WholeTerm && self.unit != "%" && self.source != Source::OrgRating
    }

    /// Whether the target is a rank (the organization's rating): met or not, without a rate.
    pub fn is_rank(&self) -> bool {
        self.source == Source::OrgRating
    }

    /// Evaluates the target from its yearly values (years without a value are not evaluated),
    /// by the one definition of the module documentation.
    pub fn evaluate(&self, by_year: BTreeMap<i32, f64>) -> Evaluation {
        let by_year: BTreeMap<i32, f64> = by_year
            .into_iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(y, v)| (y, round1(v)))
            .collect();
        let short_years: Vec<i32> = match self.period {
            Period::EachYear => by_year
                .iter()
                .filter(|(_, v)| !self.comparator.meets(**v, self.value))
                .map(|(y, _)| *y)
                .collect(),
            Period::WholeTerm => Vec::new(),
        };
        let actual = self.term_value(&by_year);
        let (achievement_percent, met) = match actual {
            None => (None, false),
            Some(a) if self.is_rank() => (None, self.comparator.meets(a, self.value)),
            Some(a) => {
                let rate = self
                    .comparator
                    .achievement_tenths(tenths(a), tenths(self.value));
                (Some(rate as f64 / 10.0), rate >= 1000)
            }
        };
        Evaluation {
            by_year,
            actual,
            achievement_percent,
            met,
            short_years,
        }
    }

    /// The value of the term so far: the sum of a whole-term count, the worst year of a rank,
    /// else the mean of the years (rounded half up to one decimal, in integers).
    fn term_value(&self, by_year: &BTreeMap<i32, f64>) -> Option<f64> {
        let first = *by_year.values().next()?;
        if self.is_rank() {
            let worst = by_year
                .values()
                .fold(first, |w, v| self.comparator.worse(w, *v, self.value));
            return Some(worst);
        }
        let sum: i64 = by_year.values().map(|v| tenths(*v)).sum();
        if self.sums_over_term() {
            return Some(sum as f64 / 10.0);
        }
        let n = by_year.len() as u128;
        let mean = text::ratio_tenths(sum.max(0) as u128, n * 10);
        Some(mean as f64 / 10.0)
    }
}

/// A target evaluated over the years with data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub by_year: BTreeMap<i32, f64>,
    /// The value of the term so far: the mean of the years, the term's sum for a whole-term
    /// count, the lowest rank for a rank.
    pub actual: Option<f64>,
    /// The achievement rate of the term so far; `None` without data, and for a rank.
    pub achievement_percent: Option<f64>,
    /// The rate is 100% or more (a rank: every year reached it).
    pub met: bool,
    /// The years whose own value fell short of a yearly target, said beside the target.
    pub short_years: Vec<i32>,
}

impl Evaluation {
    /// Not met but achieved above 60% (a rank has no rate, so never).
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

    /// The achievement rate as printed: "98,3%"; "Đạt" / "Chưa đạt" for a rank; "chưa có số
    /// liệu" without data.
    pub fn achievement_text(&self) -> String {
        match (self.achievement_percent, self.actual) {
            (Some(p), _) => text::format_percent(p),
            (None, Some(_)) => self.verdict().to_string(),
            (None, None) => "chưa có số liệu".into(),
        }
    }

    /// The value of the term so far, with its unit ("97,1%", "4 người", "Hoàn thành tốt nhiệm
    /// vụ"), "bình quân" before a mean of several years, or "—" without data.
    pub fn actual_text(&self, target: &Target) -> String {
        let Some(a) = self.actual else {
            return "—".into();
        };
        let value = format_value(target.source, a, &target.unit);
        if self.by_year.len() > 1 && !target.is_rank() && !target.sums_over_term() {
            format!("bình quân {value}")
        } else {
            value
        }
    }

    /// The years that fell short of a yearly target, in words: "Năm 2021 chưa đạt (93,4%)"
    /// (only when several years are evaluated).
    pub fn shortfall_text(&self, target: &Target) -> Option<String> {
        // With one year evaluated, the verdict already says it.
        if self.by_year.len() < 2 {
            return None;
        }
        let parts: Vec<(i32, String)> = self
            .short_years
            .iter()
            .filter_map(|y| {
                let v = self.by_year.get(y)?;
                Some((*y, format_value(target.source, *v, &target.unit)))
            })
            .collect();
        match parts.as_slice() {
            [] => None,
            [(y, v)] => Some(format!("Năm {y} chưa đạt ({v})")),
            many => Some(format!(
                "Các năm {} chưa đạt",
                many.iter()
                    .map(|(y, v)| format!("{y} ({v})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The verdict and any short year: "Đạt. Năm 2021 chưa đạt (93,4%)" (the review's tables).
    pub fn verdict_with_note(&self, target: &Target) -> String {
        match self.shortfall_text(target) {
            Some(note) => format!("{}. {note}", self.verdict_detail()),
            None => self.verdict_detail(),
        }
    }

    /// The line printed under a target: "Mức đạt: 105,3% — Đạt. Năm 2021 chưa đạt (93,4%)",
    /// "Kết quả: Chưa đạt — thấp nhất Hoàn thành nhiệm vụ", "Mức đạt: chưa có số liệu".
    pub fn result_line(&self, target: &Target) -> String {
        let head = match (target.is_rank(), self.actual) {
            (_, None) => return "Mức đạt: chưa có số liệu".into(),
            (true, Some(_)) => format!(
                "Kết quả: {} — mức thấp nhất đạt được: {}",
                self.verdict(),
                self.actual_text(target)
            ),
            (false, Some(_)) => format!(
                "Mức đạt: {} — {}",
                self.achievement_text(),
                self.verdict_detail()
            ),
        };
        match self.shortfall_text(target) {
            Some(note) => format!("{head}. {note}"),
            None => head,
        }
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
pub const REVIEW_RULES: &str = "Tỷ lệ đạt của mỗi chỉ tiêu tính trên kết quả của nhiệm kỳ đến nay (bình quân các năm đã có số liệu; chỉ tiêu số lượng cả nhiệm kỳ: tổng các năm); chỉ tiêu đạt khi tỷ lệ đạt từ 100% trở lên, năm nào chưa đạt được ghi bên cạnh. Chỉ tiêu xếp loại tổ chức đạt khi mọi năm đạt mức đề ra.";

/// The review's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    /// Targets met (an achievement rate of 100% or more over the term so far).
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

    /// The sentence, saying how many targets have no figure yet when some have none (so that
    /// "0/12 … đạt" is not read as twelve failures): "…, 0 chỉ tiêu đạt trên 60% (11 chỉ tiêu
    /// chưa có số liệu)".
    pub fn sentence_noting(&self, without_data: usize) -> String {
        if without_data == 0 {
            self.sentence()
        } else {
            format!(
                "{} ({without_data} chỉ tiêu chưa có số liệu)",
                self.sentence()
            )
        }
    }
}

/// The targets with no figure yet (no year with data).
pub fn without_data<'a>(evaluations: impl IntoIterator<Item = &'a Evaluation>) -> usize {
    evaluations
        .into_iter()
        .filter(|e| e.actual.is_none())
        .count()
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
    fn the_rate_and_the_verdict_come_from_the_term_so_far() {
        let t = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        // (97,1 + 93,4) ÷ 2 = 95,25 → 95,3 (half up); 95,3 ÷ 95 = 100,3%: met on the term so far,
        // and the short year is said in words.
        let e = t.evaluate(years(&[(2020, 97.1), (2021, 93.4)]));
        assert_eq!(
            (e.actual, e.achievement_percent, e.met),
            (Some(95.3), Some(100.3), true)
        );
        assert_eq!(e.short_years, vec![2021]);
        assert_eq!(
            e.result_line(&t),
            "Mức đạt: 100,3% — Đạt. Năm 2021 chưa đạt (93,4%)"
        );
        assert_eq!(e.actual_text(&t), "bình quân 95,3%");
        let e = t.evaluate(years(&[(2020, 96.0), (2021, 90.0)]));
        assert_eq!((e.achievement_percent, e.met), (Some(97.9), false));
        assert_eq!(
            e.result_line(&t),
            "Mức đạt: 97,9% — Chưa đạt (đạt trên 60%). Năm 2021 chưa đạt (90,0%)"
        );
    }

    #[test]
    fn the_headline_never_contradicts_a_rate() {
        // The defect: every rate ≥ 100% while the headline counted fewer targets met.
        let t = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        let evals = [
            t.evaluate(years(&[(2020, 100.0), (2021, 94.0)])),
            t.evaluate(years(&[(2020, 95.0), (2021, 95.0)])),
        ];
        for e in &evals {
            assert!(e.achievement_percent.unwrap() >= 100.0);
            assert!(e.met, "{e:?}");
        }
        assert_eq!(Summary::of(&evals).met, 2);
    }

    #[test]
    fn boundaries_are_pinned() {
        let t = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        // 94,96 is kept as 95,0 (one decimal), which meets 95.
        assert!(t.evaluate(years(&[(2020, 94.96)])).met);
        assert!(!t.evaluate(years(&[(2020, 94.94)])).met);
        // Exactly 60,0% is not "trên 60%"; 60,1% is.
        let t = target(
            Comparator::AtLeast,
            50.0,
            "%",
            Period::EachYear,
            Source::Manual,
        );
        let e = t.evaluate(years(&[(2020, 30.0)]));
        assert_eq!((e.achievement_percent, e.over_60()), (Some(60.0), false));
        let e = t.evaluate(years(&[(2020, 30.05)]));
        assert_eq!((e.achievement_percent, e.over_60()), (Some(60.2), true));
        // 99,95% rounds to 100,0%: met (the rate and the verdict agree).
        let t = target(
            Comparator::AtLeast,
            200.0,
            "người",
            Period::WholeTerm,
            Source::Admissions,
        );
        let e = t.evaluate(years(&[(2020, 199.9)]));
        assert_eq!((e.achievement_percent, e.met), (Some(100.0), true));
        let e = t.evaluate(years(&[(2020, 199.8)]));
        assert_eq!((e.achievement_percent, e.met), (Some(99.9), false));
    }

    #[test]
    fn no_data_reads_as_no_data() {
        let t = target(
            Comparator::AtLeast,
            1.0,
            "mô hình",
            Period::EachYear,
            Source::Manual,
        );
        let e = t.evaluate(BTreeMap::new());
        assert_eq!(e.result_line(&t), "Mức đạt: chưa có số liệu");
        assert_eq!(e.achievement_text(), "chưa có số liệu");
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
            Some(100.0)
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
    fn org_rating_is_met_or_not_with_the_rank_named() {
        let t = target(
            Comparator::AtLeast,
            3.0,
            "mức",
            Period::EachYear,
            Source::OrgRating,
        );
        // Excellent (4) against "≥ Hoàn thành tốt" (3) is met, never "133,3%".
        let e = t.evaluate(years(&[(2020, 4.0)]));
        assert_eq!((e.met, e.achievement_percent), (true, None));
        assert_eq!(e.achievement_text(), "Đạt");
        assert_eq!(
            e.result_line(&t),
            "Kết quả: Đạt — mức thấp nhất đạt được: Hoàn thành xuất sắc nhiệm vụ"
        );
        let e = t.evaluate(years(&[(2020, 4.0), (2021, 3.0), (2022, 2.0)]));
        assert!(!e.met && !e.over_60());
        assert_eq!(e.achievement_text(), "Chưa đạt");
        assert_eq!(
            e.result_line(&t),
            "Kết quả: Chưa đạt — mức thấp nhất đạt được: Hoàn thành nhiệm vụ. Năm 2022 chưa đạt (Hoàn thành nhiệm vụ)"
        );
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
        let more = Comparator::parse(">").unwrap();
        assert_eq!(more, Comparator::MoreThan);
        // "trên 95%": 95,0 is reached but not passed; 95,1 passes.
        assert!(!more.meets(95.0, 95.0) && more.meets(95.1, 95.0));
        assert_eq!(more.achievement(95.0, 95.0), 99.9);
        assert_eq!(more.achievement(100.0, 95.0), 105.3);
        assert_eq!(more.achievement(47.5, 95.0), 50.0);
        let none = Summary {
            total: 12,
            met: 0,
            over_60_percent: 0,
        };
        assert_eq!(
            none.sentence_noting(11),
            "Có 0/12 chỉ tiêu đạt 100% trở lên, 0 chỉ tiêu đạt trên 60% (11 chỉ tiêu chưa có số liệu)"
        );
        assert_eq!(none.sentence_noting(0), none.sentence());
        assert_eq!(t.to_string(), "2020–2025");
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(check_review_day(t, day(2023, 6, 24)).is_ok());
        assert!(check_review_day(t, day(2020, 1, 1)).is_ok());
        assert!(check_review_day(t, day(2025, 12, 31)).is_ok());
        let before = check_review_day(t, day(2019, 12, 31))
            .unwrap_err()
            .to_string();
        assert!(
            before.contains("trước khi nhiệm kỳ 2020–2025 bắt đầu"),
            "{before}"
        );
        let after = check_review_day(t, day(2026, 1, 1))
            .unwrap_err()
            .to_string();
        assert!(after.contains("đã kết thúc"), "{after}");
        assert_eq!(t.code(), "2020-2025");
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
        assert!(Comparator::parse(">>").is_err());
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(s));
        }
    }

    proptest! {
        #[test]
        fn met_is_exactly_a_rate_of_100_or_more(values in proptest::collection::vec(0.0f64..=100.0, 1..6),
                                                 target_value in 1.0f64..=100.0, c in 0usize..4) {
            let t = target(Comparator::ALL[c], target_value, "%", Period::EachYear, Source::Manual);
            let e = t.evaluate(values.iter().enumerate().map(|(i, x)| (2020 + i as i32, *x)).collect());
            let rate = e.achievement_percent.unwrap();
            prop_assert_eq!(e.met, rate >= 100.0);
            prop_assert_eq!(e.over_60(), !e.met && rate > 60.0);
            prop_assert!(rate >= 0.0);
        }

        #[test]
        fn the_order_of_the_years_does_not_matter(mut values in proptest::collection::vec(0.0f64..=100.0, 1..6), target_value in 1.0f64..=100.0) {
            let t = target(Comparator::AtLeast, target_value, "%", Period::EachYear, Source::Manual);
            let a = t.evaluate(values.iter().enumerate().map(|(i, x)| (2020 + i as i32, *x)).collect());
            values.reverse();
            let b = t.evaluate(values.iter().enumerate().map(|(i, x)| (2020 + i as i32, *x)).collect());
            prop_assert_eq!(a.achievement_percent, b.achievement_percent);
            prop_assert_eq!(a.met, b.met);
        }

        #[test]
        fn at_least_achievement_is_monotone(a in 0.0f64..200.0, b in 0.0f64..200.0, t in 1.0f64..100.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(Comparator::AtLeast.achievement(lo, t) <= Comparator::AtLeast.achievement(hi, t));
            prop_assert!(Comparator::AtMost.achievement(lo, t) >= Comparator::AtMost.achievement(hi, t));
        }
    }
}
