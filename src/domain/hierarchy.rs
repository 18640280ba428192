//! Who may assign to whom, and how deadlines nest.
//!
//! "Strictly below" is read the way an organisation works: a unit assigns within its
//! jurisdiction, to units of a lower level. A government's jurisdiction is its own subtree; a
//! department's or secretariat's is its government's subtree, so Jiujiang's emergency
//! management bureau may assign to Ruichang (a county under Jiujiang) but not to Jiujiang's
//! fire detachment (a sibling at its own level) nor to anything in Nanchang.

use chrono::{DateTime, Utc};

use super::{
    message::Message,
    vocabulary::{UnitKind, UnitLevel},
};

/// What the rules need to know about a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitFacts {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub level: UnitLevel,
}

impl UnitFacts {
    /// The unit whose subtree this unit acts in.
    pub fn jurisdiction_root(&self) -> i64 {
        match (self.kind, self.parent_id) {
            (UnitKind::Department | UnitKind::Secretariat, Some(parent)) => parent,
            _ => self.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HierarchyError {
    #[error("a task cannot be assigned to the assigning unit itself")]
    SelfAssignment,
    #[error("a task can only be assigned to a unit below the assigning unit, not to one at its level or above")]
    NotBelow,
    #[error("a task can only be assigned within the assigning unit's jurisdiction")]
    OutsideJurisdiction,
    #[error("the deadline {child} is later than the parent task's deadline {parent}")]
    DeadlineAfterParent { child: DateTime<Utc>, parent: DateTime<Utc> },
}

impl HierarchyError {
    /// What the refusal says to a person.
    pub fn message(&self) -> Message {
        match *self {
            HierarchyError::SelfAssignment => Message::new("error-assign-self"),
            HierarchyError::NotBelow => Message::new("error-assign-not-below"),
            HierarchyError::OutsideJurisdiction => Message::new("error-assign-outside"),
            HierarchyError::DeadlineAfterParent { child, parent } => {
                Message::new("error-deadline-after-parent").instant("child", child).instant("parent", parent)
            }
        }
    }
}

/// `assignee_ancestors` are the ids of every unit above the assignee (any order).
///
/// A unit may always assign to units of its own subtree (a government to its departments).
/// A secretariat (安委办, 督查室) acts for its government, so it may assign to any unit under
/// that government, its sibling departments included. A department may assign to units of a
/// lower level under its government, never to a sibling.
pub fn check_assignment(
    assigner: &UnitFacts,
    assignee: &UnitFacts,
    assignee_ancestors: &[i64],
) -> Result<(), HierarchyError> {
    if assigner.id == assignee.id {
        return Err(HierarchyError::SelfAssignment);
    }
    if assignee_ancestors.contains(&assigner.id) {
        return Ok(());
    }
    if let (UnitKind::Secretariat, Some(government)) = (assigner.kind, assigner.parent_id)
        && assignee_ancestors.contains(&government)
    {
        return Ok(());
    }
    if assignee.level.rank() <= assigner.level.rank() {
        return Err(HierarchyError::NotBelow);
    }
    let root = assigner.jurisdiction_root();
    if root == assigner.id || !assignee_ancestors.contains(&root) {
        return Err(HierarchyError::OutsideJurisdiction);
    }
    Ok(())
}

/// A child's deadline may not be later than its parent's.
pub fn check_deadline(child: DateTime<Utc>, parent: Option<DateTime<Utc>>) -> Result<(), HierarchyError> {
    match parent {
        Some(parent) if child > parent => Err(HierarchyError::DeadlineAfterParent { child, parent }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const JX: UnitFacts = UnitFacts { id: 1, parent_id: None, kind: UnitKind::Government, level: UnitLevel::Province };
    const JX_AW: UnitFacts =
        UnitFacts { id: 2, parent_id: Some(1), kind: UnitKind::Secretariat, level: UnitLevel::Province };
    const JJ: UnitFacts =
        UnitFacts { id: 3, parent_id: Some(1), kind: UnitKind::Government, level: UnitLevel::Municipal };
    const JJ_YJ: UnitFacts =
        UnitFacts { id: 4, parent_id: Some(3), kind: UnitKind::Department, level: UnitLevel::Municipal };
    const JJ_XF: UnitFacts =
        UnitFacts { id: 5, parent_id: Some(3), kind: UnitKind::Department, level: UnitLevel::Municipal };
    const RUICHANG: UnitFacts =
        UnitFacts { id: 6, parent_id: Some(3), kind: UnitKind::Government, level: UnitLevel::County };
    const NC_COUNTY: UnitFacts =
        UnitFacts { id: 8, parent_id: Some(7), kind: UnitKind::Government, level: UnitLevel::County };

    #[test]
    fn the_provincial_secretariat_assigns_to_municipal_units() {
        assert_eq!(check_assignment(&JX_AW, &JJ, &[1]), Ok(()));
        assert_eq!(check_assignment(&JX_AW, &JJ_YJ, &[3, 1]), Ok(()));
    }

    #[test]
    fn a_municipal_bureau_assigns_to_counties_of_its_city() {
        assert_eq!(check_assignment(&JJ_YJ, &RUICHANG, &[3, 1]), Ok(()));
    }

    #[test]
    fn assigning_sideways_upwards_or_to_oneself_is_refused() {
        assert_eq!(check_assignment(&JJ_YJ, &JJ_XF, &[3, 1]), Err(HierarchyError::NotBelow));
        assert_eq!(check_assignment(&RUICHANG, &JJ, &[1]), Err(HierarchyError::NotBelow));
        assert_eq!(check_assignment(&JX, &JX, &[]), Err(HierarchyError::SelfAssignment));
    }

    #[test]
    fn a_secretariat_assigns_to_the_departments_of_its_government() {
        let jj_aw = UnitFacts { id: 9, parent_id: Some(3), kind: UnitKind::Secretariat, level: UnitLevel::Municipal };
        assert_eq!(check_assignment(&jj_aw, &JJ_YJ, &[3, 1]), Ok(()));
        assert_eq!(check_assignment(&jj_aw, &RUICHANG, &[3, 1]), Ok(()));
        assert_eq!(check_assignment(&jj_aw, &JJ, &[1]), Err(HierarchyError::NotBelow));
        assert_eq!(check_assignment(&JX_AW, &JX, &[]), Err(HierarchyError::NotBelow));
    }

    #[test]
    fn a_government_assigns_to_its_own_departments() {
        assert_eq!(check_assignment(&JJ, &JJ_YJ, &[3, 1]), Ok(()));
        assert_eq!(check_assignment(&JX, &JX_AW, &[1]), Ok(()));
    }

    #[test]
    fn assigning_into_another_city_is_refused() {
        assert_eq!(check_assignment(&JJ_YJ, &NC_COUNTY, &[7, 1]), Err(HierarchyError::OutsideJurisdiction));
    }

    #[test]
    fn a_child_deadline_may_equal_but_not_pass_the_parent() {
        let parent = Utc.with_ymd_and_hms(2026, 12, 31, 9, 0, 0).single().expect("valid");
        assert_eq!(check_deadline(parent, Some(parent)), Ok(()));
        assert!(matches!(
            check_deadline(parent + chrono::Duration::seconds(1), Some(parent)),
            Err(HierarchyError::DeadlineAfterParent { .. })
        ));
        assert_eq!(check_deadline(parent, None), Ok(()));
    }
}
