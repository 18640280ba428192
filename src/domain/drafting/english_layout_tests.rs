//! English layouts read in issue 24's fifth round: a bulleted list of what officials agreed,
//! "will" after a unit or role the table does not know, obligations in the passive, and the
//! meeting's date said in a memo's or a news release's body rather than in its header. Expected
//! values are written by hand from the minutes.

use super::fixtures::{date, drafts_of, find};
use super::meeting_date_in;

const RELEASE: &str = "NEWS RELEASE

Department of Parks
April 9, 2026

Officials prepare for the summer season

HARBOURTON – Senior officials met in Harbourton on Wednesday, April 8, 2026, to review summer readiness.

Lifeguard numbers are below last year's. \"Families should swim only where lifeguards are on duty,\" said the Director.

At the meeting, officials agreed that:

- The Lakeshore Patrol Service will station two boats at each public beach by June 1.
- The Parks Maintenance Supervisor will repair the broken railings on the pier before the long weekend.
- Signage for the closed trails is to be replaced by May 15.

Quick Facts:

- Drivers will find new parking rules at the beaches.
- The next meeting will be held on May 20.
";

#[test]
fn a_bulleted_list_of_what_officials_agreed_yields_one_draft_an_item() {
    let drafts = drafts_of(RELEASE, date(2026, 4, 8));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert_eq!(find(&drafts, "two boats").deadline, Some(date(2026, 6, 1)));
    find(&drafts, "broken railings");
    assert_eq!(find(&drafts, "closed trails").deadline, Some(date(2026, 5, 15)));
}

#[test]
fn will_after_a_plain_noun_or_a_meeting_to_be_held_asks_nothing() {
    let drafts = drafts_of(RELEASE, date(2026, 4, 8));
    assert!(drafts.iter().all(|d| !d.text.contains("parking") && !d.text.contains("next meeting")), "{drafts:#?}");
    assert!(drafts.iter().all(|d| !d.text.contains("swim only")), "{drafts:#?}");
}

#[test]
fn a_body_line_saying_when_officials_met_gives_the_meeting_date_over_the_release_date() {
    assert_eq!(meeting_date_in(RELEASE, date(2026, 12, 31)), Some(date(2026, 4, 8)));
}

const MEMO: &str = "CITY OF EASTPORT
Office of the City Manager

Date: March 4, 2026
To: City Council
Subject: Outcome of the Bridge Safety Meeting of March 2, 2026

The minutes of the meeting held on 10 February 2026 were approved.

1. Inspections

The Bridges Engineer reported on cracks found on two spans. Every span is to be inspected again by 31 March. The Traffic Division will close the outer lane until the repairs are done.
";

#[test]
fn the_meeting_named_with_its_date_wins_over_the_memo_date_and_an_earlier_meeting() {
    assert_eq!(meeting_date_in(MEMO, date(2026, 12, 31)), Some(date(2026, 3, 2)));
}

#[test]
fn an_obligation_in_the_passive_and_will_after_a_role_are_requirements() {
    let drafts = drafts_of(MEMO, date(2026, 3, 2));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "inspected again").deadline, Some(date(2026, 3, 31)));
    find(&drafts, "outer lane");
}

#[test]
fn english_speaking_public_bodies_and_safety_roles_name_their_line_of_work() {
    let minutes = "Actions agreed:
1. The Ministry of Health will open cooling centres in every region by 30 June.
2. The Highway Department will salt the bridges before each frost.
3. The Health and Safety Adviser will check every permit by 15 July.
4. Waste and Cleansing Services to empty the bins every two hours.
";
    let drafts = drafts_of(minutes, date(2026, 6, 1));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    assert_eq!(find(&drafts, "cooling centres").lead_function.as_deref(), Some("health"));
    assert_eq!(find(&drafts, "salt the bridges").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "every permit").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "empty the bins").lead_function.as_deref(), Some("urban_management"));
}

