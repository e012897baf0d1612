//! The elections of a congress in the rules' order (Điều lệ Art. 24(4), QĐ 29-QĐ/TW, 190-QĐ/TW):
//! chi ủy, then secretary and deputy from among it (or the secretary directly in a small
//! branch), then delegates and alternates; candidate lists, floor nominations, counting board.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::CongressError;
use crate::election::{SurplusCheck, SurplusLimits};
use crate::register::org::OrgKind;
use crate::text::normalize;

/// One election of a congress, in the order they are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionKind {
    /// Chi ủy (cấp ủy).
    Committee,
    Secretary,
    Deputy,
    /// Đại biểu chính thức to the superior congress.
    Delegates,
    /// Đại biểu dự khuyết.
    Alternates,
}

impl ElectionKind {
    pub const ALL: [ElectionKind; 5] = [
        Self::Committee,
        Self::Secretary,
        Self::Deputy,
        Self::Delegates,
        Self::Alternates,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Committee => "committee",
            Self::Secretary => "secretary",
            Self::Deputy => "deputy",
            Self::Delegates => "delegates",
            Self::Alternates => "alternates",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == raw.trim())
    }

    /// Who a branch's election elects, as a sentence names it ("chưa thể bầu Bí thư chi bộ"):
    /// [`ElectionKind::body`] of a branch.
    pub fn label(self) -> &'static str {
        self.body(Level::Branch)
    }

    /// Who the election elects, as papers and pages name it: "Chi ủy" of a branch, "Ban Chấp
    /// hành Đảng bộ" of a committee; the secretary and deputy of either; the delegates and
    /// alternates to the superior congress.
    pub fn body(self, level: Level) -> &'static str {
        match (self, level) {
            (Self::Committee, Level::Branch) => "Chi ủy",
            (Self::Committee, Level::Committee) => "Ban Chấp hành Đảng bộ",
            (Self::Secretary, Level::Branch) => "Bí thư chi bộ",
            (Self::Secretary, Level::Committee) => "Bí thư Đảng ủy",
            (Self::Deputy, Level::Branch) => "Phó Bí thư chi bộ",
            (Self::Deputy, Level::Committee) => "Phó Bí thư Đảng ủy",
            (Self::Delegates, _) => "đại biểu chính thức đi dự đại hội cấp trên",
            (Self::Alternates, _) => "đại biểu dự khuyết đi dự đại hội cấp trên",
        }
    }

    /// "Bầu Chi ủy".
    pub fn title(self, level: Level) -> String {
        format!("Bầu {}", self.body(level))
    }

    /// One round as pages and papers name it: "Bầu Chi ủy — lần bỏ phiếu thứ 1".
    pub fn round_title(self, level: Level, number: u32) -> String {
        format!("{} — lần bỏ phiếu thứ {number}", self.title(level))
    }

    /// What the election elects with its organization, inside a sentence ("bầu …"): "Chi ủy
    /// Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025"; "đại biểu chính thức của Chi bộ Sở
    /// Ngoại vụ đi dự Đại hội Đảng bộ Khối các cơ quan tỉnh". `term` is printed as given.
    pub fn election_name(
        self,
        level: Level,
        org: &str,
        ordinal: u32,
        term: &str,
        superior: &str,
    ) -> String {
        let office = match (self, level) {
            (Self::Committee, Level::Branch) => "Chi ủy",
            (Self::Committee, Level::Committee) => "Ban Chấp hành",
            (Self::Secretary, _) => "Bí thư",
            (Self::Deputy, _) => "Phó Bí thư",
            (Self::Delegates, _) => {
                return format!("đại biểu chính thức của {org} đi dự Đại hội {superior}");
            }
            (Self::Alternates, _) => {
                return format!("đại biểu dự khuyết của {org} đi dự Đại hội {superior}");
            }
        };
        format!(
            "{office} {org} khóa {}, nhiệm kỳ {term}",
            crate::text::to_roman(ordinal)
        )
    }

    /// One round inside a sentence: "lần bỏ phiếu thứ 1 bầu Chi ủy".
    pub fn round_phrase(self, level: Level, number: u32) -> String {
        format!("lần bỏ phiếu thứ {number} bầu {}", self.body(level))
    }

    /// The word of a file name: "cap-uy", "bi-thu" (ASCII, no program key).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Committee => "cap-uy",
            Self::Secretary => "bi-thu",
            Self::Deputy => "pho-bi-thu",
            Self::Delegates => "dai-bieu",
            Self::Alternates => "dai-bieu-du-khuyet",
        }
    }
}

