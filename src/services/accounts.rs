//! Accounts from the command line: add a user (and, on an empty database, the first unit for
//! the first admin), change a password, list users.

use crate::domain::message::Message;
use sea_orm::{ConnectionTrait, TransactionTrait};

use super::store;
use super::{
    Ctx, ServiceError, ServiceResult,
    setup::{self, UnitInput, UserInput},
};
use crate::{
    domain::vocabulary::{Role, UnitKind, UnitLevel},
    entities::{units, users},
};

pub struct NewAccount {
    pub user: UserInput,
    pub password: String,
    /// Names for the unit when the database has none yet (the first admin's).
    pub first_unit_names: (String, String),
}

/// Adds a user. On a database with no units, an admin may be added together with the root
/// unit it belongs to, so a fresh, configured database can be set up from the command line.
#[tracing::instrument(skip_all)]
pub async fn add(ctx: &Ctx, account: NewAccount) -> ServiceResult<(users::Model, Option<units::Model>)> {
    let now = ctx.clock.now();
    let hash = setup::hash_password(&account.password)?;
    let txn = ctx.db.begin().await?;
    let mut created_unit = None;
    if store::units::count(&txn).await? == 0 {
        if account.user.role != Role::Admin {
            return Err(ServiceError::invalid("role", Message::new("error-first-admin")));
        }
        let (name_zh, name_en) = account.first_unit_names;
        let unit = setup::create_unit(
            &txn,
            None,
            &UnitInput {
                key: account.user.unit_key.clone(),
                parent_key: None,
                kind: UnitKind::Government,
                level: UnitLevel::Province,
                function: None,
                name_zh: if name_zh.trim().is_empty() { account.user.unit_key.clone() } else { name_zh },
                name_en: if name_en.trim().is_empty() { account.user.unit_key.clone() } else { name_en },
                email: None,
                head_email: None,
                short_name: None,
                aliases: Vec::new(),
                doc_prefix: None,
            },
            now,
        )
        .await?;
        created_unit = Some(unit);
    }
    let user = setup::create_user(&txn, None, &account.user, hash, now).await?;
    txn.commit().await?;
    Ok((user, created_unit))
}

/// Sets a new password, ends the user's sessions and revokes its API tokens.
#[tracing::instrument(skip_all)]
pub async fn set_password(ctx: &Ctx, username: &str, password: &str) -> ServiceResult<(users::Model, Ended)> {
    let hash = setup::hash_password(password)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let user = store::users::find_by_username(&txn, username).await?.ok_or(ServiceError::NotFound("user"))?;
    let (user, ended) = replace_password(&txn, user.id, hash, now).await?;
    store::audit::record(
        &txn,
        store::audit::Entry::new("user", user.id, "set_password").note(Some(&ended.note())),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok((user, ended))
}

/// What ending an account's access did: the sessions signed out, the API tokens revoked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ended {
    pub sessions: u64,
    pub tokens: u64,
}

impl Ended {
    /// The audit trail's words for it.
    pub fn note(self) -> String {
        format!("{} sessions ended, {} API tokens revoked", self.sessions, self.tokens)
    }
}

/// Ends every session of the user and revokes every API token it holds: whoever held the old
/// password, or a token made with it, is shut out at once. A token revoked stays revoked.
pub(super) async fn end_access(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<Ended> {
    Ok(Ended {
        sessions: store::auth::delete_sessions_of(conn, user_id).await?,
        tokens: store::auth::revoke_tokens_of(conn, user_id, now).await?,
    })
}

/// Stores a new password hash and ends the user's access (`end_access`).
pub(super) async fn replace_password(
    conn: &impl ConnectionTrait,
    user_id: i64,
    password_hash: String,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<(users::Model, Ended)> {
    let user = store::users::set_password(conn, user_id, password_hash).await?;
    let ended = end_access(conn, user.id, now).await?;
    Ok((user, ended))
}

/// Every user with the key of its unit.
#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx) -> ServiceResult<Vec<(users::Model, String)>> {
    let units = store::units::all(&ctx.db).await?;
    Ok(store::users::all(&ctx.db)
        .await?
        .into_iter()
        .map(|u| {
            let key = units.iter().find(|unit| unit.id == u.unit_id).map(|unit| unit.key.clone()).unwrap_or_default();
            (u, key)
        })
        .collect())
}
