//! Building an organisation and its work inside the caller's transaction: units, users,
//! meetings, directives. Used by the demo seed, the command line and the meetings service.

use crate::domain::message::Message;
use argon2::{
    Argon2,
    password_hash::{PasswordHasher, SaltString, rand_core::OsRng},
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Serialize;

use super::store::{self, audit::Entry};
use super::{Ctx, ServiceError, ServiceResult};
use crate::{
    domain::{
        directives::{DirectiveFields, Filing, MeetingFields},
        organisation, unit_names,
        vocabulary::{Audience, DirectiveSource, Locale, Role, UnitKind, UnitLevel},
    },
    entities::{directives, meetings, units, users},
};

/// The audit event of something created: no "before", its first state as "after".
async fn record_created(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    actor_unit_id: Option<i64>,
    entity: &'static str,
    entity_id: i64,
    after: &impl Serialize,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let entry = Entry::new(entity, entity_id, "create").by(actor_id, actor_unit_id).after(after);
    store::audit::record(conn, entry, now).await?;
    Ok(())
}

pub fn hash_password(password: &str) -> ServiceResult<String> {
    if password.chars().count() < 8 {
        return Err(ServiceError::invalid("password", Message::new("error-password-short").number("min", 8)));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(|e| {
        ServiceError::invalid("password", Message::new("error-password-hash").text("detail", e.to_string()))
    })
}

/// A unit as it is entered; see `domain::organisation`.
pub use crate::domain::organisation::UnitFields as UnitInput;

/// A single-line field that must not be blank, trimmed.
fn required<'a>(field: &'static str, value: &'a str) -> ServiceResult<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ServiceError::invalid(field, Message::new("error-empty")));
    }
    super::check_single_line(field, value)?;
    Ok(value)
}

/// What the audit trail keeps of a unit before and after a change.
#[derive(Serialize)]
pub(super) struct UnitAudit<'a> {
    key: &'a str,
    parent_id: Option<i64>,
    kind: UnitKind,
    level: UnitLevel,
    function: Option<&'a str>,
    name_zh: &'a str,
    name_en: &'a str,
    email: Option<&'a str>,
    head_email: Option<&'a str>,
    short_name: Option<&'a str>,
    aliases: Vec<String>,
    active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_prefix: Option<&'a str>,
}

impl<'a> From<&'a units::Model> for UnitAudit<'a> {
    fn from(unit: &'a units::Model) -> Self {
        UnitAudit {
            key: &unit.key,
            parent_id: unit.parent_id,
            kind: unit.kind,
            level: unit.level,
            function: unit.function.as_deref(),
            name_zh: &unit.name_zh,
            name_en: &unit.name_en,
            email: unit.email.as_deref(),
            doc_prefix: unit.doc_prefix.as_deref(),
            head_email: unit.head_email.as_deref(),
            short_name: unit.short_name.as_deref(),
            aliases: unit_names::from_stored(&unit.aliases),
            active: unit.active,
        }
    }
}

/// Creates a unit under the unit its `parent_key` names (or the root when it names none), its
/// fields checked as `UnitFields::checked` says.
pub async fn create_unit(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    input: &UnitInput,
    now: DateTime<Utc>,
) -> ServiceResult<units::Model> {
    let input = input.clone().checked()?;
    if store::units::find_by_key(conn, &input.key).await?.is_some() {
        return Err(ServiceError::Conflict(Message::new("error-unit-key-exists").text("key", input.key.clone())));
    }
    let parent = match &input.parent_key {
        Some(parent_key) => Some(store::units::find_by_key(conn, parent_key).await?.ok_or_else(|| {
            ServiceError::invalid("parent", Message::new("error-no-unit-key").text("key", parent_key.clone()))
        })?),
        None => None,
    };
    if let Some(parent) = &parent {
        organisation::check_level_under(input.level, parent.level)
            .map_err(|e| ServiceError::conflicts(e.field, e.reason))?;
    }
    let unit = store::units::insert(
        conn,
        store::units::NewUnit {
            key: &input.key,
            parent_id: parent.as_ref().map(|p| p.id),
            kind: input.kind,
            level: input.level,
            function: input.function.as_deref(),
            name_zh: &input.name_zh,
            name_en: &input.name_en,
            email: input.email.clone(),
            head_email: input.head_email.clone(),
            short_name: input.short_name.as_deref(),
            aliases: &input.aliases,
            doc_prefix: input.doc_prefix.as_deref(),
        },
        now,
    )
    .await?;
    record_created(conn, actor_id, None, "unit", unit.id, &UnitAudit::from(&unit), now).await?;
    Ok(unit)
}

#[derive(Debug, Clone)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub unit_key: String,
    pub locale: Locale,
}

/// What the audit trail keeps of an account before and after a change (never its password).
#[derive(Serialize)]
pub(super) struct UserAudit<'a> {
    username: &'a str,
    role: Role,
    unit_id: i64,
    email: &'a str,
    active: bool,
}

impl<'a> From<&'a users::Model> for UserAudit<'a> {
    fn from(user: &'a users::Model) -> Self {
        UserAudit {
            username: &user.username,
            role: user.role,
            unit_id: user.unit_id,
            email: &user.email,
            active: user.active,
        }
    }
}

