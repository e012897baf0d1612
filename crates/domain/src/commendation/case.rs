//! What the eligibility rules read: one subject's history of years (rating, titles, initiatives,
//! discipline, and for a collective its members' counts), its earlier awards, and the thresholds
//! in force for the year judged. A case is checked when it is built: a year twice, a history that
//! does not reach the year judged, counts that do not add up are refused with the reason.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::discipline::Discipline;
use super::kind::{AwardKind, InitiativeLevel, Subject};
use crate::branch::rating::RatingLevel;
use crate::dated::{self, Dated, Rule};

/// The counts of a collective's members in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemberCounts {
    pub total: u32,
    pub lao_dong_tien_tien: u32,
    pub chien_si_thi_dua_co_so: u32,
    /// Members who completed their tasks (hoàn thành nhiệm vụ or better).
    pub completed: u32,
    pub disciplined_canh_cao_or_above: u32,
}

/// One year of a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRecord {
    pub year: i32,
    /// `None`: the year has no rating yet.
    pub rating: Option<RatingLevel>,
    pub titles: Vec<AwardKind>,
    pub initiatives: Vec<InitiativeLevel>,
    pub discipline: Option<Discipline>,
    pub members: Option<MemberCounts>,
}

impl YearRecord {
    pub fn new(year: i32, rating: Option<RatingLevel>) -> Self {
        Self {
            year,
            rating,
            titles: Vec::new(),
            initiatives: Vec::new(),
            discipline: None,
            members: None,
        }
    }
}

/// An award received earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriorAward {
    pub kind: AwardKind,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("năm {0} được ghi hai lần trong quá trình")]
    YearTwice(i32),
    #[error("quá trình không có năm {0}, năm cần xét")]
    NotReaching(i32),
    #[error("năm {0}: tập thể phải có số liệu thành viên (members)")]
    MembersMissing(i32),
    #[error("năm {year}: {what} ({count}) lớn hơn tổng số thành viên ({total})")]
    CountsExceedTotal {
        year: i32,
        what: &'static str,
        count: u32,
        total: u32,
    },
    #[error("năm {year}: {award} không dành cho {subject}")]
    WrongSubject {
        year: i32,
        award: &'static str,
        subject: &'static str,
    },
}

/// The thresholds in force for a year (DOMAIN.md §8), read from the dated settings on 31/12 of
/// that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub law_2022: bool,
    pub collective_advanced_percent: u32,
    pub collective_excellent_percent: u32,
    pub province_fighter_years: u32,
    pub national_fighter_times: u32,
    pub province_merit_years: u32,
    pub pm_merit_years: u32,
    pub pm_merit_fighters: u32,
    pub labour_third_years: u32,
    pub labour_third_fighters: u32,
    pub labour_second_years: u32,
    pub labour_second_excellent: u32,
}

impl Thresholds {
    /// The values in force for `year`, each read through `value` (the stored setting or the
    /// rule's default).
    pub fn for_year(year: i32, value: impl Fn(&Rule) -> Dated) -> Self {
        let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        let v = |r: &Rule| value(r).on(day);
        Self {
            law_2022: v(&dated::LAW_2022) != 0,
            collective_advanced_percent: v(&dated::COLLECTIVE_ADVANCED_PERCENT),
            collective_excellent_percent: v(&dated::COLLECTIVE_EXCELLENT_PERCENT),
            province_fighter_years: v(&dated::PROVINCE_FIGHTER_YEARS).max(1),
            national_fighter_times: v(&dated::NATIONAL_FIGHTER_TIMES).max(1),
            province_merit_years: v(&dated::PROVINCE_MERIT_YEARS).max(1),
            pm_merit_years: v(&dated::PM_MERIT_YEARS).max(1),
            pm_merit_fighters: v(&dated::PM_MERIT_FIGHTERS),
            labour_third_years: v(&dated::LABOUR_THIRD_YEARS).max(1),
            labour_third_fighters: v(&dated::LABOUR_THIRD_FIGHTERS),
            labour_second_years: v(&dated::LABOUR_SECOND_YEARS).max(1),
            labour_second_excellent: v(&dated::LABOUR_SECOND_EXCELLENT),
        }
    }

    /// The defaults of every rule for `year`.
    pub fn defaults(year: i32) -> Self {
        Self::for_year(year, Rule::defaults)
    }

