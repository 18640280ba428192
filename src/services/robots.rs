//! A unit's group robots (DingTalk, WeCom, Feishu) as administrators manage them: an
//! administrator reaches the robots of its own subtree only (the rule of `admin`). The
//! webhook's address and the signing secret are never handed back once saved: a robot is
//! shown with its address masked and whether it signs.

use crate::domain::message::Message;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::json;

use super::store::{self, robots::RobotFields};
use super::{Actor, Ctx, ServiceError, ServiceResult, admin::reachable_unit};
use crate::{
    domain::{
        ids::UnitId,
        organisation::check_name,
        robots::{RobotLine, check_secret, check_webhook, mask},
        roles::Capability,
        vocabulary::RobotKind,
    },
    entities::unit_robots,
};

/// A robot as pages and answers show it: no token, no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Robot {
    pub id: i64,
    pub unit_id: UnitId,
    pub kind: RobotKind,
    pub name: String,
    /// Scheme and host of the webhook and its last four characters.
    pub webhook: String,
    /// Whether requests are signed with a secret (which is never shown).
    pub signed: bool,
    pub enabled: bool,
}

impl From<&unit_robots::Model> for Robot {
    fn from(row: &unit_robots::Model) -> Self {
        Robot {
            id: row.id,
            unit_id: UnitId(row.unit_id),
            kind: row.kind,
            name: row.name.clone(),
            webhook: mask(&row.webhook_url),
            signed: row.secret.is_some(),
            enabled: row.enabled,
        }
    }
}

/// What an administrator enters for a robot. On an edit, a webhook or secret left out keeps
/// the one saved (which the form cannot show); `clear_secret` removes the secret.
#[derive(Debug, Clone)]
pub struct RobotInput {
    pub kind: RobotKind,
    pub name: String,
    pub webhook_url: Option<String>,
    pub secret: Option<String>,
    pub clear_secret: bool,
    pub enabled: bool,
}

/// What the audit trail keeps of a robot: never the address's token or the secret.
fn audited(robot: &unit_robots::Model) -> serde_json::Value {
    json!({
        "unit_id": robot.unit_id,
        "kind": robot.kind,
        "name": robot.name,
        "webhook": mask(&robot.webhook_url),
        "signed": robot.secret.is_some(),
        "enabled": robot.enabled,
    })
}

/// The fields `input` makes, over the robot saved before (if any); refused naming the field.
fn fields(input: RobotInput, before: Option<&unit_robots::Model>) -> ServiceResult<RobotFields> {
    let name = check_name("name", &input.name)?;
    // Left out keeps the saved address; given, it must be one (the page's form leaves a blank
    // field out).
    let webhook_url = match (input.webhook_url.as_deref(), before) {
        (Some(url), _) => check_webhook(url)?,
        (None, Some(before)) => before.webhook_url.clone(),
        (None, None) => return Err(ServiceError::invalid("webhook_url", Message::new("error-empty"))),
    };
    let secret = match check_secret(input.kind, input.secret.as_deref())? {
        Some(secret) => Some(secret),
        None if input.clear_secret || !input.kind.signs() => None,
        None => before.and_then(|b| b.secret.clone()),
    };
    Ok(RobotFields { kind: input.kind, name, webhook_url, secret, enabled: input.enabled })
}