#[test]
fn what_a_member_told_the_meeting_or_confirmed_asks_nothing_but_a_decided_item_stays() {
    let minutes = "2. Depot safety

The union representative told the meeting that drivers should never reverse without a banksman.
The Fleet Lead confirmed that contractors are required to bring their own harnesses.
Members felt strongly that the Depot must be seen to enforce its own speed limit.
Two members took the view that every driver should be breath-tested.
The Depot Manager will mark walkways in every yard by 30 April.

The Committee resolved:

1. That a ramp be fitted at every door used by a driver who has told the Depot they need one.
2. That the Fleet Lead write to every contractor.
3. That the Depot Manager review the rota.
";
    let drafts = drafts_of(minutes, date(2026, 4, 1));
    assert!(drafts.iter().all(|d| !d.text.contains("banksman") && !d.text.contains("harnesses")), "{drafts:#?}");
    assert!(drafts.iter().all(|d| !d.text.contains("speed limit") && !d.text.contains("breath")), "{drafts:#?}");
    find(&drafts, "mark walkways");
    find(&drafts, "ramp be fitted");
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
}

#[test]
fn a_unit_something_will_be_done_to_is_asked_nothing_and_anything_is_a_condition() {
    let minutes = "3. Turnaround

The boiler section will be shut down on 5 May for twelve days. The Maintenance Manager will inspect every scaffold before use. Anything without a tag is to be taken down.
";
    let drafts = drafts_of(minutes, date(2026, 4, 20));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("The Maintenance Manager will inspect"), "{drafts:#?}");
    assert!(drafts[0].text.contains("Anything without a tag"), "{drafts:#?}");
}

#[test]
fn starting_a_weekday_and_by_a_weekday_give_the_date_after_the_weekday() {
    let minutes = "Actions agreed:
1. Starting Monday, July 6, the Site Safety Manager will move the start of work to 6:00 a.m.
2. The Site Safety Manager will brief every foreman by Wednesday, July 8.
";
    let drafts = drafts_of(minutes, date(2026, 7, 1));
    assert_eq!(find(&drafts, "start of work").deadline, Some(date(2026, 7, 6)));
    assert_eq!(find(&drafts, "brief every foreman").deadline, Some(date(2026, 7, 8)));
}

#[test]
fn the_head_of_a_named_unit_opening_a_resolution_leads_it_as_the_unit() {
    let minutes = "The Executive resolved:

1. To note the report.
2. That the Head of Building Control, with the fire service, inspect the five blocks by 31 March.
3. That the Director of Public Health publish the findings.
";
    let drafts = drafts_of(minutes, date(2026, 3, 1));
    assert_eq!(find(&drafts, "five blocks").lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(find(&drafts, "publish the findings").lead_function.as_deref(), Some("health"));
}

#[test]
fn a_date_alone_a_weekday_then_a_date_a_place_then_a_date_and_held_in_give_the_meeting_date() {
    let hint = date(2026, 12, 31);
    assert_eq!(meeting_date_in("CITY COUNCIL\nMINUTES\nMarch 3, 2026\nThe Board met.", hint), Some(date(2026, 3, 3)));
    assert_eq!(
        meeting_date_in(
            "Committee minutes\nTuesday 10 March 2026, 09:00, County Hall, Eastport (with video link)\n",
            hint
        ),
        Some(date(2026, 3, 10))
    );
    assert_eq!(
        meeting_date_in(
            "Eastport Holds Meeting on Floods\nEastport, 12 May 2026 — This morning the council met.",
            hint
        ),
        Some(date(2026, 5, 12))
    );
    assert_eq!(
        meeting_date_in(
            "COUNTY COUNCIL\nHeld in the Council Chamber, County Offices, on Friday 6 March 2026 at 10 am",
            hint
        ),
        Some(date(2026, 3, 6))
    );
}

#[test]
fn a_sentence_that_only_says_by_when_is_the_deadline_of_the_action_and_aob_ends_the_decisions() {
    let minutes = "5. Decisions
The committee decided:
- EHS to replace the gas detectors in the plant room. Owner: Li Wei. By 31 March 2026.
- Engineering to test every relief valve. Owner: Li Wei. By 30 April 2026.
6. Any other business
- Next meeting: 9 June 2026.
";
    let drafts = drafts_of(minutes, date(2026, 3, 10));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let d = find(&drafts, "gas detectors");
    assert_eq!(d.deadline, Some(date(2026, 3, 31)));
    assert_eq!(d.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "relief valve").deadline, Some(date(2026, 4, 30)));
}

