//! What a list of tasks is narrowed by: plain values that a handler fills from a query, a
//! service checks, and the store turns into SQL.

use chrono::{DateTime, Utc};

use super::{
    ids::{DirectiveId, UnitId},
    lifecycle::TaskStatus,
};

/// Filters for task lists; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub statuses: Vec<TaskStatus>,
    pub directive_id: Option<DirectiveId>,
    /// Tasks assigned to this unit or to any unit below it.
    pub unit_id: Option<UnitId>,
    /// Tasks assigned to this very unit, not below it: the unit's own work, as its inbox reads it.
    pub assignee_unit_id: Option<UnitId>,
    pub deadline_from: Option<DateTime<Utc>>,
    pub deadline_to: Option<DateTime<Utc>>,
    /// Words the task's title or text contains (case-blind for Latin letters).
    pub search: Option<String>,
    /// Only tasks overdue now (`timing::TaskClock::is_overdue`); the service reads the time.
    pub overdue: bool,
}
