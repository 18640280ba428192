//! The full-text index of tasks (`task_search`, migration `m20261207_000039_task_search`):
//! each task found by its title and description, its directive's titles and requirements and
//! its reports' texts, cut by `migration::search_text` (each CJK character a token, so that
//! one- and two-character Chinese queries are answered; words lower-cased, matched as
//! prefixes). SQLite reads an FTS5 table ranked by bm25, PostgreSQL a `tsvector` column under
//! a GIN index ranked by ts_rank.
//!
//! Kept in step here, by the store's own writes: a task inserted or its title or description
//! changed (`tasks`), a directive's titles or requirements changed (`directives`), a report
//! written (`reports`); after a bulk load, `rebuild`.

use migration::search_text::{self, Term};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder};

/// A search ranks at most this many of its matches, the newest tasks that match: a word
/// found in most of a province's million tasks would otherwise have every match scored before
/// the first page (seconds), for a person who reads the first pages only. A search that
/// matches more says so, and more words narrow it.
pub const RANKS_AT_MOST: u64 = 1_000;

use super::{Sql, StoreResult};
use crate::entities::{directives, reports, tasks};

/// Writes the index entry of one task from what is stored now: the task, its directive, its
/// reports.
pub async fn index_task(conn: &impl ConnectionTrait, task: &tasks::Model) -> StoreResult<()> {
    let directive = directives::Entity::find_by_id(task.directive_id).one(conn).await?;
    let reports = reports::Entity::find()
        .filter(reports::Column::TaskId.eq(task.id))
        .order_by_asc(reports::Column::Id)
        .all(conn)
        .await?;
    let (zh, en, body) = directive.as_ref().map_or(("", "", ""), |d| (&d.title_zh, &d.title_en, &d.body));
    let pieces =
        search_text::task_text(&task.title, &task.description, [zh, en, body], reports.iter().map(|r| r.body.as_str()));
    write(conn, task.id, &pieces).await
}

/// The index entry of the task with this id (after a report on it was written).
pub async fn index_task_id(conn: &impl ConnectionTrait, task_id: i64) -> StoreResult<()> {
    match tasks::Entity::find_by_id(task_id).one(conn).await? {
        Some(task) => index_task(conn, &task).await,
        None => Ok(()),
    }
}

/// The index entries of every task of a directive (after its titles or requirements changed).
pub async fn index_directive(conn: &impl ConnectionTrait, directive_id: i64) -> StoreResult<()> {
    let tasks = tasks::Entity::find().filter(tasks::Column::DirectiveId.eq(directive_id)).all(conn).await?;
    for task in &tasks {
        index_task(conn, task).await?;
    }
    Ok(())
}

async fn write(conn: &impl ConnectionTrait, task_id: i64, pieces: &[search_text::Piece]) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    let mut sql = Sql::new(backend);
    if backend == DbBackend::Postgres {
        sql.push("INSERT INTO task_search (task_id, body) VALUES (")
            .bind(task_id)
            .push(", CAST(")
            .bind(search_text::pg_vector(pieces))
            .push(" AS tsvector)) ON CONFLICT (task_id) DO UPDATE SET body = EXCLUDED.body");
        conn.execute_raw(sql.statement()).await?;
    } else {
        // An FTS5 table has no upsert: the old entry goes, the new one comes.
        sql.push("DELETE FROM task_search WHERE rowid = ").bind(task_id);
        conn.execute_raw(sql.statement()).await?;
        let mut sql = Sql::new(backend);
        sql.push("INSERT INTO task_search (rowid, body) VALUES (")
            .bind(task_id)
            .push(", ")
            .bind(search_text::sqlite_body(pieces))
            .push(")");
        conn.execute_raw(sql.statement()).await?;
    }
    Ok(())
}

/// Indexes every task again (after a bulk load that wrote tasks without their entries).
pub async fn rebuild(conn: &impl ConnectionTrait) -> StoreResult<()> {
    conn.execute_unprepared("DELETE FROM task_search").await?;
    migration::fill_task_search(conn).await?;
    Ok(())
}

/// The query's terms in the form of the connected database's index, or none when the query
/// holds nothing searchable (no letter, digit or CJK character).
fn query_text(backend: DbBackend, words: &str) -> Option<String> {
    let terms: Vec<Term> = search_text::terms(words);
    if terms.is_empty() {
        return None;
    }
    Some(match backend {
        DbBackend::Postgres => search_text::pg_query(&terms),
        _ => search_text::sqlite_query(&terms),
    })
}

/// ` AND` the task row `tasks` matches `words`. A query with nothing searchable matches no
/// task.
pub(super) fn matching(sql: &mut Sql, backend: DbBackend, words: &str) {
    match query_text(backend, words) {
        None => {
            sql.push(" AND 1 = 0");
        }
        Some(query) if backend == DbBackend::Postgres => {
            sql.push(" AND tasks.id IN (SELECT s.task_id FROM task_search s WHERE s.body @@ CAST(")
                .bind(query)
                .push(" AS tsquery))");
        }
        Some(query) => {
            sql.push(" AND tasks.id IN (SELECT rowid FROM task_search WHERE task_search MATCH ").bind(query).push(")");
        }
    }
}