#[test]
fn will_after_a_lower_case_role_or_a_one_word_department_after_agreed_that_is_a_requirement() {
    let minutes = "4. Contractors

Before the shutdown, the site manager will walk every escape route with the contractors. The committee agreed that Procurement will check the training records of every contractor.
";
    let drafts = drafts_of(minutes, date(2026, 5, 1));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    find(&drafts, "escape route");
    find(&drafts, "training records");
}

#[test]
fn a_numbered_section_heading_over_lettered_items_is_no_draft() {
    let minutes = "Minutes of the Provincial Committee, 26 November 2024
The committee agreed the following:
2.1 Finding and removing hazards
(a) The Fire and Rescue Corps shall inspect every care home before 31 December.
2.2 Staff and training
(a) The Department of Civil Affairs shall set a minimum night shift for every home.
";
    let drafts = drafts_of(minutes, date(2024, 11, 26));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 2, "{texts:#?}");
    assert!(texts.iter().all(|t| !t.contains("Staff and training") || t.contains("night shift")), "{texts:#?}");
}

#[test]
fn a_short_clause_taking_up_the_work_goes_on_with_it_and_lead_this_work_names_its_lead() {
    let minutes = "Minutes of the District Safety Committee, 24 June 2025
It was agreed that:
1. Abandoned quarry pits that have filled with water must be fenced by 15 July; the Natural Resources Bureau is to lead this work.
2. The Water Resources Bureau shall repair the embankments of the river before the flood season. Progress shall be reported to the District Office monthly.
";
    let drafts = drafts_of(minutes, date(2025, 6, 24));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "quarry pits").lead_function.as_deref(), Some("natural_resources"));
    assert_eq!(find(&drafts, "embankments").lead_function.as_deref(), Some("water_resources"));
    assert!(find(&drafts, "embankments").text.contains("Progress shall be reported"));
}

