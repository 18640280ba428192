//! The pages of the administrators: the unit tree, accounts, keyword rules, escalation
//! ladders, the working-day calendar and the outbox. Every page and form takes an [`Admin`]
//! (others get the 403 page); each calls the service the JSON API calls.

mod calendar;
mod escalation;
mod outbox;
mod robots;
mod rules;
mod units;
mod users;

use crate::domain::message::Message;
use axum::{
    Router,
    extract::{FromRequestParts, Multipart, Path},
    http::request::Parts,
    routing::{get, post},
};
use serde::Deserialize;

use super::{
    error::PageError,
    frame::{Admin, Viewer},
    view::Choice,
};
use crate::{
    domain::{drafting::Language, ids::UnitId, vocabulary::Locale},
    services::admin::TreeUnit,
    web::{AppState, forms},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(units::units).post(units::create_unit))
        .route("/admin/units/import", post(units::preview_import))
        .route("/admin/units/import/apply", post(units::apply_import))
        .route("/admin/units/{id}", get(units::unit).post(units::edit_unit))
        .route("/admin/units/{id}/move", post(units::move_unit))
        .route("/admin/units/{id}/deactivate", post(units::deactivate_unit))
        .route("/admin/units/{id}/robots", post(robots::create_robot))
        .route("/admin/robots/{id}", post(robots::update_robot))
        .route("/admin/robots/{id}/delete", post(robots::delete_robot))
        .route("/admin/users", get(users::users).post(users::create_user))
        .route("/admin/users/{id}", get(users::user))
        .route("/admin/users/{id}/move", post(users::move_user))
        .route("/admin/users/{id}/deactivate", post(users::deactivate_user))
        .route("/admin/users/{id}/password", post(users::reset_password))
        .route("/admin/rules", get(rules::rules).post(rules::create_rule))
        .route("/admin/rules/{id}", get(rules::rule).post(rules::edit_rule))
        .route("/admin/rules/{id}/delete", post(rules::delete_rule))
        .route("/admin/escalation", get(escalation::escalation))
        .route("/admin/escalation/{id}/steps", post(escalation::add_step))
        .route("/admin/escalation/steps/{id}/delete", post(escalation::remove_step))
        .route("/admin/calendar", get(calendar::calendar).post(calendar::add_day))
        .route("/admin/calendar/import", post(calendar::import))
        .route("/admin/calendar/{day}/delete", post(calendar::remove_day))
        .route("/admin/outbox", get(outbox::outbox))
        .route("/admin/outbox/{id}/retry", post(outbox::retry))
        .route("/admin/outbox/retry", post(outbox::retry_many))
}

/// A positive id in the path; anything else is a 400 page naming `id`.
pub struct PageId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PageId {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(PageId(id)),
            _ => Err(PageError::bad_request("id", Message::new("error-positive-number"))),
        }
    }
}

/// The language drafting labels categories and lines of work in.
fn language(viewer: &Viewer) -> Language {
    match viewer.locale {
        Locale::Zh => Language::Zh,
        Locale::En => Language::En,
    }
}

/// The units an administrator may choose in a picker (the active ones of its subtree), each
/// labelled with its place in the tree.
fn unit_choices(viewer: &Viewer, tree: &[TreeUnit], selected: Option<UnitId>) -> Vec<Choice> {
    tree.iter()
        .filter(|t| t.unit.active)
        .map(|t| {
            // Indented with the space of the reader's script: a full-width one in Chinese.
            let indent = if viewer.locale == Locale::Zh { "\u{3000}" } else { "\u{a0}\u{a0}" }.repeat(t.depth);
            let label = format!("{indent}{} ({})", viewer.unit_name(&t.unit), t.unit.key);
            Choice::new(t.unit.id, label, Some(t.unit.id) == selected)
        })
        .collect()
}

/// The text fields and the file of an upload form, its CSRF token checked first; the
/// file's text, which must not be empty.
async fn uploaded_text(viewer: &Admin, form: Multipart) -> Result<String, PageError> {
    let fields = forms::read_text_upload(form, &|sent| viewer.csrf_ok(sent)).await?;
    Ok(forms::uploaded_file(&fields)?)
}

/// A checkbox that confirms a step that cannot simply be undone.
#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    pub confirm: Option<String>,
}

impl Confirm {
    fn required(&self) -> Result<(), PageError> {
        if self.confirm.as_deref() == Some("yes") {
            Ok(())
        } else {
            Err(PageError::unprocessable("confirm", Message::new("error-confirm")))
        }
    }
}
