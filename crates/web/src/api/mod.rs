//! The JSON API under `/api/v1` for scripts: organizations, members and statistics, signed in
//! with a personal access token (`Authorization: Bearer …`) or a session; described by
//! `/api/v1/openapi.json`, and read by people on the account page (`/tai-khoan/api`, drawn
//! from the same description by [`reference`]).

mod body;
mod orgs;
mod writes;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
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
    paths(
        orgs::list,
        orgs::show,
        orgs::members,
        orgs::stats,
        writes::create_org_api,
        writes::add_member_api,
        writes::transfer_api
    ),
    components(schemas(
        orgs::OrgJson,
        orgs::MemberJson,
        orgs::StatsJson,
        orgs::EntryJson,
        writes::NewOrgJson,
        writes::NewMemberJson,
        writes::TransferJson,
        writes::CreatedJson,
        ApiError
    ))
)]
struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/orgs", get(orgs::list).post(writes::create_org_api))
        .route("/orgs/{code}", get(orgs::show))
        .route(
            "/orgs/{code}/members",
            get(orgs::members).post(writes::add_member_api),
        )
        .route("/members/{id}/transfer", post(writes::transfer_api))
        .route("/orgs/{code}/stats", get(orgs::stats))
}

/// The old address of the API's documentation leads to the account page's reference.
pub fn docs() -> Router<AppState> {
    Router::new().route(
        "/api/v1/docs",
        get(|| async { axum::response::Redirect::permanent("/tai-khoan/api") }),
    )
}

/// One operation of the API as the reference page lists it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub summary: String,
    /// (name, where: đường dẫn / truy vấn, required, description)
    pub parameters: Vec<(String, &'static str, bool, String)>,
    /// The schema of the JSON body, if any.
    pub body: Option<String>,
    /// (status, description)
    pub responses: Vec<(String, String)>,
}

/// Every operation of the OpenAPI description, in path order: the page that documents the API
/// reads the very description `/api/v1/openapi.json` serves, so the two never disagree.
pub fn reference() -> Vec<Endpoint> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let mut out = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            let parameters = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    let place = if p["in"] == "path" {
                        "đường dẫn"
                    } else {
                        "truy vấn"
                    };
                    (
                        text(p, "name"),
                        place,
                        p["required"] == true,
                        text(p, "description"),
                    )
                })
                .collect();
            let body = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .map(|r| r.rsplit('/').next().unwrap_or(r).to_string());
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(code, r)| (code.clone(), text(r, "description")))
                .collect();
            // The Vietnamese description of the path attribute (the summary is the handler's
            // English doc comment, for programmers).
            let summary = match text(op, "description") {
                s if s.is_empty() => text(op, "summary"),
                s => s,
            };
            out.push(Endpoint {
                method: method.to_uppercase(),
                path: path.clone(),
                summary,
                parameters,
                body,
                responses,
            });
        }
    }
    out
}

/// An API error: the Vietnamese message and, where the input is at fault, the first bad field
/// and every bad field with its message.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: String,
    pub field: Option<String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// Wraps page errors as JSON for API callers, with the field at fault where there is one.
pub struct ApiErr(
    pub WebError,
    pub Option<&'static str>,
    pub Vec<(String, String)>,
);

impl ApiErr {
    pub fn new(e: WebError, field: Option<&'static str>) -> Self {
        Self(e, field, Vec::new())
    }

    /// A refused write: the message about the whole input, or else the first field's.
    pub fn refusal(r: crate::pages::form::Refusal) -> Self {
        let mut fields: Vec<(String, String)> = r
            .errors
            .into_iter()
            .map(|(f, m)| (api_field(f).to_string(), m))
            .collect();
        fields.sort();
        let message = r.message.unwrap_or_else(|| match fields.first() {
            Some((f, m)) => format!("Trường '{f}': {m}."),
            None => "Dữ liệu không hợp lệ.".into(),
        });
        Self(WebError::BadInput(message), None, fields)
    }
}

/// The API's name for a form field (the decision fields are spelled out in the API).
fn api_field(form_field: &str) -> &str {
    match form_field {
        "symbol" => "decision_symbol",
        "signed_on" => "decision_signed_on",
        f => f,
    }
}

impl From<WebError> for ApiErr {
    fn from(e: WebError) -> Self {
        Self::new(e, None)
    }
}

impl From<db::DbError> for ApiErr {
    fn from(e: db::DbError) -> Self {
        Self::new(e.into(), None)
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
        let field = self
            .1
            .map(str::to_string)
            .or_else(|| self.2.first().map(|(f, _)| f.clone()));
        let body = Json(ApiError {
            error: self.0.to_string(),
            field,
            fields: self.2.into_iter().collect(),
        });
        crate::error::with_retry_after(status, (status, body).into_response())
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
