//! Progress and completion reports and their review.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use super::StoreResult;
use crate::{
    domain::vocabulary::{ReportKind, ReviewOutcome},
    entities::reports,
};

pub struct NewReport<'a> {
    pub task_id: i64,
    pub kind: ReportKind,
    pub progress: i32,
    pub body: &'a str,
    pub unit_id: i64,
    pub author_id: Option<i64>,
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewReport<'_>,
    now: DateTime<Utc>,
) -> StoreResult<reports::Model> {
    let report = reports::ActiveModel {
        task_id: Set(new.task_id),
        kind: Set(new.kind),
        progress: Set(new.progress),
        body: Set(new.body.to_owned()),
        unit_id: Set(new.unit_id),
        author_id: Set(new.author_id),
        created_at: Set(now),
        review_outcome: Set(None),
        review_reason: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    // A report's text finds its task (`store::search`).
    super::search::index_task_id(conn, report.task_id).await?;
    Ok(report)
}

/// Records the assigner's verdict on the task's latest unreviewed completion report.
pub async fn review_latest_completion(
    conn: &impl ConnectionTrait,
    task_id: i64,
    outcome: ReviewOutcome,
    reason: Option<&str>,
    reviewer: i64,
    now: DateTime<Utc>,
) -> StoreResult<Option<reports::Model>> {
    let latest = reports::Entity::find()
        .filter(reports::Column::TaskId.eq(task_id))
        .filter(reports::Column::Kind.eq(ReportKind::Completion))
        .filter(reports::Column::ReviewOutcome.is_null())
        .order_by_desc(reports::Column::Id)
        .one(conn)
        .await?;
    let Some(report) = latest else { return Ok(None) };
    let mut active: reports::ActiveModel = report.into();
    active.review_outcome = Set(Some(outcome));
    active.review_reason = Set(reason.map(str::to_owned));
    active.reviewed_by = Set(Some(reviewer));
    active.reviewed_at = Set(Some(now));
    Ok(Some(active.update(conn).await?))
}

/// At most `limit` of the task's reports from `offset`, oldest first.
pub async fn page_for_task(
    conn: &impl ConnectionTrait,
    task_id: i64,
    offset: u64,
    limit: u64,
) -> StoreResult<Vec<reports::Model>> {
    Ok(reports::Entity::find()
        .filter(reports::Column::TaskId.eq(task_id))
        .order_by_asc(reports::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The task's latest `limit` reports, oldest first.
pub async fn latest_for_task(
    conn: &impl ConnectionTrait,
    task_id: i64,
    limit: u64,
) -> StoreResult<Vec<reports::Model>> {
    let mut latest = reports::Entity::find()
        .filter(reports::Column::TaskId.eq(task_id))
        .order_by_desc(reports::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    latest.reverse();
    Ok(latest)
}

pub async fn count_for_task(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<u64> {
    Ok(reports::Entity::find().filter(reports::Column::TaskId.eq(task_id)).count(conn).await?)
}
