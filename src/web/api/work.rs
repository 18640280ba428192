//! Tasks and their lifecycle: lists, detail, history, the inbox, splitting, every action,
//! evidence files, extensions and leaders' instructions.

use crate::domain::message::Message;
use axum::{
    Json,
    extract::{FromRequest, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, de::DeserializeOwned};
use utoipa::{IntoParams, ToSchema};

use super::{
    extract::{ApiJson, ApiQuery, Id, not_null},
    org::PageQuery,
    views::{
        AuditEventView, ExtensionView, InboxView, InstructionView, LineOrNothing, NoteOrNothing, Paged, ReportView,
        TaskDetailView, TaskView, Text,
    },
};
use crate::{
    domain::{
        ids::{DirectiveId, ExtensionId, FileId, TaskId, UnitId},
        lifecycle::TaskAction,
        lifecycle::TaskStatus,
        vocabulary::{ReportKind, TaskRole},
    },
    services::{
        Actor, evidence, extensions,
        instructions::{self, LinkedTask, Target},
        queries::{self, TaskFilter},
        reminders,
        tasks::{self, AssignInput, Assignee, Origin},
    },
    web::{
        AppState, WebError,
        auth::Auth,
        forms::{self, ActionFields, MultipartReport, perform_action, perform_report},
    },
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Comma-separated statuses, e.g. `assigned,in_progress`.
    #[param(
        pattern = r"^((assigned|acknowledged|in_progress|submitted|completed|returned|declined|cancelled)(,(assigned|acknowledged|in_progress|submitted|completed|returned|declined|cancelled))*)?$"
    )]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "super::extract::positive_id")]
    #[param(minimum = 1)]
    pub directive_id: Option<i64>,
    /// Tasks of this unit and of the units below it.
    #[serde(default, deserialize_with = "super::extract::positive_id")]
    #[param(minimum = 1)]
    pub unit_id: Option<i64>,
    pub deadline_from: Option<DateTime<Utc>>,
    pub deadline_to: Option<DateTime<Utc>>,
    /// From 1 (default 1) to 10,000,000.
    #[param(minimum = 1, maximum = 10000000)]
    pub page: Option<u64>,
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The tasks the user may see, soonest deadline first, paginated and filtered.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", params(TaskQuery),
    responses((status = 200, body = Paged<TaskView>), (status = 400), (status = 401), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_tasks(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<TaskQuery>,
) -> Result<Json<Paged<TaskView>>, WebError> {
    let mut statuses = Vec::new();
    let listed = query.status.as_deref().filter(|s| !s.is_empty());
    for part in listed.into_iter().flat_map(|s| s.split(',')) {
        statuses.push(part.parse::<TaskStatus>().map_err(|e| WebError::bad_request("status", e.message()))?);
    }
    let filter = TaskFilter {
        statuses,
        directive_id: query.directive_id.map(DirectiveId),
        unit_id: query.unit_id.map(UnitId),
        deadline_from: query.deadline_from,
        deadline_to: query.deadline_to,
        ..TaskFilter::default()
    };
    let page =
        queries::list(&state.ctx, &auth.actor(), filter, query.page.unwrap_or(1), query.per_page.unwrap_or(50)).await?;
    Ok(Json(page.into()))
}

/// One task with its children, reports, evidence, extension requests and instructions.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks", params(("id" = i64, Path)),
    responses((status = 200, body = TaskDetailView), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn get_task(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<Json<TaskDetailView>, WebError> {
    Ok(Json(queries::detail(&state.ctx, &auth.actor(), TaskId(id)).await?.into()))
}

/// The task's progress and completion reports, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/reports", tag = "tasks", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = Paged<ReportView>), (status = 400), (status = 401), (status = 404), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn task_reports(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Paged<ReportView>>, WebError> {
    let page =
        queries::reports(&state.ctx, &auth.actor(), TaskId(id), query.page.unwrap_or(1), query.per_page.unwrap_or(50))
            .await?;
    Ok(Json(page.into()))
}

/// The task's audit trail: who did what, when, before and after.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/history", tag = "tasks", params(("id" = i64, Path)),
    responses((status = 200, body = [AuditEventView]), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn task_history(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Vec<AuditEventView>>, WebError> {
    Ok(Json(queries::history(&state.ctx, &auth.actor(), TaskId(id)).await?.into_iter().map(Into::into).collect()))
}

/// The user's unit's work: to acknowledge, due soon, overdue, returned to it, waiting for its review.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "tasks", responses((status = 200, body = InboxView), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn inbox(State(state): State<AppState>, auth: Auth) -> Result<Json<InboxView>, WebError> {
    Ok(Json(queries::inbox(&state.ctx, &auth.actor()).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitAssignee {
    #[schema(minimum = 1)]
    pub unit_id: i64,
    #[serde(default = "lead")]
    #[schema(example = "lead")]
    pub role: TaskRole,
}

fn lead() -> TaskRole {
    TaskRole::Lead
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    #[schema(min_items = 1)]
    pub assignees: Vec<SplitAssignee>,
    /// May not be later than the task's own deadline.
    pub deadline: DateTime<Utc>,
    #[schema(value_type = Option<LineOrNothing>)]
    pub title: Option<String>,
    pub description: Option<String>,
    #[schema(minimum = 1, maximum = 365)]
    pub ack_within_days: Option<i64>,
    #[schema(minimum = 1, maximum = 365)]
    pub report_every_days: Option<i32>,
}

/// Split the task to several units below, in one request (the assignee unit).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/split", tag = "tasks", params(("id" = i64, Path)), request_body = SplitBody,
    responses((status = 201, body = [TaskView]), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn split_task(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<SplitBody>,
) -> Result<(StatusCode, Json<Vec<TaskView>>), WebError> {
    let actor = auth.actor();
    let assignees: Vec<Assignee> =
        body.assignees.iter().map(|a| Assignee { unit_id: UnitId(a.unit_id), role: a.role }).collect();
    let created = tasks::assign(
        &state.ctx,
        &actor,
        AssignInput {
            origin: Origin::Split { parent_task_id: TaskId(id) },
            assignees: &assignees,
            title: body.title.as_deref(),
            description: body.description.as_deref(),
            deadline: body.deadline,
            ack_within_days: body.ack_within_days.unwrap_or(1),
            report_every_days: body.report_every_days,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(queries::describe(&state.ctx, created).await?.into_iter().map(Into::into).collect())))
}

/// acknowledge: only the version read.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    /// The task version you read; a stale one is refused with 409 and nothing changes.
    pub version: i32,
}

/// decline, return: the version read and the reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    pub version: i32,
    /// Why; shown to the other side and kept in the history.
    #[schema(value_type = Text)]
    pub reason: String,
}

/// accept, cancel: the version read and an optional comment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    pub version: i32,
    pub text: Option<String>,
}

/// reassign: the version read and the unit that takes the declined task over.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignBody {
    pub version: i32,
    #[schema(minimum = 1)]
    pub unit_id: i64,
}

/// progress: the version read, the percentage done and what was done. As multipart/form-data
/// the same fields, plus any number of `evidence` files.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressBody {
    pub version: i32,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i32,
    #[schema(value_type = Text)]
    pub text: String,
}

/// complete: the version read and what was done. As multipart/form-data the same fields,
/// plus any number of `evidence` files.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionBody {
    pub version: i32,
    #[schema(value_type = Text)]
    pub text: String,
}

/// One evidence file: not empty, at most the configured size.
pub struct EvidenceFile;

impl utoipa::PartialSchema for EvidenceFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .min_length(Some(1))
            .build()
            .into()
    }
}

