//! Errors of the web layer: each becomes a Vietnamese page in the site's layout (or a JSON
//! error under /api) with the right status; storage failures are logged, never shown raw.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("Không tìm thấy trang hoặc bạn không có quyền xem nội dung này.")]
    NotFound,
    #[error("Bạn cần đăng nhập.")]
    SignIn,
    #[error("Mật khẩu của bạn là mật khẩu được cấp; hãy đổi mật khẩu trước khi làm việc khác.")]
    ChangePassword,
    #[error("Tài khoản quản trị phải bật mã xác thực trước khi làm việc khác.")]
    SetUpTotp,
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Forbidden(String),
    #[error(
        "Yêu cầu bị từ chối để chống giả mạo (CSRF): mã xác nhận của biểu mẫu không đúng \
         hoặc đã cũ (mã đổi mỗi lần đăng nhập). Không có gì bị thay đổi; hãy tải lại trang \
         rồi gửi lại."
    )]
    Csrf,
    #[error(
        "Yêu cầu bị từ chối để chống giả mạo (CSRF): yêu cầu không xuất phát từ chính trang \
         này (tiêu đề Origin/Referer chỉ một trang khác hoặc không có). Không có gì bị thay đổi."
    )]
    ForeignOrigin,
    #[error("Nội dung gửi lên quá lớn; không có gì bị thay đổi.")]
    TooLarge,
    #[error("Địa chỉ hoặc tham số của yêu cầu không hợp lệ.")]
    BadRequest,
    #[error("Địa chỉ này không nhận yêu cầu {0}.")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Unsupported(String),
    #[error(
        "Biểu mẫu gửi lên không đọc được: thiếu trường hoặc có giá trị sai kiểu. Không có gì \
         bị thay đổi."
    )]
    BadForm,
    #[error(
        "Cơ sở dữ liệu đang chuyển sang máy chủ dự phòng hoặc tạm thời không kết nối được; \
         xin thử lại sau ít giây. Những gì đã được báo lưu đều còn nguyên."
    )]
    Unavailable,
    #[error(
        "Dữ liệu này vừa được người khác ghi cùng lúc nên lần ghi của bạn chưa được lưu; \
         hãy tải lại trang rồi làm lại."
    )]
    Conflict,
    #[error("Lỗi hệ thống; hãy thử lại sau.")]
    Internal(String),
}

impl From<db::DbError> for WebError {
    fn from(e: db::DbError) -> Self {
        match e {
            db::DbError::NotFound { .. } => Self::NotFound,
            e if e.is_conflict() => {
                tracing::warn!("{e}");
                Self::Conflict
            }
            e if e.is_unavailable() => {
                tracing::warn!("{e}");
                Self::Unavailable
            }
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
            Self::ChangePassword | Self::SetUpTotp => StatusCode::FORBIDDEN,
            Self::BadInput(_) | Self::BadForm => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Csrf | Self::ForeignOrigin | Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The heading of the error page.
    fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Không tìm thấy",
            Self::SignIn => "Cần đăng nhập",
            Self::ChangePassword => "Cần đổi mật khẩu",
            Self::SetUpTotp => "Cần bật mã xác thực",
            Self::BadInput(_) => "Dữ liệu không hợp lệ",
            Self::Forbidden(_) => "Không có quyền",
            Self::Csrf | Self::ForeignOrigin => "Từ chối yêu cầu giả mạo (CSRF)",
            Self::TooLarge => "Nội dung quá lớn",
            Self::BadRequest => "Yêu cầu không hợp lệ",
            Self::MethodNotAllowed(_) => "Phương thức không được hỗ trợ",
            Self::Unsupported(_) => "Kiểu nội dung không được hỗ trợ",
            Self::BadForm => "Biểu mẫu không đọc được",
            Self::Unavailable => "Xin thử lại sau ít giây",
            Self::Conflict => "Ghi cùng lúc với người khác",
            Self::Internal(_) => "Lỗi hệ thống",
        }
    }

    /// The answer for a page (`api` false) or for the JSON API: `{"error": …, "field": null}`,
    /// the shape of `api::ApiError`.
    pub fn answer(self, api: bool) -> Response {
        if !api {
            return self.into_response();
        }
        if let Self::Internal(detail) = &self {
            tracing::error!("{detail}");
        }
        let body = serde_json::json!({"error": self.to_string(), "field": null});
        with_retry_after(self.status(), (self.status(), Json(body)).into_response())
    }
}

/// The layout's user, never there on an error page (the header shows no menu): the type only
/// lets the error page extend the site's layout.
#[allow(dead_code)]
struct Nobody {
    links: Vec<(&'static str, &'static str)>,
    account_href: &'static str,
    size: u8,
}

impl std::fmt::Display for Nobody {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    user: Option<Nobody>,
    csrf: String,
    status: u16,
    title: &'static str,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!("{detail}");
        }
        if let Self::SignIn = self {
            return axum::response::Redirect::to("/dang-nhap").into_response();
        }
        if let Self::ChangePassword = self {
            return axum::response::Redirect::to("/doi-mat-khau").into_response();
        }
        if let Self::SetUpTotp = self {
            return axum::response::Redirect::to("/tai-khoan/ma-xac-thuc").into_response();
        }
        let page = ErrorPage {
            user: None,
            csrf: String::new(),
            status: self.status().as_u16(),
            title: self.title(),
            message: self.to_string(),
        };
        let body = page.render().unwrap_or_else(|_| {
            format!(
                "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>dangvu</title>\
                 <main class=\"page\"><h1>{}</h1><p>{}</p></main></html>",
                self.title(),
                escape(&self.to_string())
            )
        });
        with_retry_after(self.status(), (self.status(), Html(body)).into_response())
    }
}

/// A 503 tells browsers and scripts when to ask again.
pub(crate) fn with_retry_after(status: StatusCode, mut r: Response) -> Response {
    if status == StatusCode::SERVICE_UNAVAILABLE {
        r.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("5"),
        );
    }
    r
}

/// Minimal HTML escaping for text put into hand-written markup.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
