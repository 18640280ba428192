//! A search's page of the tasks a unit may see: the full-text index (`store::search`) met with
//! the unit's visibility (`store::visibility`) in the way that reads least for the unit's size,
//! ranked, at most `search::RANKS_AT_MOST` of the matches (`tasks::list_visible` comes here for
//! a list with words to find).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{
    Sql, StoreResult,
    tasks::{CountRow, IdRow, Listed, by_ids_in_order, filter_conditions},
};
use crate::domain::{ids::UnitId, listing::TaskFilter};

/// About how many tasks `unit_id` sees, from the counters alone: those assigned within its
/// subtree and those of the chains it heads (counted twice where the two meet, and leaving
/// out the few split below into units outside): enough to tell a unit that sees a hundred
/// tasks from one that sees a hundred thousand, without counting them.
pub(super) async fn seen_about(conn: &impl ConnectionTrait, unit_id: UnitId) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT CAST(COALESCE((SELECT SUM(n) FROM rollup_counters WHERE unit_id = ")
        .bind(unit_id)
        .push(" AND directive_id = 0 AND category = ''), 0) + COALESCE((SELECT SUM(n) FROM task_root_counts WHERE unit_id = ")
        .bind(unit_id)
        .push("), 0) AS BIGINT) AS n");
    Ok(CountRow::find_by_statement(sql.statement()).one(conn).await?.map(|r| r.n).unwrap_or(0))
}

/// How a search meets the unit's visible tasks (see `search_visible`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchWay {
    Everything,
    VisibleDrive,
    ByParts,
}

#[derive(Debug, FromQueryResult)]
struct Match {
    id: i64,
    rank: f64,
    deadline: DateTime<Utc>,
}

/// A search's page: the newest `rank_at_most` matches the unit may see that pass the rest of
/// the filter, read from the full-text index with their rank (one query), ordered best match
/// first, then soonest deadline; the page's tasks read by id. A unit seeing at most four times
/// `sort_at_most` tasks has them looked up one by one (tests read both ways on small data).
#[allow(clippy::too_many_arguments)]
pub(super) async fn search_visible(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    filter: &TaskFilter,
    now: DateTime<Utc>,
    words: &str,
    (offset, limit): (u64, u64),
    sort_at_most: i64,
    rank_at_most: u64,
) -> StoreResult<Listed> {
    let backend = conn.get_database_backend();
    let rest = TaskFilter { search: None, ..filter.clone() };
    // How the matches and the visible tasks meet: the top of the tree sees every match; a unit
    // that sees few looks each of its tasks up in the index; any other reads the index from
    // the newest match down and tests each against its subtree, its chains and the few tasks
    // it sees beyond them.
    let way = if super::units::holds_every_unit(conn, unit_id.0).await? {
        SearchWay::Everything
    } else {
        // Up to 20,000 tasks (a county at a million), reading each visible task's entry costs
        // less than reading the index from the newest match down until enough visible ones
        // are found (PostgreSQL: 40 ms against 600 ms for a county's one-character search).
        let few = sort_at_most.saturating_mul(4);
        if seen_about(conn, unit_id).await? <= few { SearchWay::VisibleDrive } else { SearchWay::ByParts }
    };
    let prefix = |sql: &mut Sql| {
        if way == SearchWay::ByParts {
            super::visibility::others(sql, unit_id);
        }
    };
    let conditions = |sql: &mut Sql| {
        if way == SearchWay::ByParts {
            super::visibility::in_others_or_headed(sql, unit_id, "tasks");
        }
        filter_conditions(sql, &rest, now);
    };
    let at_most = rank_at_most.saturating_add(1);
    let sql = if way == SearchWay::VisibleDrive {
        let mut ids = Sql::new(backend);
        super::visibility::all_visible(&mut ids, unit_id);
        ids.push("SELECT id FROM visible");
        let ids: Vec<i64> =
            IdRow::find_by_statement(ids.statement()).all(conn).await?.into_iter().map(|r| r.id).collect();
        super::search::visible_matches(backend, &ids, words, conditions, at_most)
    } else {
        super::search::newest_matches(backend, prefix, words, conditions, at_most)
    };
    let Some(sql) = sql else {
        return Ok(Listed { rows: Vec::new(), total: 0, capped: false });
    };
    let mut matches = Match::find_by_statement(sql.statement()).all(conn).await?;
    let capped = matches.len() as u64 > rank_at_most;
    matches.truncate(usize::try_from(rank_at_most).unwrap_or(usize::MAX));
    matches.sort_by(|a, b| a.rank.total_cmp(&b.rank).then(a.deadline.cmp(&b.deadline)).then(a.id.cmp(&b.id)));
    let total = matches.len() as u64;
    let ids: Vec<i64> = matches
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|m| m.id)
        .collect();
    let rows = by_ids_in_order(conn, &ids).await?;
    Ok(Listed { rows, total, capped })
}
