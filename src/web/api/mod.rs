//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document generated from the handlers.

mod admin;
mod bulletins;
mod calendar;
mod department_names;
mod drafts;
mod extract;
mod feeds;
mod org;
mod outbox;
mod robots;
mod rollups;
mod session;
mod views;
pub(crate) mod work;

use axum::{Router, extract::DefaultBodyLimit};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        path::ParameterIn,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::SwaggerUi;

pub use extract::{ApiJson, Id};

use super::AppState;

/// JSON bodies other than uploads are small.
const JSON_LIMIT_BYTES: usize = 256 * 1024;

/// What the document says besides its paths: the title and the tags. The paths come from
/// the handlers that [`router`] registers, so the route list is written once.
#[derive(OpenApi)]
#[openapi(
    info(title = "Duban API", description = "Assign a meeting's directives down the organisation and follow them until they are done."),
    tags(
        (name = "session", description = "Signing in, the current user, API tokens, calendar feeds"),
        (name = "units", description = "The organisation tree; admins create, edit, move and deactivate units"),
        (name = "users", description = "Accounts, managed by admins"),
        (name = "meetings", description = "Meetings"),
        (name = "directives", description = "Directives: drafted, issued, assigned"),
        (name = "tasks", description = "Tasks and their lifecycle"),
        (name = "extensions", description = "Deadline extensions"),
        (name = "instructions", description = "Leaders' instructions (批示)"),
        (name = "calendar", description = "Holidays and make-up working days that deadlines count by"),
        (name = "drafting", description = "Drafting directives from minutes; the keyword rules and department names behind it"),
        (name = "rollups", description = "Figures leaders judge units by: dashboards, directive rollups, rankings"),
        (name = "bulletins", description = "Published bulletins (通报): numbered, kept unchanged, sent to the leaders of the units they rank"),
        (name = "outbox", description = "E-mail and group-robot messages waiting to be sent, failed or given up on; retries (admins)"),
    )
)]
struct ApiDoc;

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
        one_lead_or_several(components);
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

