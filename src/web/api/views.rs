//! What the API answers with: plain, documented JSON shapes built from service results.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        RefOr,
        schema::{ObjectBuilder, Schema, Type},
    },
};

use crate::domain::ids::{DirectiveId, MeetingId, ReportId, TaskId, UnitId, UserId};
use crate::{
    domain::{
        directives::{DirectiveFields, MeetingFields},
        drafting::Category,
        vocabulary::{DayKind, Locale, Priority, RobotKind, Role, TaskRole, UnitKind, UnitLevel},
    },
    services::{
        accounts::Ended,
        queries::{Inbox, TaskDetail, TaskFacts},
        records::{
            ApiToken, AuditEvent, CalendarFeed, Directive, Evidence, Extension, Instruction, Meeting, Report, Unit,
            User,
        },
    },
};

/// A category in the document is one of the codes of `Category`, listed from the enum itself so
/// that the document can never name one the server refuses. (Written here rather than derived,
/// so that `domain/` knows nothing of the API document.)
/// The vocabularies a request may name, each described once, its values from the domain.
macro_rules! vocabulary_schemas {
    ($($name:ty => $description:literal),+ $(,)?) => {$(
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($description))
                    .enum_values(Some(<$name>::ALL.iter().map(|value| value.as_str())))
                    .build()
                    .into()
            }
        }

        impl ToSchema for $name {}
    )+};
}

/// Whitespace as Rust's `char::is_whitespace` (and so `str::trim`) knows it, spelled out so
/// that the fuzzer's regular expressions and the server agree on what is blank.
macro_rules! whitespace {
    () => {
        r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}

/// What no single-line field holds (`domain::text`): control characters, the line and paragraph
/// separators, the bidirectional overrides and isolates.
macro_rules! controls {
    () => {
        r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    };
}

/// One line with something in it besides whitespace.
const SINGLE_LINE: &str =
    concat!(r"^[^", controls!(), r"]*[^", controls!(), whitespace!(), r"][^", controls!(), r"]*$");
/// One line, or nothing.
const SINGLE_LINE_OR_EMPTY: &str = concat!(r"^[^", controls!(), r"]*$");
/// A 文号 prefix as `domain::documents::check_prefix` takes it: one line, no brackets (the number
/// adds 〔year〕 itself), not ending in 号 once trimmed; all blank is nothing.
const DOC_PREFIX: &str = concat!(
    r"^([^",
    controls!(),
    r"〔〕\[\]【】()（）]*[^",
    controls!(),
    whitespace!(),
    r"〔〕\[\]【】()（）号])?[ \xa0\u1680\u2000-\u200a\u202f\u205f\u3000]*$"
);
/// Text with something in it besides whitespace, and no NUL.
const NOT_BLANK: &str = concat!(r"^[^\x00]*[^\x00", whitespace!(), r"][^\x00]*$");
/// An e-mail address: something@somewhere, no whitespace.
const EMAIL: &str = concat!(r"^[^\x00", whitespace!(), r"]*@[^\x00", whitespace!(), r"]*$");
/// An e-mail address, or nothing.
const EMAIL_OR_NOTHING: &str = concat!(r"^([^\x00", whitespace!(), r"]*@[^\x00", whitespace!(), r"]*)?$");

/// The string schemas request bodies share, each described once: the pattern and the length
/// the server holds them to.
macro_rules! text_schemas {
    ($($(#[$doc:meta])* $name:ident => $pattern:expr, $max:expr;)+) => {$(
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new().schema_type(Type::String).pattern(Some($pattern)).max_length($max).build().into()
            }
        }

        impl ToSchema for $name {}
    )+};
}

