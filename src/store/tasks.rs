//! Tasks: insert, read, guarded update, and the counts the overview page shows.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::{Sql, StoreError, StoreResult};
use crate::{
    domain::{
        ids::UnitId,
        lifecycle::TaskStatus,
        listing::TaskFilter,
        rollup::Horizon,
        versions,
        vocabulary::{TaskRole, UnitLevel},
    },
    entities::tasks,
};

pub struct NewTask<'a> {
    pub directive_id: i64,
    pub parent_id: Option<i64>,
    pub assignee_unit_id: i64,
    pub assigner_unit_id: i64,
    pub role: TaskRole,
    pub title: &'a str,
    pub description: &'a str,
    pub ack_due_at: DateTime<Utc>,
    pub report_every_days: Option<i32>,
    pub deadline: DateTime<Utc>,
    pub created_by: Option<i64>,
    /// The lead task a cooperating task works with (see `tasks::Model::lead_task_id`).
    pub lead_task_id: Option<i64>,
}

/// Inserts a task, in the caller's transaction (which counts it: `store::rollups::apply`).
pub async fn insert(conn: &impl ConnectionTrait, new: NewTask<'_>, now: DateTime<Utc>) -> StoreResult<tasks::Model> {
    let root_assigner_unit_id = match new.parent_id {
        Some(parent) => get(conn, parent).await?.root_assigner_unit_id,
        None => new.assigner_unit_id,
    };
    let task = tasks::ActiveModel {
        directive_id: Set(new.directive_id),
        parent_id: Set(new.parent_id),
        assignee_unit_id: Set(new.assignee_unit_id),
        assigner_unit_id: Set(new.assigner_unit_id),
        root_assigner_unit_id: Set(root_assigner_unit_id),
        role: Set(new.role),
        title: Set(new.title.to_owned()),
        description: Set(new.description.to_owned()),
        status: Set(TaskStatus::Assigned),
        progress: Set(0),
        ack_due_at: Set(new.ack_due_at),
        report_every_days: Set(new.report_every_days),
        deadline: Set(new.deadline),
        original_deadline: Set(new.deadline),
        acknowledged_at: Set(None),
        last_report_at: Set(None),
        submitted_at: Set(None),
        completed_at: Set(None),
        closed_at: Set(None),
        created_by: Set(new.created_by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        lead_task_id: Set(new.lead_task_id),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| super::unless_duplicate(e, "error-duplicate-lead-task"))?;
    super::crossings::mark(conn, task.id).await?;
    super::search::index_task(conn, &task).await?;
    Ok(task)
}

/// Counts every task again under the chains their top assigners head: after a bulk load.
pub async fn rebuild_root_counts(conn: &impl ConnectionTrait) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    for sql in [
        "DELETE FROM task_root_counts",
        "INSERT INTO task_root_counts (unit_id, status, n) \
         SELECT root_assigner_unit_id, status, COUNT(*) FROM tasks GROUP BY root_assigner_unit_id, status",
    ] {
        conn.execute_raw(sea_orm::Statement::from_string(backend, sql)).await?;
    }
    Ok(())
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<tasks::Model> {
    tasks::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("task"))
}

/// Writes `changes` over the task the caller holds (read with `lock` in this transaction),
/// at the version that follows the one it read, and returns the row written. Whether the
/// change may be written (`domain::versions::check`) and what it does to the rollups
/// (`domain::rollup::change`) the caller has decided.
pub async fn update_locked(
    conn: &impl ConnectionTrait,
    before: &tasks::Model,
    mut changes: tasks::ActiveModel,
    now: DateTime<Utc>,
) -> StoreResult<tasks::Model> {
    changes.version = Set(versions::next(before.version));
    changes.updated_at = Set(now);
    // The texts a task is found by.
    let texts_changed = changes.title.is_set() || changes.description.is_set();
    let written = tasks::Entity::update_many()
        .set(changes)
        .filter(tasks::Column::Id.eq(before.id))
        .exec_with_returning(conn)
        .await?;
    let written = written.into_iter().next().ok_or(StoreError::NotFound("task"))?;
    if texts_changed {
        super::search::index_task(conn, &written).await?;
    }
    if written.assignee_unit_id != before.assignee_unit_id {
        super::crossings::mark(conn, written.id).await?;
    }
    Ok(written)
}

