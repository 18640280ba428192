//! The working-day calendar: holidays and make-up working days.

use crate::domain::message::Message;
use axum::{
    Json,
    extract::{FromRequestParts, Path, State},
    http::{StatusCode, request::Parts},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiQuery},
    views::Label,
};
use crate::{
    domain::vocabulary::DayKind,
    services::{calendar, records::CalendarDay},
    web::{AppState, WebError, auth::Auth},
};

/// A date in the path, as YYYY-MM-DD.
pub struct Day(pub NaiveDate);

impl<S: Send + Sync> FromRequestParts<S> for Day {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let text = Path::<String>::from_request_parts(parts, state).await.map(|Path(t)| t).unwrap_or_default();
        text.parse()
            .map(Day)
            .map_err(|_| WebError::bad_request("day", Message::new("error-not-a-date").text("value", text.clone())))
    }
}

#[derive(Serialize, ToSchema)]
pub struct CalendarDayView {
    pub day: NaiveDate,
    /// holiday (a weekday off) or workday (a weekend day worked).
    #[schema(example = "holiday")]
    pub kind: String,
    pub name: String,
}

impl From<CalendarDay> for CalendarDayView {
    fn from(d: CalendarDay) -> Self {
        CalendarDayView { day: d.day, kind: d.kind.to_string(), name: d.name }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The holidays and make-up working days between two dates.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar", params(CalendarQuery),
    responses((status = 200, body = [CalendarDayView]), (status = 400), (status = 401), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    ApiQuery(query): ApiQuery<CalendarQuery>,
) -> Result<Json<Vec<CalendarDayView>>, WebError> {
    Ok(Json(calendar::list(&state.ctx, query.from, query.to).await?.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayBody {
    #[schema(example = "holiday")]
    pub kind: DayKind,
    #[schema(value_type = Label)]
    pub name: String,
}

/// Mark a day as a holiday or a make-up working day (admins).
#[utoipa::path(put, path = "/api/v1/calendar/{day}", tag = "calendar", params(("day" = String, Path, example = "2026-10-01")),
    request_body = CalendarDayBody,
    responses((status = 200, body = CalendarDayView), (status = 400), (status = 401), (status = 403), (status = 409, description = "the day is already a weekend day or a working day"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn put(
    State(state): State<AppState>,
    auth: Auth,
    Day(day): Day,
    ApiJson(body): ApiJson<CalendarDayBody>,
) -> Result<Json<CalendarDayView>, WebError> {
    Ok(Json(calendar::put(&state.ctx, &auth.actor(), day, body.kind, &body.name).await?.into()))
}

/// Make a day ordinary again (admins).
#[utoipa::path(delete, path = "/api/v1/calendar/{day}", tag = "calendar", params(("day" = String, Path, example = "2026-10-01")),
    responses((status = 204), (status = 400), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn remove(State(state): State<AppState>, auth: Auth, Day(day): Day) -> Result<StatusCode, WebError> {
    calendar::remove(&state.ctx, &auth.actor(), day).await?;
    Ok(StatusCode::NO_CONTENT)
}
