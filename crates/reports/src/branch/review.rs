//! The branch-life workbooks: the review of a resolution's targets (targets × years, each
//! target's achievement rate and whether it is met, the review sentence) and the yearly rating
//! sheet (members, levels of each stage, counts, the cap explained). The figures come already
//! evaluated by `domain::branch`; this module only lays them out, numbers as numbers.

use domain::branch::rating::{CapCheck, LevelCounts, RatingLevel};
use domain::branch::target::{Evaluation, Summary, Target, Term, format_value};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::FileError;

/// The name of the review's sheet.
pub const REVIEW_SHEET: &str = "Đánh giá chỉ tiêu";
/// The name of the rating sheet's sheet.
pub const RATING_SHEET: &str = "Xếp loại đảng viên";

/// A resolution's targets as evaluated, ready to lay out.
pub struct ReviewBook<'a> {
    pub org_name: &'a str,
    pub title: &'a str,
    pub term: Term,
    pub years: &'a [i32],
    pub targets: &'a [(&'a Target, &'a Evaluation)],
    pub summary: Summary,
}

/// "≥ 95,0%": the comparison and the target value in Vietnamese (`Target::goal_text`).
pub fn target_text(t: &Target) -> String {
    t.goal_text()
}

/// "Đạt" / "Chưa đạt" / "Chưa có số liệu" for a target's evaluation (`Evaluation::verdict`).
pub fn verdict(e: &Evaluation) -> &'static str {
    e.verdict()
}

/// The name of the roll-up's sheet.
pub const ROLLUP_SHEET: &str = "Tổng hợp chỉ tiêu";

/// The roll-up of a superior's subtree, ready to lay out: lines in reading order.
pub struct RollupBook<'a> {
    pub org_name: &'a str,
    /// "Tổng kết nhiệm kỳ", "Năm 2025"…
    pub scope: &'a str,
    /// (code, name, kind, the line)
    pub lines: &'a [(&'a str, &'a domain::branch::rollup::Line)],
    pub totals: domain::branch::rollup::Totals,
}

/// The roll-up as the bytes of an .xlsx file: one row per organization, counts as numbers.
pub fn rollup_xlsx_bytes(b: &RollupBook) -> Result<Vec<u8>, FileError> {
    let name = format!("{ROLLUP_SHEET}.xlsx");
    let mut wb = Workbook::new();
    fill_rollup(&mut wb, b).map_err(|e| xlsx_error(&name, e))?;
    wb.save_to_buffer().map_err(|e| xlsx_error(&name, e))
}

fn fill_rollup(wb: &mut Workbook, b: &RollupBook) -> Result<(), XlsxError> {
    let f = formats();
    let sheet = wb.add_worksheet();
    sheet.set_name(ROLLUP_SHEET)?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Tổng hợp đánh giá thực hiện nghị quyết — {} — {}",
            b.org_name, b.scope
        ),
        &f.title,
    )?;
    sheet.write_string(1, 0, b.totals.sentence())?;
    let head: Vec<String> = [
        "STT",
        "Mã",
        "Tổ chức",
        "Loại",
        "Nhiệm kỳ",
        "Số chỉ tiêu",
        "Đạt 100% trở lên",
        "Đạt trên 60%",
        "Chưa đạt 60%",
        "Chưa có số liệu",
        "Tỷ lệ chỉ tiêu đạt (%)",
        "Đánh giá",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers(sheet, 3, &head, &f)?;
    for (i, (kind, l)) in b.lines.iter().enumerate() {
        let row = 4 + i as u32;
        let s = &l.summary;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.text)?;
        sheet.write_string_with_format(row, 1, &l.code, &f.text)?;
        sheet.write_string_with_format(row, 2, &l.name, &f.text)?;
        sheet.write_string_with_format(row, 3, *kind, &f.text)?;
        sheet.write_string_with_format(row, 4, l.term.to_string(), &f.text)?;
        for (c, n) in [s.total, s.met, s.over_60_percent, s.below(), l.without_data]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, 5 + c as u16, n as f64, &f.text)?;
        }
        match l.met_percent() {
            Some(p) => sheet.write_number_with_format(row, 10, p, &f.number)?,
            None => sheet.write_string_with_format(row, 10, "—", &f.text)?,
        };
        sheet.write_string_with_format(row, 11, s.counts_text(), &f.text)?;
    }
    let row = 4 + b.lines.len() as u32;
    let t = &b.totals.targets;
    sheet.write_string_with_format(row, 2, "Tổng cộng", &f.header)?;
    for (c, n) in [t.total, t.met, t.over_60_percent, t.below()]
        .into_iter()
        .enumerate()
    {
        sheet.write_number_with_format(row, 5 + c as u16, n as f64, &f.header)?;
    }
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 42)?;
    sheet.set_column_width(3, 22)?;
    sheet.set_column_width(4, 11)?;
    for c in 5..11 {
        sheet.set_column_width(c, 11)?;
    }
    sheet.set_column_width(11, 52)?;
    sheet.set_freeze_panes(4, 3)?;
    Ok(())
}

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    number: Format,
}

