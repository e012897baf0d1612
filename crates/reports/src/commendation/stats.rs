//! The award statistics workbook in the split of form 0602.N/BNV-TĐKT: the kinds of award under
//! their group (tập thể / cá nhân / tổng cộng), the methods, the submitting units, and a native
//! column chart of the groups. The counts come summed by `domain::commendation::stats`.

use chrono::NaiveDate;
use domain::commendation::stats::{AwardStats, Split};
use domain::text::{format_date, to_roman};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::FileError;

/// The name of the statistics' sheet.
pub const STATS_SHEET: &str = "Thống kê khen thưởng";

/// The statistics of a subtree over a period, ready to lay out.
pub struct StatsBook<'a> {
    pub org_name: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub stats: &'a AwardStats,
}

/// The statistics as the bytes of an .xlsx file, counts as numbers, with a column chart.
pub fn stats_xlsx_bytes(b: &StatsBook) -> Result<Vec<u8>, FileError> {
    let name = format!("{STATS_SHEET}.xlsx");
    let mut wb = Workbook::new();
    fill(&mut wb, b).map_err(|e| xlsx_error(&name, e))?;
    wb.save_to_buffer().map_err(|e| xlsx_error(&name, e))
}

fn xlsx_error(name: &str, e: XlsxError) -> FileError {
    FileError::Unwritable {
        name: name.to_string(),
        reason: e.to_string(),
    }
}

struct Formats {
    title: Format,
    header: Format,
    group: Format,
    text: Format,
}

fn formats() -> Formats {
    let cell = Format::new().set_border(FormatBorder::Thin);
    Formats {
        title: Format::new().set_bold().set_font_size(13),
        header: cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        group: cell.clone().set_bold(),
        text: cell,
    }
}

/// Where the group summary (the chart's data) sits: to the right of the main table.
const SUMMARY_COL: u16 = 6;
const FIRST_ROW: u32 = 4;

fn fill(wb: &mut Workbook, b: &StatsBook) -> Result<(), XlsxError> {
    let f = formats();
    let sheet = wb.add_worksheet();
    sheet.set_name(STATS_SHEET)?;
    let title = format!(
        "Thống kê khen thưởng — {} — từ ngày {} đến ngày {}",
        b.org_name,
        format_date(b.from),
        format_date(b.to)
    );
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string(
        1,
        0,
        "Theo biểu mẫu 0602.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV)",
    )?;
    sheet.write_string(2, 0, b.stats.sentence())?;
    let after_kinds = kinds_table(sheet, b.stats, &f)?;
    let after_methods = split_table(
        sheet,
        after_kinds + 2,
        "Phương thức khen thưởng",
        b.stats
            .by_method
            .iter()
            .map(|(m, s)| (m.label().to_string(), *s)),
        &f,
    )?;
    if !b.stats.by_unit.is_empty() {
        split_table(
            sheet,
            after_methods + 2,
            "Đơn vị trình khen thưởng",
            b.stats.by_unit.iter().cloned(),
            &f,
        )?;
    }
    let groups = group_summary(sheet, b.stats, &f)?;
    if groups > 0 {
        insert_chart(sheet, groups)?;
    }
    for (c, w) in [
        (0, 6),
        (1, 48),
        (2, 11),
        (3, 11),
        (4, 11),
        (6, 40),
        (7, 11),
        (8, 11),
    ] {
        sheet.set_column_width(c, w)?;
    }
    Ok(())
}

fn split_headers(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    first: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, h) in [first, "Tập thể", "Cá nhân", "Tổng cộng"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, col + i as u16, *h, &f.header)?;
    }
    Ok(())
}

fn split_cells(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    s: Split,
    fmt: &Format,
) -> Result<(), XlsxError> {
    for (i, n) in [s.collective, s.individual, s.total()]
        .into_iter()
        .enumerate()
    {
        sheet.write_number_with_format(row, col + i as u16, n as f64, fmt)?;
    }
    Ok(())
}

