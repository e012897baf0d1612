//! The demo's branch life (issue 5): the resolution of Chi bộ Sở Ngoại vụ for 2020–2025 with
//! the targets of seed 000, and its meetings, attendance, study, supervision and ratings for
//! 2020–2024, generated deterministically so that the review shows some targets met and some
//! not (attendance falls short in 2021, a non-member missed the 2021 study, three members were
//! rated only "Hoàn thành nhiệm vụ" in 2022); plausible targets for the organizations of seeds
//! 001, 002 and 004. Everything goes through the same repositories as the rest of dangvu;
//! loading twice changes nothing.

use chrono::{Datelike, NaiveDate};
use db::branch::{MemberRatingInput, NewMeeting, NewResolution, NewStudySession, NewSupervision};
use db::{Actor, Db};
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::study::StudyKind;
use domain::branch::supervision::SupervisionKind;
use domain::branch::target::{Comparator, Period, Source, Target, Term};

use crate::demo::register::d;
use crate::error::CliError;

/// Marker stored once this part of the demo is in.
pub const LOADED_KEY: &str = "demo.branch_life.loaded";
const SNV: &str = "CB-SNV";
const YEARS: std::ops::RangeInclusive<i32> = 2020..=2024;

pub type Spec = (&'static str, Comparator, f64, &'static str, Period, Source);

/// Seed 000: the targets of the resolution of Chi bộ Sở Ngoại vụ, 2020–2025.
const SNV_TARGETS: &[Spec] = &[
    (
        "Có 100% đảng viên được học tập các chủ trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::StudyMembers,
    ),
    (
        "Có 95% quần chúng trở lên được học tập các chủ trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::StudyNonMembers,
    ),
    (
        "Có 100% đảng viên và quần chúng được “Học tập và làm theo tấm gương đạo đức, phong cách Hồ Chí Minh” hằng năm",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm chi bộ được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        3.0,
        "mức xếp loại",
        Period::EachYear,
        Source::OrgRating,
    ),
    (
        "Có từ 90% đảng viên trở lên được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        90.0,
        "%",
        Period::EachYear,
        Source::RatingGoodOrBetter,
    ),
    (
        "Có từ 95% đảng viên trở lên tham dự sinh hoạt chi bộ định kỳ",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::Attendance,
    ),
    (
        "Thực hiện công tác kiểm tra, giám sát thường xuyên của chi bộ đạt ít nhất 30% tổng số đảng viên",
        Comparator::AtLeast,
        30.0,
        "%",
        Period::EachYear,
        Source::Supervision,
    ),
    (
        "Hằng năm đơn vị đạt danh hiệu “Đơn vị đạt chuẩn văn hóa”",
        Comparator::AtLeast,
        1.0,
        "danh hiệu",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm có ít nhất 01 mô hình tập thể “Dân vận khéo” đăng ký và thực hiện có hiệu quả",
        Comparator::AtLeast,
        1.0,
        "mô hình",
        Period::EachYear,
        Source::Manual,
    ),
];

/// Seed 001: Chi bộ Ban Thi đua – Khen thưởng, 2020–2022.
const TDKT_TARGETS: &[Spec] = &[
    (
        "100% đảng viên học tập, quán triệt chủ trương của Đảng, chính sách pháp luật của Nhà nước",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::StudyMembers,
    ),
    (
        "Từ 95% quần chúng cơ quan học tập, quán triệt chủ trương của Đảng, chính sách pháp luật của Nhà nước",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::StudyNonMembers,
    ),
    (
        "Hằng năm có từ 95% đảng viên, công chức hoàn thành tốt nhiệm vụ được giao và đạt danh hiệu “Lao động tiên tiến” trở lên",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm có số đảng viên được giám sát đạt chỉ tiêu theo quy định",
        Comparator::AtLeast,
        30.0,
        "%",
        Period::EachYear,
        Source::Supervision,
    ),
    (
        "Sinh hoạt chuyên đề đạt chỉ tiêu theo quy định",
        Comparator::AtLeast,
        4.0,
        "chuyên đề",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Bình quân trong năm có từ 95% đảng viên tham gia sinh hoạt chi bộ",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::Attendance,
    ),
    (
        "90% đảng viên được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        90.0,
        "%",
        Period::EachYear,
        Source::RatingGoodOrBetter,
    ),
    (
        "Từ 90% công chức được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        90.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "100% đảng viên, công chức có gia đình riêng đạt chuẩn “Gia đình văn hóa”",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm chi bộ được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        3.0,
        "mức xếp loại",
        Period::EachYear,
        Source::OrgRating,
    ),
    (
        "Hằng năm tập thể đạt danh hiệu “Tập thể lao động tiên tiến” trở lên",
        Comparator::AtLeast,
        1.0,
        "danh hiệu",
        Period::EachYear,
        Source::Manual,
    ),
];