fn formats() -> Formats {
    Formats {
        title: Format::new().set_bold().set_font_size(13),
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        text: Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter),
        number: Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("0.0")
            .set_align(FormatAlign::VerticalCenter),
    }
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in cells.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    Ok(())
}

fn xlsx_error(name: &str, e: XlsxError) -> FileError {
    FileError::Unwritable {
        name: name.to_string(),
        reason: e.to_string(),
    }
}

/// The review as the bytes of an .xlsx file: one row per target, one column per year.
pub fn review_xlsx_bytes(b: &ReviewBook) -> Result<Vec<u8>, FileError> {
    let name = format!("{REVIEW_SHEET}.xlsx");
    let mut wb = Workbook::new();
    fill_review(&mut wb, b).map_err(|e| xlsx_error(&name, e))?;
    wb.save_to_buffer().map_err(|e| xlsx_error(&name, e))
}

fn fill_review(wb: &mut Workbook, b: &ReviewBook) -> Result<(), XlsxError> {
    let f = formats();
    let sheet = wb.add_worksheet();
    sheet.set_name(REVIEW_SHEET)?;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} — nhiệm kỳ {}", b.org_name, b.term),
        &f.title,
    )?;
    sheet.write_string(1, 0, b.title)?;
    let mut head: Vec<String> = ["STT", "Chỉ tiêu", "Nguồn số liệu", "Kỳ", "Mục tiêu"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    head.extend(b.years.iter().map(|y| format!("Năm {y}")));
    head.extend(
        ["Kết quả", "Tỷ lệ đạt (%)", "Đánh giá"]
            .iter()
            .map(|s| s.to_string()),
    );
    headers(sheet, 3, &head, &f)?;
    for (i, (t, e)) in b.targets.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.text)?;
        sheet.write_string_with_format(row, 1, &t.text, &f.text)?;
        sheet.write_string_with_format(row, 2, t.source.label(), &f.text)?;
        sheet.write_string_with_format(row, 3, t.period.label(), &f.text)?;
        sheet.write_string_with_format(row, 4, target_text(t), &f.text)?;
        let mut col = 5u16;
        for y in b.years {
            match e.by_year.get(y) {
                Some(v) if t.is_rank() => sheet.write_string_with_format(
                    row,
                    col,
                    format_value(t.source, *v, &t.unit),
                    &f.text,
                )?,
                Some(v) => sheet.write_number_with_format(row, col, *v, &f.number)?,
                None => sheet.write_string_with_format(row, col, "—", &f.text)?,
            };
            col += 1;
        }
        match e.actual {
            Some(_) if t.is_rank() => {
                sheet.write_string_with_format(row, col, e.actual_text(t), &f.text)?
            }
            Some(a) => sheet.write_number_with_format(row, col, a, &f.number)?,
            None => sheet.write_string_with_format(row, col, "—", &f.text)?,
        };
        match e.achievement_percent {
            Some(p) => sheet.write_number_with_format(row, col + 1, p, &f.number)?,
            None => sheet.write_string_with_format(row, col + 1, e.achievement_text(), &f.text)?,
        };
        sheet.write_string_with_format(row, col + 2, e.verdict_with_note(t), &f.text)?;
    }
    let after = 5 + b.targets.len() as u32;
    sheet.write_string_with_format(after, 0, b.summary.sentence(), &f.title)?;
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 48)?;
    sheet.set_column_width(2, 30)?;
    sheet.set_column_width(3, 12)?;
    sheet.set_column_width(4, 14)?;
    for c in 5..head.len() as u16 {
        sheet.set_column_width(c, 11)?;
    }
    sheet.set_freeze_panes(4, 2)?;
    Ok(())
}

