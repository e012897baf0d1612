//! Admission of new members (kết nạp đảng viên, DOMAIN.md §6): the pipeline from the
//! application to recognition as an official member, its order, its checks and its due dates
//! in Vietnamese working days.
//!
//! Application → awareness-course certificate (valid 60 months) → two introducers (official
//! members who have worked with the applicant 12 months) → branch resolution (≥ 2/3 of the
//! official members) → admission decision → ceremony (within 30 working days of the decision)
//! → 12 months of probation → recognition as official (within 30 working days after probation,
//! ≥ 2/3 again).
//!
//! DOMAIN.md marks these rules **(verify)**: every number is a field of [`AdmissionRules`]
//! whose defaults are the ones above, read from settings by the shells.
//!
//! A step out of order, dated in the future or before the previous step, an expired
//! certificate, an introducer who does not qualify or a vote short of the share is refused
//! with the reason in Vietnamese. A ceremony or a recognition past its deadline is recorded
//! with a warning (the fact happened; the delay is flagged).

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::text::format_date;
use crate::workdays::HolidayCalendar;

/// The configurable numbers of the admission pipeline (DOMAIN.md §6, to verify).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AdmissionRules {
    pub min_age: u32,
    pub max_age: u32,
    pub certificate_valid_months: u32,
    pub introducers: u32,
    pub introducer_months: u32,
    /// The share of official members a resolution needs: `vote_numerator / vote_denominator`.
    pub vote_numerator: u32,
    pub vote_denominator: u32,
    pub ceremony_working_days: u32,
    pub probation_months: u32,
    pub recognition_working_days: u32,
}

impl Default for AdmissionRules {
    fn default() -> Self {
        Self {
            min_age: 18,
            max_age: 60,
            certificate_valid_months: 60,
            introducers: 2,
            introducer_months: 12,
            vote_numerator: 2,
            vote_denominator: 3,
            ceremony_working_days: 30,
            probation_months: 12,
            recognition_working_days: 30,
        }
    }
}

/// One rule as the settings and the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleEntry {
    /// The setting key without its `admission.` prefix.
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub default: String,
}

/// The rule keys, their Vietnamese labels.
pub const RULE_KEYS: &[(&str, &str)] = &[
    ("min_age", "Tuổi tối thiểu khi nộp đơn"),
    ("max_age", "Tuổi tối đa khi nộp đơn"),
    (
        "certificate_valid_months",
        "Hiệu lực giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng (tháng)",
    ),
    ("introducers", "Số người giới thiệu"),
    (
        "introducer_months",
        "Thời gian người giới thiệu công tác cùng người xin vào Đảng (tháng)",
    ),
    (
        "vote_share",
        "Tỷ lệ đảng viên chính thức tán thành tối thiểu",
    ),
    (
        "ceremony_working_days",
        "Hạn tổ chức lễ kết nạp sau quyết định (ngày làm việc)",
    ),
    ("probation_months", "Thời gian dự bị (tháng)"),
    (
        "recognition_working_days",
        "Hạn xét công nhận chính thức sau khi hết dự bị (ngày làm việc)",
    ),
];

impl AdmissionRules {
    fn value(&self, key: &str) -> Option<String> {
        Some(match key {
            "min_age" => self.min_age.to_string(),
            "max_age" => self.max_age.to_string(),
            "certificate_valid_months" => self.certificate_valid_months.to_string(),
            "introducers" => self.introducers.to_string(),
            "introducer_months" => self.introducer_months.to_string(),
            "vote_share" => format!("{}/{}", self.vote_numerator, self.vote_denominator),
            "ceremony_working_days" => self.ceremony_working_days.to_string(),
            "probation_months" => self.probation_months.to_string(),
            "recognition_working_days" => self.recognition_working_days.to_string(),
            _ => return None,
        })
    }

    /// Every rule with its value and default, in a fixed order.
    pub fn entries(&self) -> Vec<RuleEntry> {
        let default = Self::default();
        RULE_KEYS
            .iter()
            .map(|(key, label)| RuleEntry {
                key,
                label,
                value: self.value(key).unwrap_or_default(),
                default: default.value(key).unwrap_or_default(),
            })
            .collect()
    }

