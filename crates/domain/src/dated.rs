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

/// Which law of emulation and commendation judges a year: 0 for Luật Thi đua, khen thưởng 2003
/// as amended in 2013, 1 for Luật Thi đua, khen thưởng 06/2022/QH15 (in force 01/01/2024). It
/// decides the wording the threshold rules below are read with (DOMAIN.md §8).
pub const LAW_2022: Rule = Rule {
    key: "rules.khen_thuong.luat_2022",
    label: "Áp dụng Luật Thi đua, khen thưởng 2022 (1) hay Luật 2013 (0)",
    default: 0,
    source: "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 96",
};

/// Tập thể lao động tiên tiến: the share of members who are Lao động tiên tiến, in percent
/// ("trên 50%" under the 2013 law, "ít nhất 70%" under the 2022 law, Điều 28).
pub const COLLECTIVE_ADVANCED_PERCENT: Rule = Rule {
    key: "rules.khen_thuong.tap_the_tien_tien_phan_tram",
    label: "Tập thể lao động tiên tiến: tỷ lệ cá nhân đạt Lao động tiên tiến (%)",
    default: 50,
    source: "Luật Thi đua, khen thưởng, Điều 28",
};

/// Tập thể lao động xuất sắc: the share of members who are Lao động tiên tiến (Điều 27).
pub const COLLECTIVE_EXCELLENT_PERCENT: Rule = Rule {
    key: "rules.khen_thuong.tap_the_xuat_sac_phan_tram",
    label: "Tập thể lao động xuất sắc: tỷ lệ cá nhân đạt Lao động tiên tiến tối thiểu (%)",
    default: 70,
    source: "Luật Thi đua, khen thưởng, Điều 27",
};

/// Chiến sĩ thi đua cấp tỉnh: consecutive Chiến sĩ thi đua cơ sở titles (Điều 22).
pub const PROVINCE_FIGHTER_YEARS: Rule = Rule {
    key: "rules.khen_thuong.cstd_tinh_so_lan_cstd_co_so",
    label: "Chiến sĩ thi đua cấp tỉnh: số lần liên tục đạt Chiến sĩ thi đua cơ sở",
    default: 3,
    source: "Luật Thi đua, khen thưởng 2022, Điều 22",
};

/// Chiến sĩ thi đua toàn quốc: consecutive provincial titles (Điều 21).
pub const NATIONAL_FIGHTER_TIMES: Rule = Rule {
    key: "rules.khen_thuong.cstd_toan_quoc_so_lan_cstd_tinh",
    label: "Chiến sĩ thi đua toàn quốc: số lần liên tục đạt Chiến sĩ thi đua cấp tỉnh",
    default: 2,
    source: "Luật Thi đua, khen thưởng 2022, Điều 21",
};

/// Bằng khen of a province: consecutive years (Điều 74).
pub const PROVINCE_MERIT_YEARS: Rule = Rule {
    key: "rules.khen_thuong.bang_khen_tinh_so_nam",
    label: "Bằng khen cấp tỉnh: số năm liên tục (Chiến sĩ thi đua cơ sở hoặc hoàn thành xuất sắc nhiệm vụ)",
    default: 2,
    source: "Luật Thi đua, khen thưởng 2022, Điều 74",
};

/// Bằng khen of the Prime Minister: consecutive years of Good or better after the provincial one
/// (Điều 73).
pub const PM_MERIT_YEARS: Rule = Rule {
    key: "rules.khen_thuong.bang_khen_ttg_so_nam",
    label: "Bằng khen Thủ tướng: số năm liên tục hoàn thành tốt nhiệm vụ trở lên",
    default: 5,
    source: "Luật Thi đua, khen thưởng 2022, Điều 73",
};

/// Bằng khen of the Prime Minister: Chiến sĩ thi đua cơ sở titles within those years.
pub const PM_MERIT_FIGHTERS: Rule = Rule {
    key: "rules.khen_thuong.bang_khen_ttg_so_lan_cstd_co_so",
    label: "Bằng khen Thủ tướng: số lần Chiến sĩ thi đua cơ sở trong các năm đó",
    default: 3,
    source: "Luật Thi đua, khen thưởng 2022, Điều 73",
};

/// Huân chương Lao động hạng Ba: consecutive years of Good or better after the Prime Minister's
/// Bằng khen (Điều 44).
pub const LABOUR_THIRD_YEARS: Rule = Rule {
    key: "rules.khen_thuong.hcld_hang_ba_so_nam",
    label: "Huân chương Lao động hạng Ba: số năm liên tục hoàn thành tốt nhiệm vụ trở lên",
    default: 5,
    source: "Luật Thi đua, khen thưởng 2022, Điều 44",
};

/// Huân chương Lao động hạng Ba: Chiến sĩ thi đua cơ sở titles within those years.
pub const LABOUR_THIRD_FIGHTERS: Rule = Rule {
    key: "rules.khen_thuong.hcld_hang_ba_so_lan_cstd_co_so",
    label: "Huân chương Lao động hạng Ba: số lần Chiến sĩ thi đua cơ sở trong các năm đó",
    default: 3,
    source: "Luật Thi đua, khen thưởng 2022, Điều 44",
};

