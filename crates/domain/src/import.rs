//! The member file (import and export of the register): its columns, and the parsing of
//! rows of text cells into `PersonRecord`s with every bad cell named by row and column.

use std::fmt;

use chrono::NaiveDate;

use crate::member::PersonRecord;

/// One bad cell: `Dòng N, cột 'X': …`, where N is the row a spreadsheet shows (header = 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dòng {}, cột '{}': {}", self.row, self.column, self.message)
    }
}

/// A parsed row and the spreadsheet row number it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    pub row: usize,
    pub record: PersonRecord,
}

/// Parses a table of text cells (header row first) into records, or every error found.
/// `today` bounds dates (nothing may lie in the future).
pub fn parse_member_rows(
    _headers: &[String],
    _rows: &[Vec<String>],
    _today: NaiveDate,
) -> Result<Vec<ImportedRow>, Vec<RowError>> {
    Err(vec![RowError { row: 1, column: String::new(), message: "chưa hỗ trợ".into() }])
}
