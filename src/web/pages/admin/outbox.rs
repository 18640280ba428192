//! The outbox: messages by status, and a retry for those that failed or were given up on.

use crate::web::pages::error::PageResult;
use crate::web::pages::frame::Admin;
use axum::extract::State;
use serde_json::{Value, json};

use super::{Nothing, PageId};
use crate::{
    domain::vocabulary::NotificationStatus,
    services::{outbox, records::Notification},
    web::{
        AppState,
        pages::frame::{CsrfForm, see_other},
    },
};

/// How many messages of each status the page lists.
const LIMIT: u64 = 200;

fn message(n: &Notification) -> Value {
    json!({
        "id": n.id, "task_id": n.task_id, "template": n.template, "recipient": n.recipient_email,
        "subject": n.subject, "attempts": n.attempts, "last_error": n.last_error,
        "next_attempt_at": n.next_attempt_at.to_rfc3339(), "created_at": n.created_at.to_rfc3339(),
        "sent_at": n.sent_at.map(|t| t.to_rfc3339()),
        "retry": matches!(n.status, NotificationStatus::Failed | NotificationStatus::Dead),
    })
}

pub async fn outbox(State(state): State<AppState>, viewer: Admin) -> PageResult {
    let outbox = outbox::overview(&state.ctx, &viewer.actor(), LIMIT).await?;
    let count = |wanted| outbox.counts.iter().find(|(status, _)| *status == wanted).map_or(0, |(_, n)| *n);
    let group = |status: NotificationStatus, list: &[Notification]| {
        let messages: Vec<Value> = list.iter().filter(|n| n.status == status).map(message).collect();
        json!({
            "status": status.as_str(),
            "label": viewer.t(&format!("admin-outbox-{}", status.as_str())),
            "count": count(status),
            "messages": messages,
        })
    };
    let groups = vec![
        group(NotificationStatus::Failed, &outbox.undelivered),
        group(NotificationStatus::Dead, &outbox.undelivered),
        group(NotificationStatus::Pending, &outbox.undelivered),
        group(NotificationStatus::Sent, &outbox.recently_sent),
    ];
    viewer.render(
        &state,
        "pages/admin/outbox",
        &viewer.t("admin-outbox-title"),
        json!({ "groups": groups, "skipped": count(NotificationStatus::Skipped), "limit": LIMIT }),
    )
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
