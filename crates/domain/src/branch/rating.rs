//! Annual quality rating (đánh giá, xếp loại chất lượng) of members and organizations: the four
//! levels, the optional 100-point score with the bands of 366-QĐ/TW (2025), the path
//! self-assessment → branch proposal → committee decision, and the cap "Excellent ≤ 20% of
//! Good" per grassroots organization (HD 21-HD/BTCTW 2019), checked and explained, with the
//! exception the competent level may grant.

use serde::Serialize;

use super::percent;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingLevel {
    // Declared from lowest to highest so that `Ord` compares quality.
    Incomplete,
    Complete,
    Good,
    Excellent,
}

impl RatingLevel {
    /// Highest first, as rating sheets list them.
    pub const ALL: [Self; 4] = [
        Self::Excellent,
        Self::Good,
        Self::Complete,
        Self::Incomplete,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Excellent => "excellent",
            Self::Good => "good",
            Self::Complete => "complete",
            Self::Incomplete => "incomplete",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Excellent => "Hoàn thành xuất sắc nhiệm vụ",
            Self::Good => "Hoàn thành tốt nhiệm vụ",
            Self::Complete => "Hoàn thành nhiệm vụ",
            Self::Incomplete => "Không hoàn thành nhiệm vụ",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Self::Excellent => "HTXSNV",
            Self::Good => "HTTNV",
            Self::Complete => "HTNV",
            Self::Incomplete => "KHTNV",
        }
    }

    /// 1 (Incomplete) to 4 (Excellent): the value an `org_rating` target compares.
    pub fn rank(self) -> u8 {
        match self {
            Self::Incomplete => 1,
            Self::Complete => 2,
            Self::Good => 3,
            Self::Excellent => 4,
        }
    }

    /// From a form or the command line: the code, the label, the abbreviation (HTXSNV) or the
    /// short word ("xuất sắc", "tot", "hoan-thanh", "khong-hoan-thanh"), ignoring case and
    /// diacritics.
    pub fn parse(raw: &str) -> Result<Self, RatingError> {
        super::choose(raw, &Self::ALL, |l| {
            vec![
                l.code(),
                l.label(),
                l.short(),
                match l {
                    Self::Excellent => "xuất sắc",
                    Self::Good => "tốt",
                    Self::Complete => "hoàn thành",
                    Self::Incomplete => "không hoàn thành",
                },
            ]
        })
        .ok_or_else(|| RatingError::UnknownLevel(raw.trim().to_string()))
    }

    pub fn from_rank(rank: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.rank() == rank)
    }

    /// The highest level a 100-point score allows (366-QĐ/TW): Excellent from 90 (and more
    /// conditions, judged by people), Good 70 to under 90, Complete 50 to under 70,
    /// Incomplete under 50.
    pub fn band(score: u8) -> Result<Self, RatingError> {
        match score {
            90..=100 => Ok(Self::Excellent),
            70..=89 => Ok(Self::Good),
            50..=69 => Ok(Self::Complete),
            0..=49 => Ok(Self::Incomplete),
            _ => Err(RatingError::BadScore(score)),
        }
    }
}

/// Who is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Member,
    Organization,
}

/// The path of a rating, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingStage {
    /// Tự đánh giá, xếp loại.
    SelfAssessment,
    /// Chi bộ (tập thể) đề xuất.
    BranchProposal,
    /// Cấp ủy có thẩm quyền quyết định.
    CommitteeDecision,
}

