//! dangvu's web application: Vietnamese pages (askama + htmx, forms that work without
//! JavaScript), sign-in with sessions in our own database, access by subtree, the JSON API.

mod answers;
mod api;
mod auth;
mod chart;
mod cookies;
mod count_ahead;
mod csrf;
mod error;
mod jobs;
pub(crate) mod pages;
/// Trees of at least this many organizations have their structure counted ahead.
pub use count_ahead::COUNT_AHEAD_FROM;
/// The most organizations a form offers in a list (more: the code is typed).
pub use pages::guard::MOST_OPTIONS;
mod portal;
mod state;

use std::net::SocketAddr;

use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::{Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;

pub use pages::congress::docs as congress_docs;
pub use pages::documents::political as political_report;
pub use pages::package;
pub use pages::portal::articles::congress_draft as portal_draft;
pub use portal::Reads;
pub use state::{AppState, BACKGROUND_EXPORT_FROM, Settings};

/// The whole application: pages, API, static files and the health check; every write behind
/// the CSRF guard (`csrf::guard_writes`), every refusal in Vietnamese (`answers`), and the
/// security headers every response carries: nothing dynamic is stored by a cache
/// (`Cache-Control: no-store`; the static files say otherwise), and behind HTTPS the browser
/// is told to use nothing else (`Strict-Transport-Security`).
pub fn router(state: AppState) -> Router {
    let behind_https = state.settings.behind_https;
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
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
        .merge(portal::routes())
        .nest("/api/v1", api::routes())
        .merge(api::docs())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            csrf::guard_writes,
        ))
        .with_state(state)
        .layer(axum::Extension(pages::ImportJobs::default()))
        .layer(middleware::from_fn(answers::vietnamese));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if behind_https {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
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
    serve_until(db, addr, settings, std::future::pending()).await
}

/// [`serve`] until `shutdown` completes, then a clean stop: no new connections, the requests
/// under way answered, and the portal's read counts still in memory written
/// (`portal::reads`).
pub async fn serve_until(
    db: db::Db,
    addr: SocketAddr,
    settings: Settings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("dangvu đang chạy tại http://{addr}");
    let state = AppState {
        settings,
        ..AppState::new(db)
    };
    serve_on(listener, state, shutdown).await
}

/// The application with `state` on a bound `listener` until `shutdown` (see [`serve_until`]);
/// the read counts are written every `portal::reads::FLUSH_EVERY` meanwhile.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stop = std::sync::Arc::new(tokio::sync::Notify::new());
    let flusher = {
        let (reads, db, stop) = (state.reads.clone(), state.db.clone(), stop.clone());
        tokio::spawn(async move { reads.flush_until(db, stop).await })
    };
    let counting = tokio::spawn(count_ahead::run(state.clone()));
    let (reads, db) = (state.reads.clone(), state.db.clone());
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    stop.notify_one();
    counting.abort();
    let _ = flusher.await;
    match reads.flush(&db).await {
        Ok(n) => tracing::info!("đã ghi {n} lần đọc tin bài trước khi dừng"),
        Err(e) => tracing::error!("không ghi được số lần đọc tin bài khi dừng: {e}"),
    }
    served
}
