//! Party badges (Huy hiệu Đảng, DOMAIN.md §11): party age from the admission decision minus
//! the periods outside the party, the milestones and award dates, who is due on an award date
//! (due, deferred after discipline, early for illness or posthumously), and the check of an award.
//!
//! Who is on the list of an award date D, for a milestone m not yet awarded (nor a higher one):
//! the member's *opening* day T is the day they reach m (or, seriously ill or deceased, the
//! first day the early allowance lets them receive it); from T, the first day outside every
//! waiting period after discipline is E. The member is listed on D when T ≤ D and E falls after
//! the previous award date P (so each member appears once, at the first award date they may
//! receive it, and again at every award date while their waiting runs): `deferred` while D lies
//! in a waiting period, `early` when they have not reached m on D, `due` otherwise. A milestone
//! that passed without a recorded badge at an earlier award date is not carried forward: the
//! list is what a committee prepares for one award date.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Discipline;
use crate::dated::{self, Rule};
use crate::text;

/// The years of party age honoured by a badge (HD 01-HD/TW 2021, Mục 18).
pub const MILESTONES: [u32; 12] = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];

/// The days badges are presented (month, day): 3/2, 19/5, 2/9, 7/11.
pub const AWARD_DAYS: [(u32, u32); 4] = [(2, 3), (5, 19), (9, 2), (11, 7)];

/// Where the milestones and the award dates are set out.
pub const SOURCE: &str = "HD 01-HD/TW, Mục 18";

/// Where the waiting after discipline is set out.
pub const WAIT_SOURCE: &str = "QĐ 24-QĐ/TW Điểm 27; HD 01-HD/TW Mục 18";

/// Where the deductions from party age are set out.
pub const AGE_SOURCE: &str = "QĐ 24-QĐ/TW 4.5.1; QĐ 45-QĐ/TW điểm 11.2a";

pub fn is_milestone(years: u32) -> bool {
    MILESTONES.contains(&years)
}

/// The four award dates of a year, in order.
pub fn award_dates(year: i32) -> Vec<NaiveDate> {
    AWARD_DAYS
        .iter()
        .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, *m, *d))
        .collect()
}

pub fn is_award_date(day: NaiveDate) -> bool {
    AWARD_DAYS.contains(&(day.month(), day.day()))
}

/// The last award date strictly before `day`.
pub fn previous_award_date(day: NaiveDate) -> NaiveDate {
    award_dates(day.year())
        .into_iter()
        .chain(award_dates(day.year() - 1))
        .filter(|d| *d < day)
        .max()
        .unwrap_or(day)
}

/// The first award date on or after `day`.
pub fn next_award_date(day: NaiveDate) -> NaiveDate {
    award_dates(day.year())
        .into_iter()
        .chain(award_dates(day.year() + 1))
        .filter(|d| *d >= day)
        .min()
        .unwrap_or(day)
}

/// Why a member was outside the party (or counts as if never out) for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// Khai trừ, later readmitted.
    Expelled,
    /// Xóa tên, later readmitted.
    Removed,
    /// Xin ra khỏi Đảng, later readmitted.
    Resigned,
    /// Mất liên lạc (bỏ sinh hoạt đảng).
    LostContact,
    /// Gián đoạn khi chuyển sinh hoạt đảng.
    TransferGap,
    /// Khai trừ oan, được phục hồi: counted as if never out (no deduction).
    WronglyExpelled,
}