#[test]
fn a_motion_to_direct_a_unit_makes_that_unit_the_lead() {
    let minutes = "Board of County Commissioners, regular meeting, December 2, 2025

ACTION ITEMS

1. Commissioner Ruiz moved to direct the Department of Human Services to make a welfare visit to each senior living alone before January 15, 2026. Commissioner Becker seconded. Motion carried 3-0.

2. Commissioner Halvorsen moved to direct the Community Development Department to send compliance notices to landlords within 30 days. Commissioner Ruiz seconded. Motion carried 3-0.
";
    let drafts = drafts_of(minutes, date(2025, 12, 2));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "welfare visit").lead_function.as_deref(), Some("civil_affairs"));
    assert_eq!(find(&drafts, "welfare visit").deadline, Some(date(2026, 1, 15)));
    assert_eq!(find(&drafts, "landlords").lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn a_unit_after_an_action_label_or_a_places_name_opens_the_clause_and_leads() {
    let minutes = "Festival Safety Group, 3 June 2025

Actions agreed:

1. Scottish Ambulance Service to confirm the locations and staffing of three first aid posts.

2. Ontario Ministry of Labour to contact the main delivery platforms about battery safety.
";
    let drafts = drafts_of(minutes, date(2025, 6, 3));
    assert_eq!(find(&drafts, "first aid posts").lead_function.as_deref(), Some("health"));
    assert_eq!(find(&drafts, "delivery platforms").lead_function.as_deref(), Some("human_resources"));
    // A place's name with an apostrophe, before a resolution's subject without "to".
    let minutes = "Minutes of the committee held on 31 March 2026\n\nRESOLVED\n\n\
                   1. Hawke's Bay Civil Defence update the community evacuation maps and publish the residual flood risk.\n\n\
                   2. King’s Lynn Civil Defence update the flood wardens' rota before the spring tides.\n";
    let drafts = drafts_of(minutes, date(2026, 3, 31));
    assert_eq!(find(&drafts, "evacuation maps").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(find(&drafts, "wardens' rota").lead_function.as_deref(), Some("emergency_management"));
}

#[test]
fn an_office_outside_the_table_as_subject_keeps_the_topics_line_of_work_off_it() {
    let minutes = "County Election Work Meeting, 25 August 2026

The meeting required that:

1. The County Commission for Discipline Inspection shall complete a joint review of the qualifications of election candidates.

2. The tourism complaint centre is to answer every tourist complaint within 24 hours.

3. The County Government Office shall include the election in the performance assessment of the townships.
";
    let drafts = drafts_of(minutes, date(2026, 8, 25));
    assert_eq!(find(&drafts, "joint review").lead_function, None);
    assert_eq!(find(&drafts, "tourist complaint").lead_function.as_deref(), Some("culture_tourism"));
    assert_eq!(find(&drafts, "performance assessment").lead_function.as_deref(), Some("general_office"));
}

#[test]
fn a_headed_numbered_item_is_one_requirement_unless_a_later_subject_is_another_lines() {
    let minutes = "Minutes of the Special Meeting on Reservoir Safety, 5 June 2024

II. Requirements

2. Water levels. Reservoirs classed as dangerous shall be operated empty during the flood season. All other small reservoirs shall keep water at or below the flood-limit level. The Water Resources Bureau shall check levels daily.

6. Scenic areas and schools. The Department of Culture and Tourism shall require scenic areas to ban open flames. Every primary and secondary school pupil shall receive a fire safety lesson by 15 March.
";
    let drafts = drafts_of(minutes, date(2024, 6, 5));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    let levels = find(&drafts, "operated empty");
    assert!(levels.text.contains("check levels daily"), "{texts:#?}");
    assert_eq!(levels.lead_function.as_deref(), Some("water_resources"));
    assert_eq!(find(&drafts, "school pupil").lead_function.as_deref(), Some("education"));
}

#[test]
fn the_chairs_should_to_a_unit_or_telling_a_unit_to_act_is_a_requirement() {
    let minutes = "Minutes of the special meeting on elevator safety, 12 September 2024

The Vice-Mayor spoke on the work ahead.

He said the Administration for Market Regulation should carry out a city-wide inspection of all elevators in service for more than 15 years and finish it by 30 November.

He told the Urban Management Bureau to shut down the unlicensed LPG cylinder filling points and to confiscate the cylinders they hold.
";
    let drafts = drafts_of(minutes, date(2024, 9, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let inspection = find(&drafts, "15 years");
    assert_eq!(inspection.lead_function.as_deref(), Some("market_regulation"));
    assert_eq!(inspection.deadline, Some(date(2024, 11, 30)));
    assert_eq!(find(&drafts, "confiscate").lead_function.as_deref(), Some("urban_management"));
}

#[test]
fn a_follow_up_list_dated_before_each_colon_gives_each_owner_its_action_and_date() {
    let minutes = "HARBOUR VIEW TRUST BOARD
Minutes of 4 March 2026

7. FOLLOW-UP ITEMS AND DATES

- By March 31, 2026 (end of the month): Facilities Management to survey every flat roof more than 20 years old.
- By 30 April 2026: Estates Team, with the fire safety adviser, to replace the corridor fire doors on Ward 6.
- April 14, 2026 board meeting: the Chief Nurse to present the revised falls policy.

8. CLOSE
";
    let drafts = drafts_of(minutes, date(2026, 3, 4));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let roofs = find(&drafts, "flat roof");
    assert_eq!(roofs.deadline, Some(date(2026, 3, 31)));
    assert_eq!(roofs.title, "Survey every flat roof more than 20 years old");
    let doors = find(&drafts, "corridor fire doors");
    assert_eq!(doors.deadline, Some(date(2026, 4, 30)));
    assert!(doors.title.starts_with("Replace the corridor fire doors"), "{doors:#?}");
    let policy = find(&drafts, "falls policy");
    assert_eq!(policy.deadline, Some(date(2026, 4, 14)));
    assert!(!policy.title.starts_with("2026"), "{policy:#?}");
}

#[test]
fn what_a_member_pointed_the_meeting_to_asks_nothing() {
    let minutes = "CITY EVENTS SAFETY ADVISORY GROUP
Minutes of 9 June 2026

4. Security
The police adviser referred to national guidance that organisers of events of this size should have a written security plan, and offered to advise.
Recommendation to the event organiser: to submit a written security plan to the SAG by 1 July 2026.
";
    let drafts = drafts_of(minutes, date(2026, 6, 9));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(find(&drafts, "submit a written security plan").deadline, Some(date(2026, 7, 1)));
}

#[test]
fn an_undertaking_reported_with_would_is_a_requirement_but_a_wish_or_a_condition_is_not() {
    let minutes = "ASHWORTH DISTRICT COUNCIL
Minutes of the Audit Committee held on Wednesday, 21 January 2026

12.3  A Member asked about costs. The Chief Executive would write to the Secretary of State to request support towards the remainder.
12.4  The Head of ICT would complete the restore of the payroll system by 13 February 2026.
12.5  The police would welcome shared messaging. The Director would keep the option under review if complaints continued to rise.
";
    let drafts = drafts_of(minutes, date(2026, 1, 21));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 2, "{texts:#?}");
    assert_eq!(find(&drafts, "Secretary of State").lead_function.as_deref(), Some("general_office"));
    assert_eq!(find(&drafts, "payroll system").deadline, Some(date(2026, 2, 13)));
}

#[test]
fn teams_named_together_and_childrens_services_act_in_a_headed_item() {
    let minutes = "Minutes of the Road Safety Partnership Board, 5 November 2026

3.4 Young drivers. The Fire and Rescue Service will deliver the pre-driver talk to college students. Children's Services will circulate the campaign resources to every secondary school by 18 December 2026.

3.5 Licensed premises. Trading Standards and the district licensing teams will jointly visit licensed premises in the hotspot towns by 11 December 2026.
";
    let drafts = drafts_of(minutes, date(2026, 11, 5));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    assert_eq!(find(&drafts, "secondary school").lead_function.as_deref(), Some("education"));
    assert_eq!(find(&drafts, "hotspot towns").deadline, Some(date(2026, 12, 11)));
}

#[test]
fn the_meeting_agreeing_that_a_body_it_names_do_something_asks_that_body() {
    let minutes = "ASHFIELD DISTRICT COUNCIL
Minutes of a meeting of Cabinet held on Tuesday 11 February 2025

5. Coastal erosion
The Portfolio Holder reported on the closures. Cabinet agreed that the Leisure and Tourism team install temporary warning signs at every beach access point by 28 March 2025.
Cabinet agreed that the Planning team performed well last year.
";
    let drafts = drafts_of(minutes, date(2025, 2, 11));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 1, "{texts:#?}");
    let signs = find(&drafts, "warning signs");
    assert_eq!(signs.lead_function.as_deref(), Some("culture_tourism"));
    assert_eq!(signs.deadline, Some(date(2025, 3, 28)));
}

#[test]
fn a_unit_that_is_also_to_act_is_asked() {
    let minutes = "Minutes of the Food Safety Committee, 3 March 2026

The Fire Department shall inspect every kitchen by 31 March 2026. Technical Services is also to refresh the emergency contact list by 6 March 2026.
";
    let drafts = drafts_of(minutes, date(2026, 3, 3));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 2, "{texts:#?}");
    assert_eq!(find(&drafts, "contact list").deadline, Some(date(2026, 3, 6)));
}

#[test]
fn what_members_discussed_and_the_adjournment_ask_no_one() {
    let minutes = "NORTHERN RIVER WORKS LIMITED
Emergency Management Committee

MINUTES – Meeting 2/2026

Date:      Tuesday 7 April 2026

Members discussed the causeway and the need to close it early.

The Fire Chief will test the river sirens by 20 April 2026.

6. ADJOURNMENT

MOVED BY: Councillor Tessier

THAT the meeting be adjourned at 8:15 p.m.
";
    let drafts = drafts_of(minutes, date(2026, 4, 7));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, vec!["The Fire Chief will test the river sirens by 20 April 2026."]);
}

