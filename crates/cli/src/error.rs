//! The command line's error: bad input (exit 2, message names the field, row or value) or a
//! failure of the system (exit 1). Messages are Vietnamese.

use std::fmt;

pub enum CliError {
    /// The user's input is at fault; nothing was written.
    BadInput(String),
    /// Something else failed.
    Failure(String),
    /// A file was read and refused on its merits (an altered result package): exit 3.
    Refused(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::BadInput(_) => 2,
            Self::Failure(_) => 1,
            Self::Refused(_) => 3,
        }
    }
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::BadInput(msg.into())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadInput(m) | Self::Failure(m) | Self::Refused(m) => f.write_str(m),
        }
    }
}

impl From<db::DbError> for CliError {
    fn from(e: db::DbError) -> Self {
        if e.is_bad_input() {
            Self::BadInput(e.to_string())
        } else {
            Self::Failure(e.to_string())
        }
    }
}

impl From<reports::FileError> for CliError {
    fn from(e: reports::FileError) -> Self {
        Self::BadInput(e.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Failure(format!("lỗi vào/ra: {e}"))
    }
}

/// Parses a date argument `YYYY-MM-DD` (or `dd/mm/yyyy`), naming the option on failure.
pub fn parse_date_arg(option: &str, raw: &str) -> Result<chrono::NaiveDate, CliError> {
    domain::text::parse_iso_date(raw)
        .or_else(|| domain::text::parse_date(raw))
        .ok_or_else(|| {
            CliError::bad(format!(
                "{option}: '{raw}' không phải ngày hợp lệ (dạng YYYY-MM-DD, ví dụ 2020-05-15)",
                raw = domain::text::excerpt(raw)
            ))
        })
}

/// Today in Vietnam (UTC+7): the only place the command line reads the clock.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}
