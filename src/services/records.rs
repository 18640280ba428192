//! What services hand to their callers: plain values built from the stored rows, so that a
//! change of a table stops here and never reaches a handler, a page or an e-mail. Secrets
//! (password and token hashes) and storage details (file paths) are left behind.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    domain::{
        directives::{DirectiveFields, MeetingFields},
        ids::{DirectiveId, ExtensionId, FileId, MeetingId, NotificationId, ReportId, TaskId, UnitId, UserId},
        lifecycle::TaskStatus,
        timing::TaskClock,
        vocabulary::{
            Channel, DayKind, DirectiveSource, DirectiveStatus, ExtensionStatus, Locale, NotificationStatus,
            ReportKind, ReviewOutcome, Role, TaskRole, UnitKind, UnitLevel,
        },
    },
    entities::{
        api_tokens, audit_events, calendar_days, calendar_feeds, directives, evidence_files, extension_requests,
        instructions, meetings, notifications, reports, tasks, units, users,
    },
};

/// Stored rows as the records services hand out.
pub fn from_rows<M, R: From<M>>(rows: Vec<M>) -> Vec<R> {
    rows.into_iter().map(R::from).collect()
}

/// Reads a JSON text column, or its default when it holds no valid JSON.
fn json_column<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub unit_id: UnitId,
    pub locale: Locale,
    pub active: bool,
}

impl From<users::Model> for User {
    fn from(u: users::Model) -> Self {
        User {
            id: UserId(u.id),
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            role: u.role,
            unit_id: UnitId(u.unit_id),
            locale: u.locale,
            active: u.active,
        }
    }
}

