//! The pages of the admins: the unit tree, accounts, keyword rules, escalation ladders, the
//! working-day calendar and the outbox. Every page and form is for administrators only; each
//! calls the service the JSON API calls.

mod calendar;
mod org;
mod outbox;
mod rules;

use axum::{
    Router,
    extract::{FromRequestParts, Multipart, Path},
    http::request::Parts,
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::frame::Viewer;
use crate::domain::ids::UnitId;
use crate::{
    domain::{
        drafting::Language,
        vocabulary::{Locale, Role},
    },
    services::admin::TreeUnit,
    web::{AppState, WebError},
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

/// Every admin page and form: administrators only (others get the 403 page).
fn admin_only(viewer: &Viewer) -> Result<(), WebError> {
    viewer.require(&[Role::Admin])
}

/// A positive id in the path; anything else is a 400 page naming `id`.
pub struct PageId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PageId {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(PageId(id)),
            _ => Err(WebError::bad_request("id", "must be a positive whole number")),
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
                "selected": Some(t.unit.id) == selected.map(UnitId),
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

/// The largest CSV file an import page reads.
const MAX_CSV_BYTES: usize = 1024 * 1024;

/// The fields of an upload form whose first field is `csrf`: the token is checked before any
/// other field is read, then every field is returned (the file's as text).
async fn read_upload(viewer: &Viewer, mut form: Multipart) -> Result<Vec<(String, String)>, WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| WebError::BadInput {
        status: e.status(),
        field: "body".into(),
        reason: e.body_text(),
    };
    let first = form.next_field().await.map_err(bad)?;
    match first {
        Some(field) if field.name() == Some("csrf") => viewer.check_csrf(&field.text().await.map_err(bad)?)?,
        _ => return Err(WebError::Forbidden("error-csrf".into())),
    }
    let mut fields = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(piece) = field.chunk().await.map_err(bad)? {
            bytes.extend_from_slice(&piece);
            if bytes.len() > MAX_CSV_BYTES {
                return Err(WebError::unprocessable(name, format!("at most {} KiB", MAX_CSV_BYTES / 1024)));
            }
        }
        let text = String::from_utf8(bytes).map_err(|_| WebError::unprocessable(name.clone(), "must be UTF-8 text"))?;
        fields.push((name, text));
    }
    Ok(fields)
}

/// The text of the upload's `file` field, which must not be empty.
fn uploaded_file(fields: &[(String, String)]) -> Result<String, WebError> {
    fields
        .iter()
        .find(|(name, _)| name == "file")
        .map(|(_, text)| text.clone())
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| WebError::unprocessable("file", "choose a CSV file"))
}

/// A checkbox that confirms a step that cannot simply be undone.
#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    pub confirm: Option<String>,
}

impl Confirm {
    fn required(&self) -> Result<(), WebError> {
        if self.confirm.as_deref() == Some("yes") {
            Ok(())
        } else {
            Err(WebError::unprocessable("confirm", "tick the box to confirm"))
        }
    }
}

/// A form with nothing but its csrf field (a button).
#[derive(Deserialize)]
pub struct Nothing {}
