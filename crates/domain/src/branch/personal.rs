//! What a member does for themself on the web (issue 20): the yearly pledge to follow Hồ Chí
//! Minh's example (đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — written at the
//! start of the year, approved by the secretary, reviewed by the member at the year's end),
//! the yearly self-assessment (tự kiểm điểm, tự đánh giá, xếp loại: the sections of the party's
//! personal review form and the level the member proposes, which becomes the `self` stage of
//! the rating), the deadlines a branch sets for both, and a member's answer to the notice of a
//! meeting (absent, with the reason the attendance form then shows).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The most characters a member's text field takes.
pub const MAX_TEXT_CHARS: usize = 6000;

/// Why a member's pledge, self-assessment or answer was refused. `Display` is the Vietnamese
/// message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonalError {
    #[error("{} năm {year} đã hết hạn ngày {until} do chi bộ đặt; không thể nộp hoặc sửa nữa", .kind.label(), until = crate::text::format_date(*.until))]
    Closed {
        kind: DeadlineKind,
        year: i32,
        until: NaiveDate,
    },
    #[error("chưa đến năm {0}; chỉ nộp cho năm nay")]
    FutureYear(i32),
    #[error("\"{0}\" không được để trống")]
    Empty(&'static str),
    #[error("\"{field}\" dài {chars} ký tự, quá {MAX_TEXT_CHARS} ký tự cho phép")]
    TooLong { field: &'static str, chars: usize },
    #[error("bản đăng ký làm theo năm {0} đã được bí thư duyệt; không sửa được nữa")]
    PledgeApproved(i32),
    #[error("chưa có bản đăng ký làm theo năm {0}")]
    NoPledge(i32),
    #[error("bản đăng ký làm theo năm {0} chưa được duyệt; chỉ tự đánh giá khi đã duyệt")]
    PledgeNotApproved(i32),
    #[error("việc tự đánh giá kết quả làm theo năm {year} mở từ ngày {opens}")]
    ReviewNotOpen { year: i32, opens: String },
    #[error("'{q0}' không phải mức tự đánh giá kết quả làm theo (tốt, khá, chưa thực hiện)", q0 = crate::text::excerpt(.0))]
    BadOutcome(String),
    #[error("báo vắng phải có lý do")]
    NoReason,
    #[error("cuộc họp ngày {} đã diễn ra; không báo vắng được nữa", crate::text::format_date(*.0))]
    MeetingPassed(NaiveDate),
}

/// The two things a member hands in by a deadline of their branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Pledge,
    SelfAssessment,
}

impl DeadlineKind {
    pub const ALL: [Self; 2] = [Self::Pledge, Self::SelfAssessment];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pledge => "pledge",
            Self::SelfAssessment => "self_assessment",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pledge => "Đăng ký làm theo",
            Self::SelfAssessment => "Bản tự kiểm điểm",
        }
    }

    /// The deadline when the branch set none: the pledge by 31 March (the start of the year),
    /// the self-assessment by 15 December, before the branch's rating meeting.
    pub fn default_until(self, year: i32) -> NaiveDate {
        let (m, d) = match self {
            Self::Pledge => (3, 31),
            Self::SelfAssessment => (12, 15),
        };
        NaiveDate::from_ymd_opt(year, m, d).expect("a valid day")
    }
}

/// Whether a member may still hand in or change `kind` for `year` on `today`: only for the
/// current year or an earlier one, and not after the deadline (`until`, or the default).
pub fn check_open(
    kind: DeadlineKind,
    year: i32,
    today: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(), PersonalError> {
    if year > today.year() {
        return Err(PersonalError::FutureYear(year));
    }
    let until = until.unwrap_or_else(|| kind.default_until(year));
    if today > until {
        return Err(PersonalError::Closed { kind, year, until });
    }
    Ok(())
}

/// A member's text, NFC-normalized and trimmed; refused when empty (if `required`) or too long.
pub fn clean_text(field: &'static str, raw: &str, required: bool) -> Result<String, PersonalError> {
    let t = crate::text::normalize_lines(raw).trim().to_string();
    if t.is_empty() && required {
        return Err(PersonalError::Empty(field));
    }
    let chars = t.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(PersonalError::TooLong { field, chars });
    }
    Ok(t)
}

/// Where a pledge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PledgeState {
    /// Written, waiting for the secretary.
    Submitted,
    /// Approved by the secretary.
    Approved,
    /// Reviewed by the member at the year's end.
    Reviewed,
}

impl PledgeState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Submitted => "Chờ bí thư duyệt",
            Self::Approved => "Đã duyệt",
            Self::Reviewed => "Đã tự đánh giá cuối năm",
        }
    }
}