/// An API token as its owner sees it; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_tokens::Model> for ApiToken {
    fn from(t: api_tokens::Model) -> Self {
        ApiToken {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A calendar feed as its owner sees it; its address is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<calendar_feeds::Model> for CalendarFeed {
    fn from(f: calendar_feeds::Model) -> Self {
        CalendarFeed {
            id: f.id,
            name: f.name,
            created_at: f.created_at,
            last_used_at: f.last_used_at,
            revoked_at: f.revoked_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub key: String,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    pub level: UnitLevel,
    /// Its line of work, such as `emergency_management`.
    pub function: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    /// False once deactivated: kept with its history, assigned no new tasks.
    pub active: bool,
    /// What minutes call it for short, and its other names (drafting matches them).
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    /// The prefix of the 文号 of the directives it issues ("赣安办督").
    pub doc_prefix: Option<String>,
}

impl From<units::Model> for Unit {
    fn from(u: units::Model) -> Self {
        Unit {
            id: UnitId(u.id),
            key: u.key,
            parent_id: u.parent_id.map(UnitId),
            kind: u.kind,
            level: u.level,
            function: u.function,
            name_zh: u.name_zh,
            name_en: u.name_en,
            active: u.active,
            short_name: u.short_name,
            aliases: crate::domain::unit_names::from_stored(&u.aliases),
            doc_prefix: u.doc_prefix,
        }
    }
}

/// A meeting: what the secretariat entered, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub unit_id: UnitId,
    pub fields: MeetingFields,
}

impl From<meetings::Model> for Meeting {
    fn from(m: meetings::Model) -> Self {
        Meeting {
            id: MeetingId(m.id),
            unit_id: UnitId(m.unit_id),
            fields: MeetingFields {
                title_zh: m.title_zh,
                title_en: m.title_en,
                held_on: m.held_on,
                host: m.host,
                venue: m.venue,
                attendees: m.attendees,
                minutes: m.minutes,
            },
        }
    }
}

/// A directive: what the secretariat wrote, where it is filed and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub id: DirectiveId,
    pub meeting_id: Option<MeetingId>,
    pub unit_id: UnitId,
    pub seq: i32,
    pub fields: DirectiveFields,
    pub status: DirectiveStatus,
    /// The units Duban suggested when the directive was drafted from minutes.
    pub suggested_units: serde_json::Value,
    pub source: DirectiveSource,
    pub issued_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// Its 文号 (赣安办督〔2024〕12号), given when issued by a unit with a prefix.
    pub doc_number: Option<String>,
}

impl From<directives::Model> for Directive {
    fn from(d: directives::Model) -> Self {
        Directive {
            id: DirectiveId(d.id),
            meeting_id: d.meeting_id.map(MeetingId),
            unit_id: UnitId(d.unit_id),
            seq: d.seq,
            fields: DirectiveFields {
                title_zh: d.title_zh,
                title_en: d.title_en,
                body: d.body,
                category: d.category,
                priority: d.priority,
                deadline: d.deadline,
                places: json_column(&d.places),
                industries: json_column(&d.industries),
            },
            status: d.status,
            suggested_units: json_column(&d.suggested_units),
            source: d.source,
            issued_at: d.issued_at,
            version: d.version,
            doc_number: match (&d.doc_prefix, d.doc_year, d.doc_seq) {
                (Some(prefix), Some(year), Some(seq)) => Some(crate::domain::documents::number(prefix, year, seq)),
                _ => None,
            },
        }
    }
}

impl Directive {
    /// Whether the words a person searched for (already lower-cased) stand in its titles, its
    /// text or its 文号: what a directive search finds.
    pub fn matches(&self, words: &str) -> bool {
        words.is_empty()
            || [&self.fields.title_zh, &self.fields.title_en, &self.fields.body]
                .iter()
                .any(|t| t.to_lowercase().contains(words))
            || self.doc_number.as_deref().is_some_and(|n| n.to_lowercase().contains(words))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub directive_id: DirectiveId,
    pub parent_id: Option<TaskId>,
    pub assignee_unit_id: UnitId,
    pub assigner_unit_id: UnitId,
    pub role: TaskRole,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub progress: i32,
    pub ack_due_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub original_deadline: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

impl Task {
    /// What the timing rules read of the task: overdue, on time, its light.
    pub fn clock(&self) -> TaskClock {
        TaskClock {
            status: self.status,
            created_at: self.created_at,
            deadline: self.deadline,
            submitted_at: self.submitted_at,
            progress: self.progress,
        }
    }
}

impl From<tasks::Model> for Task {
    fn from(t: tasks::Model) -> Self {
        Task {
            id: TaskId(t.id),
            directive_id: DirectiveId(t.directive_id),
            parent_id: t.parent_id.map(TaskId),
            assignee_unit_id: UnitId(t.assignee_unit_id),
            assigner_unit_id: UnitId(t.assigner_unit_id),
            role: t.role,
            title: t.title,
            description: t.description,
            status: t.status,
            progress: t.progress,
            ack_due_at: t.ack_due_at,
            deadline: t.deadline,
            original_deadline: t.original_deadline,
            acknowledged_at: t.acknowledged_at,
            submitted_at: t.submitted_at,
            completed_at: t.completed_at,
            created_at: t.created_at,
            version: t.version,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: ReportId,
    pub kind: ReportKind,
    pub progress: i32,
    pub body: String,
    pub unit_id: UnitId,
    pub author_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub review_outcome: Option<ReviewOutcome>,
    pub review_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl From<reports::Model> for Report {
    fn from(r: reports::Model) -> Self {
        Report {
            id: ReportId(r.id),
            kind: r.kind,
            progress: r.progress,
            body: r.body,
            unit_id: UnitId(r.unit_id),
            author_id: r.author_id.map(UserId),
            created_at: r.created_at,
            review_outcome: r.review_outcome,
            review_reason: r.review_reason,
            reviewed_at: r.reviewed_at,
        }
    }
}

/// An evidence file's description; its bytes are read through `queries::evidence_file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: FileId,
    pub task_id: TaskId,
    pub report_id: Option<ReportId>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

impl From<evidence_files::Model> for Evidence {
    fn from(e: evidence_files::Model) -> Self {
        Evidence {
            id: FileId(e.id),
            task_id: TaskId(e.task_id),
            report_id: e.report_id.map(ReportId),
            file_name: e.file_name,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            sha256: e.sha256,
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub id: ExtensionId,
    pub task_id: TaskId,
    pub current_deadline: DateTime<Utc>,
    pub requested_deadline: DateTime<Utc>,
    pub reason: String,
    pub progress: i32,
    pub status: ExtensionStatus,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<extension_requests::Model> for Extension {
    fn from(e: extension_requests::Model) -> Self {
        Extension {
            id: ExtensionId(e.id),
            task_id: TaskId(e.task_id),
            current_deadline: e.current_deadline,
            requested_deadline: e.requested_deadline,
            reason: e.reason,
            progress: e.progress,
            status: e.status,
            decided_at: e.decided_at,
            decision_reason: e.decision_reason,
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub id: i64,
    pub directive_id: Option<DirectiveId>,
    pub task_id: Option<TaskId>,
    pub author_id: UserId,
    pub body: String,
    pub linked_task_id: Option<TaskId>,
    pub created_at: DateTime<Utc>,
}

impl From<instructions::Model> for Instruction {
    fn from(i: instructions::Model) -> Self {
        Instruction {
            id: i.id,
            directive_id: i.directive_id.map(DirectiveId),
            task_id: i.task_id.map(TaskId),
            author_id: UserId(i.author_id),
            body: i.body,
            linked_task_id: i.linked_task_id.map(TaskId),
            created_at: i.created_at,
        }
    }
}

/// One entry of an audit trail, with its states read back as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_unit_id: Option<UnitId>,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub note: Option<String>,
}

impl From<audit_events::Model> for AuditEvent {
    fn from(e: audit_events::Model) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEvent {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id.map(UserId),
            actor_unit_id: e.actor_unit_id.map(UnitId),
            action: e.action,
            before: parse(e.before),
            after: parse(e.after),
            note: e.note,
        }
    }
}

/// A holiday or a make-up working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

impl From<calendar_days::Model> for CalendarDay {
    fn from(d: calendar_days::Model) -> Self {
        CalendarDay { day: d.day, kind: d.kind, name: d.name }
    }
}

/// A message in the outbox, without its bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub task_id: Option<TaskId>,
    pub template: String,
    pub locale: Locale,
    pub recipient_email: String,
    pub subject: String,
    pub status: NotificationStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// E-mail, or the vendor of the group robot `robot_id` (whose address is never shown).
    pub channel: Channel,
    pub robot_id: Option<i64>,
}

impl From<notifications::Model> for Notification {
    fn from(row: notifications::Model) -> Self {
        Notification {
            id: NotificationId(row.id),
            task_id: row.task_id.map(TaskId),
            template: row.template,
            locale: row.locale,
            recipient_email: row.recipient_email,
            subject: row.subject,
            status: row.status,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            last_error: row.last_error,
            created_at: row.created_at,
            sent_at: row.sent_at,
            channel: row.channel,
            robot_id: row.robot_id,
        }
    }
}
