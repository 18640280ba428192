//! Directives.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use super::{Sql, StoreError, StoreResult};
use crate::{
    domain::{
        directives::{DirectiveFields, Filing},
        ids::{MeetingId, UnitId},
        versions,
        vocabulary::{DirectiveSource, DirectiveStatus},
    },
    entities::directives,
};

pub async fn insert(
    conn: &impl ConnectionTrait,
    filing: &Filing,
    fields: &DirectiveFields,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<directives::Model> {
    let issued = filing.status == DirectiveStatus::Issued;
    directives::ActiveModel {
        meeting_id: Set(filing.meeting_id),
        unit_id: Set(filing.unit_id),
        seq: Set(filing.seq),
        title_zh: Set(fields.title_zh.clone()),
        title_en: Set(fields.title_en.clone()),
        body: Set(fields.body.clone()),
        category: Set(fields.category),
        priority: Set(fields.priority),
        deadline: Set(fields.deadline),
        status: Set(filing.status),
        places: Set(serde_json::to_string(&fields.places)?),
        industries: Set(serde_json::to_string(&fields.industries)?),
        suggested_units: Set("[]".to_owned()),
        source: Set(filing.source),
        created_by: Set(created_by),
        created_at: Set(now),
        issued_at: Set(issued.then_some(now)),
        version: Set(1),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| super::unless_duplicate(e, "error-duplicate-directive-number"))
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<directives::Model> {
    directives::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("directive"))
}

/// The directives drafted from minutes, oldest first.
pub async fn drafted(conn: &impl ConnectionTrait) -> StoreResult<Vec<directives::Model>> {
    Ok(directives::Entity::find()
        .filter(directives::Column::Source.eq(DirectiveSource::Drafted))
        .order_by_asc(directives::Column::Id)
        .all(conn)
        .await?)
}

pub async fn for_meeting(conn: &impl ConnectionTrait, meeting_id: i64) -> StoreResult<Vec<directives::Model>> {
    Ok(directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(meeting_id))
        .order_by_asc(directives::Column::Seq)
        .all(conn)
        .await?)
}

/// The directive, its row held until the caller's transaction ends (`FOR UPDATE` on
/// PostgreSQL; SQLite's single writer already serialises), so that the version checked on it
/// is the one the change is written over.
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> StoreResult<directives::Model> {
    directives::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or(StoreError::NotFound("directive"))
}

/// Writes `changes` over the directive the caller holds (`lock`), at the version that follows
/// the one it read (`domain::versions`, which the caller checked).
pub async fn update_locked(
    conn: &impl ConnectionTrait,
    before: &directives::Model,
    mut changes: directives::ActiveModel,
) -> StoreResult<directives::Model> {
    changes.version = Set(versions::next(before.version));
    // The texts its tasks are found by (`store::search`).
    let texts_changed = changes.title_zh.is_set() || changes.title_en.is_set() || changes.body.is_set();
    let written = directives::Entity::update_many()
        .set(changes)
        .filter(directives::Column::Id.eq(before.id))
        .exec_with_returning(conn)
        .await?;
    let written = written.into_iter().next().ok_or(StoreError::NotFound("directive"))?;
    if texts_changed {
        super::search::index_directive(conn, written.id).await?;
    }
    Ok(written)
}