/// The task, its row held until the caller's transaction ends (`FOR UPDATE` on PostgreSQL;
/// SQLite's single writer already serialises), so that what is checked on it stays true
/// while the change is written: a split and a completion of one task cannot both pass.
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> StoreResult<tasks::Model> {
    tasks::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or(StoreError::NotFound("task"))
}

pub async fn children(conn: &impl ConnectionTrait, parent_id: i64) -> StoreResult<Vec<tasks::Model>> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::ParentId.eq(parent_id))
        .order_by_asc(tasks::Column::Id)
        .all(conn)
        .await?)
}

/// The unit given the lead of a directive (its first lead task of its own not cancelled), if any.
pub async fn lead_assignee(conn: &impl ConnectionTrait, directive_id: i64) -> StoreResult<Option<i64>> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::DirectiveId.eq(directive_id))
        .filter(tasks::Column::ParentId.is_null())
        .filter(tasks::Column::Role.eq(TaskRole::Lead))
        .filter(tasks::Column::Status.ne(TaskStatus::Cancelled))
        .order_by_asc(tasks::Column::Id)
        .one(conn)
        .await?
        .map(|t| t.assignee_unit_id))
}

/// True when the directive has a lead task of its own (not a split) that was not cancelled.
pub async fn has_active_lead(conn: &impl ConnectionTrait, directive_id: i64) -> StoreResult<bool> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::DirectiveId.eq(directive_id))
        .filter(tasks::Column::ParentId.is_null())
        .filter(tasks::Column::Role.eq(TaskRole::Lead))
        .filter(tasks::Column::Status.ne(TaskStatus::Cancelled))
        .count(conn)
        .await?
        > 0)
}

pub async fn count_open_children(conn: &impl ConnectionTrait, parent_id: i64) -> StoreResult<u64> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::ParentId.eq(parent_id))
        .filter(tasks::Column::Status.is_not_in([TaskStatus::Completed, TaskStatus::Cancelled]))
        .count(conn)
        .await?)
}

#[derive(Debug, FromQueryResult)]
pub(super) struct CountRow {
    pub(super) n: i64,
}

/// How many tasks under the chains `unit_id` heads pass the filter: from `task_root_counts`
/// when the filter asks for statuses at most, else counted from the tasks.
async fn count_headed(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let only_statuses = TaskFilter { statuses: Vec::new(), ..filter.clone() };
    let mut sql = Sql::new(conn.get_database_backend());
    if filter_is_empty(&only_statuses) {
        sql.push("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM task_root_counts WHERE unit_id = ")
            .bind(unit_id);
        statuses_in(&mut sql, "status", &filter.statuses);
    } else {
        sql.push("SELECT COUNT(*) AS n FROM tasks WHERE tasks.root_assigner_unit_id = ").bind(unit_id);
        filter_conditions(&mut sql, filter, now);
    }
    Ok(CountRow::find_by_statement(sql.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0))
}

/// ` AND column IN (…)` for the statuses a filter asks for; nothing when it asks for none.
fn statuses_in(sql: &mut Sql, column: &str, statuses: &[TaskStatus]) {
    if statuses.is_empty() {
        return;
    }
    let names: Vec<&'static str> = statuses.iter().map(|s| s.as_str()).collect();
    sql.push(" AND ").push(column).push(" IN (").bind_list(&names).push(")");
}

