//! What administrators do over the API: units (create, edit, move, deactivate) and accounts
//! (list, create, move, deactivate, reset the password). Others are refused with 403; a unit
//! or account outside the administrator's subtree is not found.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id},
    views::{
        AccessEndedView, Email, EmailOrNothing, Handle, Line, LineOfWork, Name, NameOrNothing, PrefixOrNothing,
        UnitView, UserView,
    },
};
use crate::domain::ids::{UnitId, UserId};
use crate::{
    domain::{
        organisation::UnitFields,
        vocabulary::{Locale, Role, UnitKind, UnitLevel},
    },
    services::{
        admin::{self, UnitEdit},
        setup::UserInput,
    },
    web::{AppState, WebError, auth::Auth},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitBody {
    /// What files and people name the unit by: letters, digits, '-', '_', '.' (at most 64).
    #[schema(value_type = Handle, example = "jj-sl")]
    pub key: String,
    /// The unit it sits under, within your reach and active.
    #[schema(minimum = 1)]
    pub parent_id: i64,
    #[schema(example = "department")]
    pub kind: UnitKind,
    /// Not above the parent's level.
    #[schema(example = "municipal")]
    pub level: UnitLevel,
    #[schema(value_type = Name)]
    pub name_zh: String,
    #[schema(value_type = Name)]
    pub name_en: String,
    /// The line of work drafting suggests units by, e.g. water_resources.
    #[schema(value_type = Option<LineOfWork>)]
    pub function: Option<String>,
    #[schema(value_type = Option<EmailOrNothing>)]
    pub email: Option<String>,
    /// Where escalations to the unit's head go.
    #[schema(value_type = Option<EmailOrNothing>)]
    pub head_email: Option<String>,
    /// What minutes call the unit for short ("市住建局"); drafting matches it.
    #[schema(value_type = Option<NameOrNothing>)]
    pub short_name: Option<String>,
    /// Other names minutes call the unit by ("住建局", "the housing bureau"); drafting matches them.
    #[serde(default)]
    #[schema(value_type = Vec<Name>, max_items = 20)]
    pub aliases: Vec<String>,
    /// The prefix of the 文号 its directives get when issued ("赣安办督" gives 赣安办督〔2026〕1号).
    #[schema(value_type = Option<PrefixOrNothing>)]
    pub doc_prefix: Option<String>,
}

/// Create a unit (admins).
#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = NewUnitBody,
    responses((status = 201, body = UnitView), (status = 401), (status = 403), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_unit(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewUnitBody>,
) -> Result<(StatusCode, Json<UnitView>), WebError> {
    let fields = UnitFields {
        key: body.key,
        parent_key: None,
        kind: body.kind,
        level: body.level,
        function: body.function,
        name_zh: body.name_zh,
        name_en: body.name_en,
        email: body.email,
        head_email: body.head_email,
        short_name: body.short_name,
        aliases: body.aliases,
        doc_prefix: body.doc_prefix,
    };
    let unit = admin::create_unit(&state.ctx, &auth.actor(), UnitId(body.parent_id), fields).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

/// A unit's names, line of work and addresses; a field left out is cleared.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitEditBody {
    #[schema(value_type = Name)]
    pub name_zh: String,
    #[schema(value_type = Name)]
    pub name_en: String,
    #[schema(value_type = Option<LineOfWork>)]
    pub function: Option<String>,
    #[schema(value_type = Option<EmailOrNothing>)]
    pub email: Option<String>,
    #[schema(value_type = Option<EmailOrNothing>)]
    pub head_email: Option<String>,
    /// What minutes call the unit for short ("市住建局"); drafting matches it.
    #[schema(value_type = Option<NameOrNothing>)]
    pub short_name: Option<String>,
    /// Other names minutes call the unit by; drafting matches them.
    #[serde(default)]
    #[schema(value_type = Vec<Name>, max_items = 20)]
    pub aliases: Vec<String>,
    /// The prefix of the 文号 its directives get when issued ("赣安办督" gives 赣安办督〔2026〕1号).
    #[schema(value_type = Option<PrefixOrNothing>)]
    pub doc_prefix: Option<String>,
}

/// Rename a unit and set its line of work, e-mail addresses, short name, aliases and 文号 prefix (admins).
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "units", params(("id" = i64, Path)), request_body = UnitEditBody,
    responses((status = 200, body = UnitView), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn edit_unit(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<UnitEditBody>,
) -> Result<Json<UnitView>, WebError> {
    let edit = UnitEdit {
        name_zh: body.name_zh,
        name_en: body.name_en,
        function: body.function,
        email: body.email,
        head_email: body.head_email,
        short_name: body.short_name,
        aliases: body.aliases,
        doc_prefix: body.doc_prefix,
    };
    Ok(Json(admin::edit_unit(&state.ctx, &auth.actor(), UnitId(id), edit).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveUnitBody {
    /// The new parent: within your reach, active, not the unit itself nor below it.
    #[schema(minimum = 1)]
    pub parent_id: i64,
}

/// Move a unit, with everything below it, under another parent (admins). Users of the new
/// parent see its tasks at once; those of the old parent no longer do.
#[utoipa::path(post, path = "/api/v1/units/{id}/move", tag = "units", params(("id" = i64, Path)), request_body = MoveUnitBody,
    responses((status = 200, body = UnitView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn move_unit(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<MoveUnitBody>,
) -> Result<Json<UnitView>, WebError> {
    Ok(Json(admin::move_unit(&state.ctx, &auth.actor(), UnitId(id), UnitId(body.parent_id)).await?.into()))
}

/// Deactivate a unit (admins): it keeps its history and stays readable, but is assigned no new
/// tasks. Refused (409) while active units sit below it.
#[utoipa::path(post, path = "/api/v1/units/{id}/deactivate", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = UnitView), (status = 401), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = []), ("session" = [])))]
pub async fn deactivate_unit(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<UnitView>, WebError> {
    Ok(Json(admin::deactivate_unit(&state.ctx, &auth.actor(), UnitId(id)).await?.into()))
}

/// The accounts of your unit and every unit below it (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [UserView]), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_users(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<UserView>>, WebError> {
    Ok(Json(admin::list_users(&state.ctx, &auth.actor()).await?.iter().map(UserView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    /// Letters, digits, '-', '_' or '.' (at most 64).
    #[schema(value_type = Handle)]
    pub username: String,
    /// The name shown to others (default: the username).
    #[schema(value_type = Option<Line>)]
    pub display_name: Option<String>,
    #[schema(value_type = Email)]
    pub email: String,
    #[schema(example = "officer")]
    pub role: Role,
    /// The user's unit: within your reach and active.
    #[schema(minimum = 1)]
    pub unit_id: i64,
    /// zh (default) or en.
    #[schema(example = "zh")]
    pub locale: Option<Locale>,
    /// The first password, at least 8 characters.
    #[schema(min_length = 8)]
    pub password: String,
}

/// Create an account (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = UserView), (status = 401), (status = 403), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<UserView>), WebError> {
    let user = UserInput {
        display_name: body.display_name.unwrap_or_else(|| body.username.clone()),
        username: body.username,
        email: body.email,
        role: body.role,
        unit_key: String::new(),
        locale: body.locale.unwrap_or(Locale::Zh),
    };
    let user = admin::create_user(&state.ctx, &auth.actor(), UnitId(body.unit_id), user, &body.password).await?;
    Ok((StatusCode::CREATED, Json(UserView::from(&user))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveUserBody {
    /// The user's new unit: within your reach and active.
    #[schema(minimum = 1)]
    pub unit_id: i64,
}

/// Move an account to another unit (admins). From its next request on it sees what the new
/// unit sees, and nothing of the old one's.
#[utoipa::path(post, path = "/api/v1/users/{id}/move", tag = "users", params(("id" = i64, Path)), request_body = MoveUserBody,
    responses((status = 200, body = UserView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn move_user(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<MoveUserBody>,
) -> Result<Json<UserView>, WebError> {
    Ok(Json(UserView::from(&admin::move_user(&state.ctx, &auth.actor(), UserId(id), UnitId(body.unit_id)).await?)))
}

/// Deactivate an account (admins): it can no longer sign in, its sessions end and its API
/// tokens are revoked; the answer says how many.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = AccessEndedView), (status = 401), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = []), ("session" = [])))]
pub async fn deactivate_user(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<AccessEndedView>, WebError> {
    let (user, ended) = admin::deactivate_user(&state.ctx, &auth.actor(), UserId(id)).await?;
    Ok(Json(AccessEndedView::new(&user, ended)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// At least 8 characters.
    #[schema(min_length = 8)]
    pub password: String,
}

/// Set a new password for an account, end its sessions and revoke its API tokens (admins);
/// the answer says how many.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path)), request_body = PasswordBody,
    responses((status = 200, body = AccessEndedView), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn reset_password(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<Json<AccessEndedView>, WebError> {
    let (user, ended) = admin::reset_password(&state.ctx, &auth.actor(), UserId(id), &body.password).await?;
    Ok(Json(AccessEndedView::new(&user, ended)))
}
