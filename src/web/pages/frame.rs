//! What every page shares: who is looking and in which language, the navigation of their
//! role, the layout, CSRF-checked forms, error pages in the user's language, and the
//! security headers.
//!
//! A handler takes a [`Viewer`] (a signed-in user; anyone else is sent to the sign-in page),
//! calls a service, and answers with [`Viewer::render`] or [`see_other`]. A form is read with
//! [`CsrfForm`], which refuses a post without the session's token before anything changes.
//! Handlers return `WebError` as the API does; [`frame`] turns an error answer into a page.

use crate::domain::message::Message;
use std::sync::Arc;

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Serialize, de::DeserializeOwned};

use super::{
    error::{PageError, PageResult},
    i18n,
    view::Page,
};
use crate::{
    domain::{
        ids::{UnitId, UserId},
        roles::Capability,
        vocabulary::{Locale, Role},
    },
    services::{Actor, auth},
    web::{
        AppState, WebError,
        auth::{SESSION_COOKIE, cookie, same_secret},
        redirect,
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

/// `path_and_query` without any `lang=` in its query (which would override a language just
/// chosen), the rest of the query kept as it was sent.
pub(super) fn without_lang(path_and_query: &str) -> String {
    let Some((path, query)) = path_and_query.split_once('?') else { return path_and_query.to_owned() };
    let kept: Vec<&str> =
        query.split('&').filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("lang")).collect();
    if kept.is_empty() { path.to_owned() } else { format!("{path}?{}", kept.join("&")) }
}

/// The same page in the other language, for someone not signed in: the query kept, `lang=`
/// set to `other`.
fn switch_href(path_and_query: &str, other: &str) -> String {
    let kept = without_lang(path_and_query);
    let joint = if kept.contains('?') { '&' } else { '?' };
    format!("{kept}{joint}lang={other}")
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
        // Every machine answer is someone's data (or the state of the service): no cache,
        // shared or private, keeps it.
        let mut response = next.run(request).await;
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    let query = request.uri().query();
    let signed_in = match cookie(request.headers(), SESSION_COOKIE) {
        Some(value) => match auth::from_session(&state.ctx, &value).await {
            Ok(signed_in) => signed_in.map(Arc::new),
            // Who is asking cannot be known while the database is away: say so (503), rather
            // than send a signed-in person to sign in again.
            Err(err @ crate::services::ServiceError::Unavailable(_)) => {
                let locale = choose_locale(query, None, request.headers());
                let path = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
                let visitor = Visitor { signed_in: None, locale, path, notice: None };
                let mut response = PageError::from(err).render(&state, &visitor);
                secure(response.headers_mut());
                return response;
            }
            Err(_) => None,
        },
        None => None,
    };
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
    let mut response = match response.extensions().get::<PageError>() {
        Some(error) => error.render(&state, &visitor),
        None if is_plain_error(&response) => PageError::status_only(response.status()).render(&state, &visitor),
        None => response,
    };
    secure(response.headers_mut());
    response
}

/// An error answer that is neither a page nor a [`PageError`]: the plain text of an
/// extractor's rejection (a path id that is not a number, say), or a method not allowed.
fn is_plain_error(response: &Response) -> bool {
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

/// To the sign-in page, and back to `path` after.
pub(super) fn to_sign_in(path: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    see_other(&format!("/sign-in?next={next}"))
}

/// 303 See Other to a path of this site (`/` when `path` is not one, see
/// [`redirect::local_target`]): the answer to every successful form.
pub fn see_other(path: &str) -> Response {
    let path = redirect::redirect_target(path, "/");
    (StatusCode::SEE_OTHER, [(header::LOCATION, path.to_owned())]).into_response()
}

/// A signed-in user looking at a page; anyone else is sent to the sign-in page.
#[derive(Clone)]
pub struct Viewer {
    pub signed_in: Arc<auth::SignedIn>,
    pub locale: Locale,
    pub visitor: Visitor,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        match visitor.signed_in.clone() {
            Some(signed_in) => Ok(Viewer { signed_in, locale: visitor.locale, visitor }),
            None => Err(PageError::SignIn),
        }
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or_else(|| WebError::Internal("a page route without the frame middleware".into()).into())
    }
}

/// An extractor for the viewers whose role holds a capability (`domain::roles`, the table the
/// services refuse by); anyone else signed in gets the 403 page, anyone not signed in the
/// sign-in page.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $capability:expr) => {
        $(#[$doc])*
        pub struct $name(pub Viewer);

        impl FromRequestParts<AppState> for $name {
            type Rejection = PageError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                let viewer = Viewer::from_request_parts(parts, state).await?;
                if viewer.role().may($capability) { Ok($name(viewer)) } else { Err(PageError::Forbidden) }
            }
        }

        impl std::ops::Deref for $name {
            type Target = Viewer;

            fn deref(&self) -> &Viewer {
                &self.0
            }
        }
    };
}