/// Whether the congress is a branch's (it elects a chi ủy and a bí thư chi bộ) or a party
/// committee's (a Ban Chấp hành Đảng bộ and a bí thư đảng ủy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Level {
    Branch,
    Committee,
}

impl Level {
    /// A chi bộ (cơ sở or trực thuộc) or a tổ đảng is a branch; every đảng bộ a committee.
    pub fn of(kind: OrgKind) -> Self {
        match kind {
            OrgKind::Branch | OrgKind::GrassrootsBranch | OrgKind::Cell => Self::Branch,
            _ => Self::Committee,
        }
    }
}

/// The numbers of the rules, as settings with the regulations' defaults (DOMAIN.md §4: keep
/// the 7 and the 9 as settings, **verify** against 294-QĐ/TW 2025).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionRules {
    /// A branch elects a chi ủy only with at least this many official members.
    pub committee_min_official: usize,
    /// At most this many chi ủy members.
    pub committee_max: usize,
    /// A floor nominee needs more than this percentage of those present.
    pub floor_percent: usize,
    /// A branch secretary not elected after this many rounds is appointed by the superior.
    pub secretary_max_rounds: usize,
    pub surplus: SurplusLimits,
}

impl Default for ElectionRules {
    fn default() -> Self {
        Self {
            committee_min_official: 9,
            committee_max: 7,
            floor_percent: 30,
            secretary_max_rounds: 3,
            surplus: SurplusLimits::default(),
        }
    }
}

/// The elections of a branch congress in order: with enough official members the chi ủy, then
/// the secretary and one deputy from it; otherwise the secretary (and a deputy if wanted);
/// then the delegates and the alternates allotted from above.
pub fn planned_elections(
    official: usize,
    delegates: usize,
    alternates: usize,
    deputy_in_small_branch: bool,
    rules: &ElectionRules,
) -> Vec<ElectionKind> {
    let mut plan = Vec::new();
    if official >= rules.committee_min_official {
        plan.extend([
            ElectionKind::Committee,
            ElectionKind::Secretary,
            ElectionKind::Deputy,
        ]);
    } else {
        plan.push(ElectionKind::Secretary);
        if deputy_in_small_branch {
            plan.push(ElectionKind::Deputy);
        }
    }
    if delegates > 0 {
        plan.push(ElectionKind::Delegates);
    }
    if alternates > 0 {
        plan.push(ElectionKind::Alternates);
    }
    plan
}

/// An election a congress has not completed: not yet held (`seats` is `None`), or held with
/// fewer elected than its seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outstanding {
    pub kind: ElectionKind,
    pub seats: Option<usize>,
    pub elected: usize,
}

/// What a congress has still to elect, in the plan's order: each election of `plan` not yet
/// held, and each election held — `(kind, seats, elected)` — with seats left.
pub fn outstanding(
    plan: &[ElectionKind],
    held: &[(ElectionKind, usize, usize)],
) -> Vec<Outstanding> {
    let mut kinds: Vec<ElectionKind> = plan.to_vec();
    kinds.extend(held.iter().map(|h| h.0).filter(|k| !plan.contains(k)));
    kinds
        .into_iter()
        .filter_map(|kind| match held.iter().find(|h| h.0 == kind) {
            None => Some(Outstanding {
                kind,
                seats: None,
                elected: 0,
            }),
            Some(&(_, seats, elected)) if elected < seats => Some(Outstanding {
                kind,
                seats: Some(seats),
                elected,
            }),
            Some(_) => None,
        })
        .collect()
}

