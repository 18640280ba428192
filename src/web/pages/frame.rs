//! What every page shares: who is looking and in which language, the navigation of their
//! role, the layout, CSRF-checked forms, error pages in the user's language, and the
//! security headers.
//!
//! A handler takes a [`Viewer`] (a signed-in user; anyone else is sent to the sign-in page),
//! calls a service, and answers with [`Viewer::render`] or [`see_other`]. A form is read with
//! [`CsrfForm`], which refuses a post without the session's token before anything changes.
//! Handlers return `WebError` as the API does; [`frame`] turns an error answer into a page.

use std::sync::Arc;

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::i18n;
use crate::{
    domain::vocabulary::{Locale, Role},
    services::{Actor, auth},
    web::{
        AppState, WebError,
        auth::{SESSION_COOKIE, cookie, same_secret},
    },
};

/// The cookie that remembers the language of someone not signed in.
pub const LANG_COOKIE: &str = "duban_lang";

/// Who asked for the page and in which language; set by [`frame`] for every page request.
#[derive(Clone)]
pub struct Visitor {
    pub signed_in: Option<Arc<auth::SignedIn>>,
    pub locale: Locale,
    /// The path and query asked for, to come back to after signing in or switching language.
    pub path: String,
    /// A `?notice=` key to show once, such as `notice-saved`, if the language has it.
    pub notice: Option<String>,
}

/// `?lang=` wins, then the user's own choice, then the language cookie, then the browser's
/// Accept-Language, then Chinese.
fn choose_locale(query: Option<&str>, user: Option<Locale>, headers: &HeaderMap) -> Locale {
    let asked = query
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| v.parse().ok());
    if let Some(locale) = asked.or(user) {
        return locale;
    }
    if let Some(locale) = cookie(headers, LANG_COOKIE).and_then(|v| v.parse().ok()) {
        return locale;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.trim_start().to_ascii_lowercase().starts_with("en") { Locale::En } else { Locale::Zh }
}

/// The middleware of every page: finds the visitor, runs the handler, turns an error answer
/// into a page in the visitor's language, and adds the security headers.
pub async fn frame(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let machine = ["/api/", "/healthz", "/readyz", "/metrics"].iter().any(|p| path.starts_with(p));
    if machine || path == "/api" {
        return next.run(request).await;
    }
    let signed_in = match cookie(request.headers(), SESSION_COOKIE) {
        Some(value) => auth::from_session(&state.ctx, &value).await.ok().flatten().map(Arc::new),
        None => None,
    };
    let query = request.uri().query();
    let locale = choose_locale(query, signed_in.as_ref().map(|s| s.user.locale), request.headers());
    let notice = query
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.into_owned())
        .filter(|key| key.starts_with("notice-") && i18n::lookup(locale, key, &[]).is_some());
    let path = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
    let visitor = Visitor { signed_in, locale, path, notice };
    request.extensions_mut().insert(visitor.clone());
    let response = next.run(request).await;
    let mut response = if is_problem(&response) { error_page(&state, &visitor, response).await } else { response };
    secure(response.headers_mut());
    response
}

/// An error answer that is not a page already: a service's problem+json, or the plain text
/// of an extractor's rejection (a path id that is not a number, say).
fn is_problem(response: &Response) -> bool {
    response.status().as_u16() >= 400
        && !response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
}

/// Headers on every page: no scripts but our own, no framing, no sniffing, no referrer
/// leaving the site.
pub fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(header::HeaderName::from_static(name), HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "same-origin");
    set(headers, "x-frame-options", "DENY");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, "cache-control", "no-store");
    }
}

/// The page for an error answer: the status in words, and the field and reason when the
/// service named them. 401 sends the visitor to the sign-in page instead.
async fn error_page(state: &AppState, visitor: &Visitor, response: Response) -> Response {
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        return to_sign_in(&visitor.path);
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default();
    let problem: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let detail = problem["detail"].as_str().unwrap_or_default();
    let locale = visitor.locale;
    // A reason that is itself a message key (such as `error-csrf`) is shown in the language.
    let message = if detail.starts_with("error-") && i18n::lookup(locale, detail, &[]).is_some() {
        i18n::text(locale, detail)
    } else {
        i18n::lookup(locale, &format!("error-{}", status.as_u16()), &[])
            .unwrap_or_else(|| i18n::text(locale, "error-title"))
    };
    let field = problem["field"].as_str().map(|field| {
        i18n::text_with(
            locale,
            "error-field",
            &[("field", FluentValue::from(field.to_owned())), ("reason", FluentValue::from(detail.to_owned()))],
        )
    });
    let shown_detail =
        (field.is_none() && !detail.starts_with("error-") && status.is_client_error() && !detail.is_empty())
            .then(|| detail.to_owned());
    let data = json!({ "status": status.as_u16(), "message": message, "field": field, "detail": shown_detail });
    let page = render_page(state, visitor, "pages/error", &i18n::text(locale, "error-title"), data);
    let mut answer = match page {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "the error page failed to render");
            (status, i18n::text(locale, "error-title")).into_response()
        }
    };
    if let Some(value) = retry_after {
        answer.headers_mut().insert(header::RETRY_AFTER, value);
    }
    answer
}

