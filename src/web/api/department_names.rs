//! The department names drafting recognises, edited by the root's administrator as the keyword
//! rules are; read by anyone signed in.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id},
    views::{LineOfWork, Name},
};
use crate::{
    domain::drafting::DepartmentName,
    services::department_names::{self, StoredName},
    web::{AppState, WebError, auth::Auth},
};

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentNameBody {
    /// The name as minutes write it ("住建部门", "the transport bureau", "AMR").
    #[schema(value_type = Name)]
    pub name: String,
    /// The line of work the name stands for.
    #[schema(value_type = LineOfWork)]
    pub function: String,
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentNameView {
    pub id: i64,
    pub name: String,
    pub function: String,
}

impl From<StoredName> for DepartmentNameView {
    fn from(StoredName { id, name }: StoredName) -> Self {
        DepartmentNameView { id, name: name.name, function: name.function }
    }
}

impl From<DepartmentNameBody> for DepartmentName {
    fn from(b: DepartmentNameBody) -> Self {
        DepartmentName { name: b.name, function: b.function, unit: None }
    }
}

/// The department names drafting recognises when the unit tree does not name a unit.
#[utoipa::path(get, path = "/api/v1/department-names", tag = "drafting",
    responses((status = 200, body = [DepartmentNameView]), (status = 401)), security(("bearer" = []), ("session" = [])))]
pub async fn list_department_names(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<DepartmentNameView>>, WebError> {
    Ok(Json(department_names::list(&state.ctx).await?.into_iter().map(Into::into).collect()))
}

/// Add a department name (the root's admins).
#[utoipa::path(post, path = "/api/v1/department-names", tag = "drafting", request_body = DepartmentNameBody,
    responses((status = 201, body = DepartmentNameView), (status = 401), (status = 403), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_department_name(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<DepartmentNameBody>,
) -> Result<(StatusCode, Json<DepartmentNameView>), WebError> {
    let saved = department_names::put(&state.ctx, &auth.actor(), None, body.into()).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// Replace a department name (the root's admins).
#[utoipa::path(put, path = "/api/v1/department-names/{id}", tag = "drafting", params(("id" = i64, Path)),
    request_body = DepartmentNameBody,
    responses((status = 200, body = DepartmentNameView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_department_name(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<DepartmentNameBody>,
) -> Result<Json<DepartmentNameView>, WebError> {
    Ok(Json(department_names::put(&state.ctx, &auth.actor(), Some(id), body.into()).await?.into()))
}

/// Delete a department name (the root's admins).
#[utoipa::path(delete, path = "/api/v1/department-names/{id}", tag = "drafting", params(("id" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn delete_department_name(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<StatusCode, WebError> {
    department_names::delete(&state.ctx, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
