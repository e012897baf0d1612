//! The congress record (DOMAIN.md §4): ordinal in Roman numerals, term, the summoned list from
//! the register (official and probationary apart), presence and the base it defines, and the
//! resolution adopted by a recorded show of hands.

use chrono::NaiveDate;
use std::fmt;

use serde::Serialize;

use super::CongressError;
use crate::election::{BaseSpec, CongressKind, Exclusion};
use crate::register::member::MemberStatus;
use crate::text::to_roman;

/// The ordinal of the next congress: the previous one + 1, or 1 for the first.
pub fn next_ordinal(previous: Option<u32>) -> u32 {
    previous.map_or(1, |p| p.saturating_add(1))
}

/// The ordinal a new congress takes: the one asked for (an organization whose earlier
/// congresses are not recorded starts at its real number), or the suggestion; it must come
/// after the previous congress.
pub fn check_ordinal(previous: Option<u32>, wanted: Option<u32>) -> Result<u32, CongressError> {
    let Some(w) = wanted else {
        return Ok(next_ordinal(previous));
    };
    match previous {
        Some(p) if w <= p => Err(CongressError::OrdinalNotAfter {
            wanted: to_roman(w),
            previous: to_roman(p),
        }),
        _ if w == 0 || w > 3999 => Err(CongressError::OrdinalNotAfter {
            wanted: w.to_string(),
            previous: previous.map(to_roman).unwrap_or_else(|| "-".into()),
        }),
        _ => Ok(w),
    }
}

/// "lần thứ IV".
pub fn ordinal_label(ordinal: u32) -> String {
    format!("lần thứ {}", to_roman(ordinal))
}

/// How a congress kind is stored: `members` or `delegates`.
pub fn kind_key(kind: CongressKind) -> &'static str {
    match kind {
        CongressKind::Members => "members",
        CongressKind::Delegates => "delegates",
    }
}

pub fn parse_kind(raw: &str) -> Option<CongressKind> {
    match raw.trim() {
        "members" => Some(CongressKind::Members),
        "delegates" => Some(CongressKind::Delegates),
        _ => None,
    }
}

/// "đại hội đảng viên" / "đại hội đại biểu".
pub fn kind_label(kind: CongressKind) -> &'static str {
    match kind {
        CongressKind::Members => "đại hội đảng viên",
        CongressKind::Delegates => "đại hội đại biểu",
    }
}

/// A congress term, printed "2020–2025" with an en dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Term {
    pub from: i32,
    pub to: i32,
}

impl Term {
    /// Parses "2020–2025", "2020-2025" or "2020 - 2025".
    pub fn parse(raw: &str) -> Result<Self, CongressError> {
        let bad = || CongressError::BadTerm(raw.trim().to_string());
        let (a, b) = raw.split_once(['–', '-', '—']).ok_or_else(bad)?;
        let from: i32 = a.trim().parse().map_err(|_| bad())?;
        let to: i32 = b.trim().parse().map_err(|_| bad())?;
        if !(1930..=9999).contains(&from) || to <= from || to - from > 10 {
            return Err(bad());
        }
        Ok(Self { from, to })
    }

    /// "2020-2025": the term in machine fields (JSON, file names, links), as CONTRACTS.md
    /// writes it; every text a person reads uses the en dash of [`fmt::Display`].
    pub fn code(&self) -> String {
        format!("{}-{}", self.from, self.to)
    }

    /// The years whose data a review evaluates: from the congress year up to the year before
    /// the next congress, and no later than `last` (the current year).
    pub fn years_until(&self, last: i32) -> impl Iterator<Item = i32> {
        self.from..self.to.min(last + 1)
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.from, self.to)
    }
}

/// "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025".
pub fn congress_title(org_name: &str, ordinal: u32, term: Term) -> String {
    format!(
        "Đại hội {org_name} {}, nhiệm kỳ {term}",
        ordinal_label(ordinal)
    )
}

/// Where a congress stands on a day (CONTRACTS.md `congress show`): `planned` before it opens,
/// `in_progress` while its days run or while a round it opened is still being counted, and
/// `closed` once its last day is past and every round is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CongressStatus {
    Planned,
    InProgress,
    Closed,
}

