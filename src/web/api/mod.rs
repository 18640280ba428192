//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document generated from the handlers.

mod admin;
mod calendar;
mod drafts;
mod extract;
mod org;
mod outbox;
mod rollups;
mod session;
mod views;
pub(crate) mod work;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        path::ParameterIn,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};
use utoipa_swagger_ui::SwaggerUi;

pub use extract::{ApiJson, Id};

use super::AppState;

/// JSON bodies other than uploads are small.
const JSON_LIMIT_BYTES: usize = 256 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Duban API", description = "Assign a meeting's directives down the organisation and follow them until they are done."),
    paths(
        session::sign_in, session::sign_out, session::me, session::create_token, session::list_tokens, session::revoke_token,
        org::list_units, org::get_unit,
        admin::create_unit, admin::edit_unit, admin::move_unit, admin::deactivate_unit,
        admin::list_users, admin::create_user, admin::move_user, admin::deactivate_user, admin::reset_password,
        org::create_meeting, org::list_meetings, org::get_meeting,
        org::create_directive, org::list_directives, org::get_directive, org::update_directive, org::issue_directive,
        org::assign_directive,
        work::list_tasks, work::get_task, work::task_reports, work::task_history, work::inbox, work::split_task,
        work::acknowledge, work::decline, work::progress, work::complete, work::accept, work::return_task,
        work::reassign, work::cancel, work::download,
        work::request_extension, work::approve_extension, work::refuse_extension,
        work::create_instruction,
        calendar::list, calendar::put, calendar::remove,
        drafts::draft, drafts::list_rules, drafts::create_rule, drafts::update_rule, drafts::delete_rule,
        rollups::unit_rollup, rollups::ranking, rollups::directive_rollup,
        outbox::list_outbox, outbox::retry_message,
    ),
    modifiers(&Security),
    tags(
        (name = "session", description = "Signing in, the current user, API tokens"),
        (name = "units", description = "The organisation tree; admins create, edit, move and deactivate units"),
        (name = "users", description = "Accounts, managed by admins"),
        (name = "meetings", description = "Meetings"),
        (name = "directives", description = "Directives: drafted, issued, assigned"),
        (name = "tasks", description = "Tasks and their lifecycle"),
        (name = "extensions", description = "Deadline extensions"),
        (name = "instructions", description = "Leaders' instructions (批示)"),
        (name = "calendar", description = "Holidays and make-up working days that deadlines count by"),
        (name = "drafting", description = "Drafting directives from minutes; the keyword rules behind it"),
        (name = "rollups", description = "Figures leaders judge units by: dashboards, directive rollups, rankings"),
        (name = "outbox", description = "E-mail waiting to be sent, failed or given up on; retries (admins)"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("duban_session"))));
        for schema in components.schemas.values_mut() {
            if let utoipa::openapi::RefOr::T(schema) = schema {
                forbid_nul(schema);
            }
        }
        // Bodies that name one thing of two: drafting reads the minutes sent or a meeting's,
        // an instruction is on a directive or on a task.
        one_of_fields(components, "DraftRequest", &["minutes", "meeting_id"], false);
        one_of_fields(components, "InstructionBody", &["directive_id", "task_id"], true);
        // The report forms take only the fields they name, as their JSON bodies do.
        for form in ["ProgressForm", "CompletionForm"] {
            if let Some(utoipa::openapi::RefOr::T(utoipa::openapi::Schema::Object(object))) =
                components.schemas.get_mut(form)
            {
                object.additional_properties =
                    Some(Box::new(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
            }
        }
        // OpenAPI requires a description on every response; name the ones left plain by their status.
        // And list the answers every handler can give whatever it does, from the extractors
        // in front of it: 400 for a malformed id, query or JSON text; 413 and 415 for a body
        // too large or not JSON; 422 for a body or query that names a bad value; 401 where a
        // caller must be signed in.
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                // Path ids are positive (anything else answers 400), days are dates.
                for parameter in operation.parameters.iter_mut().flatten() {
                    let utoipa::openapi::RefOr::T(parameter) = parameter else { continue };
                    if parameter.parameter_in != ParameterIn::Path {
                        continue;
                    }
                    match parameter.name.as_str() {
                        "id" => parameter.schema = Some(positive_id().into()),
                        "day" => parameter.schema = Some(date().into()),
                        _ => {}
                    }
                }
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let has_query = parameters
                    .iter()
                    .any(|p| matches!(p, utoipa::openapi::RefOr::T(p) if p.parameter_in == ParameterIn::Query));
                let has_body = operation.request_body.is_some();
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let mut always = Vec::new();
                if !parameters.is_empty() || has_body {
                    always.push("400");
                }
                if has_query || has_body {
                    always.push("422");
                }
                if has_body {
                    always.extend(["413", "415"]);
                }
                if secured {
                    always.push("401");
                }
                for status in always {
                    if !operation.responses.responses.contains_key(status) {
                        let response = utoipa::openapi::ResponseBuilder::new().description(status_text(status)).build();
                        operation.responses.responses.insert(status.to_owned(), response.into());
                    }
                }
                for (status, response) in operation.responses.responses.iter_mut() {
                    if let utoipa::openapi::RefOr::T(response) = response
                        && response.description.is_empty()
                    {
                        response.description = status_text(status).to_owned();
                    }
                }
            }
        }
    }
}