/// The filters after a `WHERE`, each starting with " AND"; `now` is the instant "overdue"
/// is judged at.
pub(super) fn filter_conditions(sql: &mut Sql, filter: &TaskFilter, now: DateTime<Utc>) {
    statuses_in(sql, "tasks.status", &filter.statuses);
    if let Some(directive_id) = filter.directive_id {
        sql.push(" AND tasks.directive_id = ").bind(directive_id);
    }
    if let Some(unit_id) = filter.unit_id {
        sql.push(" AND tasks.assignee_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
            .bind(unit_id)
            .push(")");
    }
    if let Some(unit_id) = filter.assignee_unit_id {
        sql.push(" AND tasks.assignee_unit_id = ").bind(unit_id);
    }
    if let Some(from) = filter.deadline_from {
        sql.push(" AND tasks.deadline >= ").bind(from);
    }
    if let Some(to) = filter.deadline_to {
        sql.push(" AND tasks.deadline <= ").bind(to);
    }
    if let Some(words) = filter.search.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        // Through the full-text index (`store::search`): titles, descriptions, the directive's
        // requirements and the reports' texts.
        let backend = sql.backend();
        super::search::matching(sql, backend, words);
    }
    if filter.overdue {
        sql.push(" AND ");
        super::timing::overdue(sql, "tasks", now);
    }
}

/// Above this many visible tasks a page is read in deadline order, each task checked up its
/// chain, rather than sorting every visible task.
const SORT_AT_MOST: i64 = 5_000;

fn filter_is_empty(filter: &TaskFilter) -> bool {
    filter.statuses.is_empty()
        && filter.directive_id.is_none()
        && filter.unit_id.is_none()
        && filter.assignee_unit_id.is_none()
        && filter.deadline_from.is_none()
        && filter.deadline_to.is_none()
        && filter.search.as_deref().is_none_or(|w| w.trim().is_empty())
        && !filter.overdue
}

/// One page of a list of tasks, and what it says about the whole list.
#[derive(Debug)]
pub struct Listed {
    pub rows: Vec<tasks::Model>,
    /// How many tasks the list holds in all.
    pub total: u64,
    /// A search matched more tasks than it ranks (`search::RANKS_AT_MOST`): the list is the
    /// newest that many of them, best match first, and `total` is that bound.
    pub capped: bool,
}

/// One page of the tasks `unit_id` may see, soonest deadline first (a search: best match
/// first), and the total count.
///
/// A unit whose subtree holds every unit sees every task: its list reads the table in deadline
/// order (an index) and stops at the page. Any other unit's visible tasks are gathered from the
/// indexes (assignee within the subtree, then what was split below) and counted; a page of a
/// few thousand is sorted from those, a page of more is read in deadline order with each task
/// checked up its chain. A search reads the full-text index from the newest match down and
/// ranks at most `search::RANKS_AT_MOST` of the matches the unit may see. All in the database.
pub async fn list_visible(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    offset: u64,
    limit: u64,
) -> StoreResult<Listed> {
    list_visible_bounded(conn, unit_id, filter, now, (offset, limit), SORT_AT_MOST, super::search::RANKS_AT_MOST).await
}

/// `list_visible` with its two bounds given: how many visible tasks a page is sorted from, and
/// how many matches a search ranks (tests read both plans on small data, and rank every match
/// to compare them all).
pub async fn list_visible_bounded(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    (offset, limit): (u64, u64),
    sort_at_most: i64,
    rank_at_most: u64,
) -> StoreResult<Listed> {
    let backend = conn.get_database_backend();
    let filter = &without_whole_tree(conn, filter).await?;
    if let Some(words) = filter.search.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        return super::searching::search_visible(
            conn,
            unit_id,
            filter,
            now,
            words,
            (offset, limit),
            sort_at_most,
            rank_at_most,
        )
        .await;
    }
    let (plan, total) = plan_visible_sorting_at_most(conn, unit_id, filter, now, sort_at_most).await?;
    let ids = sorted_ids(conn, plan, unit_id, sort_at_most).await?;
    let mut page = page_sql(backend, plan, ids.as_deref(), unit_id, filter, now, None);
    page.push(" ORDER BY tasks.deadline ASC, tasks.id ASC");
    page.push(" LIMIT ").bind(limit as i64).push(" OFFSET ").bind(offset as i64);
    let rows = tasks::Entity::find().from_raw_sql(page.statement()).all(conn).await?;
    Ok(Listed { rows, total, capped: false })
}