/// Whether `kind` may start now: it is in the plan, not yet done, and every election before
/// it in the plan is done.
pub fn check_election_may_start(
    kind: ElectionKind,
    plan: &[ElectionKind],
    done: &[ElectionKind],
) -> Result<(), CongressError> {
    let at = plan
        .iter()
        .position(|k| *k == kind)
        .ok_or(CongressError::NotPlanned {
            election: kind.label(),
        })?;
    if done.contains(&kind) {
        return Err(CongressError::AlreadyDone {
            election: kind.label(),
        });
    }
    if let Some(before) = plan[..at].iter().find(|k| !done.contains(k)) {
        return Err(CongressError::OutOfOrder {
            election: kind.label(),
            before: before.label(),
        });
    }
    Ok(())
}

/// The seats of an election: a chi ủy only with enough official members and at most the
/// maximum; one secretary; one deputy.
pub fn check_seats(
    kind: ElectionKind,
    seats: usize,
    official: usize,
    rules: &ElectionRules,
) -> Result<(), CongressError> {
    match kind {
        ElectionKind::Committee if official < rules.committee_min_official => {
            Err(CongressError::CommitteeNotAllowed {
                official,
                min: rules.committee_min_official,
            })
        }
        ElectionKind::Committee if seats > rules.committee_max => {
            Err(CongressError::CommitteeTooLarge {
                seats,
                max: rules.committee_max,
            })
        }
        ElectionKind::Secretary | ElectionKind::Deputy if seats != 1 => {
            Err(CongressError::TooManySeats {
                election: kind.label(),
                seats,
                max: 1,
            })
        }
        _ if seats == 0 => Err(CongressError::TooFewCandidates {
            candidates: 0,
            seats: 0,
        }),
        _ => Ok(()),
    }
}

/// Checks a candidate list: the secretary and deputy come from the chi ủy just elected (when
/// one was), and the list keeps to the surplus rule (`election::surplus`). Returns the
/// verdict, which may be a warning beyond 15%.
pub fn check_candidates(
    kind: ElectionKind,
    seats: usize,
    candidates: &[String],
    committee: Option<&[String]>,
    rules: &ElectionRules,
) -> Result<SurplusCheck, CongressError> {
    if let (ElectionKind::Secretary | ElectionKind::Deputy, Some(committee)) = (kind, committee) {
        let members: HashSet<String> = committee.iter().map(|n| normalize(n)).collect();
        if let Some(out) = candidates.iter().find(|c| !members.contains(&normalize(c))) {
            return Err(CongressError::NotFromCommittee {
                name: normalize(out),
                election: kind.label(),
            });
        }
    }
    match rules.surplus.check(seats, candidates.len()) {
        SurplusCheck::TooMany { surplus, max } => Err(CongressError::SurplusTooLarge {
            candidates: candidates.len(),
            seats,
            surplus,
            max,
        }),
        SurplusCheck::TooFew { candidates, seats } => {
            Err(CongressError::TooFewCandidates { candidates, seats })
        }
        ok => Ok(ok),
    }
}

/// A floor nominee joins the list only with more than `rules.floor_percent` of those present
/// (30% by 190-QĐ/TW; a dated setting, [`crate::dated::FLOOR_NOMINATION_PERCENT`]).
pub fn floor_nomination_accepted(
    name: &str,
    support: usize,
    present: usize,
    rules: &ElectionRules,
) -> Result<(), CongressError> {
    if support.saturating_mul(100) > present.saturating_mul(rules.floor_percent) {
        Ok(())
    } else {
        Err(CongressError::FloorNominationRefused {
            name: normalize(name),
            support,
            present,
            percent: rules.floor_percent,
        })
    }
}

