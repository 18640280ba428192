//! What the record of a meeting says about itself rather than asks of anyone, read before
//! unseen-18's first score: the vote after a motion, when the members meet again, an action log's
//! bare status lines, a member's emphasis and a question discussed; and what it does ask: a body's
//! undertaking after what it reported, a date under a due label. The minutes are made up for the
//! tests; expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

const BOARD: &str = "CITY OF MILLBROOK
PUBLIC SAFETY COMMITTEE
Minutes of the regular meeting of March 3, 2026

1. PLAYGROUNDS
Director Hale presented the audit of the city's playgrounds. Ms. Ortiz stressed that every inspection should be written down. Board discussion centered on whether older slides should be replaced rather than repaired. The Board was clear that unsafe equipment should come out of service the day it is found. Members supported a clear message that parents should report damage at once.
Motion by Member Ruiz, seconded by Member Park, to direct the Public Works Department to replace the worn surfacing at the six oldest playgrounds by May 29, 2026; motion carried 5-0.

2. ACTIONS FROM THE LAST MEETING
A1. The Fire Department to brief the lifeguards (briefed on 2 March); closed.
A2. The Parks Department to move the smoking shelter (carried forward); see below.
A3. The Safety Office to review the crossing risk assessment (reviewed on 2 March); no change to the current risk rating.
A4. Closed.

3. NEW ACTIONS
A5. The Fire Department shall inspect every school kitchen by April 30, 2026.
Whether the drills should be held at night was left to the Fire Chief.

4. PARADE
The meeting stressed that the Police Department must close Elm Street to traffic for the parade and post the detour signs by March 16.

The next meeting of the Committee will be held on Tuesday, April 7, 2026 at 6:00 p.m.
";

