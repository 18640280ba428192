//! Server-rendered pages: signing in and out, the overview of meetings, and the health check.

use std::net::SocketAddr;

use axum::{
    Form,
    extract::{ConnectInfo, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{AppendHeaders, Html, IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    AppState, WebError,
    auth::{SESSION_COOKIE, client_address, cookie, expired_cookie, same_secret, session_cookie},
};
use crate::{
    domain::vocabulary::{Locale, UnitLevel},
    services::{self, ServiceError, auth},
};

const ZH: &str = include_str!("../../locales/zh.json");
const EN: &str = include_str!("../../locales/en.json");

#[derive(Debug, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// `?lang=` wins, then the browser's Accept-Language, then Chinese.
fn locale(query: &LangQuery, headers: &HeaderMap) -> Locale {
    if let Some(lang) = query.lang.as_deref().and_then(|l| l.parse().ok()) {
        return lang;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.trim_start().starts_with("en") { Locale::En } else { Locale::Zh }
}

fn strings(locale: Locale) -> Value {
    let text = match locale {
        Locale::Zh => ZH,
        Locale::En => EN,
    };
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn level_label(t: &Value, level: UnitLevel) -> String {
    t[format!("level_{}", level.as_str())].as_str().unwrap_or(level.as_str()).to_owned()
}

/// Sets a fresh token for the sign-in form in a cookie of its own (double submit: a page of
/// another site can neither read the cookie nor guess the token it must post beside it).
const SIGN_IN_CSRF_COOKIE: &str = "duban_sign_in";

fn page(state: &AppState, name: &str, data: &Value) -> Result<String, WebError> {
    Ok(state.templates.render(name, data)?)
}

/// The sign-in page, with `error` (a key of the strings) shown when the last try failed.
fn sign_in_page(
    state: &AppState,
    locale: Locale,
    status: StatusCode,
    error: Option<&str>,
    username: &str,
) -> Result<Response, WebError> {
    let t = strings(locale);
    let token = auth::new_secret();
    let secure = if state.ctx.config.cookie_secure { "; Secure" } else { "" };
    let set_cookie = format!("{SIGN_IN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
    let message = error.map(|key| t[key].clone());
    let body = page(
        state,
        "pages/sign_in",
        &json!({ "t": t, "title": t["sign_in"], "csrf": token, "error": message, "username": username,
                 "lang": locale.as_str() }),
    )?;
    Ok((status, [(header::SET_COOKIE, set_cookie)], Html(body)).into_response())
}

/// The meetings the signed-in user may read, their directives and task counts per level of
/// the assignee units; the sign-in page for anyone else.
pub async fn home(
    State(state): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let ctx = &state.ctx;
    let locale = locale(&query, &headers);
    let signed_in = match cookie(&headers, SESSION_COOKIE) {
        Some(value) => auth::from_session(ctx, &value).await?,
        None => None,
    };
    let Some(signed_in) = signed_in else {
        return sign_in_page(&state, locale, StatusCode::OK, None, "");
    };
    let t = strings(locale);
    let meetings = services::overview::meetings(ctx, &signed_in.actor()).await?;
    let tz = ctx.config.time_zone;
    let meetings: Vec<Value> = meetings
        .into_iter()
        .map(|m| {
            let mut value = json!(m);
            for (i, d) in m.directives.iter().enumerate() {
                value["directives"][i]["category_label"] = json!(match locale {
                    Locale::Zh => d.category.label_zh(),
                    Locale::En => d.category.label_en(),
                });
                value["directives"][i]["deadline_local"] =
                    json!(d.deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string());
                for (j, level) in d.levels.iter().enumerate() {
                    value["directives"][i]["levels"][j]["level_label"] = json!(level_label(&t, level.level));
                }
            }
            value
        })
        .collect();
    let title = t["app_name"].clone();
    let user = &signed_in.user;
    let body = page(
        &state,
        "pages/home",
        &json!({ "t": t, "title": title, "english": locale == Locale::En, "meetings": meetings,
                 "user": { "display_name": user.display_name, "username": user.username },
                 "csrf": signed_in.csrf_token }),
    )?;
    Ok(Html(body).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// The sign-in form's post: a session cookie and back to the first page, or the form again
/// with the reason in the user's language.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let locale = locale(&query, &headers);
    let expected = cookie(&headers, SIGN_IN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf, &expected) {
        return sign_in_page(&state, locale, StatusCode::FORBIDDEN, Some("form_expired"), form.username.trim());
    }
    let client = client_address(peer.ip(), &headers, &state.ctx.config.trusted_proxies).to_string();
    let old = cookie(&headers, SESSION_COOKIE);
    match auth::sign_in(&state.ctx, form.username.trim(), &form.password, &client, old.as_deref()).await {
        Ok(session) => {
            let max_age = state.ctx.config.session_hours * 3600;
            let cookies = AppendHeaders([
                (header::SET_COOKIE, session_cookie(&state.ctx.config, &session.cookie_value, max_age)?),
                (header::SET_COOKIE, expired_cookie(SIGN_IN_CSRF_COOKIE)?),
            ]);
            let home = format!("/?lang={}", locale.as_str());
            Ok((StatusCode::SEE_OTHER, cookies, [(header::LOCATION, home)]).into_response())
        }
        Err(ServiceError::Unauthenticated(_)) => {
            sign_in_page(&state, locale, StatusCode::UNAUTHORIZED, Some("wrong_password"), form.username.trim())
        }
        Err(ServiceError::TooManyAttempts { retry_after_seconds }) => {
            let mut response =
                sign_in_page(&state, locale, StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"), "")?;
            response.headers_mut().insert(header::RETRY_AFTER, retry_after_seconds.into());
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

/// Signs out: the session is deleted on the server, the cookie cleared, and the sign-in page
/// shown. Only with the session's own CSRF token, so another site cannot sign anyone out.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignOutForm>,
) -> Result<Response, WebError> {
    let Some(value) = cookie(&headers, SESSION_COOKIE) else {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response());
    };
    let Some(signed_in) = auth::from_session(&state.ctx, &value).await? else {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response());
    };
    let expected = signed_in.csrf_token.as_deref().unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf, expected) {
        return Err(WebError::Forbidden("the form has expired; reload the page and try again".into()));
    }
    auth::sign_out(&state.ctx, &value).await?;
    Ok((StatusCode::SEE_OTHER, [(header::SET_COOKIE, expired_cookie(SESSION_COOKIE)?)], [(header::LOCATION, "/")])
        .into_response())
}

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.ctx.database_reachable().await {
        (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"ok","database":"reachable"}"#)
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"error","database":"unreachable"}"#,
        )
            .into_response()
    }
}
