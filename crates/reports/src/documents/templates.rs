//! The first text of each template, filled from the data; the secretary edits it before it is
//! numbered. Plain text in the form `party::body_blocks` reads: headings in capitals, "- "
//! list lines, paragraphs.

use chrono::NaiveDate;

use domain::text::{format_count2, format_date, to_roman};

/// What the congress resolution says (the record and the resolution's targets).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionFacts {
    pub organization: String,
    pub ordinal: u32,
    pub term: (i32, i32),
    pub opened: NaiveDate,
    pub place: Option<String>,
    /// The targets as the resolution words them.
    pub targets: Vec<String>,
    /// The committee's name at this level ("Chi ủy", "Ban Chấp hành Đảng bộ").
    pub committee_body: String,
    /// Committee members elected (the secretary and deputies included), and delegates.
    pub committee: Option<u32>,
    pub delegates: Option<(u32, u32)>,
    /// The superior congress the delegates attend ("Đại hội Đảng bộ Khối … lần thứ VII").
    pub superior_congress: Option<String>,
}

/// The templates a draft may start from: code, Vietnamese name, kind of document.
pub const TEMPLATES: [(&str, &str, &str); 5] = [
    ("resolution", "Nghị quyết đại hội", "NQ"),
    ("decision", "Quyết định", "QĐ"),
    ("plan", "Kế hoạch", "KH"),
    ("notice", "Thông báo", "TB"),
    ("report", "Báo cáo chính trị (dự thảo)", "BC"),
];

/// The subject and body of a congress resolution.
pub fn resolution(f: &ResolutionFacts) -> (String, String) {
    let (from, to) = f.term;
    let subject = format!(
        "Đại hội {} lần thứ {}, nhiệm kỳ {from}-{to}",
        f.organization,
        to_roman(f.ordinal)
    );
    let at = f
        .place
        .as_deref()
        .map(|p| format!(" tại {p}"))
        .unwrap_or_default();
    let mut lines = vec![
        format!(
            "Đại hội {} lần thứ {}, nhiệm kỳ {from}-{to} họp ngày {}{at},",
            f.organization,
            to_roman(f.ordinal),
            format_date(f.opened)
        ),
        "QUYẾT NGHỊ".to_string(),
        format!(
            "1. Tán thành những nội dung cơ bản về đánh giá kết quả thực hiện Nghị quyết Đại hội \
             nhiệm kỳ trước và phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ {from}-{to} nêu trong \
             Báo cáo chính trị trình Đại hội."
        ),
        "2. Các chỉ tiêu chủ yếu của nhiệm kỳ:".to_string(),
    ];
    if f.targets.is_empty() {
        lines.push("- (Chưa ghi chỉ tiêu của nghị quyết.)".into());
    }
    lines.extend(
        f.targets
            .iter()
            .map(|t| format!("- {};", t.trim_end_matches([';', '.']))),
    );
    if let Some(n) = f.committee {
        lines.push(format!(
            "3. Đại hội đã bầu {} khóa {} gồm {} đồng chí.",
            f.committee_body,
            to_roman(f.ordinal),
            format_count2(i64::from(n))
        ));
    }
    if let (Some((official, alternate)), Some(congress)) = (f.delegates, &f.superior_congress) {
        lines.push(format!(
            "4. Đại hội đã bầu Đoàn đại biểu đi dự {congress} gồm {} đồng chí chính thức và {} \
             đồng chí dự khuyết.",
            format_count2(i64::from(official)),
            format_count2(i64::from(alternate))
        ));
    }
    lines.push(format!(
        "Đại hội kêu gọi cán bộ, đảng viên trong {} phát huy tinh thần đoàn kết, thực hiện thắng \
         lợi Nghị quyết Đại hội./.",
        f.organization
    ));
    (subject, lines.join("\n"))
}

