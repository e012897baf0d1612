//! Inspection and supervision (kiểm tra, giám sát): a yearly plan, records per member and the
//! coverage the resolutions ask for ("ít nhất 30% tổng số đảng viên").

use serde::Serialize;

use super::percent;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionKind {
    /// Kiểm tra.
    Inspection,
    /// Giám sát thường xuyên.
    Regular,
    /// Giám sát chuyên đề.
    Thematic,
}

impl SupervisionKind {
    pub const ALL: [Self; 3] = [Self::Inspection, Self::Regular, Self::Thematic];

    pub fn code(self) -> &'static str {
        match self {
            Self::Inspection => "inspection",
            Self::Regular => "regular",
            Self::Thematic => "thematic",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Inspection => "Kiểm tra",
            Self::Regular => "Giám sát thường xuyên",
            Self::Thematic => "Giám sát chuyên đề",
        }
    }

    /// From a form or the command line: the code, the label or the short word ("kiểm tra",
    /// "thuong-xuyen", "chuyên đề"), ignoring case and diacritics.
    pub fn parse(raw: &str) -> Result<Self, SupervisionError> {
        super::choose(raw, &Self::ALL, |k| {
            vec![
                k.code(),
                k.label(),
                match k {
                    Self::Inspection => "kiểm tra",
                    Self::Regular => "thường xuyên",
                    Self::Thematic => "chuyên đề",
                },
            ]
        })
        .ok_or_else(|| SupervisionError::UnknownKind(raw.trim().to_string()))
    }
}

/// The plan's share typed in a form or on the command line: "30", "30%", "32,5".
pub fn parse_share(raw: &str) -> Result<f64, SupervisionError> {
    let t = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    match t.parse::<f64>() {
        Ok(v) => check_plan_share(v).map(|()| v),
        Err(_) => Err(SupervisionError::BadShare(raw.trim().to_string())),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupervisionError {
    #[error("tỷ lệ kế hoạch {q0} phải từ 0 đến 100%", q0 = crate::text::excerpt(.0))]
    BadShare(String),
    #[error("nội dung kiểm tra, giám sát không được để trống")]
    NoContent,
    #[error("loại kiểm tra, giám sát '{q0}' không hợp lệ (kiểm tra, thường xuyên, chuyên đề)", q0 = crate::text::excerpt(.0))]
    UnknownKind(String),
}

/// Checks a yearly plan's share of members to supervise.
pub fn check_plan_share(share: f64) -> Result<(), SupervisionError> {
    if share.is_finite() && (0.0..=100.0).contains(&share) {
        Ok(())
    } else {
        Err(SupervisionError::BadShare(share.to_string()))
    }
}

/// Coverage of a year: distinct members supervised among the members of the branch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SupervisionCoverage {
    pub members: u64,
    pub supervised: u64,
    /// The plan's share, when a plan was made.
    pub planned_percent: Option<f64>,
}

impl SupervisionCoverage {
    pub fn percent(&self) -> f64 {
        percent(self.supervised.min(self.members), self.members)
    }

    /// The members still to supervise to reach the plan (0 when reached or without a plan).
    pub fn still_needed(&self) -> u64 {
        match self.planned_percent {
            Some(p) => {
                let needed = (p * self.members as f64 / 100.0).ceil() as u64;
                needed.saturating_sub(self.supervised)
            }
            None => 0,
        }
    }

    /// "Đã kiểm tra, giám sát 07/22 đảng viên (31,8%); kế hoạch 30,0%."
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "Đã kiểm tra, giám sát {}/{} đảng viên ({})",
            text::format_count2(self.supervised as i64),
            text::format_count2(self.members as i64),
            text::format_percent(self.percent())
        );
        if let Some(p) = self.planned_percent {
            s.push_str(&format!("; kế hoạch {}", text::format_percent(p)));
            match self.still_needed() {
                0 => s.push_str(", đã đạt"),
                n => s.push_str(&format!(", còn {} đồng chí", text::format_count2(n as i64))),
            }
        }
        s.push('.');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn coverage_and_plan() {
        let c = SupervisionCoverage {
            members: 22,
            supervised: 5,
            planned_percent: Some(30.0),
        };
        assert_eq!(c.percent(), 22.7);
        assert_eq!(c.still_needed(), 2); // 30% of 22 is 6.6, so 7
        assert_eq!(
            c.sentence(),
            "Đã kiểm tra, giám sát 05/22 đảng viên (22,7%); kế hoạch 30,0%, còn 02 đồng chí."
        );
        assert!(check_plan_share(30.0).is_ok());
        assert!(check_plan_share(130.0).is_err());
        assert!(check_plan_share(f64::NAN).is_err());
    }

    #[test]
    fn kinds_and_shares_are_read_from_forms_and_the_command_line() {
        for k in SupervisionKind::ALL {
            assert_eq!(SupervisionKind::parse(k.code()), Ok(k));
            assert_eq!(SupervisionKind::parse(k.label()), Ok(k));
        }
        assert_eq!(
            SupervisionKind::parse("kiem-tra"),
            Ok(SupervisionKind::Inspection)
        );
        assert!(SupervisionKind::parse("thanh tra").is_err());
        assert_eq!(parse_share("30"), Ok(30.0));
        assert_eq!(parse_share(" 32,5% "), Ok(32.5));
        assert!(parse_share("130").is_err());
        assert!(parse_share("ba mươi").is_err());
    }

    proptest! {
        #[test]
        fn coverage_within_bounds(members in 0u64..500, supervised in 0u64..600, plan in 0.0f64..=100.0) {
            let c = SupervisionCoverage { members, supervised, planned_percent: Some(plan) };
            prop_assert!((0.0..=100.0).contains(&c.percent()));
            prop_assert!(c.still_needed() <= members);
        }
    }
}
