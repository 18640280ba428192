//! The working-day calendar's exceptions.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::StoreResult;
use crate::{
    domain::{calendar::WorkCalendar, vocabulary::DayKind},
    entities::calendar_days,
};

/// The calendar with every holiday and make-up working day an admin has loaded.
pub async fn load(conn: &impl ConnectionTrait) -> StoreResult<WorkCalendar> {
    let days = calendar_days::Entity::find().all(conn).await?;
    let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).map(|d| d.day);
    let workdays = days.iter().filter(|d| d.kind == DayKind::Workday).map(|d| d.day);
    Ok(WorkCalendar::new(holidays, workdays))
}

/// The exceptions between two days, inclusive, in date order.
pub async fn between(
    conn: &impl ConnectionTrait,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> StoreResult<Vec<calendar_days::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.gte(from))
        .filter(calendar_days::Column::Day.lte(to))
        .order_by_asc(calendar_days::Column::Day)
        .all(conn)
        .await?)
}

pub async fn get(conn: &impl ConnectionTrait, day: chrono::NaiveDate) -> StoreResult<Option<calendar_days::Model>> {
    Ok(calendar_days::Entity::find_by_id(day).one(conn).await?)
}

/// Sets what a day is, replacing what was set before.
pub async fn put(
    conn: &impl ConnectionTrait,
    day: chrono::NaiveDate,
    kind: DayKind,
    name: &str,
) -> StoreResult<calendar_days::Model> {
    use sea_orm::{ActiveModelTrait, Set};
    calendar_days::Entity::delete_by_id(day).exec(conn).await?;
    Ok(calendar_days::ActiveModel { day: Set(day), kind: Set(kind), name: Set(name.to_owned()) }.insert(conn).await?)
}

/// Makes the day an ordinary day again; NotFound when it was one already.
pub async fn remove(conn: &impl ConnectionTrait, day: chrono::NaiveDate) -> StoreResult<()> {
    let result = calendar_days::Entity::delete_by_id(day).exec(conn).await?;
    if result.rows_affected == 0 {
        return Err(super::StoreError::NotFound("calendar day"));
    }
    Ok(())
}
