//! The congress season (mùa đại hội): a superior's plan (e.g. Kế hoạch 205-KH/ĐU) scheduling
//! its subordinates' congresses, the pilot congress, progress and the interval rule (DOMAIN.md §4).

use std::fmt;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::text::format_date;

/// The interval rule: a branch holds its congress twice in five years, so one term is 30
/// months, and may hold it at most six months early or late (Điều lệ Art. 24; **verify**:
/// kept as settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonRules {
    pub term_months: u32,
    pub tolerance_months: u32,
}

impl Default for SeasonRules {
    fn default() -> Self {
        Self {
            term_months: 30,
            tolerance_months: 6,
        }
    }
}

impl SeasonRules {
    /// The earliest and latest allowed date of the congress after one held on `previous`.
    pub fn window(&self, previous: NaiveDate) -> (NaiveDate, NaiveDate) {
        let due = previous + Months::new(self.term_months);
        (
            due - Months::new(self.tolerance_months),
            due + Months::new(self.tolerance_months),
        )
    }
}

/// One subordinate organization in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub org_code: String,
    pub org_name: String,
    pub scheduled: NaiveDate,
    /// Đại hội điểm: held first as a model.
    pub pilot: bool,
    /// When its congress was held, if it has been.
    pub held_on: Option<NaiveDate>,
    /// When its previous congress was held, if known.
    pub previous: Option<NaiveDate>,
}

/// Where one item stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// Past its scheduled date and not held: shown first.
    Overdue,
    Pending,
    Held,
}

impl PlanState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "quá hạn",
            Self::Pending => "chưa tổ chức",
            Self::Held => "đã tổ chức",
        }
    }
}

/// A congress outside the interval rule, or a plan whose pilot does not come first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SeasonWarning {
    OutsideWindow {
        org_code: String,
        date: NaiveDate,
        earliest: NaiveDate,
        latest: NaiveDate,
    },
    PilotNotFirst {
        org_code: String,
        earlier: String,
    },
}

impl fmt::Display for SeasonWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutsideWindow {
                org_code,
                date,
                earliest,
                latest,
            } => write!(
                f,
                "{org_code}: đại hội ngày {} nằm ngoài khoảng cho phép từ {} đến {} (chi bộ trực thuộc đảng ủy cơ sở: 5 năm 2 lần đại hội, tức 30 tháng sau đại hội trước, sớm hoặc muộn không quá 6 tháng)",
                format_date(*date),
                format_date(*earliest),
                format_date(*latest)
            ),
            Self::PilotNotFirst { org_code, earlier } => write!(
                f,
                "{org_code} là đại hội điểm nhưng {earlier} được lên lịch tổ chức trước"
            ),
        }
    }
}

/// One row of the season dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRow {
    pub item: PlanItem,
    pub state: PlanState,
}

/// "x/y đã tổ chức", the rows overdue first, then pending by date, then held, and warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub held: usize,
    pub total: usize,
    pub rows: Vec<PlanRow>,
    pub warnings: Vec<SeasonWarning>,
}

impl Progress {
    /// Where every item of the plan stands on `today`.
    pub fn of(items: &[PlanItem], today: NaiveDate, rules: &SeasonRules) -> Self {
        let mut rows: Vec<PlanRow> = items
            .iter()
            .map(|i| PlanRow {
                state: match i.held_on {
                    Some(_) => PlanState::Held,
                    None if i.scheduled < today => PlanState::Overdue,
                    None => PlanState::Pending,
                },
                item: i.clone(),
            })
            .collect();
        let rank = |s: PlanState| match s {
            PlanState::Overdue => 0,
            PlanState::Pending => 1,
            PlanState::Held => 2,
        };
        rows.sort_by(|a, b| {
            rank(a.state)
                .cmp(&rank(b.state))
                .then(a.item.scheduled.cmp(&b.item.scheduled))
                .then(a.item.org_code.cmp(&b.item.org_code))
        });
        let mut warnings = Vec::new();
        for i in items {
            if let Some(prev) = i.previous {
                let date = i.held_on.unwrap_or(i.scheduled);
                let (earliest, latest) = rules.window(prev);
                if date < earliest || date > latest {
                    warnings.push(SeasonWarning::OutsideWindow {
                        org_code: i.org_code.clone(),
                        date,
                        earliest,
                        latest,
                    });
                }
            }
        }
        for p in items.iter().filter(|i| i.pilot) {
            if let Some(e) = items
                .iter()
                .filter(|i| !i.pilot && i.scheduled < p.scheduled)
                .min_by_key(|i| i.scheduled)
            {
                warnings.push(SeasonWarning::PilotNotFirst {
                    org_code: p.org_code.clone(),
                    earlier: e.org_code.clone(),
                });
            }
        }
        Self {
            held: items.iter().filter(|i| i.held_on.is_some()).count(),
            total: items.len(),
            rows,
            warnings,
        }
    }