/// A decision: the grounds, the articles, who carries it out.
pub fn decision(organization: &str, subject: &str) -> String {
    [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;".to_string(),
        "- Căn cứ Quy định thi hành Điều lệ Đảng;".to_string(),
        format!("- Xét đề nghị của …, {organization}"),
        "QUYẾT ĐỊNH".to_string(),
        format!("Điều 1. {subject}."),
        "Điều 2. …".to_string(),
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Các đồng chí có liên quan chịu trách \
         nhiệm thi hành Quyết định này./."
            .to_string(),
    ]
    .join("\n")
}

/// A plan: purpose and requirements, contents, implementation.
pub fn plan(organization: &str, subject: &str) -> String {
    [
        format!(
            "Thực hiện chương trình công tác, {organization} xây dựng kế hoạch {subject} như sau:"
        ),
        "I. MỤC ĐÍCH, YÊU CẦU".into(),
        "- …".into(),
        "II. NỘI DUNG, THỜI GIAN".into(),
        "- …".into(),
        "III. TỔ CHỨC THỰC HIỆN".into(),
        "- …".into(),
        "Trên đây là kế hoạch …, đề nghị các đồng chí đảng viên nghiêm túc thực hiện./.".into(),
    ]
    .join("\n")
}

/// A notice of a meeting: the day, the place, the agenda.
pub fn notice(
    organization: &str,
    day: Option<NaiveDate>,
    place: Option<&str>,
    agenda: &[String],
) -> String {
    let when = day.map_or_else(
        || "ngày …".to_string(),
        |d| format!("ngày {}", format_date(d)),
    );
    let mut lines = vec![
        format!(
            "{organization} thông báo tổ chức sinh hoạt vào {when}, tại {}.",
            place.unwrap_or("…")
        ),
        "Nội dung:".to_string(),
    ];
    if agenda.is_empty() {
        lines.push("- …".into());
    }
    lines.extend(agenda.iter().map(|a| format!("- {a}")));
    lines.push(
        "Đề nghị các đồng chí đảng viên dự đầy đủ, đúng giờ; trường hợp vắng mặt báo cáo lý \
         do với Bí thư./."
            .into(),
    );
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed000() -> ResolutionFacts {
        ResolutionFacts {
            organization: "Chi bộ Sở Ngoại vụ".into(),
            ordinal: 4,
            term: (2020, 2025),
            opened: NaiveDate::from_ymd_opt(2020, 5, 15).unwrap(),
            place: Some("Hội trường Sở Ngoại vụ".into()),
            targets: vec![
                "Có 100% đảng viên và 95% quần chúng trở lên được học tập các chủ trương, nghị quyết".into(),
                "Có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ.".into(),
            ],
            committee_body: "Chi ủy".into(),
            committee: Some(5),
            delegates: Some((3, 1)),
            superior_congress: Some("Đại hội Đảng bộ Khối các cơ quan tỉnh lần thứ VII".into()),
        }
    }

    #[test]
    fn the_resolution_names_the_congress_and_lists_each_target() {
        let (subject, body) = resolution(&seed000());
        assert_eq!(
            subject,
            "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020-2025"
        );
        assert!(
            body.contains("họp ngày 15/5/2020 tại Hội trường Sở Ngoại vụ"),
            "{body}"
        );
        assert!(body.contains("- Có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ;"));
        assert!(body.contains("Chi ủy khóa IV gồm 05 đồng chí"));
        assert!(body.contains("gồm 03 đồng chí chính thức và 01 đồng chí dự khuyết"));
    }

    #[test]
    fn the_notice_gives_the_day_the_place_and_the_agenda() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 10);
        let text = notice(
            "Chi bộ Sở Ngoại vụ",
            day,
            Some("Phòng họp"),
            &["Sinh hoạt định kỳ tháng 12".into()],
        );
        assert!(
            text.contains("vào ngày 10/12/2026, tại Phòng họp."),
            "{text}"
        );
        assert!(text.contains("- Sinh hoạt định kỳ tháng 12"));
    }
}