impl GapKind {
    pub const ALL: [Self; 6] = [
        Self::Expelled,
        Self::Removed,
        Self::Resigned,
        Self::LostContact,
        Self::TransferGap,
        Self::WronglyExpelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Expelled => "expelled",
            Self::Removed => "removed",
            Self::Resigned => "resigned",
            Self::LostContact => "lost_contact",
            Self::TransferGap => "transfer_gap",
            Self::WronglyExpelled => "wrongly_expelled",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Expelled => "Bị khai trừ, sau được kết nạp lại",
            Self::Removed => "Bị xóa tên, sau được kết nạp lại",
            Self::Resigned => "Ra khỏi Đảng, sau được kết nạp lại",
            Self::LostContact => "Mất liên lạc với tổ chức đảng",
            Self::TransferGap => "Gián đoạn khi chuyển sinh hoạt đảng",
            Self::WronglyExpelled => "Khai trừ oan, đã được phục hồi (không trừ)",
        }
    }

    /// Whether the period is taken off the party age.
    pub fn deducted(self) -> bool {
        self != Self::WronglyExpelled
    }
}

/// Reads a form of discipline as typed: its code (`canh_cao`) or its name ("Cảnh cáo",
/// "canh cao"), case and diacritics ignored.
pub fn parse_discipline(raw: &str) -> Option<Discipline> {
    let key = text::search_key(raw).replace(['-', ' '], "_");
    Discipline::ALL
        .into_iter()
        .find(|d| d.code() == key || text::search_key(d.label()).replace(' ', "_") == key)
}

/// A period outside the party: from `from` (included) to `to` (excluded: the day of
/// readmission, reconnection or arrival).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Gap {
    pub kind: GapKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Party age in completed years, months and days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartyAge {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

impl fmt::Display for PartyAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} năm {} tháng {} ngày",
            self.years, self.months, self.days
        )
    }
}

fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

fn sub_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// The days taken off the party age between `admitted` and `until`: the deducted periods
/// clipped to that span, overlaps counted once, in whatever order they are given.
pub fn deducted_days(admitted: NaiveDate, gaps: &[Gap], until: NaiveDate) -> i64 {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = gaps
        .iter()
        .filter(|g| g.kind.deducted())
        .map(|g| (g.from.max(admitted), g.to.min(until)))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort();
    let mut total = 0;
    let mut reach: Option<NaiveDate> = None;
    for (a, b) in spans {
        let start = reach.map_or(a, |r| a.max(r));
        if b > start {
            total += (b - start).num_days();
        }
        reach = Some(reach.map_or(b, |r| r.max(b)));
    }
    total
}

/// The day party age counts from once the deductions are taken: the admission moved later by
/// the days outside the party.
fn counted_from(admitted: NaiveDate, gaps: &[Gap], until: NaiveDate) -> NaiveDate {
    admitted + chrono::Days::new(deducted_days(admitted, gaps, until).max(0) as u64)
}

/// Completed years, months and days from `from` to `to` (zero if `to` is earlier).
fn span(from: NaiveDate, to: NaiveDate) -> PartyAge {
    if to <= from {
        return PartyAge {
            years: 0,
            months: 0,
            days: 0,
        };
    }
    let mut months = (to.year() - from.year()) as u32 * 12 + to.month() - 1;
    months = months.saturating_sub(from.month() - 1);
    while months > 0 && add_months(from, months) > to {
        months -= 1;
    }
    let days = (to - add_months(from, months)).num_days() as u32;
    PartyAge {
        years: months / 12,
        months: months % 12,
        days,
    }
}

/// Party age on `on`: from the admission decision (or the card's date where it is lost) to
/// `on`, minus the periods outside the party (QĐ 24-QĐ/TW 4.5.1).
pub fn party_age(admitted: NaiveDate, gaps: &[Gap], on: NaiveDate) -> PartyAge {
    span(counted_from(admitted, gaps, on), on)
}

/// The day a member reaches `years` of party age, counting the periods out before `until`.
pub fn reach_date(admitted: NaiveDate, gaps: &[Gap], years: u32, until: NaiveDate) -> NaiveDate {
    add_months(counted_from(admitted, gaps, until), years * 12)
}

/// The numbers of the badge rules in force on one award date (dated settings, `domain::dated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadgeSettings {
    pub wait_canh_cao_months: u32,
    pub wait_cach_chuc_months: u32,
    pub early_illness_months: u32,
    pub early_illness_months_from_70: u32,
    pub early_posthumous_months: u32,
}

