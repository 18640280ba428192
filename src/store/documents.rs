//! 文号 sequences: the next number of a prefix and year, given once.

use sea_orm::{ConnectionTrait, FromQueryResult};

use super::{Sql, StoreError, StoreResult};

#[derive(FromQueryResult)]
struct Given {
    last: i32,
}

/// Raises the sequence of `prefix` and `year` by one and returns the new value (1 for the first
/// of a year), in the caller's transaction. The upsert holds the sequence's row until the
/// transaction ends (PostgreSQL's row lock; SQLite's single writer), so a concurrent issue
/// waits and then reads the raised value: two issues never get one number, and a number
/// handed out by a committed issue is never handed out again.
pub async fn next(conn: &impl ConnectionTrait, prefix: &str, year: i32) -> StoreResult<i32> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("INSERT INTO document_sequences (prefix, year, last) VALUES (")
        .bind(prefix.to_owned())
        .push(", ")
        .bind(year)
        .push(
            ", 1) ON CONFLICT (prefix, year) DO UPDATE SET last = document_sequences.last + 1 \
             RETURNING last",
        );
    let given = Given::find_by_statement(sql.statement()).one(conn).await?;
    given.map(|g| g.last).ok_or(StoreError::NotFound("document sequence"))
}
