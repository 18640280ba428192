//! How guessing at passwords is slowed, without ever slowing the people who know theirs.
//!
//! Two keys per sign-in. The account from an address (`PER_ACCOUNT_AND_ADDRESS`) counts each
//! attempt before its password is checked, so thirty parallel guesses at one account get
//! five checks, not thirty; a success clears it. The address (`PER_ADDRESS`, loose, for one
//! address spraying many accounts) counts only wrong passwords, after they were found wrong:
//! an office behind one address may sign fifty people in at the same instant, and none of
//! them is refused because the others were signing in too.
//!
//! The first few counted under a key go through at once, each one after that makes the next
//! wait twice as long, up to a cap; a key is forgotten after a quiet spell.

use chrono::{DateTime, Duration, Utc};

/// The free attempts, the cap on the wait, and how long a quiet key is remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub free_attempts: i32,
    pub max_delay_seconds: i64,
    pub forget_after_minutes: i64,
}

/// Per account and address: five tries at once, then 1 s, 2 s, 4 s … up to fifteen minutes.
pub const PER_ACCOUNT_AND_ADDRESS: Policy =
    Policy { free_attempts: 5, max_delay_seconds: 15 * 60, forget_after_minutes: 15 };

/// Per address, whatever the account: an office behind one address gets room for typing errors.
pub const PER_ADDRESS: Policy = Policy { free_attempts: 20, max_delay_seconds: 15 * 60, forget_after_minutes: 15 };

/// Where a key stands: the attempts counted and when the next may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Policy {
    /// How long the key waits after its `attempts`-th counted attempt.
    pub fn delay_after(&self, attempts: i32) -> Duration {
        if attempts < self.free_attempts {
            return Duration::zero();
        }
        let doublings = u32::try_from(attempts - self.free_attempts).unwrap_or(u32::MAX).min(30);
        Duration::seconds((1_i64 << doublings).min(self.max_delay_seconds))
    }

    /// While the key must wait at `now`: the instant it may try again.
    pub fn waiting(&self, counter: Option<Counter>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        counter.map(|c| c.next_attempt_at).filter(|until| now < *until)
    }

    /// Counts one more under the key at `now` (a quiet key starts again from nothing): the
    /// counter after it. The wait never moves earlier than one already set.
    pub fn count(&self, counter: Option<Counter>, now: DateTime<Utc>) -> Counter {
        let remembered = counter.filter(|c| now - c.updated_at < Duration::minutes(self.forget_after_minutes));
        let attempts = remembered.map_or(0, |c| c.attempts) + 1;
        let next_attempt_at = (now + self.delay_after(attempts)).max(remembered.map_or(now, |c| c.next_attempt_at));
        Counter { attempts, next_attempt_at, updated_at: now }
    }

    /// Counts an attempt at `now`: the counter after it, or, while the key must wait, the
    /// instant it may try again (and the counter is left as it was).
    pub fn attempt(&self, counter: Option<Counter>, now: DateTime<Utc>) -> Result<Counter, DateTime<Utc>> {
        match self.waiting(counter, now) {
            Some(until) => Err(until),
            None => Ok(self.count(counter, now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).single().expect("instant") + Duration::seconds(seconds)
    }

    #[test]
    fn only_what_is_counted_makes_a_key_wait() {
        let policy = PER_ADDRESS;
        assert_eq!(policy.waiting(None, at(0)), None, "a key nothing was counted under never waits");
        let mut counter = None;
        for n in 1..=20 {
            assert_eq!(policy.waiting(counter, at(0)), None, "before failure {n}");
            counter = Some(policy.count(counter, at(0)));
        }
        assert_eq!(policy.waiting(counter, at(0)), Some(at(1)), "twenty failures, then a second's wait");
    }

    #[test]
    fn a_failure_counted_late_never_shortens_a_wait() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let long = Counter { attempts: 5, next_attempt_at: at(200), updated_at: at(10) };
        // Counted with an earlier reading of the clock than the last one: the wait holds.
        assert_eq!(
            policy.count(Some(long), at(5)),
            Counter { attempts: 6, next_attempt_at: at(200), updated_at: at(5) }
        );
        let short = Counter { attempts: 1, next_attempt_at: at(100), updated_at: at(10) };
        assert_eq!(policy.count(Some(short), at(20)).next_attempt_at, at(100));
    }

    #[test]
    fn the_free_attempts_pass_at_once_and_the_next_one_waits() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let mut counter = None;
        for n in 1..=5 {
            counter = Some(policy.attempt(counter, at(0)).unwrap_or_else(|_| panic!("attempt {n} passes")));
        }
        assert_eq!(policy.attempt(counter, at(0)), Err(at(1)), "the sixth waits a second");
        assert!(policy.attempt(counter, at(1)).is_ok(), "and then passes");
    }

    #[test]
    fn each_attempt_past_the_free_ones_doubles_the_wait_up_to_the_cap() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let waits: Vec<i64> = (4..=20).map(|n| policy.delay_after(n).num_seconds()).collect();
        assert_eq!(&waits[..6], &[0, 1, 2, 4, 8, 16]);
        assert_eq!(*waits.last().expect("waits"), 15 * 60);
    }

    #[test]
    fn a_quiet_key_is_forgotten() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let tired = Counter { attempts: 9, next_attempt_at: at(16), updated_at: at(0) };
        assert_eq!(policy.attempt(Some(tired), at(10)), Err(at(16)));
        let later = policy.attempt(Some(tired), at(16 * 60)).expect("passes");
        assert_eq!(later.attempts, 1, "fifteen quiet minutes start the count again");
    }
}
