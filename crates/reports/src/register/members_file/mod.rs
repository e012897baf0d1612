//! The member file as a table of text cells: read from .csv/.xlsx for `domain::register::import`, and
//! the register written back in the same columns so that an exported file imports again.

mod formula;
mod read;
mod write;

#[cfg(test)]
mod tests;

use crate::FileError;

pub use read::{bare_read_xlsx_cell_count, read_table, read_table_from_bytes};
pub use write::{
    MAX_DATA_ROWS, ORG_CODE_HEADER, ORG_NAME_HEADER, RegisterCsv, SHEET_NAME, register_csv_bytes,
    register_headers, register_xlsx_bytes, write_register_csv, write_register_xlsx,
};

/// A sheet as text: the header row (spreadsheet row 1) and the data rows (`rows[0]` is row 2).
/// Data rows are at least as long as `headers`; missing cells are empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One member of an exported register and the organization they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub record: domain::register::member::PersonRecord,
    pub org_code: String,
    pub org_name: String,
}

/// The formats of a member file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// The format of a file name ("ds.XLSX"), or of an extension alone ("csv", ".xlsx").
    pub fn from_name(name: &str) -> Result<Self, FileError> {
        let ext = match name.rsplit_once('.') {
            Some((_, ext)) => ext,
            None => name,
        };
        match ext.to_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "xlsx" => Ok(Self::Xlsx),
            "" => Err(FileError::NoExtension {
                name: name.to_string(),
            }),
            other => Err(FileError::UnsupportedFormat {
                name: name.to_string(),
                ext: other.to_string(),
            }),
        }
    }

    /// The format of a path, by its extension.
    pub fn from_path(path: &std::path::Path) -> Result<Self, FileError> {
        let name = path.display().to_string();
        match path.extension() {
            Some(ext) => {
                Self::from_name(&format!(".{}", ext.to_string_lossy())).map_err(|e| match e {
                    FileError::UnsupportedFormat { ext, .. } => {
                        FileError::UnsupportedFormat { name, ext }
                    }
                    FileError::NoExtension { .. } => FileError::NoExtension { name },
                    other => other,
                })
            }
            None => Err(FileError::NoExtension { name }),
        }
    }
}