/// An assignment names one lead in `lead_unit_id`, or several in `leads`, or (adding
/// cooperating units to a directive that has its leads) neither — never both: exactly one of
/// three shapes, as a `oneOf`.
fn one_lead_or_several(components: &mut utoipa::openapi::Components) {
    use utoipa::openapi::{
        RefOr, Schema,
        schema::{AllOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Type},
    };
    let Some(RefOr::T(object)) = components.schemas.remove("AssignmentBody") else { return };
    let leads = |min: Option<usize>, max: Option<usize>| {
        ArrayBuilder::new().items(ObjectBuilder::new()).min_items(min).max_items(max).build()
    };
    let lead = |kind: Type| ObjectBuilder::new().schema_type(kind).build();
    let one = ObjectBuilder::new()
        .required("lead_unit_id")
        .property("lead_unit_id", lead(Type::Integer))
        .property("leads", leads(None, Some(0)));
    let several = ObjectBuilder::new()
        .required("leads")
        .property("lead_unit_id", lead(Type::Null))
        .property("leads", leads(Some(1), None));
    let neither =
        ObjectBuilder::new().property("lead_unit_id", lead(Type::Null)).property("leads", leads(None, Some(0)));
    let choice: Schema = OneOfBuilder::new().item(one).item(several).item(neither).build().into();
    components.schemas.insert(
        "AssignmentBody".to_owned(),
        Schema::from(AllOfBuilder::new().item(object).item(choice).build()).into(),
    );
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

/// The routes of the API and its OpenAPI document, built from the same declarations: each
/// `routes!` names the handlers of one path, whose `#[utoipa::path]` gives both the route and
/// the operation.
fn routes(upload_limit_bytes: usize) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let uploads = OpenApiRouter::default()
        .routes(routes!(work::progress))
        .routes(routes!(work::complete))
        // Files are streamed to disk, each held to the limit as it arrives; the whole body is
        // held to as many files as a report may carry, and the form fields around them.
        .layer(DefaultBodyLimit::max(
            upload_limit_bytes.saturating_mul(crate::services::evidence::MAX_FILES).saturating_add(1024 * 1024),
        ));
    // Minutes may be long: room for them at their limit, every character written as a JSON
    // escape (\uXXXX), besides the rest of the body; drafting names the limit it applies.
    let minutes = OpenApiRouter::default()
        .routes(routes!(drafts::draft))
        .layer(DefaultBodyLimit::max(crate::domain::drafting::MAX_MINUTES_CHARS * 6 + JSON_LIMIT_BYTES));
    let json = OpenApiRouter::default()
        .routes(routes!(calendar::list))
        .routes(routes!(calendar::put, calendar::remove))
        .routes(routes!(drafts::list_rules, drafts::create_rule))
        .routes(routes!(drafts::update_rule, drafts::delete_rule))
        .routes(routes!(department_names::list_department_names, department_names::create_department_name))
        .routes(routes!(department_names::update_department_name, department_names::delete_department_name))
        .routes(routes!(session::sign_in, session::sign_out))
        .routes(routes!(session::me))
        .routes(routes!(session::list_tokens, session::create_token))
        .routes(routes!(session::revoke_token))
        .routes(routes!(feeds::list_feeds, feeds::create_feed))
        .routes(routes!(feeds::revoke_feed))
        .routes(routes!(org::list_units, admin::create_unit))
        .routes(routes!(org::get_unit, admin::edit_unit))
        .routes(routes!(admin::move_unit))
        .routes(routes!(rollups::unit_rollup))
        .routes(routes!(rollups::ranking))
        .routes(routes!(bulletins::list_bulletins, bulletins::publish_bulletin))
        .routes(routes!(bulletins::get_bulletin))
        .routes(routes!(admin::deactivate_unit))
        .routes(routes!(robots::list_robots, robots::create_robot))
        .routes(routes!(robots::update_robot, robots::delete_robot))
        .routes(routes!(admin::list_users, admin::create_user))
        .routes(routes!(admin::move_user))
        .routes(routes!(admin::deactivate_user))
        .routes(routes!(admin::reset_password))
        .routes(routes!(org::list_meetings, org::create_meeting))
        .routes(routes!(org::get_meeting))
        .routes(routes!(org::list_directives, org::create_directive))
        .routes(routes!(org::get_directive, org::update_directive))
        .routes(routes!(org::issue_directive))
        .routes(routes!(rollups::directive_rollup))
        .routes(routes!(org::assign_directive))
        .routes(routes!(org::assign_meeting))
        .routes(routes!(work::list_tasks))
        .routes(routes!(work::get_task))
        .routes(routes!(work::task_reports))
        .routes(routes!(work::task_history))
        .routes(routes!(work::split_task))
        .routes(routes!(work::acknowledge))
        .routes(routes!(work::decline))
        .routes(routes!(work::accept))
        .routes(routes!(work::return_task))
        .routes(routes!(work::reassign))
        .routes(routes!(work::cancel))
        .routes(routes!(work::remind))
        .routes(routes!(work::request_extension))
        .routes(routes!(work::approve_extension))
        .routes(routes!(work::refuse_extension))
        .routes(routes!(work::create_instruction))
        .routes(routes!(work::inbox))
        .routes(routes!(work::download))
        .routes(routes!(outbox::list_outbox))
        .routes(routes!(outbox::retry_message))
        .routes(routes!(outbox::retry_messages))
        .layer(DefaultBodyLimit::max(JSON_LIMIT_BYTES));
    let (router, mut document) =
        OpenApiRouter::with_openapi(ApiDoc::openapi()).merge(uploads).merge(minutes).merge(json).split_for_parts();
    // After the paths are in: it describes what every operation shares.
    Security.modify(&mut document);
    (router, document)
}

/// The API's routes, and the document at `/api/openapi.json` with the Swagger UI beside it.
pub fn router(upload_limit_bytes: usize) -> Router<AppState> {
    let (router, document) = routes(upload_limit_bytes);
    router.merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", document))
}

/// The OpenAPI document of the API (`duban openapi` prints it).
pub fn document() -> utoipa::openapi::OpenApi {
    routes(0).1
}
