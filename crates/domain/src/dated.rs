//! Numbers of the rules that change with new regulations, kept as effective-dated settings
//! (DOMAIN.md: "thresholds change with new decrees: keep them as effective-dated settings,
//! never constants"). A rule has a default with its source; an administrator may record new
//! values from a date ("20; từ 01/07/2025: 15"), and each check reads the value in force on
//! the date of what it checks (the congress day, the year of the ratings).

use chrono::NaiveDate;

use crate::text;

/// A rule whose number is a dated setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The setting's key, e.g. `rules.excellent_cap_percent`.
    pub key: &'static str,
    /// What it is, in Vietnamese.
    pub label: &'static str,
    /// The value when nothing else is recorded.
    pub default: u32,
    /// Where the default comes from.
    pub source: &'static str,
}

/// Members rated Excellent may not exceed this percent of those rated Good, per grassroots
/// organization (HD 21-HD/BTCTW 2019; DOMAIN.md §5).
pub const EXCELLENT_CAP_PERCENT: Rule = Rule {
    key: "rules.excellent_cap_percent",
    label: "Số hoàn thành xuất sắc nhiệm vụ tối đa, tính theo % số hoàn thành tốt nhiệm vụ",
    default: 20,
    source: "HD 21-HD/BTCTW",
};

/// A floor nominee joins the list only with more than this percent of those present
/// (244-QĐ/TW 2014 and 190-QĐ/TW 2024; DOMAIN.md §4).
pub const FLOOR_NOMINATION_PERCENT: Rule = Rule {
    key: "rules.floor_nomination_percent",
    label: "Người được giới thiệu tại đại hội phải được quá bao nhiêu % số người có mặt đồng ý",
    default: 30,
    source: "190-QĐ/TW",
};

/// A member disciplined with a warning (cảnh cáo) waits this many months before a party badge
/// (QĐ 24-QĐ/TW Điểm 27; HD 01-HD/TW Mục 18; DOMAIN.md §11).
pub const BADGE_WAIT_CANH_CAO_MONTHS: Rule = Rule {
    key: "rules.badge_wait_canh_cao_months",
    label: "Huy hiệu Đảng: số tháng chờ sau kỷ luật cảnh cáo",
    default: 6,
    source: "QĐ 24-QĐ/TW Điểm 27; HD 01-HD/TW Mục 18",
};

/// … and this many after dismissal from post (cách chức).
pub const BADGE_WAIT_CACH_CHUC_MONTHS: Rule = Rule {
    key: "rules.badge_wait_cach_chuc_months",
    label: "Huy hiệu Đảng: số tháng chờ sau kỷ luật cách chức",
    default: 12,
    source: "QĐ 24-QĐ/TW Điểm 27; HD 01-HD/TW Mục 18",
};

/// A seriously ill member may receive a badge of 30–65 years up to this many months early.
pub const BADGE_EARLY_ILLNESS_MONTHS: Rule = Rule {
    key: "rules.badge_early_illness_months",
    label: "Huy hiệu Đảng 30–65 năm: số tháng được xét sớm khi đau ốm nặng",
    default: 12,
    source: "HD 01-HD/TW Mục 18",
};

/// … and a badge of 70 years or more up to this many months early.
pub const BADGE_EARLY_ILLNESS_MONTHS_FROM_70: Rule = Rule {
    key: "rules.badge_early_illness_months_from_70",
    label: "Huy hiệu Đảng từ 70 năm: số tháng được xét sớm khi đau ốm nặng",
    default: 24,
    source: "HD 01-HD/TW Mục 18",
};

/// A member who died this many months or less before a milestone may receive it posthumously.
pub const BADGE_EARLY_POSTHUMOUS_MONTHS: Rule = Rule {
    key: "rules.badge_early_posthumous_months",
    label: "Huy hiệu Đảng: số tháng thiếu tối đa để được truy tặng",
    default: 12,
    source: "HD 01-HD/TW Mục 18",
};

