//! The base (căn cứ tính kết quả bầu cử): the number whose half a candidate must exceed, given
//! outright or as those summoned minus the exclusions of 244-QĐ/TW Art. 32(2)–(3) (DOMAIN.md §4).

use serde::Serialize;

use super::ElectionError;

/// Which congress an exclusion belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CongressKind {
    /// Đại hội đảng viên: the base counts official members summoned.
    Members,
    /// Đại hội đại biểu: the base counts official delegates summoned.
    Delegates,
}

/// Those summoned who do not count in the base (244-QĐ/TW Art. 32(2)–(3), 190-QĐ/TW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exclusion {
    /// Members temporarily attached to another organization (sinh hoạt tạm thời nơi khác).
    TemporaryElsewhere,
    /// Members exempted from party work or activities who are absent.
    ExemptAbsent,
    /// Members suspended from activities, prosecuted or held.
    Suspended,
    /// Members absent for the whole congress with a reason the committee approved.
    AbsentWithReason,
    /// Committee members absent for the whole congress (delegates' congress).
    CommitteeAbsent,
    /// Delegates absent for the whole congress with no alternate in their place.
    AbsentWithoutAlternate,
}

impl Exclusion {
    pub const ALL: [Exclusion; 6] = [
        Exclusion::TemporaryElsewhere,
        Exclusion::ExemptAbsent,
        Exclusion::Suspended,
        Exclusion::AbsentWithReason,
        Exclusion::CommitteeAbsent,
        Exclusion::AbsentWithoutAlternate,
    ];

    /// The key used in files (CONTRACTS.md, `dangvu tally`).
    pub fn key(self) -> &'static str {
        match self {
            Exclusion::TemporaryElsewhere => "temporary_elsewhere",
            Exclusion::ExemptAbsent => "exempt_absent",
            Exclusion::Suspended => "suspended",
            Exclusion::AbsentWithReason => "absent_with_reason",
            Exclusion::CommitteeAbsent => "committee_absent",
            Exclusion::AbsentWithoutAlternate => "absent_without_alternate",
        }
    }

    /// Parses a key of [`Exclusion::key`]; anything else is [`ElectionError::UnknownExclusion`].
    pub fn parse(raw: &str) -> Result<Self, ElectionError> {
        Self::ALL
            .into_iter()
            .find(|e| e.key() == raw)
            .ok_or_else(|| ElectionError::UnknownExclusion(raw.to_string()))
    }

    /// How the minutes name it.
    pub fn label(self) -> &'static str {
        match self {
            Exclusion::TemporaryElsewhere => "đảng viên sinh hoạt tạm thời ở đảng bộ, chi bộ khác",
            Exclusion::ExemptAbsent => "đảng viên được miễn công tác và sinh hoạt đảng vắng mặt",
            Exclusion::Suspended => {
                "đảng viên bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam"
            }
            Exclusion::AbsentWithReason => {
                "đảng viên vắng mặt suốt thời gian đại hội có lý do được chấp nhận"
            }
            Exclusion::CommitteeAbsent => "cấp ủy viên vắng mặt suốt thời gian đại hội",
            Exclusion::AbsentWithoutAlternate => {
                "đại biểu chính thức vắng mặt suốt thời gian đại hội không có đại biểu dự khuyết thay thế"
            }
        }
    }

    pub fn congress(self) -> CongressKind {
        match self {
            Exclusion::TemporaryElsewhere
            | Exclusion::ExemptAbsent
            | Exclusion::Suspended
            | Exclusion::AbsentWithReason => CongressKind::Members,
            Exclusion::CommitteeAbsent | Exclusion::AbsentWithoutAlternate => {
                CongressKind::Delegates
            }
        }
    }
}

/// A base as the input gives it: a number, or summoned minus exclusions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseSpec {
    Number(i64),
    Summoned {
        summoned: i64,
        exclusions: Vec<(Exclusion, i64)>,
    },
}

impl BaseSpec {
    pub fn base(&self) -> Result<Base, ElectionError> {
        match self {
            BaseSpec::Number(n) => Base::new(*n),
            BaseSpec::Summoned {
                summoned,
                exclusions,
            } => Base::from_summoned(*summoned, exclusions),
        }
    }
}

/// The base of a round: always positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Base(u64);

impl Base {
    /// A base given outright; it must be positive.
    pub fn new(n: i64) -> Result<Self, ElectionError> {
        match u64::try_from(n) {
            Ok(b) if b > 0 => Ok(Base(b)),
            _ => Err(ElectionError::BaseNotPositive(n)),
        }
    }