#[test]
fn a_roster_of_bodies_and_their_posts_is_not_one_wrapped_sentence() {
    // The first entry is long and ends without a full stop. The next is another body, which the
    // table does not know: it stays unknown, and does not take the finance post before it.
    let minutes = "SHARK MITIGATION WORKING GROUP\nMEETING RECORD\nDate: Wednesday 5 November 2025\n\n\
        Members present:\n\
        DPIRD – Shark Management Program Leader; Principal Research Scientist (Sharks); Director, Finance and Procurement\n\
        Surf Life Saving NSW (SLSNSW) – Director of Lifesaving\n\n\
        Agreed:\n\
        6.3 SLSNSW will install shark bite trauma kits at 100 beach access points by 31 January.\n";
    let drafts = drafts_of(minutes, date(2025, 11, 5));
    assert_eq!(find(&drafts, "trauma kits").lead_function.as_deref(), None, "{drafts:#?}");
}

#[test]
fn a_division_named_in_capitals_asks_its_own_work_whatever_the_table_knows() {
    let minutes = "STATE DEPARTMENT OF NATURAL RESOURCES\nDate: September 23, 2025\n\n\
        The Wildlife Division will publish the check station hours. The Forest Resources Division shall post signs at every trailhead by November 14, 2025.\n\n\
        The Law Enforcement Division, together with the State Police, will run patrols on opening weekend. The Forest Resources Division shall close the gates at dusk.\n\n\
        The Parks and Recreation Division is asked to mark the safety zones around campgrounds. The Marketing Division is requested to print the guide.\n";
    let drafts = drafts_of(minutes, date(2025, 9, 23));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "The Wildlife Division will publish the check station hours.",
            "The Forest Resources Division shall post signs at every trailhead by November 14, 2025.",
            "The Law Enforcement Division, together with the State Police, will run patrols on opening weekend.",
            "The Forest Resources Division shall close the gates at dusk.",
            "The Parks and Recreation Division is asked to mark the safety zones around campgrounds.",
            "The Marketing Division is requested to print the guide.",
        ]
    );
    assert_eq!(find(&drafts, "safety zones").title, "Mark the safety zones around campgrounds");
    assert_eq!(find(&drafts, "print the guide").title, "Print the guide");
    let known = drafts_of("The Fire Department is requested to inspect the hydrants.", date(2025, 9, 23));
    assert_eq!(known[0].title, "Inspect the hydrants");
}

