//! The outbox: messages by status, and a retry for those that failed or were given up on.

use axum::extract::State;
use serde::Serialize;

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
            error::PageResult,
            frame::{Admin, CsrfForm, Nothing, see_other},
            view::page,
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
            recipient: n.recipient_email.clone(),
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
    limit: u64,
}
page!(OutboxPage => "pages/admin/outbox");

pub async fn outbox(State(state): State<AppState>, viewer: Admin) -> PageResult {
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
    let view = OutboxPage { groups, skipped: count(NotificationStatus::Skipped), limit: LIMIT };
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
