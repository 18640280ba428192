//! Secrets a user holds — API tokens and calendar feed addresses — stored only as sha256
//! hashes in tables of one shape, and read, listed, touched and revoked the same way.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use super::{StoreError, StoreResult};
use crate::entities::{api_tokens, calendar_feeds, users};

/// A table of hashed secrets: each row belongs to a user, may be revoked, and records when it
/// was last used.
pub trait HashedSecrets: EntityTrait {
    /// What one is called when it is not found.
    const WHAT: &'static str;
    const ID: Self::Column;
    const USER_ID: Self::Column;
    const TOKEN_HASH: Self::Column;
    const LAST_USED_AT: Self::Column;
    const REVOKED_AT: Self::Column;
}

impl HashedSecrets for api_tokens::Entity {
    const WHAT: &'static str = "token";
    const ID: api_tokens::Column = api_tokens::Column::Id;
    const USER_ID: api_tokens::Column = api_tokens::Column::UserId;
    const TOKEN_HASH: api_tokens::Column = api_tokens::Column::TokenHash;
    const LAST_USED_AT: api_tokens::Column = api_tokens::Column::LastUsedAt;
    const REVOKED_AT: api_tokens::Column = api_tokens::Column::RevokedAt;
}

impl HashedSecrets for calendar_feeds::Entity {
    const WHAT: &'static str = "calendar feed";
    const ID: calendar_feeds::Column = calendar_feeds::Column::Id;
    const USER_ID: calendar_feeds::Column = calendar_feeds::Column::UserId;
    const TOKEN_HASH: calendar_feeds::Column = calendar_feeds::Column::TokenHash;
    const LAST_USED_AT: calendar_feeds::Column = calendar_feeds::Column::LastUsedAt;
    const REVOKED_AT: calendar_feeds::Column = calendar_feeds::Column::RevokedAt;
}

/// The unrevoked secret with this hash and the user it belongs to, in one query: every
/// request that carries one asks this first.
pub async fn live_with_user<E: HashedSecrets>(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> StoreResult<Option<(E::Model, users::Model)>> {
    let owner = E::belongs_to(users::Entity).from(E::USER_ID).to(users::Column::Id).into();
    let found = E::find()
        .join(JoinType::InnerJoin, owner)
        .select_also(users::Entity)
        .filter(E::TOKEN_HASH.eq(token_hash))
        .filter(E::REVOKED_AT.is_null())
        .one(conn)
        .await?;
    Ok(found.and_then(|(secret, user)| user.map(|user| (secret, user))))
}

/// The user's secrets, revoked ones too, in the order they were made.
pub async fn of_user<E: HashedSecrets>(conn: &impl ConnectionTrait, user_id: i64) -> StoreResult<Vec<E::Model>> {
    Ok(E::find().filter(E::USER_ID.eq(user_id)).order_by_asc(E::ID).all(conn).await?)
}

/// Revokes one of the user's secrets; NotFound when it is not theirs or already revoked.
pub async fn revoke<E: HashedSecrets>(
    conn: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> StoreResult<E::Model> {
    let revoked = E::update_many()
        .col_expr(E::REVOKED_AT, Expr::value(now))
        .filter(E::ID.eq(id))
        .filter(E::USER_ID.eq(user_id))
        .filter(E::REVOKED_AT.is_null())
        .exec(conn)
        .await?;
    if revoked.rows_affected == 0 {
        return Err(StoreError::NotFound(E::WHAT));
    }
    E::find().filter(E::ID.eq(id)).one(conn).await?.ok_or(StoreError::NotFound(E::WHAT))
}

/// Records that the secret was used now.
pub async fn touch<E: HashedSecrets>(conn: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    E::update_many().col_expr(E::LAST_USED_AT, Expr::value(now)).filter(E::ID.eq(id)).exec(conn).await?;
    Ok(())
}