/// The filter without a unit condition that holds every unit (the root's subtree, which the
/// overdue page's export link names): the same tasks, read without testing each one's assignee
/// against five thousand units — with it, SQLite left the deadline index for the assignee's and
/// each batch of a province's overdue export took 1.4 s.
pub async fn without_whole_tree(conn: &impl ConnectionTrait, filter: &TaskFilter) -> StoreResult<TaskFilter> {
    match filter.unit_id {
        Some(unit) if super::units::holds_every_unit(conn, unit.0).await? => {
            Ok(TaskFilter { unit_id: None, ..filter.clone() })
        }
        _ => Ok(filter.clone()),
    }
}

/// How the pages of a unit's visible tasks are read (see [`list_visible`]): the whole table
/// in deadline order, in deadline order with each task checked up its chain, or sorted from
/// the visible ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPlan {
    Everything,
    InOrder,
    Sorted,
}

/// How many of the tasks `unit_id` may see pass the filter, and how their pages are read.
pub async fn plan_visible(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
) -> StoreResult<(ListPlan, u64)> {
    plan_visible_sorting_at_most(conn, unit_id, filter, now, SORT_AT_MOST).await
}

async fn plan_visible_sorting_at_most(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    sort_at_most: i64,
) -> StoreResult<(ListPlan, u64)> {
    let backend = conn.get_database_backend();
    let everything = super::units::holds_every_unit(conn, unit_id.0).await?;
    let total = if everything {
        let mut count = Sql::new(backend);
        count.push("SELECT COUNT(*) AS n FROM tasks WHERE 1 = 1");
        filter_conditions(&mut count, filter, now);
        CountRow::find_by_statement(count.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0)
    } else {
        let mut count = Sql::new(backend);
        super::visibility::others(&mut count, unit_id);
        if filter_is_empty(filter) {
            // From the counters: the tasks assigned within the subtree, less those of the chains
            // U heads (`count_headed` counts them), and the few beyond — not the subtree's
            // tasks one by one (a city's 90,000).
            count
                .push("SELECT CAST(COALESCE((SELECT SUM(n) FROM rollup_counters WHERE unit_id = ")
                .bind(unit_id)
                .push(" AND directive_id = 0 AND category = ''), 0) - COALESCE((SELECT SUM(n) FROM chain_counters WHERE root_unit_id = ")
                .bind(unit_id)
                .push(" AND unit_id = ")
                .bind(unit_id)
                .push(" AND directive_id = 0 AND category = ''), 0) + (SELECT COUNT(*) FROM beyond) AS BIGINT) AS n");
        } else {
            count.push("SELECT COUNT(*) AS n FROM tasks WHERE tasks.id IN (SELECT id FROM others)");
            filter_conditions(&mut count, filter, now);
        }
        let others = CountRow::find_by_statement(count.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0);
        others + count_headed(conn, unit_id, filter, now).await?
    };
    let plan = if everything {
        ListPlan::Everything
    } else if total > sort_at_most {
        ListPlan::InOrder
    } else {
        ListPlan::Sorted
    };
    Ok((plan, u64::try_from(total).unwrap_or(0)))
}

/// The ids of every task the unit sees when the plan is `Sorted` and it sees few
/// (`visibility::few_visible_ids`), for the page to read by id.
async fn sorted_ids(
    conn: &impl ConnectionTrait,
    plan: ListPlan,
    unit_id: UnitId,
    sort_at_most: i64,
) -> StoreResult<Option<Vec<i64>>> {
    if plan != ListPlan::Sorted {
        return Ok(None);
    }
    super::visibility::few_visible_ids(conn, unit_id, sort_at_most.saturating_mul(4)).await
}

