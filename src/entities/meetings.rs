//! Meetings whose decisions become directives.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub held_on: Date,
    pub host: String,
    pub venue: String,
    #[sea_orm(column_type = "Text")]
    pub attendees: String,
    #[sea_orm(column_type = "Text")]
    pub minutes: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