/// Huân chương Lao động hạng Nhì: consecutive years of Good or better after hạng Ba (Điều 43).
pub const LABOUR_SECOND_YEARS: Rule = Rule {
    key: "rules.khen_thuong.hcld_hang_nhi_so_nam",
    label: "Huân chương Lao động hạng Nhì: số năm liên tục hoàn thành tốt nhiệm vụ trở lên",
    default: 5,
    source: "Luật Thi đua, khen thưởng 2022, Điều 43",
};

/// Huân chương Lao động hạng Nhì: Excellent years within those years.
pub const LABOUR_SECOND_EXCELLENT: Rule = Rule {
    key: "rules.khen_thuong.hcld_hang_nhi_so_nam_xuat_sac",
    label: "Huân chương Lao động hạng Nhì: số năm hoàn thành xuất sắc nhiệm vụ trong các năm đó",
    default: 2,
    source: "Luật Thi đua, khen thưởng 2022, Điều 43",
};

/// Chiến sĩ thi đua cơ sở: at most this percent of those who are Lao động tiên tiến in a unit;
/// 0 is no cap (the 15% cap of NĐ 91/2017 is gone; DOMAIN.md §8).
pub const GRASSROOTS_FIGHTER_CAP_PERCENT: Rule = Rule {
    key: "rules.khen_thuong.cstd_co_so_tran_phan_tram",
    label: "Chiến sĩ thi đua cơ sở tối đa, tính theo % số Lao động tiên tiến (0: không giới hạn)",
    default: 0,
    source: "NĐ 152/2025/NĐ-CP",
};

/// Working days the office has to appraise a dossier (QĐ 638/QĐ-BNV 2025: 20 for Chiến sĩ thi
/// đua cơ sở at commune level).
pub const APPRAISAL_WORKING_DAYS: Rule = Rule {
    key: "rules.khen_thuong.han_tham_dinh_ngay_lam_viec",
    label: "Thời hạn thẩm định hồ sơ khen thưởng (ngày làm việc)",
    default: 20,
    source: "QĐ 638/QĐ-BNV 2025",
};

/// The base salary (mức lương cơ sở) in đồng that reward amounts multiply.
pub const BASE_SALARY: Rule = Rule {
    key: "rules.luong_co_so",
    label: "Mức lương cơ sở (đồng), nhân với hệ số tiền thưởng",
    default: 1_300_000,
    source: "NĐ 47/2017, 72/2018, 38/2019, 24/2023, 73/2024/NĐ-CP",
};

/// Dates a default changes on, by rule key: the law of 2022 from 01/01/2024, its 70% share, and
/// the base salary's steps.
const DEFAULT_CHANGES: &[(&str, (i32, u32, u32), u32)] = &[
    (LAW_2022.key, (2024, 1, 1), 1),
    (COLLECTIVE_ADVANCED_PERCENT.key, (2024, 1, 1), 70),
    (BASE_SALARY.key, (2018, 7, 1), 1_390_000),
    (BASE_SALARY.key, (2019, 7, 1), 1_490_000),
    (BASE_SALARY.key, (2023, 7, 1), 1_800_000),
    (BASE_SALARY.key, (2024, 7, 1), 2_340_000),
];

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
pub const RULES: [Rule; 22] = [
    EXCELLENT_CAP_PERCENT,
    FLOOR_NOMINATION_PERCENT,
    LAW_2022,
    COLLECTIVE_ADVANCED_PERCENT,
    COLLECTIVE_EXCELLENT_PERCENT,
    PROVINCE_FIGHTER_YEARS,
    NATIONAL_FIGHTER_TIMES,
    PROVINCE_MERIT_YEARS,
    PM_MERIT_YEARS,
    PM_MERIT_FIGHTERS,
    LABOUR_THIRD_YEARS,
    LABOUR_THIRD_FIGHTERS,
    LABOUR_SECOND_YEARS,
    LABOUR_SECOND_EXCELLENT,
    GRASSROOTS_FIGHTER_CAP_PERCENT,
    BASE_SALARY,
    APPRAISAL_WORKING_DAYS,
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
        let changes = DEFAULT_CHANGES
            .iter()
            .filter(|(key, _, _)| *key == self.key)
            .filter_map(|(_, (y, m, d), v)| Some((NaiveDate::from_ymd_opt(*y, *m, *d)?, *v)))
            .collect();
        Dated {
            base: self.default,
            changes,
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
        let salary = BASE_SALARY.defaults();
        assert_eq!(salary.on(d(2024, 6, 30)), 1_800_000);
        assert_eq!(salary.on(d(2024, 7, 1)), 2_340_000);
        assert_eq!(Dated::parse(&salary.to_text()).unwrap(), salary);
        assert_eq!(LAW_2022.defaults().on(d(2023, 12, 31)), 0);
        assert_eq!(LAW_2022.defaults().on(d(2024, 1, 1)), 1);
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