/// `SELECT tasks.* …` the visible tasks that pass the filter, after `after` (a deadline and
/// an id) in the list's order when given; the caller adds the order and the limit. `ids` are
/// the unit's visible tasks when the plan is `Sorted` and they are few (`sorted_ids`).
fn page_sql(
    backend: sea_orm::DbBackend,
    plan: ListPlan,
    ids: Option<&[i64]>,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    after: Option<(DateTime<Utc>, i64)>,
) -> Sql {
    let mut page = Sql::new(backend);
    match plan {
        ListPlan::Everything => {
            page.push("SELECT tasks.* FROM tasks WHERE 1 = 1");
        }
        ListPlan::InOrder => {
            page.push("SELECT tasks.* FROM tasks WHERE 1 = 1");
            page.push(" AND ");
            super::visibility::visible(&mut page, unit_id, "tasks");
        }
        ListPlan::Sorted => match ids {
            Some([]) => {
                page.push("SELECT tasks.* FROM tasks WHERE 1 = 0");
            }
            // The visible ids, looked up by primary key, not a walk of the deadline index over
            // every task.
            Some(ids) => {
                page.push("SELECT tasks.* FROM tasks WHERE tasks.id IN (").bind_list(ids).push(")");
            }
            None => {
                super::visibility::all_visible(&mut page, unit_id);
                page.push("SELECT tasks.* FROM visible v CROSS JOIN tasks WHERE tasks.id = v.id");
            }
        },
    }
    filter_conditions(&mut page, filter, now);
    if let Some((deadline, id)) = after {
        // A row value, which both databases read as one range of the index by deadline and id;
        // PostgreSQL did not with the two comparisons OR-ed, and sorted the rest of the table
        // for every batch (a province's export of a million tasks took 500 s).
        page.push(" AND (tasks.deadline, tasks.id) > (").bind(deadline).push(", ").bind(id).push(")");
    }
    page
}

/// Up to `limit` of the visible tasks that pass the filter after `after` (a deadline and an
/// id), soonest deadline first: one batch of an export, read by key rather than by offset so
/// that each batch costs the same however far the export has come.
pub async fn visible_after(
    conn: &impl ConnectionTrait,
    plan: ListPlan,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: u64,
) -> StoreResult<Vec<tasks::Model>> {
    let ids = sorted_ids(conn, plan, unit_id, SORT_AT_MOST).await?;
    let mut page = page_sql(conn.get_database_backend(), plan, ids.as_deref(), unit_id, filter, now, after);
    page.push(" ORDER BY tasks.deadline ASC, tasks.id ASC LIMIT ").bind(limit as i64);
    Ok(tasks::Entity::find().from_raw_sql(page.statement()).all(conn).await?)
}

#[derive(Debug, FromQueryResult)]
pub(super) struct IdRow {
    pub(super) id: i64,
}

/// The ids of every visible task that passes the filter, soonest deadline first: gathered once
/// from the indexes (`visibility::all_visible`), for an export of a list too long to sort a
/// page of, which then reads its batches by id rather than walking every task of the province
/// in deadline order with a check up each one's chain.
pub async fn visible_ids_in_order(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let mut sql = Sql::new(conn.get_database_backend());
    super::visibility::all_visible(&mut sql, unit_id);
    sql.push("SELECT tasks.id AS id FROM visible v CROSS JOIN tasks WHERE tasks.id = v.id");
    filter_conditions(&mut sql, filter, now);
    sql.push(" ORDER BY tasks.deadline ASC, tasks.id ASC");
    Ok(IdRow::find_by_statement(sql.statement()).all(conn).await?.into_iter().map(|r| r.id).collect())
}