fn to_sign_in(path: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    see_other(&format!("/sign-in?next={next}"))
}

/// 303 See Other to a path of this site: the answer to every successful form.
pub fn see_other(path: &str) -> Response {
    let path = if local_path(path) { path } else { "/" };
    (StatusCode::SEE_OTHER, [(header::LOCATION, path.to_owned())]).into_response()
}

/// Whether `path` stays on this site (so `next=` cannot send anyone elsewhere).
pub fn local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && !path.contains(['\r', '\n'])
}

/// A signed-in user looking at a page; anyone else is sent to the sign-in page.
#[derive(Clone)]
pub struct Viewer {
    pub signed_in: Arc<auth::SignedIn>,
    pub locale: Locale,
    pub visitor: Visitor,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let Some(visitor) = parts.extensions.get::<Visitor>().cloned() else {
            return Err(WebError::Internal("a page route without the frame middleware".into()).into_response());
        };
        match visitor.signed_in.clone() {
            Some(signed_in) => Ok(Viewer { signed_in, locale: visitor.locale, visitor }),
            None => Err(to_sign_in(&visitor.path)),
        }
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| WebError::Internal("a page route without the frame middleware".into()).into_response())
    }
}

impl Viewer {
    pub fn actor(&self) -> Actor {
        self.signed_in.actor()
    }

    pub fn role(&self) -> Role {
        self.signed_in.user.role
    }

    /// One message in the viewer's language.
    pub fn t(&self, key: &str) -> String {
        i18n::text(self.locale, key)
    }

    /// One message with arguments, such as `&[("days", 3.into())]`.
    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        i18n::text_with(self.locale, key, args)
    }

    /// Refuses the request unless the viewer has one of `roles` (a 403 page).
    pub fn require(&self, roles: &[Role]) -> Result<(), WebError> {
        if roles.contains(&self.role()) { Ok(()) } else { Err(WebError::Forbidden("error-403".into())) }
    }

    /// The page `template` inside the layout, titled `title`; `data` (an object) is merged
    /// into the frame's own fields (`lang`, `tz`, `viewer`, `nav`, `csrf`, `notice`).
    pub fn render(&self, state: &AppState, template: &str, title: &str, data: Value) -> Result<Response, WebError> {
        let visitor = Visitor { signed_in: Some(self.signed_in.clone()), ..self.visitor.clone() };
        Ok(Html(render_page(state, &visitor, template, title, data)?).into_response())
    }

    /// Whether `sent` is this session's CSRF token (compared in constant time).
    pub fn csrf_ok(&self, sent: &str) -> bool {
        self.signed_in.csrf_token.as_deref().is_some_and(|expected| !expected.is_empty() && same_secret(sent, expected))
    }

    /// A 403 unless `sent` is this session's CSRF token; for multipart forms, which
    /// [`CsrfForm`] does not read.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if self.csrf_ok(sent) { Ok(()) } else { Err(WebError::Forbidden("error-csrf".into())) }
    }
}

/// One entry of the navigation.
struct NavItem {
    href: &'static str,
    key: &'static str,
}

const fn item(href: &'static str, key: &'static str) -> NavItem {
    NavItem { href, key }
}

/// What each role works with, in the order of their day.
fn navigation(role: Role) -> &'static [NavItem] {
    const SECRETARIAT: &[NavItem] = &[
        item("/meetings", "nav-meetings"),
        item("/directives", "nav-directives"),
        item("/reviews", "nav-reviews"),
        item("/tasks", "nav-tasks"),
        item("/dashboard", "nav-dashboard"),
        item("/bulletin", "nav-bulletin"),
    ];
    const OFFICER: &[NavItem] = &[
        item("/inbox", "nav-inbox"),
        item("/tasks", "nav-tasks"),
        item("/reviews", "nav-reviews"),
        item("/directives", "nav-directives"),
    ];
    const LEADER: &[NavItem] = &[
        item("/dashboard", "nav-dashboard"),
        item("/ranking", "nav-ranking"),
        item("/overdue", "nav-overdue"),
        item("/directives", "nav-directives"),
        item("/bulletin", "nav-bulletin"),
    ];
    const ADMIN: &[NavItem] = &[
        item("/admin/units", "nav-units"),
        item("/admin/users", "nav-users"),
        item("/admin/rules", "nav-rules"),
        item("/admin/escalation", "nav-escalation"),
        item("/admin/calendar", "nav-calendar"),
        item("/admin/outbox", "nav-outbox"),
    ];
    match role {
        Role::Secretariat => SECRETARIAT,
        Role::Officer => OFFICER,
        Role::Leader => LEADER,
        Role::Admin => ADMIN,
    }
}

