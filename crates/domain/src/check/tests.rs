//! The checker on real sentences (seed 000 and texts in its style), one test per rule, and
//! the properties: a right percentage at any precision is never flagged, and a text of right
//! figures has no error.

use super::*;
use proptest::prelude::*;

const SEED_000_LINE_15: &str = "Đến dự và Chỉ đạo Đại hội có đồng chí Nguyễn Vũ Phong, Ủy viên Ban Thường vụ Đảng ủy khối, Chủ nhiệm Ủy ban kiểm tra Đảng ủy khối; Ngô Ngọc Phượng, chuyên viên Đảng ủy khối và 22 đảng viên trong Chi bộ được triệu tập về dự Đại hội. Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên trong đó dưới độ tuổi 35 là 06 đồng chí, chiếm 27,5%; từ 35-40 tuổi có 08 đồng chí, chiếm 36%; từ 41-50 tuổi có 06 đồng chí, chiếm 27,5%; từ 51 đến dưới 60 tuổi có 02 đồng chí, chiếm 9%. Về trình độ chính trị có 8 cao cấp, 6 trung cấp và 7 sở cấp; về trình độ chuyên môn có 06 thạc sĩ, 16 đại học.";

fn flagged(text: &str) -> Vec<(FindingKind, Severity, String)> {
    check(text)
        .findings
        .into_iter()
        .map(|f| (f.kind, f.severity, f.quote))
        .collect()
}

fn quiet(text: &str) {
    let r = check(text);
    assert!(r.findings.is_empty(), "{text}\n{:#?}", r.findings);
}

#[test]
fn seed_000_finds_both_27_5_and_the_theory_levels_and_nothing_else() {
    let r = check(SEED_000_LINE_15);
    let got: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.kind, f.severity, f.quote.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                FindingKind::Percent,
                Severity::Error,
                "06 đồng chí, chiếm 27,5%"
            ),
            (
                FindingKind::Percent,
                Severity::Error,
                "06 đồng chí, chiếm 27,5%"
            ),
            (
                FindingKind::PartsSum,
                Severity::Ambiguous,
                "8 cao cấp, 6 trung cấp và 7 sở cấp"
            ),
        ]
    );
    let f = &r.findings[0];
    assert_eq!(
        (f.count, f.base, f.stated, f.computed),
        (Some(6), Some(22), Some(27.5), Some(27.27))
    );
    assert!(
        f.message.starts_with("6/22 = 27,27%, viết 27,5%"),
        "{}",
        f.message
    );
    assert!(
        r.findings[2].message.contains("8 + 6 + 7 = 21"),
        "{}",
        r.findings[2].message
    );
    assert!(r.findings[2].message.contains("lý luận chính trị"));
    // 4 percentages, the theory levels and the qualifications.
    assert_eq!(
        r.summary,
        Summary {
            checked: 6,
            errors: 2,
            notes: 0,
            ambiguous: 1
        }
    );
}

#[test]
fn spans_point_at_the_quote_in_bytes_and_characters() {
    let r = check(SEED_000_LINE_15);
    for f in &r.findings {
        assert_eq!(&r.text[f.span.start..f.span.end], f.quote);
        let chars: String = r
            .text
            .chars()
            .skip(f.span.char_start)
            .take(f.span.char_end - f.span.char_start)
            .collect();
        assert_eq!(chars, f.quote);
    }
}

#[test]
fn whole_percent_rounded_right_is_not_flagged() {
    quiet(
        "Chi bộ có 22 đảng viên, trong đó 08 đồng chí nữ, chiếm 36%; 02 đồng chí dân tộc Khmer, chiếm 9%.",
    );
}

#[test]
fn hand_typed_percentages_are_read() {
    let f = flagged(
        "Chi bộ có 29 đảng viên, trong đó 23 đồng chí đạt trình độ đại học, chiếm 79.31 %.",
    );
    assert!(f.is_empty(), "{f:?}");
    let f = flagged(
        "Chi bộ có 29 đảng viên, trong đó 23 đồng chí đạt trình độ đại học, chiếm 79,13 %.",
    );
    assert_eq!(f[0].1, Severity::Error);
    quiet(
        "Đảng bộ có 25 đảng viên; 24 đồng chí được xếp loại hoàn thành tốt nhiệm vụ trở lên, chiếm 96 %.",
    );
}

#[test]
fn cut_off_instead_of_rounded_is_a_note() {
    let f = flagged("Chi bộ có 3 đảng viên, trong đó 2 đồng chí nữ, chiếm 66,6%.");
    assert_eq!(
        f,
        [(
            FindingKind::Percent,
            Severity::Note,
            "2 đồng chí nữ, chiếm 66,6%".into()
        )]
    );
}