impl BadgeSettings {
    /// Reads each rule's value through `value` (the value in force on the award date).
    pub fn read(value: impl Fn(&Rule) -> u32) -> Self {
        Self {
            wait_canh_cao_months: value(&dated::BADGE_WAIT_CANH_CAO_MONTHS),
            wait_cach_chuc_months: value(&dated::BADGE_WAIT_CACH_CHUC_MONTHS),
            early_illness_months: value(&dated::BADGE_EARLY_ILLNESS_MONTHS),
            early_illness_months_from_70: value(&dated::BADGE_EARLY_ILLNESS_MONTHS_FROM_70),
            early_posthumous_months: value(&dated::BADGE_EARLY_POSTHUMOUS_MONTHS),
        }
    }

    /// The regulation's defaults.
    pub fn defaults() -> Self {
        Self::read(|r| r.default)
    }

    /// How long a form of discipline defers a badge (none for khiển trách; khai trừ puts the
    /// member outside the party, a [`Gap`]).
    pub fn wait_months(&self, form: Discipline) -> u32 {
        match form {
            Discipline::CanhCao => self.wait_canh_cao_months,
            Discipline::CachChuc => self.wait_cach_chuc_months,
            Discipline::KhienTrach | Discipline::KhaiTru => 0,
        }
    }

    /// How early a seriously ill member may receive the badge of `milestone`.
    pub fn illness_months(&self, milestone: u32) -> u32 {
        if milestone >= 70 {
            self.early_illness_months_from_70
        } else {
            self.early_illness_months
        }
    }
}

/// A member's facts that decide a badge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BadgeFacts {
    /// The admission decision's date (or the card's, where the decision is lost).
    pub admitted: Option<NaiveDate>,
    pub gaps: Vec<Gap>,
    /// (decision date, form) of each discipline.
    pub disciplines: Vec<(NaiveDate, Discipline)>,
    /// Milestones already awarded.
    pub awarded: Vec<u32>,
    /// Since when the member is recorded as seriously ill (đau ốm nặng).
    pub ill_since: Option<NaiveDate>,
    /// The day of death, for a posthumous award.
    pub died: Option<NaiveDate>,
}

/// How a listed member stands on the award date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeStatus {
    /// Reached the milestone, nothing waiting.
    Due,
    /// Reached (or may receive early) but waiting after discipline.
    Deferred,
    /// Not yet reached, receives it early (serious illness or posthumously).
    Early,
}

impl BadgeStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Deferred => "deferred",
            Self::Early => "early",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Due => "Đến hạn",
            Self::Deferred => "Chưa xét (đang chờ sau kỷ luật)",
            Self::Early => "Xét sớm",
        }
    }
}

/// One member's line on the list of an award date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueLine {
    pub milestone: u32,
    pub status: BadgeStatus,
    /// Party age on the award date (on the day of death for a deceased member).
    pub party_age: PartyAge,
    pub deducted_days: i64,
    /// The day the milestone is reached.
    pub reached_on: NaiveDate,
    /// Why, in Vietnamese: the rule that placed the member on the list.
    pub reason: String,
}

/// A waiting period after discipline: `[from, until)`, with its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Waiting {
    from: NaiveDate,
    until: NaiveDate,
    form: Discipline,
}

fn waitings(facts: &BadgeFacts, s: &BadgeSettings) -> Vec<Waiting> {
    facts
        .disciplines
        .iter()
        .filter_map(|(on, form)| {
            let months = s.wait_months(*form);
            (months > 0).then(|| Waiting {
                from: *on,
                until: add_months(*on, months),
                form: *form,
            })
        })
        .collect()
}

/// The waiting period `day` falls in, if any (the one that ends last).
fn waiting_on(ws: &[Waiting], day: NaiveDate) -> Option<Waiting> {
    ws.iter()
        .filter(|w| w.from <= day && day < w.until)
        .max_by_key(|w| w.until)
        .copied()
}

