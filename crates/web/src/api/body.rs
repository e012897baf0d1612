//! The JSON body of an API write, read with Vietnamese refusals in the API's error shape: a
//! body that is not JSON, or not of the expected shape, is a 422 naming the line and column;
//! a body without `Content-Type: application/json` a 415; one over the size limit a 413.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use super::ApiErr;
use crate::error::WebError;

/// The body of an API write, parsed as `T`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        if !json {
            return Err(WebError::Unsupported(
                "Nội dung gửi lên phải là JSON (Content-Type: application/json).".into(),
            )
            .into());
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiErr::from(WebError::TooLarge))?;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|e| WebError::BadInput(unreadable(&e)).into())
    }
}

/// The Vietnamese reason a body could not be read as the expected JSON.
fn unreadable(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("dòng {}, cột {}", e.line(), e.column());
    match e.classify() {
        Category::Data => format!(
            "Nội dung JSON không đúng dạng ở {at}: cần một đối tượng với các trường như tài \
             liệu API mô tả, mỗi giá trị là một chuỗi."
        ),
        Category::Eof => format!("Nội dung JSON bị cắt ngang ({at})."),
        Category::Syntax | Category::Io => {
            format!("Nội dung gửi lên không phải JSON hợp lệ (lỗi ở {at}).")
        }
    }
}
