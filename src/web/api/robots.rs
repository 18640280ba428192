//! A unit's group robots (DingTalk, WeCom, Feishu) over the API, for administrators within
//! their subtree. Answers never hold the webhook's token or the signing secret.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{PartialSchema, ToSchema, openapi::schema::ObjectBuilder, openapi::schema::Type};

use super::{
    extract::{ApiJson, Id},
    views::Name,
};
use crate::{
    domain::{ids::UnitId, vocabulary::RobotKind},
    services::robots::{self, Robot, RobotInput},
    web::{AppState, WebError, auth::Auth},
};

/// A webhook address: http(s), a host of letters, digits, '.' and '-' with an optional port,
/// then a path or query without whitespace, control characters or '#' (`domain::robots::check_webhook`).
pub struct WebhookUrl;

impl PartialSchema for WebhookUrl {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?][^\x00-\x20\x7f-\x9f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000#]*)?$"))
            .max_length(Some(2000))
            .build()
            .into()
    }
}

impl ToSchema for WebhookUrl {}

/// A signing secret: printable ASCII without spaces; empty for none.
pub struct RobotSecret;

impl PartialSchema for RobotSecret {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        ObjectBuilder::new().schema_type(Type::String).pattern(Some(r"^[!-~]{0,200}$")).build().into()
    }
}

impl ToSchema for RobotSecret {}

#[derive(Serialize, ToSchema)]
pub struct RobotView {
    pub id: i64,
    pub unit_id: i64,
    #[schema(example = "dingtalk")]
    pub kind: String,
    pub name: String,
    /// The webhook masked: scheme, host and its last four characters (the token is a secret).
    #[schema(example = "https://oapi.dingtalk.com/…9f3a")]
    pub webhook: String,
    /// Whether requests are signed; the secret itself is never shown.
    pub signed: bool,
    pub enabled: bool,
}

impl From<Robot> for RobotView {
    fn from(r: Robot) -> Self {
        RobotView {
            id: r.id,
            unit_id: r.unit_id.0,
            kind: r.kind.as_str().to_owned(),
            name: r.name,
            webhook: r.webhook,
            signed: r.signed,
            enabled: r.enabled,
        }
    }
}

/// A robot to add. A WeCom robot does not sign: a secret given for one is not kept.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRobotBody {
    #[schema(example = "dingtalk")]
    pub kind: RobotKind,
    #[schema(value_type = Name)]
    pub name: String,
    #[schema(value_type = WebhookUrl)]
    pub webhook_url: String,
    #[schema(value_type = Option<RobotSecret>)]
    pub secret: Option<String>,
    #[serde(default = "enabled")]
    #[schema(default = true)]
    pub enabled: bool,
}

impl From<NewRobotBody> for RobotInput {
    fn from(b: NewRobotBody) -> Self {
        RobotInput {
            kind: b.kind,
            name: b.name,
            webhook_url: Some(b.webhook_url),
            secret: b.secret,
            clear_secret: false,
            enabled: b.enabled,
        }
    }
}

/// A robot's new settings: a `webhook_url` or `secret` left out keeps the saved one;
/// `clear_secret` removes the secret. A WeCom robot does not sign: a secret given for one is
/// not kept.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RobotBody {
    #[schema(example = "dingtalk")]
    pub kind: RobotKind,
    #[schema(value_type = Name)]
    pub name: String,
    #[schema(value_type = Option<WebhookUrl>)]
    pub webhook_url: Option<String>,
    #[schema(value_type = Option<RobotSecret>)]
    pub secret: Option<String>,
    #[serde(default)]
    pub clear_secret: bool,
    #[serde(default = "enabled")]
    #[schema(default = true)]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

impl From<RobotBody> for RobotInput {
    fn from(b: RobotBody) -> Self {
        RobotInput {
            kind: b.kind,
            name: b.name,
            webhook_url: b.webhook_url,
            secret: b.secret,
            clear_secret: b.clear_secret,
            enabled: b.enabled,
        }
    }
}

/// A unit's group robots (admins, a unit of their subtree).
#[utoipa::path(get, path = "/api/v1/units/{id}/robots", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = [RobotView]), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_robots(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Vec<RobotView>>, WebError> {
    Ok(Json(robots::of_unit(&state.ctx, &auth.actor(), UnitId(id)).await?.into_iter().map(Into::into).collect()))
}

/// Add a group robot to a unit (admins, a unit of their subtree).
#[utoipa::path(post, path = "/api/v1/units/{id}/robots", tag = "units", params(("id" = i64, Path)), request_body = NewRobotBody,
    responses((status = 201, body = RobotView), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_robot(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<NewRobotBody>,
) -> Result<(StatusCode, Json<RobotView>), WebError> {
    let robot = robots::create(&state.ctx, &auth.actor(), UnitId(id), body.into()).await?;
    Ok((StatusCode::CREATED, Json(robot.into())))
}

/// Change a group robot (admins, a robot of a unit of their subtree).
#[utoipa::path(put, path = "/api/v1/robots/{id}", tag = "units", params(("id" = i64, Path)), request_body = RobotBody,
    responses((status = 200, body = RobotView), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_robot(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<RobotBody>,
) -> Result<Json<RobotView>, WebError> {
    Ok(Json(robots::update(&state.ctx, &auth.actor(), id, body.into()).await?.into()))
}

/// Remove a group robot (admins); its messages still in the outbox are skipped.
#[utoipa::path(delete, path = "/api/v1/robots/{id}", tag = "units", params(("id" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn delete_robot(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<StatusCode, WebError> {
    robots::remove(&state.ctx, &auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
