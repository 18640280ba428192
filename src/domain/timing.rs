//! Derived facts about time: overdue, on time, due soon, and the warning light. None of them
//! is stored; each is computed from the task's state, its deadline and the current instant.
//! These are the definitions; their one SQL form is `store::timing`, and a table test there
//! checks that the two agree.

use chrono::{DateTime, Months, Utc};
use chrono_tz::Tz;

use super::{calendar::WorkCalendar, lifecycle::TaskStatus, string_enum};

/// How far ahead a deadline may be set, in years. Work is planned in months, a programme in
/// years; a date further out is a typing error (or an attempt to make every count of working
/// days long).
pub const DEADLINE_HORIZON_YEARS: u32 = 10;

/// The latest deadline that may be set at `now`.
pub fn latest_deadline(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_months(Months::new(12 * DEADLINE_HORIZON_YEARS)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The facts about one task that its timing depends on.
#[derive(Debug, Clone, Copy)]
pub struct TaskClock {
    pub status: TaskStatus,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub progress: i32,
}

impl TaskClock {
    /// A completion report came in at or before the deadline, and stands (submitted and
    /// waiting for review, or accepted): what "on time" counts, and what keeps a submission
    /// waiting for review from turning overdue.
    pub fn submitted_in_time(&self) -> bool {
        matches!(self.status, TaskStatus::Submitted | TaskStatus::Completed)
            && self.submitted_at.is_some_and(|at| at <= self.deadline)
    }

    /// Open and past its deadline. A completion report submitted in time and still waiting
    /// for review is not overdue: the unit has done its part and the delay is the reviewer's.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && now > self.deadline && !self.submitted_in_time()
    }

    /// Completed at or before its (possibly extended) deadline. The moment that counts is the
    /// submission of the completion report that was accepted, not the reviewer's acceptance.
    pub fn is_on_time(&self) -> bool {
        self.status == TaskStatus::Completed && self.submitted_in_time()
    }

    /// Still to be done by its unit (open, not waiting for review), not overdue, and due
    /// within `due_soon_days` working days of today in `tz`: what turns a light yellow for its
    /// deadline, and the inbox's "due soon".
    pub fn is_due_soon(&self, now: DateTime<Utc>, calendar: &WorkCalendar, tz: Tz, due_soon_days: i64) -> bool {
        if !self.status.is_open() || self.status == TaskStatus::Submitted || self.is_overdue(now) {
            return false;
        }
        let today = now.with_timezone(&tz).date_naive();
        let due = self.deadline.with_timezone(&tz).date_naive();
        calendar.working_days_between(today, due) <= due_soon_days
    }

    /// Green on track, yellow due within `due_soon_days` working days or behind the expected
    /// pace, red overdue. Closed tasks show no light.
    pub fn light(&self, now: DateTime<Utc>, calendar: &WorkCalendar, tz: Tz, due_soon_days: i64) -> Option<Light> {
        self.light_reason(now, calendar, tz, due_soon_days).map(LightReason::light)
    }

    /// The light with the reason it shows: what a yellow light says beside it (due within N
    /// working days, or behind pace by X points). Closed tasks show no light.
    pub fn light_reason(
        &self,
        now: DateTime<Utc>,
        calendar: &WorkCalendar,
        tz: Tz,
        due_soon_days: i64,
    ) -> Option<LightReason> {
        if !self.status.is_open() {
            return None;
        }
        if self.is_overdue(now) {
            return Some(LightReason::Overdue);
        }
        if self.status == TaskStatus::Submitted {
            return Some(LightReason::AwaitingReview);
        }
        if self.is_due_soon(now, calendar, tz, due_soon_days) {
            let today = now.with_timezone(&tz).date_naive();
            let due = self.deadline.with_timezone(&tz).date_naive();
            return Some(LightReason::DueSoon { working_days: calendar.working_days_between(today, due).max(0) });
        }
        let expected = self.expected_progress(now);
        if self.progress < expected {
            return Some(LightReason::BehindPace { points: expected - self.progress, expected });
        }
        Some(LightReason::OnTrack)
    }

    /// The percentage a task moving at an even pace would have reached by `now`, less a
    /// quarter of the span as slack so that a task started late in its window is not flagged
    /// at once.
    fn expected_progress(&self, now: DateTime<Utc>) -> i32 {
        let span = (self.deadline - self.created_at).num_seconds();
        if span <= 0 {
            return 0;
        }
        let elapsed = (now - self.created_at).num_seconds().clamp(0, span);
        let pace = (elapsed * 100 / span) as i32;
        (pace - 25).max(0)
    }
}

string_enum! {
    /// 红黄绿灯.
    Light { Green => "green", Yellow => "yellow", Red => "red" }
}

/// Why an open task shows its light (`TaskClock::light_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LightReason {
    /// Red: open and past its deadline.
    Overdue,
    /// Green: the completion came in time and waits for the assigner's review.
    AwaitingReview,
    /// Yellow: due within this many working days (0: today).
    DueSoon { working_days: i64 },
    /// Yellow: `points` percentage points short of the `expected` pace.
    BehindPace { points: i32, expected: i32 },
    /// Green: neither late, nor close, nor behind.
    OnTrack,
}

