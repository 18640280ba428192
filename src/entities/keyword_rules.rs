//! Drafting rules: a keyword votes for a category and suggests units by function.

use sea_orm::entity::prelude::*;

use crate::domain::drafting::Category;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "keyword_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub keyword: String,
    pub category: Category,
    pub lead_function: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub cooperating_functions: String,
    pub weight: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
