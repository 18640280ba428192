//! Units, meetings and directives.

use axum::{Json, extract::State, http::StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, de};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiQuery, Id},
    views::{
        AssignedDirectiveView, DirectiveView, Line, LineOrNothing, MeetingView, Paged, PositiveId, TaskView, UnitView,
    },
};
use crate::domain::ids::{DirectiveId, MeetingId, UnitId};
use crate::{
    domain::{
        directives::{DirectiveFields, MeetingFields},
        drafting::Category,
        vocabulary::{DirectiveSource, Priority},
    },
    services::{
        meetings::{self, Assignment, LeadAssignment},
        queries, units,
    },
    web::{AppState, WebError, auth::Auth},
};

/// The units above the user and those within its reach (where it may assign).
#[utoipa::path(get, path = "/api/v1/units", tag = "units", responses((status = 200, body = [UnitView]), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_units(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<UnitView>>, WebError> {
    Ok(Json(units::visible(&state.ctx, &auth.actor()).await?.into_iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = UnitView), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn get_unit(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<Json<UnitView>, WebError> {
    Ok(Json(units::get(&state.ctx, &auth.actor(), UnitId(id)).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingBody {
    #[schema(value_type = Line)]
    pub title_zh: String,
    #[schema(value_type = Line)]
    pub title_en: String,
    pub held_on: NaiveDate,
    #[serde(default)]
    #[schema(value_type = LineOrNothing)]
    pub host: String,
    #[serde(default)]
    #[schema(value_type = LineOrNothing)]
    pub venue: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub minutes: String,
}

/// Enter a meeting (secretariat).
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings", request_body = MeetingBody,
    responses((status = 201, body = MeetingView), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_meeting(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<MeetingBody>,
) -> Result<(StatusCode, Json<MeetingView>), WebError> {
    let meeting = meetings::create_meeting(
        &state.ctx,
        &auth.actor(),
        MeetingFields {
            title_zh: body.title_zh,
            title_en: body.title_en,
            held_on: body.held_on,
            host: body.host,
            venue: body.venue,
            attendees: body.attendees,
            minutes: body.minutes,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(meeting.into())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From 1 (default 1) to 10,000,000.
    #[param(minimum = 1, maximum = 10000000)]
    pub page: Option<u64>,
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Meetings of the user's unit, of the units above and below it, and those behind the
/// directives it works on; newest first.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", params(PageQuery),
    responses((status = 200, body = Paged<MeetingView>), (status = 401), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_meetings(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Paged<MeetingView>>, WebError> {
    let list = meetings::list_meetings(&state.ctx, &auth.actor()).await?;
    Ok(Json(queries::page_of(list, query.page.unwrap_or(1), query.per_page.unwrap_or(50))?.into()))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = MeetingView), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn get_meeting(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<Json<MeetingView>, WebError> {
    Ok(Json(meetings::get_meeting(&state.ctx, &auth.actor(), MeetingId(id)).await?.into()))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectiveBody {
    #[schema(minimum = 1)]
    pub meeting_id: Option<i64>,
    #[schema(value_type = Line)]
    pub title_zh: String,
    #[schema(value_type = Line)]
    pub title_en: String,
    #[serde(default)]
    pub body: String,
    pub category: Category,
    #[schema(example = "high")]
    pub priority: Priority,
    pub deadline: DateTime<Utc>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub industries: Vec<String>,
}

impl DirectiveBody {
    fn fields(self) -> (Option<i64>, DirectiveFields) {
        (
            self.meeting_id,
            DirectiveFields {
                title_zh: self.title_zh,
                title_en: self.title_en,
                body: self.body,
                category: self.category,
                priority: self.priority,
                deadline: self.deadline,
                places: self.places,
                industries: self.industries,
            },
        )
    }
}

/// Create a directive as a draft (secretariat of the issuing unit).
#[utoipa::path(post, path = "/api/v1/directives", tag = "directives", request_body = DirectiveBody,
    responses((status = 201, body = DirectiveView), (status = 401), (status = 403), (status = 409, description = "the meeting does not exist, or the deadline has passed"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_directive(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<DirectiveBody>,
) -> Result<(StatusCode, Json<DirectiveView>), WebError> {
    let (meeting_id, fields) = body.fields();
    let directive = meetings::create_directive(
        &state.ctx,
        &auth.actor(),
        meeting_id.map(MeetingId),
        fields,
        DirectiveSource::Manual,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(directive.into())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveQuery {
    #[serde(default, deserialize_with = "super::extract::positive_id")]
    #[param(minimum = 1)]
    pub meeting_id: Option<i64>,
    /// From 1 (default 1) to 10,000,000.
    #[param(minimum = 1, maximum = 10000000)]
    pub page: Option<u64>,
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Directives the user may see (drafts only of its own unit).
#[utoipa::path(get, path = "/api/v1/directives", tag = "directives", params(DirectiveQuery),
    responses((status = 200, body = Paged<DirectiveView>), (status = 401), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_directives(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<DirectiveQuery>,
) -> Result<Json<Paged<DirectiveView>>, WebError> {
    let list = meetings::list_directives(&state.ctx, &auth.actor(), query.meeting_id.map(MeetingId)).await?;
    Ok(Json(queries::page_of(list, query.page.unwrap_or(1), query.per_page.unwrap_or(50))?.into()))
}

#[utoipa::path(get, path = "/api/v1/directives/{id}", tag = "directives", params(("id" = i64, Path)),
    responses((status = 200, body = DirectiveView), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn get_directive(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<DirectiveView>, WebError> {
    Ok(Json(meetings::get_directive(&state.ctx, &auth.actor(), DirectiveId(id)).await?.into()))
}

/// A draft's new fields and the version they were read at: one object, the fields of
/// `DirectiveBody` beside `version`. Both its schema and its reading are written by hand.
pub struct DirectiveEdit {
    /// The version you read; a stale one is refused with 409.
    pub version: i32,
    pub fields: DirectiveBody,
}

impl utoipa::PartialSchema for DirectiveEdit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::{
            RefOr, Schema,
            schema::{ObjectBuilder, Type},
        };
        let mut schema = <DirectiveBody as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            // A draft stays in its meeting.
            object.properties.remove("meeting_id");
            let version = ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                    utoipa::openapi::schema::KnownFormat::Int32,
                )))
                .description(Some("The version you read; a stale one is refused with 409."))
                .build();
            object.properties.insert("version".into(), version.into());
            object.required.push("version".into());
        }
        schema
    }
}

impl ToSchema for DirectiveEdit {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::Schema>)>) {
        <DirectiveBody as ToSchema>::schemas(schemas);
    }
}

impl<'de> Deserialize<'de> for DirectiveEdit {
    /// serde's `flatten` reads the fields through a buffer that forgets where an error was, so a
    /// bad category would be reported against the whole body. Read the version by hand, then the
    /// rest as a `DirectiveBody` with its path kept, so the refusal names the field.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        if object.contains_key("meeting_id") {
            return Err(de::Error::custom("unknown field `meeting_id`: a draft stays in its meeting"));
        }
        let version = object.remove("version").ok_or_else(|| de::Error::missing_field("version"))?;
        let version = i32::deserialize(version).map_err(|e| de::Error::custom(format!("version: {e}")))?;
        let fields = serde_path_to_error::deserialize(serde_json::Value::Object(object)).map_err(de::Error::custom)?;
        Ok(DirectiveEdit { version, fields })
    }
}

/// Edit a draft directive.
#[utoipa::path(put, path = "/api/v1/directives/{id}", tag = "directives", params(("id" = i64, Path)), request_body = DirectiveEdit,
    responses((status = 200, body = DirectiveView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_directive(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<DirectiveEdit>,
) -> Result<Json<DirectiveView>, WebError> {
    let (_, fields) = body.fields.fields();
    Ok(Json(meetings::update_draft(&state.ctx, &auth.actor(), DirectiveId(id), body.version, fields).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueBody {
    pub version: i32,
    /// Issue with a deadline that has passed (a draft keeps the day its minutes gave): without
    /// it, such a draft is refused (422, field `deadline`) until its deadline is changed.
    #[serde(default)]
    pub confirm_past_deadline: bool,
}

/// Issue a draft directive.
#[utoipa::path(post, path = "/api/v1/directives/{id}/issue", tag = "directives", params(("id" = i64, Path)), request_body = IssueBody,
    responses((status = 200, body = DirectiveView), (status = 401), (status = 403), (status = 404), (status = 409),
        (status = 422, description = "the deadline has passed and was not confirmed")),
    security(("bearer" = []), ("session" = [])))]
pub async fn issue_directive(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<IssueBody>,
) -> Result<Json<DirectiveView>, WebError> {
    let issued =
        meetings::issue(&state.ctx, &auth.actor(), DirectiveId(id), body.version, body.confirm_past_deadline).await?;
    Ok(Json(issued.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentBody {
    /// The lead unit; leave it out to add cooperating units to a directive that has its lead,
    /// or to name several leads in `leads`.
    #[schema(minimum = 1)]
    pub lead_unit_id: Option<i64>,
    /// Several leads, each leading a task of its own with its own cooperating units ("各市各自
    /// 牵头"); not together with `lead_unit_id`, and each unit once.
    #[serde(default)]
    pub leads: Vec<LeadBody>,
    /// Units cooperating with the directive as a whole (with `leads`: with none of them in
    /// particular).
    #[serde(default)]
    #[schema(value_type = Vec<PositiveId>)]
    pub cooperating_unit_ids: Vec<i64>,
    /// Defaults to the directive's deadline; may not be later.
    pub deadline: Option<DateTime<Utc>>,
    /// Days to acknowledge (default 1).
    #[schema(minimum = 1, maximum = 365)]
    pub ack_within_days: Option<i64>,
    /// How often progress reports are expected, in days.
    #[schema(minimum = 1, maximum = 365)]
    pub report_every_days: Option<i32>,
}

/// One lead of a directive given to several, with the units cooperating on its task.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadBody {
    #[schema(minimum = 1)]
    pub unit_id: i64,
    #[serde(default)]
    #[schema(value_type = Vec<PositiveId>)]
    pub cooperating_unit_ids: Vec<i64>,
}

/// Assign an issued directive to one lead unit, or to several each leading its own task, and
/// any cooperating units, in one request: all of it, or (on any refusal) nothing.
#[utoipa::path(post, path = "/api/v1/directives/{id}/assignments", tag = "directives", params(("id" = i64, Path)),
    request_body = AssignmentBody,
    responses((status = 201, body = [TaskView]), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn assign_directive(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<AssignmentBody>,
) -> Result<(StatusCode, Json<Vec<TaskView>>), WebError> {
    let tasks = meetings::assign(&state.ctx, &auth.actor(), DirectiveId(id), body.into()).await?;
    Ok((StatusCode::CREATED, Json(queries::describe(&state.ctx, tasks).await?.into_iter().map(Into::into).collect())))
}

impl From<AssignmentBody> for Assignment {
    fn from(body: AssignmentBody) -> Self {
        Assignment {
            lead_unit_id: body.lead_unit_id.map(UnitId),
            leads: body
                .leads
                .into_iter()
                .map(|l| LeadAssignment {
                    unit_id: UnitId(l.unit_id),
                    cooperating_unit_ids: l.cooperating_unit_ids.into_iter().map(UnitId).collect(),
                })
                .collect(),
            cooperating_unit_ids: body.cooperating_unit_ids.into_iter().map(UnitId).collect(),
            deadline: body.deadline,
            ack_within_days: body.ack_within_days,
            report_every_days: body.report_every_days,
        }
    }
}

/// One directive of the meeting to issue (a draft) and assign, with the version read.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChosenDirective {
    #[schema(minimum = 1)]
    pub id: i64,
    pub version: i32,
    /// Issue a draft whose deadline has passed with that deadline (see `/issue`).
    #[serde(default)]
    pub confirm_past_deadline: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingAssignmentBody {
    /// The meeting's directives: drafts are issued, then each is assigned; each once.
    #[schema(min_items = 1)]
    pub directives: Vec<ChosenDirective>,
    /// The same assignment for every directive chosen.
    pub assignment: AssignmentBody,
}

/// Issue several drafts of a meeting and assign them, and directives of it already issued, the
/// same way, in one request (the meeting page's "issue and assign"): all of it, or (on any
/// refusal, named by its field) nothing.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/assignments", tag = "meetings", params(("id" = i64, Path)),
    request_body = MeetingAssignmentBody,
    responses((status = 201, body = [AssignedDirectiveView]), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn assign_meeting(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<MeetingAssignmentBody>,
) -> Result<(StatusCode, Json<Vec<AssignedDirectiveView>>), WebError> {
    let chosen: Vec<meetings::DraftToIssue> = body
        .directives
        .iter()
        .map(|d| meetings::DraftToIssue {
            id: DirectiveId(d.id),
            version: d.version,
            past_deadline_confirmed: d.confirm_past_deadline,
        })
        .collect();
    let assignment = body.assignment.into();
    let done = meetings::issue_and_assign(&state.ctx, &auth.actor(), MeetingId(id), &chosen, &assignment).await?;
    let mut out = Vec::with_capacity(done.len());
    for (directive, tasks) in done {
        let tasks = queries::describe(&state.ctx, tasks).await?.into_iter().map(Into::into).collect();
        out.push(AssignedDirectiveView { directive: directive.into(), tasks });
    }
    Ok((StatusCode::CREATED, Json(out)))
}
