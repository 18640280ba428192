//! Calendar feeds: the signed-in user's private feed addresses, made (the address shown once),
//! listed and revoked. The feed itself is served outside the API, at `/calendar/{secret}.ics`.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id},
    views::{CalendarFeedView, Label, NewCalendarFeedView},
};
use crate::{
    services::calendar_feeds,
    web::{AppState, WebError, auth::Auth, feed_address},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCalendarFeed {
    /// Which calendar program or device subscribes with it, to tell the addresses apart.
    #[schema(value_type = Label)]
    pub name: String,
}

/// Make a private calendar feed address (iCalendar) of the user's deadlines; the address is
/// shown once. Secretariat, officers and leaders.
#[utoipa::path(post, path = "/api/v1/calendar-feeds", tag = "session", request_body = NewCalendarFeed,
    responses((status = 201, body = NewCalendarFeedView), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_feed(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewCalendarFeed>,
) -> Result<(StatusCode, Json<NewCalendarFeedView>), WebError> {
    let (feed, secret) = calendar_feeds::create(&state.ctx, &auth.actor(), &body.name).await?;
    let url = feed_address(&state.ctx.config.base_url, &secret);
    Ok((StatusCode::CREATED, Json(NewCalendarFeedView { id: feed.id, name: feed.name, url })))
}

/// The user's calendar feeds (never their addresses).
#[utoipa::path(get, path = "/api/v1/calendar-feeds", tag = "session",
    responses((status = 200, body = [CalendarFeedView]), (status = 401)), security(("bearer" = []), ("session" = [])))]
pub async fn list_feeds(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<CalendarFeedView>>, WebError> {
    Ok(Json(calendar_feeds::list(&state.ctx, &auth.actor()).await?.into_iter().map(Into::into).collect()))
}

/// Revoke one of the user's calendar feeds: its address answers 404 from then on.
#[utoipa::path(delete, path = "/api/v1/calendar-feeds/{id}", tag = "session", params(("id" = i64, Path)),
    responses((status = 200, body = CalendarFeedView), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revoke_feed(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<CalendarFeedView>, WebError> {
    Ok(Json(calendar_feeds::revoke(&state.ctx, &auth.actor(), id).await?.into()))
}
