//! The unit tree and the accounts: list, create, edit, move, deactivate, import a units file,
//! reset a password.

use axum::{
    extract::{Multipart, State},
    response::Response,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Confirm, PageId, admin_only, choices, language, read_upload, unit_choices, unit_name, uploaded_file};
use crate::domain::ids::{UnitId, UserId};
use crate::{
    domain::{
        drafting::{FUNCTIONS, function_label},
        organisation::{Change, UnitFields},
        vocabulary::{Locale, Role, UnitKind, UnitLevel},
    },
    services::{
        admin::{self, TreeUnit, UnitEdit},
        setup::UserInput,
        units_import,
    },
    web::{
        AppState, WebError,
        pages::frame::{CsrfForm, Viewer, see_other},
    },
};

/// An optional text field: left empty, it is not given.
fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn function_choices(viewer: &Viewer, selected: Option<&str>) -> Vec<Value> {
    FUNCTIONS
        .iter()
        .map(|code| {
            json!({ "value": code, "label": function_label(code, language(viewer)).unwrap_or(code),
                    "selected": Some(*code) == selected })
        })
        .collect()
}

fn kind_choices(viewer: &Viewer, selected: Option<UnitKind>) -> Vec<Value> {
    choices(UnitKind::ALL, |k| k.as_str(), |k| viewer.t(&format!("kind-{}", k.as_str())), selected)
}

fn level_choices(viewer: &Viewer, selected: Option<UnitLevel>) -> Vec<Value> {
    choices(UnitLevel::ALL, |l| l.as_str(), |l| viewer.t(&format!("level-{}", l.as_str())), selected)
}

fn tree_row(viewer: &Viewer, t: &TreeUnit) -> Value {
    let u = &t.unit;
    json!({
        "id": u.id, "key": u.key, "name": unit_name(viewer, &u.name_zh, &u.name_en),
        "name_zh": u.name_zh, "name_en": u.name_en,
        "depth": t.depth.min(6), "active": u.active,
        "kind": viewer.t(&format!("kind-{}", u.kind.as_str())),
        "level": viewer.t(&format!("level-{}", u.level.as_str())),
        "function": u.function.as_deref().map(|f| function_label(f, language(viewer)).unwrap_or(f).to_owned()),
        "email": t.email, "head_email": t.head_email,
    })
}

/// The unit tree, the form for a new unit and the import of a units file.
pub async fn units(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let tree = admin::unit_tree(&state.ctx, &viewer.actor()).await?;
    let rows: Vec<Value> = tree.iter().map(|t| tree_row(&viewer, t)).collect();
    viewer.render(
        &state,
        "pages/admin/units",
        &viewer.t("admin-units-title"),
        json!({
            "units": rows,
            "parents": unit_choices(&viewer, &tree, Some((viewer.actor().unit_id).0)),
            "kinds": kind_choices(&viewer, Some(UnitKind::Department)),
            "levels": level_choices(&viewer, None),
            "functions": function_choices(&viewer, None),
        }),
    )
}

#[derive(Deserialize)]
pub struct NewUnitForm {
    parent_id: i64,
    key: String,
    kind: UnitKind,
    level: UnitLevel,
    name_zh: String,
    name_en: String,
    function: Option<String>,
    email: Option<String>,
    head_email: Option<String>,
}

pub async fn create_unit(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<NewUnitForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let fields = UnitFields {
        key: form.key.trim().to_owned(),
        parent_key: None,
        kind: form.kind,
        level: form.level,
        function: given(form.function),
        name_zh: form.name_zh,
        name_en: form.name_en,
        email: given(form.email),
        head_email: given(form.head_email),
    };
    let unit = admin::create_unit(&state.ctx, &viewer.actor(), UnitId(form.parent_id), fields).await?;
    Ok(see_other(&format!("/admin/units/{}?notice=notice-admin-unit-created", unit.id)))
}

