//! `duban units import FILE`: brings the unit tree to what a units file says, matching units
//! by key. All or nothing: the whole file is checked first (every bad line is named), then
//! applied in one transaction, so a refused file changes nothing. A second run of the same
//! file finds nothing to do. A line may also give its unit a group robot (`robot_*` columns)
//! and the prefix of its directives' 文号 (`doc_prefix`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{TransactionSession, TransactionTrait};

use super::store::{self, audit::Entry};
use super::{
    Actor, Ctx, ServiceError, ServiceResult, access,
    setup::{self, UnitAudit},
};
use crate::domain::message::Message;
use crate::domain::{
    organisation::{self, Change, ImportPlan, UnitFields},
    unit_names,
};

/// Checks `text` against the units in the database and applies it; returns what it did to each
/// unit of the file, parents first. A refusal names every bad line and column (field `file`).
#[tracing::instrument(skip_all)]
pub async fn import(ctx: &Ctx, text: &str) -> ServiceResult<ImportPlan> {
    run(&ctx.db, text, ctx.now(), None, true).await
}

/// What importing `text` would do, without doing it (admins): the same checks and the same
/// plan as [`import_by`], and nothing written.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn preview(ctx: &Ctx, actor: &Actor, text: &str) -> ServiceResult<ImportPlan> {
    ensure_whole_tree(ctx, actor).await?;
    run(&ctx.db, text, ctx.clock.now(), None, false).await
}

/// [`import`] by an administrator from the pages, audited in its name. A units file describes
/// the whole tree, so only an administrator of the top unit may load one.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn import_by(ctx: &Ctx, actor: &Actor, text: &str) -> ServiceResult<ImportPlan> {
    ensure_whole_tree(ctx, actor).await?;
    run(&ctx.db, text, ctx.clock.now(), Some(actor), true).await
}

async fn ensure_whole_tree(ctx: &Ctx, actor: &Actor) -> ServiceResult<()> {
    access::ensure_administers_everyone(ctx, actor).await
}

async fn run(
    db: &impl TransactionTrait,
    text: &str,
    now: DateTime<Utc>,
    actor: Option<&Actor>,
    apply: bool,
) -> ServiceResult<ImportPlan> {
    let refused = |errors: Vec<organisation::LineError>| {
        let lines = errors.iter().map(organisation::LineError::message).collect();
        ServiceError::invalid("file", Message::new("error-file-lines").lines("lines", lines))
    };
    let file = organisation::parse_units_file(text).map_err(refused)?;
    let txn = db.begin().await?;
    let rows = store::units::all(&txn).await?;
    let key_of: BTreeMap<i64, String> = rows.iter().map(|u| (u.id, u.key.clone())).collect();
    let existing: Vec<UnitFields> = rows
        .iter()
        .map(|u| UnitFields {
            key: u.key.clone(),
            parent_key: u.parent_id.and_then(|id| key_of.get(&id).cloned()),
            kind: u.kind,
            level: u.level,
            function: u.function.clone(),
            name_zh: u.name_zh.clone(),
            name_en: u.name_en.clone(),
            email: u.email.clone(),
            head_email: u.head_email.clone(),
            short_name: u.short_name.clone(),
            aliases: unit_names::from_stored(&u.aliases),
            doc_prefix: u.doc_prefix.clone(),
        })
        .collect();
    let plan = organisation::plan_import(&file, &existing).map_err(refused)?;
    if !apply {
        return Ok(plan);
    }
    // Parents come first in the plan, so every parent named here exists by the time it is used.
    for step in &plan.steps {
        match &step.change {
            Change::Unchanged => {}
            Change::Add => {
                setup::create_unit(&txn, actor.map(|a| a.user_id.0), &step.unit, now).await?;
            }
            Change::Update(_) => {
                let before =
                    store::units::find_by_key(&txn, &step.unit.key).await?.ok_or(ServiceError::NotFound("unit"))?;
                if step.moves() {
                    let parent = match &step.unit.parent_key {
                        Some(key) => {
                            Some(store::units::find_by_key(&txn, key).await?.ok_or(ServiceError::NotFound("unit"))?.id)
                        }
                        None => None,
                    };
                    super::admin::move_subtree(&txn, before.id, parent).await?;
                }
                let unit = &step.unit;
                let after = store::units::update(
                    &txn,
                    before.id,
                    store::units::UnitEdit {
                        kind: unit.kind,
                        level: unit.level,
                        function: unit.function.as_deref(),
                        name_zh: &unit.name_zh,
                        name_en: &unit.name_en,
                        email: unit.email.as_deref(),
                        head_email: unit.head_email.as_deref(),
                        short_name: unit.short_name.as_deref(),
                        aliases: &unit.aliases,
                    },
                )
                .await?;
                let after = if after.doc_prefix == unit.doc_prefix {
                    after
                } else {
                    store::units::set_doc_prefix(&txn, before.id, unit.doc_prefix.as_deref()).await?
                };
                let entry = Entry::new("unit", after.id, "update")
                    .by(actor.map(|a| a.user_id.0), actor.map(|a| a.unit_id.0))
                    .before(&UnitAudit::from(&before))
                    .after(&UnitAudit::from(&after))
                    .note(Some("units import"));
                store::audit::record(&txn, entry, now).await?;
            }
        }
        if let Some(robot) = &step.robot {
            let unit = store::units::find_by_key(&txn, &step.unit.key).await?.ok_or(ServiceError::NotFound("unit"))?;
            super::robots::import_line(&txn, unit.id, robot, actor, now).await?;
        }
    }
    txn.commit().await?;
    Ok(plan)
}
