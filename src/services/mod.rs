//! Use cases: each decides who may do what, and writes an audit event beside every change to
//! the organisation and its work (sessions and API tokens are not audited). A use case's writes
//! commit together: in one transaction it opens, or as a single statement; reads are not
//! wrapped. Functions that take a `ConnectionTrait` (`tasks::assign_in`,
//! `tasks::act_in_transaction`, `setup::*`) run inside the caller's transaction instead, so the
//! demo seed and the command line can compose several into one.

// The store is the services' own: nothing outside them can name it, so a handler cannot
// reach the database but through a use case. The integration tests, which check what was
// written, see it through the `test-support` feature (enabled by their dev-dependency only).
#[cfg(not(feature = "test-support"))]
#[path = "../store/mod.rs"]
mod store;
#[cfg(feature = "test-support")]
#[path = "../store/mod.rs"]
pub mod store;

/// Opening the database and bringing its schema up to date: for the application's start and
/// the command line, before any use case runs.
pub mod database {
    pub use super::store::{connect, connect_reads, migrate};
}

pub mod access;
pub mod accounts;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod bulletins;
pub mod bundles;
pub mod calendar;
pub mod calendar_feeds;
pub mod demo;
pub mod department_names;
pub mod digests;
pub mod documents;
pub mod drafts;
pub mod escalation;
pub mod evidence;
pub mod extensions;
pub mod instructions;
pub mod leadership;
pub mod meetings;
pub mod notify;
pub mod operations;
pub mod outbox;
pub mod overview;
pub mod pending;
pub mod queries;
pub mod records;
pub mod reminders;
pub mod reporting;
pub mod robots;
pub mod rollups;
pub mod scale;
mod scale_reports;
pub mod setup;
pub mod storage;
pub mod tasks;
pub mod units;
pub mod units_import;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use self::store::StoreError;
use crate::{
    clock::Clock,
    config::Config,
    domain::{
        hierarchy::HierarchyError,
        ids::{UnitId, UserId},
        lifecycle::Refusal,
        message::Message,
        organisation::FieldError,
        roles::Capability,
        vocabulary::Role,
    },
};

/// What a service needs: the database, the settings and the clock.
#[derive(Clone)]
pub struct Ctx {
    /// Every write, and every read inside a write's transaction.
    pub db: DatabaseConnection,
    /// Reads outside a transaction: on a SQLite file, a pool of read-only connections beside
    /// the one writer (WAL lets them read while it writes); elsewhere the same pool as `db`.
    pub reads: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Where evidence files are stored (`[storage]`), opened from `config.storage`.
    pub blobs: store::blobs::Blobs,
}

impl Ctx {
    /// A context whose reads share the writer's connections (commands, tests of one step).
    pub fn new(db: DatabaseConnection, config: Config, clock: Arc<dyn Clock>) -> Self {
        Self::with_reads(db.clone(), db, config, clock)
    }

    /// A context whose reads go through their own pool (`serve`).
    pub fn with_reads(
        db: DatabaseConnection,
        reads: DatabaseConnection,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let blobs = store::blobs::Blobs::open(&config.storage);
        Ctx { db, reads, config: Arc::new(config), clock, blobs }
    }

    /// The instant now, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The configured zone: where working days, deadlines' days and "today" are counted.
    pub fn zone(&self) -> Tz {
        self.config.time_zone
    }

    /// Today in the configured zone.
    pub fn today(&self) -> NaiveDate {
        crate::domain::format::day_of(self.zone(), self.now())
    }

    /// The last instant of `day` in the configured zone: a deadline picked as a day.
    pub fn end_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        crate::domain::calendar::end_of_day(day, self.zone())
    }

    /// The first instant of `day` in the configured zone.
    pub fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        crate::domain::calendar::start_of_day(day, self.zone())
    }

    /// The store evidence files are kept in.
    pub fn blobs(&self) -> &store::blobs::Blobs {
        &self.blobs
    }

    /// True when the database answers: what readiness and health checks report.
    pub async fn database_reachable(&self) -> bool {
        self::store::ping(&self.db).await
    }
}