/// The first day on or after `day` outside every waiting period.
fn first_free(ws: &[Waiting], mut day: NaiveDate) -> NaiveDate {
    while let Some(w) = waiting_on(ws, day) {
        day = w.until;
    }
    day
}

/// The day a member may first receive `milestone` (reached, or the early allowance), with
/// the allowance used; `None` when no allowance lets a deceased member receive it.
fn opening(
    facts: &BadgeFacts,
    admitted: NaiveDate,
    milestone: u32,
    on: NaiveDate,
    s: &BadgeSettings,
) -> Option<(NaiveDate, NaiveDate)> {
    let until = facts.died.map_or(on, |y| y.min(on));
    let reached = reach_date(admitted, &facts.gaps, milestone, until);
    let open = match (facts.died, facts.ill_since) {
        (Some(y), _) if y < reached => {
            (sub_months(reached, s.early_posthumous_months) <= y).then_some(y)?
        }
        (None, Some(ill)) if ill <= on && reached > on => {
            sub_months(reached, s.illness_months(milestone)).max(ill)
        }
        _ => reached,
    };
    Some((open.min(reached), reached))
}

/// Where a member stands on the list of the award date `on` (see the module's comment for
/// who is listed), or `None` when they are not on it.
pub fn assess(facts: &BadgeFacts, on: NaiveDate, s: &BadgeSettings) -> Option<DueLine> {
    let admitted = facts.admitted?;
    if facts.died.is_some_and(|y| y > on) {
        return None;
    }
    let until = facts.died.map_or(on, |y| y.min(on));
    let highest = facts.awarded.iter().copied().max().unwrap_or(0);
    let previous = previous_award_date(on);
    let ws = waitings(facts, s);
    for m in MILESTONES.into_iter().rev().filter(|m| *m > highest) {
        let Some((open, reached)) = opening(facts, admitted, m, on, s) else {
            continue;
        };
        if open > on || first_free(&ws, open) <= previous {
            continue;
        }
        let waiting = waiting_on(&ws, on);
        let status = match waiting {
            Some(_) => BadgeStatus::Deferred,
            None if reached > until => BadgeStatus::Early,
            None => BadgeStatus::Due,
        };
        let reason = line_reason(facts, m, reached, status, waiting);
        return Some(DueLine {
            milestone: m,
            status,
            party_age: party_age(admitted, &facts.gaps, until),
            deducted_days: deducted_days(admitted, &facts.gaps, until),
            reached_on: reached,
            reason,
        });
    }
    None
}

fn line_reason(
    facts: &BadgeFacts,
    m: u32,
    reached: NaiveDate,
    status: BadgeStatus,
    waiting: Option<Waiting>,
) -> String {
    let d = text::format_date;
    match (status, waiting) {
        (BadgeStatus::Deferred, Some(w)) => format!(
            "Đủ {m} năm tuổi Đảng ngày {}; đang trong thời gian chờ sau kỷ luật {} ngày {}, đến {} ({WAIT_SOURCE})",
            d(reached),
            w.form.label().to_lowercase(),
            d(w.from),
            d(w.until)
        ),
        (BadgeStatus::Early, _) if facts.died.is_some() => format!(
            "Truy tặng: từ trần trước khi đủ {m} năm tuổi Đảng (đủ ngày {}) ({SOURCE})",
            d(reached)
        ),
        (BadgeStatus::Early, _) => format!(
            "Xét sớm do đau ốm nặng: đủ {m} năm tuổi Đảng ngày {} ({SOURCE})",
            d(reached)
        ),
        _ => format!("Đủ {m} năm tuổi Đảng ngày {} ({SOURCE})", d(reached)),
    }
}

