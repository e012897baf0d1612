//! The storage error: database failures apart from refusals of bad input, each with the
//! facts of the failure and a Vietnamese message.

use domain::register::import::RowError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Db(#[from] DbErr),
    #[error("địa chỉ cơ sở dữ liệu '{q0}' không hợp lệ (dùng sqlite://ĐƯỜNG_DẪN hoặc postgres://…)", q0 = domain::text::excerpt(.0))]
    BadUrl(String),
    #[error("không tìm thấy {what} '{q_key}'", q_key = domain::text::excerpt(.key))]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Invalid(String),
    #[error("dữ liệu không hợp lệ:\n{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
    #[error("{0}")]
    Unsupported(String),
    /// Sign-in refused for a while: too many failures of this account from this address, or
    /// from this address on any accounts (`domain::accounts::throttle`).
    #[error("Đăng nhập sai nhiều lần từ máy này, vui lòng thử lại sau {minutes} phút.")]
    Throttled {
        retry_at: chrono::NaiveDateTime,
        minutes: i64,
    },
    #[error("lỗi mã hóa: {0}")]
    Crypto(String),
    /// A failure outside the database itself: a file, or a tool such as `pg_dump`.
    #[error("{0}")]
    Failure(String),
}

impl DbError {
    /// Whether the user's input is at fault (exit code 2) rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Self::NotFound { .. }
                | Self::Invalid(_)
                | Self::Rows(_)
                | Self::BadUrl(_)
                | Self::Unsupported(_)
                | Self::Throttled { .. }
        )
    }

    pub(crate) fn invalid(e: impl std::fmt::Display) -> Self {
        Self::Invalid(e.to_string())
    }
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;
