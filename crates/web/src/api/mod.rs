//! The JSON API under `/api/v1` for scripts: organizations, members and statistics, signed in
//! with a personal access token (`Authorization: Bearer …`) or a session; described by
//! `/api/v1/openapi.json` with a Swagger UI served from the binary at `/api/v1/docs`.

mod orgs;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::OpenApi;

use crate::error::WebError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dangvu API",
        version = "1",
        description = "Tổ chức đảng, đảng viên và thống kê cơ cấu. Đăng nhập bằng mã truy cập: Authorization: Bearer <mã>."
    ),
    paths(orgs::list, orgs::show, orgs::members, orgs::stats),
    components(schemas(
        orgs::OrgJson,
        orgs::MemberJson,
        orgs::StatsJson,
        orgs::EntryJson,
        ApiError
    ))
)]
struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/orgs", get(orgs::list))
        .route("/orgs/{code}", get(orgs::show))
        .route("/orgs/{code}/members", get(orgs::members))
        .route("/orgs/{code}/stats", get(orgs::stats))
}

/// The Swagger UI, vendored in the binary (no CDN).
pub fn docs() -> Router<AppState> {
    utoipa_swagger_ui::SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi-ui.json", ApiDoc::openapi())
        .into()
}

/// An API error: the Vietnamese message and, where one is at fault, the field.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: String,
    pub field: Option<String>,
}

/// Wraps page errors as JSON for API callers.
pub struct ApiErr(pub WebError, pub Option<&'static str>);

impl From<WebError> for ApiErr {
    fn from(e: WebError) -> Self {
        Self(e, None)
    }
}

impl From<db::DbError> for ApiErr {
    fn from(e: db::DbError) -> Self {
        Self(e.into(), None)
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let status = match self.0 {
            WebError::SignIn => StatusCode::UNAUTHORIZED,
            ref e => e.status(),
        };
        if let WebError::Internal(d) = &self.0 {
            tracing::error!("{d}");
        }
        (
            status,
            Json(ApiError {
                error: self.0.to_string(),
                field: self.1.map(str::to_string),
            }),
        )
            .into_response()
    }
}

/// The signed-in caller of an API route; without a valid token or session the answer is a
/// JSON 401, not the sign-in page.
pub struct ApiUser(pub crate::auth::CurrentUser);

impl axum::extract::FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiErr;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        crate::auth::CurrentUser::from_request_parts(parts, state)
            .await
            .map(ApiUser)
            .map_err(ApiErr::from)
    }
}