role_extractor!(
    /// Enters meetings and directives, issues and assigns them.
    Secretariat,
    Capability::Issue
);
role_extractor!(
    /// Works on tasks: acknowledges, reports, splits, reviews what its unit assigned.
    Worker,
    Capability::Work
);
role_extractor!(
    /// Reads the tasks of its scope: workers, and leaders (to write their instructions).
    Reader,
    Capability::Read
);
role_extractor!(
    /// Reminds a unit now (催办): workers of the assigning unit, the secretariat, leaders.
    Reminding,
    Capability::Remind
);
role_extractor!(
    /// Writes instructions (批示).
    Leader,
    Capability::Instruct
);
role_extractor!(
    /// Manages the unit tree, the accounts and the settings.
    Admin,
    Capability::Admin
);

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

    /// The page inside the layout, titled `title`; the page's fields stand beside the
    /// layout's own (`lang`, `tz`, `viewer`, `nav`, `csrf`, `notice`).
    pub fn render<P: Page>(&self, state: &AppState, title: &str, page: &P) -> PageResult {
        let visitor = Visitor { signed_in: Some(self.signed_in.clone()), ..self.visitor.clone() };
        Ok(Html(render_page(state, &visitor, title, page)?).into_response())
    }

    /// Whether `sent` is this session's CSRF token (compared in constant time).
    pub fn csrf_ok(&self, sent: &str) -> bool {
        self.signed_in.csrf_token.as_deref().is_some_and(|expected| !expected.is_empty() && same_secret(sent, expected))
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
        item("/inbox", "nav-inbox"),
        item("/reviews", "nav-reviews"),
        item("/tasks", "nav-tasks"),
        item("/dashboard", "nav-dashboard"),
        item("/ranking", "nav-ranking"),
        item("/bulletin", "nav-bulletin"),
        item("/bulletins", "nav-bulletins"),
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
        item("/bulletins", "nav-bulletins"),
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

/// What the layout shows around every page, and the page's own fields beside it.
#[derive(Serialize)]
struct Layout<'a, T: Serialize> {
    lang: &'static str,
    html_lang: &'static str,
    other_lang: &'static str,
    tz: &'static str,
    title: &'a str,
    path: &'a str,
    /// The language switch of someone not signed in: this page and query in the other language.
    switch_href: String,
    notice: Option<String>,
    viewer: Option<LayoutViewer<'a>>,
    nav: Vec<NavLink>,
    csrf: &'a str,
    #[serde(flatten)]
    page: &'a T,
}

/// The signed-in user, as the layout names them.
#[derive(Serialize)]
struct LayoutViewer<'a> {
    id: UserId,
    display_name: &'a str,
    username: &'a str,
    role: &'static str,
    unit_id: UnitId,
    role_label: String,
}

#[derive(Serialize)]
struct NavLink {
    href: &'static str,
    label: String,
    current: bool,
}

/// Renders the page's template in the layout for `visitor`, signed in or not (the sign-in page).
pub fn render_page<P: Page>(state: &AppState, visitor: &Visitor, title: &str, page: &P) -> Result<String, WebError> {
    let locale = visitor.locale;
    let current = visitor.path.split('?').next().unwrap_or("/");
    let user = visitor.signed_in.as_deref().map(|s| &s.user);
    let nav = user.map_or(&[][..], |user| navigation(user.role));
    let layout = Layout {
        lang: locale.as_str(),
        html_lang: if locale == Locale::Zh { "zh-CN" } else { "en" },
        other_lang: if locale == Locale::Zh { "en" } else { "zh" },
        tz: state.ctx.zone().name(),
        title,
        path: &visitor.path,
        switch_href: switch_href(&visitor.path, if locale == Locale::Zh { "en" } else { "zh" }),
        notice: visitor.notice.as_deref().map(|key| i18n::text(locale, key)),
        viewer: user.map(|user| LayoutViewer {
            id: user.id,
            display_name: &user.display_name,
            username: &user.username,
            role: user.role.as_str(),
            unit_id: user.unit_id,
            role_label: i18n::text(locale, &format!("role-{}", user.role.as_str())),
        }),
        nav: nav
            .iter()
            .map(|item| NavLink {
                href: item.href,
                label: i18n::text(locale, item.key),
                current: current == item.href || current.starts_with(&format!("{}/", item.href)),
            })
            .collect(),
        csrf: visitor.signed_in.as_deref().and_then(|s| s.csrf_token.as_deref()).unwrap_or_default(),
        page,
    };
    Ok(state.templates.render(P::TEMPLATE, &layout)?)
}

