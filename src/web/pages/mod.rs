//! Server-rendered pages: handlebars templates under `templates/`, words under `locales/`,
//! one module per kind of user. Pages call the same services as the API; no rule is written
//! twice. Every page goes through [`frame::frame`].

mod admin;
mod error;
mod frame;
mod i18n;
mod leader;
mod officer;
mod secretariat;
mod session;

use axum::{
    Router,
    routing::{get, post},
};
use handlebars::Handlebars;

pub use error::PageError;
pub use frame::frame;
pub use session::healthz;

use super::AppState;

// TEMPLATES, and LOCALE_FILES (read by the Fluent loader; listed here so Cargo rebuilds when a
// word changes, and read by the test that both languages have the same messages).
include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Every page; [`frame`] wraps them (and the 404 of any other path) in `web::router`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(session::home))
        .route("/sign-in", get(session::sign_in_form).post(session::sign_in))
        .route("/sign-out", post(session::sign_out))
        .route("/language", post(session::language))
        .merge(officer::routes())
        .merge(secretariat::routes())
        .merge(leader::routes())
        .merge(admin::routes())
        .route("/assets/duban.css", get(frame::stylesheet))
}

/// Templates are compiled into the binary (build.rs lists them), so the program runs from
/// any directory; strict mode turns a misspelt variable into an error instead of a blank.
pub fn templates() -> Result<Handlebars<'static>, handlebars::TemplateError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    for (name, text) in TEMPLATES {
        hb.register_template_string(name, *text)?;
    }
    i18n::register(&mut hb);
    Ok(hb)
}