/// The dated rules of the party badges, in the order the settings list them.
pub const BADGE_RULES: [Rule; 5] = [
    BADGE_WAIT_CANH_CAO_MONTHS,
    BADGE_WAIT_CACH_CHUC_MONTHS,
    BADGE_EARLY_ILLNESS_MONTHS,
    BADGE_EARLY_ILLNESS_MONTHS_FROM_70,
    BADGE_EARLY_POSTHUMOUS_MONTHS,
];

/// Every dated rule, for the settings command and page.
pub const RULES: [Rule; 7] = [
    EXCELLENT_CAP_PERCENT,
    FLOOR_NOMINATION_PERCENT,
    BADGE_WAIT_CANH_CAO_MONTHS,
    BADGE_WAIT_CACH_CHUC_MONTHS,
    BADGE_EARLY_ILLNESS_MONTHS,
    BADGE_EARLY_ILLNESS_MONTHS_FROM_70,
    BADGE_EARLY_POSTHUMOUS_MONTHS,
];

impl Rule {
    pub fn find(key: &str) -> Option<Rule> {
        RULES.into_iter().find(|r| r.key == key.trim())
    }

    /// The rule with only its default.
    pub fn defaults(&self) -> Dated {
        Dated {
            base: self.default,
            changes: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatedError {
    #[error(
        "giá trị \"{0}\" không hợp lệ: ghi một số, hoặc thêm các mốc dạng \"từ 01/07/2025: 15\""
    )]
    Bad(String),
    #[error("các mốc ngày phải tăng dần và không trùng nhau")]
    Order,
    #[error("không có thiết lập \"{0}\"")]
    UnknownRule(String),
}

/// A number in force from dates: `base` before the first change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub base: u32,
    /// (from this day, the value), in increasing order of day.
    pub changes: Vec<(NaiveDate, u32)>,
}

impl Dated {
    /// The value in force on `day`.
    pub fn on(&self, day: NaiveDate) -> u32 {
        self.changes
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map_or(self.base, |(_, v)| *v)
    }

    /// Reads "20" or "20; từ 01/07/2025: 15; từ 01/01/2027: 10".
    pub fn parse(raw: &str) -> Result<Self, DatedError> {
        let bad = || DatedError::Bad(raw.trim().chars().take(40).collect());
        let mut parts = raw.split(';').map(str::trim);
        let base = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let mut changes: Vec<(NaiveDate, u32)> = Vec::new();
        for p in parts.filter(|p| !p.is_empty()) {
            let rest = p.strip_prefix("từ").map(str::trim).ok_or_else(bad)?;
            let (day, value) = rest.split_once(':').ok_or_else(bad)?;
            let day = text::parse_date(day).ok_or_else(bad)?;
            let value: u32 = value.trim().parse().map_err(|_| bad())?;
            if changes.last().is_some_and(|(d, _)| *d >= day) {
                return Err(DatedError::Order);
            }
            changes.push((day, value));
        }
        Ok(Self { base, changes })
    }

    /// The stored and shown form, which [`Dated::parse`] reads back.
    pub fn to_text(&self) -> String {
        let mut s = self.base.to_string();
        for (d, v) in &self.changes {
            s.push_str(&format!("; từ {}: {v}", text::format_date_padded(*d)));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_value_is_read_on_its_day() {
        let r = Dated::parse("20; từ 01/07/2025: 15").unwrap();
        assert_eq!(r.on(d(2025, 6, 30)), 20);
        assert_eq!(r.on(d(2025, 7, 1)), 15);
        assert_eq!(Dated::parse(&r.to_text()).unwrap(), r);
        assert_eq!(EXCELLENT_CAP_PERCENT.defaults().on(d(2020, 1, 1)), 20);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Dated::parse("").is_err());
        assert!(Dated::parse("hai mươi").is_err());
        assert!(Dated::parse("20; 01/07/2025: 15").is_err());
        assert_eq!(
            Dated::parse("20; từ 01/07/2025: 15; từ 01/01/2025: 10"),
            Err(DatedError::Order)
        );
        assert!(Rule::find("rules.excellent_cap_percent").is_some());
        assert!(Rule::find("x").is_none());
    }
}
