//! Who sees a task, as SQL: the one rule of DESIGN.md ("everything a user may see is bounded
//! by the subtree of its unit, plus the tasks its unit assigned"), written once.
//!
//! A unit U sees a task when some task on its chain — the task itself, the task it was split
//! from, and so on up to the directive's own task — is **seen by itself**: assigned by U, or
//! assigned to U or to a unit below U (`by_itself`). So a unit sees what is assigned within
//! its subtree or by itself, and everything split below that, whatever the tree or a
//! reassignment did since the tasks were split; nobody sees a sibling's tasks.
//!
//! Every question about visibility is answered from here, each form built on `by_itself`:
//! - one task (details, actions, evidence, e-mail recipients): `visible`, walking up its chain;
//! - the tasks of some directives (the directive rollup, the meetings overview): `of_directives`,
//!   walking down from the tasks seen by themselves;
//! - a page of a long list: `others`, the same walk from indexes, leaving out the chains the
//!   unit heads (counted apart), and `visible` for each row when a page is read in order;
//! - whether a directive shows through its tasks: `directive_shows`.
//!
//! A chain's tasks share its top assigner (`root_assigner_unit_id`): the unit that assigned
//! the chain's top task sees every task of it, which every form reads from that column first.

use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult};

use super::{Sql, StoreResult};
use crate::{domain::ids::UnitId, entities::tasks};

/// `(ids of the units in U's subtree, U included)`.
fn subtree(sql: &mut Sql, unit: UnitId) {
    sql.push("(SELECT descendant_id FROM unit_closure WHERE ancestor_id = ").bind(unit).push(")");
}

/// The task `alias` is seen by itself: assigned by U, or to U's subtree.
fn by_itself(sql: &mut Sql, unit: UnitId, alias: &str) {
    sql.push("(").push(alias).push(".assigner_unit_id = ").bind(unit);
    sql.push(" OR ").push(alias).push(".assignee_unit_id IN ");
    subtree(sql, unit);
    sql.push(")");
}

/// The condition that the task row `alias` of the outer query is visible to U: U heads its
/// chain, or some task up its chain is seen by itself.
pub(super) fn visible(sql: &mut Sql, unit: UnitId, alias: &str) {
    sql.push("(").push(alias).push(".root_assigner_unit_id = ").bind(unit);
    sql.push(" OR EXISTS (WITH RECURSIVE up(id, parent_id, assigner_unit_id, assignee_unit_id) AS (SELECT ");
    for (i, column) in ["id", "parent_id", "assigner_unit_id", "assignee_unit_id"].iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push(alias).push(".").push(column);
    }
    sql.push(
        " UNION ALL SELECT p.id, p.parent_id, p.assigner_unit_id, p.assignee_unit_id \
         FROM tasks p INNER JOIN up ON p.id = up.parent_id) SELECT 1 FROM up WHERE ",
    );
    by_itself(sql, unit, "up");
    sql.push("))");
}

/// The task, if U may see it: one query, whatever the depth of its chain. A task U may not
/// see and one that does not exist look the same.
pub async fn visible_task(
    conn: &impl ConnectionTrait,
    unit: UnitId,
    task_id: crate::domain::ids::TaskId,
) -> StoreResult<Option<tasks::Model>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT tasks.* FROM tasks WHERE tasks.id = ").bind(task_id).push(" AND ");
    visible(&mut sql, unit, "tasks");
    Ok(tasks::Entity::find().from_raw_sql(sql.statement()).one(conn).await?)
}

/// `visible(id)`: the ids of the tasks of these directives that U may see, as a recursive
/// query: the tasks seen by themselves, and every task split below those. A task and what is
/// split from it belong to one directive, so the walk starts from the directives' own tasks.
pub(super) fn of_directives(sql: &mut Sql, unit: UnitId, directive_ids: &[i64]) {
    sql.push("WITH RECURSIVE visible(id) AS (SELECT t.id FROM tasks t WHERE t.directive_id IN (")
        .bind_list(directive_ids)
        .push(") AND ");
    by_itself(sql, unit, "t");
    sql.push(" UNION SELECT c.id FROM tasks c INNER JOIN visible v ON c.parent_id = v.id) ");
}

