//! The roll-up for a superior (tổng hợp đánh giá thực hiện nghị quyết): every subordinate
//! organization with a congress resolution, its review counted as "X/Y chỉ tiêu đạt 100% trở
//! lên, Z chỉ tiêu đạt trên 60%" for a chosen year, the mid-term or the end of the term, the
//! totals, and the order in which a superior reads them (those needing attention first).
//!
//! Which resolution and which years:
//! - a **year** `Y`: the resolution whose term holds `Y` (`from ≤ Y < to`, the newest when two
//!   do); a yearly target is judged on `Y` alone, a whole-term target on the term up to `Y`;
//! - **mid-term** (sơ kết giữa nhiệm kỳ): the latest resolution, on the first half of its term
//!   (rounded up: 3 of the 5 years of 2020–2025), up to this year;
//! - **end of term** (tổng kết nhiệm kỳ): the latest resolution, on every year of its term up
//!   to this year, so each line equals the organization's own review.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::target::{Evaluation, Period, Summary, Target, Term};

/// What the roll-up reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Year(i32),
    MidTerm,
    EndOfTerm,
}

impl Scope {
    /// From the page's parameters: `ky` = `nam` (with `nam` = the year), `giua-nhiem-ky` or
    /// `cuoi-nhiem-ky` (the default).
    pub fn from_param(kind: Option<&str>, year: Option<i32>) -> Result<Self, String> {
        match kind.map(str::trim).unwrap_or("") {
            "" | "cuoi-nhiem-ky" => Ok(Self::EndOfTerm),
            "giua-nhiem-ky" => Ok(Self::MidTerm),
            "nam" => year
                .map(Self::Year)
                .ok_or_else(|| "Hãy chọn năm cần tổng hợp.".to_string()),
            other => Err(format!(
                "Kỳ tổng hợp '{other}' không hợp lệ (nam, giua-nhiem-ky hoặc cuoi-nhiem-ky)."
            )),
        }
    }

    /// `nam`, `giua-nhiem-ky`, `cuoi-nhiem-ky`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Year(_) => "nam",
            Self::MidTerm => "giua-nhiem-ky",
            Self::EndOfTerm => "cuoi-nhiem-ky",
        }
    }

    /// "Năm 2025", "Sơ kết giữa nhiệm kỳ", "Tổng kết nhiệm kỳ".
    pub fn label(self) -> String {
        match self {
            Self::Year(y) => format!("Năm {y}"),
            Self::MidTerm => "Sơ kết giữa nhiệm kỳ".into(),
            Self::EndOfTerm => "Tổng kết nhiệm kỳ".into(),
        }
    }

    /// The term reviewed among an organization's resolutions (`None`: none fits).
    pub fn choose(self, terms: &[Term], this_year: i32) -> Option<Term> {
        let fits = |t: &&Term| match self {
            Self::Year(y) => t.from <= y && y < t.to,
            Self::MidTerm | Self::EndOfTerm => t.from <= this_year,
        };
        terms.iter().filter(fits).max_by_key(|t| t.from).copied()
    }

    /// Every year whose data the scope may use for a resolution of `term`.
    pub fn window(self, term: Term, this_year: i32) -> Vec<i32> {
        let last = match self {
            Self::Year(y) => y.min(this_year),
            Self::MidTerm => (term.from + (term.to - term.from + 1) / 2 - 1).min(this_year),
            Self::EndOfTerm => (term.to - 1).min(this_year),
        };
        (term.from..=last).collect()
    }

    /// Whether a target is judged on `year`'s value within the window.
    pub fn counts(self, target: &Target, year: i32) -> bool {
        match (self, target.period) {
            (Self::Year(y), Period::EachYear) => year == y,
            _ => true,
        }
    }

    /// The target of a resolution of `term` evaluated as the roll-up judges it: only the
    /// years of the scope's window, then [`Scope::evaluate`]. A review page narrowed to the
    /// scope gives the same verdicts as the roll-up line it is opened from.
    pub fn evaluate_term(
        self,
        target: &Target,
        term: Term,
        this_year: i32,
        by_year: &BTreeMap<i32, f64>,
    ) -> Evaluation {
        let window = self.window(term, this_year);
        let inside: BTreeMap<i32, f64> = by_year
            .iter()
            .filter(|(y, _)| window.contains(y))
            .map(|(y, v)| (*y, *v))
            .collect();
        self.evaluate(target, &inside)
    }

    /// The target evaluated on the years of the window it is judged on.
    pub fn evaluate(self, target: &Target, by_year: &BTreeMap<i32, f64>) -> Evaluation {
        target.evaluate(
            by_year
                .iter()
                .filter(|(y, _)| self.counts(target, **y))
                .map(|(y, v)| (*y, *v))
                .collect(),
        )
    }
}

