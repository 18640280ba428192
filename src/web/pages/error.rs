//! Why a page could not be shown, as a type. Handlers and the pages' extractors return a
//! [`PageError`]; [`frame`](super::frame::frame) renders it once, into the error page in the
//! visitor's language, or sends someone who is not signed in to the sign-in page.

use axum::{
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use serde::Serialize;

use super::{
    frame::{Visitor, render_page, to_sign_in},
    i18n,
    view::page,
};
use crate::{
    domain::message::Message,
    services::ServiceError,
    web::{AppState, Problem, WebError},
};

#[derive(Clone, Debug)]
pub enum PageError {
    /// Not signed in, or the session has expired: sign in, then come back.
    SignIn,
    /// The form did not carry the session's CSRF token; nothing changed.
    Csrf,
    /// The viewer's role may not use this page or form.
    Forbidden,
    /// Anything else, as the API states it: the status, the field and the reason.
    Problem(Problem),
}

pub type PageResult = Result<Response, PageError>;

impl From<WebError> for PageError {
    fn from(err: WebError) -> Self {
        if let WebError::Csrf = err {
            return PageError::Csrf;
        }
        let problem = err.problem();
        if problem.status == StatusCode::UNAUTHORIZED { PageError::SignIn } else { PageError::Problem(problem) }
    }
}

impl From<ServiceError> for PageError {
    fn from(err: ServiceError) -> Self {
        WebError::from(err).into()
    }
}

impl From<handlebars::RenderError> for PageError {
    fn from(err: handlebars::RenderError) -> Self {
        WebError::from(err).into()
    }
}

impl PageError {
    /// The request itself is malformed (400), naming the field.
    pub fn bad_request(field: impl Into<String>, reason: Message) -> Self {
        WebError::bad_request(field, reason).into()
    }

    /// A value the form or query cannot hold (422), naming the field.
    pub fn unprocessable(field: impl Into<String>, reason: Message) -> Self {
        WebError::unprocessable(field, reason).into()
    }

    /// A failure of ours (500), its cause logged.
    pub fn internal(cause: impl Into<String>) -> Self {
        WebError::Internal(cause.into()).into()
    }

    pub fn not_found(what: &'static str) -> Self {
        WebError::NotFound(what).into()
    }

    /// An error answer that is not a page's own (an extractor's plain-text rejection, a
    /// method the path does not take): its status alone.
    pub fn status_only(status: StatusCode) -> Self {
        if status == StatusCode::UNAUTHORIZED {
            return PageError::SignIn;
        }
        PageError::Problem(Problem { status, title: "", field: None, detail: None, retry_after_seconds: None })
    }

    pub fn status(&self) -> StatusCode {
        match self {
            PageError::SignIn => StatusCode::UNAUTHORIZED,
            PageError::Csrf | PageError::Forbidden => StatusCode::FORBIDDEN,
            PageError::Problem(problem) => problem.status,
        }
    }

    /// The error page for `visitor`, in their language: the status in words, and the field
    /// and the reason where the refusal named them. Someone not signed in goes to sign in.
    pub fn render(&self, state: &AppState, visitor: &Visitor) -> Response {
        let locale = visitor.locale;
        let status = self.status();
        let generic = || {
            i18n::lookup(locale, &format!("error-{}", status.as_u16()), &[])
                .unwrap_or_else(|| i18n::text(locale, "error-title"))
        };
        let view = match self {
            PageError::SignIn => return to_sign_in(&visitor.path),
            PageError::Csrf => ErrorView::plain(status, i18n::text(locale, "error-csrf")),
            PageError::Forbidden => ErrorView::plain(status, generic()),
            PageError::Problem(problem) => {
                let zone = Some(state.ctx.zone());
                let field = match (&problem.field, &problem.detail) {
                    (Some(field), Some(reason)) => Some(i18n::refusal(locale, zone, field, reason)),
                    _ => None,
                };
                // A client's mistake is explained; a failure of ours is not.
                let detail = (field.is_none() && status.is_client_error() && problem.detail.is_some())
                    .then(|| problem.detail_in(locale, zone));
                ErrorView { status: status.as_u16(), message: generic(), field, detail }
            }
        };
        let page = render_page(state, visitor, &i18n::text(locale, "error-title"), &view);
        let mut answer = match page {
            Ok(html) => (status, Html(html)).into_response(),
            Err(err) => {
                tracing::error!(error = %err, "the error page failed to render");
                (status, i18n::text(locale, "error-title")).into_response()
            }
        };
        if let PageError::Problem(Problem { retry_after_seconds: Some(seconds), .. }) = self {
            answer.headers_mut().insert(header::RETRY_AFTER, (*seconds).into());
        }
        answer
    }
}

/// The answer a handler gives: the status, and the error itself for the frame to render.
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// What the error page shows.
#[derive(Serialize)]
struct ErrorView {
    status: u16,
    message: String,
    field: Option<String>,
    detail: Option<String>,
}

page!(ErrorView => "pages/error");

impl ErrorView {
    fn plain(status: StatusCode, message: String) -> Self {
        ErrorView { status: status.as_u16(), message, field: None, detail: None }
    }
}
