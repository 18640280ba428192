//! Signing in and out, the language switch, the overview of meetings, and the health check.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{AppendHeaders, Html, IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    error::{PageError, PageResult},
    frame::{CsrfForm, LANG_COOKIE, SmallForm, Viewer, Visitor, render_page, see_other, start_page},
    i18n,
    view::page,
};
use crate::{
    domain::{
        format,
        vocabulary::{Locale, UnitLevel},
    },
    services::{self, ServiceError, auth, overview::LevelCounts},
    web::{
        AppState,
        auth::{SESSION_COOKIE, client_address, cookie, expired_cookie, same_secret, session_cookie},
        redirect::redirect_target,
    },
};

/// Sets a fresh token for the sign-in form in a cookie of its own (double submit: a page of
/// another site can neither read the cookie nor guess the token it must post beside it).
const SIGN_IN_CSRF_COOKIE: &str = "duban_sign_in";

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Serialize)]
struct SignInPage<'a> {
    sign_in_csrf: &'a str,
    error: Option<String>,
    username: &'a str,
    next: &'a str,
}
page!(SignInPage<'_> => "pages/sign_in");

/// The sign-in page, with `error` (a message key) shown when the last try failed.
fn sign_in_page(
    state: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    error: Option<&str>,
    username: &str,
    next: &str,
) -> PageResult {
    let locale = visitor.locale;
    let token = auth::new_secret();
    let secure = if state.ctx.config.cookie_secure { "; Secure" } else { "" };
    let set_cookie = format!("{SIGN_IN_CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
    let next = redirect_target(next, "");
    let view = SignInPage { sign_in_csrf: &token, error: error.map(|key| i18n::text(locale, key)), username, next };
    let body = render_page(state, visitor, &i18n::text(locale, "sign-in"), &view)?;
    Ok((status, [(header::SET_COOKIE, set_cookie)], Html(body)).into_response())
}

/// `GET /sign-in`: the form, for anyone; `next` is where signing in leads.
pub async fn sign_in_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<NextQuery>,
) -> PageResult {
    if let Some(signed_in) = &visitor.signed_in {
        let next = redirect_target(query.next.as_deref().unwrap_or_default(), start_page(signed_in.user.role));
        return Ok(see_other(next));
    }
    sign_in_page(&state, &visitor, StatusCode::OK, None, "", query.next.as_deref().unwrap_or_default())
}

#[derive(Serialize)]
struct LevelRow {
    level_label: String,
    total: String,
    acknowledged: String,
    completed: String,
    overdue: String,
    late: bool,
}

impl LevelRow {
    fn new(viewer: &Viewer, level: UnitLevel, counts: &LevelCounts) -> LevelRow {
        LevelRow {
            level_label: viewer.level(level),
            total: format::figure(counts.total),
            acknowledged: format::figure(counts.acknowledged),
            completed: format::figure(counts.completed),
            overdue: format::figure(counts.overdue),
            late: counts.overdue > 0,
        }
    }
}

#[derive(Serialize)]
struct DirectiveRow {
    seq: i32,
    title: String,
    category_label: &'static str,
    deadline: String,
    levels: Vec<LevelRow>,
}

#[derive(Serialize)]
struct MeetingRow {
    title: String,
    held_on: String,
    host: String,
    venue: String,
    directives: Vec<DirectiveRow>,
}

#[derive(Serialize)]
struct HomePage {
    meetings: Vec<MeetingRow>,
}
page!(HomePage => "pages/home");

/// `GET /`: the meetings the signed-in user may read, their directives and task counts per
/// level of the assignee units; the sign-in page for anyone else.
pub async fn home(State(state): State<AppState>, visitor: Visitor) -> PageResult {
    let Some(signed_in) = visitor.signed_in.clone() else {
        return sign_in_page(&state, &visitor, StatusCode::OK, None, "", "");
    };
    let viewer = Viewer { signed_in, locale: visitor.locale, visitor };
    let meetings = services::overview::meetings(&state.ctx, &viewer.actor()).await?;
    let meetings = meetings
        .into_iter()
        .map(|m| MeetingRow {
            title: viewer.pick(&m.title_zh, &m.title_en).to_owned(),
            held_on: m.held_on,
            host: m.host,
            venue: m.venue,
            directives: m
                .directives
                .into_iter()
                .map(|d| DirectiveRow {
                    seq: d.seq,
                    title: viewer.pick(&d.title_zh, &d.title_en).to_owned(),
                    category_label: if viewer.english() { d.category.label_en() } else { d.category.label_zh() },
                    deadline: d.deadline.to_rfc3339(),
                    levels: d.levels.into_iter().map(|l| LevelRow::new(&viewer, l.level, &l.counts)).collect(),
                })
                .collect(),
        })
        .collect();
    viewer.render(&state, &viewer.t("nav-overview"), &HomePage { meetings })
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// The sign-in form's post: a session cookie and on to `next` or the role's first page, or
/// the form again with the reason in the user's language.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    visitor: Visitor,
    headers: HeaderMap,
    SmallForm(form): SmallForm<SignInForm>,
) -> PageResult {
    let username = form.username.trim();
    let expected = cookie(&headers, SIGN_IN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf, &expected) {
        return sign_in_page(&state, &visitor, StatusCode::FORBIDDEN, Some("form-expired"), username, &form.next);
    }
    let client = client_address(peer.ip(), &headers, &state.ctx.config.trusted_proxies).to_string();
    let old = cookie(&headers, SESSION_COOKIE);
    match auth::sign_in(&state.ctx, username, &form.password, &client, old.as_deref()).await {
        Ok(session) => {
            let max_age = state.ctx.config.session_hours * 3600;
            let cookies = AppendHeaders([
                (header::SET_COOKIE, session_cookie(&state.ctx.config, &session.cookie_value, max_age)?),
                (header::SET_COOKIE, expired_cookie(SIGN_IN_CSRF_COOKIE)?),
            ]);
            let next = redirect_target(&form.next, start_page(session.user.role));
            Ok((StatusCode::SEE_OTHER, cookies, [(header::LOCATION, next.to_owned())]).into_response())
        }
        Err(ServiceError::Unauthenticated(_)) => {
            sign_in_page(&state, &visitor, StatusCode::UNAUTHORIZED, Some("wrong-password"), username, &form.next)
        }
        Err(ServiceError::TooManyAttempts { retry_after_seconds }) => {
            let mut response = sign_in_page(
                &state,
                &visitor,
                StatusCode::TOO_MANY_REQUESTS,
                Some("too-many-attempts"),
                "",
                &form.next,
            )?;
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
    SmallForm(form): SmallForm<SignOutForm>,
) -> PageResult {
    let Some(value) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(see_other("/"));
    };
    let Some(signed_in) = auth::from_session(&state.ctx, &value).await? else {
        return Ok(see_other("/"));
    };
    let expected = signed_in.csrf_token.as_deref().unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf, expected) {
        return Err(PageError::Csrf);
    }
    auth::sign_out(&state.ctx, &value).await?;
    Ok((StatusCode::SEE_OTHER, [(header::SET_COOKIE, expired_cookie(SESSION_COOKIE)?)], [(header::LOCATION, "/")])
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: Locale,
    #[serde(default)]
    back: String,
}

/// `POST /language`: the signed-in user's language, remembered on the account (and in a
/// cookie for the sign-in page), then back to the page they were on.
pub async fn language(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> PageResult {
    auth::set_locale(&state.ctx, &viewer.actor(), form.lang).await?;
    // The page they were on, query and all, without a `lang=` that would override the choice.
    let back = super::frame::without_lang(&form.back);
    let mut answer = see_other(redirect_target(&back, "/"));
    let secure = if state.ctx.config.cookie_secure { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", form.lang.as_str());
    if let Ok(value) = cookie.parse() {
        answer.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(answer)
}

/// 200 when the database answers, 503 with Retry-After when it does not (as every other
/// answer is during an outage).
pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.ctx.database_reachable().await {
        (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"ok","database":"reachable"}"#)
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (header::RETRY_AFTER, crate::web::RETRY_AFTER_OUTAGE_SECONDS.to_string()),
            ],
            r#"{"status":"error","database":"unreachable"}"#,
        )
            .into_response()
    }
}
