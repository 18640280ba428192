//! Escalation planning: given tasks, the ladders of steps, the working-day calendar and the
//! current instant, which reminders are due. No database and no clock: the sweep reads the
//! facts, calls `plan`, resolves each audience to people and writes the outbox.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{calendar::WorkCalendar, lifecycle::TaskStatus, message::Message, vocabulary::Audience};

/// One rung of a ladder: `offset_days` working days from the deadline's day (negative before
/// it), who is written to, and with which e-mail template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: i64,
    pub offset_days: i32,
    pub audience: Audience,
    pub template: String,
}

/// The e-mail templates a ladder step may send: those that chase work towards a deadline.
pub const STEP_TEMPLATES: &[&str] = &["reminder", "due_today", "overdue", "escalation"];

/// How far from the deadline a step may fire, in working days (negative: before it).
pub const STEP_OFFSETS: std::ops::RangeInclusive<i32> = -30..=60;

/// Why a step an administrator adds cannot be: the field and the reason.
pub fn check_step(offset_days: i32, template: &str) -> Result<(), (&'static str, Message)> {
    if !STEP_OFFSETS.contains(&offset_days) {
        return Err((
            "offset_days",
            Message::new("error-step-offset").number("min", *STEP_OFFSETS.start()).number("max", *STEP_OFFSETS.end()),
        ));
    }
    if !STEP_TEMPLATES.contains(&template) {
        return Err(("template", Message::new("error-one-of").text("known", STEP_TEMPLATES.join(", "))));
    }
    if template == "reminder" && offset_days > 0 || template == "overdue" && offset_days <= 0 {
        return Err((
            "template",
            Message::new("error-step-template").text("template", template).number("days", offset_days),
        ));
    }
    Ok(())
}

/// What planning needs to know about one task.
#[derive(Debug, Clone, Copy)]
pub struct TaskFacts {
    pub id: i64,
    pub status: TaskStatus,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub ack_due_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub report_every_days: Option<i32>,
    pub last_report_at: Option<DateTime<Utc>>,
}

/// Why a notification is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A rung of the task's ladder has come.
    Step { step_id: i64 },
    /// The time to acknowledge has passed and nobody acknowledged.
    AckOverdue,
    /// A periodic progress report was due on `due_on` (local date) and none came.
    ReportMissed { due_on: NaiveDate },
}

/// One notification owed for a task, before its audience is resolved to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub task_id: i64,
    pub reason: Reason,
    pub audience: Audience,
    pub template: String,
}

/// The templates of the notifications that chase work (as opposed to those telling of a
/// change): they are not sent once the task is closed.
pub const CHASING_TEMPLATES: &[&str] =
    &["reminder", "due_today", "overdue", "escalation", "ack_overdue", "report_missed"];

impl Due {
    /// The ladder's rung this notification is for, if a rung's (not an acknowledgement or a
    /// report overdue).
    pub fn step_id(&self) -> Option<i64> {
        match self.reason {
            Reason::Step { step_id } => Some(step_id),
            Reason::AckOverdue | Reason::ReportMissed { .. } => None,
        }
    }

    /// The stable key of this notification for one recipient: a second sweep computes the same
    /// key and the outbox's unique index refuses the row. `recipient` is a user id, or an
    /// address when the recipient is a unit's mailbox with no account.
    pub fn dedup_key(&self, recipient: &Recipient) -> String {
        let who = recipient.key();
        match &self.reason {
            Reason::Step { step_id } => format!("step:{}:{step_id}:{who}", self.task_id),
            Reason::AckOverdue => format!("ack:{}:{who}", self.task_id),
            Reason::ReportMissed { due_on } => format!("report:{}:{due_on}:{who}", self.task_id),
        }
    }
}

/// The key of the message a change owes one recipient: the audit event that recorded the
/// change, and the recipient.
pub fn change_key(event_id: i64, recipient: &Recipient) -> String {
    format!("change:{event_id}:{}", recipient.key())
}

/// The key of a reminder someone sent by hand (催办, "remind now"): one per task, day, sender
/// and recipient.
pub fn reminder_key(task_id: i64, day: chrono::NaiveDate, sender_user_id: i64, recipient: &Recipient) -> String {
    format!("remind:{task_id}:{day}:by{sender_user_id}:{}", recipient.key())
}

/// Whom a notification goes to: an account, a unit head's mailbox that no account owns, or a
/// unit's group robot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Recipient {
    User(i64),
    Mailbox(String),
    Robot(i64),
}

impl Recipient {
    /// How outbox keys name the recipient.
    pub fn key(&self) -> String {
        match self {
            Recipient::User(id) => format!("u{id}"),
            Recipient::Robot(id) => format!("r{id}"),
            // The key column holds 255 characters: a long address is named by its digest.
            Recipient::Mailbox(address) if address.len() > 160 => {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(address.to_ascii_lowercase().as_bytes());
                format!("h{}", hex::encode(&digest[..16]))
            }
            Recipient::Mailbox(address) => format!("m{}", address.to_ascii_lowercase()),
        }
    }
}

