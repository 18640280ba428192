//! Escalation policies and their steps.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set};

use super::StoreResult;
use crate::{
    domain::vocabulary::{Audience, Priority},
    entities::{escalation_policies, escalation_steps},
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
