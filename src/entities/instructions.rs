//! Leaders' instructions (批示) on a directive or a task.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "instructions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub directive_id: Option<i64>,
    pub task_id: Option<i64>,
    pub author_id: i64,
    /// The writer's unit when it was written: the instruction reaches only what that unit sees.
    pub author_unit_id: i64,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub linked_task_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
