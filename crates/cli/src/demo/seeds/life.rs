//! A branch's life over a span of months as a seed reports it, written through the same
//! repositories a secretary's forms use: monthly meetings with the attendance asked for,
//! study sessions, supervision, and the year-end ratings of the members and the branch.

use chrono::NaiveDate;
use db::branch::{MemberRatingInput, NewMeeting, NewStudySession, NewSupervision};
use db::{Actor, Db};
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use domain::branch::supervision::SupervisionKind;

use crate::demo::register::d;
use crate::error::CliError;

/// One branch being written.
pub struct Branch<'a> {
    pub db: &'a Db,
    pub actor: &'a Actor,
    pub today: NaiveDate,
    pub org: &'a str,
}

impl Branch<'_> {
    /// Members (`member`) or non-member staff of the branch on `on`.
    pub async fn people_on(&self, on: NaiveDate, member: bool) -> Result<Vec<i32>, CliError> {
        Ok(self
            .db
            .roster(self.org, on)
            .await?
            .into_iter()
            .filter(|e| e.member == member)
            .map(|e| e.person_id)
            .collect())
    }

    /// A meeting on the 5th of each month from `from` to `to` (inclusive months); one member
    /// in `absent_every` is away with a reason (0: everyone present).
    pub async fn meetings(
        &self,
        from: (i32, u32),
        to: (i32, u32),
        absent_every: usize,
    ) -> Result<(), CliError> {
        let (mut y, mut m) = from;
        let mut k = 0usize;
        while (y, m) <= to {
            let held_on = d(y, m, 5);
            let thematic = m % 3 == 0;
            let attendance = self
                .people_on(held_on, true)
                .await?
                .into_iter()
                .map(|p| {
                    k += 1;
                    let a = if absent_every > 0 && k.is_multiple_of(absent_every) {
                        Attendance::Excused("Đi công tác".into())
                    } else {
                        Attendance::Present
                    };
                    (p, a)
                })
                .collect();
            self.db
                .record_meeting(
                    self.actor,
                    &NewMeeting {
                        org: self.org.into(),
                        kind: if thematic {
                            MeetingKind::Thematic
                        } else {
                            MeetingKind::Regular
                        },
                        held_on,
                        minutes: if thematic { 120 } else { 90 },
                        thematic_part: thematic,
                        topic: format!("Sinh hoạt chi bộ tháng {m}/{y}"),
                        minutes_text: Some(format!(
                            "Chi bộ đánh giá kết quả tháng {m}/{y} và triển khai nhiệm vụ tháng tới."
                        )),
                        attendance,
                    },
                    self.today,
                )
                .await?;
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        Ok(())
    }

    /// The year's study of the resolutions (everyone, members and staff) and of Hồ Chí Minh's
    /// example, on `on`.
    pub async fn study(&self, on: NaiveDate) -> Result<(), CliError> {
        let mut all = self.people_on(on, true).await?;
        all.extend(self.people_on(on, false).await?);
        for (kind, topic) in [
            (
                StudyKind::Resolution,
                "Học tập, quán triệt nghị quyết, chỉ thị của Đảng, chính sách, pháp luật của Nhà nước",
            ),
            (
                StudyKind::HoChiMinh,
                "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            ),
        ] {
            self.db
                .record_study(
                    self.actor,
                    &NewStudySession {
                        org: self.org.into(),
                        kind,
                        held_on: on,
                        topic: topic.into(),
                        attendees: all.clone(),
                    },
                    self.today,
                )
                .await?;
        }
        Ok(())
    }

    /// The year's supervision plan and `share` of the members supervised, on `on`.
    pub async fn supervision(&self, on: NaiveDate, share: f64) -> Result<(), CliError> {
        use chrono::Datelike;
        self.db
            .set_supervision_plan(
                self.actor,
                self.org,
                on.year(),
                30.0,
                "Giám sát việc thực hiện nhiệm vụ và giữ gìn phẩm chất, đạo đức, lối sống của đảng viên",
                self.today,
            )
            .await?;
        let members = self.people_on(on, true).await?;
        let n = ((members.len() as f64) * share).ceil() as usize;
        for (i, person) in members.into_iter().take(n).enumerate() {
            self.db
                .record_supervision(
                    self.actor,
                    &NewSupervision {
                        org: self.org.into(),
                        person,
                        held_on: on + chrono::Days::new(i as u64),
                        kind: SupervisionKind::Regular,
                        content: "Việc thực hiện nhiệm vụ được giao, giữ gìn phẩm chất, đạo đức, lối sống".into(),
                        conclusion: Some("Thực hiện tốt nhiệm vụ".into()),
                    },
                    self.today,
                )
                .await?;
        }
        Ok(())
    }

    /// The year's ratings: `excellent` members rated Excellent, `complete` rated Complete, the
    /// rest Good, at each stage; then the branch's own `level`.
    pub async fn ratings(
        &self,
        year: i32,
        excellent: usize,
        complete: usize,
        level: RatingLevel,
    ) -> Result<(), CliError> {
        let rated = self.people_on(d(year, 12, 31), true).await?;
        let n = rated.len();
        let inputs: Vec<MemberRatingInput> = rated
            .iter()
            .enumerate()
            .map(|(i, &person)| {
                let level = if i < excellent {
                    RatingLevel::Excellent
                } else if i >= n.saturating_sub(complete) {
                    RatingLevel::Complete
                } else {
                    RatingLevel::Good
                };
                MemberRatingInput {
                    person,
                    level,
                    score: None,
                    note: None,
                }
            })
            .collect();
        for stage in RatingStage::ALL {
            let inputs: Vec<MemberRatingInput> = inputs
                .iter()
                .map(|r| MemberRatingInput {
                    score: (stage == RatingStage::CommitteeDecision).then_some(match r.level {
                        RatingLevel::Excellent => 92,
                        RatingLevel::Good => 80,
                        _ => 60,
                    }),
                    ..r.clone()
                })
                .collect();
            self.db
                .rate_members(self.actor, self.org, year, stage, &inputs, self.today)
                .await?;
        }
        rate_org(self.db, self.actor, self.org, year, level, self.today).await
    }
}

/// An organization's own rating of the year: its self-assessment and the superior's decision.
pub async fn rate_org(
    db: &Db,
    actor: &Actor,
    org: &str,
    year: i32,
    level: RatingLevel,
    today: NaiveDate,
) -> Result<(), CliError> {
    for (stage, note) in [
        (RatingStage::SelfAssessment, None),
        (
            RatingStage::CommitteeDecision,
            Some("Quyết định của cấp ủy cấp trên"),
        ),
    ] {
        db.rate_org(actor, org, year, stage, level, None, note, today)
            .await?;
    }
    Ok(())
}
