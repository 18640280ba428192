//! Spacing work out to a rate: the sender delivers at most `send_rate` messages a second, so a
//! large outbox is worked through steadily instead of in bursts that take the machine from the
//! pages. Plain arithmetic on instants passed in; the caller waits.

use std::time::{Duration, Instant};

/// Hands out start times at most `per_second` apart on average; idle time is not saved up
/// (after a pause the next item starts at once, the one after it a step later).
#[derive(Debug, Clone)]
pub struct Pacer {
    step: Option<Duration>,
    next: Option<Instant>,
}

impl Pacer {
    /// `per_second` items a second; 0 is no limit.
    pub fn new(per_second: u32) -> Self {
        let step = (per_second > 0).then(|| Duration::from_secs(1) / per_second);
        Pacer { step, next: None }
    }

    /// How long to wait, asked at `now`, before the next item may start; takes its slot.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        let Some(step) = self.step else { return Duration::ZERO };
        let slot = match self.next {
            Some(next) if next > now => next,
            _ => now,
        };
        self.next = Some(slot + step);
        slot - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn no_limit_never_waits() {
        let mut pacer = Pacer::new(0);
        let now = Instant::now();
        for _ in 0..1000 {
            assert_eq!(pacer.reserve(now), Duration::ZERO);
        }
    }

    #[test]
    fn items_asked_for_at_once_are_spaced_a_step_apart() {
        // 4 a second: a step of 250 ms.
        let mut pacer = Pacer::new(4);
        let t0 = Instant::now();
        let waits: Vec<Duration> = (0..5).map(|_| pacer.reserve(t0)).collect();
        assert_eq!(waits, vec![Duration::ZERO, 250 * MS, 500 * MS, 750 * MS, 1000 * MS]);
    }

    #[test]
    fn an_item_asked_for_after_its_slot_starts_at_once_and_idle_time_is_not_saved_up() {
        let mut pacer = Pacer::new(10);
        let t0 = Instant::now();
        assert_eq!(pacer.reserve(t0), Duration::ZERO);
        // Asked 40 ms after the first: its slot is at 100 ms.
        assert_eq!(pacer.reserve(t0 + 40 * MS), 60 * MS);
        // A long pause: the next starts at once, and the one after it a whole step later,
        // not at once as it would if the pause had been banked.
        assert_eq!(pacer.reserve(t0 + 5000 * MS), Duration::ZERO);
        assert_eq!(pacer.reserve(t0 + 5000 * MS), 100 * MS);
    }

    #[test]
    fn over_a_second_at_most_the_rate_starts() {
        let mut pacer = Pacer::new(50);
        let t0 = Instant::now();
        let mut clock = t0;
        let mut starts = Vec::new();
        for _ in 0..200 {
            clock += pacer.reserve(clock);
            starts.push(clock - t0);
        }
        let first_second = starts.iter().filter(|at| **at < Duration::from_secs(1)).count();
        assert_eq!(first_second, 50);
    }
}