#[test]
fn a_base_from_the_previous_line_of_a_table() {
    let text = "Tổng số đảng viên: 45 đồng chí\n- Nam: 30 đồng chí, chiếm 66,7%\n- Nữ: 15 đồng chí, chiếm 33,3%";
    let r = check(text);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.summary.checked, 2);
    let f = flagged(
        "Tổng số đảng viên: 45 đồng chí\n- Nam: 30 đồng chí (66,6%)\n- Nữ: 15 đồng chí (34,3%)",
    );
    assert_eq!(f[0].1, Severity::Note);
    assert_eq!(f[1].1, Severity::Error);
}

#[test]
fn a_blank_line_ends_the_search_for_a_base() {
    quiet("Chi bộ có 45 đảng viên.\n\nCó 30 đồng chí, chiếm 60%.");
}

#[test]
fn a_ratio_and_its_percentage() {
    let f = flagged("Đến nay đã hoàn thành 8/9 chỉ tiêu, đạt 90%.");
    assert_eq!(
        f,
        [(
            FindingKind::Ratio,
            Severity::Error,
            "8/9 chỉ tiêu, đạt 90%".into()
        )]
    );
    quiet("Đến nay đã hoàn thành 8/9 chỉ tiêu, đạt 88,9%.");
    quiet("Kết quả đạt 9/10 chỉ tiêu (90%).");
    let f = flagged("Tỷ lệ đạt 85% (9/10 chỉ tiêu).");
    assert_eq!(f[0].0, FindingKind::Ratio);
}

#[test]
fn seed_004s_review_figures_are_bounds_not_shares() {
    quiet(
        "Kết quả nhiệm kỳ đến nay có 10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%, trong đó chỉ tiêu kết nạp đảng viên mới, đạt 80%.",
    );
}

#[test]
fn targets_and_bounds_are_not_checked() {
    quiet(
        "Có 100% đảng viên và 95% quần chúng trở lên được học tập; có từ 90% đảng viên trở lên được xếp loại hoàn thành tốt nhiệm vụ.",
    );
    quiet("Chi bộ có 22 đảng viên; kết nạp 4 đảng viên mới, đạt 80% chỉ tiêu Nghị quyết.");
    quiet("Tỷ lệ đảng viên dự sinh hoạt đạt 100% (Nghị quyết 95%).");
}

#[test]
fn a_percentage_no_whole_count_can_give() {
    let f = flagged("Chi bộ có 7 đảng viên, trong đó đảng viên nữ chiếm 33%.");
    assert_eq!(f[0].0, FindingKind::Attainable);
    assert_eq!(f[0].1, Severity::Error);
    quiet("Chi bộ có 7 đảng viên, trong đó đảng viên nữ chiếm 29%.");
    quiet("Chi bộ có 7 đảng viên, trong đó đảng viên nữ chiếm 28,6%.");
}

#[test]
fn parts_that_must_make_their_whole() {
    let f = flagged("Tặng 67 Huân chương lao động các hạng (52 tập thể và 14 cá nhân).");
    assert_eq!(
        f,
        [(
            FindingKind::PartsSum,
            Severity::Error,
            "52 tập thể và 14 cá nhân".into()
        )]
    );
    quiet(
        "Tặng 67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân); 10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân).",
    );
    quiet(
        "Ban Chấp hành gồm 05 đồng chí (trong đó 01 đồng chí Bí thư, 01 đồng chí Phó bí thư, 03 đồng chí Ủy viên).",
    );
    let f = flagged("Chi bộ có 22 đảng viên, gồm 15 nam và 8 nữ.");
    assert_eq!(f[0].1, Severity::Error);
}

#[test]
fn parts_that_may_leave_someone_out_are_ambiguous_when_short_and_errors_when_over() {
    let f = flagged(
        "Chi bộ có 22 đảng viên. Về trình độ chính trị có 8 cao cấp, 6 trung cấp và 9 sơ cấp.",
    );
    assert_eq!(f[0].1, Severity::Error);
    quiet("Chi bộ có 22 đảng viên. Về trình độ chuyên môn có 06 thạc sĩ, 16 đại học.");
}

#[test]
fn subsets_after_trong_do_with_other_labels_are_not_a_partition() {
    quiet(
        "Chi bộ có 22 đảng viên, trong đó 5 đồng chí là người dân tộc, 3 đồng chí là cựu chiến binh.",
    );
}

#[test]
fn two_readings_of_the_base_are_named() {
    let text = "Chi bộ có 22 đảng viên, trong đó 15 đảng viên chính thức. Năm 2023 có 24 đảng viên; 12 đồng chí được khen thưởng, chiếm 54,5%.";
    let r = check(text);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.severity, Severity::Ambiguous);
    assert!(
        f.message.contains("12/24 = 50%") && f.message.contains("12/22 = 54,55%"),
        "{}",
        f.message
    );
}

