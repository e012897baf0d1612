//! Numbering (HD 36-HD/VPTW 2018, Mục II 1.3.1a): each kind of document is numbered from 01
//! within one committee term, a congress numbers all its documents in one series, and the next
//! number is given, never typed, so a register has neither gaps nor duplicates.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::register::org::{DocKind, OrgKind};
use crate::text;

/// Whether the organization wrote the document or received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Issued,
    Received,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Received => "received",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "issued" | "di" | "đi" => Some(Self::Issued),
            "received" | "den" | "đến" => Some(Self::Received),
            _ => None,
        }
    }
    /// "Văn bản đi" / "Văn bản đến".
    pub fn label(self) -> &'static str {
        match self {
            Self::Issued => "Văn bản đi",
            Self::Received => "Văn bản đến",
        }
    }
}

/// Which series a document issued by one organization is numbered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKey {
    /// One kind within the committee term that began on `term_from` (the day after the close
    /// of the congress before, or the organization's creation).
    Term { kind: DocKind, term_from: NaiveDate },
    /// Every document of one congress, whatever its kind, from the preparatory session to the
    /// close.
    Congress { congress: i64 },
}

/// A document already in a series: its number and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesEntry {
    pub number: u32,
    pub date: NaiveDate,
    pub symbol: String,
}

/// Why a number or a date does not fit its series; Display is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// The number is already given in this series.
    Duplicate { number: u32, symbol: String },
    /// The number leaves a gap after the last one given.
    Gap { number: u32, expected: u32 },
    /// The date lies before the date of the document numbered before it.
    BeforePrevious {
        date: NaiveDate,
        previous: String,
        previous_date: NaiveDate,
    },
    /// A document numbered below the first one of the register is dated after it.
    AfterNext {
        date: NaiveDate,
        next: String,
        next_date: NaiveDate,
    },
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Duplicate { number, symbol } => write!(
                f,
                "Số {} đã cấp cho văn bản {symbol} trong cùng sổ; mỗi số chỉ cấp một lần",
                text::format_count2(i64::from(*number))
            ),
            Self::Gap { number, expected } => write!(
                f,
                "Số {} không liền sau số đã cấp: số tiếp theo của sổ là {} (HD 36-HD/VPTW: số \
                 văn bản không được bỏ trống)",
                text::format_count2(i64::from(*number)),
                text::format_count2(i64::from(*expected))
            ),
            Self::BeforePrevious {
                date,
                previous,
                previous_date,
            } => write!(
                f,
                "Ngày {} sớm hơn văn bản số trước {previous} (ngày {}); văn bản số sau không \
                 thể ban hành trước",
                text::format_date(*date),
                text::format_date(*previous_date)
            ),
            Self::AfterNext {
                date,
                next,
                next_date,
            } => write!(
                f,
                "Ngày {} muộn hơn văn bản số sau {next} (ngày {})",
                text::format_date(*date),
                text::format_date(*next_date)
            ),
        }
    }
}

impl std::error::Error for DocError {}

/// The issuer part of a symbol for an organization of this kind: "TW" (Trung ương), "TU" (Tỉnh ủy), "ĐUK"
/// (Đảng ủy Khối), "ĐU" (đảng ủy cơ sở), "ĐUBP" (đảng ủy bộ phận), "CB" (chi bộ).
pub fn issuer_abbrev(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Central => "TW",
        OrgKind::Province => "TU",
        OrgKind::Block => "ĐUK",
        OrgKind::GrassrootsCommittee => "ĐU",
        OrgKind::PartialCommittee => "ĐUBP",
        OrgKind::GrassrootsBranch | OrgKind::Branch => "CB",
        OrgKind::Cell => "TĐ",
    }
}

/// The first day of the committee term a document dated `date` falls in: the day after the
/// latest congress closed before that date, or `created` when none had (HD 36: "the term runs
/// from the day after one congress closes to the close of the next").
pub fn term_start(date: NaiveDate, created: NaiveDate, congress_closes: &[NaiveDate]) -> NaiveDate {
    congress_closes
        .iter()
        .filter(|c| **c < date)
        .max()
        .and_then(|c| c.succ_opt())
        .map_or(created, |d| d.max(created))
}

/// The number the next document of a series gets: one after the highest given, 1 in a new
/// series.
pub fn next_number(series: &[SeriesEntry]) -> u32 {
    series.iter().map(|e| e.number).max().map_or(1, |n| n + 1)
}

/// Checks a document issued elsewhere or before dangvu kept the register, typed with its own
/// number: not a number already given, no gap after the last, and not dated before the one
/// numbered before it. A series that holds nothing yet opens at any number (a register begun
/// in the middle of a term), and may then be filled backwards one number at a time.
pub fn check_recorded(
    series: &[SeriesEntry],
    number: u32,
    date: NaiveDate,
) -> Result<(), DocError> {
    if let Some(e) = series.iter().find(|e| e.number == number) {
        return Err(DocError::Duplicate {
            number,
            symbol: e.symbol.clone(),
        });
    }
    let (Some(first), Some(last)) = (
        series.iter().min_by_key(|e| e.number),
        series.iter().max_by_key(|e| e.number),
    ) else {
        return Ok(());
    };
    if number + 1 == first.number && number < last.number {
        // Filling backwards below the first entry: not after it.
        return match date > first.date {
            true => Err(DocError::AfterNext {
                date,
                next: first.symbol.clone(),
                next_date: first.date,
            }),
            false => Ok(()),
        };
    }
    if number != last.number + 1 {
        return Err(DocError::Gap {
            number,
            expected: last.number + 1,
        });
    }
    if date < last.date {
        return Err(DocError::BeforePrevious {
            date,
            previous: last.symbol.clone(),
            previous_date: last.date,
        });
    }
    Ok(())
}

/// The key a symbol is searched by: NFC, the fraction slash (U+2044) and the division slash
/// (U+2215) read as "/", "Số " dropped, case and diacritics ignored, spaces removed —
/// "205-KH⁄ĐU", "số 205 - KH/ĐU" and "205-kh/du" find the same document.
pub fn symbol_key(raw: &str) -> String {
    let s = text::normalize(raw).replace(['⁄', '∕'], "/");
    let folded = text::search_key(&s);
    let folded = folded.strip_prefix("so ").unwrap_or(&folded);
    folded.chars().filter(|c| !c.is_whitespace()).collect()
}
