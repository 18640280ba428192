//! The daily digest (督办日报): what a person above the unit that owes the work receives
//! instead of one e-mail per task. The unit that owes the work still gets its reminders and
//! escalations task by task; its parent's head, the assigner, the secretariat and the leaders
//! get at most one message a day, counting the tasks whose ladder has reached them by light
//! and by unit, with the most overdue first.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::{escalation::Recipient, timing::Light};

/// How many of the most overdue tasks a digest lists by name.
pub const MOST_LATE: usize = 20;

/// The outbox key of one person's (or mailbox's) digest of `day`: one a day, whatever the
/// number of sweeps.
pub fn key(day: NaiveDate, recipient: &Recipient) -> String {
    format!("digest:{day}:{}", recipient.key())
}

/// One task as a digest counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub task_id: i64,
    pub unit_id: i64,
    pub light: Option<Light>,
    pub deadline: DateTime<Utc>,
    /// Working days past the deadline (0 when not late).
    pub days_late: i64,
    pub title: String,
}

/// Tasks and overdue tasks of one unit in a digest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitLine {
    pub tasks: u64,
    pub overdue: u64,
}

/// One recipient's digest, gathered task by task during a sweep.
#[derive(Debug, Default)]
pub struct Digest {
    seen: HashSet<i64>,
    pub red: u64,
    pub yellow: u64,
    pub green: u64,
    by_unit: BTreeMap<i64, UnitLine>,
    late: Vec<Item>,
}

impl Digest {
    /// Counts the task `task_id` once, however many rungs of however many ladders name this
    /// recipient for it. `item` is only built for a task not counted yet.
    pub fn add(&mut self, task_id: i64, item: impl FnOnce() -> Item) {
        if !self.seen.insert(task_id) {
            return;
        }
        let item = item();
        match item.light {
            Some(Light::Red) => self.red += 1,
            Some(Light::Yellow) => self.yellow += 1,
            Some(Light::Green) => self.green += 1,
            None => {}
        }
        let line = self.by_unit.entry(item.unit_id).or_default();
        line.tasks += 1;
        if item.days_late > 0 {
            line.overdue += 1;
        }
        self.late.push(item);
        // Only the most overdue are kept: a root account may be named for a province's tasks.
        if self.late.len() >= 4 * MOST_LATE {
            self.keep_most_late();
        }
    }

    fn keep_most_late(&mut self) {
        self.late.sort_by(most_late_first);
        self.late.truncate(MOST_LATE);
    }

    /// The tasks counted.
    pub fn total(&self) -> u64 {
        self.seen.len() as u64
    }

    /// The most overdue tasks (most working days late first, then the earliest deadline, then
    /// the lowest id), at most [`MOST_LATE`].
    pub fn most_late(&mut self) -> &[Item] {
        self.keep_most_late();
        &self.late
    }

    /// Each unit with its tasks: the most overdue first, then the most tasks, then by id.
    pub fn units(&self) -> Vec<(i64, UnitLine)> {
        let mut units: Vec<(i64, UnitLine)> = self.by_unit.iter().map(|(id, line)| (*id, *line)).collect();
        units.sort_by(|a, b| b.1.overdue.cmp(&a.1.overdue).then(b.1.tasks.cmp(&a.1.tasks)).then(a.0.cmp(&b.0)));
        units
    }
}

/// The order of a digest's and a bundle's list: most working days late first, then the
/// earliest deadline, then the lowest id.
pub fn most_late_first(a: &Item, b: &Item) -> std::cmp::Ordering {
    b.days_late.cmp(&a.days_late).then(a.deadline.cmp(&b.deadline)).then(a.task_id.cmp(&b.task_id))
}

/// How the per-task reminders of the unit that owes the work reach one recipient in a day: the
/// first few one by one, the rest together in one bundle (督办提醒汇总) — a city that owes three
/// hundred tasks on the first morning gets one message listing them, not three hundred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundling {
    /// Reminders a recipient gets one by one in a day before the rest come bundled.
    pub apart_a_day: usize,
    /// The least time between two bundles to one recipient: reminders that fall due sooner
    /// wait for the next bundle.
    pub bundle_every: chrono::Duration,
}

/// What a recipient has had today from the sweep: reminders one by one, and the time of the
/// latest bundle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Told {
    pub apart: usize,
    pub last_bundle: Option<DateTime<Utc>>,
}

/// What happens to the new reminders a sweep owes one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Each is written as its own message.
    Apart,
    /// All are listed in one bundle.
    Bundle,
    /// A bundle went out less than `bundle_every` ago: they wait for the next sweep after it.
    Wait,
}

impl Bundling {
    /// Whether `new` reminders for a recipient already `told` today at `now` may go one by one,
    /// in a bundle, or must wait. One by one only while the day's count stays within
    /// `apart_a_day`, so a day holds at most `apart_a_day` single reminders and one bundle per
    /// `bundle_every`.
    pub fn verdict(&self, told: Told, new: usize, now: DateTime<Utc>) -> Verdict {
        if told.apart + new <= self.apart_a_day {
            Verdict::Apart
        } else if told.last_bundle.is_some_and(|at| now - at < self.bundle_every) {
            Verdict::Wait
        } else {
            Verdict::Bundle
        }
    }