/// A member may write or change their pledge until the secretary approves it.
pub fn check_pledge_edit(year: i32, state: Option<PledgeState>) -> Result<(), PersonalError> {
    match state {
        None | Some(PledgeState::Submitted) => Ok(()),
        Some(_) => Err(PersonalError::PledgeApproved(year)),
    }
}

/// The secretary approves a submitted pledge (approving twice changes nothing).
pub fn check_approve(year: i32, state: Option<PledgeState>) -> Result<(), PersonalError> {
    match state {
        None => Err(PersonalError::NoPledge(year)),
        Some(_) => Ok(()),
    }
}

/// The month the year-end review of a pledge opens (1 November).
pub const REVIEW_OPENS_MONTH: u32 = 11;

/// The member reviews an approved pledge from 1 November of its year (and may correct the
/// review until the year after ends).
pub fn check_review(
    year: i32,
    state: Option<PledgeState>,
    today: NaiveDate,
) -> Result<(), PersonalError> {
    match state {
        None => return Err(PersonalError::NoPledge(year)),
        Some(PledgeState::Submitted) => return Err(PersonalError::PledgeNotApproved(year)),
        Some(_) => {}
    }
    let opens = NaiveDate::from_ymd_opt(year, REVIEW_OPENS_MONTH, 1).expect("a valid day");
    if today < opens {
        return Err(PersonalError::ReviewNotOpen {
            year,
            opens: crate::text::format_date(opens),
        });
    }
    if today.year() > year + 1 {
        return Err(PersonalError::Closed {
            kind: DeadlineKind::Pledge,
            year,
            until: NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("a valid day"),
        });
    }
    Ok(())
}

/// How the member judges their pledge at the year's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PledgeOutcome {
    Good,
    Fair,
    NotDone,
}

impl PledgeOutcome {
    pub const ALL: [Self; 3] = [Self::Good, Self::Fair, Self::NotDone];

    pub fn code(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Fair => "fair",
            Self::NotDone => "not_done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Good => "Thực hiện tốt",
            Self::Fair => "Thực hiện khá, còn mặt chưa đạt",
            Self::NotDone => "Chưa thực hiện được",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, PersonalError> {
        super::choose(raw, &Self::ALL, |o| {
            vec![
                o.code(),
                o.label(),
                match o {
                    Self::Good => "tốt",
                    Self::Fair => "khá",
                    Self::NotDone => "chưa thực hiện",
                },
            ]
        })
        .ok_or_else(|| PersonalError::BadOutcome(raw.trim().to_string()))
    }
}

/// One section of the personal review form (bản kiểm điểm cá nhân dùng cho đảng viên, the
/// form the Central Organization Commission's guidance on the yearly review attaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Section {
    pub code: &'static str,
    pub title: &'static str,
    /// What the member is asked to write.
    pub hint: &'static str,
    /// Sections marked "(nếu có)" may stay empty.
    pub required: bool,
}

/// The sections of the form, in order; the level the member proposes is the last part
/// ("Tự nhận mức xếp loại chất lượng"), kept apart as a [`super::rating::RatingLevel`].
pub const SECTIONS: [Section; 7] = [
    Section {
        code: "pham_chat",
        title: "I.1. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, lề lối làm việc",
        hint: "Ưu điểm, kết quả đạt được.",
        required: true,
    },
    Section {
        code: "nhiem_vu",
        title: "I.2. Kết quả thực hiện chức trách, nhiệm vụ được giao",
        hint: "Kết quả công việc chuyên môn và nhiệm vụ được chi bộ phân công trong năm.",
        required: true,
    },
    Section {
        code: "cam_ket",
        title: "I.3. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm",
        hint: "Kể cả kết quả thực hiện bản đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        required: true,
    },
    Section {
        code: "han_che",
        title: "II. Hạn chế, khuyết điểm và nguyên nhân",
        hint: "Nếu không có, ghi \"Không\".",
        required: true,
    },
    Section {
        code: "khac_phuc",
        title: "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước",
        hint: "Nếu có.",
        required: false,
    },
    Section {
        code: "trach_nhiem",
        title: "IV. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể",
        hint: "Nếu có.",
        required: false,
    },
    Section {
        code: "phuong_huong",
        title: "V. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
        hint: "Việc sẽ làm trong năm tới.",
        required: true,
    },
];

