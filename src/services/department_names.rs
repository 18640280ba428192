//! The department names drafting recognises ("住建部门", "the transport bureau", "AMR"), kept in
//! the database as the keyword rules are: installed from `assets/drafting/departments.tsv` into
//! an empty table, then edited by the root's administrator. The unit tree's own names
//! (`drafting::gazetteer`) come before them; these are the fallback for names the tree lacks.

use crate::domain::message::Message;
use sea_orm::TransactionTrait;

use super::store;
use super::{Actor, Ctx, ServiceError, ServiceResult, access};
use crate::domain::drafting::{self, DepartmentName};

/// A department name as stored, with the id an admin edits it by.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredName {
    pub id: i64,
    pub name: DepartmentName,
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Ctx) -> ServiceResult<Vec<StoredName>> {
    let names = store::department_names::all(&ctx.db).await?;
    Ok(names.into_iter().map(|(id, name)| StoredName { id, name }).collect())
}

/// The names drafting matches, in the order they were entered.
#[tracing::instrument(skip_all)]
pub async fn for_drafting(ctx: &Ctx) -> ServiceResult<Vec<DepartmentName>> {
    Ok(store::department_names::all(&ctx.db).await?.into_iter().map(|(_, name)| name).collect())
}

fn checked(name: &DepartmentName) -> ServiceResult<DepartmentName> {
    let text = name.name.trim();
    super::check_single_line("name", text)?;
    if text.is_empty() || text.chars().count() > 200 {
        return Err(ServiceError::invalid("name", Message::new("error-name-length").number("max", 200)));
    }
    if !drafting::FUNCTIONS.contains(&name.function.as_str()) {
        return Err(ServiceError::invalid(
            "function",
            Message::new("error-function")
                .text("value", name.function.clone())
                .text("known", drafting::FUNCTIONS.join(", ")),
        ));
    }
    Ok(DepartmentName { name: text.to_owned(), function: name.function.clone(), unit: None })
}

/// Creates (`id` None) or replaces a department name (the root's administrator: the names
/// draft everyone's minutes). A name held by another row is a conflict.
#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn put(ctx: &Ctx, actor: &Actor, id: Option<i64>, name: DepartmentName) -> ServiceResult<StoredName> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let name = checked(&name)?;
    let now = ctx.clock.now();
    let txn = ctx.db.begin().await?;
    if store::department_names::exists(&txn, &name.name, id).await? {
        return Err(ServiceError::Conflict(
            Message::new("error-department-name-exists").text("name", name.name.clone()),
        ));
    }
    let before = match id {
        Some(id) => Some(store::department_names::get(&txn, id).await?),
        None => None,
    };
    let saved = match id {
        Some(id) => store::department_names::update(&txn, id, &name, now).await?,
        None => store::department_names::insert(&txn, &name, now).await?,
    };
    let after = serde_json::json!({ "name": name.name, "function": name.function });
    let mut entry =
        actor.entry("department_name", saved.id, if before.is_some() { "edit" } else { "create" }).after(&after);
    if let Some(b) = &before {
        entry = entry.before(&serde_json::json!({ "name": b.name, "function": b.function }));
    }
    store::audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(StoredName { id: saved.id, name })
}

#[tracing::instrument(skip_all, fields(user = actor.user_id.0))]
pub async fn delete(ctx: &Ctx, actor: &Actor, id: i64) -> ServiceResult<()> {
    access::ensure_administers_everyone(ctx, actor).await?;
    let txn = ctx.db.begin().await?;
    let row = store::department_names::get(&txn, id).await?;
    store::department_names::delete(&txn, id).await?;
    let entry = actor
        .entry("department_name", id, "delete")
        .before(&serde_json::json!({ "name": row.name, "function": row.function }));
    store::audit::record(&txn, entry, ctx.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}
