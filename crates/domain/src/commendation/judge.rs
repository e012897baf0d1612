//! The judge every rule of `individual` and `collective` reads through: the case, the
//! thresholds of its year, and the named rules they share — a year's discipline blocks its
//! titles ([`Judge::not_disciplined`]), runs of consecutive years ([`Judge::run_back`]), and
//! "one achievement earns one award" ([`Judge::counted_after`]).

use std::cell::RefCell;

use super::case::{Case, Thresholds};
use super::kind::{AwardKind, InitiativeLevel};
use crate::branch::rating::RatingLevel;

/// A rule's outcome: the conditions that held, or the first that failed.
pub(super) type Outcome = Result<Vec<String>, String>;

/// The rule of every title and award for the subject's kind: (article, outcome).
pub(super) type Rules = fn(&Judge, AwardKind) -> (&'static str, Outcome);

pub(super) struct Judge<'a> {
    pub case: &'a Case,
    pub t: &'a Thresholds,
    pub rules: Rules,
    /// Whether each title's rule holds in the year judged, once asked: the higher titles and
    /// awards ask about the lower ones many times (a province's bench judges 60.000 people).
    held: RefCell<Vec<(AwardKind, bool)>>,
}

impl<'a> Judge<'a> {
    pub fn new(case: &'a Case, t: &'a Thresholds, rules: Rules) -> Self {
        Self {
            case,
            t,
            rules,
            held: RefCell::new(Vec::new()),
        }
    }

    /// Whether the rule of `award` holds in the year judged.
    pub fn holds(&self, award: AwardKind) -> bool {
        if let Some((_, h)) = self.held.borrow().iter().find(|(k, _)| *k == award) {
            return *h;
        }
        let h = (self.rules)(self, award).1.is_ok();
        self.held.borrow_mut().push((award, h));
        h
    }

    /// A title held in `year`: recorded there, or, in the year judged, one its rule grants now.
    pub fn has_title(&self, year: i32, title: AwardKind) -> bool {
        if year == self.case.year {
            return self.holds(title);
        }
        self.case
            .record(year)
            .is_some_and(|r| r.titles.contains(&title))
    }

    /// The year's rating, or the refusal "no rating" (a title needs a rated year).
    pub fn rating(&self, year: i32) -> Result<RatingLevel, String> {
        self.case
            .record(year)
            .and_then(|r| r.rating)
            .ok_or_else(|| format!("Năm {year} chưa có xếp loại chất lượng"))
    }

    /// Rule "discipline blocks a title": nobody disciplined in a year is proposed for its titles
    /// or awards (the guidance of NĐ 152/2025/NĐ-CP and TT 01/2024/TT-BNV; DOMAIN.md §8 marks
    /// the exact clause to verify).
    pub fn not_disciplined(&self, year: i32) -> Result<(), String> {
        match self.case.record(year).and_then(|r| r.discipline) {
            Some(d) => Err(format!(
                "Năm {year} bị kỷ luật {}: không xét danh hiệu, khen thưởng trong năm bị kỷ luật",
                d.label().to_lowercase()
            )),
            None => Ok(()),
        }
    }

    /// A year rated Good or better with no discipline: what the runs of the awards count.
    pub fn good_year(&self, year: i32) -> bool {
        self.case.record(year).is_some_and(|r| {
            r.discipline.is_none() && r.rating.is_some_and(|l| l >= RatingLevel::Good)
        })
    }

    /// A year rated Excellent with no discipline.
    pub fn excellent_year(&self, year: i32) -> bool {
        self.case
            .record(year)
            .is_some_and(|r| r.discipline.is_none() && r.rating == Some(RatingLevel::Excellent))
    }

    /// Rule "consecutive years": how many years, counting back from the year judged and staying
    /// after `after`, satisfy `pred` without a break.
    pub fn run_back(&self, after: Option<i32>, pred: impl Fn(i32) -> bool) -> u32 {
        let mut n = 0;
        let mut y = self.case.year;
        while after.is_none_or(|a| y > a) && pred(y) {
            n += 1;
            y -= 1;
        }
        n
    }

    /// Rule "one achievement earns one award" (Luật Thi đua, khen thưởng 2022, Điều 5: "không
    /// khen thưởng nhiều lần, nhiều hình thức cho một thành tích"): the years an award counts lie after the latest
    /// earlier award of the same kind (and after its prerequisite, if given). `Err` when it was
    /// already given in the year judged.
    pub fn counted_after(
        &self,
        award: AwardKind,
        prerequisite: Option<i32>,
    ) -> Result<Option<i32>, String> {
        let y = self.case.year;
        let same = self.case.latest_award(award, y);
        if same == Some(y) {
            return Err(format!(
                "Đã được tặng {} năm {y}: một thành tích chỉ được khen thưởng một lần",
                award.label()
            ));
        }
        Ok(same.max(prerequisite))
    }

    /// Initiatives at `level` or above in the years `from..=to`.
    pub fn initiatives(&self, from: i32, to: i32, level: InitiativeLevel) -> usize {
        self.case
            .years()
            .filter(|r| (from..=to).contains(&r.year))
            .flat_map(|r| r.initiatives.iter())
            .filter(|l| **l >= level)
            .count()
    }
}

/// "hoàn thành tốt nhiệm vụ", as a sentence says it.
pub(super) fn phrase(level: RatingLevel) -> String {
    let label = level.label();
    let mut c = label.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "2024–2025" or "2025".
pub(super) fn span(from: i32, to: i32) -> String {
    if from == to {
        to.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// "(tính từ sau … năm 2023: một thành tích chỉ khen thưởng một lần)" when a run was cut.
pub(super) fn since(what: &str, after: Option<i32>) -> String {
    match after {
        Some(a) => format!(" (tính từ sau {what} năm {a})"),
        None => String::new(),
    }
}
