//! Signing in and out, sessions, API tokens, and slowing down password guessing.

use crate::domain::message::Message;
use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordVerifier, rand_core::OsRng, rand_core::RngCore},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use sha2::{Digest, Sha256};

use super::records;
use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::{
    domain::{throttle, vocabulary::Locale},
    entities::{api_tokens, users},
};

/// A throttling key and the policy it is counted by.
type Key = (String, &'static throttle::Policy);

/// The throttling keys of an attempt: the account from this address, and the address.
fn throttle_keys(username: &str, address: &str) -> (Key, Key) {
    let username: String = username.chars().take(64).collect();
    let address: String = address.chars().take(64).collect();
    (
        (format!("account:{username}@{address}"), &throttle::PER_ACCOUNT_AND_ADDRESS),
        (format!("address:{address}"), &throttle::PER_ADDRESS),
    )
}

/// A hash of a password nobody has, checked when the account does not exist, so that every
/// refusal costs the same argon2 time and timing does not tell which names exist.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

/// A fresh random secret: 32 bytes from the operating system, hex-encoded.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Who is signed in, as every authenticated request sees it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: records::User,
    /// The session's CSRF token; None for Bearer tokens, which browsers never send by themselves.
    pub csrf_token: Option<String>,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.user.id, unit_id: self.user.unit_id, role: self.user.role }
    }
}

/// A new session: the cookie value to hand out (only its hash is stored) and the user.
pub struct NewSession {
    pub cookie_value: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: records::User,
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Signs in. The old session (if the browser had one) is deleted so that the session id
/// rotates at every sign-in.
///
/// Throttling (`domain::throttle`): the address must not be waiting after wrong passwords,
/// and the attempt is counted under the account-and-address key before the password is
/// checked; either refusal checks nothing and counts nothing more. A wrong password is then
/// counted under the address; a right one clears the account's key and counts nothing, so
/// people signing in at once from one address never hold each other up.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    ctx: &Ctx,
    username: &str,
    password: &str,
    address: &str,
    old_cookie: Option<&str>,
) -> ServiceResult<NewSession> {
    let db = &ctx.db;
    let clock = ctx.clock.as_ref();
    let (account, address) = throttle_keys(username, address);
    let refused = |until: DateTime<Utc>| {
        // Whole seconds, rounded up: a client that waits that long is let through.
        let seconds = ((until - clock.now()).num_milliseconds() + 999).div_euclid(1000).max(1);
        ServiceError::TooManyAttempts { retry_after_seconds: seconds }
    };
    if let Some(until) = store::auth::waiting(db, &address.0, address.1, clock.now()).await? {
        return Err(refused(until));
    }
    let counting = db.begin().await?;
    if let Err(until) = store::auth::count_attempt(&counting, &account.0, account.1, clock).await? {
        // Nothing is counted for an attempt that was not allowed to try.
        counting.rollback().await?;
        return Err(refused(until));
    }
    counting.commit().await?;
    let user = store::users::find_by_username(db, username).await?;
    // The password is checked whatever the account's state, so that an unknown or deactivated
    // account costs the same time as an active one.
    let hash = user.as_ref().map_or(DECOY_HASH, |u| u.password_hash.as_str());
    let password_matches = verify_password(hash, password);
    let Some(user) = user.filter(|u| u.active && password_matches) else {
        let txn = db.begin().await?;
        store::auth::count_failure(&txn, &address.0, address.1, clock).await?;
        txn.commit().await?;
        return Err(ServiceError::Unauthenticated(Message::new("error-wrong-password")));
    };
    let now = clock.now();
    let txn = db.begin().await?;
    if let Some(old) = old_cookie {
        store::auth::delete_session(&txn, &hash_secret(old)).await?;
    }
    store::auth::delete_expired_sessions(&txn, now).await?;
    store::auth::forget_attempts(&txn, &account.0).await?;
    let cookie_value = new_secret();
    let csrf_token = new_secret();
    let expires_at = now + Duration::hours(ctx.config.session_hours);
    store::auth::insert_session(&txn, hash_secret(&cookie_value), user.id, csrf_token.clone(), now, expires_at).await?;
    record(&txn, &user, "sign_in", now).await?;
    txn.commit().await?;
    Ok(NewSession { cookie_value, csrf_token, expires_at, user: user.into() })
}

async fn record(
    conn: &impl ConnectionTrait,
    user: &users::Model,
    action: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    store::audit::record(conn, store::audit::Entry::new("user", user.id, action).by(user.id, user.unit_id), now)
        .await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn sign_out(ctx: &Ctx, cookie_value: &str) -> ServiceResult<()> {
    store::auth::delete_session(&ctx.db, &hash_secret(cookie_value)).await?;
    Ok(())
}

/// The user behind a session cookie.
#[tracing::instrument(skip_all)]
pub async fn from_session(ctx: &Ctx, cookie_value: &str) -> ServiceResult<Option<SignedIn>> {
    let now = ctx.clock.now();
    let id_hash = hash_secret(cookie_value);
    let Some(session) = store::auth::live_session(&ctx.db, &id_hash, now).await? else {
        return Ok(None);
    };
    // Record activity at most every few minutes: enough to show when a user was last seen.
    if now - session.last_seen_at > Duration::minutes(5) {
        store::auth::touch_session(&ctx.db, &id_hash, now).await?;
    }
    let user = store::users::get(&ctx.db, session.user_id).await?;
    Ok(user.active.then(|| SignedIn { user: user.into(), csrf_token: Some(session.csrf_token) }))
}

/// The user behind a Bearer token.
#[tracing::instrument(skip_all)]
pub async fn from_token(ctx: &Ctx, token: &str) -> ServiceResult<Option<SignedIn>> {
    let Some((row, user)) =
        store::secrets::live_with_user::<api_tokens::Entity>(&ctx.reads, &hash_secret(token)).await?
    else {
        return Ok(None);
    };
    // Like sessions: record use at most every few minutes, so reads do not all become writes.
    let now = ctx.clock.now();
    if row.last_used_at.is_none_or(|at| now - at > Duration::minutes(5)) {
        store::secrets::touch::<api_tokens::Entity>(&ctx.db, row.id, now).await?;
    }
    Ok(user.active.then(|| SignedIn { user: user.into(), csrf_token: None }))
}

/// Creates a token; the secret is returned once and never stored.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn create_token(ctx: &Ctx, actor: &Actor, name: &str) -> ServiceResult<(records::ApiToken, String)> {
    let name = name.trim();
    super::check_single_line("name", name)?;
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::invalid("name", Message::new("error-token-name").number("max", 100)));
    }
    let secret = format!("dbn_{}", new_secret());
    let token =
        store::auth::insert_token(&ctx.db, actor.user_id.0, name, hash_secret(&secret), ctx.clock.now()).await?;
    Ok((token.into(), secret))
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn list_tokens(ctx: &Ctx, actor: &Actor) -> ServiceResult<Vec<records::ApiToken>> {
    Ok(records::from_rows(store::secrets::of_user::<api_tokens::Entity>(&ctx.db, actor.user_id.0).await?))
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn revoke_token(ctx: &Ctx, actor: &Actor, token_id: i64) -> ServiceResult<records::ApiToken> {
    Ok(store::secrets::revoke::<api_tokens::Entity>(&ctx.db, actor.user_id.0, token_id, ctx.clock.now()).await?.into())
}

/// The language the user chose for pages and e-mail, remembered on the account.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn set_locale(ctx: &Ctx, actor: &Actor, locale: Locale) -> ServiceResult<()> {
    store::users::set_locale(&ctx.db, actor.user_id.0, locale).await?;
    Ok(())
}