/// These tasks, in the order of `ids` (those that exist).
pub async fn by_ids_in_order(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<Vec<tasks::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = tasks::Entity::find().filter(tasks::Column::Id.is_in(ids.iter().copied())).all(conn).await?;
    let place: std::collections::HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|t| place.get(&t.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

#[derive(Debug, FromQueryResult)]
struct MeetingRow {
    meeting_id: i64,
}

/// The meetings behind the directives of the tasks `unit_id` may see.
pub async fn visible_meeting_ids(conn: &impl ConnectionTrait, unit_id: UnitId) -> StoreResult<Vec<i64>> {
    let everything = super::units::holds_every_unit(conn, unit_id.0).await?;
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT DISTINCT directives.meeting_id AS meeting_id FROM directives \
         WHERE directives.meeting_id IS NOT NULL AND ",
    );
    super::visibility::directive_shows(&mut sql, unit_id, everything);
    Ok(MeetingRow::find_by_statement(sql.statement()).all(conn).await?.into_iter().map(|r| r.meeting_id).collect())
}

/// The tasks of these directives that `unit_id` may see, with the level of each assignee unit:
/// what the overview counts, in one query.
pub async fn visible_of_directives(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    directive_ids: &[i64],
) -> StoreResult<Vec<(tasks::Model, UnitLevel)>> {
    if directive_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(conn.get_database_backend());
    super::visibility::of_directives(&mut sql, unit_id, directive_ids);
    sql.push("SELECT tasks.* FROM tasks WHERE tasks.id IN (SELECT id FROM visible) ORDER BY tasks.id");
    let rows = tasks::Entity::find().from_raw_sql(sql.statement()).all(conn).await?;
    let mut unit_ids: Vec<i64> = rows.iter().map(|t| t.assignee_unit_id).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let levels: Vec<(i64, UnitLevel)> =
        super::units::by_ids(conn, &unit_ids).await?.into_iter().map(|u| (u.id, u.level)).collect();
    rows.into_iter()
        .map(|task| {
            let level = levels
                .iter()
                .find(|(id, _)| *id == task.assignee_unit_id)
                .map(|(_, level)| *level)
                .ok_or(StoreError::NotFound("unit"))?;
            Ok((task, level))
        })
        .collect()
}

/// The tasks of these directives that `unit_id` may see outside its subtree and outside the
/// chains it heads (see `visibility::outside_of_directives`): with the rollup counters of its
/// subtree and the chain counters of its chains, the directives' figures as the unit sees them.
pub async fn visible_outside_subtree_of_directives(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    directive_ids: &[i64],
) -> StoreResult<Vec<tasks::Model>> {
    // Nothing lies outside the subtree of the tree's one root.
    if directive_ids.is_empty() || super::units::holds_every_unit(conn, unit_id.0).await? {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(conn.get_database_backend());
    super::visibility::outside_of_directives(&mut sql, unit_id, directive_ids);
    sql.push("SELECT tasks.* FROM tasks WHERE tasks.id IN (SELECT id FROM visible) ORDER BY tasks.id");
    Ok(tasks::Entity::find().from_raw_sql(sql.statement()).all(conn).await?)
}

/// The inbox's lists are about the unit's own work, so they filter on assignee or assigner
/// directly rather than on the visible tree.
///
/// The unit's own open tasks that can be in its inbox: every one to acknowledge or returned,
/// and of the rest those overdue or due soon at `horizon`. An open task due later is in no
/// section of the inbox, so it is not read.
pub async fn inbox_of(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    statuses: &[TaskStatus],
    horizon: &Horizon,
) -> StoreResult<Vec<tasks::Model>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT tasks.* FROM tasks WHERE tasks.assignee_unit_id = ").bind(unit_id);
    statuses_in(&mut sql, "tasks.status", statuses);
    sql.push(" AND (tasks.status IN (")
        .bind(TaskStatus::Assigned.as_str())
        .push(", ")
        .bind(TaskStatus::Returned.as_str())
        .push(") OR ");
    super::timing::overdue(&mut sql, "tasks", horizon.now);
    sql.push(" OR ");
    super::timing::due_soon(&mut sql, "tasks", horizon);
    sql.push(") ORDER BY tasks.deadline ASC, tasks.id ASC");
    Ok(tasks::Entity::find().from_raw_sql(sql.statement()).all(conn).await?)
}

/// Up to `limit` of the tasks the unit assigned in these statuses, soonest deadline first.
pub async fn assigned_by(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    statuses: &[TaskStatus],
    limit: u64,
) -> StoreResult<Vec<tasks::Model>> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::AssignerUnitId.eq(unit_id))
        .filter(tasks::Column::Status.is_in(statuses.iter().copied()))
        .order_by_asc(tasks::Column::Deadline)
        .order_by_asc(tasks::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// How many tasks the unit assigned are in these statuses.
pub async fn count_assigned_by(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    statuses: &[TaskStatus],
) -> StoreResult<u64> {
    Ok(tasks::Entity::find()
        .filter(tasks::Column::AssignerUnitId.eq(unit_id))
        .filter(tasks::Column::Status.is_in(statuses.iter().copied()))
        .count(conn)
        .await?)
}

/// Which tasks the unit assigned that a section of its inbox lists.
#[derive(Debug, Clone, Copy)]
pub enum AssignedWork {
    /// Overdue at this instant (`TaskClock::is_overdue`).
    Overdue(DateTime<Utc>),
    /// With an extension request waiting for the unit's decision.
    ExtensionRequested,
}

fn assigned_work(sql: &mut Sql, unit_id: UnitId, which: AssignedWork) {
    sql.push(" FROM tasks WHERE tasks.assigner_unit_id = ").bind(unit_id).push(" AND ");
    match which {
        // By the open statuses named, so that the index by assigner, status and deadline
        // (000044) reads only the overdue ones.
        AssignedWork::Overdue(now) => super::timing::overdue_by_index(sql, "tasks", now),
        AssignedWork::ExtensionRequested => {
            sql.push("tasks.id IN (SELECT e.task_id FROM extension_requests e WHERE e.status = ")
                .bind(crate::domain::vocabulary::ExtensionStatus::Pending.as_str())
                .push(")");
        }
    }
}

/// Up to `limit` of the tasks the unit assigned that are `which`, soonest deadline first.
pub async fn assigned_work_of(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    which: AssignedWork,
    limit: u64,
) -> StoreResult<Vec<tasks::Model>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT tasks.*");
    assigned_work(&mut sql, unit_id, which);
    sql.push(" ORDER BY tasks.deadline ASC, tasks.id ASC LIMIT ").bind(limit as i64);
    Ok(tasks::Entity::find().from_raw_sql(sql.statement()).all(conn).await?)
}