    /// Whether one more reminder, after `gathered` new ones, would still go one by one.
    pub fn still_apart(&self, told: Told, gathered: usize) -> bool {
        told.apart + gathered < self.apart_a_day
    }
}

/// The outbox key of the bundle written at `now` to `recipient`.
pub fn bundle_key(now: DateTime<Utc>, recipient: &Recipient) -> String {
    format!("bundle:{}:{}", now.format("%Y%m%dT%H%M%S"), recipient.key())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn item(task_id: i64, unit_id: i64, light: Light, days_late: i64, day: u32) -> Item {
        Item {
            task_id,
            unit_id,
            light: Some(light),
            deadline: Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).single().expect("valid"),
            days_late,
            title: format!("task {task_id}"),
        }
    }

    #[test]
    fn reminders_go_one_by_one_up_to_the_days_count_then_bundled_at_most_once_per_interval() {
        let rule = Bundling { apart_a_day: 3, bundle_every: chrono::Duration::hours(4) };
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).single().expect("valid");
        let told = |apart, hours_ago: Option<i64>| Told {
            apart,
            last_bundle: hours_ago.map(|h| now - chrono::Duration::hours(h)),
        };
        assert_eq!(rule.verdict(told(0, None), 3, now), Verdict::Apart);
        assert_eq!(rule.verdict(told(0, None), 4, now), Verdict::Bundle);
        assert_eq!(rule.verdict(told(2, None), 1, now), Verdict::Apart);
        assert_eq!(rule.verdict(told(2, None), 2, now), Verdict::Bundle);
        assert_eq!(rule.verdict(told(3, Some(1)), 1, now), Verdict::Wait);
        assert_eq!(rule.verdict(told(3, Some(4)), 1, now), Verdict::Bundle);
        assert_eq!(rule.verdict(told(0, Some(1)), 2, now), Verdict::Apart, "single ones stay within the day's count");
        assert!(rule.still_apart(told(1, None), 1) && !rule.still_apart(told(1, None), 2));
    }

    #[test]
    fn a_task_named_by_two_rungs_is_counted_once() {
        let mut digest = Digest::default();
        digest.add(7, || item(7, 1, Light::Red, 3, 2));
        digest.add(7, || panic!("a task counted once is not built again"));
        assert_eq!((digest.total(), digest.red, digest.yellow, digest.green), (1, 1, 0, 0));
        assert_eq!(digest.units(), vec![(1, UnitLine { tasks: 1, overdue: 1 })]);
    }

    #[test]
    fn lights_and_units_are_counted_and_units_ranked_by_overdue_then_tasks() {
        let mut digest = Digest::default();
        digest.add(1, || item(1, 10, Light::Red, 2, 3));
        digest.add(2, || item(2, 10, Light::Yellow, 0, 20));
        digest.add(3, || item(3, 11, Light::Red, 5, 1));
        digest.add(4, || item(4, 11, Light::Red, 1, 4));
        digest.add(5, || item(5, 12, Light::Green, 0, 25));
        digest.add(6, || item(6, 12, Light::Green, 0, 26));
        digest.add(7, || item(7, 12, Light::Yellow, 0, 27));
        assert_eq!((digest.total(), digest.red, digest.yellow, digest.green), (7, 3, 2, 2));
        assert_eq!(
            digest.units(),
            vec![
                (11, UnitLine { tasks: 2, overdue: 2 }),
                (10, UnitLine { tasks: 2, overdue: 1 }),
                (12, UnitLine { tasks: 3, overdue: 0 }),
            ]
        );
    }

    #[test]
    fn the_most_late_are_kept_from_many_most_working_days_late_first() {
        let mut digest = Digest::default();
        // 200 tasks, task i late by i % 50 working days, deadlines spread over the month.
        for i in 1..=200_i64 {
            digest.add(i, || item(i, 1, Light::Red, i % 50, 1 + (i % 28) as u32));
        }
        let late: Vec<(i64, i64)> = digest.most_late().iter().map(|i| (i.days_late, i.task_id)).collect();
        // By hand: 49 days late are tasks 49, 99, 149, 199; 48 are 48, 98, 148, 198; and so on,
        // each group by deadline (day 1 + i % 28), then id.
        let mut expected = Vec::new();
        for days in (0..50).rev() {
            let mut group: Vec<i64> = (1..=200).filter(|i| i % 50 == days).collect();
            group.sort_by_key(|i| (1 + i % 28, *i));
            expected.extend(group.into_iter().map(|i| (days, i)));
        }
        expected.truncate(MOST_LATE);
        assert_eq!(late, expected);
        assert_eq!(digest.total(), 200);
    }
}
