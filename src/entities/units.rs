//! The organisation tree's nodes.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::{UnitKind, UnitLevel};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub key: String,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub level: UnitLevel,
    pub function: Option<String>,
    pub depth: i32,
    pub name_zh: String,
    pub name_en: String,
    pub email: Option<String>,
    pub head_email: Option<String>,
    pub created_at: DateTimeUtc,
    /// A deactivated unit keeps its history and stays readable, but receives no new tasks.
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
