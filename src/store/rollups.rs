//! The rollup counters (see migration `m20261130_000012_rollup_counters`): kept right in the
//! transaction of every change to a task, and read as sums.
//!
//! What a change to a task does to them is decided in the domain (`domain::rollup::change`);
//! the service that writes the task hands the decision to `apply` in the same transaction
//! (`services::tasks::insert_task` and `write_task`). A unit moved in the tree moves its
//! subtree's counts with it (`shift_subtree`, before and after the move).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Sql, StoreError, StoreResult};
use crate::domain::{
    drafting::Category,
    lifecycle::TaskStatus,
    rollup::{self, ClassCount, Figures, Horizon, Marks, RollupChange},
};

/// Whose counters a read sums: the tasks of each unit's subtree (a leader's dashboard), or of
/// those only the tasks of the chains one unit heads (`tasks.root_assigner_unit_id`: what a
/// secretariat issued and assigned), kept apart in `chain_counters` and `chain_marks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Subtree,
    Chains(i64),
}

impl Scope {
    fn counters(self) -> &'static str {
        match self {
            Scope::Subtree => "rollup_counters",
            Scope::Chains(_) => "chain_counters",
        }
    }

    fn marks(self) -> &'static str {
        match self {
            Scope::Subtree => "rollup_marks",
            Scope::Chains(_) => "chain_marks",
        }
    }

    /// ` AND root_unit_id = R` for the chains of R; nothing for a subtree.
    fn narrow(self, sql: &mut Sql) {
        if let Scope::Chains(root) = self {
            sql.push(" AND root_unit_id = ").bind(root);
        }
    }
}

/// Which rows of the counters a read sums: every task, one directive's, or one category's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    All,
    Directive(i64),
    Category(Category),
}