text_schemas! {
    /// Free text that is not blank: a reason, a report, an instruction.
    Text => NOT_BLANK, None;
    /// A published bulletin's commentary: not blank, at most 5,000 characters (`domain::bulletin::MAX_COMMENTARY`).
    Commentary => NOT_BLANK, Some(5000);
    /// One line that is not blank: a title.
    Line => SINGLE_LINE, None;
    /// One line, or nothing: a venue, a host, a title left to default.
    LineOrNothing => SINGLE_LINE_OR_EMPTY, None;
    /// A name of at most 200 characters on one line, not blank.
    Name => SINGLE_LINE, Some(200);
    /// A name of at most 200 characters on one line, or nothing (which clears it).
    NameOrNothing => SINGLE_LINE_OR_EMPTY, Some(200);
    /// A short label of at most 100 characters on one line, not blank: a token's or a holiday's name.
    Label => SINGLE_LINE, Some(100);
    /// A drafting keyword of at most 64 characters on one line, not blank.
    Keyword => SINGLE_LINE, Some(64);
    /// An e-mail address, or the empty string for none.
    EmailOrNothing => EMAIL_OR_NOTHING, Some(254);
    /// An e-mail address.
    Email => EMAIL, Some(254);
    /// What files and people name a unit or an account by: letters, digits, '-', '_', '.'.
    Handle => r"^[A-Za-z0-9._-]{1,64}$", None;
    /// A short note of at most 500 characters, or nothing: a reminder's message.
    NoteOrNothing => r"^[^\x00]*$", Some(500);
    /// A 文号 prefix of at most 20 characters on one line ("赣安办督"), without brackets and not
    /// ending in 号, or nothing (which clears it).
    PrefixOrNothing => DOC_PREFIX, Some(20);
}

/// A line of work drafting suggests units by (`water_resources`, `fire_rescue`, …).
pub struct LineOfWork;

impl PartialSchema for LineOfWork {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("A line of work drafting suggests units by."))
            .enum_values(Some(crate::domain::drafting::FUNCTIONS))
            .build()
            .into()
    }
}

impl ToSchema for LineOfWork {}

/// The id of a row: a whole number from 1.
pub struct PositiveId;

impl PartialSchema for PositiveId {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                utoipa::openapi::schema::KnownFormat::Int64,
            )))
            .minimum(Some(1))
            .build()
            .into()
    }
}

impl ToSchema for PositiveId {}

vocabulary_schemas! {
    Category => "What a directive is about; drafting suggests one from the minutes.",
    Priority => "How urgent a directive is.",
    TaskRole => "Whether a unit leads the task or cooperates on it.",
    UnitKind => "What sort of body a unit is.",
    UnitLevel => "Where a unit sits: province, municipal, county or below.",
    Role => "What a user may do in their unit.",
    Locale => "The language a user reads Duban in.",
    DayKind => "A holiday on a weekday, or a make-up working day on a weekend.",
    RobotKind => "The vendor of a group robot: DingTalk (钉钉), WeCom (企业微信) or Feishu (飞书).",
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    #[schema(example = "officer")]
    pub role: String,
    pub unit_id: i64,
    #[schema(example = "zh")]
    pub locale: String,
    /// False once an administrator deactivated the account: it can no longer sign in.
    pub active: bool,
}

/// An account whose access was ended (a password reset, a deactivation): the account, and
/// how many of its sessions ended and API tokens were revoked.
#[derive(Serialize, ToSchema)]
pub struct AccessEndedView {
    #[serde(flatten)]
    pub user: UserView,
    /// Sessions signed out.
    pub sessions_ended: u64,
    /// API tokens revoked: they answer 401 from now on, and stay revoked.
    pub tokens_revoked: u64,
}

