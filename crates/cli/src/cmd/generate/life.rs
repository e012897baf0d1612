//! `gen --branch-life`: a year of branch life for the synthetic province, seeded and so the
//! same on every run: every organization has a resolution (term from that year, nine targets
//! of every source), and every organization with people has twelve monthly meetings (one
//! sometimes missed, a thematic one each quarter) with attendance, a study session on the
//! resolution, a supervision plan and records, its members rated and its own rating. How
//! well each organization does is drawn once per organization, so the roll-up has some of
//! each: those that meet every target, those above 60%, those needing attention.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use db::{BulkLife, BulkMeeting, BulkPerson};
use domain::branch::rating::RatingLevel;
use domain::branch::target::{Comparator, Period, Source, Target, Term};

use crate::error::CliError;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// One target of the resolution: its text (`{v}` standing for the value), comparator, value,
/// unit, period and source.
type TargetSpec = (&'static str, Comparator, f64, &'static str, Period, Source);

/// The resolution's nine targets, numbered 1 to 9 in this order: the six yearly shares of
/// members (attendance at `attendance`%, study, supervision, rating), then the organization's.
fn targets(rng: &mut fastrand::Rng) -> Result<Vec<Target>, CliError> {
    let attendance = if rng.bool() { 95.0 } else { 90.0 };
    member_targets(attendance)
        .iter()
        .chain(org_targets().iter())
        .map(|(text, c, v, unit, p, s)| {
            let text = text.replace("{v}", &format!("{v}"));
            Target::new(&text, *c, *v, unit, *p, *s).map_err(|e| CliError::Failure(e.to_string()))
        })
        .collect()
}

/// Targets 1 to 6, shares of the members each year: attendance, study (members and
/// non-members), supervision and the rating (good or better, excellent).
fn member_targets(attendance: f64) -> [TargetSpec; 6] {
    [
        (
            "Tỷ lệ đảng viên dự sinh hoạt chi bộ định kỳ đạt từ {v}% trở lên",
            Comparator::AtLeast,
            attendance,
            "%",
            Period::EachYear,
            Source::Attendance,
        ),
        (
            "{v}% đảng viên được học tập, quán triệt nghị quyết",
            Comparator::AtLeast,
            95.0,
            "%",
            Period::EachYear,
            Source::StudyMembers,
        ),
        (
            "{v}% quần chúng được học tập nghị quyết",
            Comparator::AtLeast,
            90.0,
            "%",
            Period::EachYear,
            Source::StudyNonMembers,
        ),
        (
            "Kiểm tra, giám sát ít nhất {v}% tổng số đảng viên",
            Comparator::AtLeast,
            30.0,
            "%",
            Period::EachYear,
            Source::Supervision,
        ),
        (
            "Hằng năm có {v}% đảng viên hoàn thành tốt nhiệm vụ trở lên",
            Comparator::AtLeast,
            85.0,
            "%",
            Period::EachYear,
            Source::RatingGoodOrBetter,
        ),
        (
            "Đảng viên hoàn thành xuất sắc nhiệm vụ không quá {v}%",
            Comparator::AtMost,
            20.0,
            "%",
            Period::EachYear,
            Source::RatingExcellent,
        ),
    ]
}

/// Targets 7 to 9, the organization's: admissions over the term, its own rating each year
/// and the "Dân vận khéo" models (entered by hand).
fn org_targets() -> [TargetSpec; 3] {
    [
        (
            "Kết nạp từ {v} đảng viên mới trở lên trong nhiệm kỳ",
            Comparator::AtLeast,
            1.0,
            "đảng viên",
            Period::WholeTerm,
            Source::Admissions,
        ),
        (
            "Tổ chức đảng hoàn thành tốt nhiệm vụ trở lên hằng năm",
            Comparator::AtLeast,
            3.0,
            "mức",
            Period::EachYear,
            Source::OrgRating,
        ),
        (
            "Xây dựng ít nhất {v} mô hình “Dân vận khéo”",
            Comparator::AtLeast,
            1.0,
            "mô hình",
            Period::WholeTerm,
            Source::Manual,
        ),
    ]
}

/// Where each person is posted on `on` (regular posting in force, not ended), and whether a
/// member then: organization id → [(person id, member)].
fn posted_on(
    people: &[BulkPerson],
    person_ids: &[i32],
    on: NaiveDate,
) -> BTreeMap<i32, Vec<(i32, bool)>> {
    let mut by_org: BTreeMap<i32, Vec<(i32, bool)>> = BTreeMap::new();
    for (p, id) in people.iter().zip(person_ids) {
        if p.ended.is_some_and(|(d, _)| d <= on) {
            continue;
        }
        let Some(post) = p
            .postings
            .iter()
            .find(|x| !x.temporary && x.from <= on && x.to.is_none_or(|t| t > on))
        else {
            continue;
        };
        let member = p
            .record
            .membership
            .as_ref()
            .is_some_and(|m| m.admitted_on <= on);
        by_org.entry(post.org_id).or_default().push((*id, member));
    }
    by_org
}