impl RatingStage {
    pub const ALL: [Self; 3] = [
        Self::SelfAssessment,
        Self::BranchProposal,
        Self::CommitteeDecision,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SelfAssessment => "self",
            Self::BranchProposal => "proposal",
            Self::CommitteeDecision => "decision",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SelfAssessment => "Tự đánh giá, xếp loại",
            Self::BranchProposal => "Chi bộ đề xuất",
            Self::CommitteeDecision => "Cấp ủy quyết định",
        }
    }

    /// From a form or the command line: the code, the label or the short word ("tự đánh
    /// giá", "đề xuất", "quyết định"), ignoring case and diacritics.
    pub fn parse(raw: &str) -> Result<Self, RatingError> {
        super::choose(raw, &Self::ALL, |s| {
            vec![
                s.code(),
                s.label(),
                match s {
                    Self::SelfAssessment => "tự đánh giá",
                    Self::BranchProposal => "đề xuất",
                    Self::CommitteeDecision => "quyết định",
                },
            ]
        })
        .ok_or_else(|| RatingError::UnknownStage(raw.trim().to_string()))
    }
}

/// The optional 100-point score typed in a form or on the command line (empty: none).
pub fn parse_score(raw: &str) -> Result<Option<u8>, RatingError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u8>() {
        Ok(s) if s <= 100 => Ok(Some(s)),
        _ => Err(RatingError::ScoreNotNumber(raw.to_string())),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("điểm {0} không hợp lệ: thang điểm từ 0 đến 100")]
    BadScore(u8),
    #[error("{score} điểm chỉ cho phép xếp loại đến mức \"{}\", không thể xếp \"{}\" (366-QĐ/TW)", .allowed.label(), .level.label())]
    AboveBand {
        score: u8,
        level: RatingLevel,
        allowed: RatingLevel,
    },
    #[error("năm {year} đã có bước \"{}\"; không xếp loại một năm hai lần", .stage.label())]
    AlreadyRated { year: i32, stage: RatingStage },
    #[error("năm {year} đã có quyết định xếp loại của cấp ủy; không thể thêm bước \"{}\"", .stage.label())]
    AlreadyDecided { year: i32, stage: RatingStage },
    #[error("năm {year} không hợp lệ")]
    BadYear { year: i32 },
    #[error("mức xếp loại '{q0}' không hợp lệ (xuất sắc, tốt, hoàn thành, không hoàn thành)", q0 = crate::text::excerpt(.0))]
    UnknownLevel(String),
    #[error("bước xếp loại '{q0}' không hợp lệ (tự đánh giá, đề xuất, quyết định)", q0 = crate::text::excerpt(.0))]
    UnknownStage(String),
    #[error("điểm '{q0}' không hợp lệ: ghi số nguyên từ 0 đến 100", q0 = crate::text::excerpt(.0))]
    ScoreNotNumber(String),
    #[error("{0}")]
    CapExceeded(String),
}

/// Checks a level against its optional score.
pub fn check_score(level: RatingLevel, score: Option<u8>) -> Result<(), RatingError> {
    let Some(score) = score else { return Ok(()) };
    let allowed = RatingLevel::band(score)?;
    if level > allowed {
        return Err(RatingError::AboveBand {
            score,
            level,
            allowed,
        });
    }
    Ok(())
}

/// Checks that `stage` may be recorded for `year` given the stages already there: each stage
/// once, and nothing after the committee's decision. Stages may be skipped (a member who does
/// not hand in a self-assessment is still rated by the branch).
pub fn check_stage(
    year: i32,
    stage: RatingStage,
    recorded: &[RatingStage],
    today_year: i32,
) -> Result<(), RatingError> {
    if !(1930..=today_year).contains(&year) {
        return Err(RatingError::BadYear { year });
    }
    if recorded.contains(&stage) {
        return Err(RatingError::AlreadyRated { year, stage });
    }
    if recorded.contains(&RatingStage::CommitteeDecision) || recorded.iter().any(|s| *s > stage) {
        return Err(RatingError::AlreadyDecided { year, stage });
    }
    Ok(())
}

