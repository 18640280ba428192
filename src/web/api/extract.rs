//! Extractors whose refusals are problem+json naming the field and the reason, never a 500.

use axum::{
    extract::{FromRequest, FromRequestParts, Path, Query, Request, rejection::JsonRejection},
    http::{StatusCode, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::web::WebError;

/// JSON body.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// Splits serde's message into the field it is about and the reason.
pub fn field_and_reason(message: &str) -> (String, String) {
    let message = message.trim_start_matches("Failed to deserialize the JSON body into the target type: ");
    if let Some(rest) = message.split("missing field `").nth(1)
        && let Some((field, _)) = rest.split_once('`')
    {
        return (field.to_owned(), "is required".to_owned());
    }
    if let Some(rest) = message.split("unknown field `").nth(1)
        && let Some((field, _)) = rest.split_once('`')
    {
        return (field.to_owned(), "is not a known field".to_owned());
    }
    match message.split_once(": ") {
        Some((path, reason)) if !path.contains(' ') && !path.is_empty() => (path.to_owned(), reason.to_owned()),
        _ => ("body".to_owned(), message.to_owned()),
    }
}

fn json_rejection(rejection: JsonRejection) -> WebError {
    match rejection {
        JsonRejection::JsonDataError(err) => {
            let (field, reason) = field_and_reason(&err.body_text());
            WebError::unprocessable(field, reason)
        }
        JsonRejection::JsonSyntaxError(err) => {
            WebError::bad_request("body", format!("malformed JSON: {}", err.body_text()))
        }
        JsonRejection::MissingJsonContentType(_) => WebError::BadInput {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            field: "content-type".into(),
            reason: "send the body as application/json".into(),
        },
        JsonRejection::BytesRejection(err) => {
            WebError::BadInput { status: err.status(), field: "body".into(), reason: err.body_text() }
        }
        other => WebError::bad_request("body", other.body_text()),
    }
}

/// A numeric id in the path; anything else names no resource.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(Id(id)),
            _ => Err(WebError::bad_request("id", "must be a positive whole number")),
        }
    }
}

/// Query parameters.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(err) => {
                let text = err.body_text();
                let text = text.trim_start_matches("Failed to deserialize query string: ");
                let (field, reason) = field_and_reason(text);
                Err(WebError::bad_request(if field == "body" { "query".into() } else { field }, reason))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::field_and_reason;

    #[test]
    fn serde_messages_become_field_and_reason() {
        assert_eq!(
            field_and_reason(
                "Failed to deserialize the JSON body into the target type: missing field `version` at line 1 column 2"
            ),
            ("version".into(), "is required".into())
        );
        assert_eq!(
            field_and_reason(
                "Failed to deserialize the JSON body into the target type: progress: invalid type: string \"x\", expected i32 at line 1 column 20"
            ),
            ("progress".into(), "invalid type: string \"x\", expected i32 at line 1 column 20".into())
        );
    }
}
