//! Sessions, API tokens and failed sign-ins. Secrets are stored only as sha256 hashes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use super::{StoreError, StoreResult};
use crate::{
    clock::Clock,
    domain::throttle,
    entities::{api_tokens, sessions, sign_in_throttles},
};

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

/// The key's row, held for the rest of the caller's transaction: created when missing, then
/// locked (on PostgreSQL; on SQLite the insert has already taken the one writer's lock), so
/// that parallel counts under one key are made one after another.
async fn locked_counter(
    conn: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> StoreResult<sign_in_throttles::Model> {
    let fresh = sign_in_throttles::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        next_attempt_at: Set(now),
        updated_at: Set(now),
    };
    sign_in_throttles::Entity::insert(fresh)
        .on_conflict_do_nothing_on([sign_in_throttles::Column::Key])
        .exec_without_returning(conn)
        .await?;
    sign_in_throttles::Entity::find_by_id(key.to_owned())
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("sign-in counter"))
}

fn counter_of(row: &sign_in_throttles::Model) -> throttle::Counter {
    throttle::Counter { attempts: row.failures, next_attempt_at: row.next_attempt_at, updated_at: row.updated_at }
}

async fn write_counter(conn: &impl ConnectionTrait, key: String, counter: throttle::Counter) -> StoreResult<()> {
    sign_in_throttles::ActiveModel {
        key: Set(key),
        failures: Set(counter.attempts),
        next_attempt_at: Set(counter.next_attempt_at),
        updated_at: Set(counter.updated_at),
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Counts an attempt under `key` by `policy`, holding the key's row for the rest of the
/// caller's transaction. The time is read from `clock` once the row is held, so a count made
/// later never carries an earlier instant. `Err` is the instant the key may try again.
pub async fn count_attempt(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &throttle::Policy,
    clock: &dyn Clock,
) -> StoreResult<Result<(), DateTime<Utc>>> {
    let row = locked_counter(conn, key, clock.now()).await?;
    let now = clock.now();
    match policy.attempt(Some(counter_of(&row)), now) {
        Ok(counted) => write_counter(conn, row.key, counted).await.map(Ok),
        Err(wait_until) => Ok(Err(wait_until)),
    }
}

/// Counts a failure under `key` by `policy`, as [`count_attempt`] counts, whether or not the
/// key is waiting.
pub async fn count_failure(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &throttle::Policy,
    clock: &dyn Clock,
) -> StoreResult<()> {
    let row = locked_counter(conn, key, clock.now()).await?;
    let counted = policy.count(Some(counter_of(&row)), clock.now());
    write_counter(conn, row.key, counted).await
}

/// Until when `key` must wait at `now`, if it must: a read that counts nothing.
pub async fn waiting(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &throttle::Policy,
    now: DateTime<Utc>,
) -> StoreResult<Option<DateTime<Utc>>> {
    let row = sign_in_throttles::Entity::find_by_id(key.to_owned()).one(conn).await?;
    Ok(policy.waiting(row.as_ref().map(counter_of), now))
}

pub async fn forget_attempts(conn: &impl ConnectionTrait, key: &str) -> StoreResult<()> {
    sign_in_throttles::Entity::delete_by_id(key.to_owned()).exec(conn).await?;
    Ok(())
}

/// Signs a user out everywhere, e.g. after a password change: how many sessions ended.
pub async fn delete_sessions_of(conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<u64> {
    Ok(sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id)).exec(conn).await?.rows_affected)
}

/// Revokes every live API token of a user: how many there were.
pub async fn revoke_tokens_of(conn: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
    Ok(api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, sea_orm::sea_query::Expr::value(now))
        .filter(api_tokens::Column::UserId.eq(user_id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}
