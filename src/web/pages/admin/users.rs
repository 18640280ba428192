//! The accounts of the administrator's subtree: list, create, move, reset a password,
//! deactivate.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::{Confirm, PageId, unit_choices, units::given};
use crate::{
    domain::{
        ids::{UnitId, UserId},
        vocabulary::{Locale, Role},
    },
    services::{
        admin::{self, TreeUnit},
        records::User,
        setup::UserInput,
    },
    web::{
        AppState,
        pages::{
            error::{PageError, PageResult},
            frame::{Admin, CsrfForm, Viewer, see_other},
            view::{Choice, page},
        },
    },
};

/// One account, as the list and its own page show it.
#[derive(Serialize)]
struct UserRow {
    id: UserId,
    username: String,
    display_name: String,
    email: String,
    role: String,
    active: bool,
    locale: &'static str,
    unit: Option<String>,
}

impl UserRow {
    fn new(viewer: &Viewer, u: &User, tree: &[TreeUnit]) -> UserRow {
        UserRow {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            role: viewer.term("role", u.role.as_str()),
            active: u.active,
            locale: u.locale.as_str(),
            unit: tree.iter().find(|t| t.unit.id == u.unit_id).map(|t| viewer.unit_name(&t.unit)),
        }
    }
}

#[derive(Serialize)]
struct UsersPage {
    users: Vec<UserRow>,
    roles: Vec<Choice>,
    units: Vec<Choice>,
}
page!(UsersPage => "pages/admin/users");

/// The accounts of the administrator's subtree and the form for a new one.
pub async fn users(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let actor = viewer.actor();
    let tree = admin::unit_tree(&state.ctx, &actor).await?;
    let users = admin::list_users(&state.ctx, &actor).await?;
    let view = UsersPage {
        users: users.iter().map(|u| UserRow::new(&viewer, u, &tree)).collect(),
        roles: Choice::all(Role::ALL, Some(Role::Officer), Role::as_str, |r| viewer.term("role", r.as_str())),
        units: unit_choices(&viewer, &tree, None),
    };
    viewer.render(&state, &viewer.t("admin-users-title"), &view)
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
    viewer: Admin,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> PageResult {
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

#[derive(Serialize)]
struct UserPage {
    user: UserRow,
    units: Vec<Choice>,
    is_self: bool,
}
page!(UserPage => "pages/admin/user");

/// One account: move it, reset its password, deactivate it.
pub async fn user(State(state): State<AppState>, viewer: Admin, PageId(id): PageId) -> PageResult {
    let actor = viewer.actor();
    let user = admin::list_users(&state.ctx, &actor)
        .await?
        .into_iter()
        .find(|u| u.id == UserId(id))
        .ok_or(PageError::not_found("user"))?;
    let tree = admin::unit_tree(&state.ctx, &actor).await?;
    let view = UserPage {
        user: UserRow::new(&viewer, &user, &tree),
        units: unit_choices(&viewer, &tree, Some(user.unit_id)),
        is_self: user.id == actor.user_id,
    };
    viewer.render(&state, &user.display_name, &view)
}

#[derive(Deserialize)]
pub struct MoveUserForm {
    unit_id: i64,
}

pub async fn move_user(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<MoveUserForm>,
) -> PageResult {
    admin::move_user(&state.ctx, &viewer.actor(), UserId(id), UnitId(form.unit_id)).await?;
    Ok(see_other(&format!("/admin/users/{id}?notice=notice-admin-user-moved")))
}

pub async fn deactivate_user(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<Confirm>,
) -> PageResult {
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
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> PageResult {
    admin::reset_password(&state.ctx, &viewer.actor(), UserId(id), &form.password).await?;
    Ok(see_other(&format!("/admin/users/{id}?notice=notice-admin-password-reset")))
}
