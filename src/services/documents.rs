//! The documents offices file (DESIGN.md, "Documents offices file"): the 文号 a directive is
//! given when it is issued, and the printable 督办单 (a directive) and 交办单 (a task), each
//! shown to whoever may see the directive or the task and to nobody else.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use sea_orm::ConnectionTrait;

use super::{Actor, Ctx, ServiceResult, access, instructions, queries, records, store};
use crate::domain::{
    documents,
    ids::{DirectiveId, TaskId},
    lifecycle::TaskStatus,
    vocabulary::TaskRole,
};

/// Gives the directive its 文号 when its issuing unit has a prefix: the next sequence of that
/// prefix in the year of `issued_at` (in `tz`), in the caller's transaction. None when the
/// unit has no prefix (the directive is then issued without a number).
pub async fn give_number(
    conn: &impl ConnectionTrait,
    directive_id: i64,
    unit_id: i64,
    issued_at: DateTime<Utc>,
    tz: Tz,
) -> ServiceResult<Option<String>> {
    let unit = store::units::get(conn, unit_id).await?;
    let Some(prefix) = unit.doc_prefix.filter(|p| !p.trim().is_empty()) else {
        return Ok(None);
    };
    let year = issued_at.with_timezone(&tz).year();
    let seq = store::documents::next(conn, &prefix, year).await?;
    store::directives::set_number(conn, directive_id, &prefix, year, seq).await?;
    Ok(Some(documents::number(&prefix, year, seq)))
}

/// A unit named on a sheet, with the role of its task.
#[derive(Debug, Clone)]
pub struct Named {
    pub unit: records::Unit,
    pub role: TaskRole,
}

/// Who to ask about the sheet: the person who filed it and the unit's addresses.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub unit: Option<records::Unit>,
    pub person: Option<String>,
    pub email: Option<String>,
}

/// What a 督办单 or 交办单 prints.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub directive: records::Directive,
    /// The task a 交办单 is for; none on a 督办单.
    pub task: Option<records::Task>,
    /// The unit that issued the directive (督办单) or assigned the task (交办单).
    pub issuer: records::Unit,
    /// The lead and cooperating units of the assignment, lead first.
    pub units: Vec<Named>,
    pub deadline: DateTime<Utc>,
    /// The leaders' instructions the reader may see, oldest first.
    pub instructions: Vec<instructions::Signed>,
    pub contact: Contact,
    /// When the assignee acknowledged the task (交办单), for the receipt.
    pub acknowledged_at: Option<DateTime<Utc>>,
}

fn lead_first(units: &mut [Named]) {
    units.sort_by_key(|n| (n.role != TaskRole::Lead, n.unit.id));
}

async fn named(ctx: &Ctx, tasks: &[crate::entities::tasks::Model]) -> ServiceResult<Vec<Named>> {
    let ids: Vec<i64> = tasks.iter().map(|t| t.assignee_unit_id).collect();
    let units: std::collections::HashMap<i64, records::Unit> =
        store::units::by_ids(&ctx.reads, &ids).await?.into_iter().map(|u| (u.id, u.into())).collect();
    let mut out: Vec<Named> = tasks
        .iter()
        .filter(|t| !matches!(t.status, TaskStatus::Cancelled | TaskStatus::Declined))
        .filter_map(|t| units.get(&t.assignee_unit_id).map(|u| Named { unit: u.clone(), role: t.role }))
        .collect();
    lead_first(&mut out);
    Ok(out)
}

async fn contact(ctx: &Ctx, unit: &records::Unit, created_by: Option<i64>) -> ServiceResult<Contact> {
    let person = match created_by {
        Some(id) => store::users::get(&ctx.reads, id).await.ok(),
        None => None,
    };
    let unit_row = store::units::get(&ctx.reads, unit.id.0).await?;
    Ok(Contact {
        unit: Some(unit.clone()),
        person: person.as_ref().map(|p| p.display_name.clone()),
        email: person.map(|p| p.email).filter(|e| !e.trim().is_empty()).or(unit_row.email),
    })
}

/// The 督办单 of a directive (404 for whoever cannot see it): its 文号, text, the lead and
/// cooperating units its issuing unit assigned it to, its deadline, the instructions the
/// reader may see, and whom to contact.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, directive = id.0))]
pub async fn directive_sheet(ctx: &Ctx, actor: &Actor, id: DirectiveId) -> ServiceResult<Sheet> {
    let row = access::visible_directive(&ctx.reads, actor, id).await?;
    let issuer: records::Unit = store::units::get(&ctx.reads, row.unit_id).await?.into();
    let top = store::tasks::assigned_together(&ctx.reads, row.id, None, row.unit_id).await?;
    let units = named(ctx, &top).await?;
    let instructions = instructions::on_directive(ctx, actor, id).await?;
    let contact = contact(ctx, &issuer, row.created_by).await?;
    let directive: records::Directive = row.into();
    Ok(Sheet {
        deadline: directive.fields.deadline,
        directive,
        task: None,
        issuer,
        units,
        instructions,
        contact,
        acknowledged_at: None,
    })
}

/// The 交办单 of a task (404 for whoever cannot see it): its directive's 文号, the task's
/// title and text, the units it was assigned to together with it (lead first), its deadline,
/// the instructions reaching it, whom to contact at the assigning unit, and the receipt.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0, task = id.0))]
pub async fn task_sheet(ctx: &Ctx, actor: &Actor, id: TaskId) -> ServiceResult<Sheet> {
    let row = access::visible_task(&ctx.reads, actor, id).await?;
    let detail = queries::detail(ctx, actor, id).await?;
    let directive: records::Directive = store::directives::get(&ctx.reads, row.directive_id).await?.into();
    let issuer: records::Unit = store::units::get(&ctx.reads, row.assigner_unit_id).await?.into();
    let together =
        store::tasks::assigned_together(&ctx.reads, row.directive_id, row.parent_id, row.assigner_unit_id).await?;
    let units = named(ctx, &together).await?;
    let mut authors = std::collections::HashMap::new();
    let mut signed = Vec::new();
    for instruction in detail.instructions {
        let author_id = instruction.author_id.0;
        if let std::collections::hash_map::Entry::Vacant(slot) = authors.entry(author_id) {
            slot.insert(store::users::get(&ctx.reads, author_id).await.map(|u| u.display_name).unwrap_or_default());
        }
        signed.push(instructions::Signed { author_name: authors[&author_id].clone(), instruction });
    }
    let contact = contact(ctx, &issuer, row.created_by).await?;
    Ok(Sheet {
        deadline: row.deadline,
        acknowledged_at: row.acknowledged_at,
        task: Some(row.into()),
        directive,
        issuer,
        units,
        instructions: signed,
        contact,
    })
}
