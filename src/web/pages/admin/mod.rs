//! The pages of the admins: the unit tree, accounts, keyword rules, escalation ladders, the
//! working-day calendar and the outbox. Every page and form is for administrators only; each
//! calls the service the JSON API calls.

mod calendar;
mod org;
mod outbox;
mod rules;

use crate::web::pages::error::PageError;
use axum::{
    Router,
    extract::{FromRequestParts, Multipart, Path},
    http::request::Parts,
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::frame::Viewer;
use crate::{
    domain::{drafting::Language, vocabulary::Locale},
    services::admin::TreeUnit,
    web::{AppState, forms},
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(org::units).post(org::create_unit))
        .route("/admin/units/import", post(org::preview_import))
        .route("/admin/units/import/apply", post(org::apply_import))
        .route("/admin/units/{id}", get(org::unit).post(org::edit_unit))
        .route("/admin/units/{id}/move", post(org::move_unit))
        .route("/admin/units/{id}/deactivate", post(org::deactivate_unit))
        .route("/admin/users", get(org::users).post(org::create_user))
        .route("/admin/users/{id}", get(org::user))
        .route("/admin/users/{id}/move", post(org::move_user))
        .route("/admin/users/{id}/deactivate", post(org::deactivate_user))
        .route("/admin/users/{id}/password", post(org::reset_password))
        .route("/admin/rules", get(rules::rules).post(rules::create_rule))
        .route("/admin/rules/{id}", get(rules::rule).post(rules::edit_rule))
        .route("/admin/rules/{id}/delete", post(rules::delete_rule))
        .route("/admin/escalation", get(rules::escalation))
        .route("/admin/escalation/{id}/steps", post(rules::add_step))
        .route("/admin/escalation/steps/{id}/delete", post(rules::remove_step))
        .route("/admin/calendar", get(calendar::calendar).post(calendar::add_day))
        .route("/admin/calendar/import", post(calendar::import))
        .route("/admin/calendar/{day}/delete", post(calendar::remove_day))
        .route("/admin/outbox", get(outbox::outbox))
        .route("/admin/outbox/{id}/retry", post(outbox::retry))
}

/// A positive id in the path; anything else is a 400 page naming `id`.
pub struct PageId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PageId {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(PageId(id)),
            _ => Err(PageError::bad_request("id", "must be a positive whole number")),
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

/// A unit's name in the viewer's language.
fn unit_name(viewer: &Viewer, name_zh: &str, name_en: &str) -> String {
    match viewer.locale {
        Locale::Zh => name_zh.to_owned(),
        Locale::En => name_en.to_owned(),
    }
}

/// The units an administrator may choose in a picker (the active ones of its subtree), each
/// labelled with its place in the tree.
fn unit_choices(viewer: &Viewer, tree: &[TreeUnit], selected: Option<i64>) -> Vec<Value> {
    tree.iter()
        .filter(|t| t.unit.active)
        .map(|t| {
            let indent = "\u{3000}".repeat(t.depth);
            json!({
                "id": t.unit.id,
                "label": format!("{indent}{} ({})", unit_name(viewer, &t.unit.name_zh, &t.unit.name_en), t.unit.key),
                "selected": Some(t.unit.id) == selected,
            })
        })
        .collect()
}

/// `[{value, label, selected}]` for a select of a closed vocabulary.
fn choices<T: Copy + PartialEq>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    selected: Option<T>,
) -> Vec<Value> {
    all.iter().map(|&v| json!({ "value": value(v), "label": label(v), "selected": Some(v) == selected })).collect()
}

/// The text fields and the file of an upload form, its CSRF token checked first.
async fn read_upload(viewer: &Viewer, form: Multipart) -> Result<Vec<(String, String)>, PageError> {
    Ok(forms::read_text_upload(form, &|sent| viewer.csrf_ok(sent)).await?)
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
            Err(PageError::unprocessable("confirm", "tick the box to confirm"))
        }
    }
}

/// A form with nothing but its csrf field (a button).
#[derive(Deserialize)]
pub struct Nothing {}