/// How many tasks the unit assigned are `which`.
pub async fn count_assigned_work(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    which: AssignedWork,
) -> StoreResult<u64> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT COUNT(*) AS n");
    assigned_work(&mut sql, unit_id, which);
    Ok(CountRow::find_by_statement(sql.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0).max(0) as u64)
}

pub async fn count_all(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(tasks::Entity::find().count(conn).await?)
}

/// The ids of up to `n` directives that have tasks, spread over the table.
pub async fn some_directives(conn: &impl ConnectionTrait, n: u64) -> StoreResult<Vec<i64>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT DISTINCT directive_id AS n FROM tasks WHERE parent_id IS NULL ORDER BY directive_id");
    let all: Vec<i64> =
        CountRow::find_by_statement(sql.statement()).all(conn).await?.into_iter().map(|r| r.n).collect();
    let step = (all.len() / n.max(1) as usize).max(1);
    Ok(all.into_iter().step_by(step).take(n as usize).collect())
}

/// The tasks assigned together with a task: of its directive, from the same parent (none for
/// the directive's own tasks) and by the same unit, in order of id — the lead and cooperating
/// units of one assignment.
pub async fn assigned_together(
    conn: &impl ConnectionTrait,
    directive_id: i64,
    parent_id: Option<i64>,
    assigner_unit_id: i64,
) -> StoreResult<Vec<tasks::Model>> {
    let mut query = tasks::Entity::find()
        .filter(tasks::Column::DirectiveId.eq(directive_id))
        .filter(tasks::Column::AssignerUnitId.eq(assigner_unit_id));
    query = match parent_id {
        Some(parent) => query.filter(tasks::Column::ParentId.eq(parent)),
        None => query.filter(tasks::Column::ParentId.is_null()),
    };
    Ok(query.order_by_asc(tasks::Column::Id).all(conn).await?)
}