/// The year of branch life (see the module documentation).
pub fn year_of_life(
    org_ids: &[i32],
    people: &[BulkPerson],
    person_ids: &[i32],
    year: i32,
    seed: u64,
) -> Result<BulkLife, CliError> {
    let mut life = BulkLife {
        year,
        ..Default::default()
    };
    resolutions(&mut life, org_ids, year, seed)?;
    let posted = posted_on(people, person_ids, date(year, 12, 31));
    for (org, people) in &posted {
        let mut rng = fastrand::Rng::with_seed(seed ^ (*org as u64).wrapping_mul(0x85EB_CA6B) ^ 1);
        // How well the organization does this year, 0 (poorly) … 1 (very well).
        let quality = rng.f64();
        let members: Vec<i32> = people.iter().filter(|p| p.1).map(|p| p.0).collect();
        let mut o = OrgYear {
            life: &mut life,
            rng: &mut rng,
            org: *org,
            year,
            quality,
        };
        o.meetings(&members);
        o.study(people);
        o.supervision_and_rating(&members);
    }
    Ok(life)
}

/// Every organization's resolution for the term starting in `year`, with its nine targets,
/// and for most of them the "Dân vận khéo" report entered by hand (target 9).
fn resolutions(life: &mut BulkLife, org_ids: &[i32], year: i32, seed: u64) -> Result<(), CliError> {
    let term = Term {
        from: year,
        to: year + 5,
    };
    for org in org_ids {
        let mut rng = fastrand::Rng::with_seed(seed ^ (*org as u64).wrapping_mul(0x9E37_79B9));
        life.resolutions.push((
            *org,
            term,
            format!("Nghị quyết đại hội nhiệm kỳ {term}"),
            targets(&mut rng)?,
        ));
        if rng.f64() < 0.7 {
            life.manual_values.push((
                *org,
                9,
                1.0,
                format!("Báo cáo phong trào “Dân vận khéo” năm {year}"),
            ));
        }
    }
    Ok(())
}

/// One organization's year being drawn, in this order from its own random numbers: the
/// meetings, the study session, the supervisions and the ratings.
struct OrgYear<'a> {
    life: &'a mut BulkLife,
    rng: &'a mut fastrand::Rng,
    org: i32,
    year: i32,
    /// How well the organization does this year, 0 (poorly) … 1 (very well).
    quality: f64,
}

impl OrgYear<'_> {
    /// Twelve monthly meetings on the 10th (one sometimes missed, thematic each quarter) with
    /// each member present, excused or not.
    fn meetings(&mut self, members: &[i32]) {
        let present = 0.86 + 0.13 * self.quality;
        for month in 1..=12u32 {
            if self.rng.f64() < 0.04 * (1.0 - self.quality) {
                continue; // a month missed
            }
            let attendance = members
                .iter()
                .map(|p| {
                    let r = self.rng.f64();
                    let status = if r < present {
                        "present"
                    } else if r < present + (1.0 - present) * 0.8 {
                        "excused"
                    } else {
                        "unexcused"
                    };
                    (*p, status)
                })
                .collect();
            self.life.meetings.push(BulkMeeting {
                org_id: self.org,
                held_on: date(self.year, month, 10),
                thematic: month % 3 == 0,
                attendance,
            });
        }
    }

    /// The study session on the resolution (15 April), with most people attending.
    fn study(&mut self, people: &[(i32, bool)]) {
        let studied = 0.9 + 0.1 * self.quality;
        let attendees: Vec<i32> = people
            .iter()
            .filter(|(_, member)| self.rng.f64() < if *member { studied } else { studied - 0.05 })
            .map(|p| p.0)
            .collect();
        self.life
            .study
            .push((self.org, date(self.year, 4, 15), attendees));
    }

    /// The supervision plan (30%), the members supervised (20 September), each member's
    /// rating and the organization's own.
    fn supervision_and_rating(&mut self, members: &[i32]) {
        let org = self.org;
        self.life.supervision_plans.push((org, 30.0));
        let share = 0.15 + 0.3 * self.quality;
        for p in members {
            if self.rng.f64() < share {
                self.life
                    .supervision
                    .push((org, *p, date(self.year, 9, 20)));
            }
            let r = self.rng.f64();
            let level = if r < 0.12 {
                RatingLevel::Excellent
            } else if r < 0.76 + 0.2 * self.quality {
                RatingLevel::Good
            } else if r < 0.98 {
                RatingLevel::Complete
            } else {
                RatingLevel::Incomplete
            };
            self.life.member_ratings.push((*p, org, level));
        }
        let level = match self.quality {
            q if q > 0.85 => RatingLevel::Excellent,
            q if q > 0.25 => RatingLevel::Good,
            q if q > 0.05 => RatingLevel::Complete,
            _ => RatingLevel::Incomplete,
        };
        self.life.org_ratings.push((org, level));
    }
}