/// Requires at least one of `fields` (`exactly`: exactly one) of a component object.
fn one_of_fields(components: &mut utoipa::openapi::Components, name: &str, fields: &[&str], exactly: bool) {
    use utoipa::openapi::{
        RefOr, Schema,
        schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, OneOfBuilder},
    };
    let Some(RefOr::T(object)) = components.schemas.remove(name) else { return };
    let branches = fields.iter().map(|field| Schema::from(ObjectBuilder::new().required(*field).build()));
    let choice: Schema = if exactly {
        branches.fold(OneOfBuilder::new(), |b, s| b.item(s)).build().into()
    } else {
        branches.fold(AnyOfBuilder::new(), |b, s| b.item(s)).build().into()
    };
    components
        .schemas
        .insert(name.to_owned(), Schema::from(AllOfBuilder::new().item(object).item(choice).build()).into());
}

/// No text may hold the NUL character (PostgreSQL cannot store it; the server refuses it).
const NO_NUL: &str = r"^[^\x00]*$";

/// Says of every free-text string in the document that it holds no NUL: strings with a
/// format, an enum or a pattern of their own already say what they hold.
fn forbid_nul(schema: &mut utoipa::openapi::Schema) {
    use utoipa::openapi::{
        RefOr, Schema,
        schema::{ArrayItems, SchemaType, Type},
    };
    let each = |items: &mut Vec<RefOr<Schema>>| {
        for item in items {
            if let RefOr::T(schema) = item {
                forbid_nul(schema);
            }
        }
    };
    match schema {
        Schema::Object(object) => {
            let is_string = match &object.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(types) => types.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            if is_string && object.format.is_none() && object.enum_values.is_none() && object.pattern.is_none() {
                object.pattern = Some(NO_NUL.to_owned());
            }
            for property in object.properties.values_mut() {
                if let RefOr::T(schema) = property {
                    forbid_nul(schema);
                }
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(item) = &mut array.items
                && let RefOr::T(schema) = item.as_mut()
            {
                forbid_nul(schema);
            }
        }
        Schema::OneOf(one) => each(&mut one.items),
        Schema::AllOf(all) => each(&mut all.items),
        Schema::AnyOf(any) => each(&mut any.items),
        _ => {}
    }
}

fn positive_id() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .build()
}

fn date() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).build()
}

fn status_text(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "204" => "No content",
        "400" => "Malformed request (problem+json naming the field)",
        "401" => "Not signed in, or the token is unknown or revoked",
        "403" => "Signed in, but not allowed to do this",
        "404" => "Not found, or outside your unit's reach",
        "409" => "Conflict: not allowed in this state, or a stale version",
        "413" => "Body too large",
        "415" => "Unsupported content type",
        "422" => "Invalid input (problem+json naming the field and the reason)",
        "429" => "Too many attempts; see Retry-After",
        _ => "See the problem+json body",
    }
}

