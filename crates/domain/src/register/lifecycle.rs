//! The member lifecycle: admission, official recognition, transfers, temporary attachment,
//! exemption, death and leaving the party as dated events; history is never overwritten.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::register::member::MemberStatus;
use crate::text;

/// How a person left the party (hình thức ra khỏi Đảng).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeaveForm {
    /// Xin ra khỏi Đảng.
    Resigned,
    /// Xóa tên.
    Removed,
    /// Khai trừ.
    Expelled,
}

impl LeaveForm {
    pub const ALL: [LeaveForm; 3] = [Self::Resigned, Self::Removed, Self::Expelled];
    pub fn code(self) -> &'static str {
        match self {
            Self::Resigned => "resigned",
            Self::Removed => "removed",
            Self::Expelled => "expelled",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Resigned => "Xin ra khỏi Đảng",
            Self::Removed => "Xóa tên",
            Self::Expelled => "Khai trừ",
        }
    }
}

/// A dated event in a member's history. `Org` is whatever identifies an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberEvent<Org> {
    /// Kết nạp into an organization.
    Admitted {
        org: Org,
    },
    /// Công nhận đảng viên chính thức.
    Official,
    /// Chuyển sinh hoạt đảng chính thức to another organization.
    Transferred {
        to: Org,
    },
    /// Sinh hoạt tạm thời at another organization.
    TemporaryAttached {
        to: Org,
    },
    /// Return from temporary attachment.
    TemporaryEnded,
    /// Miễn sinh hoạt.
    Exempted,
    ExemptionEnded,
    /// Từ trần.
    Died,
    /// Ra khỏi Đảng.
    Left {
        form: LeaveForm,
    },
}

impl<Org> MemberEvent<Org> {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Admitted { .. } => "admitted",
            Self::Official => "official",
            Self::Transferred { .. } => "transferred",
            Self::TemporaryAttached { .. } => "temporary_attached",
            Self::TemporaryEnded => "temporary_ended",
            Self::Exempted => "exempted",
            Self::ExemptionEnded => "exemption_ended",
            Self::Died => "died",
            Self::Left { .. } => "left",
        }
    }
    /// The Vietnamese name of the event, as a timeline shows it.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Admitted { .. } => "Kết nạp vào Đảng",
            Self::Official => "Công nhận đảng viên chính thức",
            Self::Transferred { .. } => "Chuyển sinh hoạt đảng",
            Self::TemporaryAttached { .. } => "Sinh hoạt tạm thời",
            Self::TemporaryEnded => "Kết thúc sinh hoạt tạm thời",
            Self::Exempted => "Miễn sinh hoạt đảng",
            Self::ExemptionEnded => "Trở lại sinh hoạt đảng",
            Self::Died => "Từ trần",
            Self::Left { .. } => "Ra khỏi Đảng",
        }
    }
}

/// Why an event cannot be recorded. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("ngày {q0} ở tương lai", q0 = crate::text::excerpt(.0))]
    InFuture(String),
    #[error("ngày {q_date} trước sự kiện gần nhất ({q_last}); lịch sử chỉ được ghi tiếp, không ghi đè", q_date = crate::text::excerpt(.date), q_last = crate::text::excerpt(.last))]
    BeforeLastEvent { date: String, last: String },
    #[error("người này chưa được kết nạp vào Đảng")]
    NotAdmitted,
    #[error("người này đã được kết nạp")]
    AlreadyAdmitted,
    #[error("đảng viên đã là đảng viên chính thức")]
    AlreadyOfficial,
    #[error("đảng viên đã từ trần hoặc đã ra khỏi Đảng")]
    NoLongerMember,
    #[error("tổ chức chuyển đến trùng với tổ chức đang sinh hoạt")]
    SameOrganization,
    #[error("đảng viên đang sinh hoạt tạm thời ở nơi khác")]
    AlreadyTemporary,
    #[error("đảng viên không sinh hoạt tạm thời ở nơi khác")]
    NotTemporary,
    #[error("đảng viên đang được miễn sinh hoạt")]
    AlreadyExempt,
    #[error("đảng viên không được miễn sinh hoạt")]
    NotExempt,
}

/// A member's state on a date, derived from the events up to and including that date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberState<Org> {
    pub status: MemberStatus,
    /// The organization of regular activity.
    pub org: Org,
    /// Where the member is temporarily attached, if anywhere.
    pub temporary: Option<Org>,
    pub exempt: bool,
}