/// The form's answers, cleaned: every section's text (empty for an optional one left blank),
/// in the order of [`SECTIONS`]; refused when a required section is empty or one is too long.
pub fn clean_sections(
    answer: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(&'static str, String)>, PersonalError> {
    SECTIONS
        .iter()
        .map(|s| {
            let raw = answer(s.code).unwrap_or_default();
            clean_text(s.title, &raw, s.required).map(|t| (s.code, t))
        })
        .collect()
}

/// A member's answer to a meeting notice: absent needs a reason, and nobody answers for a
/// meeting that has passed.
pub fn check_reply(
    meeting_on: NaiveDate,
    today: NaiveDate,
    absent: bool,
    reason: &str,
) -> Result<Option<String>, PersonalError> {
    if meeting_on < today {
        return Err(PersonalError::MeetingPassed(meeting_on));
    }
    if !absent {
        return Ok(None);
    }
    let r = clean_text("Lý do vắng", reason, false)?;
    if r.is_empty() {
        return Err(PersonalError::NoReason);
    }
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_deadline_closes_the_day_after_it() {
        let k = DeadlineKind::Pledge;
        assert_eq!(check_open(k, 2026, d(2026, 3, 31), None), Ok(()));
        assert_eq!(
            check_open(k, 2026, d(2026, 4, 1), None),
            Err(PersonalError::Closed {
                kind: k,
                year: 2026,
                until: d(2026, 3, 31)
            })
        );
        assert_eq!(
            check_open(k, 2026, d(2026, 4, 1), Some(d(2026, 4, 15))),
            Ok(())
        );
        assert_eq!(
            check_open(k, 2027, d(2026, 4, 1), None),
            Err(PersonalError::FutureYear(2027))
        );
        let msg = check_open(DeadlineKind::SelfAssessment, 2026, d(2026, 12, 16), None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "Bản tự kiểm điểm năm 2026 đã hết hạn ngày 15/12/2026 do chi bộ đặt; không thể nộp hoặc sửa nữa"
        );
    }

    #[test]
    fn a_pledge_goes_submitted_approved_reviewed() {
        assert_eq!(check_pledge_edit(2026, None), Ok(()));
        assert_eq!(
            check_pledge_edit(2026, Some(PledgeState::Submitted)),
            Ok(())
        );
        assert_eq!(
            check_pledge_edit(2026, Some(PledgeState::Approved)),
            Err(PersonalError::PledgeApproved(2026))
        );
        assert_eq!(
            check_approve(2026, None),
            Err(PersonalError::NoPledge(2026))
        );
        assert_eq!(
            check_review(2026, Some(PledgeState::Submitted), d(2026, 12, 1)),
            Err(PersonalError::PledgeNotApproved(2026))
        );
        assert!(matches!(
            check_review(2026, Some(PledgeState::Approved), d(2026, 10, 31)),
            Err(PersonalError::ReviewNotOpen { .. })
        ));
        assert_eq!(
            check_review(2026, Some(PledgeState::Approved), d(2026, 11, 1)),
            Ok(())
        );
        assert_eq!(
            check_review(2026, Some(PledgeState::Reviewed), d(2027, 1, 10)),
            Ok(())
        );
        assert!(check_review(2026, Some(PledgeState::Reviewed), d(2028, 1, 1)).is_err());
    }

    #[test]
    fn outcomes_parse_from_codes_and_words() {
        for o in PledgeOutcome::ALL {
            assert_eq!(PledgeOutcome::parse(o.code()), Ok(o));
            assert_eq!(PledgeOutcome::parse(o.label()), Ok(o));
        }
        assert_eq!(PledgeOutcome::parse("Tot"), Ok(PledgeOutcome::Good));
        assert!(PledgeOutcome::parse("xuất sắc").is_err());
    }

    #[test]
    fn the_form_needs_its_required_sections_and_normalizes_text() {
        let all = |_: &str| Some("  Tốt\u{0301} ".to_string());
        let s = clean_sections(all).unwrap();
        assert_eq!(s.len(), SECTIONS.len());
        assert!(s.iter().all(|(_, t)| !t.starts_with(' ')));
        let missing = |c: &str| (c != "han_che").then(|| "Có".to_string());
        assert_eq!(
            clean_sections(missing),
            Err(PersonalError::Empty(
                "II. Hạn chế, khuyết điểm và nguyên nhân"
            ))
        );
        let optional_blank = |c: &str| (c != "khac_phuc").then(|| "Có".to_string());
        assert!(clean_sections(optional_blank).is_ok());
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(matches!(
            clean_text("Nội dung", &long, true),
            Err(PersonalError::TooLong { .. })
        ));
    }

    #[test]
    fn absence_needs_a_reason_and_a_meeting_to_come() {
        let today = d(2026, 12, 6);
        assert_eq!(check_reply(d(2026, 12, 10), today, false, ""), Ok(None));
        assert_eq!(
            check_reply(d(2026, 12, 10), today, true, "  "),
            Err(PersonalError::NoReason)
        );
        assert_eq!(
            check_reply(d(2026, 12, 10), today, true, "Đi công tác"),
            Ok(Some("Đi công tác".into()))
        );
        assert_eq!(
            check_reply(d(2026, 12, 5), today, true, "Ốm"),
            Err(PersonalError::MeetingPassed(d(2026, 12, 5)))
        );
    }
}
