//! The outbox: messages by status, and a retry for those that failed or were given up on,
//! one by one or all those of a status queued within a range of days.

use crate::domain::message::Message as Reason;
use axum::extract::{RawQuery, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PageId;
use crate::{
    domain::{
        ids::{NotificationId, TaskId},
        vocabulary::NotificationStatus,
    },
    services::{outbox, records::Notification},
    web::{
        AppState,
        pages::{
            error::PageError,
            error::PageResult,
            frame::{Admin, CsrfForm, Nothing, see_other},
            view::{page, query},
        },
    },
};

/// How many messages of each status the page lists.
const LIMIT: u64 = 200;

#[derive(Serialize)]
struct Message {
    id: NotificationId,
    task_id: Option<TaskId>,
    template: String,
    recipient: String,
    subject: String,
    attempts: i32,
    last_error: Option<String>,
    next_attempt_at: String,
    created_at: String,
    sent_at: Option<String>,
    retry: bool,
}

impl Message {
    fn new(n: &Notification) -> Message {
        Message {
            id: n.id,
            task_id: n.task_id,
            template: n.template.clone(),
            // A robot's address is a secret: the row names the vendor and the robot's number.
            recipient: match n.robot_id {
                Some(robot) => format!("{} #{robot}", n.channel),
                None => n.recipient_email.clone(),
            },
            subject: n.subject.clone(),
            attempts: n.attempts,
            last_error: n.last_error.clone(),
            next_attempt_at: n.next_attempt_at.to_rfc3339(),
            created_at: n.created_at.to_rfc3339(),
            sent_at: n.sent_at.map(|t| t.to_rfc3339()),
            retry: matches!(n.status, NotificationStatus::Failed | NotificationStatus::Dead),
        }
    }
}

#[derive(Serialize)]
struct Group {
    status: &'static str,
    label: String,
    count: u64,
    messages: Vec<Message>,
}

#[derive(Serialize)]
struct OutboxPage {
    groups: Vec<Group>,
    skipped: u64,
    bundled: u64,
    limit: u64,
    /// How many messages the bulk retry just put back in line, when it ran.
    retried: Option<String>,
}

/// What the outbox page's address may say: how many a bulk retry put back in line.
#[derive(Deserialize)]
struct OutboxQuery {
    retried: Option<u64>,
}
page!(OutboxPage => "pages/admin/outbox");

pub async fn outbox(State(state): State<AppState>, viewer: Admin, RawQuery(raw): RawQuery) -> PageResult {
    let asked: OutboxQuery = query(raw.as_deref())?;
    let retried = asked.retried.map(|count| {
        viewer.t_with("admin-outbox-retried", &[("count", fluent_templates::fluent_bundle::FluentValue::from(count))])
    });
    let outbox = outbox::overview(&state.ctx, &viewer.actor(), LIMIT).await?;
    let count = |wanted| outbox.counts.iter().find(|(status, _)| *status == wanted).map_or(0, |(_, n)| *n);
    let group = |status: NotificationStatus, list: &[Notification]| Group {
        status: status.as_str(),
        label: viewer.term("admin-outbox", status.as_str()),
        count: count(status),
        messages: list.iter().filter(|n| n.status == status).map(Message::new).collect(),
    };
    let groups = vec![
        group(NotificationStatus::Failed, &outbox.undelivered),
        group(NotificationStatus::Dead, &outbox.undelivered),
        group(NotificationStatus::Pending, &outbox.undelivered),
        group(NotificationStatus::Sent, &outbox.recently_sent),
    ];
    let view = OutboxPage {
        groups,
        skipped: count(NotificationStatus::Skipped),
        bundled: count(NotificationStatus::Bundled),
        limit: LIMIT,
        retried,
    };
    viewer.render(&state, &viewer.t("admin-outbox-title"), &view)
}

pub async fn retry(
    State(state): State<AppState>,
    viewer: Admin,
    PageId(id): PageId,
    CsrfForm(_): CsrfForm<Nothing>,
) -> PageResult {
    outbox::retry(&state.ctx, &viewer.actor(), id).await?;
    Ok(see_other("/admin/outbox?notice=notice-admin-retried"))
}

/// The bulk retry form: which statuses (`status`, repeated), and the days the messages were
/// queued on (`from`, `to`, either may be blank).
#[derive(Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    status: Vec<String>,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `POST /admin/outbox/retry`: puts every failed and/or dead message queued within the days
/// back in line, then shows the outbox with how many.
pub async fn retry_many(
    State(state): State<AppState>,
    viewer: Admin,
    CsrfForm(form): CsrfForm<RetryForm>,
) -> PageResult {
    let statuses = form
        .status
        .iter()
        .map(|s| s.parse::<NotificationStatus>().map_err(|e| PageError::unprocessable("status", e.message())))
        .collect::<Result<Vec<_>, _>>()?;
    let day = |field: &str, text: &str| -> Result<Option<NaiveDate>, PageError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        text.trim().parse().map(Some).map_err(|_| {
            PageError::unprocessable(field.to_owned(), Reason::new("error-not-a-date").text("value", text.trim()))
        })
    };
    let ctx = &state.ctx;
    let from = day("from", &form.from)?.map(|d| ctx.start_of_day(d));
    let to = day("to", &form.to)?.map(|d| ctx.end_of_day(d));
    let retried = outbox::retry_many(ctx, &viewer.actor(), outbox::RetryRequest { statuses, from, to }).await?;
    Ok(see_other(&format!("/admin/outbox?retried={}", retried.count())))
}