/// One organization of the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub code: String,
    pub name: String,
    /// The term of the resolution reviewed.
    pub term: Term,
    pub summary: Summary,
    /// Targets without any value in the years judged.
    pub without_data: usize,
}

impl Line {
    /// The line from its targets' evaluations.
    pub fn of<'a>(
        code: &str,
        name: &str,
        term: Term,
        evaluations: impl IntoIterator<Item = &'a Evaluation> + Clone,
    ) -> Self {
        Self {
            code: code.to_string(),
            name: name.to_string(),
            term,
            summary: Summary::of(evaluations.clone()),
            without_data: evaluations
                .into_iter()
                .filter(|e| e.actual.is_none())
                .count(),
        }
    }

    /// Share of targets met, in percent (one decimal); `None` without targets.
    pub fn met_percent(&self) -> Option<f64> {
        (self.summary.total > 0)
            .then(|| super::percent(self.summary.met as u64, self.summary.total as u64))
    }

    /// Some target is neither met nor above 60% (including targets without data).
    pub fn needs_attention(&self) -> bool {
        self.summary.below() > 0
    }

    /// The superior's reading order: the smallest share of targets met first, then the most
    /// targets at or under 60%, then the fewest above 60%; organizations without targets last;
    /// ties by code.
    pub fn attention_order(a: &Self, b: &Self) -> Ordering {
        let share =
            |l: &Self| (l.summary.total > 0).then(|| l.summary.met as f64 / l.summary.total as f64);
        match (share(a), share(b)) {
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (sa, sb) => sa
                .partial_cmp(&sb)
                .unwrap_or(Ordering::Equal)
                .then(b.summary.below().cmp(&a.summary.below()))
                .then(a.summary.over_60_percent.cmp(&b.summary.over_60_percent))
                .then_with(|| a.code.cmp(&b.code)),
        }
    }
}

/// The roll-up's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Organizations with a resolution reviewed.
    pub orgs: usize,
    /// Organizations that met every target (and have at least one).
    pub orgs_all_met: usize,
    /// Organizations with a target neither met nor above 60%.
    pub orgs_attention: usize,
    /// Every target of every organization, counted once.
    pub targets: Summary,
}

impl Totals {
    pub fn of(lines: &[Line]) -> Self {
        let mut targets = Summary {
            total: 0,
            met: 0,
            over_60_percent: 0,
        };
        for l in lines {
            targets.total += l.summary.total;
            targets.met += l.summary.met;
            targets.over_60_percent += l.summary.over_60_percent;
        }
        Self {
            orgs: lines.len(),
            orgs_all_met: lines
                .iter()
                .filter(|l| l.summary.total > 0 && l.summary.met == l.summary.total)
                .count(),
            orgs_attention: lines.iter().filter(|l| l.needs_attention()).count(),
            targets,
        }
    }

    /// "12 tổ chức có nghị quyết; 5 tổ chức đạt toàn bộ chỉ tiêu, 3 tổ chức có chỉ tiêu chưa
    /// đạt 60%. Tổng cộng 70/96 chỉ tiêu đạt 100% trở lên, 14 chỉ tiêu đạt trên 60%".
    pub fn sentence(&self) -> String {
        format!(
            "{} tổ chức có nghị quyết; {} tổ chức đạt toàn bộ chỉ tiêu, {} tổ chức có chỉ tiêu chưa đạt 60%. Tổng cộng {}",
            crate::text::format_int(self.orgs as i64),
            crate::text::format_int(self.orgs_all_met as i64),
            crate::text::format_int(self.orgs_attention as i64),
            self.targets.counts_text()
        )
    }
}