    /// Sets one rule from its text ("18", "2/3"), checking that the whole stays coherent.
    pub fn set(&mut self, key: &str, raw: &str) -> Result<(), AdmissionError> {
        let bad = || AdmissionError::BadRule {
            key: key.to_string(),
            value: raw.to_string(),
        };
        let raw = raw.trim();
        let num = || raw.parse::<u32>().map_err(|_| bad());
        let mut next = *self;
        match key {
            "min_age" => next.min_age = num()?,
            "max_age" => next.max_age = num()?,
            "certificate_valid_months" => next.certificate_valid_months = num()?,
            "introducers" => next.introducers = num()?,
            "introducer_months" => next.introducer_months = num()?,
            "vote_share" => {
                let (n, d) = raw.split_once('/').ok_or_else(bad)?;
                next.vote_numerator = n.trim().parse().map_err(|_| bad())?;
                next.vote_denominator = d.trim().parse().map_err(|_| bad())?;
            }
            "ceremony_working_days" => next.ceremony_working_days = num()?,
            "probation_months" => next.probation_months = num()?,
            "recognition_working_days" => next.recognition_working_days = num()?,
            _ => return Err(AdmissionError::UnknownRule(key.to_string())),
        }
        let coherent = next.min_age <= next.max_age
            && next.max_age <= 120
            && (1..=10).contains(&next.introducers)
            && next.vote_denominator > 0
            && next.vote_numerator > 0
            && next.vote_numerator <= next.vote_denominator
            && next.certificate_valid_months > 0
            && next.certificate_valid_months <= 600
            && next.introducer_months <= 600
            && next.probation_months <= 120
            && (1..=365).contains(&next.ceremony_working_days)
            && (1..=365).contains(&next.recognition_working_days);
        if !coherent {
            return Err(bad());
        }
        *self = next;
        Ok(())
    }

    /// The smallest number in favour that reaches the share of `members`.
    pub fn votes_needed(&self, members: u32) -> u32 {
        let (n, d) = (self.vote_numerator as u64, self.vote_denominator as u64);
        (members as u64 * n).div_ceil(d) as u32
    }

    fn share(&self) -> String {
        format!("{}/{}", self.vote_numerator, self.vote_denominator)
    }
}

/// The steps after the application, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Certificate,
    Introducer,
    Resolution,
    Decision,
    Ceremony,
    Recognition,
}

impl StepKind {
    pub const ALL: [Self; 6] = [
        Self::Certificate,
        Self::Introducer,
        Self::Resolution,
        Self::Decision,
        Self::Ceremony,
        Self::Recognition,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Certificate => "certificate",
            Self::Introducer => "introducer",
            Self::Resolution => "resolution",
            Self::Decision => "decision",
            Self::Ceremony => "ceremony",
            Self::Recognition => "recognition",
        }
    }

    /// Reads a code or its Vietnamese short name ("chung-nhan", "gioi-thieu", "nghi-quyet",
    /// "quyet-dinh", "le-ket-nap", "chinh-thuc").
    pub fn from_code(s: &str) -> Option<Self> {
        let s = crate::text::search_key(s).replace([' ', '_'], "-");
        Self::ALL.into_iter().find(|k| {
            k.code() == s
                || match k {
                    Self::Certificate => s == "chung-nhan",
                    Self::Introducer => s == "gioi-thieu",
                    Self::Resolution => s == "nghi-quyet",
                    Self::Decision => s == "quyet-dinh",
                    Self::Ceremony => s == "le-ket-nap",
                    Self::Recognition => s == "chinh-thuc",
                }
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Certificate => "Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng",
            Self::Introducer => "Người giới thiệu",
            Self::Resolution => "Nghị quyết chi bộ đề nghị kết nạp",
            Self::Decision => "Quyết định kết nạp",
            Self::Ceremony => "Lễ kết nạp",
            Self::Recognition => "Công nhận đảng viên chính thức",
        }
    }
}

/// A vote of the branch: how many official members were in favour, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Vote {
    pub in_favour: u32,
    pub official_members: u32,
}

/// What a step records beyond its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepData {
    Certificate {
        number: Option<String>,
    },
    Introducer {
        name: String,
        /// Official member on the step's date.
        official: bool,
        /// Since when the introducer has worked with the applicant.
        worked_since: NaiveDate,
    },
    Resolution(Vote),
    Decision {
        number: Option<String>,
    },
    Ceremony,
    Recognition(Vote),
}

impl StepData {
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Certificate { .. } => StepKind::Certificate,
            Self::Introducer { .. } => StepKind::Introducer,
            Self::Resolution(_) => StepKind::Resolution,
            Self::Decision { .. } => StepKind::Decision,
            Self::Ceremony => StepKind::Ceremony,
            Self::Recognition(_) => StepKind::Recognition,
        }
    }
}

/// One recorded step: its date (for a certificate, the date it was issued) and its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub on: NaiveDate,
    pub data: StepData,
}

