//! Writing the register: an .xlsx sheet and a .csv in the columns of `domain::register::import`, plus
//! the organization, with every value written as text so that re-importing gives it back.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, IgnoreError, Workbook, XlsxError};

use super::RegisterRow;
use super::formula;
use crate::FileError;
use crate::error::io_reason;

/// The name of the register's sheet.
pub const SHEET_NAME: &str = "Danh sách đảng viên";
/// The extra columns after `domain::register::import::Column::ALL`; import ignores them.
pub const ORG_CODE_HEADER: &str = "Mã tổ chức";
pub const ORG_NAME_HEADER: &str = "Tổ chức";

/// Excel's last row is 1 048 576, and row 1 is the header.
pub const MAX_DATA_ROWS: usize = 1_048_575;

/// The header row of an exported register.
pub fn register_headers() -> Vec<String> {
    let mut headers = domain::register::import::headers();
    headers.push(ORG_CODE_HEADER.to_string());
    headers.push(ORG_NAME_HEADER.to_string());
    headers
}

fn register_cells(row: &RegisterRow) -> Vec<String> {
    let mut cells = domain::register::import::record_cells(&row.record);
    cells.push(row.org_code.clone());
    cells.push(row.org_name.clone());
    cells
}

/// Writes the register as an .xlsx file with one sheet, `SHEET_NAME`.
pub fn write_register_xlsx(path: &Path, rows: &[RegisterRow]) -> Result<(), FileError> {
    let name = path.display().to_string();
    let mut workbook = register_workbook(&name, rows)?;
    workbook.save(path).map_err(|e| xlsx_error(&name, e))
}

/// The register as the bytes of an .xlsx file (for a download).
pub fn register_xlsx_bytes(rows: &[RegisterRow]) -> Result<Vec<u8>, FileError> {
    let name = format!("{SHEET_NAME}.xlsx");
    let mut workbook = register_workbook(&name, rows)?;
    workbook.save_to_buffer().map_err(|e| xlsx_error(&name, e))
}

/// Writes the register as a .csv file: UTF-8 with a BOM (so that Excel shows the
/// diacritics), comma-separated, CRLF line ends, every cell quoted and a cell a spreadsheet
/// would run as a formula prefixed with `'` (OWASP's rule against CSV injection, `formula`).
pub fn write_register_csv(path: &Path, rows: &[RegisterRow]) -> Result<(), FileError> {
    let name = path.display().to_string();
    let bytes = csv_bytes(&name, rows)?;
    std::fs::write(path, bytes).map_err(|e| FileError::unwritable(&name, io_reason(&e)))
}

/// The register as the bytes of a .csv file (for a download).
pub fn register_csv_bytes(rows: &[RegisterRow]) -> Result<Vec<u8>, FileError> {
    csv_bytes(&format!("{SHEET_NAME}.csv"), rows)
}

fn csv_bytes(name: &str, rows: &[RegisterRow]) -> Result<Vec<u8>, FileError> {
    let mut writer = RegisterCsv::new(name, Vec::new())?;
    writer.write(rows)?;
    writer.finish()
}

/// The register's .csv written as it comes, a few lines at a time, to any writer (a file on
/// disk for a register too large to hold at once): the same bytes as `register_csv_bytes`
/// gives for all the lines at once.
pub struct RegisterCsv<W: std::io::Write> {
    name: String,
    writer: csv::Writer<W>,
}

impl<W: std::io::Write> RegisterCsv<W> {
    /// Starts the file: the BOM and the header row. `name` is what errors call the file.
    pub fn new(name: &str, mut out: W) -> Result<Self, FileError> {
        out.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| FileError::unwritable(name, io_reason(&e)))?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(out);
        writer
            .write_record(register_headers())
            .map_err(|e| FileError::unwritable(name, e.to_string()))?;
        Ok(Self {
            name: name.to_string(),
            writer,
        })
    }

    /// Appends lines.
    pub fn write(&mut self, rows: &[RegisterRow]) -> Result<(), FileError> {
        for row in rows {
            self.writer
                .write_record(register_cells(row).iter().map(|c| formula::neutralize(c)))
                .map_err(|e| FileError::unwritable(&self.name, e.to_string()))?;
        }
        Ok(())
    }

    /// Flushes what is buffered and hands the writer back.
    pub fn finish(self) -> Result<W, FileError> {
        let name = self.name;
        self.writer
            .into_inner()
            .map_err(|e| FileError::unwritable(&name, e.to_string()))
    }
}

fn register_workbook(name: &str, rows: &[RegisterRow]) -> Result<Workbook, FileError> {
    if rows.len() > MAX_DATA_ROWS {
        return Err(FileError::unwritable(
            name,
            format!(
                "{} dòng vượt quá giới hạn {MAX_DATA_ROWS} dòng của Excel",
                rows.len()
            ),
        ));
    }
    let headers = register_headers();
    let cells: Vec<Vec<String>> = rows.iter().map(register_cells).collect();
    let mut workbook = Workbook::new();
    fill_sheet(&mut workbook, &headers, &cells).map_err(|e| xlsx_error(name, e))?;
    Ok(workbook)
}

fn fill_sheet(
    workbook: &mut Workbook,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let header_format = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    // "@": the cells are text, also those a user adds later, so that Excel does not turn
    // dates into numbers or drop the leading zeros of card numbers.
    let text_format = Format::new().set_num_format("@");

    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    // The column count (18) and the row count (checked against Excel's limit by the caller)
    // fit in Excel's column and row types.
    let last_col = (headers.len() - 1) as u16;
    let last_row = rows.len() as u32;

    for (c, header) in headers.iter().enumerate() {
        let col = c as u16;
        sheet.set_column_format(col, &text_format)?;
        sheet.write_string_with_format(0, col, header, &header_format)?;
        let widest = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .chain(std::iter::once(header.chars().count() + 3))
            .max()
            .unwrap_or(0);
        sheet.set_column_width(col, (widest + 2).clamp(8, 50) as f64)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let row = (r + 1) as u32;
        for (c, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string_with_format(row, c as u16, cell, &text_format)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    if last_row > 0 {
        sheet.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

fn xlsx_error(name: &str, e: XlsxError) -> FileError {
    let reason = match &e {
        XlsxError::IoError(io) => io_reason(io),
        _ => e.to_string(),
    };
    FileError::unwritable(name, reason)
}
