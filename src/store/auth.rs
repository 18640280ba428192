//! Sessions, API tokens and failed sign-ins. Secrets are stored only as sha256 hashes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::{StoreError, StoreResult};
use crate::{
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

/// The unrevoked token with this hash and the user it belongs to, in one query: every API
/// request asks this first.
pub async fn live_token_and_user(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> StoreResult<Option<(api_tokens::Model, crate::entities::users::Model)>> {
    use crate::entities::users;
    use sea_orm::{JoinType, QuerySelect};
    let owner =
        api_tokens::Entity::belongs_to(users::Entity).from(api_tokens::Column::UserId).to(users::Column::Id).into();
    let found = api_tokens::Entity::find()
        .join(JoinType::InnerJoin, owner)
        .select_also(users::Entity)
        .filter(api_tokens::Column::TokenHash.eq(token_hash))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .one(conn)
        .await?;
    Ok(found.and_then(|(token, user)| user.map(|user| (token, user))))
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

/// Counts an attempt under `key` by `policy`, holding the key's row for the rest of the caller's
/// transaction (locked on PostgreSQL; SQLite's one writer serialises anyway), so that parallel
/// attempts are counted one after another. `Err` is the instant the key may try again.
pub async fn count_attempt(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &throttle::Policy,
    now: DateTime<Utc>,
) -> StoreResult<Result<(), DateTime<Utc>>> {
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
    let row = sign_in_throttles::Entity::find_by_id(key.to_owned())
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("sign-in counter"))?;
    let counter =
        throttle::Counter { attempts: row.failures, next_attempt_at: row.next_attempt_at, updated_at: row.updated_at };
    let counted = match policy.attempt(Some(counter), now) {
        Ok(counted) => counted,
        Err(wait_until) => return Ok(Err(wait_until)),
    };
    sign_in_throttles::ActiveModel {
        key: Set(row.key),
        failures: Set(counted.attempts),
        next_attempt_at: Set(counted.next_attempt_at),
        updated_at: Set(counted.updated_at),
    }
    .update(conn)
    .await?;
    Ok(Ok(()))
}

/// A successful sign-in clears the account's counter.
/// Takes back one attempt counted under `key` (a sign-in that succeeded).
pub async fn refund_attempt(
    conn: &impl ConnectionTrait,
    key: &str,
    policy: &throttle::Policy,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(row) = sign_in_throttles::Entity::find_by_id(key.to_owned()).lock_exclusive().one(conn).await? else {
        return Ok(());
    };
    let counter =
        throttle::Counter { attempts: row.failures, next_attempt_at: row.next_attempt_at, updated_at: row.updated_at };
    let refunded = policy.refund(counter, now);
    sign_in_throttles::ActiveModel {
        key: Set(row.key),
        failures: Set(refunded.attempts),
        next_attempt_at: Set(refunded.next_attempt_at),
        updated_at: Set(refunded.updated_at),
    }
    .update(conn)
    .await?;
    Ok(())
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
