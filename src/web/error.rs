//! The one conversion from a service error to an HTTP answer: `application/problem+json`
//! naming the field and the reason; an opaque 500 whose cause goes to the log.

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::services::ServiceError;

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

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let (status, title, field, detail) = match &self {
            WebError::BadInput { status, field, reason } => {
                (*status, "invalid input", Some(field.clone()), reason.clone())
            }
            WebError::Unauthorized(reason) => (StatusCode::UNAUTHORIZED, "unauthorized", None, reason.clone()),
            WebError::Forbidden(reason) => (StatusCode::FORBIDDEN, "forbidden", None, reason.clone()),
            WebError::NotFound(_) => (StatusCode::NOT_FOUND, "not found", None, self.to_string()),
            WebError::Internal(_) => internal(&self),
            WebError::Service(err) => match err {
                ServiceError::Invalid { field, reason } => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid input", Some((*field).to_owned()), reason.clone())
                }
                ServiceError::Unauthenticated(reason) => {
                    (StatusCode::UNAUTHORIZED, "unauthorized", None, reason.clone())
                }
                ServiceError::TooManyAttempts { retry_after_seconds } => {
                    retry_after = Some(retry_after_seconds.to_string());
                    (StatusCode::TOO_MANY_REQUESTS, "too many attempts", None, err.to_string())
                }
                ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "not found", None, err.to_string()),
                ServiceError::Forbidden(reason) => (StatusCode::FORBIDDEN, "forbidden", None, reason.clone()),
                ServiceError::Refused(_) | ServiceError::Conflict(_) | ServiceError::Stale { .. } => {
                    (StatusCode::CONFLICT, "conflict", None, err.to_string())
                }
                ServiceError::ConflictsWith { field, reason } => {
                    (StatusCode::CONFLICT, "conflict", Some((*field).to_owned()), reason.clone())
                }
                ServiceError::Internal(_) | ServiceError::Files(_) | ServiceError::Template(_) => internal(&self),
            },
            WebError::Render(_) => internal(&self),
        };
        let mut body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
        if let Some(field) = field {
            body["field"] = json!(field);
        }
        let mut response =
            (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response();
        if let Some(seconds) = retry_after
            && let Ok(value) = seconds.parse()
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn internal(err: &WebError) -> (StatusCode, &'static str, Option<String>, String) {
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    tracing::error!(error = %chain, "request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error",
        None,
        "something went wrong on our side; it has been logged".into(),
    )
}