impl Grain {
    fn keys(self) -> (i64, &'static str) {
        match self {
            Grain::All => (0, ""),
            Grain::Directive(id) => (id, ""),
            Grain::Category(category) => (0, category.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CounterKey {
    unit_id: i64,
    directive_id: i64,
    category: &'static str,
    status: &'static str,
    on_time: bool,
    due_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct MarkKey {
    unit_id: i64,
    directive_id: i64,
    category: &'static str,
    mark: &'static str,
}

#[derive(Debug, FromQueryResult)]
struct AncestorRow {
    ancestor_id: i64,
}

#[derive(Debug, FromQueryResult)]
struct CategoryRow {
    category: Category,
}

/// The unit and every unit above it.
async fn unit_and_ancestors(conn: &impl ConnectionTrait, unit_id: i64) -> StoreResult<Vec<i64>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT ancestor_id FROM unit_closure WHERE descendant_id = ").bind(unit_id);
    Ok(AncestorRow::find_by_statement(sql.statement()).all(conn).await?.into_iter().map(|r| r.ancestor_id).collect())
}

async fn category_of(conn: &impl ConnectionTrait, directive_id: i64) -> StoreResult<Category> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT category FROM directives WHERE id = ").bind(directive_id);
    Ok(CategoryRow::find_by_statement(sql.statement())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound("directive"))?
        .category)
}

fn grains(directive_id: i64, category: Category) -> [(i64, &'static str); 3] {
    [(0, ""), (directive_id, ""), (0, category.as_str())]
}

/// Writes what `domain::rollup::change` decided a change to a task does: takes the task out of
/// the counters of every unit above its old place, at every grain, counts it in above its new
/// one, counts its marks where it is now, and moves the counts of the chains its top assigner
/// heads. In the caller's transaction, the one that writes the task.
pub async fn apply(conn: &impl ConnectionTrait, change: &RollupChange) -> StoreResult<()> {
    if change.is_empty() {
        return Ok(());
    }
    let now_units = unit_and_ancestors(conn, change.now_at.unit.0).await?;
    let now_category = category_of(conn, change.now_at.directive.0).await?;
    let mut counters: BTreeMap<CounterKey, i64> = BTreeMap::new();
    let mut chains: BTreeMap<(i64, CounterKey), i64> = BTreeMap::new();
    let mut by_top: BTreeMap<(i64, &'static str), i64> = BTreeMap::new();
    for (place, delta) in [(change.take_out, -1), (change.count_in, 1)] {
        let Some(place) = place else { continue };
        let (units, category) = if (place.unit, place.directive) == (change.now_at.unit, change.now_at.directive) {
            (now_units.clone(), now_category)
        } else {
            (unit_and_ancestors(conn, place.unit.0).await?, category_of(conn, place.directive.0).await?)
        };
        let class = place.class;
        for &unit_id in &units {
            for (directive_id, category) in grains(place.directive.0, category) {
                let key = CounterKey {
                    unit_id,
                    directive_id,
                    category,
                    status: class.status.as_str(),
                    on_time: class.on_time,
                    due_at: class.due_at,
                };
                *chains.entry((place.top_assigner.0, key.clone())).or_default() += delta;
                *counters.entry(key).or_default() += delta;
            }
        }
        *by_top.entry((place.top_assigner.0, class.status.as_str())).or_default() += delta;
    }
    let mut marks: BTreeMap<(i64, MarkKey), i64> = BTreeMap::new();
    for mark in &change.marks {
        for &unit_id in &now_units {
            for (directive_id, category) in grains(change.now_at.directive.0, now_category) {
                let key = MarkKey { unit_id, directive_id, category, mark: mark.as_str() };
                *marks.entry((change.now_at.top_assigner.0, key)).or_default() += 1;
            }
        }
    }
    counters.retain(|_, delta| *delta != 0);
    chains.retain(|_, delta| *delta != 0);
    by_top.retain(|_, delta| *delta != 0);
    let subtree: BTreeMap<(i64, CounterKey), i64> = counters.into_iter().map(|(k, d)| ((0, k), d)).collect();
    add_counters(conn, Scope::Subtree, &subtree).await?;
    add_counters(conn, Scope::Chains(0), &chains).await?;
    let subtree_marks: BTreeMap<(i64, MarkKey), i64> = marks.iter().map(|((_, k), d)| ((0, k.clone()), *d)).collect();
    add_marks(conn, Scope::Subtree, &subtree_marks).await?;
    add_marks(conn, Scope::Chains(0), &marks).await?;
    add_by_top(conn, &by_top).await
}

/// Adds the deltas to the number of tasks under chains each top assigner heads, by status
/// (`task_root_counts`), in one statement and in key order, so that two transactions take the
/// rows' locks in the same order.
async fn add_by_top(conn: &impl ConnectionTrait, deltas: &BTreeMap<(i64, &'static str), i64>) -> StoreResult<()> {
    if deltas.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("INSERT INTO task_root_counts (unit_id, status, n) VALUES ");
    for (i, ((top, status), delta)) in deltas.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.bind(*top).push(", ").bind(*status).push(", ").bind(*delta).push(")");
    }
    sql.push(" ON CONFLICT (unit_id, status) DO UPDATE SET n = task_root_counts.n + excluded.n");
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

/// Adds the deltas in one statement, in key order, so that two transactions touching the same
/// rows (every change touches the top unit's) take their row locks in the same order and
/// cannot deadlock. For the chains' counters each key starts with its top assigner; for the
/// subtree's that part of the key is not written.
async fn add_counters(
    conn: &impl ConnectionTrait,
    scope: Scope,
    deltas: &BTreeMap<(i64, CounterKey), i64>,
) -> StoreResult<()> {
    if deltas.is_empty() {
        return Ok(());
    }
    let chains = matches!(scope, Scope::Chains(_));
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("INSERT INTO ").push(scope.counters()).push(" (");
    if chains {
        sql.push("root_unit_id, ");
    }
    sql.push("unit_id, directive_id, category, status, on_time, due_at, n) VALUES ");
    for (i, ((root, key), delta)) in deltas.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        if chains {
            sql.bind(*root).push(", ");
        }
        sql.bind(key.unit_id).push(", ").bind(key.directive_id).push(", ").bind(key.category).push(", ");
        sql.bind(key.status).push(", ").bind(i16::from(key.on_time)).push(", ").bind(key.due_at).push(", ");
        sql.bind(*delta).push(")");
    }
    sql.push(" ON CONFLICT (").push(if chains { "root_unit_id, " } else { "" });
    sql.push("unit_id, directive_id, category, status, on_time, due_at) DO UPDATE SET n = ");
    sql.push(scope.counters()).push(".n + excluded.n");
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

async fn add_marks(
    conn: &impl ConnectionTrait,
    scope: Scope,
    deltas: &BTreeMap<(i64, MarkKey), i64>,
) -> StoreResult<()> {
    if deltas.is_empty() {
        return Ok(());
    }
    let chains = matches!(scope, Scope::Chains(_));
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("INSERT INTO ").push(scope.marks()).push(" (");
    if chains {
        sql.push("root_unit_id, ");
    }
    sql.push("unit_id, directive_id, category, mark, n) VALUES ");
    for (i, ((root, key), delta)) in deltas.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        if chains {
            sql.bind(*root).push(", ");
        }
        sql.bind(key.unit_id).push(", ").bind(key.directive_id).push(", ").bind(key.category).push(", ");
        sql.bind(key.mark).push(", ").bind(*delta).push(")");
    }
    sql.push(" ON CONFLICT (").push(if chains { "root_unit_id, " } else { "" });
    sql.push("unit_id, directive_id, category, mark) DO UPDATE SET n = ").push(scope.marks()).push(".n + excluded.n");
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

/// Adds `sign` times the counts of `unit_id`'s subtree to every unit strictly above it: −1
/// before the unit is cut loose from its old parents, +1 once it hangs under the new ones.
pub async fn shift_subtree(conn: &impl ConnectionTrait, unit_id: i64, sign: i64) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO rollup_counters (unit_id, directive_id, category, status, on_time, due_at, n) \
         SELECT a.ancestor_id, r.directive_id, r.category, r.status, r.on_time, r.due_at, r.n * ",
    )
    .bind(sign)
    .push(" FROM rollup_counters r INNER JOIN unit_closure a ON a.descendant_id = r.unit_id WHERE r.unit_id = ")
    .bind(unit_id)
    .push(
        " AND a.distance > 0 ON CONFLICT (unit_id, directive_id, category, status, on_time, due_at) \
         DO UPDATE SET n = rollup_counters.n + excluded.n",
    );
    conn.execute_raw(sql.statement()).await?;
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO rollup_marks (unit_id, directive_id, category, mark, n) \
         SELECT a.ancestor_id, r.directive_id, r.category, r.mark, r.n * ",
    )
    .bind(sign)
    .push(" FROM rollup_marks r INNER JOIN unit_closure a ON a.descendant_id = r.unit_id WHERE r.unit_id = ")
    .bind(unit_id)
    .push(
        " AND a.distance > 0 ON CONFLICT (unit_id, directive_id, category, mark) \
         DO UPDATE SET n = rollup_marks.n + excluded.n",
    );
    conn.execute_raw(sql.statement()).await?;
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO chain_counters (root_unit_id, unit_id, directive_id, category, status, on_time, due_at, n) \
         SELECT r.root_unit_id, a.ancestor_id, r.directive_id, r.category, r.status, r.on_time, r.due_at, r.n * ",
    )
    .bind(sign)
    .push(" FROM chain_counters r INNER JOIN unit_closure a ON a.descendant_id = r.unit_id WHERE r.unit_id = ")
    .bind(unit_id)
    .push(
        " AND a.distance > 0 ON CONFLICT (root_unit_id, unit_id, directive_id, category, status, on_time, due_at) \
         DO UPDATE SET n = chain_counters.n + excluded.n",
    );
    conn.execute_raw(sql.statement()).await?;
    let mut sql = Sql::new(backend);
    sql.push(
        "INSERT INTO chain_marks (root_unit_id, unit_id, directive_id, category, mark, n) \
         SELECT r.root_unit_id, a.ancestor_id, r.directive_id, r.category, r.mark, r.n * ",
    )
    .bind(sign)
    .push(" FROM chain_marks r INNER JOIN unit_closure a ON a.descendant_id = r.unit_id WHERE r.unit_id = ")
    .bind(unit_id)
    .push(
        " AND a.distance > 0 ON CONFLICT (root_unit_id, unit_id, directive_id, category, mark) \
         DO UPDATE SET n = chain_marks.n + excluded.n",
    );
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct CountRow {
    unit_id: i64,
    status: String,
    on_time: i16,
    n: i64,
    past: i64,
    before_soon: i64,
}

fn bind_units(sql: &mut Sql, unit_ids: &[i64]) {
    sql.push(" AND unit_id IN (").bind_list(unit_ids).push(")");
}

/// The figures of the tasks of each unit's subtree (in `scope`) at `grain`, read at `horizon`:
/// one aggregate over the counter rows of these units. Units without tasks get empty figures.
pub async fn figures(
    conn: &impl ConnectionTrait,
    scope: Scope,
    unit_ids: &[i64],
    grain: Grain,
    horizon: &Horizon,
) -> StoreResult<HashMap<i64, Figures>> {
    let mut figures: HashMap<i64, Figures> = unit_ids.iter().map(|id| (*id, Figures::default())).collect();
    if unit_ids.is_empty() {
        return Ok(figures);
    }
    let (directive_id, category) = grain.keys();
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT unit_id, status, on_time, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(CASE WHEN due_at < ")
        .bind(horizon.now)
        .push(" THEN n ELSE 0 END) AS BIGINT) AS past, CAST(SUM(CASE WHEN due_at < ")
        .bind(horizon.due_soon_before)
        .push(" THEN n ELSE 0 END) AS BIGINT) AS before_soon FROM ")
        .push(scope.counters())
        .push(" WHERE directive_id = ")
        .bind(directive_id)
        .push(" AND category = ")
        .bind(category);
    scope.narrow(&mut sql);
    bind_units(&mut sql, unit_ids);
    sql.push(" GROUP BY unit_id, status, on_time");
    for row in CountRow::find_by_statement(sql.statement()).all(conn).await? {
        figures.entry(row.unit_id).or_default().add(&row.class_count()?);
    }
    Ok(figures)
}

impl CountRow {
    fn class_count(&self) -> StoreResult<ClassCount> {
        let status: TaskStatus = self
            .status
            .parse()
            .map_err(|e: crate::domain::UnknownValue| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
        Ok(ClassCount { status, on_time: self.on_time != 0, n: self.n, past: self.past, before_soon: self.before_soon })
    }
}

#[derive(Debug, FromQueryResult)]
struct DirectiveCountRow {
    directive_id: i64,
    unit_id: i64,
    status: String,
    on_time: i16,
    n: i64,
    past: i64,
    before_soon: i64,
}

/// The figures of each of `directive_ids` under each of `unit_ids` (in `scope`), read at
/// `horizon`: one aggregate over the directive-grain counter rows of these units and
/// directives. Pairs without tasks are left out.
pub async fn figures_by_directive(
    conn: &impl ConnectionTrait,
    scope: Scope,
    unit_ids: &[i64],
    directive_ids: &[i64],
    horizon: &Horizon,
) -> StoreResult<HashMap<(i64, i64), Figures>> {
    let mut figures: HashMap<(i64, i64), Figures> = HashMap::new();
    if unit_ids.is_empty() || directive_ids.is_empty() {
        return Ok(figures);
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT directive_id, unit_id, status, on_time, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(CASE WHEN due_at < ",
    )
    .bind(horizon.now)
    .push(" THEN n ELSE 0 END) AS BIGINT) AS past, CAST(SUM(CASE WHEN due_at < ")
    .bind(horizon.due_soon_before)
    .push(" THEN n ELSE 0 END) AS BIGINT) AS before_soon FROM ")
    .push(scope.counters())
    .push(" WHERE category = '' AND directive_id IN (")
    .bind_list(directive_ids)
    .push(")");
    scope.narrow(&mut sql);
    bind_units(&mut sql, unit_ids);
    sql.push(" GROUP BY directive_id, unit_id, status, on_time");
    for row in DirectiveCountRow::find_by_statement(sql.statement()).all(conn).await? {
        let count = CountRow {
            unit_id: row.unit_id,
            status: row.status,
            on_time: row.on_time,
            n: row.n,
            past: row.past,
            before_soon: row.before_soon,
        };
        figures.entry((row.directive_id, row.unit_id)).or_default().add(&count.class_count()?);
    }
    Ok(figures)
}

#[derive(Debug, FromQueryResult)]
struct MarkRow {
    unit_id: i64,
    mark: String,
    n: i64,
}

/// The marks of each unit's subtree (in `scope`) at `grain`.
pub async fn marks(
    conn: &impl ConnectionTrait,
    scope: Scope,
    unit_ids: &[i64],
    grain: Grain,
) -> StoreResult<HashMap<i64, Marks>> {
    let mut marks: HashMap<i64, Marks> = unit_ids.iter().map(|id| (*id, Marks::default())).collect();
    if unit_ids.is_empty() {
        return Ok(marks);
    }
    let (directive_id, category) = grain.keys();
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT unit_id, mark, CAST(SUM(n) AS BIGINT) AS n FROM ")
        .push(scope.marks())
        .push(" WHERE directive_id = ")
        .bind(directive_id)
        .push(" AND category = ")
        .bind(category);
    scope.narrow(&mut sql);
    bind_units(&mut sql, unit_ids);
    sql.push(" GROUP BY unit_id, mark");
    for row in MarkRow::find_by_statement(sql.statement()).all(conn).await? {
        let entry = marks.entry(row.unit_id).or_default();
        match row.mark.as_str() {
            rollup::LATE_REPORT => entry.late_reports += row.n,
            rollup::RETURNED_COMPLETION => entry.returned_completions += row.n,
            _ => {}
        }
    }
    Ok(marks)
}

/// Counts every task again into empty counters, one set statement per grain: what the
/// migration does for the tasks that existed before the counters, and what a bulk load does
/// after writing its tasks. Marks (late reports, returned completions) come from reports,
/// which a bulk load does not write; they are cleared.
pub async fn rebuild(conn: &impl ConnectionTrait) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    for sql in [
        "DELETE FROM rollup_counters",
        "DELETE FROM rollup_marks",
        "DELETE FROM chain_counters",
        "DELETE FROM chain_marks",
    ] {
        conn.execute_raw(sea_orm::Statement::from_string(backend, sql)).await?;
    }
    let on_time = format!("CASE WHEN {} THEN 1 ELSE 0 END", super::timing::submitted_in_time("t"));
    for (select, group) in
        [("0, ''", ""), ("t.directive_id, ''", ", t.directive_id"), ("0, d.category", ", d.category")]
    {
        let sql = format!(
            "INSERT INTO rollup_counters (unit_id, directive_id, category, status, on_time, due_at, n) \
             SELECT c.ancestor_id, {select}, t.status, {on_time}, t.deadline, COUNT(*) \
             FROM tasks t INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
             INNER JOIN directives d ON d.id = t.directive_id \
             GROUP BY c.ancestor_id{group}, t.status, {on_time}, t.deadline"
        );
        conn.execute_raw(sea_orm::Statement::from_string(backend, sql)).await?;
        let sql = format!(
            "INSERT INTO chain_counters (root_unit_id, unit_id, directive_id, category, status, on_time, due_at, n) \
             SELECT t.root_assigner_unit_id, c.ancestor_id, {select}, t.status, {on_time}, t.deadline, COUNT(*) \
             FROM tasks t INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id \
             INNER JOIN directives d ON d.id = t.directive_id \
             GROUP BY t.root_assigner_unit_id, c.ancestor_id{group}, t.status, {on_time}, t.deadline"
        );
        conn.execute_raw(sea_orm::Statement::from_string(backend, sql)).await?;
    }
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct PlainRow {
    unit_id: i64,
    n: i64,
}

/// What the counters replace, for the benchmark to compare with: the tasks of each unit's
/// subtree counted by status with a plain GROUP BY over the tasks table. Returns each unit's
/// total, so that the benchmark can check the counters against it.
pub async fn plain_group_by(conn: &impl ConnectionTrait, unit_ids: &[i64]) -> StoreResult<HashMap<i64, i64>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT c.ancestor_id AS unit_id, t.status AS status, CAST(COUNT(*) AS BIGINT) AS n FROM tasks t \
         INNER JOIN unit_closure c ON c.descendant_id = t.assignee_unit_id WHERE c.ancestor_id IN (",
    );
    sql.bind_list(unit_ids).push(") GROUP BY c.ancestor_id, t.status");
    let mut totals = HashMap::new();
    for row in PlainRow::find_by_statement(sql.statement()).all(conn).await? {
        *totals.entry(row.unit_id).or_default() += row.n;
    }
    Ok(totals)
}