/// One unit: its fields to edit, a new parent, and deactivation.
pub async fn unit(State(state): State<AppState>, viewer: Viewer, PageId(id): PageId) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let tree = admin::unit_tree(&state.ctx, &viewer.actor()).await?;
    let this = tree.iter().find(|t| t.unit.id == UnitId(id)).ok_or(WebError::NotFound("unit"))?;
    let parents: Vec<Value> = unit_choices(&viewer, &tree, this.unit.parent_id.map(UnitId::get))
        .into_iter()
        .filter(|choice| choice["id"].as_i64() != Some(id))
        .collect();
    let parent = this.unit.parent_id.and_then(|p| tree.iter().find(|t| t.unit.id == p)).map(|t| tree_row(&viewer, t));
    let title = unit_name(&viewer, &this.unit.name_zh, &this.unit.name_en);
    viewer.render(
        &state,
        "pages/admin/unit",
        &title,
        json!({
            "unit": tree_row(&viewer, this),
            "parent": parent,
            "parents": parents,
            "functions": function_choices(&viewer, this.unit.function.as_deref()),
            "own": this.unit.id == viewer.actor().unit_id,
        }),
    )
}

#[derive(Deserialize)]
pub struct UnitEditForm {
    name_zh: String,
    name_en: String,
    function: Option<String>,
    email: Option<String>,
    head_email: Option<String>,
}

pub async fn edit_unit(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<UnitEditForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let edit = UnitEdit {
        name_zh: form.name_zh,
        name_en: form.name_en,
        function: given(form.function),
        email: given(form.email),
        head_email: given(form.head_email),
    };
    admin::edit_unit(&state.ctx, &viewer.actor(), UnitId(id), edit).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-saved")))
}

#[derive(Deserialize)]
pub struct MoveUnitForm {
    parent_id: i64,
}

pub async fn move_unit(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<MoveUnitForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    admin::move_unit(&state.ctx, &viewer.actor(), UnitId(id), UnitId(form.parent_id)).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-moved")))
}

pub async fn deactivate_unit(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<Confirm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    form.required()?;
    admin::deactivate_unit(&state.ctx, &viewer.actor(), UnitId(id)).await?;
    Ok(see_other(&format!("/admin/units/{id}?notice=notice-admin-unit-deactivated")))
}

