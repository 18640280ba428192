//! HTTP: parse the request, call a service, render the answer. No SQL here.

pub mod api;
pub mod auth;
mod error;
mod forms;
mod metrics;
mod pages;
mod redirect;

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    http::{HeaderName, HeaderValue, StatusCode},
    routing::get,
};
use handlebars::Handlebars;

pub use error::{Problem, RETRY_AFTER_OUTAGE_SECONDS, WebError, english};

use crate::services::Ctx;

/// The application context every handler receives.
#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub templates: Arc<Handlebars<'static>>,
}

pub fn router(state: AppState) -> Router {
    use tower_http::{
        compression::CompressionLayer,
        request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
        timeout::TimeoutLayer,
        trace::TraceLayer,
    };
    let request_id = HeaderName::from_static("x-request-id");
    let timeout = Duration::from_secs(state.ctx.config.request_timeout_seconds.unsigned_abs());
    metrics::recorder();
    let instance = state.ctx.config.instance_name.as_deref().and_then(|name| HeaderValue::from_str(name).ok());
    Router::new()
        .merge(pages::routes())
        .route("/healthz", get(pages::healthz))
        .route("/readyz", get(pages::healthz))
        .route("/metrics", get(metrics::scrape))
        .merge(api::router(state.ctx.config.upload_max_bytes))
        // Counted under the matched route, so this wraps the routes, not the fallback.
        .route_layer(axum::middleware::from_fn(metrics::track))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), pages::frame))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        // Outside the timeout, so that its 408 is not cached either: an answer that says
        // nothing of caching is kept by no one (pages and the API say no-store themselves; the
        // style sheet says how long it may be kept).
        .layer(axum::middleware::map_response(no_store_unless_said))
        // Which instance answered, when several serve behind a load balancer.
        .layer(axum::middleware::map_response(move |mut response: axum::response::Response| {
            let instance = instance.clone();
            async move {
                if let Some(name) = instance {
                    response.headers_mut().insert(HeaderName::from_static("x-duban-instance"), name);
                }
                response
            }
        }))
        // One log line per request with its status, latency and request id
        // (DUBAN_LOG=tower_http=debug); the id is echoed in the answer for bug reports.
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// `Cache-Control: no-store` on an answer that does not say how it may be cached.
async fn no_store_unless_said(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderValue, header::CACHE_CONTROL};
    if !response.headers().contains_key(CACHE_CONTROL) {
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// 404: problem+json under `/api`, the error page anywhere else.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = WebError::NotFound("page");
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        error.into_response()
    } else {
        pages::PageError::from(error).into_response()
    }
}

pub use pages::templates;

/// The address of a calendar feed, `{base_url}/calendar/{secret}.ics`: what a calendar program
/// subscribes to (the secret is the credential, so it is shown once).
pub fn feed_address(base_url: &str, secret: &str) -> String {
    format!("{}/calendar/{secret}.ics", base_url.trim_end_matches('/'))
}