/// Sorts the lines in the superior's reading order and counts the totals.
pub fn roll_up(mut lines: Vec<Line>) -> (Vec<Line>, Totals) {
    lines.sort_by(Line::attention_order);
    let totals = Totals::of(&lines);
    (lines, totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::branch::target::{Comparator, Source};

    fn term(s: &str) -> Term {
        Term::parse(s).unwrap()
    }

    fn target(c: Comparator, v: f64, unit: &str, period: Period, source: Source) -> Target {
        Target::new("chỉ tiêu", c, v, unit, period, source).unwrap()
    }

    fn years(v: &[(i32, f64)]) -> BTreeMap<i32, f64> {
        v.iter().copied().collect()
    }

    fn line(code: &str, total: usize, met: usize, over: usize) -> Line {
        Line {
            code: code.into(),
            name: format!("Chi bộ {code}"),
            term: term("2025-2030"),
            summary: Summary {
                total,
                met,
                over_60_percent: over,
            },
            without_data: 0,
        }
    }

    #[test]
    fn scopes_choose_the_term_and_the_years() {
        let terms = [term("2020-2025"), term("2025-2030")];
        assert_eq!(
            Scope::Year(2024).choose(&terms, 2026),
            Some(term("2020-2025"))
        );
        assert_eq!(
            Scope::Year(2025).choose(&terms, 2026),
            Some(term("2025-2030"))
        );
        assert_eq!(Scope::Year(2019).choose(&terms, 2026), None);
        assert_eq!(
            Scope::EndOfTerm.choose(&terms, 2026),
            Some(term("2025-2030"))
        );
        assert_eq!(Scope::MidTerm.choose(&terms, 2024), Some(term("2020-2025")));
        let t = term("2020-2025");
        assert_eq!(Scope::MidTerm.window(t, 2030), vec![2020, 2021, 2022]);
        assert_eq!(Scope::MidTerm.window(t, 2021), vec![2020, 2021]);
        assert_eq!(
            Scope::EndOfTerm.window(t, 2030),
            vec![2020, 2021, 2022, 2023, 2024]
        );
        assert_eq!(Scope::EndOfTerm.window(t, 2022), vec![2020, 2021, 2022]);
        assert_eq!(Scope::Year(2022).window(t, 2030), vec![2020, 2021, 2022]);
        assert_eq!(Scope::MidTerm.window(term("2025-2027"), 2030), vec![2025]);
    }

    #[test]
    fn a_year_judges_yearly_targets_on_that_year_and_term_targets_to_date() {
        let yearly = target(
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        let term_count = target(
            Comparator::AtLeast,
            5.0,
            "người",
            Period::WholeTerm,
            Source::Admissions,
        );
        let data = years(&[(2020, 90.0), (2021, 96.0)]);
        // 2020 missed the target, but the year 2021 is judged alone.
        assert!(Scope::Year(2021).evaluate(&yearly, &data).met);
        assert!(!Scope::EndOfTerm.evaluate(&yearly, &data).met);
        let admitted = years(&[(2020, 3.0), (2021, 2.0)]);
        let e = Scope::Year(2021).evaluate(&term_count, &admitted);
        assert_eq!((e.actual, e.met), (Some(5.0), true));
    }

    #[test]
    fn lines_count_their_targets_and_those_without_data() {
        let t = target(
            Comparator::AtLeast,
            90.0,
            "%",
            Period::EachYear,
            Source::Attendance,
        );
        let evals = [
            t.evaluate(years(&[(2025, 95.0)])),
            t.evaluate(years(&[(2025, 70.0)])),
            t.evaluate(years(&[(2025, 40.0)])),
            t.evaluate(BTreeMap::new()),
        ];
        let l = Line::of("CB-A", "Chi bộ A", term("2025-2030"), &evals);
        assert_eq!(
            l.summary,
            Summary {
                total: 4,
                met: 1,
                over_60_percent: 1
            }
        );
        assert_eq!((l.without_data, l.summary.below()), (1, 2));
        assert_eq!(l.met_percent(), Some(25.0));
        assert!(l.needs_attention());
        assert_eq!(
            l.summary.counts_text(),
            "1/4 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%"
        );
    }

    #[test]
    fn those_needing_attention_come_first_and_totals_add_up() {
        let lines = vec![
            line("A", 4, 4, 0),
            line("B", 4, 1, 3),
            line("C", 4, 1, 0),
            line("D", 0, 0, 0),
            line("E", 5, 3, 1),
            line("F", 2, 0, 2),
        ];
        let (sorted, totals) = roll_up(lines);
        let order: Vec<&str> = sorted.iter().map(|l| l.code.as_str()).collect();
        // F: 0%; C and B 25% (C has more below 60%); E 60%; A 100%; D has no targets.
        assert_eq!(order, ["F", "C", "B", "E", "A", "D"]);
        assert_eq!(
            totals,
            Totals {
                orgs: 6,
                orgs_all_met: 1,
                orgs_attention: 2,
                targets: Summary {
                    total: 19,
                    met: 9,
                    over_60_percent: 6
                }
            }
        );
        assert_eq!(
            totals.sentence(),
            "6 tổ chức có nghị quyết; 1 tổ chức đạt toàn bộ chỉ tiêu, 2 tổ chức có chỉ tiêu chưa đạt 60%. Tổng cộng 9/19 chỉ tiêu đạt 100% trở lên, 6 chỉ tiêu đạt trên 60%"
        );
    }

    #[test]
    fn scope_parameters() {
        assert_eq!(Scope::from_param(None, None), Ok(Scope::EndOfTerm));
        assert_eq!(
            Scope::from_param(Some("giua-nhiem-ky"), None),
            Ok(Scope::MidTerm)
        );
        assert_eq!(
            Scope::from_param(Some("nam"), Some(2025)),
            Ok(Scope::Year(2025))
        );
        assert!(Scope::from_param(Some("nam"), None).is_err());
        assert!(Scope::from_param(Some("tuan"), None).is_err());
        for s in [Scope::Year(2025), Scope::MidTerm, Scope::EndOfTerm] {
            assert_eq!(
                Scope::from_param(Some(s.code()), Some(2025)),
                Ok(s),
                "{}",
                s.label()
            );
        }
    }
}
