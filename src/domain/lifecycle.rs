//! The task lifecycle of DESIGN.md as one function: state × action × the actor's relation to
//! the task → the next state, or a typed refusal. Services call nothing else to move a task.

use super::{message::Message, string_enum};

string_enum! {
    /// Where a task stands. `Completed` and `Cancelled` are final; everything else is open.
    TaskStatus {
        Assigned => "assigned",
        Acknowledged => "acknowledged",
        InProgress => "in_progress",
        Submitted => "submitted",
        Completed => "completed",
        Returned => "returned",
        Declined => "declined",
        Cancelled => "cancelled",
    }
}

impl TaskStatus {
    /// Open tasks still need someone to act: they count towards overdue and block a parent's
    /// submission.
    pub fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Completed | TaskStatus::Cancelled)
    }

    /// A deadline moves (an approved extension) only while the work is still being done: once a
    /// completion is submitted or the task is closed, moving it would rewrite whether it was on
    /// time.
    pub fn deadline_may_move(self) -> bool {
        self.is_open() && self != TaskStatus::Submitted
    }

    /// A task is split to units below once it is acknowledged and until it is submitted: a
    /// unit passes on work it has accepted, and not work it has reported done.
    pub fn may_be_split(self) -> bool {
        matches!(self, TaskStatus::Acknowledged | TaskStatus::InProgress | TaskStatus::Returned)
    }
}

string_enum! {
    /// Something a person does to a task.
    TaskAction {
        Acknowledge => "acknowledge",
        Decline => "decline",
        Progress => "progress",
        Complete => "complete",
        Accept => "accept",
        Return => "return",
        Reassign => "reassign",
        Cancel => "cancel",
    }
}

impl TaskAction {
    /// The party DESIGN.md allows to take this action.
    pub fn actor(self) -> Relation {
        match self {
            TaskAction::Acknowledge | TaskAction::Decline | TaskAction::Progress | TaskAction::Complete => {
                Relation::Assignee
            }
            TaskAction::Accept | TaskAction::Return | TaskAction::Reassign | TaskAction::Cancel => Relation::Assigner,
        }
    }
}

string_enum! {
    /// How the acting user's unit stands to the task.
    Relation { Assignee => "assignee", Assigner => "assigner", Other => "other" }
}

/// Why a transition was refused. Each maps to HTTP 409: the request was understood, but the
/// task is not in a state where this party may do this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only the {required} unit may {action} a task; you act as {actual}")]
    WrongParty { action: TaskAction, required: Relation, actual: Relation },
    #[error("a task that is {from} cannot take the action {action}")]
    IllegalFrom { action: TaskAction, from: TaskStatus },
    #[error("a task with {open_children} open child task(s) cannot be submitted until they are completed or cancelled")]
    OpenChildren { open_children: u64 },
}

impl Refusal {
    /// What the refusal says to a person.
    pub fn message(&self) -> Message {
        match *self {
            Refusal::WrongParty { action, required, actual } => Message::new("error-wrong-party")
                .text("action", action.as_str())
                .term("relation", required.as_str())
                .message("actual", format!("relation-{}", actual.as_str())),
            Refusal::IllegalFrom { action, from } => {
                Message::new("error-illegal-transition").text("action", action.as_str()).term("status", from.as_str())
            }
            Refusal::OpenChildren { open_children } => {
                Message::new("error-open-children").number("open_children", open_children)
            }
        }
    }
}

/// The one place that decides whether a task may move, and where to.
///
/// Completion may be reported straight from `acknowledged` as well as from `in_progress` and
/// `returned`: a unit that finishes a small task at once should not have to file an empty
/// progress report first.
pub fn transition(from: TaskStatus, action: TaskAction, relation: Relation) -> Result<TaskStatus, Refusal> {
    use TaskAction as A;
    use TaskStatus as S;

    check_party(action, relation)?;
    let next = match (action, from) {
        (A::Acknowledge, S::Assigned) => S::Acknowledged,
        (A::Decline, S::Assigned) => S::Declined,
        (A::Progress, S::Acknowledged | S::InProgress | S::Returned) => S::InProgress,
        (A::Complete, S::Acknowledged | S::InProgress | S::Returned) => S::Submitted,
        (A::Accept, S::Submitted) => S::Completed,
        (A::Return, S::Submitted) => S::Returned,
        (A::Reassign, S::Declined) => S::Assigned,
        (A::Cancel, s) if s.is_open() => S::Cancelled,
        _ => return Err(Refusal::IllegalFrom { action, from }),
    };
    Ok(next)
}