/// Which tasks of a subtree a leader's list reads: those overdue at an instant (most late
/// first: earliest deadline first), or those completed within a period (by assignee unit,
/// then completion time).
#[derive(Debug, Clone, Copy)]
pub enum LateList {
    Overdue(DateTime<Utc>),
    CompletedBetween(DateTime<Utc>, DateTime<Utc>),
}

/// ` AND …` the tasks of `which`, in the form the indexes serve (`idx_tasks_assignee_status`
/// and `idx_tasks_status_deadline` for overdue, `idx_tasks_assignee_completed` and
/// `idx_tasks_status_completed` for completions).
fn late_conditions(sql: &mut Sql, subtree: Option<UnitId>, issuer: Option<UnitId>, which: LateList) {
    if let Some(issuer) = issuer {
        sql.push(" AND tasks.root_assigner_unit_id = ").bind(issuer);
    }
    if let Some(unit) = subtree {
        sql.push(" AND tasks.assignee_unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
            .bind(unit)
            .push(")");
    }
    match which {
        LateList::Overdue(now) => {
            sql.push(" AND ");
            super::timing::overdue_by_index(sql, "tasks", now);
        }
        LateList::CompletedBetween(from, to) => {
            sql.push(" AND tasks.status = ")
                .bind(TaskStatus::Completed.as_str())
                .push(" AND tasks.completed_at >= ")
                .bind(from)
                .push(" AND tasks.completed_at <= ")
                .bind(to);
        }
    }
}

/// Whose tasks a late list holds: those assigned within `subtree` (the unit and every unit
/// below it), and of the chains `issuer` heads only, when one is given (a secretariat's).
#[derive(Debug, Clone, Copy)]
pub struct LateScope {
    pub subtree: UnitId,
    pub issuer: Option<UnitId>,
}

/// One page of the tasks of `scope` that are `which`, and how many there are in all: a count and a page, each one query. A unit
/// whose subtree holds every unit reads without the subtree's condition, so that the planner
/// may walk an index in the list's order and stop at the page.
///
/// Every task assigned within a unit's subtree is visible to that unit (`visibility`: seen by
/// itself), so a caller that has checked `subtree` lies within the reader's own needs no
/// further visibility condition.
pub async fn late_page(
    conn: &impl ConnectionTrait,
    scope: LateScope,
    which: LateList,
    offset: u64,
    limit: u64,
) -> StoreResult<(Vec<tasks::Model>, u64)> {
    let backend = conn.get_database_backend();
    let within = if super::units::holds_every_unit(conn, scope.subtree.0).await? { None } else { Some(scope.subtree) };
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM tasks WHERE 1 = 1");
    late_conditions(&mut count, within, scope.issuer, which);
    let total = CountRow::find_by_statement(count.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0);
    if limit == 0 || offset >= total as u64 {
        return Ok((Vec::new(), u64::try_from(total).unwrap_or(0)));
    }
    let mut page = Sql::new(backend);
    page.push("SELECT tasks.* FROM tasks WHERE 1 = 1");
    late_conditions(&mut page, within, scope.issuer, which);
    page.push(match which {
        LateList::Overdue(_) => " ORDER BY tasks.deadline ASC, tasks.id ASC",
        LateList::CompletedBetween(..) => " ORDER BY tasks.assignee_unit_id ASC, tasks.completed_at ASC, tasks.id ASC",
    });
    page.push(" LIMIT ").bind(limit as i64).push(" OFFSET ").bind(offset as i64);
    let rows = tasks::Entity::find().from_raw_sql(page.statement()).all(conn).await?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}
