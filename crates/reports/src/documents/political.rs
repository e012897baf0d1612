//! The draft political report (báo cáo chính trị) an organization's committee puts before its
//! next congress, assembled from the data: the structure of its membership, each year's
//! meetings, study, supervision, ratings and admissions, the resolution's targets with their
//! achievement, and the awards recorded. Every figure is computed by the rules that compute it
//! elsewhere (`domain`); the wording follows the seeds' reports.

use domain::branch::rating::LevelCounts;
use domain::branch::study::Coverage;
use domain::branch::supervision::SupervisionCoverage;
use domain::text::{format_count2, format_percent, percent, to_roman};

/// One year of the term as the data records it.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFacts {
    pub year: i32,
    /// Mean attendance of the regular meetings, percent.
    pub attendance: Option<f64>,
    pub study: Option<Coverage>,
    pub supervision: Option<SupervisionCoverage>,
    pub ratings: Option<LevelCounts>,
    /// The organization's own rating ("Hoàn thành tốt nhiệm vụ").
    pub org_rating: Option<String>,
    pub admissions: u64,
}

/// One target of the resolution with what the term achieved.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetFacts {
    pub text: String,
    /// The achievement rate as the review prints it ("96,5%"); `None` for a rank met or not.
    pub achievement: Option<String>,
    /// "Đạt", "Chưa đạt".
    pub verdict: String,
}

/// Everything the report says.
#[derive(Debug, Clone, PartialEq)]
pub struct PoliticalFacts {
    pub organization: String,
    /// The congress the report is put before (the next one).
    pub ordinal: u32,
    pub term: (i32, i32),
    pub next_term: (i32, i32),
    /// The structure paragraph (`domain::register::stats`) on the day of the report.
    pub structure: String,
    pub years: Vec<YearFacts>,
    pub targets: Vec<TargetFacts>,
    /// "Có 10/14 chỉ tiêu đạt 100% trở lên, …".
    pub targets_summary: Option<String>,
    /// Awards recorded in the term: the title's name and how many.
    pub awards: Vec<(String, u64)>,
}

/// The subject and body of the draft report.
pub fn political_report(f: &PoliticalFacts) -> (String, String) {
    let (from, to) = f.term;
    let (nfrom, nto) = f.next_term;
    let subject = format!(
        "Báo cáo chính trị trình Đại hội {} lần thứ {}, nhiệm kỳ {nfrom}-{nto}",
        f.organization,
        to_roman(f.ordinal)
    );
    let mut out = vec![
        "PHẦN THỨ NHẤT".to_string(),
        format!("KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ {from}-{to}"),
        "I. TÌNH HÌNH TỔ CHỨC VÀ ĐẢNG VIÊN".into(),
        f.structure.clone(),
        "II. CÔNG TÁC XÂY DỰNG ĐẢNG".into(),
    ];
    out.extend(party_building(&f.years));
    out.push("III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU CỦA NGHỊ QUYẾT".into());
    if let Some(s) = &f.targets_summary {
        out.push(format!("{s}."));
    }
    if f.targets.is_empty() {
        out.push("Nghị quyết nhiệm kỳ chưa được ghi chỉ tiêu trong dangvu.".into());
    }
    out.extend(f.targets.iter().map(|t| {
        let text = t.text.trim_end_matches(['.', ';']);
        match &t.achievement {
            Some(a) => format!("- {text}: đạt {a} ({}).", t.verdict.to_lowercase()),
            None => format!("- {text}: {}.", t.verdict.to_lowercase()),
        }
    }));
    if !f.awards.is_empty() {
        out.push("IV. CÔNG TÁC THI ĐUA, KHEN THƯỞNG".into());
        out.extend(
            f.awards
                .iter()
                .map(|(title, n)| format!("- {title}: {}.", format_count2(*n as i64))),
        );
    }
    out.push("PHẦN THỨ HAI".into());
    out.push(format!(
        "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ {nfrom}-{nto}"
    ));
    out.push(
        "(Chi ủy xây dựng phương hướng, mục tiêu, nhiệm vụ và các chỉ tiêu chủ yếu của nhiệm kỳ \
         tới trên cơ sở kết quả trên.)"
            .into(),
    );
    (subject, out.join("\n"))
}