    /// "3/4 đã tổ chức".
    pub fn label(&self) -> String {
        format!("{}/{} đã tổ chức", self.held, self.total)
    }
}

/// What an article says of a congress's place in its superior's plan, from the plan's progress
/// on the congress's day (`progress`, which counts this congress): the pilot "được lựa chọn tổ
/// chức đại hội điểm" (seed 002), any other "là chi bộ thứ 3 trong 4 chi bộ trực thuộc … hoàn
/// thành tổ chức đại hội theo kế hoạch" (seed 001). `issuer` is the plan's issuing committee
/// ("Đảng ủy Sở Công Thương"), `unit` what the items are ("chi bộ").
pub struct SeasonPlace<'a> {
    pub org_name: &'a str,
    pub pilot: bool,
    pub symbol: &'a str,
    pub issued_on: NaiveDate,
    pub issuer: &'a str,
    pub superior: &'a str,
    pub unit: &'a str,
}

impl SeasonPlace<'_> {
    pub fn sentence(&self, progress: &Progress) -> String {
        let plan = format!(
            "Kế hoạch số {} ngày {} của {}",
            self.symbol,
            crate::text::format_date(self.issued_on),
            self.issuer
        );
        if self.pilot {
            format!(
                "Thực hiện {plan}, {} được lựa chọn tổ chức đại hội điểm.",
                self.org_name
            )
        } else {
            format!(
                "{} là {} thứ {} trong {} {} trực thuộc {} hoàn thành tổ chức đại hội theo {plan}.",
                self.org_name, self.unit, progress.held, progress.total, self.unit, self.superior
            )
        }
    }
}

