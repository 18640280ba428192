//! The signed-in user's own page: their private calendar feeds, made (the address shown once,
//! with how to subscribe), listed and revoked.

use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};

use super::{
    error::PageResult,
    frame::{CsrfForm, Nothing, Viewer, see_other},
    view::page,
};
use crate::{
    domain::roles::Capability,
    services::calendar_feeds,
    web::{AppState, feed_address},
};

/// One feed, as the list shows it (never its address).
#[derive(Serialize)]
struct FeedRow {
    id: i64,
    name: String,
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

/// A feed just made: its address, shown this once.
#[derive(Serialize)]
struct NewFeed {
    name: String,
    url: String,
    /// The same address for programs that open `webcal:` links (Apple Calendar, Outlook).
    webcal: String,
}

#[derive(Serialize)]
struct AccountPage {
    username: String,
    /// Whether the viewer follows tasks, and so has deadlines to subscribe to.
    may_subscribe: bool,
    feeds: Vec<FeedRow>,
    new_feed: Option<NewFeed>,
}
page!(AccountPage => "pages/account");

async fn render(state: &AppState, viewer: &Viewer, new_feed: Option<NewFeed>) -> PageResult {
    let may_subscribe = viewer.role().may(Capability::Read);
    let feeds = if may_subscribe { calendar_feeds::list(&state.ctx, &viewer.actor()).await? } else { Vec::new() };
    let feeds = feeds
        .into_iter()
        .map(|f| FeedRow {
            id: f.id,
            name: f.name,
            created_at: f.created_at.to_rfc3339(),
            last_used_at: f.last_used_at.map(|at| at.to_rfc3339()),
            revoked_at: f.revoked_at.map(|at| at.to_rfc3339()),
        })
        .collect();
    let view = AccountPage { username: viewer.signed_in.user.username.clone(), may_subscribe, feeds, new_feed };
    viewer.render(state, &viewer.t("account-title"), &view)
}

/// `GET /account`.
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    render(&state, &viewer, None).await
}

#[derive(Deserialize)]
pub struct FeedForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/calendar-feeds`: makes a feed and shows its address, once.
pub async fn create_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<FeedForm>,
) -> PageResult {
    let (feed, secret) = calendar_feeds::create(&state.ctx, &viewer.actor(), &form.name).await?;
    let url = feed_address(&state.ctx.config.base_url, &secret);
    let webcal = match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.clone(),
    };
    render(&state, &viewer, Some(NewFeed { name: feed.name, url, webcal })).await
}

/// `POST /account/calendar-feeds/{id}/revoke`.
pub async fn revoke_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Nothing>,
) -> PageResult {
    calendar_feeds::revoke(&state.ctx, &viewer.actor(), id).await?;
    Ok(see_other("/account?notice=notice-feed-revoked"))
}
