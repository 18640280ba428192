//! Sessions, API tokens and failed sign-ins. Secrets are stored only as sha256 hashes.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{StoreError, StoreResult};
use crate::entities::{api_tokens, login_failures, sessions};

pub async fn insert_session(
    conn: &impl ConnectionTrait,
    id_hash: String,
    user_id: i64,
    csrf_token: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<sessions::Model> {
    Ok(sessions::ActiveModel {
        id: Set(id_hash),
        user_id: Set(user_id),
        csrf_token: Set(csrf_token),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_seen_at: Set(now),
    }
    .insert(conn)
    .await?)
}

/// The session with this hash, if it has not expired.
pub async fn live_session(
    conn: &impl ConnectionTrait,
    id_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<sessions::Model>> {
    Ok(sessions::Entity::find_by_id(id_hash.to_owned()).filter(sessions::Column::ExpiresAt.gt(now)).one(conn).await?)
}

/// Notes that the session was used; callers throttle this so reads do not all become writes.
pub async fn touch_session(conn: &impl ConnectionTrait, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::LastSeenAt, sea_orm::sea_query::Expr::value(now))
        .filter(sessions::Column::Id.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &impl ConnectionTrait, id_hash: &str) -> StoreResult<()> {
    sessions::Entity::delete_by_id(id_hash.to_owned()).exec(conn).await?;
    Ok(())
}

/// Removes expired sessions; called at sign-in so the table does not grow without bound.
pub async fn delete_expired_sessions(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> StoreResult<()> {
    sessions::Entity::delete_many().filter(sessions::Column::ExpiresAt.lte(now)).exec(conn).await?;
    Ok(())
}

pub async fn insert_token(
    conn: &impl ConnectionTrait,
    user_id: i64,
    name: &str,
    token_hash: String,
    now: DateTime<Utc>,
) -> StoreResult<api_tokens::Model> {
    Ok(api_tokens::ActiveModel {
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

/// The unrevoked token with this hash.
pub async fn live_token(conn: &impl ConnectionTrait, token_hash: &str) -> StoreResult<Option<api_tokens::Model>> {
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(token_hash))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .one(conn)
        .await?)
}

pub async fn tokens_of(conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<Vec<api_tokens::Model>> {
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .order_by_asc(api_tokens::Column::Id)
        .all(conn)
        .await?)
}

/// Revokes one of the user's tokens; NotFound when it is not theirs or already revoked.
pub async fn revoke_token(
    conn: &impl ConnectionTrait,
    user_id: i64,
    token_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<api_tokens::Model> {
    let token = api_tokens::Entity::find_by_id(token_id)
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("token"))?;
    let mut active: api_tokens::ActiveModel = token.into();
    active.revoked_at = Set(Some(now));
    Ok(active.update(conn).await?)
}

pub async fn touch_token(conn: &impl ConnectionTrait, token_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(api_tokens::Column::Id.eq(token_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn record_failure(
    conn: &impl ConnectionTrait,
    username: &str,
    address: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    login_failures::ActiveModel {
        username: Set(username.chars().take(64).collect()),
        address: Set(address.chars().take(64).collect()),
        at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Failures since `since` for this account and for this address.
pub async fn failures_since(
    conn: &impl ConnectionTrait,
    username: &str,
    address: &str,
    since: DateTime<Utc>,
) -> StoreResult<(u64, u64)> {
    let by_user = login_failures::Entity::find()
        .filter(login_failures::Column::Username.eq(username))
        .filter(login_failures::Column::At.gt(since))
        .count(conn)
        .await?;
    let by_address = login_failures::Entity::find()
        .filter(login_failures::Column::Address.eq(address))
        .filter(login_failures::Column::At.gt(since))
        .count(conn)
        .await?;
    Ok((by_user, by_address))
}

/// A successful sign-in clears the account's failures.
pub async fn clear_failures(conn: &impl ConnectionTrait, username: &str) -> StoreResult<()> {
    login_failures::Entity::delete_many().filter(login_failures::Column::Username.eq(username)).exec(conn).await?;
    Ok(())
}

/// Signs a user out everywhere, e.g. after a password change.
pub async fn delete_sessions_of(conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<()> {
    sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id)).exec(conn).await?;
    Ok(())
}