impl LightReason {
    pub fn light(self) -> Light {
        match self {
            LightReason::Overdue => Light::Red,
            LightReason::DueSoon { .. } | LightReason::BehindPace { .. } => Light::Yellow,
            LightReason::AwaitingReview | LightReason::OnTrack => Light::Green,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 8, 0, 0).single().expect("valid instant")
    }

    fn clock(status: TaskStatus) -> TaskClock {
        TaskClock { status, created_at: at(2026, 11, 2), deadline: at(2026, 12, 31), submitted_at: None, progress: 0 }
    }

    #[test]
    fn an_open_task_past_its_deadline_is_overdue() {
        let task = clock(TaskStatus::InProgress);
        assert!(!task.is_overdue(at(2026, 12, 31)));
        assert!(task.is_overdue(at(2027, 1, 1)));
    }

    #[test]
    fn closed_tasks_are_never_overdue() {
        for status in [TaskStatus::Completed, TaskStatus::Cancelled] {
            assert!(!clock(status).is_overdue(at(2027, 6, 1)));
        }
    }

    #[test]
    fn a_report_submitted_in_time_and_awaiting_review_is_not_overdue() {
        let mut task = clock(TaskStatus::Submitted);
        task.submitted_at = Some(at(2026, 12, 30));
        assert!(!task.is_overdue(at(2027, 1, 5)));
        task.submitted_at = Some(at(2027, 1, 2));
        assert!(task.is_overdue(at(2027, 1, 5)));
    }

    #[test]
    fn on_time_means_the_accepted_submission_came_by_the_deadline() {
        let mut task = clock(TaskStatus::Completed);
        task.submitted_at = Some(at(2026, 12, 31));
        assert!(task.is_on_time());
        task.submitted_at = Some(at(2027, 1, 1));
        assert!(!task.is_on_time());
        let mut open = clock(TaskStatus::Submitted);
        open.submitted_at = Some(at(2026, 12, 1));
        assert!(!open.is_on_time(), "not completed yet");
    }

    #[test]
    fn the_light_turns_yellow_near_the_deadline_and_red_after_it() {
        let cal = WorkCalendar::default();
        let tz = chrono_tz::Asia::Shanghai;
        let mut task = clock(TaskStatus::InProgress);
        task.progress = 100;
        assert_eq!(task.light(at(2026, 11, 3), &cal, tz, 3), Some(Light::Green));
        assert_eq!(task.light(at(2026, 12, 28), &cal, tz, 3), Some(Light::Yellow));
        assert_eq!(task.light(at(2027, 1, 1), &cal, tz, 3), Some(Light::Red));
        assert_eq!(clock(TaskStatus::Completed).light(at(2027, 1, 1), &cal, tz, 3), None);
    }

    #[test]
    fn a_task_behind_its_pace_shows_yellow() {
        let cal = WorkCalendar::default();
        let tz = chrono_tz::Asia::Shanghai;
        let mut task = clock(TaskStatus::InProgress);
        task.progress = 10;
        // Two thirds of the window gone with 10% done.
        assert_eq!(task.light(at(2026, 12, 12), &cal, tz, 3), Some(Light::Yellow));
        task.progress = 60;
        assert_eq!(task.light(at(2026, 12, 12), &cal, tz, 3), Some(Light::Green));
    }

    #[test]
    fn a_yellow_light_says_whether_it_is_the_deadline_or_the_pace() {
        let cal = WorkCalendar::default();
        let tz = chrono_tz::Asia::Shanghai;
        // Created Mon 2 Nov, due Thu 31 Dec 2026 (16:00 Shanghai).
        let mut task = clock(TaskStatus::InProgress);
        task.progress = 100;
        // Mon 28 Dec → Thu 31 Dec: Tue, Wed, Thu are three working days away.
        assert_eq!(task.light_reason(at(2026, 12, 28), &cal, tz, 3), Some(LightReason::DueSoon { working_days: 3 }));
        assert_eq!(task.light_reason(at(2026, 12, 31), &cal, tz, 3), Some(LightReason::DueSoon { working_days: 0 }));
        assert_eq!(task.light_reason(at(2026, 11, 3), &cal, tz, 3), Some(LightReason::OnTrack));
        // 12 Dec 08:00 UTC: 40 of 59 days gone, 67 % of the span; less 25 points of slack
        // the pace is 42 %; 10 % done is 32 points behind.
        task.progress = 10;
        assert_eq!(
            task.light_reason(at(2026, 12, 12), &cal, tz, 3),
            Some(LightReason::BehindPace { points: 32, expected: 42 })
        );
        task.progress = 42;
        assert_eq!(task.light_reason(at(2026, 12, 12), &cal, tz, 3), Some(LightReason::OnTrack));
        assert_eq!(task.light_reason(at(2027, 1, 1), &cal, tz, 3), Some(LightReason::Overdue));
        let mut waiting = clock(TaskStatus::Submitted);
        waiting.submitted_at = Some(at(2026, 12, 1));
        assert_eq!(waiting.light_reason(at(2026, 12, 30), &cal, tz, 3), Some(LightReason::AwaitingReview));
        assert_eq!(clock(TaskStatus::Cancelled).light_reason(at(2026, 12, 30), &cal, tz, 3), None);
    }
}