impl ToSchema for EvidenceFile {}

/// progress as multipart/form-data: the fields of the JSON body, plus evidence files.
#[derive(ToSchema)]
#[allow(dead_code)] // only describes the form to the API document; `ReportForm` reads it
pub struct ProgressForm {
    pub version: i32,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i32,
    #[schema(value_type = Text)]
    pub text: String,
    #[schema(value_type = Option<Vec<EvidenceFile>>, max_items = 10)]
    pub evidence: Vec<Vec<u8>>,
}

/// complete as multipart/form-data: the fields of the JSON body, plus evidence files.
#[derive(ToSchema)]
#[allow(dead_code)] // only describes the form to the API document; `ReportForm` reads it
pub struct CompletionForm {
    pub version: i32,
    #[schema(value_type = Text)]
    pub text: String,
    #[schema(value_type = Option<Vec<EvidenceFile>>, max_items = 10)]
    pub evidence: Vec<Vec<u8>>,
}

impl From<VersionBody> for ActionFields {
    fn from(b: VersionBody) -> Self {
        ActionFields { version: b.version, ..Default::default() }
    }
}

impl From<ReasonBody> for ActionFields {
    fn from(b: ReasonBody) -> Self {
        ActionFields { version: b.version, text: Some(b.reason), ..Default::default() }
    }
}