/// The signed-in person a service acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub unit_id: UnitId,
    pub role: Role,
}

impl Actor {
    /// The audit entry of a change this actor makes; the caller adds before, after and a note.
    fn entry(&self, entity: &'static str, entity_id: i64, action: &str) -> self::store::audit::Entry {
        self::store::audit::Entry::new(entity, entity_id, action).by(self.user_id.0, self.unit_id.0)
    }

    /// The person a stored account is, acting for its unit.
    pub fn of(user: &crate::entities::users::Model) -> Self {
        Actor { user_id: UserId(user.id), unit_id: UnitId(user.unit_id), role: user.role }
    }

    /// Whether the actor's role may do this at all (`domain::roles`).
    pub fn may(&self, capability: Capability) -> bool {
        self.role.may(capability)
    }

    /// Refuses (403) an actor whose role lacks the capability, saying why.
    pub fn ensure(&self, capability: Capability) -> ServiceResult<()> {
        if self.may(capability) { Ok(()) } else { Err(ServiceError::Forbidden(capability.refusal(self.role))) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: Message },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Unauthenticated(Message),
    #[error("forbidden: {0}")]
    Forbidden(Message),
    #[error("too many sign-in attempts; try again in {retry_after_seconds} seconds")]
    TooManyAttempts { retry_after_seconds: i64 },
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Conflict(Message),
    /// Well formed, but at odds with what is stored or with the time now: a unit or meeting
    /// that does not exist, a deadline already past, a lead already named (409, naming the field).
    #[error("{field}: {reason}")]
    ConflictsWith { field: &'static str, reason: Message },
    #[error(
        "the {entity} was changed by someone else (it is at version {current}, you sent {sent}); reload and try again"
    )]
    Stale { entity: &'static str, sent: i32, current: i32 },
    #[error("internal error")]
    Internal(#[source] StoreError),
    /// The database cannot be reached now (refused, pool exhausted or closed): nothing was
    /// done; the same request may succeed in a while (503 with Retry-After).
    #[error("the database is unavailable; try again shortly")]
    Unavailable(#[source] StoreError),
    /// An evidence file could not be written, read or removed: answered like any internal
    /// error, its cause (the file and the system's reason) kept for the log.
    #[error("internal error")]
    Files(#[source] FileError),
    /// An embedded e-mail template failed to render: a bug, answered like any internal error.
    #[error("internal error")]
    Template(#[source] crate::mail::templates::TemplateError),
}

impl ServiceError {
    pub fn invalid(field: &'static str, reason: Message) -> Self {
        ServiceError::Invalid { field, reason }
    }

    pub fn conflicts(field: &'static str, reason: Message) -> Self {
        ServiceError::ConflictsWith { field, reason }
    }

    /// The state conflict (409) `key` names, with no arguments.
    pub fn conflict(key: &'static str) -> Self {
        ServiceError::Conflict(Message::new(key))
    }

    /// The field this error names, if it names one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ServiceError::Invalid { field, .. } | ServiceError::ConflictsWith { field, .. } => Some(field),
            _ => None,
        }
    }

    /// What this error says to a person, as a message to render in their language. A failure
    /// of ours says only that it happened (its cause goes to the log).
    pub fn reason(&self) -> Message {
        match self {
            ServiceError::Invalid { reason, .. }
            | ServiceError::ConflictsWith { reason, .. }
            | ServiceError::Unauthenticated(reason)
            | ServiceError::Forbidden(reason)
            | ServiceError::Conflict(reason) => reason.clone(),
            ServiceError::NotFound(what) => {
                Message::new("error-not-found").message("what", crate::domain::message::entity_key(what))
            }
            ServiceError::TooManyAttempts { retry_after_seconds } => {
                Message::new("error-too-many-attempts").number("seconds", *retry_after_seconds)
            }
            ServiceError::Refused(refusal) => refusal.message(),
            ServiceError::Stale { entity, sent, current } => Message::new("error-stale")
                .message("what", crate::domain::message::entity_key(entity))
                .number("current", *current)
                .number("sent", *sent),
            ServiceError::Unavailable(_) => Message::new("error-unavailable"),
            ServiceError::Internal(_) | ServiceError::Files(_) | ServiceError::Template(_) => {
                Message::new("error-internal")
            }
        }
    }
}

/// A single-line field (a title, a name): refused (422, naming the field and the character)
/// when it holds a line break or another control character; see `domain::text`.
pub(crate) fn check_single_line(field: &'static str, value: &str) -> ServiceResult<()> {
    match crate::domain::text::single_line_problem(value) {
        Some(reason) => Err(ServiceError::invalid(field, reason)),
        None => Ok(()),
    }
}

/// Every deadline that enters (a directive's, a task's, an extension's) is ahead of `now` (409
/// otherwise: the time has moved on) and at most `timing::DEADLINE_HORIZON_YEARS` ahead (422
/// otherwise, naming the latest day allowed).
pub(crate) fn check_deadline_ahead(
    field: &'static str,
    deadline: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    if deadline <= now {
        return Err(ServiceError::conflicts(field, Message::new("error-deadline-past")));
    }
    check_deadline_within(field, deadline, now)
}

/// A deadline at most `timing::DEADLINE_HORIZON_YEARS` ahead of `now` (422 otherwise, naming
/// the latest day allowed).
pub(crate) fn check_deadline_within(
    field: &'static str,
    deadline: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    use crate::domain::timing::{DEADLINE_HORIZON_YEARS, latest_deadline};
    let latest = latest_deadline(now);
    if deadline > latest {
        return Err(ServiceError::invalid(
            field,
            Message::new("error-deadline-too-far")
                .number("years", DEADLINE_HORIZON_YEARS)
                .date("latest", latest.date_naive()),
        ));
    }
    Ok(())
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(what) => ServiceError::NotFound(what),
            StoreError::Duplicate(rule) => ServiceError::Conflict(Message::new(rule)),
            StoreError::Db(err) if store::is_outage(&err) => ServiceError::Unavailable(StoreError::Db(err)),
            other => ServiceError::Internal(other),
        }
    }
}

impl From<crate::domain::versions::Stale> for ServiceError {
    fn from(stale: crate::domain::versions::Stale) -> Self {
        ServiceError::Stale { entity: stale.entity, sent: stale.sent, current: stale.current }
    }
}

impl From<crate::mail::templates::TemplateError> for ServiceError {
    fn from(err: crate::mail::templates::TemplateError) -> Self {
        ServiceError::Template(err)
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(err: sea_orm::DbErr) -> Self {
        StoreError::Db(err).into()
    }
}

impl From<FieldError> for ServiceError {
    fn from(err: FieldError) -> Self {
        ServiceError::Invalid { field: err.field, reason: err.reason }
    }
}

impl From<HierarchyError> for ServiceError {
    fn from(err: HierarchyError) -> Self {
        let field = match err {
            HierarchyError::DeadlineAfterParent { .. } => "deadline",
            _ => "assignee_unit_id",
        };
        // Where a unit sits, and the parent's deadline, are what is stored now: a conflict.
        ServiceError::ConflictsWith { field, reason: err.message() }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// What failed on the file system, and while doing what.
#[derive(Debug, thiserror::Error)]
#[error("{doing}: {source}")]
pub struct FileError {
    pub doing: &'static str,
    #[source]
    pub source: std::io::Error,
}

impl ServiceError {
    /// A file-system failure while `doing` something.
    pub fn files(doing: &'static str) -> impl FnOnce(std::io::Error) -> ServiceError {
        move |source| ServiceError::Files(FileError { doing, source })
    }
}