#[test]
fn the_vote_the_next_meeting_and_bare_status_lines_are_no_drafts() {
    let drafts = drafts_of(BOARD, date(2026, 3, 3));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    for said in ["Motion carried", "Closed", "See below", "No change", "will be held"] {
        assert!(!texts.iter().any(|t| t.contains(said)), "{said}: {texts:#?}");
    }
    assert_eq!(find(&drafts, "worn surfacing").deadline, Some(date(2026, 5, 29)));
    assert_eq!(find(&drafts, "school kitchen").lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(drafts.len(), 3, "{texts:#?}");
}

#[test]
fn a_members_emphasis_and_a_question_discussed_are_opinions_the_meetings_own_is_asked() {
    let drafts = drafts_of(BOARD, date(2026, 3, 3));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    for opinion in ["written down", "older slides", "held at night", "out of service", "report damage"] {
        assert!(!texts.iter().any(|t| t.contains(opinion)), "{opinion}: {texts:#?}");
    }
    assert_eq!(find(&drafts, "close Elm Street").deadline, Some(date(2026, 3, 16)));
}

#[test]
fn a_piece_of_a_table_row_without_words_asks_nothing() {
    use super::framing::is_framing;
    assert!(is_framing("."));
    assert!(is_framing(" – ;"));
    assert!(!is_framing("Fit end-of-aisle barriers to aisles 1–12."));
}

const NARRATIVE: &str = "HENNEPIN COUNTY
Extreme Cold Coordination Call
Notes of December 10, 2026

Present: Facility Services; Libraries; Building Safety; the Sheriff's Office.

Facility Services advised that two of the three libraries have standby generators that have not been load-tested since 2024, and Facility Services will test the standby generators at all three sites by January 8.
Ms Hussain confirmed that the Building Safety Regulator has asked for the outstanding safety case reports for four council blocks, and Ms Hussain undertook to submit them to the Regulator by December 30.
The Sheriff's Office said that patrol deputies already carry blankets, and it will keep doing so.
Libraries reported that the new heaters arrived last week, and the heaters will keep them warm.
";

#[test]
fn an_undertaking_after_what_was_reported_is_a_draft_with_what_it_takes_up() {
    let drafts = drafts_of(NARRATIVE, date(2026, 12, 10));
    let generators = find(&drafts, "test the standby generators");
    assert!(generators.text.starts_with("Facility Services will test"), "{}", generators.text);
    assert_eq!(generators.deadline, Some(date(2027, 1, 8)));
    // "submit them": what she undertook is what the sentence reported, so the draft keeps it.
    let reports = find(&drafts, "safety case reports");
    assert!(reports.text.contains("undertook to submit them"), "{}", reports.text);
    assert_eq!(reports.deadline, Some(date(2026, 12, 30)));
    // What was reported, and a pronoun's promise, ask nothing.
    assert!(
        !drafts.iter().any(|d| d.text.contains("not been load-tested")
            || d.text.contains("blankets")
            || d.text.contains("heaters")),
        "{drafts:#?}"
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

const DUE_LABELS_ZH: &str = "某市燃气安全工作会议纪要

2025年9月4日，市政府召开燃气安全工作会议。

会议议定事项：
一、市住建局牵头，会同市市场监管局，对全市餐饮场所燃气报警器安装情况开展排查。完成时限：10月31日。
二、市城管局负责督促餐饮场所完成“瓶改管”改造。完成时限：国庆前。
三、各区政府要组织开展燃气安全宣传，完成时间：9月30日。
";

#[test]
fn a_date_under_a_chinese_due_label_is_the_deadline_without_qian() {
    let drafts = drafts_of(DUE_LABELS_ZH, date(2025, 9, 4));
    assert_eq!(find(&drafts, "燃气报警器").deadline, Some(date(2025, 10, 31)));
    assert_eq!(find(&drafts, "瓶改管").deadline, Some(date(2025, 9, 30)));
    assert_eq!(find(&drafts, "燃气安全宣传").deadline, Some(date(2025, 9, 30)));
}

const INLINE_ATTENDANCE: &str = "GULF COAST TANKERS INC.
HSE Committee – Minutes
February 5, 2026

Attendees: Ray Dominguez (VP Operations, Chair); Carla Whitfield (HSE Manager); Project Manager (Chair); Site Safety Manager (Safety); Anita Shah (Dispatch Manager).
Staff present: Lowell Ames, Director of Public Health; Dana Kowalczyk, Environmental Health Manager.

1. Drills
Carla Whitfield will schedule a joint rollover and spill response drill with the yard crew by the end of June.
Dana Kowalczyk will sample the drinking water at the Decker Drive yard by March 31.
The Project Manager will ask the owner for schedule relief so that loading can move to night shifts.
";

#[test]
fn people_listed_on_one_line_act_in_the_line_of_their_posts() {
    let drafts = drafts_of(INLINE_ATTENDANCE, date(2026, 2, 5));
    let drill = find(&drafts, "spill response drill");
    assert_eq!(drill.lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(drill.deadline, Some(date(2026, 6, 30)));
    assert_eq!(find(&drafts, "drinking water").lead_function.as_deref(), Some("health"));
    // "Project Manager (Chair)", "Site Safety Manager (Safety)" list posts, not people: the Project
    // Manager is nobody's name, and their request has no line of work.
    assert_eq!(find(&drafts, "night shifts").lead_function, None);
}

const FIRST_NAMES: &str = "GULF COAST TANKERS INC.
HSE Committee – Minutes
February 5, 2026

Attendees: Ray Dominguez (VP Operations, Chair); Carla Whitfield (HSE Manager); Janelle Cho (Compliance Specialist); Tom Becker (Maintenance Manager); Tom Reyes (Dispatch Manager).

1. Routes
Janelle Cho reported that two drivers used the Washburn Tunnel. Janelle will also re-check every existing route plan against the hazmat route restrictions and report back by March 5.

2. Drills
Carla will schedule a joint rollover and spill response drill at the Decker Drive yard by the end of June.
Ray Dominguez will brief the drivers on the new routes by March 10.
Carla Whitfield agreed to audit the drill reports by July 31.
Carla agreed to publish the drill dates by March 20.

3. Trailers
Tom will replace the worn brake chambers on trailer 14 by March 1.
Ray to confirm the tunnel restrictions with the state DOT by March 12.
";

#[test]
fn a_person_present_called_by_first_name_acts_as_when_named_in_full() {
    let drafts = drafts_of(FIRST_NAMES, date(2026, 2, 5));
    let drill = find(&drafts, "spill response drill");
    assert_eq!(drill.lead_function.as_deref(), Some("emergency_management"));
    // The draft keeps the minutes' own words.
    assert!(drill.text.starts_with("Carla will schedule"), "{}", drill.text);
    // Where the minutes also write her name in full before the verb, the full name stays as
    // written (and "Carla agreed to …" is left unread rather than risk the words).
    assert!(find(&drafts, "audit the drill reports").text.starts_with("Carla Whitfield agreed"), "{drafts:#?}");
    let routes = find(&drafts, "re-check every existing route plan");
    assert_eq!(routes.deadline, Some(date(2026, 3, 5)));
    assert!(routes.text.starts_with("Janelle will also"), "{}", routes.text);
    assert!(routes.title.starts_with("Re-check every existing route plan"), "{}", routes.title);
    // "Ray to confirm …": a first name alone before the telegraphic "to" of an action.
    let tunnel = find(&drafts, "tunnel restrictions");
    assert_eq!(tunnel.deadline, Some(date(2026, 3, 12)));
    assert!(tunnel.text.starts_with("Ray to confirm"), "{}", tunnel.text);
    // Two people are called Tom: "Tom" names neither.
    assert!(!drafts.iter().any(|d| d.text.contains("brake chambers")), "{drafts:#?}");
}

#[test]
fn a_person_present_called_by_surname_or_post_and_surname_acts_as_when_named_in_full() {
    // The attendance list opens a later sentence of the proceedings' first paragraph.
    let minutes = "BOARD OF SUPERVISORS PROCEEDINGS\nFebruary 17, 2026\n\n\
        The Board met in regular session at 8:30 a.m. Also present: Jennifer Garms, County Auditor; \
        Beth Rausch, Emergency Management Coordinator; Curt Boehmer, County Highway Engineer.\n\n\
        Coordinator Rausch to compile a roster of certified drivers for each service by March 16.\n\
        Boehmer will post the snow routes on the county website.\n";
    let drafts = drafts_of(minutes, date(2026, 2, 17));
    let roster = find(&drafts, "roster of certified drivers");
    assert_eq!(roster.lead_function.as_deref(), Some("emergency_management"));
    assert!(roster.text.starts_with("Coordinator Rausch to compile"), "{}", roster.text);
    let routes = find(&drafts, "snow routes");
    assert_eq!(routes.lead_function.as_deref(), Some("transport"));
    assert!(routes.text.starts_with("Boehmer will post"), "{}", routes.text);
}

const SAG: &str = "NORTH KESTEVEN DISTRICT COUNCIL
SAFETY ADVISORY GROUP
Notes of meeting – Wednesday 8 October 2025

4. Event Management Plan
(a) Version 2 of the Event Management Plan had been circulated. Members felt it was a good basis.
(b) Recommendation to the event organiser: that a revised Event Management Plan is submitted to the SAG by Friday 17 October 2025.
(c) Recommendation to Lincolnshire Fire and Rescue: that a crew carries out a pre-event inspection of the bonfire before the gates open.
(d) Recommendation to the event organiser: to confirm in writing the medical provider by Monday 20 October 2025.
";

#[test]
fn a_recommendation_to_a_named_body_is_its_task() {
    let drafts = drafts_of(SAG, date(2025, 10, 8));
    assert_eq!(find(&drafts, "revised Event Management Plan").deadline, Some(date(2025, 10, 17)));
    assert_eq!(find(&drafts, "pre-event inspection").lead_function.as_deref(), Some("fire_rescue"));
    let medical = find(&drafts, "medical provider");
    assert_eq!(medical.deadline, Some(date(2025, 10, 20)));
    assert!(medical.title.starts_with("Confirm in writing"), "{}", medical.title);
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
}

const RESOLUTION: &str = "VALLEY WATER DISTRICT
Minutes of the Board of Directors – February 9, 2027

RESOLUTION NO. 2027-04
WHEREAS, the Board believes that customers should be informed promptly of the results of the District's monitoring; and
WHEREAS, state funding is available for treatment;
NOW, THEREFORE, BE IT RESOLVED by the Board of Directors that the General Manager is hereby directed to:
1. Remove Well 7 from regular service until treatment is in place;
2. Mail a notice on the PFAS results to every customer no later than March 15, 2027.
BE IT FURTHER RESOLVED that General Counsel is directed to evaluate the options for cost recovery and report to the Board by May 11, 2027.

The Health Officer was further directed to apply to the State for no-cost testing of the wells.
";

#[test]
fn a_resolutions_directions_are_tasks_and_its_recitals_are_not() {
    let drafts = drafts_of(RESOLUTION, date(2027, 2, 9));
    find(&drafts, "Remove Well 7");
    assert_eq!(find(&drafts, "Mail a notice").deadline, Some(date(2027, 3, 15)));
    assert_eq!(find(&drafts, "cost recovery").deadline, Some(date(2027, 5, 11)));
    assert_eq!(find(&drafts, "no-cost testing").lead_function.as_deref(), Some("health"));
    assert!(!drafts.iter().any(|d| d.text.contains("WHEREAS")), "{drafts:#?}");
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
}

#[test]
fn the_record_of_something_that_did_not_arise_asks_nothing() {
    let minutes = "PLANNING COMMITTEE
Minutes of 5 March 2026

12/04 DECLARATIONS OF INTEREST
There were no declarations of interest.

12/05 EXCLUSION OF THE PUBLIC
RESOLVED that there were no items requiring the exclusion of the press and public.

12/06 TREES
RESOLVED that the Tree Officer shall survey the oaks on Mill Lane by 30 April 2026.
";
    let drafts = drafts_of(minutes, date(2026, 3, 5));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(find(&drafts, "oaks on Mill Lane").deadline, Some(date(2026, 4, 30)));
}