/// `visible(id)`: the ids of the tasks of these directives that U may see **outside its
/// subtree and outside the chains it heads** (each once): those it assigned there under
/// another unit's chain, and what was split below a visible task into units outside the
/// subtree. With the subtree's own tasks and the chains U heads, which the rollup and chain
/// counters hold, they make `of_directives`, read without walking those. The walk is seeded
/// at the first task outside on each path down (assigned by U, or split from a task inside)
/// and goes down through tasks outside; a task that comes back inside is the counters', and
/// what lies below it outside is seeded again from it. A chain's tasks share its top
/// assigner, so leaving U's chains out at the seeds leaves them out below.
pub(super) fn outside_of_directives(sql: &mut Sql, unit: UnitId, directive_ids: &[i64]) {
    sql.push("WITH RECURSIVE sub(id) AS ");
    subtree(sql, unit);
    sql.push(", seed(id) AS (SELECT t.id FROM tasks t WHERE t.directive_id IN (")
        .bind_list(directive_ids)
        .push(") AND t.assigner_unit_id = ")
        .bind(unit)
        .push(" AND t.root_assigner_unit_id <> ")
        .bind(unit)
        .push(
            " AND t.assignee_unit_id NOT IN (SELECT id FROM sub) \
             UNION SELECT c.id FROM task_crossings x INNER JOIN tasks c ON c.id = x.task_id \
             WHERE x.from_unit_id IN (SELECT id FROM sub) AND c.directive_id IN (",
        )
        .bind_list(directive_ids)
        .push(") AND c.root_assigner_unit_id <> ")
        .bind(unit)
        .push(
            " AND c.assignee_unit_id NOT IN (SELECT id FROM sub)), \
             visible(id) AS (SELECT id FROM seed UNION SELECT c.id FROM tasks c INNER JOIN visible v ON c.parent_id = v.id \
             WHERE c.assignee_unit_id NOT IN (SELECT id FROM sub)) ",
        );
}

