//! Progress and completion reports, with the review of a completion.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::{ReportKind, ReviewOutcome};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub task_id: i64,
    pub kind: ReportKind,
    pub progress: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub unit_id: i64,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub review_outcome: Option<ReviewOutcome>,
    #[sea_orm(column_type = "Text")]
    pub review_reason: Option<String>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
