//! How guessing at passwords is slowed. Every attempt is counted before its password is checked;
//! the first few under a key go through at once, each one after that makes the next wait twice
//! as long, up to a cap. A key is forgotten after a quiet spell and cleared by a success.
//!
//! Keys pair the account with the address it is tried from, so somebody guessing at `admin`
//! slows only their own guesses and never locks the real administrator out; a second, looser
//! key per address slows one address spraying many accounts.

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
    /// How long the key waits after its `attempts`-th attempt.
    pub fn delay_after(&self, attempts: i32) -> Duration {
        if attempts < self.free_attempts {
            return Duration::zero();
        }
        let doublings = u32::try_from(attempts - self.free_attempts).unwrap_or(u32::MAX).min(30);
        Duration::seconds((1_i64 << doublings).min(self.max_delay_seconds))
    }

    /// Counts an attempt at `now`: the counter after it, or, while the key must wait, the
    /// instant it may try again (and the counter is left as it was).
    pub fn attempt(&self, counter: Option<Counter>, now: DateTime<Utc>) -> Result<Counter, DateTime<Utc>> {
        let attempts = match counter {
            Some(c) if now < c.next_attempt_at => return Err(c.next_attempt_at),
            Some(c) if now - c.updated_at < Duration::minutes(self.forget_after_minutes) => c.attempts,
            _ => 0,
        } + 1;
        Ok(Counter { attempts, next_attempt_at: now + self.delay_after(attempts), updated_at: now })
    }

    /// Takes back an attempt that succeeded: a busy office behind one address signs in many
    /// times a morning, and only failures should slow it. The wait is what the failures left.
    pub fn refund(&self, counter: Counter, now: DateTime<Utc>) -> Counter {
        let attempts = (counter.attempts - 1).max(0);
        let next_attempt_at = if attempts < self.free_attempts { now } else { counter.next_attempt_at };
        Counter { attempts, next_attempt_at, updated_at: counter.updated_at }
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
    fn successes_refunded_never_slow_an_address() {
        let policy = PER_ADDRESS;
        let mut counter = None;
        for n in 0..200 {
            let counted = policy.attempt(counter, at(n)).unwrap_or_else(|_| panic!("sign-in {n} passes"));
            counter = Some(policy.refund(counted, at(n)));
        }
        assert_eq!(counter.map(|c| c.attempts), Some(0));
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
