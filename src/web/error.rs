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
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, field, detail) = match &self {
            WebError::Service(err) => match err {
                ServiceError::Invalid { field, reason } => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid input", Some(*field), reason.clone())
                }
                ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "not found", None, err.to_string()),
                ServiceError::Forbidden(reason) => (StatusCode::FORBIDDEN, "forbidden", None, reason.clone()),
                ServiceError::Refused(_) | ServiceError::Conflict(_) | ServiceError::Stale { .. } => {
                    (StatusCode::CONFLICT, "conflict", None, err.to_string())
                }
                ServiceError::Internal(_) => internal(&self),
            },
            WebError::Render(_) => internal(&self),
        };
        let mut body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
        if let Some(field) = field {
            body["field"] = json!(field);
        }
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
    }
}

fn internal(err: &WebError) -> (StatusCode, &'static str, Option<&'static str>, String) {
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
