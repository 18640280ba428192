//! The reports of `duban seed --scale`: the progress reports and completion reports a task in
//! its drawn state would have received, some of them late and some completions returned and
//! submitted again, so that the rankings' deductions are those of a real province; and the
//! marks they make, counted as the live path counts them (`domain::rollup::change`): a late
//! report wherever a report came more than its cadence after the one before, a returned
//! completion wherever a review returned one.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::Set;

use crate::{
    domain::{
        lifecycle::TaskStatus,
        rollup::{self, Mark},
        vocabulary::{ReportKind, ReviewOutcome},
    },
    entities::reports,
};

/// A seeded task's cadence: a progress report every 7 days.
pub(super) const REPORT_EVERY_DAYS: i32 = 7;

const PROGRESS_TEXTS: [&str; 4] = [
    "已召开专题会议部署，正在开展隐患排查。",
    "排查发现隐患若干处，已落实整改责任和时限。",
    "整改过半，其余隐患正在按计划推进。",
    "已组织复查，整改情况良好。",
];
const COMPLETION_TEXT: &str = "隐患已全部整改到位，整改佐证材料已上传，报请销号。";
const RETURN_REASON: &str = "整改佐证材料不全，请补充现场照片后重新报送。";

/// What the seed knows of a task when it writes its reports.
pub(super) struct Reported {
    pub task_id: i64,
    pub unit_id: i64,
    /// The assignee unit's officer, who writes the reports.
    pub author_id: i64,
    /// The assigning unit's officer, who reviews completions.
    pub reviewer_id: i64,
    pub status: TaskStatus,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub progress: i32,
    pub created_at: DateTime<Utc>,
}

/// What a task's reports left on it and against its unit.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Outcome {
    pub last_report_at: Option<DateTime<Utc>>,
    pub late_reports: i64,
    pub returned_completions: i64,
}

/// One report before it is numbered.
struct Planned {
    kind: ReportKind,
    at: DateTime<Utc>,
    progress: i32,
    body: &'static str,
    review: Option<(ReviewOutcome, DateTime<Utc>)>,
}

/// The report rows of a batch of tasks, numbered from `next_id`.
pub(super) struct Reports {
    pub next_id: i64,
    pub rows: Vec<reports::ActiveModel>,
}

impl Reports {
    /// Plans and numbers the reports of `task` (drawing from `below`, a source of numbers
    /// below its argument), before `now`; returns what they leave on the task.
    pub fn write(&mut self, task: &Reported, now: DateTime<Utc>, below: &mut dyn FnMut(u64) -> u64) -> Outcome {
        let planned = plan(task, now, below);
        let mut outcome = Outcome::default();
        let mut since = task.acknowledged_at.unwrap_or(task.created_at);
        for report in planned {
            if rollup::is_late_report(Some(REPORT_EVERY_DAYS), since, report.at) {
                outcome.late_reports += 1;
            }
            since = report.at;
            outcome.last_report_at = Some(report.at);
            if matches!(report.review, Some((ReviewOutcome::Returned, _))) {
                outcome.returned_completions += 1;
            }
            let (outcome_of_review, reason, reviewer, reviewed_at) = match report.review {
                Some((ReviewOutcome::Returned, at)) => {
                    (Some(ReviewOutcome::Returned), Some(RETURN_REASON.to_owned()), Some(task.reviewer_id), Some(at))
                }
                Some((ReviewOutcome::Accepted, at)) => {
                    (Some(ReviewOutcome::Accepted), None, Some(task.reviewer_id), Some(at))
                }
                None => (None, None, None, None),
            };
            self.rows.push(reports::ActiveModel {
                id: Set(self.next_id),
                task_id: Set(task.task_id),
                kind: Set(report.kind),
                progress: Set(report.progress),
                body: Set(report.body.to_owned()),
                unit_id: Set(task.unit_id),
                author_id: Set(Some(task.author_id)),
                created_at: Set(report.at),
                review_outcome: Set(outcome_of_review),
                review_reason: Set(reason),
                reviewed_by: Set(reviewer),
                reviewed_at: Set(reviewed_at),
            });
            self.next_id += 1;
        }
        outcome
    }
}

/// The marks `outcome` makes, each with its store name and count.
pub(super) fn marks(outcome: &Outcome) -> impl Iterator<Item = (&'static str, i64)> {
    [(Mark::LateReport, outcome.late_reports), (Mark::ReturnedCompletion, outcome.returned_completions)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(mark, n)| (mark.as_str(), n))
}

/// The reports of a task in its drawn state, in time order: progress reports every three to
/// six days after the acknowledgement (one in five after more than the cadence: late), then
/// its completion reports. A quarter of the completed tasks (when there was room) had a first
/// completion returned four days before the one accepted.
fn plan(task: &Reported, now: DateTime<Utc>, below: &mut dyn FnMut(u64) -> u64) -> Vec<Planned> {
    let Some(acknowledged) = task.acknowledged_at else { return Vec::new() };
    let mut completions = Vec::new();
    match (task.status, task.submitted_at) {
        (TaskStatus::Submitted, Some(at)) => completions.push((at, None)),
        (TaskStatus::Returned, Some(at)) => {
            completions.push((at, Some((ReviewOutcome::Returned, at + Duration::hours(1)))))
        }
        (TaskStatus::Completed, Some(at)) => {
            let accepted = task.completed_at.unwrap_or(at);
            let first = at - Duration::days(4);
            if below(4) == 0 && first > acknowledged + Duration::days(1) {
                completions.push((first, Some((ReviewOutcome::Returned, first + Duration::days(1)))));
            }
            completions.push((at, Some((ReviewOutcome::Accepted, accepted))));
        }
        (TaskStatus::InProgress, _) => {}
        _ => return Vec::new(),
    }
    let end = completions.first().map_or(now - Duration::hours(1), |(at, _)| *at);
    let wanted = if task.status == TaskStatus::InProgress { 1 + below(3) } else { 1 + below(2) };
    let final_progress = if task.status == TaskStatus::InProgress { task.progress } else { 90 };
    let mut planned = Vec::new();
    let mut at = acknowledged;
    for i in 0..wanted {
        let gap = if below(5) == 0 {
            Duration::days(i64::from(REPORT_EVERY_DAYS)) + Duration::hours(6 + 6 * below(12) as i64)
        } else {
            Duration::days(3 + below(4) as i64)
        };
        at += gap;
        if at >= end {
            break;
        }
        planned.push(Planned {
            kind: ReportKind::Progress,
            at,
            progress: final_progress * (i as i32 + 1) / wanted as i32,
            body: PROGRESS_TEXTS[(i as usize) % PROGRESS_TEXTS.len()],
            review: None,
        });
    }
    for (at, review) in completions {
        planned.push(Planned { kind: ReportKind::Completion, at, progress: 100, body: COMPLETION_TEXT, review });
    }
    planned
}

/// The marks of the seeded tasks at every grain and every unit above (and at) the task's:
/// (unit, directive, category, mark) → n, as `store::rollups::apply` counts them.
#[derive(Default)]
pub(super) struct MarkCounts(pub HashMap<(i64, i64, &'static str, &'static str), i64>);

impl MarkCounts {
    pub fn add(&mut self, units: &[i64], directive_id: i64, category: &'static str, outcome: &Outcome) {
        for (mark, n) in marks(outcome) {
            for &unit in units {
                for (directive, category) in [(0, ""), (directive_id, ""), (0, category)] {
                    *self.0.entry((unit, directive, category, mark)).or_default() += n;
                }
            }
        }
    }
}