/// Gives the unit `unit_id` the robot a units file's line names: the unit's robot with the
/// same webhook is brought to the line (its secret kept when the line leaves it empty, its
/// enabled flag as an admin left it), or a new robot is added, turned on. Audited as by
/// `actor` (the operator's command line when none); nothing is written when nothing changes.
pub(super) async fn import_line(
    conn: &impl ConnectionTrait,
    unit_id: i64,
    line: &RobotLine,
    actor: Option<&Actor>,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    let by = |entry: store::audit::Entry| {
        entry.by(actor.map(|a| a.user_id.0), actor.map(|a| a.unit_id.0)).note(Some("units import"))
    };
    let existing = store::robots::of_unit(conn, unit_id).await?;
    match existing.into_iter().find(|r| r.webhook_url == line.webhook_url) {
        Some(before) => {
            let fields = RobotFields {
                kind: line.kind,
                name: line.name.clone(),
                webhook_url: before.webhook_url.clone(),
                secret: if line.kind.signs() { line.secret.clone().or_else(|| before.secret.clone()) } else { None },
                enabled: before.enabled,
            };
            if (fields.kind, &fields.name, &fields.secret) == (before.kind, &before.name, &before.secret) {
                return Ok(());
            }
            let after = store::robots::update(conn, before.clone(), fields, now).await?;
            let entry =
                store::audit::Entry::new("robot", after.id, "update").before(&audited(&before)).after(&audited(&after));
            store::audit::record(conn, by(entry), now).await?;
        }
        None => {
            let fields = RobotFields {
                kind: line.kind,
                name: line.name.clone(),
                webhook_url: line.webhook_url.clone(),
                secret: line.secret.clone(),
                enabled: true,
            };
            let robot = store::robots::insert(conn, unit_id, fields, now).await?;
            let entry = store::audit::Entry::new("robot", robot.id, "create").after(&audited(&robot));
            store::audit::record(conn, by(entry), now).await?;
        }
    }
    Ok(())
}

/// A robot whose unit is within the administrator's reach: otherwise not found.
async fn reachable_robot(conn: &impl ConnectionTrait, actor: &Actor, id: i64) -> ServiceResult<unit_robots::Model> {
    let robot = store::robots::get(conn, id).await?;
    match reachable_unit(conn, actor, UnitId(robot.unit_id)).await {
        Ok(_) => Ok(robot),
        Err(ServiceError::NotFound(_)) => Err(ServiceError::NotFound("robot")),
        Err(other) => Err(other),
    }
}

/// The robots of a unit within the administrator's reach.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = unit.0))]
pub async fn of_unit(ctx: &Ctx, actor: &Actor, unit: UnitId) -> ServiceResult<Vec<Robot>> {
    actor.ensure(Capability::Admin)?;
    reachable_unit(&ctx.db, actor, unit).await?;
    Ok(store::robots::of_unit(&ctx.db, unit.0).await?.iter().map(Robot::from).collect())
}

/// The unit of a robot within the administrator's reach.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, robot = id))]
pub async fn unit_of(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<UnitId> {
    actor.ensure(Capability::Admin)?;
    Ok(UnitId(reachable_robot(&ctx.db, actor, id).await?.unit_id))
}

/// Adds a robot to a unit within the administrator's reach.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, unit = unit.0))]
pub async fn create(ctx: &Ctx, actor: &Actor, unit: UnitId, input: RobotInput) -> ServiceResult<Robot> {
    actor.ensure(Capability::Admin)?;
    let fields = fields(input, None)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    reachable_unit(&txn, actor, unit).await?;
    let robot = store::robots::insert(&txn, unit.0, fields, now).await?;
    store::audit::record(&txn, actor.entry("robot", robot.id, "create").after(&audited(&robot)), now).await?;
    txn.commit().await?;
    Ok(Robot::from(&robot))
}

/// Changes a robot: its kind, name, enabled flag, and the webhook or secret when given.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, robot = id))]
pub async fn update(ctx: &Ctx, actor: &Actor, id: i64, input: RobotInput) -> ServiceResult<Robot> {
    actor.ensure(Capability::Admin)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let before = reachable_robot(&txn, actor, id).await?;
    let fields = fields(input, Some(&before))?;
    let after = store::robots::update(&txn, before.clone(), fields, now).await?;
    let unchanged = (after.kind, &after.name, &after.webhook_url, &after.secret, after.enabled)
        == (before.kind, &before.name, &before.webhook_url, &before.secret, before.enabled);
    if !unchanged {
        let entry = actor.entry("robot", id, "update").before(&audited(&before)).after(&audited(&after));
        store::audit::record(&txn, entry, now).await?;
    }
    txn.commit().await?;
    Ok(Robot::from(&after))
}

/// Removes a robot. Messages for it still in the outbox are skipped when their turn comes.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, robot = id))]
pub async fn remove(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<()> {
    actor.ensure(Capability::Admin)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    let robot = reachable_robot(&txn, actor, id).await?;
    store::robots::delete(&txn, id).await?;
    store::audit::record(&txn, actor.entry("robot", id, "delete").before(&audited(&robot)), now).await?;
    txn.commit().await?;
    Ok(())
}