#[test]
fn a_paper_asking_the_meeting_itself_is_no_request_to_a_unit() {
    let minutes = "HOUSING BOARD\nDate: 22 May 2025\n\nThe Board is asked to:\n\
        - note the findings of the emergency survey;\n- approve the programme of works.\n\n\
        The Committee is asked to support the bid. The Director of Housing is asked to note the concerns raised.\n\n\
        The Head of Housing will write to all residents by 30 June 2025.\n";
    let drafts = drafts_of(minutes, date(2025, 5, 22));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, vec!["The Head of Housing will write to all residents by 30 June 2025."]);
}

#[test]
fn should_in_a_question_the_meeting_weighed_decides_nothing() {
    let minutes = "STATE DEPARTMENT OF NATURAL RESOURCES\nDate: September 23, 2025\n\n\
        Participants discussed at length whether the campaign should feature a real incident and whether hunter \
        education should give more time to tree stands; the Wildlife Division will add a harness reminder to the digest.\n\n\
        Members debated whether to close the car park, and agreed that the Parks Division should close it at dusk.\n";
    let drafts = drafts_of(minutes, date(2025, 9, 23));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "The Wildlife Division will add a harness reminder to the digest.",
            "Agreed that the Parks Division should close it at dusk.",
        ],
        "{drafts:#?}"
    );
}
