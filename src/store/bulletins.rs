//! Published bulletins (通报) and the units each ranks.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Query,
};

use super::{StoreError, StoreResult, unless_duplicate};
use crate::entities::{bulletin_units, bulletins, unit_closure};

/// A bulletin to file.
pub struct NewBulletin<'a> {
    pub unit_id: i64,
    pub year: i32,
    pub number: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub commentary: &'a str,
    pub body: String,
    pub published_by: i64,
    pub ranked_units: &'a [i64],
}

/// The next issue number of `unit_id`'s bulletins in `year`: one past the highest. Two
/// publishing at once may both read it; the unique index refuses the second
/// ([`StoreError::Duplicate`]), which tries again.
pub async fn next_number(conn: &impl ConnectionTrait, unit_id: i64, year: i32) -> StoreResult<i32> {
    let last = bulletins::Entity::find()
        .filter(bulletins::Column::UnitId.eq(unit_id))
        .filter(bulletins::Column::Year.eq(year))
        .order_by_desc(bulletins::Column::Number)
        .one(conn)
        .await?;
    Ok(last.map_or(1, |b| b.number + 1))
}

/// Files the bulletin and the units it ranks.
pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewBulletin<'_>,
    now: DateTime<Utc>,
) -> StoreResult<bulletins::Model> {
    let model = bulletins::ActiveModel {
        unit_id: Set(new.unit_id),
        year: Set(new.year),
        number: Set(new.number),
        period_start: Set(new.period_start),
        period_end: Set(new.period_end),
        commentary: Set(new.commentary.to_owned()),
        body: Set(new.body),
        published_by: Set(new.published_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| unless_duplicate(e, "error-duplicate-bulletin-number"))?;
    let mut ranked = new.ranked_units.to_vec();
    ranked.sort_unstable();
    ranked.dedup();
    if !ranked.is_empty() {
        bulletin_units::Entity::insert_many(
            ranked
                .into_iter()
                .map(|unit_id| bulletin_units::ActiveModel { bulletin_id: Set(model.id), unit_id: Set(unit_id) }),
        )
        .exec(conn)
        .await?;
    }
    Ok(model)
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<bulletins::Model> {
    bulletins::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("bulletin"))
}

/// The bulletins `unit_id` may read, newest first: those issued by it or a unit below it, and
/// those that rank it.
pub async fn readable_by(conn: &impl ConnectionTrait, unit_id: i64) -> StoreResult<Vec<bulletins::Model>> {
    let below = Query::select()
        .column(unit_closure::Column::DescendantId)
        .from(unit_closure::Entity)
        .and_where(unit_closure::Column::AncestorId.eq(unit_id))
        .to_owned();
    let ranking_it = Query::select()
        .column(bulletin_units::Column::BulletinId)
        .from(bulletin_units::Entity)
        .and_where(bulletin_units::Column::UnitId.eq(unit_id))
        .to_owned();
    Ok(bulletins::Entity::find()
        .filter(
            Condition::any()
                .add(bulletins::Column::UnitId.in_subquery(below))
                .add(bulletins::Column::Id.in_subquery(ranking_it)),
        )
        .order_by_desc(bulletins::Column::CreatedAt)
        .order_by_desc(bulletins::Column::Id)
        .all(conn)
        .await?)
}

/// Whether the bulletin ranks `unit_id`.
pub async fn ranks(conn: &impl ConnectionTrait, bulletin_id: i64, unit_id: i64) -> StoreResult<bool> {
    Ok(bulletin_units::Entity::find_by_id((bulletin_id, unit_id)).one(conn).await?.is_some())
}
