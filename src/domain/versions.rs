//! Concurrent changes (DESIGN.md): a change names the version of the row it was made from; if
//! the row has moved on since, the later change is refused and nothing is written, never
//! silently lost. This is the one check: services ask it of the row they hold, and the store
//! writes the version that follows.

/// The row changed since the sender read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {entity} was changed by someone else (it is at version {current}, you sent {sent}); reload and try again")]
pub struct Stale {
    pub entity: &'static str,
    pub sent: i32,
    pub current: i32,
}

/// Whether a change sent at version `sent` may be written over the row at `current`.
pub fn check(entity: &'static str, sent: i32, current: i32) -> Result<(), Stale> {
    if sent == current { Ok(()) } else { Err(Stale { entity, sent, current }) }
}

/// The version a row has once a change is written over version `current`.
pub fn next(current: i32) -> i32 {
    current + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_version_read_may_be_written_over() {
        assert_eq!(check("task", 3, 3), Ok(()));
        assert_eq!(check("task", 2, 3), Err(Stale { entity: "task", sent: 2, current: 3 }));
        assert_eq!(next(3), 4);
        assert_eq!(
            check("directive", 1, 2).unwrap_err().to_string(),
            "the directive was changed by someone else (it is at version 2, you sent 1); reload and try again"
        );
    }
}