/// A urlencoded form (repeated fields make a `Vec`) whose `csrf` field must be the session's token; anything else is a 403
/// page and nothing changes. A field that cannot be read is a 422 naming it.
///
/// The session is checked before the body is touched, and the body is read only up to
/// `form_max_bytes` (a 413 naming the limit beyond it), so that a post from someone not signed
/// in, or with a forged token, costs no more than a small form. `LONG` forms carry a meeting's
/// minutes, and have room for them at their limit besides.
pub struct CsrfForm<T, const LONG: bool = false>(pub T);

/// How much of a form's body is read: `form_max_bytes`, and for a `long` form the minutes at
/// their limit, each character percent-encoded (three UTF-8 bytes, nine characters).
pub fn form_limit(config: &crate::config::Config, long: bool) -> usize {
    let minutes = if long { crate::domain::drafting::MAX_MINUTES_CHARS * 9 } else { 0 };
    config.form_max_bytes + minutes
}

/// The body of a form without files, refused with 413 naming `limit` when its declared
/// length is larger (before a byte is read) or when more than that arrives.
pub async fn form_body(parts: &axum::http::request::Parts, body: Body, limit: usize) -> Result<Bytes, PageError> {
    let too_large = || {
        PageError::from(WebError::BadInput {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            field: "body".into(),
            reason: Message::new("error-form-too-large").number("max", limit),
        })
    };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    if declared.is_some_and(|n: u64| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|_| too_large())
}

/// A form posted without a session (signing in and out): read as [`CsrfForm`] reads one,
/// up to `form_max_bytes`; the handler checks its token.
pub struct SmallForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for SmallForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request<Body>, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = form_body(&parts, body, form_limit(&state.ctx.config, false)).await?;
        let de = serde_html_form::Deserializer::from_bytes(&bytes);
        let value = serde_path_to_error::deserialize(de).map_err(|err| {
            let field = err.path().to_string();
            let reason = Message::new("error-unreadable").text("detail", err.inner().to_string());
            PageError::unprocessable(if field == "." { "form".into() } else { field }, reason)
        })?;
        Ok(SmallForm(value))
    }
}

impl<T: DeserializeOwned, const LONG: bool> FromRequest<AppState> for CsrfForm<T, LONG> {
    type Rejection = PageError;

    async fn from_request(request: Request<Body>, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let bytes = form_body(&parts, body, form_limit(&state.ctx.config, LONG)).await?;
        let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
        if !sent.as_deref().is_some_and(|s| viewer.csrf_ok(s)) {
            return Err(PageError::Csrf);
        }
        // serde_html_form reads repeated fields (several checked boxes) into a Vec.
        let de = serde_html_form::Deserializer::from_bytes(&bytes);
        let value = serde_path_to_error::deserialize(de).map_err(|err| {
            let field = err.path().to_string();
            let reason = Message::new("error-unreadable").text("detail", err.inner().to_string());
            PageError::unprocessable(if field == "." { "form".into() } else { field }, reason)
        })?;
        Ok(CsrfForm(value))
    }
}

/// A form with nothing but its csrf field (a button).
#[derive(serde::Deserialize)]
pub struct Nothing {}

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
    fn every_role_starts_on_a_page_of_its_own() {
        assert_eq!(start_page(Role::Officer), "/inbox");
        assert_eq!(start_page(Role::Secretariat), "/meetings");
        assert_eq!(start_page(Role::Leader), "/dashboard");
        assert_eq!(start_page(Role::Admin), "/admin/units");
    }

    #[test]
    fn the_language_switch_keeps_the_query_and_drops_only_lang() {
        assert_eq!(without_lang("/instructions/new?directive=9"), "/instructions/new?directive=9");
        assert_eq!(without_lang("/tasks?lang=zh&q=%E7%87%83&status=open"), "/tasks?q=%E7%87%83&status=open");
        assert_eq!(without_lang("/?lang=zh"), "/");
        assert_eq!(without_lang("/tasks?language=x"), "/tasks?language=x");
        assert_eq!(switch_href("/sign-in?next=%2Ftasks%2F5", "en"), "/sign-in?next=%2Ftasks%2F5&lang=en");
        assert_eq!(switch_href("/sign-in?lang=zh", "en"), "/sign-in?lang=en");
        assert_eq!(switch_href("/", "zh"), "/?lang=zh");
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
