//! One thing a meeting requires.

use sea_orm::entity::prelude::*;

use crate::domain::{
    drafting::Category,
    vocabulary::{DirectiveSource, DirectiveStatus, Priority},
};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "directives")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: Option<i64>,
    pub unit_id: i64,
    pub seq: i32,
    pub title_zh: String,
    pub title_en: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub category: Category,
    pub priority: Priority,
    pub deadline: DateTimeUtc,
    pub status: DirectiveStatus,
    #[sea_orm(column_type = "Text")]
    pub places: String,
    #[sea_orm(column_type = "Text")]
    pub industries: String,
    #[sea_orm(column_type = "Text")]
    pub suggested_units: String,
    pub source: DirectiveSource,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub issued_at: Option<DateTimeUtc>,
    pub version: i32,
    /// Its 文号, given when it was issued by a unit with a prefix: the prefix then, the year
    /// of issue and the sequence of that prefix and year (unique together).
    pub doc_prefix: Option<String>,
    pub doc_year: Option<i32>,
    pub doc_seq: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
