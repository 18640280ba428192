//! Extractors whose refusals are problem+json naming the field and the reason, never a 500.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Query, Request, rejection::JsonRejection},
    http::{HeaderMap, StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::web::WebError;

/// JSON body.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(WebError::BadInput {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                field: "content-type".into(),
                reason: "send the body as application/json".into(),
            });
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|err| WebError::BadInput {
            status: err.status(),
            field: "body".into(),
            reason: err.body_text(),
        })?;
        match axum::Json::<T>::from_bytes(&bytes) {
            // PostgreSQL text cannot hold NUL; refuse it here rather than fail on storing it.
            Ok(_) if has_escaped_nul(&bytes) => {
                Err(WebError::unprocessable("body", "text may not contain the NUL character (\\u0000)"))
            }
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// `application/json` or `application/<something>+json`, as axum's `Json` accepts.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether a JSON text holds an escaped NUL (`\u0000`) in one of its strings. In valid JSON a
/// backslash only ever starts an escape, so the scan needs no parser.
pub fn has_escaped_nul(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json[i + 1..].starts_with(b"u0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
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
    use super::{field_and_reason, has_escaped_nul};

    #[test]
    fn an_escaped_nul_is_found_only_where_it_is_one() {
        assert!(has_escaped_nul(br#"{"text":"a\u0000b"}"#));
        assert!(!has_escaped_nul(br#"{"text":"a\\u0000b"}"#));
        assert!(!has_escaped_nul(br#"{"text":"\u2028"}"#));
    }

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