/// Seed 002: Chi bộ Văn phòng Sở 2, 2020–2022, every measurable target as the seed words it
/// ("trên 95%" is more than 95: `Comparator::MoreThan`; "trong sạch vững mạnh", said twice,
/// once).
const VPS2_TARGETS: &[Spec] = &[
    (
        "Hằng năm xây dựng Chi bộ đạt danh hiệu trong sạch vững mạnh",
        Comparator::AtLeast,
        4.0,
        "mức xếp loại",
        Period::EachYear,
        Source::OrgRating,
    ),
    (
        "100% cán bộ, đảng viên, công chức được quán triệt, học tập đầy đủ các chỉ thị, nghị quyết của Đảng, chính sách pháp luật của Nhà nước",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::StudyMembers,
    ),
    (
        "100% cán bộ, đảng viên, công chức thực hiện “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm có 100% đảng viên hoàn thành nhiệm vụ",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Trên 95% đảng viên hoàn thành tốt nhiệm vụ",
        Comparator::MoreThan,
        95.0,
        "%",
        Period::EachYear,
        Source::RatingGoodOrBetter,
    ),
    (
        "Trên 10% đảng viên hoàn thành xuất sắc nhiệm vụ",
        Comparator::MoreThan,
        10.0,
        "%",
        Period::EachYear,
        Source::RatingExcellent,
    ),
    (
        "Kết nạp từ 01 đảng viên mới trở lên",
        Comparator::AtLeast,
        1.0,
        "đảng viên",
        Period::WholeTerm,
        Source::Admissions,
    ),
    (
        "Hằng năm có trên 70% tập thể đạt danh hiệu lao động tiên tiến",
        Comparator::MoreThan,
        70.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm có 90% cá nhân trở lên đạt danh hiệu lao động tiên tiến",
        Comparator::AtLeast,
        90.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm có 95% đảng viên trở lên đạt danh hiệu lao động tiên tiến",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "100% gia đình cán bộ, đảng viên, công chức đạt tiêu chuẩn gia đình văn hóa hằng năm",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "100% cán bộ, đảng viên, công chức chấp hành nghiêm chính sách pháp luật của Nhà nước, không vi phạm tệ nạn xã hội, an toàn giao thông",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
];

/// The demo's 2025 congress of Chi bộ Văn phòng Sở Nội vụ (invented).
const VPSNOIVU_TARGETS: &[Spec] = &[
    (
        "100% cán bộ, đảng viên được quán triệt, học tập đầy đủ các chỉ thị, nghị quyết",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::StudyMembers,
    ),
    (
        "Trên 95% đảng viên hoàn thành tốt nhiệm vụ",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::RatingGoodOrBetter,
    ),
    (
        "Trên 10% đảng viên hoàn thành xuất sắc nhiệm vụ",
        Comparator::AtLeast,
        10.0,
        "%",
        Period::EachYear,
        Source::RatingExcellent,
    ),
    (
        "Kết nạp từ 01 đảng viên mới trở lên",
        Comparator::AtLeast,
        1.0,
        "đảng viên",
        Period::WholeTerm,
        Source::Admissions,
    ),
];

/// Seed 004: Đảng bộ Cơ quan Tỉnh đoàn, 2020–2025: fourteen targets (the seed counts them
/// without naming them; these are invented in the words such resolutions use), their data
/// written by `demo::seeds::cqtd` so that the mid-term review of 24/6/2023 gives the seed's
/// "10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%", admissions at 80%.
pub const CQTD_TARGETS: &[Spec] = &[
    (
        "Kết nạp từ 05 đảng viên mới trở lên trong nhiệm kỳ",
        Comparator::AtLeast,
        5.0,
        "đảng viên",
        Period::WholeTerm,
        Source::Admissions,
    ),
    (
        "Hằng năm có từ 95% đảng viên tham dự sinh hoạt chi bộ",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::Attendance,
    ),
    (
        "Hằng năm có từ 90% đảng viên hoàn thành tốt nhiệm vụ trở lên",
        Comparator::AtLeast,
        90.0,
        "%",
        Period::EachYear,
        Source::RatingGoodOrBetter,
    ),
    (
        "Hằng năm có từ 10% đảng viên hoàn thành xuất sắc nhiệm vụ",
        Comparator::AtLeast,
        10.0,
        "%",
        Period::EachYear,
        Source::RatingExcellent,
    ),
    (
        "Kiểm tra, giám sát ít nhất 30% đảng viên mỗi năm",
        Comparator::AtLeast,
        30.0,
        "%",
        Period::EachYear,
        Source::Supervision,
    ),
    (
        "Đảng bộ hằng năm được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên",
        Comparator::AtLeast,
        3.0,
        "mức xếp loại",
        Period::EachYear,
        Source::OrgRating,
    ),
    (
        "100% đảng viên được học tập, quán triệt nghị quyết, chỉ thị của Đảng",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::StudyMembers,
    ),
    (
        "Từ 95% quần chúng trong cơ quan trở lên được học tập nghị quyết, chỉ thị của Đảng",
        Comparator::AtLeast,
        95.0,
        "%",
        Period::EachYear,
        Source::StudyNonMembers,
    ),
    (
        "Hằng năm có ít nhất 01 mô hình “Dân vận khéo”",
        Comparator::AtLeast,
        1.0,
        "mô hình",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Hằng năm 100% chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên",
        Comparator::AtLeast,
        100.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Cơ quan Tỉnh đoàn hằng năm đạt danh hiệu “Tập thể lao động xuất sắc”",
        Comparator::AtLeast,
        1.0,
        "danh hiệu",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Giới thiệu từ 30 đoàn viên ưu tú trở lên cho Đảng xem xét kết nạp trong nhiệm kỳ",
        Comparator::AtLeast,
        30.0,
        "đoàn viên",
        Period::WholeTerm,
        Source::Manual,
    ),
    (
        "Có từ 50% đảng viên có trình độ trung cấp lý luận chính trị trở lên",
        Comparator::AtLeast,
        50.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
    (
        "Có từ 20% đảng viên có trình độ sau đại học",
        Comparator::AtLeast,
        20.0,
        "%",
        Period::EachYear,
        Source::Manual,
    ),
];

fn targets(specs: &[Spec]) -> Result<Vec<Target>, CliError> {
    specs
        .iter()
        .map(|(text, c, v, unit, period, source)| {
            Target::new(text, *c, *v, unit, *period, *source)
                .map_err(|e| CliError::Failure(e.to_string()))
        })
        .collect()
}

fn term(s: &str) -> Result<Term, CliError> {
    Term::parse(s).map_err(|e| CliError::Failure(e.to_string()))
}

/// Loads this part of the demo unless it is there.
pub async fn load(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    if db.setting(LOADED_KEY).await?.is_some() {
        return Ok(());
    }
    for (org, t, title, adopted, specs) in [
        (
            SNV,
            "2020-2025",
            "Nghị quyết Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025",
            d(2020, 5, 15),
            SNV_TARGETS,
        ),
        (
            "CB-TDKT",
            "2020-2022",
            "Nghị quyết Đại hội Chi bộ Ban Thi đua – Khen thưởng lần thứ VI, nhiệm kỳ 2020–2022",
            d(2019, 11, 8),
            TDKT_TARGETS,
        ),
        (
            "CB-VPS2",
            "2020-2022",
            "Nghị quyết Đại hội Chi bộ Văn phòng Sở 2 lần thứ nhất, nhiệm kỳ 2020–2022",
            d(2020, 1, 16),
            VPS2_TARGETS,
        ),
        (
            // The demo congress's own resolution (its document: `demo::documents`).
            "CB-VPSNOIVU",
            "2025-2030",
            "Nghị quyết Đại hội Chi bộ Văn phòng Sở Nội vụ lần thứ VII, nhiệm kỳ 2025–2030",
            d(2025, 4, 15),
            VPSNOIVU_TARGETS,
        ),
        (
            "DB-CQTD",
            "2020-2025",
            "Nghị quyết Đại hội Đảng bộ Cơ quan Tỉnh đoàn lần thứ XVI, nhiệm kỳ 2020–2025",
            d(2020, 6, 20),
            CQTD_TARGETS,
        ),
    ] {
        db.add_resolution(
            actor,
            &NewResolution {
                org: org.into(),
                term: term(t)?,
                title: title.into(),
                adopted_on: Some(adopted),
                targets: targets(specs)?,
            },
        )
        .await?;
    }
    snv_life(db, actor, today).await?;
    manual_values(db, actor, today).await?;
    db.set_setting(actor, LOADED_KEY, &today.to_string())
        .await?;
    Ok(())
}

const REASONS: &[&str] = &[
    "Đi công tác",
    "Nghỉ ốm",
    "Nghỉ phép",
    "Việc gia đình",
    "Đi học tập trung",
];
const THEMES: &[&str] = &[
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng tham mưu công tác đối ngoại",
    "Bảo vệ bí mật nhà nước trong công tác có yếu tố nước ngoài",
    "Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống",
];

async fn members_on(db: &Db, on: NaiveDate) -> Result<Vec<i32>, CliError> {
    Ok(db
        .roster(SNV, on)
        .await?
        .into_iter()
        .filter(|e| e.member)
        .map(|e| e.person_id)
        .collect())
}

async fn non_members_on(db: &Db, on: NaiveDate) -> Result<Vec<i32>, CliError> {
    Ok(db
        .roster(SNV, on)
        .await?
        .into_iter()
        .filter(|e| !e.member)
        .map(|e| e.person_id)
        .collect())
}

/// Chi bộ Sở Ngoại vụ's life year by year: the term under review, then the new term up to
/// today, so that this year's calendar and last year's rating sheet have something in them
/// (the review reads 2020–2024 only).
async fn snv_life(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let mut rng = fastrand::Rng::with_seed(20_200_515);
    for year in *YEARS.start()..=today.year().max(*YEARS.end()) {
        let y = SnvYear {
            db,
            actor,
            today,
            year,
        };
        y.meetings(&mut rng).await?;
        y.study().await?;
        y.supervision().await?;
        y.ratings(&mut rng).await?;
    }
    Ok(())
}

/// One year of Chi bộ Sở Ngoại vụ's life; nothing is dated after `today`.
struct SnvYear<'a> {
    db: &'a Db,
    actor: &'a Actor,
    today: NaiveDate,
    year: i32,
}

impl SnvYear<'_> {
    /// Meetings: monthly from the congress on; a thematic one every quarter's last month.
    /// Absence is rare except in 2021 (the pandemic year), when attendance falls below 95%.
    async fn meetings(&self, rng: &mut fastrand::Rng) -> Result<(), CliError> {
        let (db, year) = (self.db, self.year);
        let absent_per_mille = if year == 2021 { 85 } else { 20 };
        for month in if year == 2020 { 6 } else { 1 }..=12 {
            let held_on = d(year, month, 3 + rng.u32(0..5));
            if held_on > self.today {
                continue;
            }
            let thematic = month % 3 == 0;
            let attendance = members_on(db, held_on)
                .await?
                .into_iter()
                .map(|p| {
                    let roll = rng.u32(0..1000);
                    let a = if roll >= absent_per_mille {
                        Attendance::Present
                    } else if roll.is_multiple_of(10) {
                        Attendance::Unexcused
                    } else {
                        Attendance::Excused(REASONS[rng.usize(..REASONS.len())].into())
                    };
                    (p, a)
                })
                .collect();
            db.record_meeting(
                self.actor,
                &NewMeeting {
                    org: SNV.into(),
                    kind: if thematic { MeetingKind::Thematic } else { MeetingKind::Regular },
                    held_on,
                    minutes: if thematic { 120 } else { 90 } + 15 * rng.u32(0..3),
                    thematic_part: thematic,
                    topic: if thematic {
                        format!("Sinh hoạt chuyên đề: {}", THEMES[(month / 3 - 1) as usize])
                    } else {
                        format!("Sinh hoạt chi bộ định kỳ tháng {month}/{year}")
                    },
                    minutes_text: Some(format!(
                        "Chi bộ đánh giá kết quả tháng {month}/{year} và triển khai nhiệm vụ tháng tới."
                    )),
                    attendance,
                },
                self.today,
            )
            .await?;
        }
        Ok(())
    }

    /// Study: the year's sessions, those not after today.
    async fn study(&self) -> Result<(), CliError> {
        for session in self.study_sessions().await? {
            if session.held_on > self.today {
                continue;
            }
            self.db
                .record_study(self.actor, &session, self.today)
                .await?;
        }
        Ok(())
    }

    /// Two sessions on resolutions (everyone by the second, except one non-member in 2021),
    /// one on Hồ Chí Minh's example, one on the "Dân vận khéo" model.
    async fn study_sessions(&self) -> Result<Vec<NewStudySession>, CliError> {
        let (db, year) = (self.db, self.year);
        let first = d(year, 7, 15);
        let second = d(year, 12, 10);
        let members = members_on(db, first).await?;
        let staff = non_members_on(db, first).await?;
        let skip_staff = if year == 2021 {
            staff.first().copied()
        } else {
            None
        };
        let some: Vec<i32> = members
            .iter()
            .skip(3)
            .chain(staff.iter().skip(2))
            .copied()
            .filter(|p| Some(*p) != skip_staff)
            .collect();
        let all_members = members_on(db, second).await?;
        let all: Vec<i32> = all_members
            .iter()
            .chain(non_members_on(db, second).await?.iter())
            .copied()
            .filter(|p| Some(*p) != skip_staff)
            .collect();
        let sessions = [
            (
                StudyKind::HoChiMinh,
                d(year, 5, 19),
                format!(
                    "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}"
                ),
                {
                    let mut v = members_on(db, d(year, 5, 19)).await?;
                    v.extend(non_members_on(db, d(year, 5, 19)).await?);
                    v
                },
            ),
            (
                StudyKind::Resolution,
                first,
                format!("Học tập, quán triệt nghị quyết, chỉ thị của Đảng 6 tháng đầu năm {year}"),
                some,
            ),
            (
                StudyKind::DanVanKheo,
                d(year, 9, 10),
                format!("Đăng ký và triển khai mô hình “Dân vận khéo” năm {year}"),
                members_on(db, d(year, 9, 10)).await?,
            ),
            (
                StudyKind::Resolution,
                second,
                format!("Học tập, quán triệt nghị quyết, chính sách, pháp luật mới năm {year}"),
                all,
            ),
        ];
        Ok(sessions
            .into_iter()
            .map(|(kind, on, topic, who)| NewStudySession {
                org: SNV.into(),
                kind,
                held_on: on,
                topic,
                attendees: who,
            })
            .collect())
    }

    /// Supervision: a plan of 30% and eight members each year, in turn.
    async fn supervision(&self) -> Result<(), CliError> {
        let (db, year) = (self.db, self.year);
        db.set_supervision_plan(
            self.actor,
            SNV,
            year,
            30.0,
            "Giám sát thường xuyên việc thực hiện nhiệm vụ và giữ gìn phẩm chất, đạo đức, lối sống của đảng viên",
            self.today,
        )
        .await?;
        let on = d(year, 10, 15);
        let members = members_on(db, on).await?;
        for i in 0..8.min(members.len()) {
            let person = members[((year - 2020) as usize * 8 + i) % members.len()];
            db.record_supervision(
                self.actor,
                &NewSupervision {
                    org: SNV.into(),
                    person,
                    held_on: on + chrono::Days::new(i as u64),
                    kind: if i % 4 == 0 {
                        SupervisionKind::Inspection
                    } else {
                        SupervisionKind::Regular
                    },
                    content:
                        "Việc thực hiện nhiệm vụ được giao, giữ gìn phẩm chất, đạo đức, lối sống"
                            .into(),
                    conclusion: Some("Thực hiện tốt nhiệm vụ; không có dấu hiệu vi phạm".into()),
                },
                self.today,
            )
            .await?;
        }
        Ok(())
    }

    /// Ratings at the year's end, the members' then the branch's. A year not over yet is not
    /// rated.
    async fn ratings(&self, rng: &mut fastrand::Rng) -> Result<(), CliError> {
        if d(self.year, 12, 31) >= self.today {
            return Ok(());
        }
        self.member_ratings(rng).await?;
        self.org_rating().await
    }

    /// Three Excellent (within 20% of Good), two Complete (three in 2022), the rest Good;
    /// self-assessment, branch proposal, committee decision.
    async fn member_ratings(&self, rng: &mut fastrand::Rng) -> Result<(), CliError> {
        let year = self.year;
        let rated = members_on(self.db, d(year, 12, 31)).await?;
        let n = rated.len();
        let complete = if year == 2022 { 3 } else { 2 };
        let levels: Vec<(i32, RatingLevel, u8)> = rated
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let k = (i + (year as usize) * 5) % n.max(1);
                if k < 3 {
                    (p, RatingLevel::Excellent, 90 + rng.u8(0..8))
                } else if k >= n.saturating_sub(complete) {
                    (p, RatingLevel::Complete, 55 + rng.u8(0..12))
                } else {
                    (p, RatingLevel::Good, 72 + rng.u8(0..16))
                }
            })
            .collect();
        for stage in RatingStage::ALL {
            let inputs: Vec<MemberRatingInput> = levels
                .iter()
                .map(|&(person, level, score)| MemberRatingInput {
                    person,
                    // Those the branch rates Complete assessed themselves as Good.
                    level: if stage == RatingStage::SelfAssessment && level == RatingLevel::Complete
                    {
                        RatingLevel::Good
                    } else {
                        level
                    },
                    score: (stage == RatingStage::CommitteeDecision).then_some(score),
                    note: None,
                })
                .collect();
            self.db
                .rate_members(self.actor, SNV, year, stage, &inputs, self.today)
                .await?;
        }
        Ok(())
    }

    /// The branch itself: Excellent in 2022 and 2024, Good otherwise; its self-assessment and
    /// the committee's decision.
    async fn org_rating(&self) -> Result<(), CliError> {
        let (db, actor, year, today) = (self.db, self.actor, self.year, self.today);
        let org_level = if year == 2022 || year == 2024 {
            RatingLevel::Excellent
        } else {
            RatingLevel::Good
        };
        db.rate_org(
            actor,
            SNV,
            year,
            RatingStage::SelfAssessment,
            org_level,
            None,
            None,
            today,
        )
        .await?;
        db.rate_org(
            actor,
            SNV,
            year,
            RatingStage::CommitteeDecision,
            org_level,
            None,
            Some("Quyết định của Ban Thường vụ Đảng ủy Khối"),
            today,
        )
        .await?;
        Ok(())
    }
}

async fn manual_values(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let res = db.resolution(SNV, Some(term("2020-2025")?)).await?;
    for t in res
        .targets
        .iter()
        .filter(|t| t.target.source == Source::Manual)
    {
        for year in YEARS {
            let (value, evidence) = if t.target.unit == "%" {
                // Everyone on the roll took part in the year's session on Hồ Chí Minh's
                // example (`SnvYear::study_sessions`).
                (
                    100.0,
                    format!(
                        "Báo cáo kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year} của Chi bộ Sở Ngoại vụ"
                    ),
                )
            } else if t.target.unit == "mô hình" {
                (
                    if year == 2022 { 2.0 } else { 1.0 },
                    format!(
                        "Báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” năm {year} của Chi bộ Sở Ngoại vụ"
                    ),
                )
            } else {
                (
                    1.0,
                    format!("Quyết định công nhận “Đơn vị đạt chuẩn văn hóa” năm {year}"),
                )
            };
            db.set_target_value(actor, t.id, year, value, &evidence, today)
                .await?;
        }
    }
    Ok(())
}
