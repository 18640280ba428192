//! Extractors whose refusals are problem+json naming the field and the reason, never a 500.

use crate::domain::message::Message;
use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Request},
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
                reason: Message::new("error-json-content-type"),
            });
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|err| WebError::BadInput {
            status: err.status(),
            field: "body".into(),
            reason: Message::new("error-unreadable").text("detail", err.body_text()),
        })?;
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|err| {
            WebError::bad_request("body", Message::new("error-malformed-json").text("detail", err.to_string()))
        })?;
        // PostgreSQL text cannot hold NUL; refuse it here rather than fail on storing it.
        if has_escaped_nul(&bytes) {
            return Err(WebError::unprocessable("body", Message::new("error-json-nul")));
        }
        whole_numbers_as_integers(&mut value);
        serde_path_to_error::deserialize(value).map(ApiJson).map_err(|err| {
            let path = err.path().to_string();
            let (field, reason) = field_and_reason(&err.into_inner().to_string());
            // serde names the missing or unknown field itself; otherwise the path names it.
            let field = if field == "body" && path != "." { path } else { field };
            WebError::unprocessable(field, Message::new("error-unreadable").text("detail", reason))
        })
    }
}

/// `"2.0"` → `"2"`; any other text as it is.
fn whole_number_text(value: &str) -> String {
    let digits = value.strip_prefix('-').unwrap_or(value);
    match digits.split_once('.') {
        Some((whole, fraction))
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b == b'0') =>
        {
            value[..value.len() - fraction.len() - 1].to_owned()
        }
        _ => value.to_owned(),
    }
}

/// JSON does not tell `2` from `2.0`, and neither does JSON Schema's `integer`: a number with
/// no fractional part is read as the whole number it is.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::{Number, Value};
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
                *n = Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// For `#[serde(default, deserialize_with = "not_null")]`: the field may be left out, but when
/// it is sent it must hold a value, as the API document says; `null` is refused.
pub fn not_null<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// For `#[serde(default, deserialize_with = "positive_id")]` on an id in a query: like an id
/// in the path, a positive whole number, or the parameter is refused naming it (a filter on
/// id -1 would silently match nothing).
pub fn positive_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let id = <i64 as serde::Deserialize>::deserialize(deserializer)?;
    if id > 0 { Ok(Some(id)) } else { Err(serde::de::Error::custom("must be a positive whole number")) }
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

/// A numeric id in the path; anything else names no resource.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) if id > 0 => Ok(Id(id)),
            _ => Err(WebError::bad_request("id", Message::new("error-positive-number"))),
        }
    }
}

/// Query parameters.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let _ = state;
        // As in JSON bodies, `2.0` is the whole number 2 (query parameters are all numbers,
        // dates and names of states; none is free text).
        let pairs: Vec<(String, String)> = form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .map(|(key, value)| (key.into_owned(), whole_number_text(&value)))
            .collect();
        let normalized = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(normalized.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map(ApiQuery).map_err(|err| {
            let path = err.path().to_string();
            let (field, reason) = field_and_reason(&err.into_inner().to_string());
            let field = match field.as_str() {
                "body" if path != "." => path,
                "body" => "query".to_owned(),
                _ => field,
            };
            WebError::bad_request(field, Message::new("error-unreadable").text("detail", reason))
        })
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
