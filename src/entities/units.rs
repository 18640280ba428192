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
    /// What minutes call the unit for short ("市住建局"), when an admin gave it.
    pub short_name: Option<String>,
    /// Other names minutes call the unit by, one a line ("住建局", "the housing bureau").
    pub aliases: String,
    /// The prefix of the 文号 of the directives it issues ("赣安办督"), when an admin gave one.
    pub doc_prefix: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
