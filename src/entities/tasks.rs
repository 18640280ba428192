//! A directive, or part of one, assigned to one unit.

use sea_orm::entity::prelude::*;

use crate::domain::{lifecycle::TaskStatus, vocabulary::TaskRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub directive_id: i64,
    pub parent_id: Option<i64>,
    pub assignee_unit_id: i64,
    pub assigner_unit_id: i64,
    /// The unit that assigned the top task of this task's chain (this task's own assigner
    /// for a top task). It never changes: it sees this task whatever happens below it.
    pub root_assigner_unit_id: i64,
    pub role: TaskRole,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: TaskStatus,
    pub progress: i32,
    /// When the assignee must have acknowledged. Written at assignment and shown in the API;
    /// the escalation sweep reminds the unit once it passes with the task unacknowledged.
    pub ack_due_at: DateTimeUtc,
    /// How often a progress report is owed. Written at assignment; the escalation sweep reminds
    /// the unit once per missed period. The rollups' late-report deductions will read it too.
    pub report_every_days: Option<i32>,
    pub deadline: DateTimeUtc,
    pub original_deadline: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub last_report_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// A cooperating top task's lead task, when it was given with one of a directive's several
    /// leads; none when it cooperates with the directive as a whole.
    pub lead_task_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
