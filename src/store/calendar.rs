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
