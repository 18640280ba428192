//! Bulk writes for `duban seed --scale`: many rows per statement, with the ids the caller
//! chose, on an empty database. Everything else writes one row at a time through its own
//! store module.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, Statement};

use super::StoreResult;

/// Bound values per statement, under SQLite's limit of 32,766 and PostgreSQL's of 65,535.
const VALUES_PER_STATEMENT: usize = 30_000;

/// Inserts `rows` (each with every column set, the id included), as many per statement as
/// the databases take.
pub async fn insert_all<A>(conn: &impl ConnectionTrait, rows: Vec<A>, columns: usize) -> StoreResult<()>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let per_statement = (VALUES_PER_STATEMENT / columns.max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        A::Entity::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// After rows were inserted with explicit ids, PostgreSQL's sequences are moved past them so
/// that the next row written the ordinary way gets a fresh id. (SQLite needs nothing.)
pub async fn reset_sequences(conn: &impl ConnectionTrait, tables: &[&str]) -> StoreResult<()> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in tables {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        conn.execute_raw(Statement::from_string(DbBackend::Postgres, sql)).await?;
    }
    Ok(())
}

/// The largest id of `table` (0 when empty): where bulk ids start after.
pub async fn max_id(conn: &impl ConnectionTrait, table: &str) -> StoreResult<i64> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM {table}"),
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "m").ok()).unwrap_or(0))
}

/// Refreshes the planner's statistics after a bulk load, so that the first queries over the
/// new rows are planned for their real sizes.
pub async fn analyze(conn: &impl ConnectionTrait) -> StoreResult<()> {
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), "ANALYZE")).await?;
    Ok(())
}

/// A count of marks (late reports, returned completions) a bulk load computed, at one grain.
pub struct SeededMark {
    pub unit_id: i64,
    pub directive_id: i64,
    pub category: &'static str,
    pub mark: &'static str,
    pub n: i64,
}

/// Writes `marks` into the subtree marks and, as every seeded chain is headed by `root_unit_id`,
/// into that unit's chain marks, many rows per statement; into tables the counters' rebuild
/// has just emptied.
pub async fn insert_marks(conn: &impl ConnectionTrait, root_unit_id: i64, marks: &[SeededMark]) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    for chains in [false, true] {
        let columns = if chains { 6 } else { 5 };
        for chunk in marks.chunks(VALUES_PER_STATEMENT / columns) {
            let mut sql = super::Sql::new(backend);
            sql.push(if chains {
                "INSERT INTO chain_marks (root_unit_id, unit_id, directive_id, category, mark, n) VALUES "
            } else {
                "INSERT INTO rollup_marks (unit_id, directive_id, category, mark, n) VALUES "
            });
            for (i, m) in chunk.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" });
                if chains {
                    sql.bind(root_unit_id).push(", ");
                }
                sql.bind(m.unit_id).push(", ").bind(m.directive_id).push(", ").bind(m.category).push(", ");
                sql.bind(m.mark).push(", ").bind(m.n).push(")");
            }
            conn.execute_raw(sql.statement()).await?;
        }
    }
    Ok(())
}
