//! What the task page offers its reader: from the task's state and how the reader's unit stands
//! to it, the steps they may take, the one DESIGN.md calls the next step first, the rest in
//! order, and the steps shown disabled with the reason they cannot be taken yet. The lifecycle
//! (`lifecycle::transition`) decides every lifecycle step; this decides only what comes first
//! and what else a page needs to know (children, the deadline, an extension waiting).

use super::{
    lifecycle::{Relation, TaskAction, TaskStatus, transition},
    string_enum,
};

string_enum! {
    /// A thing the task page lets its reader do: each is one form.
    Step {
        Acknowledge => "acknowledge",
        Decline => "decline",
        Progress => "progress",
        Complete => "complete",
        Split => "split",
        Extension => "extension",
        DecideExtension => "decide-extension",
        Accept => "accept",
        Return => "return",
        Reassign => "reassign",
        Remind => "remind",
        Cancel => "cancel",
    }
}

impl Step {
    /// The lifecycle action the step takes, if it moves the task.
    pub fn action(self) -> Option<TaskAction> {
        Some(match self {
            Step::Acknowledge => TaskAction::Acknowledge,
            Step::Decline => TaskAction::Decline,
            Step::Progress => TaskAction::Progress,
            Step::Complete => TaskAction::Complete,
            Step::Accept => TaskAction::Accept,
            Step::Return => TaskAction::Return,
            Step::Reassign => TaskAction::Reassign,
            Step::Cancel => TaskAction::Cancel,
            Step::Split | Step::Extension | Step::DecideExtension | Step::Remind => return None,
        })
    }
}

/// Why a step is shown but cannot be taken now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// Completion waits for the task's open child tasks.
    OpenChildren { open: u64 },
    /// An extension is asked for before the deadline; after it, only the assigner can help.
    DeadlinePassed,
    /// One extension request at a time: the last one is still waiting for its decision.
    ExtensionWaiting,
}

/// Everything about a task and its reader that decides what the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub status: TaskStatus,
    pub relation: Relation,
    /// The reader's role works on tasks (officer, secretariat); leaders and admins only read.
    pub works: bool,
    /// Child tasks split from this one, and how many of them are still open.
    pub children: u64,
    pub open_children: u64,
    /// Now is at or before the task's deadline.
    pub before_deadline: bool,
    /// An extension request waits for the assigner's decision.
    pub extension_waiting: bool,
    /// The reader may send a reminder (催办) now.
    pub may_remind: bool,
    /// There is a unit below the reader's to split to or reassign to.
    pub units_below: bool,
}

/// What the page shows: the primary step (the one primary button), the other steps (folded),
/// and the steps shown disabled with their reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub primary: Option<Step>,
    pub others: Vec<Step>,
    pub disabled: Vec<(Step, Blocked)>,
}

impl Plan {
    /// Every step offered, the primary first.
    pub fn steps(&self) -> impl Iterator<Item = Step> + '_ {
        self.primary.iter().copied().chain(self.others.iter().copied())
    }
}

/// Every child is closed and there was at least one: the unit's turn to report up.
pub fn children_done(s: &Situation) -> bool {
    s.children > 0 && s.open_children == 0
}

/// A parent's progress as the rollup of its children (DESIGN: "its progress is shown as the
/// rollup of its children"): the mean of their percentages, a completed child counting 100 and
/// a cancelled one not at all, rounded down; `None` with no child that counts.
pub fn children_progress(children: &[(TaskStatus, i32)]) -> Option<i32> {
    let counted: Vec<i64> = children
        .iter()
        .filter(|(status, _)| *status != TaskStatus::Cancelled)
        .map(
            |&(status, progress)| if status == TaskStatus::Completed { 100 } else { i64::from(progress.clamp(0, 100)) },
        )
        .collect();
    let n = i64::try_from(counted.len()).ok().filter(|n| *n > 0)?;
    i32::try_from(counted.iter().sum::<i64>() / n).ok()
}

