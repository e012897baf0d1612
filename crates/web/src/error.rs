//! Errors of the web layer: each becomes a Vietnamese page (or a JSON error under /api) with
//! the right status; storage failures are logged, never shown raw.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("Không tìm thấy trang hoặc bạn không có quyền xem nội dung này.")]
    NotFound,
    #[error("Bạn cần đăng nhập.")]
    SignIn,
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("Phiên làm việc không hợp lệ; hãy tải lại trang và thử lại.")]
    Csrf,
    #[error("Lỗi hệ thống; hãy thử lại sau.")]
    Internal(String),
}

impl From<db::DbError> for WebError {
    fn from(e: db::DbError) -> Self {
        match e {
            db::DbError::NotFound { .. } => Self::NotFound,
            e if e.is_bad_input() => Self::BadInput(e.to_string()),
            e => Self::Internal(e.to_string()),
        }
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::SignIn => StatusCode::UNAUTHORIZED,
            Self::BadInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Csrf | Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!("{detail}");
        }
        if let Self::SignIn = self {
            return axum::response::Redirect::to("/dang-nhap").into_response();
        }
        let body = format!(
            "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>dangvu</title>\
             <link rel=\"stylesheet\" href=\"/static/style.css\"><main class=\"page\"><h1>{}</h1>\
             <p>{}</p><p><a href=\"/\">Về trang chủ</a></p></main></html>",
            self.status().as_u16(),
            escape(&self.to_string())
        );
        (self.status(), Html(body)).into_response()
    }
}

/// Minimal HTML escaping for text put into hand-written markup.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
