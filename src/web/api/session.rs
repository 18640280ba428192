//! Signing in and out, the current user, and API tokens.

use std::net::SocketAddr;

use axum::{
    Json,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    extract::{ApiJson, Id},
    views::{Label, NewTokenView, SessionView, TokenView, UserView},
};
use crate::{
    services::auth,
    web::{
        AppState, WebError,
        auth::{Auth, SESSION_COOKIE, client_address, cookie, session_cookie},
    },
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// Sign in with a username and password; sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignIn,
    responses((status = 200, body = SessionView), (status = 401, description = "wrong username or password"),
        (status = 429, description = "too many sign-in attempts; see Retry-After")))]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, WebError> {
    let old = cookie(&headers, SESSION_COOKIE);
    let client = client_address(address.ip(), &headers, &state.ctx.config.trusted_proxies).to_string();
    let session = auth::sign_in(&state.ctx, body.username.trim(), &body.password, &client, old.as_deref()).await?;
    let max_age = state.ctx.config.session_hours * 3600;
    let set_cookie = session_cookie(&state.ctx.config, &session.cookie_value, max_age)?;
    let view = SessionView {
        user: UserView::from(&session.user),
        csrf_token: session.csrf_token,
        expires_at: session.expires_at,
    };
    Ok(([(header::SET_COOKIE, set_cookie)], Json(view)).into_response())
}

/// Sign out: the session is deleted on the server and the cookie cleared.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204), (status = 401)), security(("bearer" = []), ("session" = [])))]
pub async fn sign_out(State(state): State<AppState>, _auth: Auth, headers: HeaderMap) -> Result<Response, WebError> {
    if let Some(value) = cookie(&headers, SESSION_COOKIE) {
        auth::sign_out(&state.ctx, &value).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, session_cookie(&state.ctx.config, "", 0)?)]).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", responses((status = 200, body = UserView), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(auth: Auth) -> Json<UserView> {
    Json(UserView::from(&auth.0.user))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    #[schema(value_type = Label)]
    pub name: String,
}

/// Create an API token for scripts; the token is shown once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session", request_body = NewToken,
    responses((status = 201, body = NewTokenView), (status = 401), (status = 422)), security(("bearer" = []), ("session" = [])))]
pub async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<NewTokenView>), WebError> {
    let (token, secret) = auth::create_token(&state.ctx, &auth.actor(), &body.name).await?;
    Ok((StatusCode::CREATED, Json(NewTokenView { id: token.id, name: token.name, token: secret })))
}

/// The user's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session", responses((status = 200, body = [TokenView]), (status = 401)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_tokens(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<TokenView>>, WebError> {
    Ok(Json(auth::list_tokens(&state.ctx, &auth.actor()).await?.into_iter().map(Into::into).collect()))
}

/// Revoke one of the user's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session", params(("id" = i64, Path)),
    responses((status = 200, body = TokenView), (status = 401), (status = 404)), security(("bearer" = []), ("session" = [])))]
pub async fn revoke_token(State(state): State<AppState>, auth: Auth, Id(id): Id) -> Result<Json<TokenView>, WebError> {
    Ok(Json(auth::revoke_token(&state.ctx, &auth.actor(), id).await?.into()))
}
