//! Calendar feed addresses. Secrets are stored only as sha256 hashes, as API tokens are.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{StoreError, StoreResult};
use crate::entities::{calendar_feeds, users};

pub async fn insert(
    conn: &impl ConnectionTrait,
    user_id: i64,
    name: &str,
    token_hash: String,
    now: DateTime<Utc>,
) -> StoreResult<calendar_feeds::Model> {
    Ok(calendar_feeds::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(token_hash),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The unrevoked feed with this hash and the user it belongs to, in one query.
pub async fn live_feed_and_user(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> StoreResult<Option<(calendar_feeds::Model, users::Model)>> {
    let owner = calendar_feeds::Entity::belongs_to(users::Entity)
        .from(calendar_feeds::Column::UserId)
        .to(users::Column::Id)
        .into();
    let found = calendar_feeds::Entity::find()
        .join(JoinType::InnerJoin, owner)
        .select_also(users::Entity)
        .filter(calendar_feeds::Column::TokenHash.eq(token_hash))
        .filter(calendar_feeds::Column::RevokedAt.is_null())
        .one(conn)
        .await?;
    Ok(found.and_then(|(feed, user)| user.map(|user| (feed, user))))
}

pub async fn of_user(conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<Vec<calendar_feeds::Model>> {
    Ok(calendar_feeds::Entity::find()
        .filter(calendar_feeds::Column::UserId.eq(user_id))
        .order_by_asc(calendar_feeds::Column::Id)
        .all(conn)
        .await?)
}

/// Revokes one of the user's feeds; NotFound when it is not theirs or already revoked.
pub async fn revoke(
    conn: &impl ConnectionTrait,
    user_id: i64,
    feed_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<calendar_feeds::Model> {
    let feed = calendar_feeds::Entity::find_by_id(feed_id)
        .filter(calendar_feeds::Column::UserId.eq(user_id))
        .filter(calendar_feeds::Column::RevokedAt.is_null())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("calendar feed"))?;
    let mut active: calendar_feeds::ActiveModel = feed.into();
    active.revoked_at = Set(Some(now));
    Ok(active.update(conn).await?)
}

pub async fn touch(conn: &impl ConnectionTrait, feed_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    calendar_feeds::Entity::update_many()
        .col_expr(calendar_feeds::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(calendar_feeds::Column::Id.eq(feed_id))
        .exec(conn)
        .await?;
    Ok(())
}
