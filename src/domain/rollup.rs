//! Rollup arithmetic: which class a task counts in, the figures a set of classes adds up to,
//! the rates, a unit's warning light, and the ranking of sibling units. Plain values in and
//! out; the store keeps the counts per class, and this module says what they mean.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{
    calendar::{WorkCalendar, start_of_day},
    ids::{DirectiveId, UnitId},
    lifecycle::TaskStatus,
    timing::{Light, TaskClock},
};

/// What a task is counted by. Two tasks of the same class count the same in every figure at
/// every instant: the class holds the deadline itself, so "overdue" is decided when the
/// figures are read, against the clock of that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskClass {
    pub status: TaskStatus,
    /// Submitted or completed, with the submission at or before the deadline.
    pub on_time: bool,
    pub due_at: DateTime<Utc>,
}

impl TaskClass {
    pub fn of(status: TaskStatus, deadline: DateTime<Utc>, submitted_at: Option<DateTime<Utc>>) -> Self {
        let clock = TaskClock { status, created_at: deadline, deadline, submitted_at, progress: 0 };
        TaskClass { status, on_time: clock.submitted_in_time(), due_at: deadline }
    }

    /// Whether a task of this class can ever be overdue: open, and not a submission that came
    /// in time and waits for review (see `TaskClock::is_overdue`).
    pub fn may_be_overdue(&self) -> bool {
        self.status.is_open() && !(self.status == TaskStatus::Submitted && self.on_time)
    }

    /// Whether the task has been acknowledged and not cancelled: it was taken on.
    pub fn is_acknowledged(&self) -> bool {
        matches!(
            self.status,
            TaskStatus::Acknowledged
                | TaskStatus::InProgress
                | TaskStatus::Submitted
                | TaskStatus::Returned
                | TaskStatus::Completed
        )
    }
}

/// The instants a read of the figures compares deadlines with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    /// A deadline before this is past: `now`.
    pub now: DateTime<Utc>,
    /// A deadline before this is "due soon": the start, in the configured zone, of the day
    /// `due_soon_days + 1` working days after today, the first day a task's light is no longer
    /// yellow for its deadline (`TaskClock::light`).
    pub due_soon_before: DateTime<Utc>,
}

impl Horizon {
    pub fn at(now: DateTime<Utc>, calendar: &WorkCalendar, tz: Tz, due_soon_days: i64) -> Self {
        let today = now.with_timezone(&tz).date_naive();
        let first_not_soon = calendar.add_working_days(today, (due_soon_days + 1).clamp(1, i64::from(i32::MAX)) as i32);
        Horizon { now, due_soon_before: start_of_day(first_not_soon, tz) }
    }
}

/// The counts of one status and on-time flag, split by where the deadline lies against the
/// horizon: what a counter query returns per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassCount {
    pub status: TaskStatus,
    pub on_time: bool,
    pub n: i64,
    /// Of `n`, those with a deadline before `Horizon::now`.
    pub past: i64,
    /// Of `n`, those with a deadline before `Horizon::due_soon_before` (the past ones included).
    pub before_soon: i64,
}

/// The figures of a set of tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub total: i64,
    pub cancelled: i64,
    pub acknowledged: i64,
    pub completed: i64,
    pub completed_on_time: i64,
    pub overdue: i64,
    /// Open tasks (submissions in time awaiting review included).
    pub open: i64,
    /// Open tasks not overdue whose deadline is close enough for a yellow light.
    pub due_soon: i64,
}

impl Figures {
    pub fn add(&mut self, c: &ClassCount) {
        let class = TaskClass { status: c.status, on_time: c.on_time, due_at: DateTime::<Utc>::MIN_UTC };
        self.total += c.n;
        match c.status {
            TaskStatus::Cancelled => self.cancelled += c.n,
            TaskStatus::Completed => {
                self.completed += c.n;
                if c.on_time {
                    self.completed_on_time += c.n;
                }
            }
            _ => self.open += c.n,
        }
        if class.is_acknowledged() {
            self.acknowledged += c.n;
        }
        if class.may_be_overdue() {
            self.overdue += c.past;
            if c.status != TaskStatus::Submitted {
                self.due_soon += c.before_soon - c.past;
            }
        }
    }

    /// The figures of one task, as a brute-force count would see it at `horizon`.
    pub fn of_task(clock: &TaskClock, horizon: &Horizon) -> Self {
        let class = TaskClass::of(clock.status, clock.deadline, clock.submitted_at);
        let mut figures = Figures::default();
        figures.add(&ClassCount {
            status: class.status,
            on_time: class.on_time,
            n: 1,
            past: i64::from(class.due_at < horizon.now),
            before_soon: i64::from(class.due_at < horizon.due_soon_before),
        });
        figures
    }