/// Why a case or a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdmissionError {
    #[error(
        "người xin vào Đảng {age} tuổi vào ngày nộp đơn, ngoài độ tuổi {min}–{max} (quy định cần kiểm chứng, đổi được trong thiết lập)"
    )]
    Age { age: u32, min: u32, max: u32 },
    #[error("ngày {q0} ở tương lai", q0 = crate::text::excerpt(.0))]
    Future(String),
    #[error("hồ sơ đã hoàn tất: đảng viên đã được công nhận chính thức")]
    Finished,
    #[error("chưa đến bước '{got}': bước tiếp theo là '{expected}'")]
    OutOfOrder {
        expected: &'static str,
        got: &'static str,
    },
    #[error("chưa đủ người giới thiệu: cần {needed:02} người, mới có {have:02}")]
    NotEnoughIntroducers { needed: u32, have: u32 },
    #[error("ngày {q_date} trước ngày của bước trước ('{previous}', {q_previous_on})", q_date = crate::text::excerpt(.date), q_previous_on = crate::text::excerpt(.previous_on))]
    BeforePrevious {
        date: String,
        previous: &'static str,
        previous_on: String,
    },
    #[error("giấy chứng nhận cấp ngày {q_issued} sau ngày {q_date} của bước này", q_issued = crate::text::excerpt(.issued), q_date = crate::text::excerpt(.date))]
    CertificateLater { issued: String, date: String },
    #[error("giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng cấp ngày {q_issued} đã hết hạn ngày {q_expired} (hiệu lực {months} tháng); cần học lại trước khi chi bộ xét", q_issued = crate::text::excerpt(.issued), q_expired = crate::text::excerpt(.expired))]
    CertificateExpired {
        issued: String,
        expired: String,
        months: u32,
    },
    #[error("người giới thiệu {q0} không phải là đảng viên chính thức", q0 = crate::text::excerpt(.0))]
    IntroducerNotOfficial(String),
    #[error("người giới thiệu {q_name} mới công tác cùng người xin vào Đảng {months} tháng (cần ít nhất {needed} tháng)", q_name = crate::text::excerpt(.name))]
    IntroducerTooShort {
        name: String,
        months: u32,
        needed: u32,
    },
    #[error("{q0} đã là người giới thiệu của hồ sơ này", q0 = crate::text::excerpt(.0))]
    IntroducerTwice(String),
    #[error("số phiếu không hợp lệ: {in_favour} tán thành trên {members} đảng viên chính thức")]
    BadVote { in_favour: u32, members: u32 },
    #[error("chỉ {in_favour}/{members} đảng viên chính thức tán thành, chưa đạt {q_share} (cần ít nhất {needed})", q_share = crate::text::excerpt(.share))]
    VoteShort {
        in_favour: u32,
        members: u32,
        needed: u32,
        share: String,
    },
    #[error("chưa hết {months} tháng dự bị: dự bị đến hết ngày {q_until}", q_until = crate::text::excerpt(.until))]
    ProbationNotOver { months: u32, until: String },
    #[error("quy định '{q0}' không có", q0 = crate::text::excerpt(.0))]
    UnknownRule(String),
    #[error("giá trị '{q_value}' không hợp lệ cho quy định '{q_key}'", q_key = crate::text::excerpt(.key), q_value = crate::text::excerpt(.value))]
    BadRule { key: String, value: String },
}

/// The next step of a case with its window: not before `earliest`, due by `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub kind: StepKind,
    pub earliest: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Why the due date is what it is, in Vietnamese.
    pub due_reason: Option<String>,
}

/// One admission case: the applicant's birth date, the application date and the steps so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdmissionCase {
    pub birth_date: NaiveDate,
    pub applied_on: NaiveDate,
    pub steps: Vec<Step>,
}

/// Whole years of age on a date.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        m -= 1;
    }
    m.max(0) as u32
}

fn plus_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m))
        .unwrap_or(NaiveDate::MAX)
}

/// A branch vote: a sensible count (some official members, no more in favour than them) and
/// enough in favour under the rules.
fn check_vote(v: &Vote, rules: &AdmissionRules) -> Result<(), AdmissionError> {
    if v.official_members == 0 || v.in_favour > v.official_members {
        return Err(AdmissionError::BadVote {
            in_favour: v.in_favour,
            members: v.official_members,
        });
    }
    let needed = rules.votes_needed(v.official_members);
    if v.in_favour < needed {
        return Err(AdmissionError::VoteShort {
            in_favour: v.in_favour,
            members: v.official_members,
            needed,
            share: rules.share(),
        });
    }
    Ok(())
}

impl AdmissionCase {
    /// Opens a case on an application, checking the applicant's age.
    pub fn open(
        birth_date: NaiveDate,
        applied_on: NaiveDate,
        rules: &AdmissionRules,
        today: NaiveDate,
    ) -> Result<Self, AdmissionError> {
        if applied_on > today {
            return Err(AdmissionError::Future(format_date(applied_on)));
        }
        let age = age_on(birth_date, applied_on);
        if birth_date > applied_on || age < rules.min_age || age > rules.max_age {
            return Err(AdmissionError::Age {
                age,
                min: rules.min_age,
                max: rules.max_age,
            });
        }
        Ok(Self {
            birth_date,
            applied_on,
            steps: Vec::new(),
        })
    }