/// The directives `unit_id` may see, oldest first, in one query: its own, any other but a
/// draft issued within its subtree, and any other but a draft with some task visible by itself
/// (assigned by the unit or to its subtree) — a directive of the secretariat beside the
/// county's government reaches the county's bureau through its tasks. The rule of
/// `services::access::can_see_directive`.
///
/// "Some task assigned within the subtree" is read from the directive grain of the rollup
/// counters (a row under the unit for each directive with tasks below it, kept exact with
/// every change), not by looking through each directive's tasks. The root of the tree needs
/// neither: every directive is issued within its subtree.
pub async fn list_visible(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
    meeting_id: Option<MeetingId>,
) -> StoreResult<Vec<directives::Model>> {
    let everything = super::units::holds_every_unit(conn, unit_id.0).await?;
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT directives.* FROM directives WHERE (directives.unit_id = ")
        .bind(unit_id)
        .push(" OR (directives.status <> ")
        .bind(DirectiveStatus::Draft.as_str())
        .push(" AND (directives.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ")
        .bind(unit_id)
        .push(")");
    if !everything {
        sql.push(" OR ");
        super::visibility::directive_shows(&mut sql, unit_id, false);
    }
    sql.push(")))");
    if let Some(meeting_id) = meeting_id {
        sql.push(" AND directives.meeting_id = ").bind(meeting_id);
    }
    sql.push(" ORDER BY directives.id");
    Ok(directives::Entity::find().from_raw_sql(sql.statement()).all(conn).await?)
}

/// One page of the directives `unit_id` issued (drafts left out), newest first, and how many
/// there are in all.
pub async fn issued_by(
    conn: &impl ConnectionTrait,
    unit_id: i64,
    offset: u64,
    limit: u64,
) -> StoreResult<(Vec<directives::Model>, u64)> {
    let issued = directives::Entity::find()
        .filter(directives::Column::UnitId.eq(unit_id))
        .filter(directives::Column::Status.ne(DirectiveStatus::Draft));
    let total = issued.clone().count(conn).await?;
    let page = issued.order_by_desc(directives::Column::Id).offset(offset).limit(limit).all(conn).await?;
    Ok((page, total))
}

/// The next number within a meeting (or among a unit's loose directives): one past the highest.
/// Two writers may both read it; the unique indexes refuse the second, which tries again.
pub async fn next_seq(conn: &impl ConnectionTrait, meeting_id: Option<i64>, unit_id: i64) -> StoreResult<i32> {
    let query = match meeting_id {
        Some(meeting_id) => directives::Entity::find().filter(directives::Column::MeetingId.eq(meeting_id)),
        None => directives::Entity::find()
            .filter(directives::Column::MeetingId.is_null())
            .filter(directives::Column::UnitId.eq(unit_id)),
    };
    let last = query.order_by_desc(directives::Column::Seq).one(conn).await?;
    Ok(last.map_or(1, |d| d.seq + 1))
}

/// How many draft directives the meeting holds.
pub async fn drafts_of_meeting(conn: &impl ConnectionTrait, meeting_id: i64) -> StoreResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(meeting_id))
        .filter(directives::Column::Status.eq(crate::domain::vocabulary::DirectiveStatus::Draft))
        .count(conn)
        .await?)
}

/// Records whom Duban suggested for a drafted directive (JSON).
pub async fn set_suggested_units(
    conn: &impl ConnectionTrait,
    id: i64,
    suggested: &serde_json::Value,
) -> StoreResult<()> {
    directives::Entity::update_many()
        .col_expr(directives::Column::SuggestedUnits, sea_orm::sea_query::Expr::value(suggested.to_string()))
        .filter(directives::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Files the directive under its 文号 (prefix, year, sequence); the unique index refuses a
/// number given twice.
pub async fn set_number(conn: &impl ConnectionTrait, id: i64, prefix: &str, year: i32, seq: i32) -> StoreResult<()> {
    directives::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        doc_prefix: Set(Some(prefix.to_owned())),
        doc_year: Set(Some(year)),
        doc_seq: Set(Some(seq)),
        ..Default::default()
    }
    .update(conn)
    .await
    .map_err(|e| super::unless_duplicate(e, "error-duplicate-document-number"))?;
    Ok(())
}

/// The directives of these ids, in one query (the overdue list's and the bulletin's rows).
pub async fn by_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<Vec<directives::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(directives::Entity::find()
        .filter(directives::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(directives::Column::Id)
        .all(conn)
        .await?)
}