/// The sentences of "Công tác xây dựng Đảng", one per year and subject that has data.
fn party_building(years: &[YearFacts]) -> Vec<String> {
    let mut out = vec!["1. Sinh hoạt chi bộ".to_string()];
    out.extend(years.iter().filter_map(|y| {
        y.attendance.map(|a| {
            format!(
                "- Năm {}, tỷ lệ đảng viên dự sinh hoạt định kỳ bình quân đạt {}.",
                y.year,
                format_percent(a)
            )
        })
    }));
    out.push("2. Học tập, quán triệt nghị quyết".into());
    out.extend(years.iter().filter_map(|y| {
        let c = y.study.filter(|c| c.members > 0)?;
        Some(format!(
            "- Năm {}, {}/{} đảng viên ({}) được học tập, quán triệt các chỉ thị, nghị quyết.",
            y.year,
            c.members_studied,
            c.members,
            format_percent(c.members_percent())
        ))
    }));
    out.push("3. Kiểm tra, giám sát".into());
    out.extend(years.iter().filter_map(|y| {
        let s = y.supervision.filter(|s| s.members > 0)?;
        Some(format!(
            "- Năm {}, kiểm tra, giám sát {} đảng viên, bằng {} tổng số đảng viên.",
            y.year,
            format_count2(s.supervised as i64),
            format_percent(s.percent())
        ))
    }));
    out.push("4. Đánh giá, xếp loại".into());
    out.extend(years.iter().filter_map(rating_sentence));
    out.push("5. Kết nạp đảng viên".into());
    let admitted: u64 = years.iter().map(|y| y.admissions).sum();
    let by_year: Vec<String> = years
        .iter()
        .filter(|y| y.admissions > 0)
        .map(|y| format!("năm {}: {}", y.year, format_count2(y.admissions as i64)))
        .collect();
    out.push(if admitted == 0 {
        "- Trong nhiệm kỳ chưa kết nạp đảng viên mới.".into()
    } else {
        format!(
            "- Trong nhiệm kỳ kết nạp {} đảng viên mới ({}).",
            format_count2(admitted as i64),
            by_year.join("; ")
        )
    });
    out
}

fn rating_sentence(y: &YearFacts) -> Option<String> {
    let r = y.ratings.filter(|r| r.total() > 0);
    if r.is_none() && y.org_rating.is_none() {
        return None;
    }
    let org = y
        .org_rating
        .as_deref()
        .map(|l| format!(" chi bộ được xếp loại \"{l}\";"))
        .unwrap_or_default();
    let members = r.map(|r| {
        let share = |n: u64| {
            format!(
                "{} ({})",
                format_count2(n as i64),
                format_percent(percent(n, r.total()))
            )
        };
        format!(
            " {} đảng viên được đánh giá, trong đó hoàn thành xuất sắc nhiệm vụ {}, hoàn thành \
             tốt nhiệm vụ {}, hoàn thành nhiệm vụ {}, không hoàn thành nhiệm vụ {}",
            format_count2(r.total() as i64),
            share(r.excellent),
            share(r.good),
            share(r.complete),
            share(r.incomplete)
        )
    });
    Some(format!("- Năm {}:{org}{}.", y.year, members.unwrap_or_default()).replace(";.", "."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PoliticalFacts {
        PoliticalFacts {
            organization: "Chi bộ Sở Ngoại vụ".into(),
            ordinal: 5,
            term: (2020, 2025),
            next_term: (2025, 2030),
            structure: "Chi bộ Sở Ngoại vụ hiện có 22 đảng viên …".into(),
            years: vec![YearFacts {
                year: 2021,
                attendance: Some(96.5),
                study: Some(Coverage {
                    members: 22,
                    members_studied: 22,
                    non_members: 0,
                    non_members_studied: 0,
                }),
                supervision: Some(SupervisionCoverage {
                    members: 22,
                    supervised: 7,
                    planned_percent: None,
                }),
                ratings: Some(LevelCounts {
                    excellent: 4,
                    good: 16,
                    complete: 2,
                    incomplete: 0,
                }),
                org_rating: Some("Hoàn thành tốt nhiệm vụ".into()),
                admissions: 1,
            }],
            targets: vec![TargetFacts {
                text: "Có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ".into(),
                achievement: Some("101,6%".into()),
                verdict: "Đạt".into(),
            }],
            targets_summary: Some("Có 1/1 chỉ tiêu đạt 100% trở lên".into()),
            awards: vec![("Lao động tiên tiến".into(), 18)],
        }
    }

    #[test]
    fn every_figure_of_the_report_comes_from_the_facts() {
        let (subject, body) = political_report(&facts());
        assert_eq!(
            subject,
            "Báo cáo chính trị trình Đại hội Chi bộ Sở Ngoại vụ lần thứ V, nhiệm kỳ 2025-2030"
        );
        for part in [
            "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020-2025",
            "Năm 2021, tỷ lệ đảng viên dự sinh hoạt định kỳ bình quân đạt 96,5%",
            "22/22 đảng viên (100,0%) được học tập",
            "kiểm tra, giám sát 07 đảng viên, bằng 31,8% tổng số đảng viên",
            "chi bộ được xếp loại \"Hoàn thành tốt nhiệm vụ\"; 22 đảng viên được đánh giá, trong đó hoàn thành xuất sắc nhiệm vụ 04 (18,2%)",
            "kết nạp 01 đảng viên mới (năm 2021: 01)",
            "Có 1/1 chỉ tiêu đạt 100% trở lên.",
            "- Có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ: đạt 101,6% (đạt).",
            "- Lao động tiên tiến: 18.",
            "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025-2030",
        ] {
            assert!(body.contains(part), "{part}\n{body}");
        }
    }

    #[test]
    fn a_report_without_data_says_so_instead_of_inventing_figures() {
        let f = PoliticalFacts {
            years: vec![],
            targets: vec![],
            targets_summary: None,
            awards: vec![],
            ..facts()
        };
        let (_, body) = political_report(&f);
        assert!(body.contains("chưa kết nạp đảng viên mới"));
        assert!(body.contains("chưa được ghi chỉ tiêu"));
        assert!(!body.contains("THI ĐUA"));
    }
}
