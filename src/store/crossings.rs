//! The tasks split from a parent to a unit outside the subtree of the parent's unit
//! (`task_crossings`, migration 000048): the only way a split leaves a unit's subtree, so a
//! unit's visibility finds what was split out of its subtree here, by the parent's unit,
//! rather than among every child of every task inside it. Kept in step by the store's writes:
//! a task inserted (`mark`), a task's unit changed (`mark` of it and its children), a unit
//! moved (`after_move`), a bulk load (`rebuild`).

use migration::TASK_CROSSING;
use sea_orm::ConnectionTrait;

use super::{Sql, StoreResult};

/// Judges again the split tasks that `which` (conditions on the child `t` and its parent `p`,
/// after `WHERE`) names: their rows go, and come back for those that cross.
async fn judge(conn: &impl ConnectionTrait, which: impl Fn(&mut Sql)) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let mut delete = Sql::new(backend);
    delete.push("DELETE FROM task_crossings WHERE task_id IN (SELECT t.id FROM tasks t INNER JOIN tasks p ON p.id = t.parent_id WHERE ");
    which(&mut delete);
    delete.push(")");
    conn.execute_raw(delete.statement()).await?;
    let mut insert = Sql::new(backend);
    insert.push("INSERT INTO task_crossings (task_id, from_unit_id) ").push(TASK_CROSSING).push(" AND ");
    which(&mut insert);
    conn.execute_raw(insert.statement()).await?;
    Ok(())
}

/// The task `task_id` and the tasks split from it, judged as they stand now (after it was
/// inserted, or its unit changed).
pub async fn mark(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<()> {
    judge(conn, |sql| {
        sql.push("(t.id = ").bind(task_id).push(" OR t.parent_id = ").bind(task_id).push(")");
    })
    .await
}

/// After the unit `unit_id` moved with its subtree: every split task whose unit or whose
/// parent's unit lies in that subtree is judged again (the closure between the subtree and
/// the rest has changed).
pub async fn after_move(conn: &impl ConnectionTrait, unit_id: i64) -> StoreResult<()> {
    judge(conn, |sql| {
        sql.push("(t.assignee_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
            .bind(unit_id)
            .push(") OR p.assignee_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
            .bind(unit_id)
            .push("))");
    })
    .await
}

/// Judges every split task again (after a bulk load, or writes that went around the store).
pub async fn rebuild(conn: &impl ConnectionTrait) -> StoreResult<()> {
    conn.execute_unprepared("DELETE FROM task_crossings").await?;
    migration::fill_task_crossings(conn).await?;
    Ok(())
}