    pub fn merge(&mut self, other: &Figures) {
        self.total += other.total;
        self.cancelled += other.cancelled;
        self.acknowledged += other.acknowledged;
        self.completed += other.completed;
        self.completed_on_time += other.completed_on_time;
        self.overdue += other.overdue;
        self.open += other.open;
        self.due_soon += other.due_soon;
    }

    /// `self` less `other`: the figures of a set less those of a subset of it.
    pub fn minus(&self, other: &Figures) -> Figures {
        Figures {
            total: self.total - other.total,
            cancelled: self.cancelled - other.cancelled,
            acknowledged: self.acknowledged - other.acknowledged,
            completed: self.completed - other.completed,
            completed_on_time: self.completed_on_time - other.completed_on_time,
            overdue: self.overdue - other.overdue,
            open: self.open - other.open,
            due_soon: self.due_soon - other.due_soon,
        }
    }

    /// Completed / (total − cancelled); none when every task was cancelled or there are none.
    pub fn completion_rate(&self) -> Option<f64> {
        let base = self.total - self.cancelled;
        (base > 0).then(|| self.completed as f64 / base as f64)
    }

    /// Completed on time / completed; none before anything is completed.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.completed > 0).then(|| self.completed_on_time as f64 / self.completed as f64)
    }

    /// How many open tasks stand at each light, by deadline (red overdue, yellow due soon,
    /// green the rest of the open ones), as the counters can tell it: a single task's light
    /// also turns yellow when it falls behind its pace, which these counts leave out.
    pub fn by_light(&self) -> LightCounts {
        LightCounts { red: self.overdue, yellow: self.due_soon, green: self.open - self.overdue - self.due_soon }
    }

    /// A unit's light from its tasks: red when one is overdue, yellow when one is due soon,
    /// green when work is open and none of that; none when nothing is open. (A single task's
    /// light also turns yellow when it falls behind its pace; a unit's light counts deadlines
    /// only, so that it can be read from the counters.)
    pub fn light(&self) -> Option<Light> {
        self.light_reason().map(UnitLight::light)
    }

    /// The unit's light with what makes it so: its worst task decides, and says how many.
    pub fn light_reason(&self) -> Option<UnitLight> {
        if self.open == 0 {
            None
        } else if self.overdue > 0 {
            Some(UnitLight::Overdue { tasks: self.overdue })
        } else if self.due_soon > 0 {
            Some(UnitLight::DueSoon { tasks: self.due_soon })
        } else {
            Some(UnitLight::OnTrack { open: self.open })
        }
    }
}

/// Why a unit shows its light (`Figures::light_reason`): its worst tasks and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLight {
    /// Red: this many of its tasks are overdue (whatever its completion rate).
    Overdue { tasks: i64 },
    /// Yellow: none overdue; this many are due soon.
    DueSoon { tasks: i64 },
    /// Green: this many open, none late or close.
    OnTrack { open: i64 },
}

impl UnitLight {
    pub fn light(self) -> Light {
        match self {
            UnitLight::Overdue { .. } => Light::Red,
            UnitLight::DueSoon { .. } => Light::Yellow,
            UnitLight::OnTrack { .. } => Light::Green,
        }
    }
}

/// Open tasks per light (`Figures::by_light`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LightCounts {
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
}

/// Events a ranking deducts for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub late_reports: i64,
    pub returned_completions: i64,
}

/// Store names of the marks.
pub const LATE_REPORT: &str = "late_report";
pub const RETURNED_COMPLETION: &str = "returned_completion";

/// Something a change to a task counts against its unit (`Deductions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A progress report came later than its cadence asked.
    LateReport,
    /// A completion report was returned.
    ReturnedCompletion,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::LateReport => LATE_REPORT,
            Mark::ReturnedCompletion => RETURNED_COMPLETION,
        }
    }
}

/// What the rollups read of a task: where it is counted, by which class, and what its
/// reports are judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedTask {
    pub assignee: UnitId,
    pub directive: DirectiveId,
    /// The unit heading the task's chain (the counts of a unit's own chains, by status).
    pub top_assigner: UnitId,
    pub status: TaskStatus,
    pub deadline: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub last_report_at: Option<DateTime<Utc>>,
    pub report_every_days: Option<i32>,
}

/// Where and how a task is counted: under its unit (and every unit above it) and its
/// directive, in its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub unit: UnitId,
    pub directive: DirectiveId,
    pub top_assigner: UnitId,
    pub class: TaskClass,
}

impl CountedTask {
    pub fn place(&self) -> Place {
        Place {
            unit: self.assignee,
            directive: self.directive,
            top_assigner: self.top_assigner,
            class: TaskClass::of(self.status, self.deadline, self.submitted_at),
        }
    }
}

