//! Calendar feed addresses. Secrets are stored only as sha256 hashes, as API tokens are; they
//! are read, listed and revoked as API tokens are, in `store::secrets`.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::StoreResult;
use crate::entities::calendar_feeds;

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