    fn find(&self, kind: StepKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.data.kind() == kind)
    }

    fn date_of(&self, kind: StepKind) -> Option<NaiveDate> {
        self.find(kind).map(|s| s.on)
    }

    pub fn introducer_count(&self) -> u32 {
        self.steps
            .iter()
            .filter(|s| s.data.kind() == StepKind::Introducer)
            .count() as u32
    }

    /// The kind of step expected next, or `None` once the member is official.
    pub fn next_kind(&self, rules: &AdmissionRules) -> Option<StepKind> {
        if self.find(StepKind::Certificate).is_none() {
            Some(StepKind::Certificate)
        } else if self.introducer_count() < rules.introducers {
            Some(StepKind::Introducer)
        } else {
            [
                StepKind::Resolution,
                StepKind::Decision,
                StepKind::Ceremony,
                StepKind::Recognition,
            ]
            .into_iter()
            .find(|k| self.find(*k).is_none())
        }
    }

    /// The date probation ends (the ceremony plus the probation months).
    pub fn probation_end(&self, rules: &AdmissionRules) -> Option<NaiveDate> {
        self.date_of(StepKind::Ceremony)
            .map(|c| plus_months(c, rules.probation_months))
    }

    /// The last day the certificate is valid.
    pub fn certificate_last_day(&self, rules: &AdmissionRules) -> Option<NaiveDate> {
        self.date_of(StepKind::Certificate).map(|c| {
            plus_months(c, rules.certificate_valid_months)
                .pred_opt()
                .unwrap_or(c)
        })
    }

    fn ceremony_due(&self, rules: &AdmissionRules, cal: &HolidayCalendar) -> Option<NaiveDate> {
        self.date_of(StepKind::Decision)
            .map(|d| cal.add_working_days(d, rules.ceremony_working_days))
    }

    fn recognition_due(&self, rules: &AdmissionRules, cal: &HolidayCalendar) -> Option<NaiveDate> {
        self.probation_end(rules)
            .map(|p| cal.add_working_days(p, rules.recognition_working_days))
    }

    /// The next step with its window and due date, or `None` once finished.
    pub fn next_step(&self, rules: &AdmissionRules, cal: &HolidayCalendar) -> Option<NextStep> {
        let kind = self.next_kind(rules)?;
        let (earliest, due, reason) = match kind {
            StepKind::Certificate => (None, None, None),
            StepKind::Introducer | StepKind::Resolution => {
                let last = self.certificate_last_day(rules);
                (
                    None,
                    last,
                    last.map(|_| {
                        format!(
                            "giấy chứng nhận còn hiệu lực đến hết ngày này ({} tháng)",
                            rules.certificate_valid_months
                        )
                    }),
                )
            }
            StepKind::Decision => (None, None, None),
            StepKind::Ceremony => (
                None,
                self.ceremony_due(rules, cal),
                Some(format!(
                    "trong {} ngày làm việc kể từ ngày quyết định kết nạp",
                    rules.ceremony_working_days
                )),
            ),
            StepKind::Recognition => (
                self.probation_end(rules),
                self.recognition_due(rules, cal),
                Some(format!(
                    "trong {} ngày làm việc sau khi hết {} tháng dự bị",
                    rules.recognition_working_days, rules.probation_months
                )),
            ),
        };
        Some(NextStep {
            kind,
            earliest,
            due,
            due_reason: reason,
        })
    }

    /// Whether the next step is past its due date on `today`.
    pub fn is_overdue(
        &self,
        rules: &AdmissionRules,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> bool {
        self.next_step(rules, cal)
            .and_then(|n| n.due)
            .is_some_and(|d| today > d)
    }

    /// Checks a step against the case; `Ok` carries the warnings to record with it (a
    /// deadline passed), `Err` the reason it is refused.
    pub fn check(
        &self,
        step: &Step,
        rules: &AdmissionRules,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> Result<Vec<String>, AdmissionError> {
        let kind = step.data.kind();
        let on = step.on;
        if on > today {
            return Err(AdmissionError::Future(format_date(on)));
        }
        self.check_order(kind, rules)?;
        if kind != StepKind::Certificate {
            self.check_dates_follow(on)?;
        }
        let mut warnings = Vec::new();
        match &step.data {
            StepData::Certificate { .. } => self.check_certificate(on, rules)?,
            StepData::Introducer {
                name,
                official,
                worked_since,
            } => self.check_introducer(name, *official, *worked_since, on, rules)?,
            StepData::Resolution(v) => self.check_resolution(v, on, rules)?,
            StepData::Decision { .. } => {}
            StepData::Ceremony => warnings.extend(self.ceremony_late(on, rules, cal)),
            StepData::Recognition(v) => {
                warnings.extend(self.check_recognition(v, on, rules, cal)?);
            }
        }
        Ok(warnings)
    }

    /// The step is the one expected next; further introducers may be recorded until the
    /// resolution.
    fn check_order(&self, kind: StepKind, rules: &AdmissionRules) -> Result<(), AdmissionError> {
        let Some(expected) = self.next_kind(rules) else {
            return Err(AdmissionError::Finished);
        };
        // Further introducers may be recorded until the resolution.
        let extra_introducer = kind == StepKind::Introducer
            && self.find(StepKind::Resolution).is_none()
            && self.find(StepKind::Certificate).is_some();
        if kind != expected && !extra_introducer {
            if expected == StepKind::Introducer && kind == StepKind::Resolution {
                return Err(AdmissionError::NotEnoughIntroducers {
                    needed: rules.introducers,
                    have: self.introducer_count(),
                });
            }
            return Err(AdmissionError::OutOfOrder {
                expected: expected.label(),
                got: kind.label(),
            });
        }
        Ok(())
    }

    /// Dates follow each other: a step (other than the certificate, which may predate the
    /// application) is not before the previous one, nor before the certificate.
    fn check_dates_follow(&self, on: NaiveDate) -> Result<(), AdmissionError> {
        let (prev_label, prev_on) = self
            .steps
            .iter()
            .filter(|s| s.data.kind() != StepKind::Certificate)
            .map(|s| (s.data.kind().label(), s.on))
            .next_back()
            .unwrap_or(("Đơn xin vào Đảng", self.applied_on));
        if on < prev_on {
            return Err(AdmissionError::BeforePrevious {
                date: format_date(on),
                previous: prev_label,
                previous_on: format_date(prev_on),
            });
        }
        if let Some(c) = self.date_of(StepKind::Certificate)
            && on < c
        {
            return Err(AdmissionError::CertificateLater {
                issued: format_date(c),
                date: format_date(on),
            });
        }
        Ok(())
    }

    /// The certificate issued `on` is valid on the dates of the case: the application (and
    /// the branch's resolution, checked when it is recorded), never the day the case is typed
    /// in, so a 2015 case entered today keeps the certificate that was valid in 2015.
    fn check_certificate(
        &self,
        on: NaiveDate,
        rules: &AdmissionRules,
    ) -> Result<(), AdmissionError> {
        let last = plus_months(on, rules.certificate_valid_months)
            .pred_opt()
            .unwrap_or(on);
        if last < self.applied_on {
            return Err(AdmissionError::CertificateExpired {
                issued: format_date(on),
                expired: format_date(last),
                months: rules.certificate_valid_months,
            });
        }
        Ok(())
    }

    /// An introducer: not one already recorded, an official member, who has worked with the
    /// applicant long enough by `on`.
    fn check_introducer(
        &self,
        name: &str,
        official: bool,
        worked_since: NaiveDate,
        on: NaiveDate,
        rules: &AdmissionRules,
    ) -> Result<(), AdmissionError> {
        if self
            .steps
            .iter()
            .any(|s| matches!(&s.data, StepData::Introducer { name: n, .. } if n == name))
        {
            return Err(AdmissionError::IntroducerTwice(name.to_string()));
        }
        if !official {
            return Err(AdmissionError::IntroducerNotOfficial(name.to_string()));
        }
        let months = months_between(worked_since, on);
        if worked_since > on || months < rules.introducer_months {
            return Err(AdmissionError::IntroducerTooShort {
                name: name.to_string(),
                months,
                needed: rules.introducer_months,
            });
        }
        Ok(())
    }

    /// The branch's resolution: within the certificate's validity, and carried by the vote.
    fn check_resolution(
        &self,
        v: &Vote,
        on: NaiveDate,
        rules: &AdmissionRules,
    ) -> Result<(), AdmissionError> {
        if let Some(last) = self.certificate_last_day(rules)
            && on > last
        {
            return Err(AdmissionError::CertificateExpired {
                issued: format_date(self.date_of(StepKind::Certificate).unwrap_or(on)),
                expired: format_date(last),
                months: rules.certificate_valid_months,
            });
        }
        check_vote(v, rules)
    }

    /// The warning for a ceremony held after its working days from the decision.
    fn ceremony_late(
        &self,
        on: NaiveDate,
        rules: &AdmissionRules,
        cal: &HolidayCalendar,
    ) -> Option<String> {
        let due = self.ceremony_due(rules, cal)?;
        (on > due).then(|| {
            format!(
                "lễ kết nạp ngày {} quá hạn {} ngày làm việc kể từ quyết định (hạn {})",
                format_date(on),
                rules.ceremony_working_days,
                format_date(due)
            )
        })
    }

    /// Recognition as an official member: not before probation ends, carried by the vote; a
    /// warning when after its working days from the end of probation.
    fn check_recognition(
        &self,
        v: &Vote,
        on: NaiveDate,
        rules: &AdmissionRules,
        cal: &HolidayCalendar,
    ) -> Result<Option<String>, AdmissionError> {
        if let Some(end) = self.probation_end(rules)
            && on < end
        {
            return Err(AdmissionError::ProbationNotOver {
                months: rules.probation_months,
                until: format_date(end.pred_opt().unwrap_or(end)),
            });
        }
        check_vote(v, rules)?;
        Ok(self
            .recognition_due(rules, cal)
            .filter(|due| on > *due)
            .map(|due| {
                format!(
                    "công nhận chính thức ngày {} quá hạn {} ngày làm việc sau khi hết dự bị (hạn {})",
                    format_date(on),
                    rules.recognition_working_days,
                    format_date(due)
                )
            }))
    }

    /// Checks and records a step; returns its warnings.
    pub fn record(
        &mut self,
        step: Step,
        rules: &AdmissionRules,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> Result<Vec<String>, AdmissionError> {
        let w = self.check(&step, rules, cal, today)?;
        self.steps.push(step);
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }
    fn rules() -> AdmissionRules {
        AdmissionRules::default()
    }
    fn cal() -> HolidayCalendar {
        HolidayCalendar::vietnam_default()
    }
    fn step(on: NaiveDate, data: StepData) -> Step {
        Step { on, data }
    }
    fn intro(name: &str, since: NaiveDate) -> StepData {
        StepData::Introducer {
            name: name.into(),
            official: true,
            worked_since: since,
        }
    }
    fn vote(y: u32, n: u32) -> Vote {
        Vote {
            in_favour: y,
            official_members: n,
        }
    }

    /// A case up to the decision of 2/2/2026.
    fn decided() -> AdmissionCase {
        let (r, c) = (rules(), cal());
        let mut a = AdmissionCase::open(d(1995, 6, 1), d(2025, 9, 1), &r, today()).unwrap();
        for s in [
            step(
                d(2025, 6, 20),
                StepData::Certificate {
                    number: Some("123".into()),
                },
            ),
            step(d(2025, 9, 10), intro("Trần Văn A", d(2020, 1, 1))),
            step(d(2025, 9, 12), intro("Lê Thị B", d(2023, 3, 1))),
            step(d(2025, 10, 15), StepData::Resolution(vote(10, 12))),
            step(d(2026, 2, 2), StepData::Decision { number: None }),
        ] {
            assert_eq!(a.record(s, &r, &c, today()), Ok(vec![]));
        }
        a
    }

    #[test]
    fn a_certificate_is_checked_against_the_dates_of_the_case_not_today() {
        let (r, c) = (rules(), cal());
        // A 2015 case typed in today: the 2014 certificate was valid then (60 months).
        let mut a = AdmissionCase::open(d(1990, 6, 1), d(2015, 3, 1), &r, today()).unwrap();
        let cert = step(d(2014, 9, 1), StepData::Certificate { number: None });
        assert_eq!(a.record(cert, &r, &c, today()), Ok(vec![]));
        a.record(
            step(d(2015, 3, 5), intro("Trần Văn A", d(2013, 1, 1))),
            &r,
            &c,
            today(),
        )
        .unwrap();
        a.record(
            step(d(2015, 3, 6), intro("Lê Thị B", d(2013, 1, 1))),
            &r,
            &c,
            today(),
        )
        .unwrap();
        assert_eq!(
            a.record(
                step(d(2015, 4, 1), StepData::Resolution(vote(10, 12))),
                &r,
                &c,
                today()
            ),
            Ok(vec![])
        );
        // A certificate already expired on the application is still refused.
        let mut b = AdmissionCase::open(d(1990, 6, 1), d(2015, 3, 1), &r, today()).unwrap();
        let old = step(d(2009, 9, 1), StepData::Certificate { number: None });
        assert!(matches!(
            b.record(old, &r, &c, today()),
            Err(AdmissionError::CertificateExpired { .. })
        ));
    }

    #[test]
    fn the_whole_pipeline_with_due_dates() {
        let (r, c) = (rules(), cal());
        let mut a = decided();
        let next = a.next_step(&r, &c).unwrap();
        assert_eq!(next.kind, StepKind::Ceremony);
        // 30 working days from Monday 2/2/2026, Tết 16–20/2 off: Monday 23/3/2026.
        assert_eq!(next.due, Some(d(2026, 3, 23)));
        assert!(a.is_overdue(&r, &c, d(2026, 3, 24)));
        assert!(!a.is_overdue(&r, &c, d(2026, 3, 23)));
        a.record(step(d(2026, 3, 2), StepData::Ceremony), &r, &c, today())
            .unwrap();
        let next = a.next_step(&r, &c).unwrap();
        assert_eq!(next.kind, StepKind::Recognition);
        assert_eq!(next.earliest, Some(d(2027, 3, 2)));
        assert_eq!(a.probation_end(&r), Some(d(2027, 3, 2)));
        let late = d(2027, 6, 1);
        assert_eq!(
            a.check(
                &step(d(2027, 2, 1), StepData::Recognition(vote(9, 12))),
                &r,
                &c,
                late
            ),
            Err(AdmissionError::ProbationNotOver {
                months: 12,
                until: "1/3/2027".into()
            })
        );
        let w = a
            .record(
                step(d(2027, 5, 3), StepData::Recognition(vote(9, 12))),
                &r,
                &c,
                late,
            )
            .unwrap();
        assert_eq!(
            w.len(),
            1,
            "recognition two months after probation is late: {w:?}"
        );
        assert!(w[0].contains("quá hạn 30 ngày làm việc"));
        assert_eq!(a.next_step(&r, &c), None);
        assert_eq!(
            a.check(&step(late, StepData::Ceremony), &r, &c, late),
            Err(AdmissionError::Finished)
        );
    }

    #[test]
    fn a_late_ceremony_is_recorded_with_a_warning() {
        let (r, c) = (rules(), cal());
        let mut a = decided();
        let w = a
            .record(step(d(2026, 3, 24), StepData::Ceremony), &r, &c, today())
            .unwrap();
        assert_eq!(
            w,
            vec![
                "lễ kết nạp ngày 24/3/2026 quá hạn 30 ngày làm việc kể từ quyết định (hạn 23/3/2026)"
            ]
        );
    }

    #[test]
    fn bad_steps_are_refused_with_the_reason() {
        let (r, c) = (rules(), cal());
        let mut a = AdmissionCase::open(d(1995, 6, 1), d(2025, 9, 1), &r, today()).unwrap();
        // Out of order.
        let e = a
            .check(
                &step(d(2025, 10, 1), StepData::Decision { number: None }),
                &r,
                &c,
                today(),
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "chưa đến bước 'Quyết định kết nạp': bước tiếp theo là 'Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng'"
        );
        // An expired certificate (issued 60 months before the application).
        assert!(matches!(
            a.check(
                &step(d(2020, 1, 1), StepData::Certificate { number: None }),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::CertificateExpired { .. })
        ));
        a.record(
            step(d(2021, 12, 1), StepData::Certificate { number: None }),
            &r,
            &c,
            today(),
        )
        .unwrap();
        // Future date.
        assert!(matches!(
            a.check(
                &step(d(2027, 1, 1), intro("X", d(2020, 1, 1))),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::Future(_))
        ));
        // Before the application.
        assert!(matches!(
            a.check(
                &step(d(2025, 8, 1), intro("X", d(2020, 1, 1))),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::BeforePrevious { .. })
        ));
        // Introducers who do not qualify.
        assert_eq!(
            a.check(
                &step(
                    d(2025, 9, 10),
                    StepData::Introducer {
                        name: "Phạm C".into(),
                        official: false,
                        worked_since: d(2010, 1, 1)
                    }
                ),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::IntroducerNotOfficial("Phạm C".into()))
        );
        assert_eq!(
            a.check(
                &step(d(2025, 9, 10), intro("Phạm C", d(2024, 10, 11))),
                &r,
                &c,
                today()
            )
            .unwrap_err()
            .to_string(),
            "người giới thiệu Phạm C mới công tác cùng người xin vào Đảng 10 tháng (cần ít nhất 12 tháng)"
        );
        a.record(
            step(d(2025, 9, 10), intro("Phạm C", d(2024, 9, 10))),
            &r,
            &c,
            today(),
        )
        .unwrap();
        assert_eq!(
            a.check(
                &step(d(2025, 9, 11), intro("Phạm C", d(2020, 1, 1))),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::IntroducerTwice("Phạm C".into()))
        );
        // Fewer than two introducers.
        assert_eq!(
            a.check(
                &step(d(2025, 10, 1), StepData::Resolution(vote(9, 9))),
                &r,
                &c,
                today()
            )
            .unwrap_err()
            .to_string(),
            "chưa đủ người giới thiệu: cần 02 người, mới có 01"
        );
        a.record(
            step(d(2025, 9, 11), intro("Đỗ D", d(2020, 1, 1))),
            &r,
            &c,
            today(),
        )
        .unwrap();
        // A vote short of 2/3: 7 of 11 (needs 8).
        assert_eq!(
            a.check(
                &step(d(2025, 10, 1), StepData::Resolution(vote(7, 11))),
                &r,
                &c,
                today()
            )
            .unwrap_err()
            .to_string(),
            "chỉ 7/11 đảng viên chính thức tán thành, chưa đạt 2/3 (cần ít nhất 8)"
        );
        assert!(matches!(
            a.check(
                &step(d(2025, 10, 1), StepData::Resolution(vote(12, 11))),
                &r,
                &c,
                today()
            ),
            Err(AdmissionError::BadVote { .. })
        ));
        // The certificate of 1/12/2021 is valid through 30/11/2026: a resolution after it is refused.
        assert_eq!(a.certificate_last_day(&r), Some(d(2026, 11, 30)));
        assert!(matches!(
            a.check(
                &step(d(2026, 12, 1), StepData::Resolution(vote(8, 11))),
                &r,
                &c,
                d(2026, 12, 2)
            ),
            Err(AdmissionError::CertificateExpired { .. })
        ));
        let next = a.next_step(&r, &c).unwrap();
        assert_eq!(next.kind, StepKind::Resolution);
        assert_eq!(next.due, Some(d(2026, 11, 30)));
        // A third introducer is still accepted before the resolution.
        a.record(
            step(d(2025, 9, 12), intro("Vũ E", d(2020, 1, 1))),
            &r,
            &c,
            today(),
        )
        .unwrap();
        a.record(
            step(d(2025, 10, 1), StepData::Resolution(vote(8, 11))),
            &r,
            &c,
            today(),
        )
        .unwrap();
    }

    #[test]
    fn age_limits_are_rules() {
        let mut r = rules();
        assert!(matches!(
            AdmissionCase::open(d(2008, 12, 1), d(2026, 11, 1), &r, today()),
            Err(AdmissionError::Age { age: 17, .. })
        ));
        assert!(AdmissionCase::open(d(2008, 11, 1), d(2026, 11, 1), &r, today()).is_ok());
        assert!(AdmissionCase::open(d(1965, 1, 1), d(2026, 11, 1), &r, today()).is_err());
        r.set("max_age", "65").unwrap();
        assert!(AdmissionCase::open(d(1965, 1, 1), d(2026, 11, 1), &r, today()).is_ok());
    }

    #[test]
    fn rules_are_settings_with_defaults() {
        let mut r = rules();
        let e = r.entries();
        assert_eq!(e.len(), RULE_KEYS.len());
        assert!(e.iter().all(|x| x.value == x.default));
        assert_eq!(
            e.iter().find(|x| x.key == "vote_share").unwrap().value,
            "2/3"
        );
        r.set("vote_share", "3/4").unwrap();
        assert_eq!(r.votes_needed(12), 9);
        assert_eq!(r.votes_needed(11), 9);
        assert!(r.set("vote_share", "4/3").is_err());
        assert!(r.set("min_age", "abc").is_err());
        assert!(r.set("min_age", "70").is_err(), "min above max");
        assert!(matches!(
            r.set("nope", "1"),
            Err(AdmissionError::UnknownRule(_))
        ));
        assert_eq!(rules().votes_needed(12), 8);
        assert_eq!(rules().votes_needed(11), 8);
        assert_eq!(rules().votes_needed(3), 2);
    }

    #[test]
    fn step_codes_round_trip() {
        for k in StepKind::ALL {
            assert_eq!(StepKind::from_code(k.code()), Some(k));
        }
        assert_eq!(StepKind::from_code("lễ kết nạp"), Some(StepKind::Ceremony));
        assert_eq!(
            StepKind::from_code("chinh-thuc"),
            Some(StepKind::Recognition)
        );
        assert_eq!(StepKind::from_code("x"), None);
    }

    proptest! {
        /// The share needed is the smallest count that reaches it.
        #[test]
        fn votes_needed_is_the_least_reaching_count(n in 1u32..500, num in 1u32..5, extra in 0u32..5) {
            let den = num + extra;
            let mut r = rules();
            r.set("vote_share", &format!("{num}/{den}")).unwrap();
            let k = r.votes_needed(n);
            prop_assert!(k <= n);
            prop_assert!((k as u64) * (den as u64) >= (num as u64) * (n as u64));
            prop_assert!(k == 0 || ((k - 1) as u64) * (den as u64) < (num as u64) * (n as u64));
        }

        /// The ceremony's due date is a working day, after the decision, never before an
        /// earlier decision's.
        #[test]
        fn ceremony_due_dates_are_working_days(a in 0u32..2000, gap in 0u32..60) {
            let (r, c) = (rules(), cal());
            let mk = |on: NaiveDate| AdmissionCase {
                birth_date: d(1990, 1, 1),
                applied_on: d(2019, 1, 1),
                steps: vec![
                    step(d(2019, 1, 1), StepData::Certificate { number: None }),
                    step(d(2019, 1, 1), intro("A", d(2010, 1, 1))),
                    step(d(2019, 1, 1), intro("B", d(2010, 1, 1))),
                    step(d(2019, 1, 1), StepData::Resolution(vote(2, 3))),
                    step(on, StepData::Decision { number: None }),
                ],
            };
            let d1 = d(2020, 1, 1) + chrono::Days::new(a as u64);
            let d2 = d1 + chrono::Days::new(gap as u64);
            let due1 = mk(d1).next_step(&r, &c).unwrap().due.unwrap();
            let due2 = mk(d2).next_step(&r, &c).unwrap().due.unwrap();
            prop_assert!(c.is_working_day(due1));
            prop_assert!(due1 > d1);
            prop_assert!(due1 <= due2);
            prop_assert_eq!(c.working_days_between(d1, due1), 30);
        }
    }
}