/// `others(id)`: the tasks U may see other than those under chains it heads (which a caller
/// counts apart, from `task_root_counts`), found from indexes rather than from every task.
/// The tasks seen by themselves are those assigned within the subtree (A) and those U
/// assigned; everything else visible lies below a first task outside A whose parent is in A
/// or which U assigned. So the recursion is seeded with those tasks only and walks down
/// through tasks outside A. A task outside A split from one inside left the subtree of its
/// parent's unit: it is among the few `task_crossings` from A's units, found there rather than
/// among every child of A's tasks. Leaving out U's own chains at the seeds leaves them out below (a
/// chain shares its top assigner). The two parts of `others` are disjoint (`beyond` holds
/// tasks outside A only), so each id comes once.
pub(super) fn others(sql: &mut Sql, unit: UnitId) {
    sql.push("WITH RECURSIVE sub(id) AS (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
        .bind(unit)
        .push("), seed(id) AS (SELECT t.id FROM tasks t WHERE t.assigner_unit_id = ")
        .bind(unit);
    not_headed_by(sql, unit);
    sql.push(
        " AND t.assignee_unit_id NOT IN (SELECT id FROM sub) \
         UNION SELECT c.id FROM task_crossings x INNER JOIN tasks c ON c.id = x.task_id \
         WHERE x.from_unit_id IN (SELECT id FROM sub) \
         AND c.assignee_unit_id NOT IN (SELECT id FROM sub) AND c.root_assigner_unit_id <> ",
    )
    .bind(unit)
    .push(
        "), beyond(id) AS (SELECT id FROM seed UNION SELECT c.id FROM tasks c INNER JOIN beyond b ON c.parent_id = b.id \
         WHERE c.assignee_unit_id NOT IN (SELECT id FROM sub)), \
         others(id) AS (SELECT t.id FROM tasks t WHERE t.assignee_unit_id IN (SELECT id FROM sub) \
         AND t.root_assigner_unit_id <> ",
    )
    .bind(unit)
    .push(" UNION ALL SELECT id FROM beyond) ");
}

/// ` AND` the task row `alias` is one U may see, after `others` has been written as the
/// query's `WITH`: U heads its chain, or it is assigned within U's subtree, or it lies in
/// `beyond` (below a visible task, outside the subtree; few). Each part is one test per row —
/// a column, a unit among the subtree's, an id among the few — so a query that reads many rows
/// (a search reading the index from its newest match down) checks each cheaply, without
/// gathering every visible id first or walking each row's chain.
pub(super) fn in_others_or_headed(sql: &mut Sql, unit: UnitId, alias: &str) {
    sql.push(" AND (").push(alias).push(".root_assigner_unit_id = ").bind(unit);
    sql.push(" OR ").push(alias).push(".assignee_unit_id IN (SELECT id FROM sub) OR ");
    sql.push(alias).push(".id IN (SELECT id FROM beyond))");
}

/// `WITH RECURSIVE …, visible(id) AS (…) `: every task U may see, each once — the chains it
/// heads (by their top assigner) and `others` — from indexes, for a query to join by id.
pub(super) fn all_visible(sql: &mut Sql, unit: UnitId) {
    others(sql, unit);
    sql.push(", visible(id) AS (SELECT t.id FROM tasks t WHERE t.root_assigner_unit_id = ")
        .bind(unit)
        .push(" UNION ALL SELECT id FROM others) ");
}

/// ` AND` the task `t`, which the unit assigned, lies under a chain another unit heads.
/// Written as two ranges rather than `<>`, so that PostgreSQL finds the few such tasks from
/// the index on (assigner, top assigner) instead of reading every task the unit assigned.
/// Only after an equality on the assigner: elsewhere SQLite would answer the ranges by
/// skipping through that index over every assigner.
fn not_headed_by(sql: &mut Sql, unit: UnitId) {
    sql.push(" AND (t.root_assigner_unit_id < ").bind(unit).push(" OR t.root_assigner_unit_id > ").bind(unit).push(")");
}

#[derive(Debug, FromQueryResult)]
struct CountRow {
    n: i64,
}

/// True when U may see at least one task of the directive. Some task of it is visible
/// exactly when one is seen by itself (a task's chain lies within its directive), so the
/// directive's own tasks are read through their index, without walking any chain.
pub async fn any_of_directive(conn: &impl ConnectionTrait, unit: UnitId, directive_id: i64) -> StoreResult<bool> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM (SELECT t.id FROM tasks t WHERE t.directive_id = ")
        .bind(directive_id)
        .push(" AND ");
    by_itself(&mut sql, unit, "t");
    sql.push(" LIMIT 1) AS found");
    Ok(CountRow::find_by_statement(sql.statement()).one(conn).await?.is_some_and(|r| r.n > 0))
}

/// The condition that a directive (the outer query's `directives` row) has some task U sees,
/// for a list of directives: as in `any_of_directive`, some task seen by itself. "Assigned
/// within the subtree" is read from the directive grain of the rollup counters (a row under
/// the unit for each directive with tasks below it, kept exact with every change) rather than
/// from each directive's tasks. For the root of the tree (`everything`), every directive with
/// a task.
pub(super) fn directive_shows(sql: &mut Sql, unit: UnitId, everything: bool) {
    if everything {
        sql.push("EXISTS (SELECT 1 FROM tasks t WHERE t.directive_id = directives.id)");
        return;
    }
    sql.push("(directives.id IN (SELECT t.directive_id FROM tasks t WHERE t.assigner_unit_id = ")
        .bind(unit)
        .push(") OR directives.id IN (SELECT r.directive_id FROM rollup_counters r WHERE r.unit_id = ")
        .bind(unit)
        .push(" AND r.directive_id <> 0 AND r.category = '' AND r.n <> 0))");
}

/// The ids of every task the unit sees, read alone, when it sees at most `at_most` tasks in all
/// (by the counters); none when it sees more (a short filtered list of a province's secretariat
/// would bind a million ids: its page joins the visibility query itself). Given to a page as a
/// list: PostgreSQL, guessing the recursive visibility query at hundreds of thousands of rows,
/// joined it to every task by hashing the whole table (an enterprise's list of 156 tasks:
/// 620 ms; the ids alone: 7 ms).
pub(super) async fn few_visible_ids(
    conn: &impl ConnectionTrait,
    unit: UnitId,
    at_most: i64,
) -> StoreResult<Option<Vec<i64>>> {
    if super::searching::seen_about(conn, unit).await? > at_most {
        return Ok(None);
    }
    let mut sql = Sql::new(conn.get_database_backend());
    all_visible(&mut sql, unit);
    sql.push("SELECT id FROM visible");
    let rows = super::tasks::IdRow::find_by_statement(sql.statement()).all(conn).await?;
    Ok(Some(rows.into_iter().map(|r| r.id).collect()))
}
