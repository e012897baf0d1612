//! Reading a member file into a `Table`: .csv (UTF-8, optional BOM) and the first sheet of
//! an .xlsx, every cell as the text a user sees, rows numbered as the spreadsheet numbers them.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};

use super::{FileFormat, Table, formula};
use crate::FileError;
use crate::error::io_reason;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a member file by its extension (.csv or .xlsx); the first row is the header.
pub fn read_table(path: &Path) -> Result<Table, FileError> {
    let name = path.display().to_string();
    match FileFormat::from_path(path)? {
        FileFormat::Csv => {
            let bytes =
                std::fs::read(path).map_err(|e| FileError::unreadable(&name, io_reason(&e)))?;
            csv_table(&name, &bytes)
        }
        FileFormat::Xlsx => {
            let workbook: Xlsx<_> =
                calamine::open_workbook(path).map_err(|e| xlsx_error(&name, e))?;
            xlsx_table(&name, workbook)
        }
    }
}

/// Reads an uploaded member file; `name` is its file name or extension ("ds.xlsx", "csv")
/// and is also the name error messages give.
pub fn read_table_from_bytes(name: &str, bytes: &[u8]) -> Result<Table, FileError> {
    match FileFormat::from_name(name)? {
        FileFormat::Csv => csv_table(name, bytes),
        FileFormat::Xlsx => {
            let workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(name, e))?;
            xlsx_table(name, workbook)
        }
    }
}

/// Opens the first sheet of an .xlsx with calamine and counts its non-empty cells, doing
/// nothing else: the baseline against which the speed of an import is measured.
pub fn bare_read_xlsx_cell_count(path: &Path) -> Result<usize, FileError> {
    let name = path.display().to_string();
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(|e| xlsx_error(&name, e))?;
    let range = first_sheet(&name, &mut workbook)?;
    Ok(range.used_cells().count())
}

fn csv_table(name: &str, bytes: &[u8]) -> Result<Table, FileError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        FileError::unreadable(
            name,
            format!(
                "dòng {line} không phải văn bản UTF-8 (trong Excel, hãy lưu tệp dạng \
                 \"CSV UTF-8 (Comma delimited)\")"
            ),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());

    let mut table = Table::default();
    let mut header_seen = false;
    for record in reader.records() {
        let record = record.map_err(|e| FileError::unreadable(name, csv_reason(&e)))?;
        // The csv reader skips blank lines; a spreadsheet shows them as empty rows, so they
        // are put back to keep the row numbers of the spreadsheet.
        let start = record.position().map_or(0, csv::Position::byte);
        let blank_lines = blank_lines_at(text.as_bytes(), start);
        // A cell the export guarded against formula injection loses its guard (`formula`).
        let cells: Vec<String> = record
            .iter()
            .map(|c| formula::restore(c).to_string())
            .collect();
        if header_seen {
            table.rows.extend((0..blank_lines).map(|_| Vec::new()));
            table.rows.push(cells);
        } else if blank_lines > 0 {
            return Err(FileError::NoHeader {
                name: name.to_string(),
            });
        } else {
            table.headers = cells;
            header_seen = true;
        }
    }
    finish(name, table)
}

/// The blank lines before the record that the csv reader started reading at byte `start`,
/// just after the previous record's line end (or in the middle of its "\r\n").
fn blank_lines_at(bytes: &[u8], start: u64) -> usize {
    let Ok(mut i) = usize::try_from(start) else {
        return 0;
    };
    if i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut count = 0;
    loop {
        match bytes.get(i) {
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\r' | b'\n') => i += 1,
            _ => return count,
        }
        count += 1;
    }
}

/// A comma unless the header line has semicolons and no comma (Excel in locales whose
/// decimal separator is the comma writes ";").
fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("dòng {}: {e}", p.line()),
        None => e.to_string(),
    }
}

fn xlsx_table<RS: Read + Seek>(name: &str, mut workbook: Xlsx<RS>) -> Result<Table, FileError> {
    let range = first_sheet(name, &mut workbook)?;
    // The range starts at its first non-empty cell; the table starts at A1.
    let Some((first_row, first_col)) = range.start() else {
        return Err(FileError::NoHeader {
            name: name.to_string(),
        });
    };
    if first_row > 0 {
        return Err(FileError::NoHeader {
            name: name.to_string(),
        });
    }
    let mut rows = range.rows().map(|row| {
        let mut cells = vec![String::new(); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        cells
    });
    let headers = rows.next().unwrap_or_default();
    finish(
        name,
        Table {
            headers,
            rows: rows.collect(),
        },
    )
}

fn first_sheet<RS: Read + Seek>(
    name: &str,
    workbook: &mut Xlsx<RS>,
) -> Result<calamine::Range<Data>, FileError> {
    match workbook.worksheet_range_at(0) {
        Some(range) => range.map_err(|e| xlsx_error(name, e)),
        None => Err(FileError::unreadable(name, "tệp không có trang tính nào")),
    }
}

/// Refuses a table without a header and pads short rows to the header's length.
fn finish(name: &str, mut table: Table) -> Result<Table, FileError> {
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(FileError::NoHeader {
            name: name.to_string(),
        });
    }
    let width = table.headers.len();
    for row in &mut table.rows {
        if row.len() < width {
            row.resize(width, String::new());
        }
    }
    Ok(table)
}

/// A cell as text: whole numbers without ".0", dates as dd/mm/yyyy.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{d:02}/{m:02}/{y:04}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// 80000001.0 → "80000001"; 2.5 → "2.5".
fn number_text(f: f64) -> String {
    // Integers up to 2^53 are exact in an f64, so the cast below loses nothing.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        (f as i64).to_string()
    } else {
        f.to_string()
    }
}

/// "2020-05-15" or "2020-05-15T08:00:00" → "15/05/2020"; anything else as it is.
fn iso_date_text(s: &str) -> String {
    s.get(..10)
        .and_then(domain::text::parse_iso_date)
        .map_or_else(|| s.to_string(), domain::register::import::date_cell)
}

fn xlsx_error(name: &str, e: XlsxError) -> FileError {
    let reason = match &e {
        XlsxError::Io(io) => io_reason(io),
        XlsxError::Zip(_) => format!("không phải tệp .xlsx hợp lệ hoặc tệp đã hỏng ({e})"),
        XlsxError::Password => "tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi thử lại".to_string(),
        _ => format!("nội dung tệp .xlsx bị hỏng ({e})"),
    };
    FileError::unreadable(name, reason)
}