/// A member's history: events in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<Org> {
    events: Vec<(NaiveDate, MemberEvent<Org>)>,
}

impl<Org> Default for History<Org> {
    fn default() -> Self {
        Self { events: Vec::new() }
    }
}

impl<Org: Clone + PartialEq> History<Org> {
    pub fn events(&self) -> &[(NaiveDate, MemberEvent<Org>)] {
        &self.events
    }

    /// Rebuilds a history from stored events, refusing any that break the rules.
    pub fn from_events(
        events: impl IntoIterator<Item = (NaiveDate, MemberEvent<Org>)>,
        today: NaiveDate,
    ) -> Result<Self, LifecycleError> {
        let mut h = Self::default();
        for (date, e) in events {
            h.record(date, e, today)?;
        }
        Ok(h)
    }

    /// Checks an event against the history, then appends it.
    pub fn record(
        &mut self,
        date: NaiveDate,
        event: MemberEvent<Org>,
        today: NaiveDate,
    ) -> Result<(), LifecycleError> {
        self.check(date, &event, today)?;
        self.events.push((date, event));
        Ok(())
    }

    /// Whether `event` on `date` may follow this history.
    pub fn check(
        &self,
        date: NaiveDate,
        event: &MemberEvent<Org>,
        today: NaiveDate,
    ) -> Result<(), LifecycleError> {
        use LifecycleError as E;
        if date > today {
            return Err(E::InFuture(text::format_date(date)));
        }
        if let Some((last, _)) = self.events.last()
            && date < *last
        {
            return Err(E::BeforeLastEvent {
                date: text::format_date(date),
                last: text::format_date(*last),
            });
        }
        let state = self.current();
        let ended = self
            .events
            .iter()
            .any(|(_, e)| matches!(e, MemberEvent::Died | MemberEvent::Left { .. }));
        match (event, state) {
            (MemberEvent::Admitted { .. }, None) if !ended => Ok(()),
            (MemberEvent::Admitted { .. }, _) => Err(E::AlreadyAdmitted),
            (_, _) if ended => Err(E::NoLongerMember),
            (_, None) => Err(E::NotAdmitted),
            (MemberEvent::Official, Some(s)) if s.status == MemberStatus::Official => {
                Err(E::AlreadyOfficial)
            }
            (MemberEvent::Transferred { to }, Some(s)) if *to == s.org => Err(E::SameOrganization),
            (MemberEvent::TemporaryAttached { to }, Some(s)) if *to == s.org => {
                Err(E::SameOrganization)
            }
            (MemberEvent::TemporaryAttached { .. }, Some(s)) if s.temporary.is_some() => {
                Err(E::AlreadyTemporary)
            }
            (MemberEvent::TemporaryEnded, Some(s)) if s.temporary.is_none() => Err(E::NotTemporary),
            (MemberEvent::Exempted, Some(s)) if s.exempt => Err(E::AlreadyExempt),
            (MemberEvent::ExemptionEnded, Some(s)) if !s.exempt => Err(E::NotExempt),
            _ => Ok(()),
        }
    }

    /// The state after every recorded event (`None` before admission or after leaving).
    pub fn current(&self) -> Option<MemberState<Org>> {
        self.fold(self.events.iter())
    }

    /// The state on a date: who this member was on 15/5/2020 has one answer.
    pub fn state_on(&self, date: NaiveDate) -> Option<MemberState<Org>> {
        self.fold(self.events.iter().take_while(|(d, _)| *d <= date))
    }

