//! Who leads a Chinese requirement (issue 24, fifth round): a unit written right after the one
//! it belongs to, a short lead-in without a subject before the unit that does the work, and the
//! offices and administrations the table learned. Expected values are written by hand.

use super::fixtures::{date, drafts_of, find};

#[test]
fn a_unit_written_after_the_one_it_belongs_to_is_the_unit_named() {
    let drafts = drafts_of("会议要求，县公安局交警大队要在节前完成客运车辆安全检查。", date(2026, 1, 10));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("traffic_police"));
    assert!(drafts[0].cooperating_functions.iter().all(|f| f != "public_security"), "{drafts:#?}");
}

#[test]
fn a_short_lead_in_without_a_subject_heads_the_requirement_of_the_unit_after_it() {
    let drafts =
        drafts_of("会议要求，要抓好冬季供暖，县住建局要会同县财政局在11月15日前完成老旧管网改造。", date(2026, 11, 1));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    let d = find(&drafts, "抓好冬季供暖");
    assert_eq!(d.lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(d.deadline, Some(date(2026, 11, 15)));
}

#[test]
fn maritime_fisheries_and_command_offices_name_their_line_of_work() {
    let minutes = "会议要求：
一、由县海事处牵头，县海洋与渔业局配合，开展商渔船防碰撞专项检查。
二、县森林草原防灭火指挥部办公室要落实24小时值班制度。
";
    let drafts = drafts_of(minutes, date(2026, 3, 1));
    let d = find(&drafts, "防碰撞");
    assert_eq!(d.lead_function.as_deref(), Some("transport"));
    assert!(d.cooperating_functions.iter().any(|f| f == "agriculture"), "{d:#?}");
    assert_eq!(find(&drafts, "24小时值班").lead_function.as_deref(), Some("emergency_management"));
}
