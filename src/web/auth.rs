//! Who is calling: a typed extractor that reads a Bearer token or the session cookie. Cookie
//! requests that change something must carry the session's CSRF token in `X-CSRF-Token`.

use crate::domain::message::Message;
use std::net::IpAddr;

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, Method, header, request::Parts},
};

use super::{AppState, WebError};
use crate::config::{Config, IpRange};
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
                .ok_or_else(|| WebError::Unauthorized(Message::new("error-bearer")))?;
            return match auth::from_token(ctx, token).await? {
                Some(signed_in) => Ok(Auth(signed_in)),
                None => Err(WebError::Unauthorized(Message::new("error-token-unknown"))),
            };
        }
        let Some(session) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(WebError::Unauthorized(Message::new("error-sign-in-first")));
        };
        let Some(signed_in) = auth::from_session(ctx, &session).await? else {
            return Err(WebError::Unauthorized(Message::new("error-session-expired")));
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            let matches = match (sent, signed_in.csrf_token.as_deref()) {
                (Some(sent), Some(expected)) => same_secret(sent, expected),
                _ => false,
            };
            if !matches {
                return Err(WebError::Csrf);
            }
        }
        Ok(Auth(signed_in))
    }
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when configured.
pub fn session_cookie(config: &Config, value: &str, max_age_seconds: i64) -> Result<HeaderValue, WebError> {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    ))
    .map_err(|e| WebError::Internal(e.to_string()))
}

/// A cookie that tells the browser to forget `name`.
pub fn expired_cookie(name: &str) -> Result<HeaderValue, WebError> {
    HeaderValue::from_str(&format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"))
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// The address a request came from: the peer's, unless the peer is a trusted proxy, in which
/// case `X-Forwarded-For` is read from the right, past the trusted hops, to the first address
/// no trusted proxy vouches for. A header from anyone else is ignored, so a client cannot
/// choose the address its failed sign-ins are counted under.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpRange]) -> IpAddr {
    let is_trusted = |a: IpAddr| trusted.iter().any(|range| range.contains(a));
    if !is_trusted(peer) {
        return peer;
    }
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) if is_trusted(address) => client = address,
            Ok(address) => return address,
            // A hop that is not an address: the chain cannot be followed further.
            Err(_) => return client,
        }
    }
    client
}

/// Compares two secrets in time that depends only on their lengths, so that a guess learns
/// nothing from how long the comparison took.
pub fn same_secret(sent: &str, expected: &str) -> bool {
    sent.len() == expected.len() && sent.bytes().zip(expected.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", forwarded.parse().expect("header"));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpRange> = vec!["10.0.0.0/8".parse().expect("range")];
        let spoofed = headers("1.2.3.4");
        assert_eq!(client_address(ip("203.0.113.9"), &spoofed, &trusted), ip("203.0.113.9"), "not a proxy");
        assert_eq!(client_address(ip("10.0.0.2"), &spoofed, &trusted), ip("1.2.3.4"), "the balancer's word");
        assert_eq!(client_address(ip("10.0.0.2"), &HeaderMap::new(), &[]), ip("10.0.0.2"), "nobody trusted");
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let trusted: Vec<IpRange> = vec!["10.0.0.0/8".parse().expect("range")];
        // The client claims 6.6.6.6; the edge proxy appended the address it saw, 198.51.100.7.
        let chain = headers("6.6.6.6, 198.51.100.7, 10.0.0.5");
        assert_eq!(client_address(ip("10.0.0.2"), &chain, &trusted), ip("198.51.100.7"));
        assert_eq!(client_address(ip("10.0.0.2"), &headers("garbage, 10.0.0.5"), &trusted), ip("10.0.0.5"));
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(same_secret("abc123", "abc123"));
        assert!(!same_secret("abc124", "abc123"));
        assert!(!same_secret("abc12", "abc123"));
        assert!(!same_secret("", "abc123"));
    }
}
