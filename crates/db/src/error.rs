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
    #[error(
        "đăng nhập sai quá nhiều lần với tài khoản '{username}'; hãy thử lại sau {} (giờ Việt Nam)",
        vn_time(.retry_at)
    )]
    Throttled {
        username: String,
        retry_at: chrono::NaiveDateTime,
    },
    #[error("lỗi mã hóa: {0}")]
    Crypto(String),
    /// A failure outside the database itself: a file, or a tool such as `pg_dump`.
    #[error("{0}")]
    Failure(String),
}

/// A UTC time as Vietnam (UTC+7) reads it: `08:15:00 ngày 22/11/2026`.
fn vn_time(utc: &chrono::NaiveDateTime) -> String {
    (*utc + chrono::Duration::hours(7))
        .format("%H:%M:%S ngày %d/%m/%Y")
        .to_string()
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