impl CongressStatus {
    pub fn of(
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        today: NaiveDate,
        open_rounds: bool,
    ) -> Self {
        if today < starts_on {
            Self::Planned
        } else if today <= ends_on || open_rounds {
            Self::InProgress
        } else {
            Self::Closed
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Closed => "closed",
        }
    }

    /// "Sắp diễn ra", "Đang diễn ra", "Đã bế mạc".
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Sắp diễn ra",
            Self::InProgress => "Đang diễn ra",
            Self::Closed => "Đã bế mạc",
        }
    }
}

/// Where one summoned person stands for the congress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Present,
    /// Absent for the whole congress with a reason the committee approved.
    AbsentWithReason,
    AbsentWithoutReason,
    /// Temporarily attached to another organization.
    TemporaryElsewhere,
    /// Exempted from activities and absent.
    ExemptAbsent,
    /// Suspended, prosecuted or held.
    Suspended,
}

impl Presence {
    pub const ALL: [Presence; 6] = [
        Presence::Present,
        Presence::AbsentWithReason,
        Presence::AbsentWithoutReason,
        Presence::TemporaryElsewhere,
        Presence::ExemptAbsent,
        Presence::Suspended,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::AbsentWithReason => "absent_with_reason",
            Self::AbsentWithoutReason => "absent_without_reason",
            Self::TemporaryElsewhere => "temporary_elsewhere",
            Self::ExemptAbsent => "exempt_absent",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Present => "có mặt",
            Self::AbsentWithReason => "vắng có lý do",
            Self::AbsentWithoutReason => "vắng không lý do",
            Self::TemporaryElsewhere => "sinh hoạt tạm thời nơi khác",
            Self::ExemptAbsent => "miễn sinh hoạt, vắng mặt",
            Self::Suspended => "bị đình chỉ sinh hoạt",
        }
    }

    /// The exclusion from the base this presence is, on a members' congress (244-QĐ/TW
    /// Art. 32(2)); an absence without reason stays in the base.
    pub fn exclusion(self) -> Option<Exclusion> {
        match self {
            Self::Present | Self::AbsentWithoutReason => None,
            Self::AbsentWithReason => Some(Exclusion::AbsentWithReason),
            Self::TemporaryElsewhere => Some(Exclusion::TemporaryElsewhere),
            Self::ExemptAbsent => Some(Exclusion::ExemptAbsent),
            Self::Suspended => Some(Exclusion::Suspended),
        }
    }
}

/// One person summoned, from the register on the congress date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub person_id: i32,
    pub name: String,
    pub status: MemberStatus,
    pub presence: Presence,
    /// Why the person is absent, for an absence with reason ("ốm", "đi công tác").
    pub absence_reason: Option<String>,
}

/// The longest reason of an absence kept, in characters.
pub const ABSENCE_REASON_MAX: usize = 200;

/// The reason of an absence as it will be kept: NFC, trimmed, `None` when empty. Only an
/// absence with reason has one: a reason given with any other presence is refused (it would
/// otherwise be lost without a word), as is one longer than `ABSENCE_REASON_MAX`.
pub fn absence_reason(
    name: &str,
    presence: Presence,
    raw: Option<&str>,
) -> Result<Option<String>, String> {
    let reason = raw
        .map(|r| crate::text::normalize(r.trim()))
        .filter(|r| !r.is_empty());
    match reason {
        None => Ok(None),
        Some(_) if presence != Presence::AbsentWithReason => Err(format!(
            "{name}: chỉ ghi lý do cho người vắng có lý do (đang chọn \"{}\")",
            presence.label()
        )),
        Some(r) if r.chars().count() > ABSENCE_REASON_MAX => Err(format!(
            "{name}: lý do vắng dài quá {ABSENCE_REASON_MAX} ký tự"
        )),
        Some(r) => Ok(Some(r)),
    }
}

/// The summoned list, official and probationary members apart (probationary members attend
/// but do not vote on personnel, so they are outside the base).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SummonedList {
    pub official: Vec<Attendee>,
    pub probationary: Vec<Attendee>,
}

