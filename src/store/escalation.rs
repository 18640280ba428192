//! Escalation policies and their steps.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{StoreError, StoreResult};
use crate::{
    domain::{
        escalation::Step,
        lifecycle::TaskStatus,
        vocabulary::{Audience, Priority},
    },
    entities::{directives, escalation_policies, escalation_steps, tasks},
};

/// Inserts a policy with its ladder of (working-day offset, audience, template) steps.
pub async fn insert_policy(
    conn: &impl ConnectionTrait,
    name: &str,
    priority: Option<Priority>,
    steps: &[(i32, Audience, &str)],
    now: DateTime<Utc>,
) -> StoreResult<escalation_policies::Model> {
    let policy = escalation_policies::ActiveModel {
        name: Set(name.to_owned()),
        priority: Set(priority),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for (position, (offset_days, audience, template)) in steps.iter().enumerate() {
        escalation_steps::ActiveModel {
            policy_id: Set(policy.id),
            position: Set(position as i32),
            offset_days: Set(*offset_days),
            audience: Set(*audience),
            template: Set((*template).to_owned()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(policy)
}

pub async fn count_policies(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(escalation_policies::Entity::find().count(conn).await?)
}

/// Every policy, active or not, by id, each with its ladder: its steps in order. The one
/// place steps are grouped into ladders.
pub async fn policies_with_ladders(
    conn: &impl ConnectionTrait,
) -> StoreResult<Vec<(escalation_policies::Model, Vec<Step>)>> {
    let policies = escalation_policies::Entity::find().order_by_asc(escalation_policies::Column::Id).all(conn).await?;
    let steps = escalation_steps::Entity::find()
        .order_by_asc(escalation_steps::Column::PolicyId)
        .order_by_asc(escalation_steps::Column::Position)
        .order_by_asc(escalation_steps::Column::Id)
        .all(conn)
        .await?;
    Ok(policies
        .into_iter()
        .map(|policy| {
            let ladder = steps
                .iter()
                .filter(|s| s.policy_id == policy.id)
                .map(|s| Step {
                    id: s.id,
                    offset_days: s.offset_days,
                    audience: s.audience,
                    template: s.template.clone(),
                })
                .collect();
            (policy, ladder)
        })
        .collect())
}

/// The active ladders, each with the priority it serves (`None`: the fallback), steps in order.
pub async fn ladders(conn: &impl ConnectionTrait) -> StoreResult<Vec<(Option<Priority>, Vec<Step>)>> {
    Ok(policies_with_ladders(conn)
        .await?
        .into_iter()
        .filter(|(policy, _)| policy.active)
        .map(|(policy, ladder)| (policy.priority, ladder))
        .collect())
}

pub async fn get_policy(conn: &impl ConnectionTrait, id: i64) -> StoreResult<escalation_policies::Model> {
    escalation_policies::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("escalation policy"))
}

pub async fn get_step(conn: &impl ConnectionTrait, id: i64) -> StoreResult<escalation_steps::Model> {
    escalation_steps::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("escalation step"))
}

/// Adds a step at the end of a policy's ladder and marks the policy changed at `now`.
pub async fn insert_step(
    conn: &impl ConnectionTrait,
    policy_id: i64,
    offset_days: i32,
    audience: Audience,
    template: &str,
    now: DateTime<Utc>,
) -> StoreResult<escalation_steps::Model> {
    let last = escalation_steps::Entity::find()
        .filter(escalation_steps::Column::PolicyId.eq(policy_id))
        .order_by_desc(escalation_steps::Column::Position)
        .one(conn)
        .await?;
    let step = escalation_steps::ActiveModel {
        policy_id: Set(policy_id),
        position: Set(last.map_or(0, |s| s.position + 1)),
        offset_days: Set(offset_days),
        audience: Set(audience),
        template: Set(template.to_owned()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    touch_policy(conn, policy_id, now).await?;
    Ok(step)
}

/// Removes a step and marks its policy changed at `now`.
pub async fn delete_step(
    conn: &impl ConnectionTrait,
    step: &escalation_steps::Model,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    escalation_steps::Entity::delete_by_id(step.id).exec(conn).await?;
    touch_policy(conn, step.policy_id, now).await
}

pub async fn count_steps(conn: &impl ConnectionTrait, policy_id: i64) -> StoreResult<u64> {
    Ok(escalation_steps::Entity::find().filter(escalation_steps::Column::PolicyId.eq(policy_id)).count(conn).await?)
}

async fn touch_policy(conn: &impl ConnectionTrait, policy_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    escalation_policies::ActiveModel { id: Set(policy_id), updated_at: Set(now), ..Default::default() }
        .update(conn)
        .await?;
    Ok(())
}

/// Up to `limit` tasks after id `after` whose assignee still owes work and that something may
/// be due for at `now`, by id: the pages the sweep plans over. A task whose deadline is after
/// `horizon` (beyond the ladder's first rung), that is not waiting to be acknowledged and owes
/// no periodic report cannot be due and is left in the database.
pub async fn tasks_owing_work(
    conn: &impl ConnectionTrait,
    after: i64,
    limit: u64,
    horizon: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<tasks::Model>> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::Id.gt(after))
        .filter(tasks::Column::Status.is_in([
            TaskStatus::Assigned,
            TaskStatus::Acknowledged,
            TaskStatus::InProgress,
            TaskStatus::Returned,
        ]))
        .filter(
            Condition::any()
                .add(tasks::Column::Deadline.lte(horizon))
                .add(
                    Condition::all()
                        .add(tasks::Column::Status.eq(TaskStatus::Assigned))
                        .add(tasks::Column::AckDueAt.lt(now)),
                )
                .add(tasks::Column::ReportEveryDays.is_not_null()),
        )
        .order_by_asc(tasks::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// The directives with these ids.
pub async fn directives(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<Vec<directives::Model>> {
    Ok(directives::Entity::find().filter(directives::Column::Id.is_in(ids.iter().copied())).all(conn).await?)
}

/// The open tasks of a directive, by id.
pub async fn open_tasks_of_directive(conn: &impl ConnectionTrait, directive_id: i64) -> StoreResult<Vec<tasks::Model>> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::DirectiveId.eq(directive_id))
        .filter(tasks::Column::Status.is_not_in([TaskStatus::Completed, TaskStatus::Cancelled]))
        .order_by_asc(tasks::Column::Id)
        .all(conn)
        .await?)
}