/// Whether a party standing in `relation` to a task may take `action` on it in some state:
/// the first half of `transition`, which a request can be refused on before its body is read.
pub fn check_party(action: TaskAction, relation: Relation) -> Result<(), Refusal> {
    let required = action.actor();
    if relation == required { Ok(()) } else { Err(Refusal::WrongParty { action, required, actual: relation }) }
}

/// A task with children is submitted only when none of them is still open.
pub fn check_children_closed(open_children: u64) -> Result<(), Refusal> {
    if open_children == 0 { Ok(()) } else { Err(Refusal::OpenChildren { open_children }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskAction as A;
    use TaskStatus as S;

    /// Every allowed move, written out once from DESIGN.md's diagram.
    const ALLOWED: &[(S, A, S)] = &[
        (S::Assigned, A::Acknowledge, S::Acknowledged),
        (S::Assigned, A::Decline, S::Declined),
        (S::Acknowledged, A::Progress, S::InProgress),
        (S::InProgress, A::Progress, S::InProgress),
        (S::Returned, A::Progress, S::InProgress),
        (S::Acknowledged, A::Complete, S::Submitted),
        (S::InProgress, A::Complete, S::Submitted),
        (S::Returned, A::Complete, S::Submitted),
        (S::Submitted, A::Accept, S::Completed),
        (S::Submitted, A::Return, S::Returned),
        (S::Declined, A::Reassign, S::Assigned),
        (S::Assigned, A::Cancel, S::Cancelled),
        (S::Acknowledged, A::Cancel, S::Cancelled),
        (S::InProgress, A::Cancel, S::Cancelled),
        (S::Submitted, A::Cancel, S::Cancelled),
        (S::Returned, A::Cancel, S::Cancelled),
        (S::Declined, A::Cancel, S::Cancelled),
    ];

    #[test]
    fn every_allowed_transition_reaches_its_state_for_the_right_party() {
        for &(from, action, to) in ALLOWED {
            assert_eq!(transition(from, action, action.actor()), Ok(to), "{from} --{action}-->");
        }
    }

    #[test]
    fn every_other_state_and_action_pair_is_refused_as_illegal() {
        for &from in S::ALL {
            for &action in A::ALL {
                if ALLOWED.iter().any(|&(f, a, _)| f == from && a == action) {
                    continue;
                }
                assert_eq!(
                    transition(from, action, action.actor()),
                    Err(Refusal::IllegalFrom { action, from }),
                    "{from} --{action}--> should be refused"
                );
            }
        }
    }

    #[test]
    fn the_wrong_party_is_refused_whatever_the_state() {
        for &from in S::ALL {
            for &action in A::ALL {
                for &relation in Relation::ALL {
                    if relation == action.actor() {
                        continue;
                    }
                    assert_eq!(
                        transition(from, action, relation),
                        Err(Refusal::WrongParty { action, required: action.actor(), actual: relation })
                    );
                }
            }
        }
    }

    #[test]
    fn only_completed_and_cancelled_are_closed() {
        let closed: Vec<_> = S::ALL.iter().filter(|s| !s.is_open()).collect();
        assert_eq!(closed, vec![&S::Completed, &S::Cancelled]);
    }

    #[test]
    fn deadlines_move_only_before_a_completion_is_submitted() {
        let movable: Vec<_> = S::ALL.iter().filter(|s| s.deadline_may_move()).collect();
        assert_eq!(movable, vec![&S::Assigned, &S::Acknowledged, &S::InProgress, &S::Returned, &S::Declined]);
    }

    #[test]
    fn only_acknowledged_work_not_yet_submitted_may_be_split() {
        let splittable: Vec<_> = S::ALL.iter().filter(|s| s.may_be_split()).collect();
        assert_eq!(splittable, vec![&S::Acknowledged, &S::InProgress, &S::Returned]);
    }

    #[test]
    fn a_parent_with_open_children_cannot_be_submitted() {
        assert_eq!(check_children_closed(0), Ok(()));
        assert_eq!(check_children_closed(2), Err(Refusal::OpenChildren { open_children: 2 }));
    }

    #[test]
    fn refusals_say_which_action_state_and_parties() {
        use crate::domain::message::Arg;
        let r = transition(S::Completed, A::Return, Relation::Assigner).unwrap_err().message();
        assert_eq!(r.key, "error-illegal-transition");
        assert_eq!(r.args, [("action", Arg::Text("return".into())), ("status", Arg::Term("status-completed".into()))]);
        let r = transition(S::Submitted, A::Accept, Relation::Assignee).unwrap_err().message();
        assert_eq!(r.key, "error-wrong-party");
        assert_eq!(
            r.args,
            [
                ("action", Arg::Text("accept".into())),
                ("relation", Arg::Term("relation-assigner".into())),
                ("actual", Arg::Term("relation-assignee".into())),
            ]
        );
    }
}
