//! Requests to move a task's deadline.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::ExtensionStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "extension_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub task_id: i64,
    pub requested_by: Option<i64>,
    pub current_deadline: DateTimeUtc,
    pub requested_deadline: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub progress: i32,
    pub status: ExtensionStatus,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub decision_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