impl From<CommentBody> for ActionFields {
    fn from(b: CommentBody) -> Self {
        ActionFields { version: b.version, text: b.text, ..Default::default() }
    }
}

impl From<ReassignBody> for ActionFields {
    fn from(b: ReassignBody) -> Self {
        ActionFields { version: b.version, unit_id: Some(b.unit_id), ..Default::default() }
    }
}

impl From<ProgressBody> for ActionFields {
    fn from(b: ProgressBody) -> Self {
        ActionFields { version: b.version, text: Some(b.text), progress: Some(b.progress), unit_id: None }
    }
}

impl From<CompletionBody> for ActionFields {
    fn from(b: CompletionBody) -> Self {
        ActionFields { version: b.version, text: Some(b.text), ..Default::default() }
    }
}

async fn perform(
    state: &AppState,
    actor: &Actor,
    id: i64,
    action: TaskAction,
    body: ActionFields,
) -> Result<Json<TaskView>, WebError> {
    Ok(Json(perform_action(state, actor, TaskId(id), action, body).await?.into()))
}

macro_rules! action_endpoint {
    ($name:ident, $action:expr, $body:ty, $path:literal, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "tasks", params(("id" = i64, Path)), request_body = $body,
            responses((status = 200, body = TaskView), (status = 401), (status = 403), (status = 404),
                (status = 409, description = "not allowed in this state, for this party, or a stale version"), (status = 422)),
            security(("bearer" = []), ("session" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            auth: Auth,
            Id(id): Id,
            ApiJson(body): ApiJson<$body>,
        ) -> Result<Json<TaskView>, WebError> {
            perform(&state, &auth.actor(), id, $action, body.into()).await
        }
    };
}

action_endpoint!(
    acknowledge,
    TaskAction::Acknowledge,
    VersionBody,
    "/api/v1/tasks/{id}/acknowledge",
    "Acknowledge receipt (assignee)."
);
action_endpoint!(
    decline,
    TaskAction::Decline,
    ReasonBody,
    "/api/v1/tasks/{id}/decline",
    "Decline with a reason (assignee)."
);
action_endpoint!(
    accept,
    TaskAction::Accept,
    CommentBody,
    "/api/v1/tasks/{id}/accept",
    "Accept the completion report (assigner)."
);
action_endpoint!(
    return_task,
    TaskAction::Return,
    ReasonBody,
    "/api/v1/tasks/{id}/return",
    "Return the completion with a reason (assigner)."
);
action_endpoint!(
    reassign,
    TaskAction::Reassign,
    ReassignBody,
    "/api/v1/tasks/{id}/reassign",
    "Reassign a declined task to another unit (assigner)."
);
action_endpoint!(
    cancel,
    TaskAction::Cancel,
    CommentBody,
    "/api/v1/tasks/{id}/cancel",
    "Cancel an open task (assigner)."
);

/// A report as JSON, or as multipart/form-data with `version`, `progress`, `text` fields and
/// any number of `evidence` files; the form is read by the service, after it has decided.
pub enum ReportForm<B> {
    Json(ActionFields, std::marker::PhantomData<B>),
    Multipart(MultipartReport),
}

/// The JSON body of a report, and whether its form carries a percentage.
pub trait ReportBody: DeserializeOwned + Into<ActionFields> + Send {
    const HAS_PROGRESS: bool;
}

impl ReportBody for ProgressBody {
    const HAS_PROGRESS: bool = true;
}

impl ReportBody for CompletionBody {
    const HAS_PROGRESS: bool = false;
}

impl<B: ReportBody> FromRequest<AppState> for ReportForm<B> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            // A JSON report is held to the JSON limit, not to this route's upload limit.
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, super::JSON_LIMIT_BYTES).await.map_err(|_| WebError::BadInput {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                field: "body".into(),
                reason: Message::new("error-json-too-large").number("max", super::JSON_LIMIT_BYTES),
            })?;
            let req = Request::from_parts(parts, axum::body::Body::from(bytes));
            let ApiJson(body) = ApiJson::<B>::from_request(req, state).await?;
            return Ok(ReportForm::Json(body.into(), std::marker::PhantomData));
        }
        let form = forms::multipart(req, state).await?;
        Ok(ReportForm::Multipart(MultipartReport::new(form, B::HAS_PROGRESS, false)))
    }
}