    /// Those summoned minus the exclusions (each key may repeat; counts add up). Counts must not
    /// be negative, the exclusions all of one kind of congress (a members' congress and a
    /// delegates' congress count different people), and the result must be positive
    /// (244-QĐ/TW Art. 32(2)–(3)).
    pub fn from_summoned(
        summoned: i64,
        exclusions: &[(Exclusion, i64)],
    ) -> Result<Self, ElectionError> {
        check_one_kind(exclusions)?;
        if summoned < 0 {
            return Err(ElectionError::NegativeCount {
                what: "số được triệu tập (base.summoned)".into(),
                value: summoned,
            });
        }
        let mut base = i128::from(summoned);
        for (e, count) in exclusions {
            if *count < 0 {
                return Err(ElectionError::NegativeCount {
                    what: format!("số {} (base.exclusions.{})", e.label(), e.key()),
                    value: *count,
                });
            }
            base -= i128::from(*count);
        }
        // Clamped only for the message; the base is at most `summoned`, which fits in i64.
        let clamped = i64::try_from(base).unwrap_or(i64::MIN);
        Self::new(clamped)
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

/// The exclusions of one base all belong to the same kind of congress; the first key of each
/// kind is named when they mix.
fn check_one_kind(exclusions: &[(Exclusion, i64)]) -> Result<(), ElectionError> {
    let first = |kind: CongressKind| {
        exclusions
            .iter()
            .map(|(e, _)| *e)
            .find(|e| e.congress() == kind)
    };
    match (first(CongressKind::Members), first(CongressKind::Delegates)) {
        (Some(m), Some(d)) => Err(ElectionError::MixedExclusions {
            members: m.key(),
            delegates: d.key(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_excludes_members_absent_with_reason() {
        let b = Base::from_summoned(22, &[(Exclusion::AbsentWithReason, 1)]).unwrap();
        assert_eq!(b.get(), 21);
    }

    #[test]
    fn base_excludes_every_members_congress_exclusion() {
        let b = Base::from_summoned(
            30,
            &[
                (Exclusion::TemporaryElsewhere, 2),
                (Exclusion::ExemptAbsent, 3),
                (Exclusion::Suspended, 1),
                (Exclusion::AbsentWithReason, 4),
            ],
        )
        .unwrap();
        assert_eq!(b.get(), 20);
    }

    #[test]
    fn base_excludes_absent_committee_members_and_delegates_without_alternate() {
        let b = Base::from_summoned(
            150,
            &[
                (Exclusion::CommitteeAbsent, 2),
                (Exclusion::AbsentWithoutAlternate, 5),
            ],
        )
        .unwrap();
        assert_eq!(b.get(), 143);
        assert_eq!(
            Exclusion::CommitteeAbsent.congress(),
            CongressKind::Delegates
        );
        assert_eq!(
            Exclusion::AbsentWithReason.congress(),
            CongressKind::Members
        );
    }

    #[test]
    fn exclusions_of_both_kinds_of_congress_in_one_base_are_refused() {
        let e = Base::from_summoned(
            30,
            &[
                (Exclusion::AbsentWithReason, 1),
                (Exclusion::AbsentWithoutAlternate, 2),
            ],
        )
        .unwrap_err();
        assert_eq!(
            e,
            ElectionError::MixedExclusions {
                members: "absent_with_reason",
                delegates: "absent_without_alternate"
            }
        );
        let m = e.to_string();
        assert!(
            m.contains("base.exclusions") && m.contains("\"absent_with_reason\""),
            "{m}"
        );
        // Zero counts of the other kind mix all the same: the keys say which congress it is.
        assert!(
            Base::from_summoned(
                30,
                &[(Exclusion::CommitteeAbsent, 0), (Exclusion::Suspended, 1)]
            )
            .is_err()
        );
    }

    #[test]
    fn base_given_as_a_number_is_taken_as_is() {
        assert_eq!(BaseSpec::Number(9).base().unwrap().get(), 9);
    }

    #[test]
    fn base_that_is_not_positive_is_refused() {
        assert_eq!(Base::new(0), Err(ElectionError::BaseNotPositive(0)));
        assert_eq!(Base::new(-3), Err(ElectionError::BaseNotPositive(-3)));
        assert_eq!(
            Base::from_summoned(3, &[(Exclusion::AbsentWithReason, 3)]),
            Err(ElectionError::BaseNotPositive(0))
        );
        assert_eq!(
            Base::from_summoned(2, &[(Exclusion::Suspended, 5)]),
            Err(ElectionError::BaseNotPositive(-3))
        );
    }

    #[test]
    fn negative_counts_in_the_base_are_refused() {
        assert!(matches!(
            Base::from_summoned(-1, &[]),
            Err(ElectionError::NegativeCount { value: -1, .. })
        ));
        let e = Base::from_summoned(10, &[(Exclusion::Suspended, -2)]).unwrap_err();
        assert!(e.to_string().contains("base.exclusions.suspended"), "{e}");
    }

    #[test]
    fn unknown_exclusion_key_is_refused() {
        assert_eq!(
            Exclusion::parse("on_leave"),
            Err(ElectionError::UnknownExclusion("on_leave".into()))
        );
        for e in Exclusion::ALL {
            assert_eq!(Exclusion::parse(e.key()), Ok(e));
        }
    }
}