/// The dry run of a units file: what importing it would change, and a form to apply it.
pub async fn preview_import(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Multipart,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let fields = read_upload(&viewer, form).await?;
    let text = uploaded_file(&fields)?;
    let plan = units_import::preview(&state.ctx, &viewer.actor(), &text).await?;
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .filter(|step| step.change != Change::Unchanged)
        .map(|step| {
            let unit = &step.unit;
            let (change, details) = match &step.change {
                Change::Add => ("admin-import-add", unit.parent_key.clone().unwrap_or_default()),
                Change::Update(changes) => (
                    if step.moves() { "admin-import-move" } else { "admin-import-change" },
                    changes
                        .iter()
                        .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Change::Unchanged => ("admin-import-unchanged", String::new()),
            };
            json!({ "line": step.line, "key": unit.key, "name": unit_name(&viewer, &unit.name_zh, &unit.name_en),
                    "change": viewer.t(change), "details": details })
        })
        .collect();
    let added = plan.count(|c| *c == Change::Add);
    let changed = plan.count(|c| matches!(c, Change::Update(_)));
    viewer.render(
        &state,
        "pages/admin/units_import",
        &viewer.t("admin-import-title"),
        json!({
            "steps": steps,
            "total": plan.steps.len(),
            "added": added,
            "changed": changed,
            "unchanged": plan.steps.len() - added - changed,
            "text": text,
        }),
    )
}

#[derive(Deserialize)]
pub struct ApplyImportForm {
    text: String,
}

pub async fn apply_import(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<ApplyImportForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    units_import::import_by(&state.ctx, &viewer.actor(), &form.text).await?;
    Ok(see_other("/admin/units?notice=notice-admin-units-imported"))
}

fn role_choices(viewer: &Viewer, selected: Option<Role>) -> Vec<Value> {
    choices(Role::ALL, |r| r.as_str(), |r| viewer.t(&format!("role-{}", r.as_str())), selected)
}

/// The accounts of the administrator's subtree and the form for a new one.
pub async fn users(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let actor = viewer.actor();
    let tree = admin::unit_tree(&state.ctx, &actor).await?;
    let users = admin::list_users(&state.ctx, &actor).await?;
    let rows: Vec<Value> = users
        .iter()
        .map(|u| {
            let unit = tree.iter().find(|t| t.unit.id == u.unit_id);
            json!({
                "id": u.id, "username": u.username, "display_name": u.display_name, "email": u.email,
                "role": viewer.t(&format!("role-{}", u.role.as_str())), "active": u.active,
                "unit": unit.map(|t| unit_name(&viewer, &t.unit.name_zh, &t.unit.name_en)),
            })
        })
        .collect();
    viewer.render(
        &state,
        "pages/admin/users",
        &viewer.t("admin-users-title"),
        json!({
            "users": rows,
            "roles": role_choices(&viewer, Some(Role::Officer)),
            "units": unit_choices(&viewer, &tree, None),
        }),
    )
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: Option<String>,
    email: String,
    role: Role,
    unit_id: i64,
    locale: Option<Locale>,
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let username = form.username.trim().to_owned();
    let user = UserInput {
        display_name: given(form.display_name).unwrap_or_else(|| username.clone()),
        username,
        email: form.email.trim().to_owned(),
        role: form.role,
        unit_key: String::new(),
        locale: form.locale.unwrap_or(Locale::Zh),
    };
    let user = admin::create_user(&state.ctx, &viewer.actor(), UnitId(form.unit_id), user, &form.password).await?;
    Ok(see_other(&format!("/admin/users/{}?notice=notice-admin-user-created", user.id)))
}

/// One account: move it, reset its password, deactivate it.
pub async fn user(State(state): State<AppState>, viewer: Viewer, PageId(id): PageId) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    let actor = viewer.actor();
    let user = admin::list_users(&state.ctx, &actor)
        .await?
        .into_iter()
        .find(|u| u.id == UserId(id))
        .ok_or(WebError::NotFound("user"))?;
    let tree = admin::unit_tree(&state.ctx, &actor).await?;
    let unit = tree.iter().find(|t| t.unit.id == user.unit_id);
    viewer.render(
        &state,
        "pages/admin/user",
        &user.display_name,
        json!({
            "user": {
                "id": user.id, "username": user.username, "display_name": user.display_name, "email": user.email,
                "role": viewer.t(&format!("role-{}", user.role.as_str())), "active": user.active,
                "locale": user.locale.as_str(),
                "unit": unit.map(|t| unit_name(&viewer, &t.unit.name_zh, &t.unit.name_en)),
            },
            "units": unit_choices(&viewer, &tree, Some(user.unit_id.0)),
            "is_self": user.id == actor.user_id,
        }),
    )
}

#[derive(Deserialize)]
pub struct MoveUserForm {
    unit_id: i64,
}

pub async fn move_user(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<MoveUserForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    admin::move_user(&state.ctx, &viewer.actor(), UserId(id), UnitId(form.unit_id)).await?;
    Ok(see_other(&format!("/admin/users/{id}?notice=notice-admin-user-moved")))
}

pub async fn deactivate_user(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<Confirm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    form.required()?;
    admin::deactivate_user(&state.ctx, &viewer.actor(), UserId(id)).await?;
    Ok(see_other(&format!("/admin/users/{id}?notice=notice-admin-user-deactivated")))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    viewer: Viewer,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    admin_only(&viewer)?;
    admin::reset_password(&state.ctx, &viewer.actor(), UserId(id), &form.password).await?;
    Ok(see_other(&format!("/admin/users/{id}?notice=notice-admin-password-reset")))
}