/// The cap checked for one grassroots organization and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapCheck {
    pub excellent: u64,
    pub good: u64,
    /// The percent of Good that Excellent may reach, in force for the year (a dated setting,
    /// [`crate::dated::EXCELLENT_CAP_PERCENT`]).
    pub percent: u64,
    /// The most Excellent ratings the cap allows: ⌊percent × Good⌋.
    pub allowed: u64,
    pub exceeded: bool,
    /// The reason of the exception granted, if any.
    pub exception: Option<String>,
    /// Whether the ratings may stand: within the cap, or over it with an exception.
    pub ok: bool,
    /// The explanation in Vietnamese.
    pub explanation: String,
}

/// Checks the cap of one grassroots organization: Excellent ≤ `cap_percent` (20% by default,
/// HD 21-HD/BTCTW) of Good.
pub fn check_cap(excellent: u64, good: u64, exception: Option<&str>, cap_percent: u64) -> CapCheck {
    let allowed = good * cap_percent / 100;
    let exceeded = excellent > allowed;
    let exception = exception.map(text::normalize).filter(|s| !s.is_empty());
    let share = if good == 0 {
        String::from("chưa có đảng viên hoàn thành tốt nhiệm vụ")
    } else {
        format!(
            "bằng {} số hoàn thành tốt",
            text::format_percent(percent(excellent, good))
        )
    };
    let head = format!(
        "Có {} đảng viên hoàn thành xuất sắc nhiệm vụ và {} hoàn thành tốt nhiệm vụ ({share}); \
         số hoàn thành xuất sắc không được vượt quá {}% số hoàn thành tốt, tức tối đa {} (HD 21-HD/BTCTW)",
        text::format_count2(excellent as i64),
        text::format_count2(good as i64),
        cap_percent,
        text::format_count2(allowed as i64),
    );
    let explanation = match (exceeded, &exception) {
        // Nobody rated yet (a year before the register was kept, seed 003's 2012): nothing to
        // weigh against the cap.
        (false, _) if excellent == 0 && good == 0 => format!(
            "Chưa có đảng viên nào được xếp loại hoàn thành tốt hoặc hoàn thành xuất sắc nhiệm vụ; \
             giới hạn hoàn thành xuất sắc ({cap_percent}% số hoàn thành tốt, HD 21-HD/BTCTW) chưa áp dụng."
        ),
        (false, _) => format!("{head}: đạt quy định."),
        (true, Some(r)) => format!(
            "{head}: vượt {} nhưng đã được cấp có thẩm quyền cho phép ngoại lệ ({r}).",
            text::format_count2((excellent - allowed) as i64)
        ),
        (true, None) => format!(
            "{head}: vượt {}; cần giảm số hoàn thành xuất sắc hoặc ghi ngoại lệ do cấp có thẩm quyền cho phép.",
            text::format_count2((excellent - allowed) as i64)
        ),
    };
    CapCheck {
        excellent,
        good,
        percent: cap_percent,
        allowed,
        exceeded,
        ok: !exceeded || exception.is_some(),
        exception,
        explanation,
    }
}

/// Shares of a year's decided ratings: Good or better, and Excellent, among those rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct LevelCounts {
    pub excellent: u64,
    pub good: u64,
    pub complete: u64,
    pub incomplete: u64,
}

impl LevelCounts {
    pub fn count(levels: impl IntoIterator<Item = RatingLevel>) -> Self {
        let mut c = Self::default();
        for l in levels {
            match l {
                RatingLevel::Excellent => c.excellent += 1,
                RatingLevel::Good => c.good += 1,
                RatingLevel::Complete => c.complete += 1,
                RatingLevel::Incomplete => c.incomplete += 1,
            }
        }
        c
    }

    pub fn total(&self) -> u64 {
        self.excellent + self.good + self.complete + self.incomplete
    }

    /// The count of one level.
    pub fn of(&self, level: RatingLevel) -> u64 {
        match level {
            RatingLevel::Excellent => self.excellent,
            RatingLevel::Good => self.good,
            RatingLevel::Complete => self.complete,
            RatingLevel::Incomplete => self.incomplete,
        }
    }

