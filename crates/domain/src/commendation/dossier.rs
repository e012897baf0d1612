//! A commendation dossier (hồ sơ đề nghị khen thưởng) and its path: submitted → appraised
//! (eligible or not, with the rule that decided) → proposed → decided (Luật Thi đua, khen thưởng
//! 2022, Điều 84; DOMAIN.md §8). The documents a dossier needs, the appraisal of one dossier
//! (documents first, then the title's or award's rule), and its due date in working days.

use chrono::NaiveDate;
use serde::Serialize;

use super::case::Thresholds;
use super::eligibility::{Verdict, decide_one};
use super::kind::AwardKind;
use super::wire;
use crate::workdays::HolidayCalendar;

/// Where a dossier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Eligible,
    Ineligible,
    Proposed,
    Decided,
}

impl Status {
    pub const ALL: [Self; 5] = [
        Self::Submitted,
        Self::Eligible,
        Self::Ineligible,
        Self::Proposed,
        Self::Decided,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Eligible => "eligible",
            Self::Ineligible => "ineligible",
            Self::Proposed => "proposed",
            Self::Decided => "decided",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Submitted => "Đã nộp, chờ thẩm định",
            Self::Eligible => "Thẩm định: đủ điều kiện",
            Self::Ineligible => "Thẩm định: không đủ điều kiện",
            Self::Proposed => "Đã trình khen thưởng",
            Self::Decided => "Đã có quyết định",
        }
    }
    /// Whether the office still has to act on it (what "overdue" applies to).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Submitted | Self::Eligible | Self::Proposed)
    }
}

/// A step of the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Appraise,
    Propose,
    Decide,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Self::Appraise => "thẩm định",
            Self::Propose => "trình khen thưởng",
            Self::Decide => "ghi quyết định",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DossierError {
    #[error(
        "không thể {step} hồ sơ đang ở trạng thái \"{status}\": thứ tự là nộp → thẩm định → trình → quyết định"
    )]
    OutOfOrder {
        step: &'static str,
        status: &'static str,
    },
    #[error("hồ sơ không đủ điều kiện thì không trình khen thưởng")]
    NotEligible,
}

/// The status after `step`, or the refusal naming the order.
pub fn advance(status: Status, step: Step, eligible: bool) -> Result<Status, DossierError> {
    let out_of_order = || DossierError::OutOfOrder {
        step: step.label(),
        status: status.label(),
    };
    match (status, step) {
        // Appraisal may be redone until the dossier is proposed (a document added later).
        (Status::Submitted | Status::Eligible | Status::Ineligible, Step::Appraise) => {
            Ok(if eligible {
                Status::Eligible
            } else {
                Status::Ineligible
            })
        }
        (Status::Eligible, Step::Propose) => Ok(Status::Proposed),
        (Status::Ineligible, Step::Propose) => Err(DossierError::NotEligible),
        (Status::Proposed, Step::Decide) => Ok(Status::Decided),
        _ => Err(out_of_order()),
    }
}

/// The documents of a dossier (Điều 84).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Tờ trình đề nghị khen thưởng.
    Submission,
    /// Báo cáo thành tích.
    AchievementReport,
    /// Biên bản họp xét (hội đồng thi đua, khen thưởng).
    AssessmentMinutes,
    /// Giấy chứng nhận sáng kiến.
    InitiativeCertificate,
}

impl DocumentKind {
    pub const ALL: [Self; 4] = [
        Self::Submission,
        Self::AchievementReport,
        Self::AssessmentMinutes,
        Self::InitiativeCertificate,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Submission => "submission",
            Self::AchievementReport => "achievement_report",
            Self::AssessmentMinutes => "assessment_minutes",
            Self::InitiativeCertificate => "initiative_certificate",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Submission => "Tờ trình đề nghị khen thưởng",
            Self::AchievementReport => "Báo cáo thành tích",
            Self::AssessmentMinutes => "Biên bản họp xét khen thưởng",
            Self::InitiativeCertificate => "Giấy chứng nhận sáng kiến",
        }
    }
}

/// The documents `kind` needs: the three of every dossier, and for an emulation-fighter title
/// the certificate of the initiative.
pub fn required_documents(kind: AwardKind) -> Vec<DocumentKind> {
    let mut v = vec![
        DocumentKind::Submission,
        DocumentKind::AchievementReport,
        DocumentKind::AssessmentMinutes,
    ];
    if matches!(
        kind,
        AwardKind::ChienSiThiDuaCoSo
            | AwardKind::ChienSiThiDuaTinh
            | AwardKind::ChienSiThiDuaToanQuoc
    ) {
        v.push(DocumentKind::InitiativeCertificate);
    }
    v
}

