//! The one conversion from a service error to an HTTP answer: `application/problem+json`
//! naming the field and the reason; an opaque 500 whose cause goes to the log.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::{
    domain::{
        message::{Message, entity_key},
        vocabulary::Locale,
    },
    services::ServiceError,
    web::pages::i18n,
};

/// When to ask again while the database is unavailable (503), as `/readyz` says too.
pub const RETRY_AFTER_OUTAGE_SECONDS: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("template: {0}")]
    Render(#[from] handlebars::RenderError),
    /// The request itself is malformed (400) or names something that cannot be (422).
    #[error("{field}: {reason}")]
    BadInput { status: StatusCode, field: String, reason: Message },
    #[error("{0}")]
    Unauthorized(Message),
    #[error("{0}")]
    Forbidden(Message),
    /// A cookie request or a page's form without the session's CSRF token: nothing changed.
    #[error("missing or wrong X-CSRF-Token for this session")]
    Csrf,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("internal: {0}")]
    Internal(String),
}

impl WebError {
    pub fn bad_request(field: impl Into<String>, reason: Message) -> Self {
        WebError::BadInput { status: StatusCode::BAD_REQUEST, field: field.into(), reason }
    }

    pub fn unprocessable(field: impl Into<String>, reason: Message) -> Self {
        WebError::BadInput { status: StatusCode::UNPROCESSABLE_ENTITY, field: field.into(), reason }
    }
}

/// An error as the answer states it: the status, a short title, the field and the reason,
/// and when to try again. The API writes it as problem+json with the reason in English, the
/// pages as the error page in the reader's language.
#[derive(Clone, Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: &'static str,
    pub field: Option<String>,
    /// The reason, as a message to render; none for an answer that is its status alone.
    pub detail: Option<Message>,
    pub retry_after_seconds: Option<i64>,
}

impl Problem {
    fn new(status: StatusCode, title: &'static str, field: Option<String>, detail: Message) -> Problem {
        Problem { status, title, field, detail: Some(detail), retry_after_seconds: None }
    }

    /// The reason in `locale` (instants in `zone`, or as RFC 3339 with none); empty with none.
    pub fn detail_in(&self, locale: Locale, zone: Option<chrono_tz::Tz>) -> String {
        self.detail.as_ref().map(|detail| i18n::message(locale, zone, detail)).unwrap_or_default()
    }
}

impl WebError {
    /// The answer this error gives; a 500's cause chain goes to the log here, not to the caller.
    pub fn problem(&self) -> Problem {
        match self {
            WebError::BadInput { status, field, reason } => {
                Problem::new(*status, "invalid input", Some(field.clone()), reason.clone())
            }
            WebError::Unauthorized(reason) => {
                Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", None, reason.clone())
            }
            WebError::Forbidden(reason) => Problem::new(StatusCode::FORBIDDEN, "forbidden", None, reason.clone()),
            WebError::Csrf => Problem::new(StatusCode::FORBIDDEN, "forbidden", None, Message::new("error-csrf-token")),
            WebError::NotFound(what) => Problem::new(
                StatusCode::NOT_FOUND,
                "not found",
                None,
                Message::new("error-not-found").message("what", entity_key(what)),
            ),
            WebError::Internal(_) | WebError::Render(_) => internal(self),
            WebError::Service(err) => match err {
                ServiceError::Invalid { field, reason } => Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid input",
                    Some((*field).to_owned()),
                    reason.clone(),
                ),
                ServiceError::Unauthenticated(reason) => {
                    Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", None, reason.clone())
                }
                ServiceError::TooManyAttempts { retry_after_seconds } => Problem {
                    retry_after_seconds: Some(*retry_after_seconds),
                    ..Problem::new(StatusCode::TOO_MANY_REQUESTS, "too many attempts", None, err.reason())
                },
                ServiceError::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, "not found", None, err.reason()),
                ServiceError::Forbidden(reason) => {
                    Problem::new(StatusCode::FORBIDDEN, "forbidden", None, reason.clone())
                }
                ServiceError::Refused(_) | ServiceError::Conflict(_) | ServiceError::Stale { .. } => {
                    Problem::new(StatusCode::CONFLICT, "conflict", None, err.reason())
                }
                ServiceError::ConflictsWith { field, reason } => {
                    Problem::new(StatusCode::CONFLICT, "conflict", Some((*field).to_owned()), reason.clone())
                }
                ServiceError::Unavailable(cause) => {
                    tracing::warn!(error = %cause, "the database is unavailable");
                    Problem {
                        retry_after_seconds: Some(RETRY_AFTER_OUTAGE_SECONDS),
                        ..Problem::new(StatusCode::SERVICE_UNAVAILABLE, "service unavailable", None, err.reason())
                    }
                }
                ServiceError::Internal(_) | ServiceError::Files(_) | ServiceError::Template(_) => internal(self),
            },
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        // Machines read English; instants as RFC 3339.
        let detail = problem.detail_in(Locale::En, None);
        let Problem { status, title, field, retry_after_seconds, .. } = problem;
        let mut body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
        if let Some(field) = field {
            body["field"] = json!(field);
        }
        let mut response =
            (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response();
        if let Some(seconds) = retry_after_seconds {
            response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn internal(err: &WebError) -> Problem {
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    tracing::error!(error = %chain, "request failed");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error", None, Message::new("error-internal"))
}

/// A service's refusal in English, "field: reason" where it names a field: what the command
/// line prints.
pub fn english(err: &ServiceError) -> String {
    let reason = i18n::message(Locale::En, None, &err.reason());
    match err.field() {
        Some(field) => format!("{field}: {reason}"),
        None => reason,
    }
}
