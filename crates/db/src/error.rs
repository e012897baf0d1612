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

    /// Whether the database could not be reached or no longer takes writes, as during a
    /// failover to the standby (`hosts`): the user is asked to try again in a few seconds.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Db(sea_orm::DbErr::ConnectionAcquire(_)))
            || self.driver_error().is_some_and(unreachable_server)
    }

    /// Whether two writers met: a unique key taken by a transaction that committed first, a
    /// serialization failure or a deadlock (SQLSTATE 23505, 40001, 40P01). Nothing was saved;
    /// the same request again sees the other's write.
    pub fn is_conflict(&self) -> bool {
        matches!(self.driver_error(), Some(sea_orm::sqlx::Error::Database(d))
            if d.code().is_some_and(|c| matches!(c.as_ref(), "23505" | "40001" | "40P01")))
    }

    /// The driver's own error under a database failure, if there is one.
    fn driver_error(&self) -> Option<&sea_orm::sqlx::Error> {
        use sea_orm::{DbErr, RuntimeErr};
        match self {
            Self::Db(
                DbErr::Conn(RuntimeErr::SqlxError(e))
                | DbErr::Exec(RuntimeErr::SqlxError(e))
                | DbErr::Query(RuntimeErr::SqlxError(e)),
            ) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn invalid(e: impl std::fmt::Display) -> Self {
        Self::Invalid(e.to_string())
    }
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// A lost or refused connection, a server shutting down or starting up, or a write refused by
/// a server that has become read-only (SQLSTATE classes 08 and 57P, code 25006).
fn unreachable_server(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match e {
        Error::Io(_) | Error::PoolTimedOut | Error::PoolClosed | Error::WorkerCrashed => true,
        Error::Protocol(m) => m.contains("chỉ đọc"),
        Error::Database(d) => d
            .code()
            .is_some_and(|c| c == "25006" || c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}