/// Table 1: each group (I, II…) with its kinds (1, 2…) and the total; returns the next row.
fn kinds_table(sheet: &mut Worksheet, s: &AwardStats, f: &Formats) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(FIRST_ROW, 0, "STT", &f.header)?;
    split_headers(sheet, FIRST_ROW, 1, "Hình thức khen thưởng", f)?;
    let mut row = FIRST_ROW + 1;
    for (gi, (g, split)) in s.by_group.iter().enumerate() {
        sheet.write_string_with_format(row, 0, to_roman(gi as u32 + 1), &f.group)?;
        let label = upper_first(g.label());
        sheet.write_string_with_format(row, 1, label, &f.group)?;
        split_cells(sheet, row, 2, *split, &f.group)?;
        row += 1;
        for (ki, (k, ks)) in s.kinds_of(*g).enumerate() {
            sheet.write_number_with_format(row, 0, (ki + 1) as f64, &f.text)?;
            sheet.write_string_with_format(row, 1, k.label(), &f.text)?;
            split_cells(sheet, row, 2, ks, &f.text)?;
            row += 1;
        }
    }
    sheet.write_string_with_format(row, 1, "Tổng cộng", &f.group)?;
    split_cells(sheet, row, 2, s.total(), &f.group)?;
    Ok(row + 1)
}

/// A table of labelled splits from `row` with a total line; returns the next row.
fn split_table(
    sheet: &mut Worksheet,
    row: u32,
    first: &str,
    lines: impl Iterator<Item = (String, Split)>,
    f: &Formats,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row, 0, "STT", &f.header)?;
    split_headers(sheet, row, 1, first, f)?;
    let mut r = row + 1;
    let mut total = Split::default();
    for (i, (label, s)) in lines.enumerate() {
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &f.text)?;
        sheet.write_string_with_format(r, 1, label, &f.text)?;
        split_cells(sheet, r, 2, s, &f.text)?;
        total.collective += s.collective;
        total.individual += s.individual;
        r += 1;
    }
    sheet.write_string_with_format(r, 1, "Tổng cộng", &f.group)?;
    split_cells(sheet, r, 2, total, &f.group)?;
    Ok(r + 1)
}

/// The groups alone, the chart's data; returns how many.
fn group_summary(sheet: &mut Worksheet, s: &AwardStats, f: &Formats) -> Result<u32, XlsxError> {
    split_headers(sheet, FIRST_ROW, SUMMARY_COL, "Nhóm hình thức (biểu đồ)", f)?;
    let mut n = 0;
    for (g, split) in &s.by_group {
        let row = FIRST_ROW + 1 + n;
        sheet.write_string_with_format(row, SUMMARY_COL, upper_first(g.label()), &f.text)?;
        split_cells(sheet, row, SUMMARY_COL + 1, *split, &f.text)?;
        n += 1;
    }
    Ok(n)
}

fn insert_chart(sheet: &mut Worksheet, groups: u32) -> Result<(), XlsxError> {
    let (first, last) = (FIRST_ROW + 1, FIRST_ROW + groups);
    let mut chart = Chart::new(ChartType::Column);
    for (i, name) in ["Tập thể", "Cá nhân"].iter().enumerate() {
        let col = SUMMARY_COL + 1 + i as u16;
        chart
            .add_series()
            .set_name(*name)
            .set_categories((STATS_SHEET, first, SUMMARY_COL, last, SUMMARY_COL))
            .set_values((STATS_SHEET, first, col, last, col));
    }
    chart.title().set_name("Khen thưởng theo nhóm hình thức");
    chart.y_axis().set_name("Số lượng");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    sheet.insert_chart(last + 3, SUMMARY_COL, &chart)?;
    Ok(())
}

/// "danh hiệu Chiến sĩ thi đua các cấp" → "Danh hiệu Chiến sĩ thi đua các cấp" for a table row.
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::commendation::stats::CountRow;
    use domain::commendation::{AwardKind, Method, Subject};
    use std::io::Read;

    #[test]
    fn the_workbook_has_the_split_and_a_chart() {
        let stats = AwardStats::from_rows([
            CountRow {
                kind: AwardKind::HuanChuongLaoDongHangBa,
                subject: Subject::Collective,
                method: Method::ThuongXuyen,
                count: 52,
            },
            CountRow {
                kind: AwardKind::HuanChuongLaoDongHangBa,
                subject: Subject::Individual,
                method: Method::CongHien,
                count: 15,
            },
        ]);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let bytes = stats_xlsx_bytes(&StatsBook {
            org_name: "Tỉnh ủy",
            from: d(2017, 1, 1),
            to: d(2020, 12, 31),
            stats: &stats,
        })
        .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert!(zip.by_name("xl/charts/chart1.xml").is_ok());
        let mut strings = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut strings)
            .unwrap();
        assert!(strings.contains("67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân)."));
        assert!(strings.contains("Huân chương Lao động hạng Ba"));
        assert!(strings.contains("Cống hiến"));
    }
}
