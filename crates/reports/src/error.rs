//! The errors of reading and writing files: what went wrong with which file, in Vietnamese,
//! with the technical reasons of the libraries turned into advice where they are common.

use std::io;

/// Why a file could not be read or written. `Display` is the message a user sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("Không đọc được tệp '{q_name}': {reason}", q_name = domain::text::excerpt(.name))]
    Unreadable { name: String, reason: String },
    #[error("Không ghi được tệp '{q_name}': {reason}", q_name = domain::text::excerpt(.name))]
    Unwritable { name: String, reason: String },
    #[error("Định dạng tệp '.{q_ext}' không được hỗ trợ (chỉ .csv hoặc .xlsx)", q_ext = domain::text::excerpt(.ext))]
    UnsupportedFormat { name: String, ext: String },
    #[error("Tệp '{q_name}' không có phần mở rộng (chỉ hỗ trợ .csv hoặc .xlsx)", q_name = domain::text::excerpt(.name))]
    NoExtension { name: String },
    #[error("Tệp '{q_name}' không có dòng tiêu đề (dòng 1 phải là tên các cột)", q_name = domain::text::excerpt(.name))]
    NoHeader { name: String },
}

impl FileError {
    pub(crate) fn unreadable(name: &str, reason: impl Into<String>) -> Self {
        Self::Unreadable {
            name: name.to_string(),
            reason: reason.into(),
        }
    }

    pub(crate) fn unwritable(name: &str, reason: impl Into<String>) -> Self {
        Self::Unwritable {
            name: name.to_string(),
            reason: reason.into(),
        }
    }
}

/// Why a document could not be made. `Display` is the message a user sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// The input is at fault; the message says which field and why.
    #[error("Dữ liệu của tài liệu không hợp lệ: {0}")]
    Invalid(String),
    /// A template did not compile: a bug of ours, not of the input.
    #[error("Lỗi mẫu tài liệu PDF (lỗi của chương trình, xin báo lại): {0}")]
    Template(String),
    #[error("Không tạo được tệp Word (.docx): {0}")]
    Docx(String),
}

/// An I/O error in Vietnamese where the cause is a common one.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "không tìm thấy tệp hoặc thư mục".to_string(),
        io::ErrorKind::PermissionDenied => {
            "không có quyền truy cập (tệp có thể đang được mở trong chương trình khác)".to_string()
        }
        io::ErrorKind::IsADirectory => "đây là một thư mục, không phải tệp".to_string(),
        io::ErrorKind::StorageFull => "ổ đĩa đã đầy".to_string(),
        _ => e.to_string(),
    }
}