impl AccessEndedView {
    pub fn new(user: &User, ended: Ended) -> Self {
        AccessEndedView { user: user.into(), sessions_ended: ended.sessions, tokens_revoked: ended.tokens }
    }
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView {
            id: u.id.0,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            role: u.role.to_string(),
            unit_id: u.unit_id.0,
            locale: u.locale.to_string(),
            active: u.active,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub user: UserView,
    /// Send this in `X-CSRF-Token` with every cookie-authenticated request that changes something.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NewTokenView {
    pub id: i64,
    pub name: String,
    /// Shown once; only its hash is stored.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct CalendarFeedView {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<CalendarFeed> for CalendarFeedView {
    fn from(f: CalendarFeed) -> Self {
        CalendarFeedView {
            id: f.id,
            name: f.name,
            created_at: f.created_at,
            last_used_at: f.last_used_at,
            revoked_at: f.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NewCalendarFeedView {
    pub id: i64,
    pub name: String,
    /// The feed's address, to subscribe to from a calendar program; shown once, only its
    /// secret's hash is stored. Whoever holds it reads the feed, so keep it private.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub id: i64,
    pub key: String,
    pub parent_id: Option<i64>,
    #[schema(example = "department")]
    pub kind: String,
    #[schema(example = "municipal")]
    pub level: String,
    pub function: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    /// False once deactivated: the unit keeps its history and stays readable, but is assigned no new tasks.
    pub active: bool,
    /// What minutes call the unit for short ("市住建局"); drafting matches it.
    pub short_name: Option<String>,
    /// Other names minutes call the unit by; drafting matches them.
    pub aliases: Vec<String>,
    /// The prefix of the 文号 its directives are numbered with when issued ("赣安办督").
    pub doc_prefix: Option<String>,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        UnitView {
            id: u.id.0,
            key: u.key,
            parent_id: u.parent_id.map(UnitId::get),
            kind: u.kind.to_string(),
            level: u.level.to_string(),
            function: u.function,
            name_zh: u.name_zh,
            name_en: u.name_en,
            active: u.active,
            short_name: u.short_name,
            aliases: u.aliases,
            doc_prefix: u.doc_prefix,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub unit_id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub held_on: NaiveDate,
    pub host: String,
    pub venue: String,
    pub attendees: String,
    pub minutes: String,
}

impl From<Meeting> for MeetingView {
    fn from(m: Meeting) -> Self {
        let MeetingFields { title_zh, title_en, held_on, host, venue, attendees, minutes } = m.fields;
        MeetingView { id: m.id.0, unit_id: m.unit_id.0, title_zh, title_en, held_on, host, venue, attendees, minutes }
    }
}

/// A directive of a meeting issued and assigned in one request, with the tasks it was given.
#[derive(Serialize, ToSchema)]
pub struct AssignedDirectiveView {
    pub directive: DirectiveView,
    pub tasks: Vec<TaskView>,
}

#[derive(Serialize, ToSchema)]
pub struct DirectiveView {
    pub id: i64,
    pub meeting_id: Option<i64>,
    pub unit_id: i64,
    pub seq: i32,
    pub title_zh: String,
    pub title_en: String,
    pub body: String,
    pub category: Category,
    #[schema(example = "high")]
    pub priority: String,
    pub deadline: DateTime<Utc>,
    #[schema(example = "draft")]
    pub status: String,
    pub places: Vec<String>,
    pub industries: Vec<String>,
    /// Units Duban suggested when the directive was drafted from minutes.
    pub suggested_units: serde_json::Value,
    #[schema(example = "manual")]
    pub source: String,
    pub issued_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// Its 文号 (赣安办督〔2024〕12号): given when it is issued by a unit with a prefix.
    pub doc_number: Option<String>,
}

impl From<Directive> for DirectiveView {
    fn from(d: Directive) -> Self {
        let DirectiveFields { title_zh, title_en, body, category, priority, deadline, places, industries } = d.fields;
        DirectiveView {
            id: d.id.0,
            meeting_id: d.meeting_id.map(MeetingId::get),
            unit_id: d.unit_id.0,
            seq: d.seq,
            title_zh,
            title_en,
            body,
            category,
            priority: priority.to_string(),
            deadline,
            status: d.status.to_string(),
            places,
            industries,
            suggested_units: d.suggested_units,
            source: d.source.to_string(),
            issued_at: d.issued_at,
            version: d.version,
            doc_number: d.doc_number,
        }
    }
}

#[derive(Serialize, ToSchema, Clone)]
pub struct TaskView {
    pub id: i64,
    pub directive_id: i64,
    pub parent_id: Option<i64>,
    pub assignee_unit_id: i64,
    pub assigner_unit_id: i64,
    #[schema(example = "lead")]
    pub role: String,
    pub title: String,
    pub description: String,
    #[schema(example = "in_progress")]
    pub status: String,
    pub progress: i32,
    pub ack_due_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub original_deadline: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Open and past its deadline (derived, never stored).
    pub overdue: bool,
    /// Completed, with the accepted completion submitted by the deadline.
    pub on_time: bool,
    /// green, yellow or red; absent for closed tasks.
    pub light: Option<String>,
    /// How many times the task was reminded (催办).
    pub reminders: u64,
    /// Send this back with the next action; a stale version is refused with 409.
    pub version: i32,
}

impl From<TaskFacts> for TaskView {
    fn from(f: TaskFacts) -> Self {
        let t = f.task;
        TaskView {
            id: t.id.0,
            directive_id: t.directive_id.0,
            parent_id: t.parent_id.map(TaskId::get),
            assignee_unit_id: t.assignee_unit_id.0,
            assigner_unit_id: t.assigner_unit_id.0,
            role: t.role.to_string(),
            title: t.title,
            description: t.description,
            status: t.status.to_string(),
            progress: t.progress,
            ack_due_at: t.ack_due_at,
            deadline: t.deadline,
            original_deadline: t.original_deadline,
            acknowledged_at: t.acknowledged_at,
            submitted_at: t.submitted_at,
            completed_at: t.completed_at,
            overdue: f.overdue,
            on_time: f.on_time,
            light: f.light.map(|l| l.to_string()),
            reminders: f.reminders,
            version: t.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub id: i64,
    #[schema(example = "progress")]
    pub kind: String,
    pub progress: i32,
    pub body: String,
    pub unit_id: i64,
    pub author_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub review_outcome: Option<String>,
    pub review_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl From<Report> for ReportView {
    fn from(r: Report) -> Self {
        ReportView {
            id: r.id.0,
            kind: r.kind.to_string(),
            progress: r.progress,
            body: r.body,
            unit_id: r.unit_id.0,
            author_id: r.author_id.map(UserId::get),
            created_at: r.created_at,
            review_outcome: r.review_outcome.map(|o| o.to_string()),
            review_reason: r.review_reason,
            reviewed_at: r.reviewed_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: i64,
    pub report_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Where to download it (only those who may see the task can).
    pub url: String,
    pub created_at: DateTime<Utc>,
}

impl From<Evidence> for EvidenceView {
    fn from(e: Evidence) -> Self {
        EvidenceView {
            url: format!("/api/v1/files/{}", e.id),
            id: e.id.0,
            report_id: e.report_id.map(ReportId::get),
            file_name: e.file_name,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            sha256: e.sha256,
            created_at: e.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ExtensionView {
    pub id: i64,
    pub task_id: i64,
    pub current_deadline: DateTime<Utc>,
    pub requested_deadline: DateTime<Utc>,
    pub reason: String,
    pub progress: i32,
    #[schema(example = "pending")]
    pub status: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Extension> for ExtensionView {
    fn from(e: Extension) -> Self {
        ExtensionView {
            id: e.id.0,
            task_id: e.task_id.0,
            current_deadline: e.current_deadline,
            requested_deadline: e.requested_deadline,
            reason: e.reason,
            progress: e.progress,
            status: e.status.to_string(),
            decided_at: e.decided_at,
            decision_reason: e.decision_reason,
            created_at: e.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InstructionView {
    pub id: i64,
    pub directive_id: Option<i64>,
    pub task_id: Option<i64>,
    pub author_id: i64,
    pub body: String,
    pub linked_task_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<Instruction> for InstructionView {
    fn from(i: Instruction) -> Self {
        InstructionView {
            id: i.id,
            directive_id: i.directive_id.map(DirectiveId::get),
            task_id: i.task_id.map(TaskId::get),
            author_id: i.author_id.0,
            body: i.body,
            linked_task_id: i.linked_task_id.map(TaskId::get),
            created_at: i.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TaskDetailView {
    pub task: TaskView,
    pub children: Vec<TaskView>,
    /// The latest 100 reports, oldest first; `GET /api/v1/tasks/{id}/reports` pages through all.
    pub reports: Vec<ReportView>,
    /// How many reports the task has in all.
    pub reports_total: u64,
    pub evidence: Vec<EvidenceView>,
    pub extensions: Vec<ExtensionView>,
    pub instructions: Vec<InstructionView>,
}

impl From<TaskDetail> for TaskDetailView {
    fn from(d: TaskDetail) -> Self {
        TaskDetailView {
            task: d.facts.into(),
            children: d.children.into_iter().map(Into::into).collect(),
            reports: d.reports.into_iter().map(Into::into).collect(),
            reports_total: d.reports_total,
            evidence: d.evidence.into_iter().map(Into::into).collect(),
            extensions: d.extensions.into_iter().map(Into::into).collect(),
            instructions: d.instructions.into_iter().map(Into::into).collect(),
        }
    }
}

/// One page of a list: its items, how many there are in all, and where this page stands.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// True when a search (`q`) matched more tasks than it ranks: the pages hold the best
    /// matches among the newest `total` of them. Narrow the search to see the rest.
    pub capped: bool,
}

impl<T, S: Into<T>> From<crate::services::queries::Page<S>> for Paged<T> {
    fn from(page: crate::services::queries::Page<S>) -> Self {
        Paged {
            items: page.items.into_iter().map(Into::into).collect(),
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            capped: page.capped,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_unit_id: Option<i64>,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub note: Option<String>,
}

impl From<AuditEvent> for AuditEventView {
    fn from(e: AuditEvent) -> Self {
        AuditEventView {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id.map(UserId::get),
            actor_unit_id: e.actor_unit_id.map(UnitId::get),
            action: e.action,
            before: e.before,
            after: e.after,
            note: e.note,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InboxView {
    pub to_acknowledge: Vec<TaskView>,
    pub due_soon: Vec<TaskView>,
    pub overdue: Vec<TaskView>,
    pub returned: Vec<TaskView>,
    pub awaiting_review: Vec<TaskView>,
    /// Tasks we assigned with an extension request waiting for our decision.
    pub extension_requests: Vec<TaskView>,
    /// Tasks we assigned that were declined, to reassign or cancel.
    pub declined: Vec<TaskView>,
    /// Tasks we assigned that are overdue (our own overdue work is `overdue`).
    pub assigned_overdue: Vec<TaskView>,
    /// How many tasks each section holds in all: a section lists at most 100, soonest
    /// deadline first.
    pub totals: InboxTotalsView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxTotalsView {
    pub to_acknowledge: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub returned: u64,
    pub awaiting_review: u64,
    pub extension_requests: u64,
    pub declined: u64,
    pub assigned_overdue: u64,
}

impl From<Inbox> for InboxView {
    fn from(i: Inbox) -> Self {
        let map = |v: Vec<TaskFacts>| v.into_iter().map(Into::into).collect();
        InboxView {
            to_acknowledge: map(i.to_acknowledge),
            due_soon: map(i.due_soon),
            overdue: map(i.overdue),
            returned: map(i.returned),
            awaiting_review: map(i.awaiting_review),
            extension_requests: map(i.extension_requests),
            declined: map(i.declined),
            assigned_overdue: map(i.assigned_overdue),
            totals: InboxTotalsView {
                to_acknowledge: i.totals.to_acknowledge,
                due_soon: i.totals.due_soon,
                overdue: i.totals.overdue,
                returned: i.totals.returned,
                awaiting_review: i.totals.awaiting_review,
                extension_requests: i.totals.extension_requests,
                declined: i.totals.declined,
                assigned_overdue: i.totals.assigned_overdue,
            },
        }
    }
}