/// What one change to a task does to the rollups, for the store to write in the change's
/// transaction: the place it is taken out of and the place it is counted in (none when it
/// stays where it was counted), and the marks it makes, counted where the task is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupChange {
    pub take_out: Option<Place>,
    pub count_in: Option<Place>,
    pub marks: Vec<Mark>,
    pub now_at: Place,
}

impl RollupChange {
    /// Nothing to write: most changes (a progress report on a task in progress).
    pub fn is_empty(&self) -> bool {
        self.take_out.is_none() && self.count_in.is_none() && self.marks.is_empty()
    }
}

/// The rollup change of a task going from `before` (none: a new task) to `after`.
pub fn change(before: Option<&CountedTask>, after: &CountedTask) -> RollupChange {
    let mut marks = Vec::new();
    if let Some(before) = before {
        if let Some(at) = after.last_report_at
            && after.last_report_at != before.last_report_at
        {
            let since = before.last_report_at.or(before.acknowledged_at).unwrap_or(before.created_at);
            if is_late_report(before.report_every_days, since, at) {
                marks.push(Mark::LateReport);
            }
        }
        if before.status == TaskStatus::Submitted && after.status == TaskStatus::Returned {
            marks.push(Mark::ReturnedCompletion);
        }
    }
    let now_at = after.place();
    let was = before.map(CountedTask::place);
    let moved =
        was.is_none_or(|was| was.class != now_at.class || was.unit != now_at.unit || was.directive != now_at.directive);
    RollupChange { take_out: was.filter(|_| moved), count_in: moved.then_some(now_at), marks, now_at }
}

/// A report is late when it comes more than `every_days` days after `since`: the previous
/// report, or the acknowledgement for the first one (the assignment when never acknowledged).
pub fn is_late_report(every_days: Option<i32>, since: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    every_days.is_some_and(|days| at > since + Duration::days(i64::from(days)))
}

/// Points taken off per mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deductions {
    pub per_late_report: f64,
    pub per_returned_completion: f64,
}

impl Deductions {
    /// A score out of 100, less the deductions.
    pub fn score(&self, marks: &Marks) -> f64 {
        100.0
            - self.per_late_report * marks.late_reports as f64
            - self.per_returned_completion * marks.returned_completions as f64
    }
}

