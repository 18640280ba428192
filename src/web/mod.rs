//! HTTP: parse the request, call a service, render the answer. No SQL here.

pub mod api;
pub mod auth;
mod error;
mod pages;

use std::sync::Arc;

use axum::{Router, routing::get};
use handlebars::Handlebars;

pub use error::WebError;

use crate::services::Ctx;

/// The application context every handler receives.
#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub templates: Arc<Handlebars<'static>>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/sign-in", axum::routing::post(pages::sign_in))
        .route("/sign-out", axum::routing::post(pages::sign_out))
        .route("/healthz", get(pages::healthz))
        .merge(api::router(state.ctx.config.upload_max_bytes))
        .fallback(not_found)
        // One log line per request with its status and latency (DUBAN_LOG=tower_http=debug).
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn not_found() -> WebError {
    WebError::NotFound("page")
}

/// Templates and locale strings are compiled into the binary, so the program runs from any
/// directory; strict mode turns a misspelt variable into an error instead of a blank.
pub fn templates() -> Result<Handlebars<'static>, handlebars::TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_template_string("layouts/base", include_str!("../../templates/layouts/base.hbs"))?;
    hb.register_template_string("pages/home", include_str!("../../templates/pages/home.hbs"))?;
    hb.register_template_string("pages/sign_in", include_str!("../../templates/pages/sign_in.hbs"))?;
    Ok(hb)
}
