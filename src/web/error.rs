//! The one conversion from a service error to an HTTP answer: `application/problem+json`
//! naming the field and the reason; an opaque 500 whose cause goes to the log.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::services::ServiceError;

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
    BadInput { status: StatusCode, field: String, reason: String },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// A cookie request or a page's form without the session's CSRF token: nothing changed.
    #[error("missing or wrong X-CSRF-Token for this session")]
    Csrf,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("internal: {0}")]
    Internal(String),
}

impl WebError {
    pub fn bad_request(field: impl Into<String>, reason: impl Into<String>) -> Self {
        WebError::BadInput { status: StatusCode::BAD_REQUEST, field: field.into(), reason: reason.into() }
    }

    pub fn unprocessable(field: impl Into<String>, reason: impl Into<String>) -> Self {
        WebError::BadInput { status: StatusCode::UNPROCESSABLE_ENTITY, field: field.into(), reason: reason.into() }
    }
}

/// An error as the answer states it: the status, a short title, the field and the reason,
/// and when to try again. The API writes it as problem+json, the pages as the error page.
#[derive(Clone, Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: &'static str,
    pub field: Option<String>,
    pub detail: String,
    pub retry_after_seconds: Option<i64>,
}

impl Problem {
    fn new(status: StatusCode, title: &'static str, field: Option<String>, detail: String) -> Problem {
        Problem { status, title, field, detail, retry_after_seconds: None }
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
            WebError::Csrf => Problem::new(StatusCode::FORBIDDEN, "forbidden", None, self.to_string()),
            WebError::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, "not found", None, self.to_string()),
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
                    ..Problem::new(StatusCode::TOO_MANY_REQUESTS, "too many attempts", None, err.to_string())
                },
                ServiceError::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, "not found", None, err.to_string()),
                ServiceError::Forbidden(reason) => {
                    Problem::new(StatusCode::FORBIDDEN, "forbidden", None, reason.clone())
                }
                ServiceError::Refused(_) | ServiceError::Conflict(_) | ServiceError::Stale { .. } => {
                    Problem::new(StatusCode::CONFLICT, "conflict", None, err.to_string())
                }
                ServiceError::ConflictsWith { field, reason } => {
                    Problem::new(StatusCode::CONFLICT, "conflict", Some((*field).to_owned()), reason.clone())
                }
                ServiceError::Unavailable(cause) => {
                    tracing::warn!(error = %cause, "the database is unavailable");
                    Problem {
                        retry_after_seconds: Some(RETRY_AFTER_OUTAGE_SECONDS),
                        ..Problem::new(StatusCode::SERVICE_UNAVAILABLE, "service unavailable", None, err.to_string())
                    }
                }
                ServiceError::Internal(_) | ServiceError::Files(_) | ServiceError::Template(_) => internal(self),
            },
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let Problem { status, title, field, detail, retry_after_seconds } = self.problem();
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
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error",
        None,
        "something went wrong on our side; it has been logged".into(),
    )
}