/// Orders sibling units: higher completion rate first, then higher on-time rate; a unit with
/// no rate yet (nothing to count) after those that have one; ties by `tie` (the unit id).
pub fn rank_order(a: (&Figures, i64), b: (&Figures, i64)) -> Ordering {
    fn desc(x: Option<f64>, y: Option<f64>) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    desc(a.0.completion_rate(), b.0.completion_rate())
        .then_with(|| desc(a.0.on_time_rate(), b.0.on_time_rate()))
        .then_with(|| a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).single().expect("valid instant")
    }

    fn counted(status: TaskStatus) -> CountedTask {
        CountedTask {
            assignee: UnitId(7),
            directive: DirectiveId(3),
            top_assigner: UnitId(1),
            status,
            deadline: at(20, 0),
            submitted_at: None,
            created_at: at(1, 0),
            acknowledged_at: Some(at(2, 0)),
            last_report_at: None,
            report_every_days: Some(7),
        }
    }

    #[test]
    fn a_new_task_is_counted_in_where_it_is_and_marks_nothing() {
        let task = counted(TaskStatus::Assigned);
        let change = change(None, &task);
        assert_eq!(change.take_out, None);
        assert_eq!(change.count_in, Some(task.place()));
        assert!(change.marks.is_empty());
    }

    #[test]
    fn a_report_in_the_same_class_moves_nothing_and_a_late_one_is_marked() {
        let before = counted(TaskStatus::InProgress);
        let in_time = CountedTask { last_report_at: Some(at(9, 0)), ..before };
        assert!(change(Some(&before), &in_time).is_empty(), "within seven days of the acknowledgement");
        let late = CountedTask { last_report_at: Some(at(9, 1)), ..before };
        let marked = change(Some(&before), &late);
        assert_eq!((marked.take_out, marked.count_in), (None, None));
        assert_eq!(marked.marks, vec![Mark::LateReport]);
    }

    #[test]
    fn a_new_status_or_unit_moves_the_task_and_a_return_is_marked() {
        let submitted = CountedTask { submitted_at: Some(at(10, 0)), ..counted(TaskStatus::Submitted) };
        let returned = CountedTask { status: TaskStatus::Returned, ..submitted };
        let change_back = change(Some(&submitted), &returned);
        assert_eq!(change_back.take_out, Some(submitted.place()));
        assert_eq!(change_back.count_in, Some(returned.place()));
        assert_eq!(change_back.marks, vec![Mark::ReturnedCompletion]);
        let elsewhere = CountedTask { assignee: UnitId(8), ..returned };
        let moved = change(Some(&returned), &elsewhere);
        assert_eq!(
            (moved.take_out.map(|p| p.unit), moved.count_in.map(|p| p.unit)),
            (Some(UnitId(7)), Some(UnitId(8)))
        );
        assert!(moved.marks.is_empty());
    }

    fn horizon() -> Horizon {
        // Tuesday 1 December 2026, 10:00 in Beijing.
        Horizon::at(at(1, 2), &WorkCalendar::default(), chrono_tz::Asia::Shanghai, 3)
    }

    #[test]
    fn due_soon_ends_where_the_task_light_stops_being_yellow() {
        let h = horizon();
        let cal = WorkCalendar::default();
        let tz = chrono_tz::Asia::Shanghai;
        for hours in 0..(24 * 14) {
            let deadline = h.now + Duration::hours(hours) + Duration::minutes(1);
            let clock = TaskClock {
                status: TaskStatus::InProgress,
                created_at: h.now,
                deadline,
                submitted_at: None,
                progress: 100,
            };
            let yellow = clock.light(h.now, &cal, tz, 3) == Some(Light::Yellow);
            assert_eq!(Figures::of_task(&clock, &h).due_soon == 1, yellow, "deadline {deadline}");
        }
    }

    #[test]
    fn figures_follow_the_task_clock() {
        let h = horizon();
        for &status in TaskStatus::ALL {
            for deadline in [at(1, 1), at(1, 3)] {
                for submitted_at in [None, Some(at(1, 0)), Some(at(1, 2))] {
                    let clock = TaskClock { status, created_at: at(1, 0), deadline, submitted_at, progress: 0 };
                    let f = Figures::of_task(&clock, &h);
                    assert_eq!(f.overdue == 1, clock.is_overdue(h.now), "{status} {deadline} {submitted_at:?}");
                    assert_eq!(f.completed_on_time == 1, clock.is_on_time(), "{status}");
                    assert_eq!(f.total, 1);
                }
            }
        }
    }

    #[test]
    fn rates_leave_cancelled_tasks_out_and_are_none_without_a_base() {
        let f = Figures { total: 10, cancelled: 2, completed: 4, completed_on_time: 3, ..Default::default() };
        assert_eq!(f.completion_rate(), Some(0.5));
        assert_eq!(f.on_time_rate(), Some(0.75));
        let none = Figures { total: 1, cancelled: 1, ..Default::default() };
        assert_eq!(none.completion_rate(), None);
        assert_eq!(none.on_time_rate(), None);
    }

    #[test]
    fn ranking_puts_completion_first_then_timeliness_then_units_without_figures() {
        let a = Figures { total: 4, completed: 2, completed_on_time: 1, ..Default::default() };
        let b = Figures { total: 4, completed: 2, completed_on_time: 2, ..Default::default() };
        let c = Figures { total: 4, completed: 3, ..Default::default() };
        let empty = Figures::default();
        let mut units = [(&empty, 1), (&a, 2), (&b, 3), (&c, 4)];
        units.sort_by(|x, y| rank_order(*x, *y));
        assert_eq!(units.iter().map(|u| u.1).collect::<Vec<_>>(), vec![4, 3, 2, 1]);
    }

    #[test]
    fn a_report_is_late_only_past_its_interval() {
        assert!(!is_late_report(Some(7), at(1, 0), at(8, 0)));
        assert!(is_late_report(Some(7), at(1, 0), at(8, 1)));
        assert!(!is_late_report(None, at(1, 0), at(30, 0)));
    }

    #[test]
    fn the_score_takes_off_the_configured_points() {
        let d = Deductions { per_late_report: 1.0, per_returned_completion: 2.0 };
        assert_eq!(d.score(&Marks { late_reports: 3, returned_completions: 2 }), 93.0);
    }

    #[test]
    fn a_unit_light_names_its_worst_tasks_even_at_nothing_done() {
        // Nothing completed, two overdue, one due soon: red for the two, at 0 %.
        let f = Figures { total: 5, open: 5, overdue: 2, due_soon: 1, ..Figures::default() };
        assert_eq!(f.completion_rate(), Some(0.0));
        assert_eq!(f.light_reason(), Some(UnitLight::Overdue { tasks: 2 }));
        assert_eq!(f.light(), Some(Light::Red));
        let f = Figures { total: 4, open: 3, completed: 1, due_soon: 2, ..Figures::default() };
        assert_eq!(f.light_reason(), Some(UnitLight::DueSoon { tasks: 2 }));
        let f = Figures { total: 4, open: 3, completed: 1, ..Figures::default() };
        assert_eq!(f.light_reason(), Some(UnitLight::OnTrack { open: 3 }));
        let f = Figures { total: 4, completed: 4, ..Figures::default() };
        assert_eq!(f.light_reason(), None);
    }
}