/// The statuses in which the assignee still owes work. A submitted task waits for its reviewer,
/// a declined one for its assigner: chasing the assignee then would be wrong.
pub fn assignee_owes_work(status: TaskStatus) -> bool {
    matches!(status, TaskStatus::Assigned | TaskStatus::Acknowledged | TaskStatus::InProgress | TaskStatus::Returned)
}

/// The latest deadline a ladder step can be due for at `now`: tasks due after it need no
/// planning (unless they are unacknowledged or owe periodic reports). Generous by a working
/// day, so that a deadline on a day off, counted from the working day before, is inside.
pub fn horizon<'a>(
    steps: impl IntoIterator<Item = &'a Step>,
    calendar: &WorkCalendar,
    tz: Tz,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let earliest = steps.into_iter().map(|s| s.offset_days).min().unwrap_or(0).min(0);
    let last_day = calendar.add_working_days(day_of(now, tz), 1 - earliest);
    super::calendar::end_of_day(last_day, tz)
}

/// The local day of an instant.
fn day_of(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The day a step fires for a deadline on `deadline_day`: `offset` working days away from it.
/// A deadline that falls on a day off is counted from the working day before it, so "on the
/// deadline" and "3 days overdue" keep their meaning.
pub fn step_day(calendar: &WorkCalendar, deadline_day: NaiveDate, offset: i32) -> NaiveDate {
    let anchor =
        if calendar.is_working_day(deadline_day) { deadline_day } else { calendar.add_working_days(deadline_day, -1) };
    calendar.add_working_days(anchor, offset)
}

/// The notifications due at `now` for `task`, whose ladder is `steps`.
///
/// - A step is due from its day on, if its day came after the task was created (a task
///   assigned two days before its deadline gets no "three days before" reminder) and the task
///   is open with work owed by the assignee, until a later step's day comes. Steps after the
///   deadline also need the task to be overdue.
/// - The acknowledge limit: once passed with the task still unacknowledged.
/// - Progress reports every `report_every_days` calendar days, counted from the last report
///   (or the acknowledgement, or the assignment): one notification per missed period.
pub fn plan(task: &TaskFacts, steps: &[Step], calendar: &WorkCalendar, tz: Tz, now: DateTime<Utc>) -> Vec<Due> {
    let mut due = Vec::new();
    if !assignee_owes_work(task.status) {
        return due;
    }
    let today = day_of(now, tz);
    let created = day_of(task.created_at, tz);
    let deadline_day = day_of(task.deadline, tz);
    let overdue = now > task.deadline;
    let come = |step: &Step| {
        let fires = step_day(calendar, deadline_day, step.offset_days);
        fires <= today && fires >= created && (step.offset_days <= 0 || overdue)
    };
    // Only the latest rung that has come: a sweep that first sees a task late (after downtime,
    // or a task loaded late) sends the current rung, not a "three days left" about a task
    // that is overdue already. Swept daily, every rung goes out on its own day.
    let current = steps.iter().filter(|s| come(s)).map(|s| s.offset_days).max();
    for step in steps.iter().filter(|s| come(s) && Some(s.offset_days) == current) {
        due.push(Due {
            task_id: task.id,
            reason: Reason::Step { step_id: step.id },
            audience: step.audience,
            template: step.template.clone(),
        });
    }
    if task.status == TaskStatus::Assigned && task.acknowledged_at.is_none() && now > task.ack_due_at {
        due.push(Due {
            task_id: task.id,
            reason: Reason::AckOverdue,
            audience: Audience::AssigneeUnit,
            template: "ack_overdue".to_owned(),
        });
    }
    if let Some(every) = task.report_every_days.filter(|d| *d > 0)
        && let Some(due_on) = missed_report(task, every, now, tz)
    {
        due.push(Due {
            task_id: task.id,
            reason: Reason::ReportMissed { due_on },
            audience: Audience::AssigneeUnit,
            template: "report_missed".to_owned(),
        });
    }
    due
}

/// The local day the latest missed progress report was due, if one is missed at `now`.
fn missed_report(task: &TaskFacts, every: i32, now: DateTime<Utc>, tz: Tz) -> Option<NaiveDate> {
    let since = task.last_report_at.or(task.acknowledged_at).unwrap_or(task.created_at);
    let period = Duration::days(i64::from(every));
    let elapsed = now - since;
    if elapsed <= period {
        return None;
    }
    // The start of the current period is the end of the one that was missed.
    let missed_periods = elapsed.num_seconds() / period.num_seconds();
    let due_at = since + period * (missed_periods as i32);
    // Nothing owed after the deadline: the ladder's overdue steps speak then.
    (due_at <= task.deadline).then(|| day_of(due_at, tz))
}

/// How a task stands against its deadline, in working days, for the e-mail's text: positive
/// when days are left, negative when late, zero on the day.
pub fn working_days_left(calendar: &WorkCalendar, deadline: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> i64 {
    calendar.working_days_between(day_of(now, tz), day_of(deadline, tz))
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, TimeZone};

    use super::*;

    const TZ: Tz = chrono_tz::Asia::Shanghai;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// 10:00 in Beijing on that day.
    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(y, m, d, 10, 0, 0).single().expect("valid instant").with_timezone(&Utc)
    }

    fn ladder() -> Vec<Step> {
        [
            (-3, Audience::AssigneeUnit, "reminder"),
            (0, Audience::AssigneeHead, "due_today"),
            (3, Audience::AssignerUnit, "overdue"),
            (7, Audience::Leader, "escalation"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (offset, audience, template))| Step {
            id: i as i64 + 1,
            offset_days: *offset,
            audience: *audience,
            template: (*template).to_owned(),
        })
        .collect()
    }

    fn task(deadline: DateTime<Utc>) -> TaskFacts {
        TaskFacts {
            id: 7,
            status: TaskStatus::InProgress,
            created_at: at(2026, 9, 1),
            deadline: crate::domain::calendar::end_of_day(day_of(deadline, TZ), TZ),
            ack_due_at: at(2026, 9, 2),
            acknowledged_at: Some(at(2026, 9, 1)),
            report_every_days: None,
            last_report_at: None,
        }
    }

    fn templates(due: &[Due]) -> Vec<&str> {
        due.iter().map(|d| d.template.as_str()).collect()
    }

    /// National Day week 2026: 1–7 October off, Sunday 27 September and Saturday 10 October worked.
    fn national_day() -> WorkCalendar {
        WorkCalendar::new((1..=7).map(|d| day(2026, 10, d)), [day(2026, 9, 27), day(2026, 10, 10)])
    }

    #[test]
    fn each_step_fires_from_its_working_day_until_the_next_one_comes() {
        let cal = WorkCalendar::default();
        // Deadline Friday 27 November; three working days before is Tuesday 24th.
        let t = task(at(2026, 11, 27));
        assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 11, 23)).is_empty());
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 11, 24))), ["reminder"]);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 11, 26))), ["reminder"]);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 11, 27))), ["due_today"]);
        // Three working days after Friday is Wednesday 2 December.
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 12, 1))), ["due_today"]);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 12, 2))), ["overdue"]);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 12, 8))), ["escalation"]);
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_counted() {
        let cal = national_day();
        // Deadline Friday 9 October, the day before the make-up Saturday.
        let t = task(at(2026, 10, 9));
        // Three working days before 9 October: 8th, then back over the holiday to 30 September,
        // 29 September. The reminder fires on Tuesday 29 September.
        assert_eq!(step_day(&cal, day(2026, 10, 9), -3), day(2026, 9, 29));
        assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 9, 28)).is_empty());
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 9, 29))), ["reminder"]);
        // Three working days after: Saturday 10 (made up), Monday 12, Tuesday 13.
        assert_eq!(step_day(&cal, day(2026, 10, 9), 3), day(2026, 10, 13));
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 10, 12))), ["due_today"]);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 10, 13))), ["overdue"]);
    }

    #[test]
    fn the_horizon_holds_every_deadline_a_step_can_be_due_for() {
        let cal = national_day();
        let steps = ladder();
        // Days around the National Day week, when weekends and holidays stretch the distance.
        for today in day(2026, 9, 24).iter_days().take(20) {
            let now = at(today.year(), today.month(), today.day());
            let horizon = horizon(&steps, &cal, TZ, now);
            for deadline in today.iter_days().take(30) {
                let t = task(crate::domain::calendar::end_of_day(deadline, TZ));
                if !plan(&t, &steps, &cal, TZ, now).is_empty() {
                    assert!(t.deadline <= horizon, "on {today}, a step is due for {deadline} beyond the horizon");
                }
            }
        }
    }

    #[test]
    fn a_deadline_on_a_day_off_counts_from_the_working_day_before() {
        let cal = national_day();
        // A deadline on 3 October (a holiday) is "due today" on 30 September.
        assert_eq!(step_day(&cal, day(2026, 10, 3), 0), day(2026, 9, 30));
        assert_eq!(step_day(&cal, day(2026, 10, 3), 1), day(2026, 10, 8));
    }

    #[test]
    fn closed_submitted_and_declined_tasks_are_not_chased() {
        let cal = WorkCalendar::default();
        for status in [TaskStatus::Completed, TaskStatus::Cancelled, TaskStatus::Submitted, TaskStatus::Declined] {
            let mut t = task(at(2026, 11, 27));
            t.status = status;
            assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 12, 20)).is_empty(), "{status}");
        }
    }

    #[test]
    fn a_task_first_seen_late_gets_only_the_current_rung() {
        let cal = WorkCalendar::default();
        let t = task(at(2026, 11, 27));
        let due = plan(&t, &ladder(), &cal, TZ, at(2026, 12, 3));
        assert_eq!(templates(&due), ["overdue"], "no stale reminder for an overdue task");
    }

    #[test]
    fn a_task_created_after_a_step_day_skips_that_step() {
        let cal = WorkCalendar::default();
        let mut t = task(at(2026, 11, 27));
        t.created_at = at(2026, 11, 26);
        assert_eq!(templates(&plan(&t, &ladder(), &cal, TZ, at(2026, 11, 27))), ["due_today"]);
    }

    #[test]
    fn an_unacknowledged_task_past_its_limit_is_chased_once() {
        let cal = WorkCalendar::default();
        let mut t = task(at(2026, 12, 31));
        t.status = TaskStatus::Assigned;
        t.acknowledged_at = None;
        t.ack_due_at = at(2026, 11, 3);
        assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 11, 3)).is_empty());
        let due = plan(&t, &ladder(), &cal, TZ, at(2026, 11, 4));
        assert_eq!(templates(&due), ["ack_overdue"]);
        let later = plan(&t, &ladder(), &cal, TZ, at(2026, 11, 20));
        assert_eq!(due[0].dedup_key(&Recipient::User(3)), later[0].dedup_key(&Recipient::User(3)));
        assert_eq!(due[0].dedup_key(&Recipient::User(3)), "ack:7:u3");
    }

    #[test]
    fn a_missed_progress_report_is_owed_once_per_period() {
        let cal = WorkCalendar::default();
        let mut t = task(at(2026, 12, 31));
        t.report_every_days = Some(7);
        t.acknowledged_at = Some(at(2026, 11, 2));
        assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 11, 9)).is_empty(), "exactly a week: not late yet");
        let first = plan(&t, &ladder(), &cal, TZ, at(2026, 11, 10));
        assert_eq!(first[0].reason, Reason::ReportMissed { due_on: day(2026, 11, 9) });
        let same = plan(&t, &ladder(), &cal, TZ, at(2026, 11, 15));
        assert_eq!(first, same, "the same period, the same key");
        let second = plan(&t, &ladder(), &cal, TZ, at(2026, 11, 17));
        assert_eq!(second[0].reason, Reason::ReportMissed { due_on: day(2026, 11, 16) });
        // A report restarts the count.
        t.last_report_at = Some(at(2026, 11, 16));
        assert!(plan(&t, &ladder(), &cal, TZ, at(2026, 11, 17)).is_empty());
    }

    #[test]
    fn keys_name_the_task_the_step_and_the_recipient() {
        let due = Due {
            task_id: 12,
            reason: Reason::Step { step_id: 4 },
            audience: Audience::AssigneeHead,
            template: "due_today".into(),
        };
        assert_eq!(due.dedup_key(&Recipient::User(9)), "step:12:4:u9");
        assert_eq!(due.dedup_key(&Recipient::Mailbox("Head@JJ.example".into())), "step:12:4:mhead@jj.example");
        let long = format!("{}@jj.example", "h".repeat(240));
        let key = due.dedup_key(&Recipient::Mailbox(long.clone()));
        assert!(key.len() <= 255 && key.starts_with("step:12:4:h"), "{key}");
        assert_eq!(key, due.dedup_key(&Recipient::Mailbox(long.to_uppercase())), "stable, and case-blind");
        assert_eq!(change_key(31, &Recipient::User(9)), "change:31:u9");
    }

    #[test]
    fn working_days_left_are_negative_when_late() {
        let cal = WorkCalendar::default();
        let deadline = crate::domain::calendar::end_of_day(day(2026, 11, 27), TZ);
        assert_eq!(working_days_left(&cal, deadline, at(2026, 11, 24), TZ), 3);
        assert_eq!(working_days_left(&cal, deadline, at(2026, 12, 2), TZ), -3);
    }

    #[test]
    fn a_step_fires_within_the_offsets_and_sends_a_chasing_template() {
        assert!(check_step(-3, "reminder").is_ok());
        assert!(check_step(7, "escalation").is_ok());
        assert_eq!(check_step(61, "escalation").unwrap_err().0, "offset_days");
        assert_eq!(check_step(-31, "reminder").unwrap_err().0, "offset_days");
        assert_eq!(check_step(0, "welcome").unwrap_err().0, "template");
        assert_eq!(check_step(3, "reminder").unwrap_err().0, "template");
        assert_eq!(check_step(0, "overdue").unwrap_err().0, "template");
    }
}
