//! One rung of an escalation ladder.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::Audience;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "escalation_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub policy_id: i64,
    pub position: i32,
    pub offset_days: i32,
    pub audience: Audience,
    pub template: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