/// Why a badge cannot be awarded. `Display` names the rule, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadgeRefusal {
    #[error(
        "{0} năm không phải mốc Huy hiệu Đảng (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90 năm tuổi Đảng; HD 01-HD/TW, Mục 18)"
    )]
    NotMilestone(u32),
    #[error("người này chưa có ngày vào Đảng trong sổ đảng viên")]
    NotMember,
    #[error("đã nhận Huy hiệu {0} năm tuổi Đảng")]
    AlreadyAwarded(u32),
    #[error("đã nhận Huy hiệu {higher} năm tuổi Đảng, cao hơn mốc {milestone} năm")]
    HigherAwarded { milestone: u32, higher: u32 },
    #[error(
        "chưa đủ {milestone} năm tuổi Đảng (HD 01-HD/TW, Mục 18): đến ngày {on} tuổi Đảng là {age}, đủ {milestone} năm vào ngày {reached}{allowance}"
    )]
    TooYoung {
        milestone: u32,
        on: String,
        age: PartyAge,
        reached: String,
        /// The early allowance considered, if any ("; được xét sớm tối đa 12 tháng do …").
        allowance: String,
    },
    #[error(
        "đang trong thời gian chờ {months} tháng sau kỷ luật {form} ngày {from}, đến ngày {until} mới được xét ({WAIT_SOURCE})"
    )]
    Waiting {
        form: String,
        months: u32,
        from: String,
        until: String,
    },
}

/// Checks an award of `milestone` on `on`: the status it is awarded with, or the refusal
/// naming the rule.
pub fn check_award(
    facts: &BadgeFacts,
    milestone: u32,
    on: NaiveDate,
    s: &BadgeSettings,
) -> Result<BadgeStatus, BadgeRefusal> {
    if !is_milestone(milestone) {
        return Err(BadgeRefusal::NotMilestone(milestone));
    }
    let admitted = facts.admitted.ok_or(BadgeRefusal::NotMember)?;
    if facts.awarded.contains(&milestone) {
        return Err(BadgeRefusal::AlreadyAwarded(milestone));
    }
    if let Some(higher) = facts
        .awarded
        .iter()
        .copied()
        .filter(|h| *h > milestone)
        .max()
    {
        return Err(BadgeRefusal::HigherAwarded { milestone, higher });
    }
    let until = facts.died.map_or(on, |y| y.min(on));
    let Some((_, reached)) = opening(facts, admitted, milestone, on, s).filter(|o| o.0 <= on)
    else {
        let reached = reach_date(admitted, &facts.gaps, milestone, until);
        return Err(too_young(facts, admitted, milestone, on, reached, s));
    };
    let ws = waitings(facts, s);
    if let Some(w) = waiting_on(&ws, on) {
        return Err(BadgeRefusal::Waiting {
            form: w.form.label().to_lowercase(),
            months: s.wait_months(w.form),
            from: text::format_date(w.from),
            until: text::format_date(w.until),
        });
    }
    Ok(if reached > until {
        BadgeStatus::Early
    } else {
        BadgeStatus::Due
    })
}

fn too_young(
    facts: &BadgeFacts,
    admitted: NaiveDate,
    milestone: u32,
    on: NaiveDate,
    reached: NaiveDate,
    s: &BadgeSettings,
) -> BadgeRefusal {
    let until = facts.died.map_or(on, |y| y.min(on));
    let allowance = match (facts.died, facts.ill_since) {
        (Some(_), _) => format!(
            "; truy tặng chỉ khi thiếu không quá {} tháng",
            s.early_posthumous_months
        ),
        (None, Some(ill)) if ill <= on => format!(
            "; đau ốm nặng được xét sớm tối đa {} tháng",
            s.illness_months(milestone)
        ),
        _ => String::new(),
    };
    BadgeRefusal::TooYoung {
        milestone,
        on: text::format_date(on),
        age: party_age(admitted, &facts.gaps, until),
        reached: text::format_date(reached),
        allowance,
    }
}

#[cfg(test)]
mod tests;