    fn fold<'a>(
        &'a self,
        events: impl Iterator<Item = &'a (NaiveDate, MemberEvent<Org>)>,
    ) -> Option<MemberState<Org>> {
        let mut state: Option<MemberState<Org>> = None;
        for (_, e) in events {
            match e {
                MemberEvent::Admitted { org } => {
                    state = Some(MemberState {
                        status: MemberStatus::Probationary,
                        org: org.clone(),
                        temporary: None,
                        exempt: false,
                    })
                }
                MemberEvent::Died | MemberEvent::Left { .. } => state = None,
                other => {
                    if let Some(s) = state.as_mut() {
                        match other {
                            MemberEvent::Official => s.status = MemberStatus::Official,
                            MemberEvent::Transferred { to } => {
                                s.org = to.clone();
                                s.temporary = None;
                            }
                            MemberEvent::TemporaryAttached { to } => s.temporary = Some(to.clone()),
                            MemberEvent::TemporaryEnded => s.temporary = None,
                            MemberEvent::Exempted => s.exempt = true,
                            MemberEvent::ExemptionEnded => s.exempt = false,
                            _ => {}
                        }
                    }
                }
            }
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    const TODAY: (i32, u32, u32) = (2026, 11, 22);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn transferred_member() -> History<&'static str> {
        History::from_events(
            [
                (d(2012, 3, 2), MemberEvent::Admitted { org: "CB-VP" }),
                (d(2013, 3, 2), MemberEvent::Official),
                (d(2019, 2, 19), MemberEvent::Transferred { to: "CB-VP2" }),
                (
                    d(2021, 6, 1),
                    MemberEvent::TemporaryAttached { to: "CB-SNV" },
                ),
                (d(2021, 12, 1), MemberEvent::TemporaryEnded),
            ],
            today(),
        )
        .unwrap()
    }

    #[test]
    fn who_belonged_on_a_date_has_one_answer() {
        let h = transferred_member();
        assert_eq!(h.state_on(d(2012, 1, 1)), None);
        assert_eq!(
            h.state_on(d(2012, 6, 1)).unwrap().status,
            MemberStatus::Probationary
        );
        assert_eq!(h.state_on(d(2019, 2, 18)).unwrap().org, "CB-VP");
        assert_eq!(h.state_on(d(2019, 2, 19)).unwrap().org, "CB-VP2");
        assert_eq!(h.state_on(d(2021, 7, 1)).unwrap().temporary, Some("CB-SNV"));
        assert_eq!(h.state_on(d(2022, 1, 1)).unwrap().temporary, None);
    }

    #[test]
    fn history_is_appended_never_rewritten() {
        let mut h = transferred_member();
        let e = h
            .record(d(2020, 1, 1), MemberEvent::Exempted, today())
            .unwrap_err();
        assert!(e.to_string().contains("trước sự kiện gần nhất"), "{e}");
    }

    #[test]
    fn nothing_happens_after_death() {
        let mut h = transferred_member();
        h.record(d(2023, 1, 1), MemberEvent::Died, today()).unwrap();
        assert_eq!(h.current(), None);
        assert_eq!(
            h.check(d(2023, 2, 1), &MemberEvent::Exempted, today()),
            Err(LifecycleError::NoLongerMember)
        );
        assert_eq!(h.state_on(d(2022, 12, 31)).unwrap().org, "CB-VP2");
    }

    #[test]
    fn transfer_to_the_same_branch_is_refused() {
        let h = transferred_member();
        assert_eq!(
            h.check(
                d(2023, 1, 1),
                &MemberEvent::Transferred { to: "CB-VP2" },
                today()
            ),
            Err(LifecycleError::SameOrganization)
        );
    }

    #[test]
    fn events_in_the_future_are_refused() {
        let h = transferred_member();
        assert!(matches!(
            h.check(d(2027, 1, 1), &MemberEvent::Exempted, today()),
            Err(LifecycleError::InFuture(_))
        ));
    }

    #[test]
    fn official_only_once_and_only_after_admission() {
        let h: History<&str> = History::default();
        assert_eq!(
            h.check(d(2020, 1, 1), &MemberEvent::Official, today()),
            Err(LifecycleError::NotAdmitted)
        );
        let h = transferred_member();
        assert_eq!(
            h.check(d(2023, 1, 1), &MemberEvent::Official, today()),
            Err(LifecycleError::AlreadyOfficial)
        );
    }

    #[test]
    fn every_refusal_of_the_lifecycle_is_reached() {
        let h = transferred_member();
        let on = d(2023, 1, 1);
        assert_eq!(
            h.check(on, &MemberEvent::Admitted { org: "CB-X" }, today()),
            Err(LifecycleError::AlreadyAdmitted)
        );
        assert_eq!(
            h.check(on, &MemberEvent::TemporaryEnded, today()),
            Err(LifecycleError::NotTemporary)
        );
        assert_eq!(
            h.check(on, &MemberEvent::ExemptionEnded, today()),
            Err(LifecycleError::NotExempt)
        );
        assert_eq!(
            h.check(
                on,
                &MemberEvent::TemporaryAttached { to: "CB-VP2" },
                today()
            ),
            Err(LifecycleError::SameOrganization)
        );
        let mut t = h.clone();
        t.record(on, MemberEvent::TemporaryAttached { to: "CB-X" }, today())
            .unwrap();
        assert_eq!(
            t.check(on, &MemberEvent::TemporaryAttached { to: "CB-Y" }, today()),
            Err(LifecycleError::AlreadyTemporary)
        );
        t.record(on, MemberEvent::Exempted, today()).unwrap();
        assert_eq!(
            t.check(on, &MemberEvent::Exempted, today()),
            Err(LifecycleError::AlreadyExempt)
        );
        // A member who left is never admitted again by this history.
        let mut gone = h.clone();
        gone.record(
            on,
            MemberEvent::Left {
                form: LeaveForm::Resigned,
            },
            today(),
        )
        .unwrap();
        assert_eq!(
            gone.check(on, &MemberEvent::Admitted { org: "CB-X" }, today()),
            Err(LifecycleError::AlreadyAdmitted)
        );
    }

    /// An independent model of the lifecycle, written from DOMAIN.md §2–§3 without the code's
    /// `check`/`fold`: (admitted, official, org, temporary, exempt, ended).
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Model {
        admitted: bool,
        official: bool,
        org: &'static str,
        temporary: Option<&'static str>,
        exempt: bool,
        ended: bool,
    }

    impl Model {
        /// The state after `e`, or `None` when the rules refuse it.
        fn step(&self, e: &MemberEvent<&'static str>) -> Option<Model> {
            let mut m = self.clone();
            let live = self.admitted && !self.ended;
            match e {
                MemberEvent::Admitted { org } if !self.admitted && !self.ended => {
                    m.admitted = true;
                    m.org = org;
                }
                MemberEvent::Official if live && !self.official => m.official = true,
                // An official transfer ends any temporary attachment.
                MemberEvent::Transferred { to } if live && *to != self.org => {
                    m.org = to;
                    m.temporary = None;
                }
                MemberEvent::TemporaryAttached { to }
                    if live && *to != self.org && self.temporary.is_none() =>
                {
                    m.temporary = Some(to)
                }
                MemberEvent::TemporaryEnded if live && self.temporary.is_some() => {
                    m.temporary = None
                }
                MemberEvent::Exempted if live && !self.exempt => m.exempt = true,
                MemberEvent::ExemptionEnded if live && self.exempt => m.exempt = false,
                MemberEvent::Died | MemberEvent::Left { .. } if live => m.ended = true,
                _ => return None,
            }
            Some(m)
        }

        fn state(&self) -> Option<(MemberStatus, &'static str, Option<&'static str>, bool)> {
            (self.admitted && !self.ended).then(|| {
                let status = if self.official {
                    MemberStatus::Official
                } else {
                    MemberStatus::Probationary
                };
                (status, self.org, self.temporary, self.exempt)
            })
        }
    }

    proptest! {
        /// Every attempted event is accepted exactly when the independent model accepts it, and
        /// the state on every date is the model's.
        #[test]
        fn the_lifecycle_agrees_with_an_independent_model(ops in proptest::collection::vec((0u8..9, 0u8..3, 0u32..400), 1..30)) {
            let orgs = ["A", "B", "C"];
            let mut h: History<&str> = History::default();
            let mut model = Model::default();
            let mut date = d(2000, 1, 1);
            let mut states: Vec<(NaiveDate, Model)> = Vec::new();
            for (op, org, gap) in ops {
                date = date + chrono::Days::new(gap as u64);
                let o = orgs[org as usize];
                let e = match op {
                    0 => MemberEvent::Admitted { org: o },
                    1 => MemberEvent::Official,
                    2 => MemberEvent::Transferred { to: o },
                    3 => MemberEvent::TemporaryAttached { to: o },
                    4 => MemberEvent::TemporaryEnded,
                    5 => MemberEvent::Exempted,
                    6 => MemberEvent::ExemptionEnded,
                    7 => MemberEvent::Died,
                    _ => MemberEvent::Left { form: LeaveForm::Resigned },
                };
                let expected = model.step(&e);
                let got = h.record(date, e, today());
                prop_assert_eq!(got.is_ok(), expected.is_some(), "{:?}", got);
                if let Some(m) = expected {
                    model = m;
                    states.retain(|(d, _)| *d != date);
                    states.push((date, model.clone()));
                }
            }
            for (day, m) in &states {
                let s = h.state_on(*day).map(|s| (s.status, s.org, s.temporary, s.exempt));
                prop_assert_eq!(s, m.state(), "on {}", day);
            }
        }
    }
}