/// The first page of each role, where signing in leads.
pub fn start_page(role: Role) -> &'static str {
    navigation(role).first().map_or("/", |item| item.href)
}

/// Renders `template` in the layout for `visitor`, signed in or not (the sign-in page).
pub fn render_page(
    state: &AppState,
    visitor: &Visitor,
    template: &str,
    title: &str,
    data: Value,
) -> Result<String, WebError> {
    let locale = visitor.locale;
    let current = visitor.path.split('?').next().unwrap_or("/");
    let mut root = Map::new();
    root.insert("lang".into(), json!(locale.as_str()));
    root.insert("html_lang".into(), json!(if locale == Locale::Zh { "zh-CN" } else { "en" }));
    root.insert("other_lang".into(), json!(if locale == Locale::Zh { "en" } else { "zh" }));
    root.insert("tz".into(), json!(state.ctx.config.time_zone.name()));
    root.insert("title".into(), json!(title));
    root.insert("path".into(), json!(visitor.path));
    root.insert("notice".into(), json!(visitor.notice.as_deref().map(|key| i18n::text(locale, key))));
    if let Some(signed_in) = &visitor.signed_in {
        let user = &signed_in.user;
        let nav: Vec<Value> = navigation(user.role)
            .iter()
            .map(|item| {
                let here = current == item.href || current.starts_with(&format!("{}/", item.href));
                json!({ "href": item.href, "label": i18n::text(locale, item.key), "current": here })
            })
            .collect();
        root.insert(
            "viewer".into(),
            json!({ "id": user.id, "display_name": user.display_name, "username": user.username,
                    "role": user.role.as_str(), "unit_id": user.unit_id,
                    "role_label": i18n::text(locale, &format!("role-{}", user.role.as_str())) }),
        );
        root.insert("nav".into(), json!(nav));
        root.insert("csrf".into(), json!(signed_in.csrf_token.clone().unwrap_or_default()));
    } else {
        root.insert("viewer".into(), Value::Null);
        root.insert("nav".into(), json!([]));
        root.insert("csrf".into(), json!(""));
    }
    if let Value::Object(fields) = data {
        root.extend(fields);
    }
    Ok(state.templates.render(template, &Value::Object(root))?)
}

/// A urlencoded form (repeated fields make a `Vec`) whose `csrf` field must be the session's token; anything else is a 403
/// page and nothing changes. A field that cannot be read is a 422 naming it.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request<Body>, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let limit = state.ctx.config.upload_max_bytes.max(1024 * 1024);
        let bytes: Bytes = axum::body::to_bytes(body, limit)
            .await
            .map_err(|_| WebError::bad_request("body", "the form is too large").into_response())?;
        let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
        if !sent.as_deref().is_some_and(|s| viewer.csrf_ok(s)) {
            return Err(WebError::Forbidden("error-csrf".into()).into_response());
        }
        // serde_html_form reads repeated fields (several checked boxes) into a Vec.
        let de = serde_html_form::Deserializer::from_bytes(&bytes);
        let value = serde_path_to_error::deserialize(de).map_err(|err| {
            let field = err.path().to_string();
            WebError::unprocessable(if field == "." { "form".into() } else { field }, err.inner().to_string())
                .into_response()
        })?;
        Ok(CsrfForm(value))
    }
}

/// The stylesheet of every page, compiled into the binary.
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../../assets/web/duban.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_site() {
        assert!(local_path("/tasks/3?notice=notice-saved"));
        for outside in ["//evil.example/", "https://evil.example/", "/\\evil.example", "tasks", "/a\r\nSet-Cookie: x"] {
            assert!(!local_path(outside), "{outside:?}");
        }
    }

    #[test]
    fn every_role_starts_on_a_page_of_its_own() {
        assert_eq!(start_page(Role::Officer), "/inbox");
        assert_eq!(start_page(Role::Secretariat), "/meetings");
        assert_eq!(start_page(Role::Leader), "/dashboard");
        assert_eq!(start_page(Role::Admin), "/admin/units");
    }

    #[test]
    fn the_language_asked_for_wins_then_the_users_then_the_browsers() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-GB,en;q=0.9"));
        assert_eq!(choose_locale(None, None, &headers), Locale::En);
        assert_eq!(choose_locale(None, Some(Locale::Zh), &headers), Locale::Zh);
        assert_eq!(choose_locale(Some("lang=en"), Some(Locale::Zh), &headers), Locale::En);
        assert_eq!(choose_locale(None, None, &HeaderMap::new()), Locale::Zh);
    }
}
