//! Who is calling: a typed extractor that reads a Bearer token or the session cookie. Cookie
//! requests that change something must carry the session's CSRF token in `X-CSRF-Token`.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, Method, header, request::Parts},
};

use super::{AppState, WebError};
use crate::services::{Actor, auth};

pub const SESSION_COOKIE: &str = "duban_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in user; handlers that take it refuse anonymous requests with 401.
pub struct Auth(pub auth::SignedIn);

impl Auth {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }
}

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_owned())
    })
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = &state.ctx;
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| WebError::Unauthorized("the Authorization header must be 'Bearer <token>'".into()))?;
            return match auth::from_token(ctx, token).await? {
                Some(signed_in) => Ok(Auth(signed_in)),
                None => Err(WebError::Unauthorized("the token is unknown or revoked".into())),
            };
        }
        let Some(session) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(WebError::Unauthorized("sign in first, or send an API token".into()));
        };
        let Some(signed_in) = auth::from_session(ctx, &session).await? else {
            return Err(WebError::Unauthorized("the session has expired; sign in again".into()));
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent.is_none() || sent != signed_in.csrf_token.as_deref() {
                return Err(WebError::Forbidden("missing or wrong X-CSRF-Token for this session".into()));
            }
        }
        Ok(Auth(signed_in))
    }
}
