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

const CORRECTIVE: &str = "Harlow County Sheriff's Office
Detention Review Committee
Minutes of the meeting held on Tuesday, October 14, 2025

3. FINDINGS
The intake form's warning should, in the Committee's view, have been acted on at once. The night sergeant should not have waited for the nurse. A relative told the Committee that \"the Office should have called us sooner,\" and asked why families learn of deaths from the press.

4. CORRECTIVE ACTIONS

CA-1  Intake warnings
      Owner: Jail Commander                          Due: 11/30/2025
      The Jail Commander will add a mandatory risk question to the intake form.

CA-2  Cell checks
      Owner: Training Unit                           Due: end of December 2025
      The Training Unit will retrain every detention deputy in cell checks and
      record each session.

CA-3  Cell furniture
      The Facilities Director will replace the bunk brackets in the 24 single cells.
      Lead: County Facilities Management. Due: by the end
      of March 2026.

CA-4  Staffing
      Owner: Undersheriff                            Due: by the end
      of January 2026
      The Undersheriff will submit a budget request for six detention deputy positions.

CA-5  Peer support
      The Jail Commander will offer peer support to every officer after a critical incident.
      Lead: Jail Commander. Cooperating: County Health
      Department. Due: 30 June 2026.

5. CUSTODY STANDARDS
Every housing unit should have a written check schedule by 1 December 2025.
";

#[test]
fn labels_between_an_items_title_and_its_text_belong_to_that_item() {
    let drafts = drafts_of(CORRECTIVE, date(2025, 10, 14));
    assert_eq!(find(&drafts, "mandatory risk question").deadline, Some(date(2025, 11, 30)));
    let checks = find(&drafts, "retrain every detention deputy");
    assert_eq!(checks.deadline, Some(date(2025, 12, 31)));
    assert!(!checks.text.contains("Owner:") && checks.text.ends_with("record each session."), "{checks:#?}");
    // A label wrapped onto the next line is read whole, under the item's text.
    let brackets = find(&drafts, "bunk brackets");
    assert_eq!(brackets.deadline, Some(date(2026, 3, 31)));
    assert!(!brackets.text.contains("of March"), "{brackets:#?}");
    let staffing = find(&drafts, "budget request");
    assert_eq!(staffing.deadline, Some(date(2026, 1, 31)));
    assert!(!staffing.text.contains("of January"), "{staffing:#?}");
    // Labels under the item's text stay as written, wrapped or not.
    let support = find(&drafts, "peer support");
    assert_eq!(support.cooperating_functions, ["health"], "{support:#?}");
    assert!(!support.text.contains("Department."), "{support:#?}");
    assert_eq!(support.deadline, Some(date(2026, 6, 30)));
}

#[test]
fn what_should_have_been_done_looks_back_and_asks_nothing() {
    let drafts = drafts_of(CORRECTIVE, date(2025, 10, 14));
    for said in ["acted on at once", "should not have waited", "called us sooner"] {
        assert!(!drafts.iter().any(|d| d.text.contains(said)), "{said}: {drafts:#?}");
    }
    // "should have a written check schedule" asks for one.
    assert_eq!(find(&drafts, "written check schedule").deadline, Some(date(2025, 12, 1)));
}

const JOINT_COMMITTEE: &str = "Waikato Civil Defence Emergency Management Group Joint Committee
Minutes of the meeting held on Monday 9 March 2026

D. Resolution 2026-07 – Request to the Waikato Regional Transport Committee
Motion by Cr Smith, seconded by Cr Jones, to receive the correspondence. Motion carried 6–0.

Resolved
That the Joint Committee:
a) receives the report \"Rural Water Supplies\" dated 2 March 2026;
b) requests that the two district councils, in consultation with the health service, prepare a boil-water plan for each rural supply by 30 November 2026;
c) directs the district councils' waste managers, in consultation with the regional council, to identify two disposal sites by 31 March 2027.

Prepared by the Group Emergency Management Office. Questions about this summary may be directed to the Emergency Operations Centre team.
";

#[test]
fn a_resolution_asks_bodies_and_posts_it_names_in_lower_case() {
    let drafts = drafts_of(JOINT_COMMITTEE, date(2026, 3, 9));
    assert_eq!(find(&drafts, "boil-water plan").deadline, Some(date(2026, 11, 30)));
    assert_eq!(find(&drafts, "two disposal sites").deadline, Some(date(2027, 3, 31)));
    // A request as a heading's noun, and a passive "may be directed to", ask no one.
    for said in ["Regional Transport Committee", "Emergency Operations Centre team"] {
        assert!(!drafts.iter().any(|d| d.text.contains(said)), "{said}: {drafts:#?}");
    }
}