    /// The law's name as a rule's citation starts.
    pub fn law(&self) -> &'static str {
        if self.law_2022 {
            "Luật Thi đua, khen thưởng 2022"
        } else {
            "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013)"
        }
    }
}

/// A checked case: the subject, the year judged and the history by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub subject: Subject,
    pub year: i32,
    history: BTreeMap<i32, YearRecord>,
    awards: Vec<PriorAward>,
    pub emulation_active: bool,
}

impl Case {
    pub fn new(
        subject: Subject,
        year: i32,
        history: Vec<YearRecord>,
        mut awards: Vec<PriorAward>,
        emulation_active: bool,
    ) -> Result<Self, CaseError> {
        let mut by_year = BTreeMap::new();
        for r in history {
            check_record(subject, &r)?;
            let y = r.year;
            if by_year.insert(y, r).is_some() {
                return Err(CaseError::YearTwice(y));
            }
        }
        if !by_year.contains_key(&year) {
            return Err(CaseError::NotReaching(year));
        }
        awards.sort();
        Ok(Self {
            subject,
            year,
            history: by_year,
            awards,
            emulation_active,
        })
    }

    pub fn record(&self, year: i32) -> Option<&YearRecord> {
        self.history.get(&year)
    }

    /// The year judged.
    pub fn current(&self) -> &YearRecord {
        // `new` refuses a history without the year judged.
        &self.history[&self.year]
    }

    pub fn years(&self) -> impl Iterator<Item = &YearRecord> {
        self.history.values()
    }

    pub fn awards(&self) -> &[PriorAward] {
        &self.awards
    }

    /// The latest earlier award of `kind` up to `year`.
    pub fn latest_award(&self, kind: AwardKind, up_to: i32) -> Option<i32> {
        self.awards
            .iter()
            .filter(|a| a.kind == kind && a.year <= up_to)
            .map(|a| a.year)
            .max()
    }
}

fn check_record(subject: Subject, r: &YearRecord) -> Result<(), CaseError> {
    if let Some(k) = r.titles.iter().find(|k| !k.admits(subject)) {
        return Err(CaseError::WrongSubject {
            year: r.year,
            award: k.label(),
            subject: subject.label(),
        });
    }
    if subject == Subject::Collective {
        let m = r.members.ok_or(CaseError::MembersMissing(r.year))?;
        for (what, count) in [
            ("số Lao động tiên tiến", m.lao_dong_tien_tien),
            ("số Chiến sĩ thi đua cơ sở", m.chien_si_thi_dua_co_so),
            ("số hoàn thành nhiệm vụ", m.completed),
            ("số bị kỷ luật", m.disciplined_canh_cao_or_above),
        ] {
            if count > m.total {
                return Err(CaseError::CountsExceedTotal {
                    year: r.year,
                    what,
                    count,
                    total: m.total,
                });
            }
        }
    }
    Ok(())
}

/// The cap on Chiến sĩ thi đua cơ sở in a unit, when a setting gives one (0 = none; the 15% of
/// NĐ 91/2017 is gone, DOMAIN.md §8): `None` when `fighters` stays within `percent` of those
/// proposed Lao động tiên tiến, otherwise the warning a proposal shows.
pub fn fighter_cap(advanced: usize, fighters: usize, percent: u32) -> Option<String> {
    if percent == 0 {
        return None;
    }
    let most = advanced * percent as usize / 100;
    (fighters > most).then(|| {
        format!(
            "{fighters} đồng chí đề nghị Chiến sĩ thi đua cơ sở, vượt mức tối đa {percent}% của {advanced} đồng chí Lao động tiên tiến (tối đa {most})"
        )
    })
}

#[cfg(test)]
mod cap_tests {
    use super::fighter_cap;

    #[test]
    fn the_fighter_cap_is_off_by_default_and_warns_over_it() {
        assert_eq!(fighter_cap(20, 20, 0), None);
        assert_eq!(fighter_cap(20, 3, 15), None);
        assert_eq!(
            fighter_cap(20, 4, 15).as_deref(),
            Some(
                "4 đồng chí đề nghị Chiến sĩ thi đua cơ sở, vượt mức tối đa 15% của 20 đồng chí Lao động tiên tiến (tối đa 3)"
            )
        );
    }
}