#[test]
fn seed_texts_without_shares_are_quiet() {
    quiet(
        "hơn 2 năm qua đã tham mưu UBND tỉnh trình được Chủ tịch nước tặng thưởng 67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân); 241 danh hiệu vinh dự Nhà nước “Bà mẹ Việt Nam anh hùng”; Chính phủ tặng 34 Cờ thi đua, Thủ tướng Chính phủ tặng 262 Bằng khen (17 tập thể và 245 cá nhân); UBND tỉnh tặng 361 Cờ thi đua, Chủ tịch UBND tỉnh tặng 1.688 danh hiệu “Tập thể lao động xuất sắc”, “Đơn vị quyết thắng”, 66 danh hiệu “Chiến sĩ thi đua tỉnh Kiên Giang”, 10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân).",
    );
    quiet(
        "Đại hội đã bầu Ban Chấp hành gồm 03 đồng chí; đây là chi bộ thứ 3 trong 4 chi bộ trực thuộc Đảng bộ Sở Nội vụ hoàn thành tổ chức đại hội.",
    );
}

#[test]
fn text_in_nfd_is_read_as_nfc() {
    let nfd: String = SEED_000_LINE_15.nfd().collect();
    assert_eq!(check(&nfd).summary, check(SEED_000_LINE_15).summary);
}

/// `count / base` written at `scale` decimals, rounded half up, the Vietnamese way.
fn written(count: u64, base: u64, scale: u32) -> String {
    let (units, _) = verdict::at_scale(u128::from(count), u128::from(base), scale);
    verdict::decimal_text(units, scale)
}

/// 256 cases, or `PROPTEST_CASES` when set (`scripts/fuzz` runs these with a large budget).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn a_right_percentage_at_any_precision_is_never_flagged(
        base in 1u64..5000, frac in 0.0f64..=1.0, scale in 0u32..4, style in 0usize..4
    ) {
        let count = ((base as f64) * frac).floor() as u64;
        let p = written(count, base, scale);
        let (b, c) = (crate::text::format_int(base as i64), crate::text::format_int(count as i64));
        let text = match style {
            0 => format!("Chi bộ có {b} đảng viên, trong đó {c} đồng chí nữ, chiếm {p}%."),
            1 => format!("Tổng số đảng viên: {b}\n- Nữ: {c} đồng chí ({p} %)"),
            2 => format!("Hoàn thành {c}/{b} chỉ tiêu, đạt {p}%."),
            _ => format!("Đảng bộ có {b} đảng viên; {c} đồng chí hoàn thành tốt nhiệm vụ, chiếm tỷ lệ {p}%."),
        };
        let r = check(&text);
        prop_assert!(r.findings.is_empty(), "{} {:?}", text, r.findings);
        prop_assert_eq!(r.summary.checked, 1, "{}", text);
    }

    #[test]
    fn a_text_of_right_figures_has_no_error(
        groups in proptest::collection::vec((1u64..300, proptest::collection::vec(0u64..60, 2..5)), 1..6)
    ) {
        let mut text = String::new();
        for (extra, parts) in &groups {
            let whole: u64 = parts.iter().sum::<u64>() + extra;
            let total: u64 = parts.iter().sum();
            text.push_str(&format!("Đảng bộ có {whole} đảng viên, trong đó "));
            let shares: Vec<String> = parts.iter().map(|c| {
                format!("{c} đồng chí, chiếm {}%", written(*c, whole, 1))
            }).collect();
            text.push_str(&shares.join("; "));
            text.push_str(&format!(". Khen thưởng {total} cá nhân và tập thể gồm {} tập thể và {} cá nhân.\n",
                parts[0], total - parts[0]));
        }
        let r = check(&text);
        prop_assert_eq!(r.summary.errors, 0, "{} {:?}", text, r.findings);
        prop_assert!(r.findings.iter().all(|f| f.severity != Severity::Error));
    }

    #[test]
    fn a_wrong_percentage_is_never_right(
        base in 2u64..2000, frac in 0.0f64..=1.0, off in 1u128..50
    ) {
        let count = ((base as f64) * frac).floor() as u64;
        let (units, cut) = verdict::at_scale(u128::from(count), u128::from(base), 1);
        let wrong = units + off;
        prop_assume!(wrong <= 1000 && wrong != cut);
        let text = format!("Chi bộ có {} đảng viên, trong đó {} đồng chí nữ, chiếm {}%.",
            crate::text::format_int(base as i64), crate::text::format_int(count as i64), verdict::decimal_text(wrong, 1));
        let r = check(&text);
        prop_assert_eq!(r.summary.errors, 1, "{} {:?}", text, r.findings);
    }

    #[test]
    fn any_text_is_read_without_panic(s in "\\PC{0,200}") {
        let r = check(&s);
        for f in &r.findings {
            prop_assert_eq!(&r.text[f.span.start..f.span.end], f.quote.as_str());
        }
    }

    #[test]
    fn any_digits_and_separators_are_read_without_panic(s in "[0-9 ,./%()\\-:;a-zđ\\n]{0,120}") {
        let _ = check(&s);
    }
}