/// Appraises a dossier: its documents first (Điều 84), then the rule of the proposed title or
/// award on the history it declares (the JSON of `dangvu commend eligible`).
pub fn appraise(
    kind: AwardKind,
    history_json: &str,
    documents: &[DocumentKind],
    thresholds: impl Fn(i32) -> Thresholds,
) -> Verdict {
    let missing: Vec<&str> = required_documents(kind)
        .into_iter()
        .filter(|d| !documents.contains(d))
        .map(DocumentKind::label)
        .collect();
    if !missing.is_empty() {
        return Verdict {
            award: kind,
            eligible: false,
            rule: "Luật Thi đua, khen thưởng 2022, Điều 84".into(),
            reasons: vec![format!("Hồ sơ thiếu: {}", missing.join(", "))],
        };
    }
    match wire::parse(history_json) {
        Ok(case) if !kind.admits(case.subject) => Verdict {
            award: kind,
            eligible: false,
            rule: "Luật Thi đua, khen thưởng 2022".into(),
            reasons: vec![format!(
                "{} không dành cho {}",
                kind.label(),
                case.subject.label()
            )],
        },
        Ok(case) => decide_one(&case, &thresholds(case.year), kind),
        Err(e) => Verdict {
            award: kind,
            eligible: false,
            rule: "Luật Thi đua, khen thưởng 2022, Điều 84".into(),
            reasons: vec![format!(
                "Quá trình thành tích trong hồ sơ không đọc được: {e}"
            )],
        },
    }
}

/// The day the appraisal is due: `days` working days after submission (QĐ 638/QĐ-BNV 2025: 20
/// for Chiến sĩ thi đua cơ sở at commune level), skipping weekends and holidays.
pub fn due_on(submitted: NaiveDate, days: u32, calendar: &HolidayCalendar) -> NaiveDate {
    calendar.add_working_days(submitted, days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_kept_in_order() {
        assert_eq!(
            advance(Status::Submitted, Step::Appraise, true),
            Ok(Status::Eligible)
        );
        assert_eq!(
            advance(Status::Ineligible, Step::Appraise, true),
            Ok(Status::Eligible)
        );
        assert_eq!(
            advance(Status::Eligible, Step::Propose, true),
            Ok(Status::Proposed)
        );
        assert_eq!(
            advance(Status::Proposed, Step::Decide, true),
            Ok(Status::Decided)
        );
        assert_eq!(
            advance(Status::Ineligible, Step::Propose, false),
            Err(DossierError::NotEligible)
        );
        let e = advance(Status::Submitted, Step::Decide, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "không thể ghi quyết định hồ sơ đang ở trạng thái \"Đã nộp, chờ thẩm định\": thứ tự là nộp → thẩm định → trình → quyết định"
        );
        assert!(advance(Status::Decided, Step::Appraise, true).is_err());
        assert!(advance(Status::Proposed, Step::Appraise, true).is_err());
    }

    const HISTORY: &str = r#"{"subject": "individual", "year": 2025, "history": [
        {"year": 2025, "rating": "excellent", "titles": [], "initiatives": ["co_so"], "discipline": null}],
        "emulation_active": true}"#;

    #[test]
    fn appraisal_checks_the_documents_then_the_rule() {
        let docs = [
            DocumentKind::Submission,
            DocumentKind::AchievementReport,
            DocumentKind::AssessmentMinutes,
        ];
        let v = appraise(
            AwardKind::ChienSiThiDuaCoSo,
            HISTORY,
            &docs,
            Thresholds::defaults,
        );
        assert!(!v.eligible);
        assert_eq!(v.reasons, vec!["Hồ sơ thiếu: Giấy chứng nhận sáng kiến"]);
        let all = DocumentKind::ALL;
        let v = appraise(
            AwardKind::ChienSiThiDuaCoSo,
            HISTORY,
            &all,
            Thresholds::defaults,
        );
        assert!(v.eligible, "{v:?}");
        assert_eq!(v.rule, "Luật Thi đua, khen thưởng 2022, Điều 23");
        let v = appraise(
            AwardKind::TapTheLaoDongXuatSac,
            HISTORY,
            &all,
            Thresholds::defaults,
        );
        assert!(!v.eligible);
    }

    #[test]
    fn the_due_date_skips_weekends_and_holidays() {
        let cal = HolidayCalendar::vietnam_default();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Monday 2/3/2026 + 20 working days = Monday 30/3/2026 (no holiday in March).
        assert_eq!(due_on(d(2026, 3, 2), 20, &cal), d(2026, 3, 30));
        // Across Giỗ Tổ (Sunday 26/4, so Monday 27/4 off), 30/4 and 1/5: three days later.
        assert_eq!(due_on(d(2026, 4, 20), 10, &cal), d(2026, 5, 7));
    }
}