/// The review as a Word document in the party's layout: the subject, the targets × years table
/// (the same figures as the workbook) and the review sentence.
pub fn review_document(b: &ReviewBook) -> crate::document::Document {
    use crate::document::{Align, Block, Document};
    let one = |v: f64| domain::text::format_decimal1(v);
    let mut header: Vec<String> = ["TT", "Chỉ tiêu", "Mục tiêu"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(b.years.iter().map(|y| y.to_string()));
    header.extend(["Tỷ lệ đạt (%)", "Đánh giá"].iter().map(|s| s.to_string()));
    let mut widths = vec![4, 30, 9];
    widths.extend(b.years.iter().map(|_| 7));
    widths.extend([9, 9]);
    let mut align = vec![Align::Center, Align::Left, Align::Center];
    align.extend(b.years.iter().map(|_| Align::Right));
    align.extend([Align::Right, Align::Center]);
    let rows = b
        .targets
        .iter()
        .enumerate()
        .map(|(i, (t, e))| {
            let mut row = vec![(i + 1).to_string(), t.text.clone(), target_text(t)];
            row.extend(b.years.iter().map(|y| match e.by_year.get(y) {
                Some(v) if t.is_rank() => format_value(t.source, *v, &t.unit),
                Some(v) => one(*v),
                None => "—".to_string(),
            }));
            row.push(
                e.achievement_percent
                    .map_or_else(|| e.achievement_text(), one),
            );
            row.push(e.verdict_with_note(t));
            row
        })
        .collect();
    Document {
        title: format!("Đánh giá chỉ tiêu — {}", b.org_name),
        blocks: vec![
            Block::Title {
                text: "BÁO CÁO".into(),
            },
            Block::Subject {
                lines: vec![
                    "Đánh giá kết quả thực hiện các chỉ tiêu".into(),
                    format!("{}, nhiệm kỳ {}", b.title, b.term),
                ],
            },
            Block::Para {
                text: format!(
                    "{} đánh giá kết quả thực hiện các chỉ tiêu nghị quyết theo số liệu từng năm như sau:",
                    b.org_name
                ),
            },
            Block::Table {
                widths,
                align,
                header,
                rows,
            },
            Block::Para {
                text: format!("{}.", b.summary.sentence().trim_end_matches('.')),
            },
        ],
    }
}

/// One member's line of the rating sheet.
pub struct RatingLine {
    pub org_name: String,
    pub full_name: String,
    pub self_assessment: Option<RatingLevel>,
    pub proposal: Option<RatingLevel>,
    pub decision: Option<RatingLevel>,
    pub score: Option<u8>,
}

/// A year's rating sheet of an organization, ready to lay out.
pub struct RatingBook<'a> {
    pub org_name: &'a str,
    pub year: i32,
    pub lines: &'a [RatingLine],
    pub counts: LevelCounts,
    /// The cap of the grassroots organization, when it applies.
    pub cap: Option<&'a CapCheck>,
}

/// The rating sheet as the bytes of an .xlsx file.
pub fn rating_xlsx_bytes(b: &RatingBook) -> Result<Vec<u8>, FileError> {
    let name = format!("{RATING_SHEET}.xlsx");
    let mut wb = Workbook::new();
    fill_ratings(&mut wb, b).map_err(|e| xlsx_error(&name, e))?;
    wb.save_to_buffer().map_err(|e| xlsx_error(&name, e))
}

fn level(l: Option<RatingLevel>) -> &'static str {
    l.map(RatingLevel::label).unwrap_or("—")
}

fn fill_ratings(wb: &mut Workbook, b: &RatingBook) -> Result<(), XlsxError> {
    let f = formats();
    let sheet = wb.add_worksheet();
    sheet.set_name(RATING_SHEET)?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Xếp loại chất lượng đảng viên năm {} — {}",
            b.year, b.org_name
        ),
        &f.title,
    )?;
    let head: Vec<String> = [
        "STT",
        "Họ và tên",
        "Chi bộ",
        "Tự đánh giá",
        "Chi bộ đề xuất",
        "Cấp ủy quyết định",
        "Điểm",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers(sheet, 2, &head, &f)?;
    for (i, l) in b.lines.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.text)?;
        sheet.write_string_with_format(row, 1, &l.full_name, &f.text)?;
        sheet.write_string_with_format(row, 2, &l.org_name, &f.text)?;
        sheet.write_string_with_format(row, 3, level(l.self_assessment), &f.text)?;
        sheet.write_string_with_format(row, 4, level(l.proposal), &f.text)?;
        sheet.write_string_with_format(row, 5, level(l.decision), &f.text)?;
        match l.score {
            Some(s) => sheet.write_number_with_format(row, 6, f64::from(s), &f.text)?,
            None => sheet.write_string_with_format(row, 6, "", &f.text)?,
        };
    }
    let mut row = 4 + b.lines.len() as u32;
    sheet.write_string_with_format(row, 0, "Tổng hợp (cấp ủy quyết định)", &f.title)?;
    for (l, n) in [
        (RatingLevel::Excellent, b.counts.excellent),
        (RatingLevel::Good, b.counts.good),
        (RatingLevel::Complete, b.counts.complete),
        (RatingLevel::Incomplete, b.counts.incomplete),
    ] {
        row += 1;
        sheet.write_string(row, 1, l.label())?;
        sheet.write_number(row, 2, n as f64)?;
    }
    if let Some(cap) = b.cap {
        row += 2;
        sheet.write_string(row, 0, &cap.explanation)?;
    }
    sheet.set_column_width(0, 5)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 28)?;
    for c in 3..6 {
        sheet.set_column_width(c, 28)?;
    }
    sheet.set_freeze_panes(3, 2)?;
    Ok(())
}
