//! Counts read at every scrape of `/metrics`.

use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Sql, StoreResult};
use crate::domain::lifecycle::TaskStatus;

#[derive(FromQueryResult)]
struct StatusCount {
    status: String,
    n: i64,
}

/// How many tasks are in each status (statuses with none are left out), from the rollup
/// counters of the root units rather than a count over the tasks table: a scrape every few
/// seconds must not read a million rows each time.
pub async fn tasks_by_status(conn: &impl ConnectionTrait) -> StoreResult<Vec<(TaskStatus, i64)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT c.status AS status, CAST(SUM(c.n) AS BIGINT) AS n FROM rollup_counters c \
         JOIN units u ON u.id = c.unit_id \
         WHERE u.parent_id IS NULL AND c.directive_id = 0 AND c.category = '' \
         GROUP BY c.status HAVING SUM(c.n) > 0",
    );
    let rows = StatusCount::find_by_statement(sql.statement()).all(conn).await?;
    Ok(rows.into_iter().filter_map(|row| Some((row.status.parse().ok()?, row.n))).collect())
}