    /// Percent of those rated who are Good or Excellent.
    pub fn good_or_better_percent(&self) -> f64 {
        percent(self.excellent + self.good, self.total())
    }

    pub fn excellent_percent(&self) -> f64 {
        percent(self.excellent, self.total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bands_of_366() {
        assert_eq!(RatingLevel::band(95), Ok(RatingLevel::Excellent));
        assert_eq!(RatingLevel::band(90), Ok(RatingLevel::Excellent));
        assert_eq!(RatingLevel::band(89), Ok(RatingLevel::Good));
        assert_eq!(RatingLevel::band(70), Ok(RatingLevel::Good));
        assert_eq!(RatingLevel::band(69), Ok(RatingLevel::Complete));
        assert_eq!(RatingLevel::band(50), Ok(RatingLevel::Complete));
        assert_eq!(RatingLevel::band(49), Ok(RatingLevel::Incomplete));
        assert_eq!(RatingLevel::band(101), Err(RatingError::BadScore(101)));
    }

    #[test]
    fn a_level_above_the_score_band_is_refused_a_lower_one_is_not() {
        let e = check_score(RatingLevel::Excellent, Some(85)).unwrap_err();
        assert!(e.to_string().contains("Hoàn thành tốt nhiệm vụ"), "{e}");
        // 92 points but the further conditions of Excellent not met: Good stands.
        assert!(check_score(RatingLevel::Good, Some(92)).is_ok());
        assert!(check_score(RatingLevel::Excellent, None).is_ok());
    }

    #[test]
    fn levels_stages_and_scores_are_read_from_forms_and_the_command_line() {
        for l in RatingLevel::ALL {
            assert_eq!(RatingLevel::parse(l.code()), Ok(l));
            assert_eq!(RatingLevel::parse(l.label()), Ok(l));
            assert_eq!(RatingLevel::parse(&l.short().to_lowercase()), Ok(l));
        }
        assert_eq!(RatingLevel::parse("xuat-sac"), Ok(RatingLevel::Excellent));
        assert_eq!(RatingLevel::parse("Tốt"), Ok(RatingLevel::Good));
        assert_eq!(
            RatingLevel::parse("khong hoan thanh"),
            Ok(RatingLevel::Incomplete)
        );
        assert!(RatingLevel::parse("giỏi").is_err());
        for s in RatingStage::ALL {
            assert_eq!(RatingStage::parse(s.code()), Ok(s));
            assert_eq!(RatingStage::parse(s.label()), Ok(s));
        }
        assert_eq!(
            RatingStage::parse("tu-danh-gia"),
            Ok(RatingStage::SelfAssessment)
        );
        assert_eq!(parse_score(" "), Ok(None));
        assert_eq!(parse_score("92"), Ok(Some(92)));
        assert!(parse_score("101").is_err());
        assert!(parse_score("chín mươi").is_err());
    }

    #[test]
    fn stages_in_order_and_once_a_year() {
        use RatingStage::*;
        assert!(check_stage(2021, SelfAssessment, &[], 2026).is_ok());
        assert!(check_stage(2021, BranchProposal, &[SelfAssessment], 2026).is_ok());
        assert!(check_stage(2021, CommitteeDecision, &[], 2026).is_ok());
        let e = check_stage(2021, SelfAssessment, &[SelfAssessment], 2026).unwrap_err();
        assert_eq!(
            e,
            RatingError::AlreadyRated {
                year: 2021,
                stage: SelfAssessment
            }
        );
        assert!(e.to_string().contains("hai lần"));
        assert!(matches!(
            check_stage(2021, SelfAssessment, &[BranchProposal], 2026),
            Err(RatingError::AlreadyDecided { .. })
        ));
        assert!(matches!(
            check_stage(2027, SelfAssessment, &[], 2026),
            Err(RatingError::BadYear { .. })
        ));
    }

    #[test]
    fn the_bands_of_366_are_pinned_at_their_edges() {
        use RatingLevel::*;
        for (score, band) in [
            (0, Incomplete),
            (49, Incomplete),
            (50, Complete),
            (69, Complete),
            (70, Good),
            (89, Good),
            (90, Excellent),
            (100, Excellent),
        ] {
            assert_eq!(RatingLevel::band(score), Ok(band), "{score}");
        }
        assert!(RatingLevel::band(101).is_err());
        // A level above the score's band is refused; at or below it, accepted.
        assert!(check_score(Excellent, Some(89)).is_err());
        assert!(check_score(Excellent, Some(90)).is_ok());
        assert!(check_score(Good, Some(69)).is_err());
        assert!(check_score(Good, Some(70)).is_ok());
        assert!(check_score(Complete, Some(49)).is_err());
        assert!(check_score(Complete, Some(50)).is_ok());
        assert!(check_score(Incomplete, Some(100)).is_ok());
    }

    #[test]
    fn the_cap_is_explained() {
        let c = check_cap(2, 10, None, 20);
        assert_eq!((c.allowed, c.exceeded, c.ok), (2, false, true));
        assert!(
            c.explanation.ends_with("đạt quy định."),
            "{}",
            c.explanation
        );
        let c = check_cap(3, 10, None, 20);
        assert_eq!((c.exceeded, c.ok), (true, false));
        assert!(c.explanation.contains("vượt 01"), "{}", c.explanation);
        assert!(c.explanation.contains("tối đa 02"), "{}", c.explanation);
        let c = check_cap(3, 10, Some("Quyết định 12-QĐ/ĐUK cho phép"), 20);
        assert_eq!((c.exceeded, c.ok), (true, true));
        assert!(
            c.explanation
                .contains("ngoại lệ (Quyết định 12-QĐ/ĐUK cho phép)")
        );
        assert!(!check_cap(1, 4, None, 20).ok); // 20% of 4 is 0.8: none allowed
        assert!(check_cap(0, 0, None, 20).ok);
        // The percent is the setting's, not a constant: 3 of 10 passes at 30%.
        let c = check_cap(3, 10, None, 30);
        assert!(
            c.ok && c.explanation.contains("vượt quá 30%"),
            "{}",
            c.explanation
        );
    }

    #[test]
    fn shares_of_levels() {
        use RatingLevel::*;
        let c = LevelCounts::count([Excellent, Good, Good, Complete]);
        assert_eq!(c.good_or_better_percent(), 75.0);
        assert_eq!(c.excellent_percent(), 25.0);
        assert_eq!(LevelCounts::default().good_or_better_percent(), 0.0);
        for l in RatingLevel::ALL {
            assert_eq!(RatingLevel::from_code(l.code()), Some(l));
            assert_eq!(RatingLevel::from_rank(l.rank()), Some(l));
        }
    }

    proptest! {
        #[test]
        fn cap_check_is_monotone(e in 0u64..200, g in 0u64..1000) {
            let c = check_cap(e, g, None, 20);
            prop_assert_eq!(c.ok, e * 100 <= g * 20);
            if c.ok {
                prop_assert!(check_cap(e.saturating_sub(1), g, None, 20).ok);
                prop_assert!(check_cap(e, g + 1, None, 20).ok);
            } else {
                prop_assert!(!check_cap(e + 1, g, None, 20).ok);
                prop_assert!(check_cap(e, g, Some("lý do"), 20).ok);
            }
        }


        #[test]
        fn level_shares_within_bounds(levels in proptest::collection::vec(0usize..4, 0..100)) {
            let c = LevelCounts::count(levels.iter().map(|&i| RatingLevel::ALL[i]));
            prop_assert_eq!(c.total(), levels.len() as u64);
            prop_assert!(c.excellent_percent() <= c.good_or_better_percent());
            prop_assert!((0.0..=100.0).contains(&c.good_or_better_percent()));
        }
    }
}
