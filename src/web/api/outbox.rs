//! The outbox, for administrators: how many messages stand in each status, those not
//! delivered yet or given up on, and a retry for one that failed or is dead, or for all
//! those of a status queued within a time range.

use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiJson, Id};
use crate::domain::ids::TaskId;
use crate::{
    services::{outbox, records::Notification},
    web::{AppState, WebError, auth::Auth},
};

/// How many messages stand in each status.
#[derive(Serialize, ToSchema)]
pub struct OutboxCountsView {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
    pub dead: u64,
    pub skipped: u64,
    /// Reminders told inside a bundle (督办提醒汇总) rather than one by one: never sent alone.
    pub bundled: u64,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    pub task_id: Option<i64>,
    /// The e-mail template: reminder, due_today, overdue, escalation, ack_overdue, report_missed…
    pub template: String,
    #[schema(example = "zh")]
    pub locale: String,
    pub recipient_email: String,
    pub subject: String,
    /// pending, sent, failed (to be retried), dead (given up) skipped (no longer to be sent) or
    /// bundled (told inside a bundle of reminders, never sent alone).
    #[schema(example = "failed")]
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    /// The last delivery error, or why the message was skipped.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// email, or the group robot's vendor: dingtalk, wecom, feishu.
    #[schema(example = "email")]
    pub channel: String,
    /// The group robot a robot message is for (`recipient_email` is then empty).
    pub robot_id: Option<i64>,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> Self {
        NotificationView {
            id: n.id.0,
            task_id: n.task_id.map(TaskId::get),
            template: n.template,
            locale: n.locale.as_str().to_owned(),
            recipient_email: n.recipient_email,
            subject: n.subject,
            status: n.status.as_str().to_owned(),
            attempts: n.attempts,
            next_attempt_at: n.next_attempt_at,
            last_error: n.last_error,
            created_at: n.created_at,
            sent_at: n.sent_at,
            channel: n.channel.as_str().to_owned(),
            robot_id: n.robot_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OutboxView {
    pub counts: OutboxCountsView,
    /// The messages pending, failed or dead, oldest first (at most 200).
    pub messages: Vec<NotificationView>,
}

/// The outbox (admins).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "outbox",
    responses((status = 200, body = OutboxView), (status = 401), (status = 403)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_outbox(State(state): State<AppState>, auth: Auth) -> Result<Json<OutboxView>, WebError> {
    let outbox = outbox::overview(&state.ctx, &auth.actor(), 200).await?;
    let count = |wanted| outbox.counts.iter().find(|(status, _)| *status == wanted).map_or(0, |(_, n)| *n);
    use crate::domain::vocabulary::NotificationStatus as S;
    Ok(Json(OutboxView {
        counts: OutboxCountsView {
            pending: count(S::Pending),
            sent: count(S::Sent),
            failed: count(S::Failed),
            dead: count(S::Dead),
            skipped: count(S::Skipped),
            bundled: count(S::Bundled),
        },
        messages: outbox.undelivered.into_iter().map(Into::into).collect(),
    }))
}

/// Send a failed or dead message again at the next run of the sender, its attempts counted
/// afresh (admins). A message that is sent, skipped or still pending is refused (409).
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "outbox", params(("id" = i64, Path)),
    responses((status = 200, body = NotificationView), (status = 401), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = []), ("session" = [])))]
pub async fn retry_message(
    State(state): State<AppState>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<NotificationView>, WebError> {
    Ok(Json(outbox::retry(&state.ctx, &auth.actor(), id).await?.into()))
}

/// A status a bulk retry takes.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RetryStatus {
    Failed,
    Dead,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryManyBody {
    /// Which messages: failed, dead or both.
    #[schema(min_items = 1)]
    pub statuses: Vec<RetryStatus>,
    /// Only messages queued at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only messages queued at or before this instant.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct RetriedView {
    /// How many messages were put back in line.
    pub requeued: usize,
    /// Their ids, in order.
    pub ids: Vec<i64>,
}

/// Send again, at the next run of the sender, every failed and/or dead message queued within
/// the time range, attempts counted afresh (admins; an admin of a unit below the root reaches
/// the messages to its subtree's accounts). Audited as one change.
#[utoipa::path(post, path = "/api/v1/outbox/retry", tag = "outbox", request_body = RetryManyBody,
    responses((status = 200, body = RetriedView), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = []), ("session" = [])))]
pub async fn retry_messages(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<RetryManyBody>,
) -> Result<Json<RetriedView>, WebError> {
    use crate::domain::vocabulary::NotificationStatus;
    let statuses = body
        .statuses
        .iter()
        .map(|s| match s {
            RetryStatus::Failed => NotificationStatus::Failed,
            RetryStatus::Dead => NotificationStatus::Dead,
        })
        .collect();
    let request = outbox::RetryRequest { statuses, from: body.from, to: body.to };
    let retried = outbox::retry_many(&state.ctx, &auth.actor(), request).await?;
    Ok(Json(RetriedView { requeued: retried.count(), ids: retried.ids }))
}