pub fn router(upload_limit_bytes: usize) -> Router<AppState> {
    let uploads = Router::new()
        .route("/api/v1/tasks/{id}/progress", post(work::progress))
        .route("/api/v1/tasks/{id}/complete", post(work::complete))
        // Files are streamed to disk, each held to the limit as it arrives; the whole body is
        // held to as many files as a report may carry, and the form fields around them.
        .layer(DefaultBodyLimit::max(
            upload_limit_bytes.saturating_mul(crate::services::evidence::MAX_FILES).saturating_add(1024 * 1024),
        ));
    // Minutes may be long; the drafting function itself names the limit it applies.
    let minutes =
        Router::new().route("/api/v1/drafts", post(drafts::draft)).layer(DefaultBodyLimit::max(4 * 1024 * 1024));
    let json = Router::new()
        .route("/api/v1/calendar", get(calendar::list))
        .route("/api/v1/calendar/{day}", axum::routing::put(calendar::put).delete(calendar::remove))
        .route("/api/v1/keyword-rules", get(drafts::list_rules).post(drafts::create_rule))
        .route("/api/v1/keyword-rules/{id}", axum::routing::put(drafts::update_rule).delete(drafts::delete_rule))
        .route("/api/v1/session", post(session::sign_in).delete(session::sign_out))
        .route("/api/v1/me", get(session::me))
        .route("/api/v1/tokens", get(session::list_tokens).post(session::create_token))
        .route("/api/v1/tokens/{id}", axum::routing::delete(session::revoke_token))
        .route("/api/v1/units", get(org::list_units).post(admin::create_unit))
        .route("/api/v1/units/{id}", get(org::get_unit).put(admin::edit_unit))
        .route("/api/v1/units/{id}/move", post(admin::move_unit))
        .route("/api/v1/units/{id}/rollup", get(rollups::unit_rollup))
        .route("/api/v1/units/{id}/ranking", get(rollups::ranking))
        .route("/api/v1/units/{id}/deactivate", post(admin::deactivate_unit))
        .route("/api/v1/users", get(admin::list_users).post(admin::create_user))
        .route("/api/v1/users/{id}/move", post(admin::move_user))
        .route("/api/v1/users/{id}/deactivate", post(admin::deactivate_user))
        .route("/api/v1/users/{id}/password", post(admin::reset_password))
        .route("/api/v1/meetings", get(org::list_meetings).post(org::create_meeting))
        .route("/api/v1/meetings/{id}", get(org::get_meeting))
        .route("/api/v1/directives", get(org::list_directives).post(org::create_directive))
        .route("/api/v1/directives/{id}", get(org::get_directive).put(org::update_directive))
        .route("/api/v1/directives/{id}/issue", post(org::issue_directive))
        .route("/api/v1/directives/{id}/rollup", get(rollups::directive_rollup))
        .route("/api/v1/directives/{id}/assignments", post(org::assign_directive))
        .route("/api/v1/tasks", get(work::list_tasks))
        .route("/api/v1/tasks/{id}", get(work::get_task))
        .route("/api/v1/tasks/{id}/reports", get(work::task_reports))
        .route("/api/v1/tasks/{id}/history", get(work::task_history))
        .route("/api/v1/tasks/{id}/split", post(work::split_task))
        .route("/api/v1/tasks/{id}/acknowledge", post(work::acknowledge))
        .route("/api/v1/tasks/{id}/decline", post(work::decline))
        .route("/api/v1/tasks/{id}/accept", post(work::accept))
        .route("/api/v1/tasks/{id}/return", post(work::return_task))
        .route("/api/v1/tasks/{id}/reassign", post(work::reassign))
        .route("/api/v1/tasks/{id}/cancel", post(work::cancel))
        .route("/api/v1/tasks/{id}/extensions", post(work::request_extension))
        .route("/api/v1/extensions/{id}/approve", post(work::approve_extension))
        .route("/api/v1/extensions/{id}/refuse", post(work::refuse_extension))
        .route("/api/v1/instructions", post(work::create_instruction))
        .route("/api/v1/inbox", get(work::inbox))
        .route("/api/v1/files/{id}", get(work::download))
        .route("/api/v1/outbox", get(outbox::list_outbox))
        .route("/api/v1/outbox/{id}/retry", post(outbox::retry_message))
        .layer(DefaultBodyLimit::max(JSON_LIMIT_BYTES));
    uploads.merge(minutes).merge(json).merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", ApiDoc::openapi()))
}