/// One floor nomination as typed on a line, "Họ và tên: số người giới thiệu" (also with `;` or
/// a tab): the name and how many of those present supported it.
pub fn parse_floor_nomination(line: &str) -> Result<(String, usize), CongressError> {
    let bad = || CongressError::BadFloorNomination(normalize(line));
    let (name, support) = line.rsplit_once([':', ';', '\t']).ok_or_else(bad)?;
    let name = normalize(name);
    let support: usize = support.trim().parse().map_err(|_| bad())?;
    if name.is_empty() {
        return Err(bad());
    }
    Ok((name, support))
}

/// The counting board: at least one member, each once, none on the candidate list (190-QĐ/TW;
/// that members are official and present is for the caller, who knows the register).
pub fn check_counting_board(board: &[String], candidates: &[String]) -> Result<(), CongressError> {
    if board.is_empty() {
        return Err(CongressError::EmptyBoard);
    }
    let listed: HashSet<String> = candidates.iter().map(|n| normalize(n)).collect();
    let mut seen = HashSet::new();
    for b in board {
        let n = normalize(b);
        if listed.contains(&n) {
            return Err(CongressError::CounterIsCandidate(n));
        }
        if !seen.insert(n.clone()) {
            return Err(CongressError::CounterTwice(n));
        }
    }
    Ok(())
}