/// The committee that issues a party organization's papers: "Đảng bộ Sở Nội vụ" → "Đảng ủy Sở
/// Nội vụ" (a branch issues its own: "Chi bộ …" stays).
pub fn issuing_committee(org_name: &str) -> String {
    match org_name.strip_prefix("Đảng bộ ") {
        Some(rest) => format!("Đảng ủy {rest}"),
        None => org_name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_says_where_the_congress_stands_in_its_plan() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let item = |org: &str, on, pilot| PlanItem {
            org_code: org.into(),
            org_name: org.into(),
            scheduled: on,
            pilot,
            held_on: (on <= day(2019, 11, 8)).then_some(on),
            previous: None,
        };
        let items = [
            item("A", day(2019, 10, 15), false),
            item("B", day(2019, 10, 29), false),
            item("C", day(2019, 11, 8), false),
            item("D", day(2019, 11, 20), false),
        ];
        let p = Progress::of(&items, day(2019, 11, 8), &SeasonRules::default());
        let place = SeasonPlace {
            org_name: "Chi bộ Ban Thi đua – Khen thưởng",
            pilot: false,
            symbol: "25-KH/ĐU",
            issued_on: day(2019, 7, 15),
            issuer: &issuing_committee("Đảng bộ Sở Nội vụ"),
            superior: "Đảng bộ Sở Nội vụ",
            unit: "chi bộ",
        };
        assert_eq!(
            place.sentence(&p),
            "Chi bộ Ban Thi đua – Khen thưởng là chi bộ thứ 3 trong 4 chi bộ trực thuộc Đảng bộ Sở Nội vụ hoàn thành tổ chức đại hội theo Kế hoạch số 25-KH/ĐU ngày 15/7/2019 của Đảng ủy Sở Nội vụ."
        );
        let pilot = SeasonPlace {
            pilot: true,
            ..place
        };
        assert!(
            pilot
                .sentence(&p)
                .ends_with("được lựa chọn tổ chức đại hội điểm.")
        );
        assert_eq!(
            issuing_committee("Chi bộ Sở Ngoại vụ"),
            "Chi bộ Sở Ngoại vụ"
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn item(code: &str, scheduled: NaiveDate, held: Option<NaiveDate>) -> PlanItem {
        PlanItem {
            org_code: code.into(),
            org_name: format!("Chi bộ {code}"),
            scheduled,
            pilot: false,
            held_on: held,
            previous: None,
        }
    }

    #[test]
    fn progress_counts_held_and_lists_overdue_first() {
        let today = d(2025, 6, 1);
        let items = [
            item("CB-A", d(2025, 7, 1), None),
            item("CB-B", d(2025, 3, 1), Some(d(2025, 3, 2))),
            item("CB-C", d(2025, 5, 1), None),
            item("CB-D", d(2025, 4, 1), None),
        ];
        let p = Progress::of(&items, today, &SeasonRules::default());
        assert_eq!(p.label(), "1/4 đã tổ chức");
        let order: Vec<_> = p
            .rows
            .iter()
            .map(|r| (r.item.org_code.as_str(), r.state))
            .collect();
        assert_eq!(
            order,
            [
                ("CB-D", PlanState::Overdue),
                ("CB-C", PlanState::Overdue),
                ("CB-A", PlanState::Pending),
                ("CB-B", PlanState::Held)
            ]
        );
    }

    #[test]
    fn a_congress_more_than_six_months_off_the_term_is_warned() {
        // Previous congress 01/06/2020: due 01/12/2022, allowed 01/06/2022 to 01/06/2023.
        let mut on_time = item("CB-A", d(2023, 6, 1), None);
        on_time.previous = Some(d(2020, 6, 1));
        let mut late = item("CB-B", d(2023, 6, 2), None);
        late.previous = Some(d(2020, 6, 1));
        let mut early = item("CB-C", d(2022, 5, 31), None);
        early.previous = Some(d(2020, 6, 1));
        let p = Progress::of(
            &[on_time, late, early],
            d(2022, 1, 1),
            &SeasonRules::default(),
        );
        let warned: Vec<_> = p
            .warnings
            .iter()
            .map(|w| match w {
                SeasonWarning::OutsideWindow { org_code, .. } => org_code.as_str(),
                _ => "?",
            })
            .collect();
        assert_eq!(warned, ["CB-B", "CB-C"]);
        assert!(
            p.warnings[0]
                .to_string()
                .contains("từ 1/6/2022 đến 1/6/2023"),
            "{}",
            p.warnings[0]
        );
    }

    #[test]
    fn a_pilot_scheduled_after_another_congress_is_warned() {
        let mut pilot = item("CB-P", d(2025, 5, 1), None);
        pilot.pilot = true;
        let p = Progress::of(
            &[pilot.clone(), item("CB-A", d(2025, 4, 1), None)],
            d(2025, 1, 1),
            &SeasonRules::default(),
        );
        assert_eq!(
            p.warnings,
            [SeasonWarning::PilotNotFirst {
                org_code: "CB-P".into(),
                earlier: "CB-A".into()
            }]
        );
        let p = Progress::of(
            &[pilot, item("CB-A", d(2025, 6, 1), None)],
            d(2025, 1, 1),
            &SeasonRules::default(),
        );
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn the_interval_rule_is_configurable() {
        let r = SeasonRules {
            term_months: 60,
            tolerance_months: 12,
        };
        assert_eq!(r.window(d(2020, 6, 1)), (d(2024, 6, 1), d(2026, 6, 1)));
    }
}
