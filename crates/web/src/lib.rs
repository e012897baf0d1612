//! dangvu's web application: Vietnamese pages (askama + htmx, forms that work without
//! JavaScript), sign-in with sessions in our own database, access by subtree, the JSON API.

mod api;
mod auth;
mod chart;
mod error;
pub(crate) mod pages;
mod state;

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

pub use pages::congress::docs as congress_docs;
pub use state::{AppState, Settings};

/// The whole application: pages, API, static files and the health check, behind the
/// security headers every response carries.
pub fn router(state: AppState) -> Router {
    let headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    ];
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::docs())
        .with_state(state)
        .layer(axum::Extension(pages::ImportJobs::default()));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// Every path the application routes, read off the router itself, so that the access tests
/// cover a route the day it is added (axum prints its route table in the router's `Debug`).
pub fn route_paths(state: AppState) -> Vec<String> {
    let dump = format!("{:?}", router(state));
    let mut out: Vec<String> = dump
        .split("): \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|p| p.starts_with('/'))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "cơ sở dữ liệu không trả lời",
        ),
    }
}

/// Serves the application on `addr` until the process is stopped, with the client's socket
/// address known to the handlers (sign-in throttling, `auth::client_address`).
pub async fn serve(db: db::Db, addr: SocketAddr, settings: Settings) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("dangvu đang chạy tại http://{addr}");
    let state = AppState {
        settings,
        ..AppState::new(db)
    };
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
