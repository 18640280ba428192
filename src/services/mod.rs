//! Use cases: each public function is one transaction, decides who may do what, and writes
//! an audit event beside every change.

pub mod access;
pub mod accounts;
pub mod auth;
pub mod calendar;
pub mod demo;
pub mod drafts;
pub mod evidence;
pub mod extensions;
pub mod instructions;
pub mod meetings;
pub mod overview;
pub mod queries;
pub mod setup;
pub mod tasks;
pub mod units;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    clock::Clock,
    config::Config,
    domain::{hierarchy::HierarchyError, lifecycle::Refusal, vocabulary::Role},
    store::StoreError,
};

/// What a service needs: the database, the settings and the clock.
#[derive(Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
}

/// The signed-in person a service acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub unit_id: i64,
    pub role: Role,
}

impl Actor {
    /// The audit entry of a change this actor makes; the caller adds before, after and a note.
    pub fn entry<'a, B: serde::Serialize, A: serde::Serialize>(
        &self,
        entity: &'static str,
        entity_id: i64,
        action: &'a str,
    ) -> crate::store::audit::Entry<'a, B, A> {
        crate::store::audit::Entry {
            actor_id: Some(self.user_id),
            actor_unit_id: Some(self.unit_id),
            entity,
            entity_id,
            action,
            before: None,
            after: None,
            note: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("too many failed sign-ins; try again in {retry_after_seconds} seconds")]
    TooManyAttempts { retry_after_seconds: i64 },
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Conflict(String),
    #[error(
        "the {entity} was changed by someone else (it is at version {current}, you sent {sent}); reload and try again"
    )]
    Stale { entity: &'static str, sent: i32, current: i32 },
    #[error("internal error")]
    Internal(#[source] StoreError),
}

impl ServiceError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        ServiceError::Invalid { field, reason: reason.into() }
    }
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(what) => ServiceError::NotFound(what),
            StoreError::Stale { entity, sent, current } => ServiceError::Stale { entity, sent, current },
            other => ServiceError::Internal(other),
        }
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(err: sea_orm::DbErr) -> Self {
        ServiceError::Internal(StoreError::Db(err))
    }
}

impl From<HierarchyError> for ServiceError {
    fn from(err: HierarchyError) -> Self {
        let field = match err {
            HierarchyError::DeadlineAfterParent { .. } => "deadline",
            _ => "assignee_unit_id",
        };
        ServiceError::Invalid { field, reason: err.to_string() }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