impl SummonedList {
    pub fn from_attendees(all: impl IntoIterator<Item = Attendee>) -> Self {
        let mut list = Self::default();
        for a in all {
            match a.status {
                MemberStatus::Official => list.official.push(a),
                MemberStatus::Probationary => list.probationary.push(a),
            }
        }
        list
    }

    pub fn summoned(&self) -> usize {
        self.official.len() + self.probationary.len()
    }

    /// Everyone present, official and probationary.
    pub fn present(&self) -> usize {
        self.present_official() + count(&self.probationary, Presence::Present)
    }

    pub fn present_official(&self) -> usize {
        count(&self.official, Presence::Present)
    }

    /// The base: official members (or official delegates) summoned minus the exclusions of
    /// their presence (`election::base`, 244-QĐ/TW Art. 32(2)–(3)). On a delegates' congress
    /// every delegate absent for the whole congress is taken as having no alternate in their
    /// place (an alternate who attends is summoned in their stead).
    pub fn base_spec(&self, kind: CongressKind) -> BaseSpec {
        let exclusion = |p: Presence| match kind {
            CongressKind::Members => p.exclusion(),
            CongressKind::Delegates => {
                (p != Presence::Present).then_some(Exclusion::AbsentWithoutAlternate)
            }
        };
        let mut exclusions: Vec<(Exclusion, i64)> = Vec::new();
        for e in Exclusion::ALL.into_iter().filter(|e| e.congress() == kind) {
            let n = self
                .official
                .iter()
                .filter(|a| exclusion(a.presence) == Some(e))
                .count();
            if n > 0 {
                exclusions.push((e, n as i64));
            }
        }
        BaseSpec::Summoned {
            summoned: self.official.len() as i64,
            exclusions,
        }
    }
}

fn count(list: &[Attendee], p: Presence) -> usize {
    list.iter().filter(|a| a.presence == p).count()
}

/// A recorded show of hands (biểu quyết giơ tay) on the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HandVote {
    pub agree: u64,
    pub disagree: u64,
    pub abstain: u64,
}

impl HandVote {
    /// Checks the hands against `present` official members, and tells whether the resolution
    /// is adopted: more than half of them agree (Điều lệ Art. 10(3); **verify** the reference
    /// number for a congress).
    pub fn adopted(&self, present: u64) -> Result<bool, CongressError> {
        let total = self.agree + self.disagree + self.abstain;
        if total > present {
            return Err(CongressError::MoreHandsThanPresent {
                agree: self.agree,
                disagree: self.disagree,
                abstain: self.abstain,
                total,
                present,
            });
        }
        Ok(self.agree * 2 > present)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: i32, status: MemberStatus, presence: Presence) -> Attendee {
        Attendee {
            person_id: id,
            name: format!("Người {id}"),
            status,
            presence,
            absence_reason: None,
        }
    }

    #[test]
    fn a_congress_is_in_progress_while_its_days_run_or_a_round_is_open() {
        let day = |m, d| NaiveDate::from_ymd_opt(2020, m, d).unwrap();
        let (from, to) = (day(5, 15), day(5, 16));
        assert_eq!(
            CongressStatus::of(from, to, day(5, 14), false),
            CongressStatus::Planned
        );
        assert_eq!(
            CongressStatus::of(from, to, day(5, 15), false),
            CongressStatus::InProgress
        );
        assert_eq!(
            CongressStatus::of(from, to, day(5, 16), false),
            CongressStatus::InProgress
        );
        assert_eq!(
            CongressStatus::of(from, to, day(5, 17), false),
            CongressStatus::Closed
        );
        assert_eq!(
            CongressStatus::of(from, to, day(12, 1), true),
            CongressStatus::InProgress
        );
        assert_eq!(CongressStatus::Closed.key(), "closed");
    }

