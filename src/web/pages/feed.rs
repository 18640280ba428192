//! `GET /calendar/{secret}.ics`: a user's calendar feed, for calendar programs that subscribe
//! to it. No session: the secret in the address is the credential, and an unknown address, a
//! revoked one and one whose owner was deactivated all get the same 404 page. The words are in
//! the owner's language.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;

use super::{error::PageError, i18n};
use crate::{
    domain::{format, ical},
    services::calendar_feeds::{self, FeedItem},
    web::{AppState, WebError},
};

/// The feed of the address's owner, as iCalendar text.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, PageError> {
    let not_found = || PageError::from(WebError::NotFound("calendar feed"));
    let secret = file.strip_suffix(".ics").ok_or_else(not_found)?;
    let feed = calendar_feeds::feed(&state.ctx, secret).await?;
    let locale = feed.user.locale;
    let zone = state.ctx.zone();
    let base = state.ctx.config.base_url.trim_end_matches('/');
    // The site's host names every event's UID, so two Duban sites never mix their events.
    let host = url::Url::parse(base).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
    let text = |key: &str, args: &[(&str, FluentValue<'static>)]| i18n::text_with(locale, key, args);
    let events: Vec<ical::FeedEvent> = feed
        .items
        .iter()
        .map(|FeedItem { facts, alarm_at }| {
            let task = &facts.task;
            let status = i18n::text(locale, &format!("status-{}", task.status.as_str()));
            let light = i18n::text(locale, &format!("light-{}", facts.light.map_or("none", |l| l.as_str())));
            let url = format!("{base}/tasks/{}", task.id.0);
            let deadline = format::datetime_in_zone(locale, zone, task.deadline);
            let description = [
                text("feed-status", &[("status", status.clone().into())]),
                text("feed-light", &[("light", light.into())]),
                text("feed-deadline", &[("deadline", deadline.into())]),
                url.clone(),
            ]
            .join("\n");
            ical::FeedEvent {
                uid: format!("task-{}@{host}", task.id.0),
                summary: text("feed-summary", &[("title", task.title.clone().into()), ("status", status.into())]),
                description,
                url,
                deadline: task.deadline,
                alarm_at: *alarm_at,
                alarm_text: text("feed-alarm", &[("title", task.title.clone().into())]),
                sequence: u32::try_from(task.version).unwrap_or_default(),
            }
        })
        .collect();
    let name = text("feed-name", &[("name", feed.user.display_name.clone().into())]);
    let body = ical::feed_text(&name, zone, state.ctx.now(), &events);
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"duban.ics\""));
    // Kept by nobody, as every answer of Duban: a revoked address or a moved deadline shows at
    // the next fetch (calendar programs fetch again hourly, as REFRESH-INTERVAL asks).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