/// The plan for `s`.
///
/// The next step, as DESIGN.md's lifecycle reads: the assignee acknowledges an assigned task,
/// then reports progress; it reports completion first when every child task is done (its turn
/// to report up) or when its completion was returned (to submit again). The assigner reviews a
/// submission (accept first, return folded), gives a declined task to another unit, or decides
/// a waiting extension request. Reminding and cancelling are never the next step.
pub fn plan(s: &Situation) -> Plan {
    use Step as P;
    use TaskStatus as S;

    let allowed = |step: Step| s.works && step.action().is_some_and(|a| transition(s.status, a, s.relation).is_ok());
    let mut disabled = Vec::new();
    let complete = allowed(P::Complete) && {
        if s.open_children > 0 {
            disabled.push((P::Complete, Blocked::OpenChildren { open: s.open_children }));
            false
        } else {
            true
        }
    };
    let assignee = s.works && s.relation == Relation::Assignee;
    let split = assignee && s.status.may_be_split() && s.units_below;
    let extension = assignee
        && s.status.deadline_may_move()
        && s.status != S::Declined
        && match (s.before_deadline, s.extension_waiting) {
            (false, _) => {
                disabled.push((P::Extension, Blocked::DeadlinePassed));
                false
            }
            (true, true) => {
                disabled.push((P::Extension, Blocked::ExtensionWaiting));
                false
            }
            (true, false) => true,
        };
    let decide = s.works && s.relation == Relation::Assigner && s.extension_waiting;
    let reassign = allowed(P::Reassign) && s.units_below;

    // In the order the page lists them; the primary is taken out of this list.
    let mut steps = Vec::new();
    let mut offer = |step: Step, yes: bool| {
        if yes {
            steps.push(step);
        }
    };
    offer(P::Acknowledge, allowed(P::Acknowledge));
    offer(P::Accept, allowed(P::Accept));
    offer(P::Return, allowed(P::Return));
    offer(P::Reassign, reassign);
    offer(P::DecideExtension, decide);
    offer(P::Progress, allowed(P::Progress));
    offer(P::Complete, complete);
    offer(P::Decline, allowed(P::Decline));
    offer(P::Split, split);
    offer(P::Extension, extension);
    offer(P::Remind, s.may_remind);
    offer(P::Cancel, allowed(P::Cancel));

    let complete_first = children_done(s) || s.status == S::Returned;
    let primary = [
        P::Acknowledge,
        P::Accept,
        P::Reassign,
        P::DecideExtension,
        if complete_first { P::Complete } else { P::Progress },
        P::Progress,
    ]
    .into_iter()
    .find(|p| steps.contains(p));
    let others = steps.into_iter().filter(|p| Some(*p) != primary).collect();
    Plan { primary, others, disabled }
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    use TaskStatus as S;

    #[test]
    fn a_parents_progress_is_the_mean_of_its_childrens_a_completed_child_counting_in_full() {
        assert_eq!(children_progress(&[]), None);
        assert_eq!(children_progress(&[(S::Cancelled, 40)]), None, "a cancelled child does not count");
        assert_eq!(children_progress(&[(S::Completed, 80)]), Some(100), "accepted is done, whatever it reported");
        // (100 + 30 + 0) / 3 = 43.33…, rounded down; the cancelled one left out.
        assert_eq!(
            children_progress(&[(S::Completed, 90), (S::InProgress, 30), (S::Assigned, 0), (S::Cancelled, 50)]),
            Some(43)
        );
        assert_eq!(children_progress(&[(S::Submitted, 100), (S::Returned, 60)]), Some(80));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relation as R;
    use Step::*;
    use TaskStatus as S;

    /// An officer of a unit with units below, no children, before the deadline, nothing waiting.
    fn base(status: S, relation: R) -> Situation {
        Situation {
            status,
            relation,
            works: true,
            children: 0,
            open_children: 0,
            before_deadline: true,
            extension_waiting: false,
            may_remind: false,
            units_below: true,
        }
    }

    /// Every (state, relation) pair for an officer, written out by hand from DESIGN.md: the
    /// primary step, then the others in page order.
    const TABLE: &[(S, R, Option<Step>, &[Step])] = &[
        (S::Assigned, R::Assignee, Some(Acknowledge), &[Decline, Extension]),
        (S::Acknowledged, R::Assignee, Some(Progress), &[Complete, Split, Extension]),
        (S::InProgress, R::Assignee, Some(Progress), &[Complete, Split, Extension]),
        (S::Submitted, R::Assignee, None, &[]),
        (S::Completed, R::Assignee, None, &[]),
        (S::Returned, R::Assignee, Some(Complete), &[Progress, Split, Extension]),
        (S::Declined, R::Assignee, None, &[]),
        (S::Cancelled, R::Assignee, None, &[]),
        (S::Assigned, R::Assigner, None, &[Cancel]),
        (S::Acknowledged, R::Assigner, None, &[Cancel]),
        (S::InProgress, R::Assigner, None, &[Cancel]),
        (S::Submitted, R::Assigner, Some(Accept), &[Return, Cancel]),
        (S::Completed, R::Assigner, None, &[]),
        (S::Returned, R::Assigner, None, &[Cancel]),
        (S::Declined, R::Assigner, Some(Reassign), &[Cancel]),
        (S::Cancelled, R::Assigner, None, &[]),
        (S::Assigned, R::Other, None, &[]),
        (S::Acknowledged, R::Other, None, &[]),
        (S::InProgress, R::Other, None, &[]),
        (S::Submitted, R::Other, None, &[]),
        (S::Completed, R::Other, None, &[]),
        (S::Returned, R::Other, None, &[]),
        (S::Declined, R::Other, None, &[]),
        (S::Cancelled, R::Other, None, &[]),
    ];

    #[test]
    fn every_state_and_relation_offers_what_the_table_says() {
        let mut seen = 0;
        for &status in S::ALL {
            for &relation in R::ALL {
                let row = TABLE.iter().find(|(s, r, _, _)| *s == status && *r == relation);
                let &(_, _, primary, others) = row.unwrap_or_else(|| panic!("{status}/{relation} missing"));
                let plan = plan(&base(status, relation));
                assert_eq!(plan.primary, primary, "{status}/{relation}: primary");
                assert_eq!(plan.others, others, "{status}/{relation}: others");
                assert!(plan.disabled.is_empty(), "{status}/{relation}: {:?}", plan.disabled);
                seen += 1;
            }
        }
        assert_eq!(seen, TABLE.len());
    }

    #[test]
    fn the_lifecycle_steps_offered_are_exactly_those_the_lifecycle_allows() {
        for &status in S::ALL {
            for &relation in R::ALL {
                let offered: Vec<TaskAction> = plan(&base(status, relation)).steps().filter_map(Step::action).collect();
                for &action in TaskAction::ALL {
                    assert_eq!(
                        offered.contains(&action),
                        transition(status, action, relation).is_ok(),
                        "{status}/{relation}/{action}"
                    );
                }
            }
        }
    }

    #[test]
    fn open_children_disable_completion_with_their_count_and_done_children_put_it_first() {
        let open = Situation { children: 3, open_children: 2, ..base(S::InProgress, R::Assignee) };
        let p = plan(&open);
        assert_eq!(p.primary, Some(Progress));
        assert_eq!(p.others, vec![Split, Extension]);
        assert_eq!(p.disabled, vec![(Complete, Blocked::OpenChildren { open: 2 })]);
        assert!(!children_done(&open));

        let done = Situation { children: 3, open_children: 0, ..base(S::InProgress, R::Assignee) };
        let p = plan(&done);
        assert_eq!(p.primary, Some(Complete));
        assert_eq!(p.others, vec![Progress, Split, Extension]);
        assert!(children_done(&done));

        let returned_blocked = Situation { children: 1, open_children: 1, ..base(S::Returned, R::Assignee) };
        assert_eq!(plan(&returned_blocked).primary, Some(Progress));
    }

    #[test]
    fn an_extension_is_offered_before_the_deadline_and_one_at_a_time() {
        let late = Situation { before_deadline: false, ..base(S::InProgress, R::Assignee) };
        let p = plan(&late);
        assert_eq!(p.others, vec![Complete, Split]);
        assert_eq!(p.disabled, vec![(Extension, Blocked::DeadlinePassed)]);

        let waiting = Situation { extension_waiting: true, ..base(S::InProgress, R::Assignee) };
        assert_eq!(plan(&waiting).disabled, vec![(Extension, Blocked::ExtensionWaiting)]);

        let assigner = Situation { extension_waiting: true, ..base(S::InProgress, R::Assigner) };
        let p = plan(&assigner);
        assert_eq!(p.primary, Some(DecideExtension));
        assert_eq!(p.others, vec![Cancel]);
    }

    #[test]
    fn a_submission_waiting_for_review_comes_before_a_waiting_extension() {
        let s = Situation { extension_waiting: true, ..base(S::Submitted, R::Assigner) };
        let p = plan(&s);
        assert_eq!(p.primary, Some(Accept));
        assert_eq!(p.others, vec![Return, DecideExtension, Cancel]);
    }

    #[test]
    fn readers_who_do_not_work_on_tasks_are_offered_only_a_reminder() {
        for &status in S::ALL {
            for &relation in R::ALL {
                let s = Situation { works: false, may_remind: true, ..base(status, relation) };
                let p = plan(&s);
                assert_eq!((p.primary, p.others, p.disabled), (None, vec![Remind], vec![]), "{status}/{relation}");
            }
        }
    }

    #[test]
    fn without_units_below_there_is_nothing_to_split_or_reassign_to() {
        let s = Situation { units_below: false, ..base(S::InProgress, R::Assignee) };
        assert_eq!(plan(&s).others, vec![Complete, Extension]);
        let s = Situation { units_below: false, ..base(S::Declined, R::Assigner) };
        let p = plan(&s);
        assert_eq!((p.primary, p.others), (None, vec![Cancel]));
    }

    #[test]
    fn a_reminder_is_folded_among_the_others_before_cancelling() {
        let s = Situation { may_remind: true, ..base(S::InProgress, R::Assigner) };
        let p = plan(&s);
        assert_eq!((p.primary, p.others), (None, vec![Remind, Cancel]));
    }
}