/// Whether round `round` (from 1) of an election may be held: a branch secretary not elected
/// after three rounds is appointed by the superior (QĐ 29-QĐ/TW).
pub fn may_hold_round(
    kind: ElectionKind,
    round: usize,
    rules: &ElectionRules,
) -> Result<(), CongressError> {
    if kind == ElectionKind::Secretary && round > rules.secretary_max_rounds {
        return Err(CongressError::SecretaryRoundsExhausted {
            rounds: rules.secretary_max_rounds,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ElectionKind::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_branch_with_nine_official_members_elects_a_committee_then_secretary_and_deputy() {
        let r = ElectionRules::default();
        assert_eq!(
            planned_elections(9, 3, 1, false, &r),
            [Committee, Secretary, Deputy, Delegates, Alternates]
        );
    }

    #[test]
    fn a_smaller_branch_elects_its_secretary_directly() {
        let r = ElectionRules::default();
        assert_eq!(
            planned_elections(8, 1, 0, false, &r),
            [Secretary, Delegates]
        );
        assert_eq!(planned_elections(8, 0, 0, true, &r), [Secretary, Deputy]);
        assert_eq!(
            check_seats(Committee, 3, 8, &r),
            Err(CongressError::CommitteeNotAllowed {
                official: 8,
                min: 9
            })
        );
    }

    #[test]
    fn a_committee_has_at_most_seven_members() {
        let r = ElectionRules::default();
        assert!(check_seats(Committee, 7, 20, &r).is_ok());
        assert_eq!(
            check_seats(Committee, 8, 20, &r),
            Err(CongressError::CommitteeTooLarge { seats: 8, max: 7 })
        );
        assert!(check_seats(Secretary, 2, 20, &r).is_err());
        assert!(check_seats(Deputy, 1, 20, &r).is_ok());
    }

    #[test]
    fn elections_are_held_in_the_rules_order() {
        let plan = [Committee, Secretary, Deputy, Delegates, Alternates];
        assert!(check_election_may_start(Committee, &plan, &[]).is_ok());
        assert_eq!(
            check_election_may_start(Secretary, &plan, &[]),
            Err(CongressError::OutOfOrder {
                election: "Bí thư chi bộ",
                before: "Chi ủy"
            })
        );
        assert!(
            check_election_may_start(Delegates, &plan, &[Committee, Secretary, Deputy]).is_ok()
        );
        assert!(matches!(
            check_election_may_start(Committee, &plan, &[Committee]),
            Err(CongressError::AlreadyDone { .. })
        ));
        assert!(matches!(
            check_election_may_start(Committee, &[Secretary], &[]),
            Err(CongressError::NotPlanned { .. })
        ));
    }

    #[test]
    fn the_secretary_is_chosen_from_among_the_committee() {
        let r = ElectionRules::default();
        let committee = names(&["An", "Bình", "Cường"]);
        assert!(check_candidates(Secretary, 1, &names(&["Bình"]), Some(&committee), &r).is_ok());
        assert_eq!(
            check_candidates(Secretary, 1, &names(&["Dung"]), Some(&committee), &r),
            Err(CongressError::NotFromCommittee {
                name: "Dung".into(),
                election: "Bí thư chi bộ"
            })
        );
        // In a small branch there is no committee to choose from.
        assert!(check_candidates(Secretary, 1, &names(&["Dung"]), None, &r).is_ok());
    }

    #[test]
    fn a_candidate_list_over_the_surplus_limit_is_refused_and_beyond_15_percent_warned() {
        let r = ElectionRules::default();
        let list = |n: usize| (0..n).map(|i| format!("Người {i}")).collect::<Vec<_>>();
        assert!(matches!(
            check_candidates(Committee, 7, &list(10), None, &r),
            Err(CongressError::SurplusTooLarge {
                surplus: 3,
                max: 2,
                ..
            })
        ));
        assert!(matches!(
            check_candidates(Delegates, 20, &list(24), None, &r),
            Ok(SurplusCheck::Warn { .. })
        ));
        assert!(matches!(
            check_candidates(Delegates, 3, &list(2), None, &r),
            Err(CongressError::TooFewCandidates { .. })
        ));
    }

    #[test]
    fn two_names_for_the_one_secretary_seat_are_allowed_with_a_warning() {
        let r = ElectionRules::default();
        let committee = names(&["An", "Bình", "Cường"]);
        let two = check_candidates(Secretary, 1, &names(&["An", "Bình"]), Some(&committee), &r);
        assert_eq!(
            two,
            Ok(SurplusCheck::FewSeats {
                seats: 1,
                surplus: 1
            })
        );
        assert!(two.unwrap().warning().is_some());
        assert!(matches!(
            check_candidates(Secretary, 1, &committee, Some(&committee), &r),
            Err(CongressError::SurplusTooLarge { max: 1, .. })
        ));
        // Six seats allow one more by the 30% itself.
        let list = |n: usize| (0..n).map(|i| format!("Người {i}")).collect::<Vec<_>>();
        assert!(matches!(
            check_candidates(Delegates, 6, &list(7), None, &r),
            Ok(SurplusCheck::Warn { surplus: 1, .. })
        ));
    }

    #[test]
    fn a_floor_nominee_needs_more_than_30_percent_of_those_present() {
        let r = ElectionRules::default();
        assert!(floor_nomination_accepted("An", 6, 20, &r).is_err());
        assert!(floor_nomination_accepted("An", 7, 20, &r).is_ok());
        // The message reads its percent from the rules in force, not a fixed "30%".
        let r = ElectionRules {
            floor_percent: 40,
            ..ElectionRules::default()
        };
        let e = floor_nomination_accepted("An", 7, 20, &r).unwrap_err();
        assert!(e.to_string().contains("chưa quá 40%"), "{e}");
    }

    #[test]
    fn a_counter_who_is_a_candidate_is_refused() {
        let list = names(&["An", "Bình"]);
        assert!(check_counting_board(&names(&["Giang", "Hà"]), &list).is_ok());
        assert_eq!(
            check_counting_board(&names(&["Giang", " Bình "]), &list),
            Err(CongressError::CounterIsCandidate("Bình".into()))
        );
        assert_eq!(
            check_counting_board(&[], &list),
            Err(CongressError::EmptyBoard)
        );
        assert!(matches!(
            check_counting_board(&names(&["Hà", "Hà"]), &list),
            Err(CongressError::CounterTwice(_))
        ));
    }

    #[test]
    fn a_secretary_not_elected_after_three_rounds_is_appointed() {
        let r = ElectionRules::default();
        assert!(may_hold_round(Secretary, 3, &r).is_ok());
        assert!(may_hold_round(Secretary, 4, &r).is_err());
        assert!(may_hold_round(Committee, 4, &r).is_ok());
    }

    #[test]
    fn rounds_are_named_in_vietnamese_per_election_and_level() {
        use crate::register::org::OrgKind;
        let branch = Level::of(OrgKind::GrassrootsBranch);
        assert_eq!(
            Committee.round_title(branch, 1),
            "Bầu Chi ủy — lần bỏ phiếu thứ 1"
        );
        assert_eq!(
            Secretary.round_title(Level::of(OrgKind::Branch), 2),
            "Bầu Bí thư chi bộ — lần bỏ phiếu thứ 2"
        );
        let committee = Level::of(OrgKind::GrassrootsCommittee);
        assert_eq!(Committee.title(committee), "Bầu Ban Chấp hành Đảng bộ");
        assert_eq!(Deputy.title(committee), "Bầu Phó Bí thư Đảng ủy");
        assert_eq!(
            Committee.election_name(branch, "Chi bộ Sở Ngoại vụ", 4, "2020–2025", "X"),
            "Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025"
        );
        assert_eq!(
            Secretary.election_name(branch, "Chi bộ Sở Ngoại vụ", 4, "2020–2025", "X"),
            "Bí thư Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025"
        );
        assert_eq!(
            Alternates.election_name(branch, "Chi bộ A", 1, "2025–2030", "Đảng bộ Sở A"),
            "đại biểu dự khuyết của Chi bộ A đi dự Đại hội Đảng bộ Sở A"
        );
        assert_eq!(
            Delegates.title(branch),
            "Bầu đại biểu chính thức đi dự đại hội cấp trên"
        );
        for k in ElectionKind::ALL {
            for level in [Level::Branch, Level::Committee] {
                let t = k.round_title(level, 3);
                assert!(!t.contains(k.key()), "{t}");
                assert!(t.ends_with("lần bỏ phiếu thứ 3"), "{t}");
            }
        }
    }

    #[test]
    fn a_congress_still_has_to_elect_what_is_not_held_and_the_seats_left() {
        let plan = [Committee, Secretary, Deputy];
        assert_eq!(
            outstanding(&plan, &[(Committee, 3, 2)]),
            [
                Outstanding {
                    kind: Committee,
                    seats: Some(3),
                    elected: 2
                },
                Outstanding {
                    kind: Secretary,
                    seats: None,
                    elected: 0
                },
                Outstanding {
                    kind: Deputy,
                    seats: None,
                    elected: 0
                },
            ]
        );
        let all = [
            (Committee, 3, 3),
            (Secretary, 1, 1),
            (Deputy, 1, 1),
            (Delegates, 2, 2),
        ];
        assert!(outstanding(&plan, &all).is_empty());
        assert_eq!(
            outstanding(
                &plan,
                &[
                    (Committee, 3, 3),
                    (Secretary, 1, 1),
                    (Deputy, 1, 1),
                    (Delegates, 3, 1)
                ]
            ),
            [Outstanding {
                kind: Delegates,
                seats: Some(3),
                elected: 1
            }]
        );
    }

    #[test]
    fn floor_nominations_parse_as_name_and_support() {
        assert_eq!(
            parse_floor_nomination(" Trần Văn Bảy : 4 "),
            Ok(("Trần Văn Bảy".to_string(), 4))
        );
        assert_eq!(
            parse_floor_nomination("Lê Thị Tám;12"),
            Ok(("Lê Thị Tám".to_string(), 12))
        );
        for bad in ["Lê Thị Tám", "Lê Thị Tám: nhiều", ": 4"] {
            assert!(parse_floor_nomination(bad).is_err(), "{bad}");
        }
    }
}
