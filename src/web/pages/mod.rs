//! Server-rendered pages: handlebars templates under `templates/`, words under `locales/`,
//! one module per resource (tasks, directives, meetings, units, bulletins, instructions,
//! exports, admin, session), each serving every role that may see it. Pages call the same
//! services as the API; who may use a page is an extractor ([`frame::Worker`] …), what it
//! shows a typed view ([`view::Page`]), and every page goes through [`frame::frame`], which
//! also renders a [`PageError`] into the error page.

mod account;
mod admin;
mod bulletins;
mod directives;
mod docx;
mod error;
mod exports;
mod feed;
mod frame;
pub(crate) mod i18n;
mod instructions;
mod meetings;
mod published;
mod session;
mod sheets;
mod tasks;
mod unit_picker;
mod units;
mod view;

use axum::{
    Router,
    extract::DefaultBodyLimit,
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
    use tasks::actions;
    // Reports carry files: as many as a report may, each up to the configured size (the
    // handler checks the length, to answer with a page).
    let uploads = Router::new()
        .route("/tasks/{id}/progress", post(actions::progress))
        .route("/tasks/{id}/complete", post(actions::complete))
        .layer(DefaultBodyLimit::disable());
    Router::new()
        // Session
        .route("/", get(session::home))
        .route("/sign-in", get(session::sign_in_form).post(session::sign_in))
        .route("/sign-out", post(session::sign_out))
        .route("/language", post(session::language))
        // The user's own page: calendar feeds; and the feeds themselves
        .route("/account", get(account::show))
        .route("/account/calendar-feeds", post(account::create_feed))
        .route("/account/calendar-feeds/{id}/revoke", post(account::revoke_feed))
        .route("/calendar/{file}", get(feed::feed))
        // Tasks
        .route("/inbox", get(tasks::inbox))
        .route("/reviews", get(tasks::reviews))
        .route("/tasks", get(tasks::list))
        .route("/tasks/{id}", get(tasks::show::show))
        .route("/tasks/{id}/acknowledge", post(actions::acknowledge))
        .route("/tasks/{id}/decline", post(actions::decline))
        .route("/tasks/{id}/accept", post(actions::accept))
        .route("/tasks/{id}/return", post(actions::return_task))
        .route("/tasks/{id}/cancel", post(actions::cancel))
        .route("/tasks/{id}/reassign", post(actions::reassign))
        .route("/tasks/{id}/split", post(actions::split))
        .route("/tasks/{id}/extension", post(actions::request_extension))
        .route("/tasks/{id}/extensions/{request}/approve", post(actions::approve_extension))
        .route("/tasks/{id}/extensions/{request}/refuse", post(actions::refuse_extension))
        .route("/tasks/{id}/remind", post(actions::remind))
        .route("/tasks/{id}/sheet", get(sheets::task))
        .merge(uploads)
        // Meetings and directives
        .route("/meetings", get(meetings::list))
        .route("/meetings/new", get(meetings::new_form).post(meetings::create))
        .route("/meetings/{id}", get(meetings::show))
        .route("/meetings/{id}/assign", post(meetings::assign))
        .route("/directives", get(directives::list))
        .route("/directives/{id}", get(directives::show))
        .route("/directives/{id}/edit", post(directives::edit))
        .route("/directives/{id}/issue", post(directives::issue))
        .route("/directives/{id}/assign", post(directives::assign))
        .route("/directives/{id}/sheet", get(sheets::directive))
        .route("/instructions/new", get(instructions::form))
        .route("/instructions", post(instructions::create))
        // Units' figures, rankings and bulletins, exports
        .route("/dashboard", get(units::dashboard))
        .route("/units/{id}", get(units::show))
        .route("/ranking", get(bulletins::ranking))
        .route("/overdue", get(bulletins::overdue))
        .route("/bulletin", get(bulletins::bulletin))
        .route("/bulletins", get(published::archive).post(published::publish))
        .route("/bulletins/new", get(published::new_form))
        .route("/bulletins/{id}", get(published::show))
        .route("/bulletins/{id}/document.docx", get(published::document))
        .route("/exports/rollup.csv", get(exports::rollup_csv))
        .route("/exports/rollup.xlsx", get(exports::rollup_xlsx))
        .route("/exports/ranking.csv", get(exports::ranking_csv))
        .route("/exports/ranking.xlsx", get(exports::ranking_xlsx))
        .route("/exports/tasks.csv", get(exports::tasks_csv))
        .route("/exports/tasks.xlsx", get(exports::tasks_xlsx))
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
