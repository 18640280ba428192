//! Published bulletins (通报): one issue of a unit's bulletin, numbered within its year, with
//! the snapshot of its ranking and overdue list taken when it was published (`body`, JSON of
//! `domain::bulletin::Snapshot`), kept unchanged.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bulletins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The issuing unit, whose name heads the bulletin.
    pub unit_id: i64,
    /// The year of publication (in the configured zone) and the issue number within it.
    pub year: i32,
    pub number: i32,
    pub period_start: Date,
    pub period_end: Date,
    /// The secretariat's commentary (表扬 / 通报批评), as written.
    #[sea_orm(column_type = "Text")]
    pub commentary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub published_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