    #[test]
    fn an_absence_reason_is_kept_only_for_an_absence_with_reason() {
        let with = Presence::AbsentWithReason;
        assert_eq!(absence_reason("An", with, None), Ok(None));
        assert_eq!(absence_reason("An", with, Some("  ")), Ok(None));
        assert_eq!(
            absence_reason("An", with, Some("  Ốm, nằm viện ")),
            Ok(Some("Ốm, nằm viện".to_string()))
        );
        // Decomposed input is stored composed (NFC).
        assert_eq!(
            absence_reason("An", with, Some("O\u{302}\u{301}m")),
            Ok(Some("Ốm".to_string()))
        );
        assert_eq!(absence_reason("An", Presence::Present, Some("")), Ok(None));
        let e = absence_reason("An", Presence::Present, Some("ốm")).unwrap_err();
        assert!(e.contains("An") && e.contains("có mặt"), "{e}");
        let long = "x".repeat(ABSENCE_REASON_MAX + 1);
        assert!(
            absence_reason("An", with, Some(&long))
                .unwrap_err()
                .contains("dài quá")
        );
        let just = "ố".repeat(ABSENCE_REASON_MAX);
        assert!(absence_reason("An", with, Some(&just)).is_ok());
    }

    #[test]
    fn the_next_ordinal_is_the_previous_plus_one_in_roman_numerals() {
        assert_eq!(next_ordinal(Some(3)), 4);
        assert_eq!(next_ordinal(None), 1);
        assert_eq!(ordinal_label(next_ordinal(Some(3))), "lần thứ IV");
        assert_eq!(check_ordinal(Some(3), None), Ok(4));
        assert_eq!(check_ordinal(None, Some(5)), Ok(5));
        assert!(check_ordinal(Some(3), Some(3)).is_err());
        assert!(check_ordinal(None, Some(0)).is_err());
        assert_eq!(
            congress_title("Chi bộ Sở Ngoại vụ", 4, Term::parse("2020-2025").unwrap()),
            "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025"
        );
    }

    #[test]
    fn terms_parse_with_any_dash_and_refuse_nonsense() {
        assert_eq!(
            Term::parse("2025–2030").unwrap(),
            Term {
                from: 2025,
                to: 2030
            }
        );
        assert_eq!(
            Term::parse(" 2025 - 2030 ").unwrap().to_string(),
            "2025–2030"
        );
        for bad in ["2030-2025", "2025", "abcd-2030", "2025-2025", "2025-2099"] {
            assert!(Term::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn summoned_list_keeps_official_and_probationary_apart_and_defines_the_base() {
        use MemberStatus::{Official, Probationary};
        let list = SummonedList::from_attendees([
            a(1, Official, Presence::Present),
            a(2, Official, Presence::Present),
            a(3, Official, Presence::AbsentWithReason),
            a(4, Official, Presence::AbsentWithoutReason),
            a(5, Official, Presence::TemporaryElsewhere),
            a(6, Probationary, Presence::Present),
            a(7, Probationary, Presence::AbsentWithReason),
        ]);
        assert_eq!((list.official.len(), list.probationary.len()), (5, 2));
        assert_eq!(list.summoned(), 7);
        assert_eq!(list.present(), 3);
        assert_eq!(list.present_official(), 2);
        // 5 official summoned − 1 absent with reason − 1 elsewhere; unexcused absence stays.
        assert_eq!(
            list.base_spec(CongressKind::Members).base().unwrap().get(),
            3
        );
        // On a delegates' congress every absent delegate leaves the base.
        assert_eq!(
            list.base_spec(CongressKind::Delegates)
                .base()
                .unwrap()
                .get(),
            2
        );
    }

    #[test]
    fn the_resolution_needs_more_than_half_of_those_present() {
        let v = HandVote {
            agree: 10,
            disagree: 9,
            abstain: 1,
        };
        assert_eq!(v.adopted(20), Ok(false));
        assert!(v.adopted(19).is_err());
        let v = HandVote {
            agree: 11,
            disagree: 9,
            abstain: 0,
        };
        assert_eq!(v.adopted(20), Ok(true));
    }

    #[test]
    fn presence_keys_round_trip() {
        for p in Presence::ALL {
            assert_eq!(Presence::parse(p.key()), Some(p));
        }
        assert_eq!(Presence::parse("late"), None);
    }
}