/// Creates a user whose password was hashed by `hash_password` (hashing is slow on purpose,
/// so callers creating many accounts with one password hash it once).
pub async fn create_user(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    input: &UserInput,
    password_hash: String,
    now: DateTime<Utc>,
) -> ServiceResult<users::Model> {
    let username = input.username.as_str();
    if username.is_empty()
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || username.len() > 64
    {
        return Err(ServiceError::invalid("username", Message::new("error-username").number("max", 64)));
    }
    if store::users::find_by_username(conn, username).await?.is_some() {
        return Err(ServiceError::Conflict(Message::new("error-username-taken").text("username", username)));
    }
    let email = crate::domain::organisation::check_email("email", Some(&input.email))
        .map_err(|e| ServiceError::invalid(e.field, e.reason))?
        .ok_or_else(|| ServiceError::invalid("email", Message::new("error-empty")))?;
    let email = email.as_str();
    let unit = store::units::find_by_key(conn, &input.unit_key).await?.ok_or_else(|| {
        ServiceError::invalid("unit", Message::new("error-no-unit-key").text("key", input.unit_key.clone()))
    })?;
    let user = store::users::insert(
        conn,
        store::users::NewUser {
            username,
            display_name: required("display_name", &input.display_name)?,
            email,
            password_hash,
            role: input.role,
            unit_id: unit.id,
            locale: input.locale,
        },
        now,
    )
    .await?;
    record_created(conn, actor_id, None, "user", user.id, &UserAudit::from(&user), now).await?;
    Ok(user)
}

/// Files a meeting of `unit_id` with its titles trimmed.
pub async fn create_meeting(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    unit_id: i64,
    fields: MeetingFields,
    now: DateTime<Utc>,
) -> ServiceResult<meetings::Model> {
    super::check_single_line("host", &fields.host)?;
    super::check_single_line("venue", &fields.venue)?;
    let fields = MeetingFields {
        title_zh: required("title_zh", &fields.title_zh)?.to_owned(),
        title_en: required("title_en", &fields.title_en)?.to_owned(),
        ..fields
    };
    let meeting = store::meetings::insert(conn, unit_id, &fields, actor_id, now).await?;
    record_created(
        conn,
        actor_id,
        Some(meeting.unit_id),
        "meeting",
        meeting.id,
        &serde_json::json!({ "title_zh": meeting.title_zh, "held_on": meeting.held_on }),
        now,
    )
    .await?;
    Ok(meeting)
}

/// Files a directive with its titles trimmed; its deadline must be ahead, except a draft's from
/// minutes, which keeps the day the minutes gave even when it has passed (issuing flags it).
pub async fn create_directive(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    filing: Filing,
    fields: DirectiveFields,
    now: DateTime<Utc>,
) -> ServiceResult<directives::Model> {
    if filing.source == DirectiveSource::Drafted {
        super::check_deadline_within("deadline", fields.deadline, now)?;
    } else {
        super::check_deadline_ahead("deadline", fields.deadline, now)?;
    }
    let fields = DirectiveFields {
        title_zh: required("title_zh", &fields.title_zh)?.to_owned(),
        title_en: required("title_en", &fields.title_en)?.to_owned(),
        ..fields
    };
    let directive = store::directives::insert(conn, &filing, &fields, actor_id, now).await?;
    record_created(
        conn,
        actor_id,
        Some(directive.unit_id),
        "directive",
        directive.id,
        &serde_json::json!({
            "title_zh": directive.title_zh,
            "status": directive.status,
            "deadline": directive.deadline,
        }),
        now,
    )
    .await?;
    Ok(directive)
}

/// The escalation ladder of DESIGN.md, used when no policy names a directive's priority.
const DEFAULT_LADDER: &[(i32, Audience, &str)] = &[
    (-3, Audience::AssigneeUnit, "reminder"),
    (0, Audience::AssigneeHead, "due_today"),
    (3, Audience::AssignerUnit, "overdue"),
    (3, Audience::AssigneeParentHead, "overdue"),
    (7, Audience::Secretariat, "escalation"),
    (7, Audience::Leader, "escalation"),
];

/// What every database needs before first use, whether or not it holds demo data: the
/// drafting keyword rules and department names, the default escalation policy and the start of the reader that turns
/// changes into e-mail. Installs each only where nothing is yet, so it never undoes an admin's edits.
#[tracing::instrument(skip_all)]
pub async fn install_defaults(ctx: &Ctx) -> ServiceResult<()> {
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    if store::keyword_rules::count(&txn).await? == 0 {
        for rule in crate::domain::drafting::default_rules() {
            store::keyword_rules::insert(&txn, &rule, now).await?;
        }
    }
    if store::department_names::count(&txn).await? == 0 {
        for name in crate::domain::drafting::default_departments() {
            store::department_names::insert(&txn, &name, now).await?;
        }
    }
    if store::escalation::count_policies(&txn).await? == 0 {
        store::escalation::insert_policy(&txn, "默认督办升级 Default escalation", None, DEFAULT_LADDER, now).await?;
    }
    // Changes are told by e-mail from the moment this version first runs, not for the history
    // a database already holds.
    if store::notifications::cursor(&txn, store::notifications::CHANGES_CURSOR).await?.is_none() {
        let latest = store::notifications::latest_audit_id(&txn).await?;
        store::notifications::start_cursor(&txn, store::notifications::CHANGES_CURSOR, latest, now).await?;
    }
    txn.commit().await?;
    Ok(())
}