/// Report progress (assignee): percentage and text, optionally with evidence files (multipart).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/progress", tag = "tasks", params(("id" = i64, Path)),
    request_body(content((ProgressBody = "application/json"), (ProgressForm = "multipart/form-data"))),
    responses((status = 200, body = TaskView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn progress(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    form: ReportForm<ProgressBody>,
) -> Result<Json<TaskView>, WebError> {
    report(&state, &auth.actor(), id, ReportKind::Progress, form).await
}

/// Report completion (assignee), with evidence files; refused while a child task is open.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/complete", tag = "tasks", params(("id" = i64, Path)),
    request_body(content((CompletionBody = "application/json"), (CompletionForm = "multipart/form-data"))),
    responses((status = 200, body = TaskView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn complete(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    form: ReportForm<CompletionBody>,
) -> Result<Json<TaskView>, WebError> {
    report(&state, &auth.actor(), id, ReportKind::Completion, form).await
}

async fn report<B>(
    state: &AppState,
    actor: &Actor,
    id: i64,
    kind: ReportKind,
    form: ReportForm<B>,
) -> Result<Json<TaskView>, WebError> {
    let facts = match form {
        ReportForm::Json(body, _) => {
            let action = if kind == ReportKind::Progress { TaskAction::Progress } else { TaskAction::Complete };
            perform_action(state, actor, TaskId(id), action, body).await?
        }
        ReportForm::Multipart(mut parts) => perform_report(state, actor, TaskId(id), kind, &mut parts).await?,
    };
    Ok(Json(facts.into()))
}

/// An evidence file (only those who may see its task): images and PDFs inline, anything else
/// as a download.
#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "tasks", params(("id" = i64, Path)),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 401), (status = 404)),
    security(("bearer" = []), ("session" = [])))]
pub async fn download(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<Response, WebError> {
    let (file, bytes) = queries::evidence_file(&state.ctx, &auth.actor(), FileId(id)).await?;
    let ascii: String =
        file.file_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    let encoded: String = file
        .file_name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'.' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    // Images and PDFs whose type was checked by their first bytes open in place; anything
    // else downloads. Either way the answer is sandboxed and never sniffed into another type.
    let how = if evidence::shown_inline(&file.content_type) { "inline" } else { "attachment" };
    let disposition = format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_SECURITY_POLICY, evidence::CSP.to_owned()),
        ],
        axum::body::Body::from_stream(bytes),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionBody {
    pub requested_deadline: DateTime<Utc>,
    #[schema(value_type = Text)]
    pub reason: String,
}

/// Ask for a later deadline, before the current one passes (assignee).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/extensions", tag = "extensions", params(("id" = i64, Path)), request_body = ExtensionBody,
    responses((status = 201, body = ExtensionView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn request_extension(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<ExtensionBody>,
) -> Result<(StatusCode, Json<ExtensionView>), WebError> {
    let request =
        extensions::request(&state.ctx, &auth.actor(), TaskId(id), body.requested_deadline, &body.reason).await?;
    Ok((StatusCode::CREATED, Json(request.into())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// A comment, kept with the decision.
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefusalBody {
    /// Why the extension is refused.
    #[schema(value_type = Text)]
    pub reason: String,
}

/// Approve an extension: the task's deadline moves, the old one is kept in the history (assigner).
#[utoipa::path(post, path = "/api/v1/extensions/{id}/approve", tag = "extensions", params(("id" = i64, Path)), request_body = DecisionBody,
    responses((status = 200, body = ExtensionView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn approve_extension(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<ExtensionView>, WebError> {
    let (request, _) =
        extensions::decide(&state.ctx, &auth.actor(), ExtensionId(id), true, body.reason.as_deref()).await?;
    Ok(Json(request.into()))
}

/// Refuse an extension, with a reason (assigner).
#[utoipa::path(post, path = "/api/v1/extensions/{id}/refuse", tag = "extensions", params(("id" = i64, Path)), request_body = RefusalBody,
    responses((status = 200, body = ExtensionView), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn refuse_extension(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<RefusalBody>,
) -> Result<Json<ExtensionView>, WebError> {
    let (request, _) =
        extensions::decide(&state.ctx, &auth.actor(), ExtensionId(id), false, Some(&body.reason)).await?;
    Ok(Json(request.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenTaskBody {
    #[schema(minimum = 1)]
    pub unit_id: i64,
    pub deadline: DateTime<Utc>,
    #[serde(default)]
    #[schema(value_type = LineOrNothing)]
    pub title: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstructionBody {
    /// Exactly one of directive_id and task_id.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(nullable = false, minimum = 1)]
    pub directive_id: Option<i64>,
    #[serde(default, deserialize_with = "not_null")]
    #[schema(nullable = false, minimum = 1)]
    pub task_id: Option<i64>,
    #[schema(value_type = Text)]
    pub body: String,
    /// Optionally open a new task, linked to the instruction, for a unit below.
    pub open_task: Option<OpenTaskBody>,
}

/// Write an instruction (批示) on a directive or a task (leaders).
#[utoipa::path(post, path = "/api/v1/instructions", tag = "instructions", request_body = InstructionBody,
    responses((status = 201, body = InstructionView), (status = 401), (status = 403), (status = 404), (status = 409, description = "the linked task cannot be opened: a unit not below, or a deadline passed"), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_instruction(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<InstructionBody>,
) -> Result<(StatusCode, Json<InstructionView>), WebError> {
    let target = match (body.directive_id, body.task_id) {
        (Some(id), None) => Target::Directive(DirectiveId(id)),
        (None, Some(id)) => Target::Task(TaskId(id)),
        _ => return Err(WebError::unprocessable("directive_id", Message::new("error-directive-or-task"))),
    };
    let open = body.open_task.map(|o| LinkedTask { unit_id: UnitId(o.unit_id), deadline: o.deadline, title: o.title });
    let instruction = instructions::create(&state.ctx, &auth.actor(), target, &body.body, open).await?;
    Ok((StatusCode::CREATED, Json(instruction.into())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReminderBody {
    /// A short message to the unit (at most 500 characters), or nothing.
    #[serde(default)]
    #[schema(value_type = NoteOrNothing)]
    pub message: String,
}

/// What a reminder did.
#[derive(serde::Serialize, ToSchema)]
pub struct ReminderView {
    pub task_id: i64,
    /// How many times the task has been reminded now, this one included.
    pub times: u64,
    /// Messages put into the outbox for the unit's officers and its head.
    pub enqueued: u64,
    /// People of the unit without an e-mail address, who were skipped.
    pub without_email: usize,
}

/// Remind the task's unit now (催办), with a short message: the assigning unit, and the
/// secretariat and leaders whose scope holds the task. The unit's officers and its head get
/// an e-mail; the reminder is counted and audited. At most one a day per task and sender.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/reminders", tag = "tasks", params(("id" = i64, Path)), request_body = ReminderBody,
    responses((status = 201, body = ReminderView), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "the unit owes no work (the task is done, cancelled, submitted or declined), or you reminded it today already"),
        (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn remind(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
    ApiJson(body): ApiJson<ReminderBody>,
) -> Result<(StatusCode, Json<ReminderView>), WebError> {
    let reminded = reminders::remind_now(&state.ctx, &auth.actor(), TaskId(id), &body.message).await?;
    Ok((
        StatusCode::CREATED,
        Json(ReminderView {
            task_id: id,
            times: reminded.times,
            enqueued: reminded.enqueued,
            without_email: reminded.without_email,
        }),
    ))
}
