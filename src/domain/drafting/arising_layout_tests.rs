//! Layouts read after unseen-21's first score: actions numbered by the item they arise from and
//! their own number ("2/01  Inspect …"), each carrying its owner and due date on its line; a
//! finished action's status said in a sentence after it ("… Closed."); and an attendance list
//! that gives initials and a post with no name ("PK  Head of Maintenance"). The minutes are made
//! up for the tests; expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

const ARISING: &str = "NORTHFIELD WATER SERVICES LIMITED
Eastern Region

CONFINED SPACE SAFETY GROUP

Minutes of the meeting held on Tuesday 14 April 2026 at 09:30, Depot Meeting Room, Ipswich

Present:
DW  Regional Operations Director (Chair)
HS  Regional Safety, Health & Environment Adviser
KL  Network Maintenance Manager
TO  Team Leader, Sewer Crews

1. Actions from the last meeting
1/03  KL to replace the tripod winch at Felixstowe pumping station. Closed; replaced on 2 April.
1/04  TO to refresh the rescue plan for the Stowmarket culvert. Closed.

2. Gas detection
2.1 HS reported two gas monitors found out of calibration during spot checks in March.

Actions arising
2/01  Inspect every four-gas monitor held by the sewer crews and withdraw any past its calibration date. Owner: TO. Due: 30 April 2026.
2/02  Where a monitor alarms during an entry, the top person shall stop the entry and call the standby rescue team; the entry is not to be resumed until the cause is found. HS to brief all crews and record the briefing. Owner: HS. Due: 15 May 2026.
2/03  Publish a monthly summary of gas alarms across the region. Owner: HS. Due: 31 May 2026.
2/04  Arrange a joint rescue exercise at the Ipswich storm tank. Lead: Suffolk Fire and Rescue Service. Due: 30 June 2026.

Date of next meeting: Tuesday 9 June 2026.
";

#[test]
fn an_action_numbered_by_its_item_with_its_owner_and_due_date_is_one_draft() {
    let drafts = drafts_of(ARISING, date(2026, 4, 14));
    let inspect = find(&drafts, "four-gas monitor");
    assert!(inspect.title.starts_with("Inspect every four-gas monitor"), "{inspect:#?}");
    assert_eq!(inspect.deadline, Some(date(2026, 4, 30)));
    // The rule and the briefing of it are one action of one owner, not three drafts.
    let entry = find(&drafts, "top person shall stop the entry");
    assert!(entry.text.contains("HS to brief all crews"), "{entry:#?}");
    assert_eq!(entry.deadline, Some(date(2026, 5, 15)));
    assert_eq!(drafts.iter().filter(|d| d.text.contains("brief all crews")).count(), 1, "{drafts:#?}");
    assert!(!drafts.iter().any(|d| d.text.starts_with("The entry is not to be resumed")), "{drafts:#?}");
    assert_eq!(find(&drafts, "monthly summary of gas alarms").deadline, Some(date(2026, 5, 31)));
    // The labels on the line say who leads; they are no part of the work.
    let exercise = find(&drafts, "joint rescue exercise");
    assert_eq!(exercise.lead_function.as_deref(), Some("fire_rescue"), "{exercise:#?}");
    assert_eq!(exercise.deadline, Some(date(2026, 6, 30)));
}

#[test]
fn an_action_the_next_sentence_calls_closed_is_no_new_draft() {
    let drafts = drafts_of(ARISING, date(2026, 4, 14));
    for old in ["tripod winch", "Stowmarket culvert"] {
        assert!(!drafts.iter().any(|d| d.text.contains(old)), "{old}: {drafts:#?}");
    }
}

#[test]
fn initials_before_a_post_with_no_name_say_whose_line_the_action_is() {
    let drafts = drafts_of(ARISING, date(2026, 4, 14));
    // HS is the region's safety adviser ("Safety, Health & Environment"), not a health body.
    let summary = find(&drafts, "monthly summary of gas alarms");
    assert_eq!(summary.lead_function.as_deref(), Some("emergency_management"), "{summary:#?}");
}

const COMMITTEE: &str = "Westmoor Community Health NHS Trust
Patient Safety Committee
Minutes of the meeting held on Thursday 16 October 2025

2. Matters arising and action log
2.1 Action 12 (visitor badges) - completed. Action closed.
2.2 Action 14 (moving and handling training) - compliance stands at 64% against a target of 85%.

3. Actions agreed
3.1 The Estates Manager to fit door entry locks on Ward 7 by 30 November 2025.
3.2 The Head of Nursing to audit bed rails on the community wards by 31 December 2025.

4. Patient experience report
4.1 The Head of Patient Experience reported 14 complaints in the quarter, most about waiting times.
4.2 Members welcomed the new volunteer scheme at the Riverside clinic.
";

#[test]
fn matters_arising_report_earlier_actions_and_the_next_section_ends_the_actions_agreed() {
    let drafts = drafts_of(COMMITTEE, date(2025, 10, 16));
    for said in ["visitor badges", "compliance stands at", "14 complaints", "volunteer scheme"] {
        assert!(!drafts.iter().any(|d| d.text.contains(said)), "{said}: {drafts:#?}");
    }
    assert_eq!(find(&drafts, "door entry locks").deadline, Some(date(2025, 11, 30)));
    assert_eq!(find(&drafts, "bed rails").deadline, Some(date(2025, 12, 31)));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}