/// `SELECT id, rank, deadline FROM …`: the newest `at_most` tasks (highest ids first) that
/// match `words` and pass `rest` (conditions on the task row `tasks`, each starting with
/// " AND"), with their rank, lower the better (bm25 on SQLite; ts_rank on PostgreSQL,
/// negated). The index is read in id order from the top and stops at `at_most`, so only those
/// are ranked; none when the query holds nothing searchable. `prefix` is put first (a `WITH`
/// the conditions refer to).
pub(super) fn newest_matches(
    backend: DbBackend,
    prefix: impl FnOnce(&mut Sql),
    words: &str,
    rest: impl FnOnce(&mut Sql),
    at_most: u64,
) -> Option<Sql> {
    let query = query_text(backend, words)?;
    let mut sql = Sql::new(backend);
    prefix(&mut sql);
    let at_most = i64::try_from(at_most).unwrap_or(i64::MAX);
    if backend == DbBackend::Postgres {
        // The ids first, from the index, sorted and cut; the rank for those only.
        sql.push("SELECT n.id AS id, ");
        pg_rank(&mut sql, "m", &query);
        sql.push(
            ", n.deadline AS deadline FROM (SELECT tasks.id AS id, tasks.deadline AS deadline \
             FROM task_search s CROSS JOIN tasks WHERE tasks.id = s.task_id AND s.body @@ CAST(",
        )
        .bind(query)
        .push(" AS tsquery)");
        rest(&mut sql);
        sql.push(" ORDER BY s.task_id DESC LIMIT ")
            .bind(at_most)
            .push(") n CROSS JOIN task_search m WHERE m.task_id = n.id");
    } else {
        // The full-text table drives (CROSS JOIN keeps it outer), read in rowid order from
        // the top: bm25 runs for the rows that pass, up to the limit.
        sql.push(
            "SELECT task_search.rowid AS id, CAST(bm25(task_search) AS REAL) AS rank, tasks.deadline AS deadline \
             FROM task_search CROSS JOIN tasks WHERE tasks.id = task_search.rowid AND task_search MATCH ",
        )
        .bind(query);
        rest(&mut sql);
        sql.push(" ORDER BY task_search.rowid DESC LIMIT ").bind(at_most);
    }
    Some(sql)
}

/// `newest_matches` for a unit that sees few tasks: its visible ids (`ids`, read before) drive,
/// and each one's entry is read by its id, rather than the index's every match being read to
/// find the few visible (a word in every title is a million matches). The ids are given as a
/// list: PostgreSQL's planner, guessing the recursive visibility query at hundreds of thousands
/// of rows for an enterprise's hundred, walked the whole index instead. PostgreSQL tests each entry's `tsvector` against the query and ranks it by
/// ts_rank. SQLite reads each entry's body (its tokens, space-separated) and matches the
/// query's terms as the index would — a phrase as its tokens side by side, a word as the start
/// of a token — ranked by how often they occur: asking the full-text index once per id reads a
/// common word's whole list of matches each time (tens of seconds for a hundred tasks).
pub(super) fn visible_matches(
    backend: DbBackend,
    ids: &[i64],
    words: &str,
    rest: impl FnOnce(&mut Sql),
    at_most: u64,
) -> Option<Sql> {
    let query = query_text(backend, words)?;
    let mut sql = Sql::new(backend);
    let at_most = i64::try_from(at_most).unwrap_or(i64::MAX);
    if backend == DbBackend::Postgres {
        sql.push("SELECT tasks.id AS id, ");
        pg_rank(&mut sql, "s", &query);
        sql.push(
            ", tasks.deadline AS deadline FROM tasks CROSS JOIN task_search s \
             WHERE s.task_id = tasks.id AND s.body @@ CAST(",
        )
        .bind(query)
        .push(" AS tsquery)");
    } else {
        let patterns: Vec<String> = search_text::terms(words)
            .iter()
            .map(|term| match term {
                Term::Phrase(chars) => format!(" {} ", chars.join(" ")),
                Term::Word(word) => format!(" {word}"),
            })
            .collect();
        let spaced = "(' ' || s.body || ' ')";
        sql.push("SELECT tasks.id AS id, CAST(0");
        for pattern in &patterns {
            sql.push(&format!(" - (length({spaced}) - length(replace({spaced}, "))
                .bind(pattern.clone())
                .push(", ''))) / ")
                .bind(i64::try_from(pattern.chars().count()).unwrap_or(1));
        }
        sql.push(
            " AS REAL) AS rank, tasks.deadline AS deadline FROM tasks CROSS JOIN task_search s \
             WHERE s.rowid = tasks.id",
        );
        for pattern in patterns {
            sql.push(&format!(" AND {spaced} LIKE ")).bind(format!("%{pattern}%"));
        }
    }
    if ids.is_empty() {
        sql.push(" AND 1 = 0");
    } else {
        sql.push(" AND tasks.id IN (").bind_list(ids).push(")");
    }
    rest(&mut sql);
    sql.push(" ORDER BY tasks.id DESC LIMIT ").bind(at_most);
    Some(sql)
}

/// `CAST(-ts_rank(alias.body, query) AS DOUBLE PRECISION) AS rank`: PostgreSQL's rank of the
/// index entry `alias`, negated so that lower is better as with bm25, and as the type the page
/// reads.
fn pg_rank(sql: &mut Sql, alias: &str, query: &str) {
    sql.push(&format!("CAST(-ts_rank({alias}.body, CAST("))
        .bind(query.to_owned())
        .push(" AS tsquery)) AS DOUBLE PRECISION) AS rank");
}
