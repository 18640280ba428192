use super::super::fixtures::{date, drafts_of};
use super::super::{DraftError, default_rules, draft_directives};

fn leads_and_cooperating(minutes: &str) -> Vec<(Option<String>, Vec<String>)> {
    drafts_of(minutes, date(2024, 6, 26)).into_iter().map(|d| (d.lead_function, d.cooperating_functions)).collect()
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_title_line_is_not_a_draft() {
    let minutes = "关于切实加强城镇燃气安全工作的会议纪要\n\n3月5日上午，市政府召开燃气安全工作会议。\n会议要求，住建部门要加强燃气管道巡查。";
    let drafts = drafts_of(minutes, date(2024, 3, 5));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("住建部门要加强"));
    assert!(super::is_heading_line("2025年第三次安全生产委员会会议纪要"));
    assert!(!super::is_heading_line("要加强燃气管道巡查。"));
}

#[test]
fn a_numbered_items_heading_attaches_to_its_requirement_and_led_by_sets_the_lead() {
    let minutes = "会议明确：\n\n一是切实保障户外劳动者健康。人社部门要督促用人单位落实高温津贴。\n\n二、开展隐患排查。由市住建局牵头，会同市商务局、市市场监管局，7月5日前对燃气经营企业开展检查。";
    let drafts = drafts_of(minutes, date(2024, 6, 26));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("切实保障户外劳动者健康。人社部门要"), "{}", drafts[0].text);
    assert_eq!(drafts[0].lead_function.as_deref(), Some("human_resources"));
    assert!(drafts[1].text.starts_with("开展隐患排查。由市住建局牵头"), "{}", drafts[1].text);
    assert_eq!(drafts[1].lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(drafts[1].cooperating_functions[..2], owned(&["commerce", "market_regulation"]));
    assert_eq!(drafts[1].deadline, Some(date(2024, 7, 5)));
}

#[test]
fn a_requirement_split_by_a_condition_stays_one_draft() {
    let zh =
        drafts_of("会议要求，区市场监管局要对客运索道开展专项检查。对检验不合格的，一律停止使用。", date(2024, 6, 26));
    assert_eq!(zh.len(), 1, "{zh:#?}");
    assert!(zh[0].text.ends_with("对检验不合格的，一律停止使用。"));
    assert_eq!(zh[0].lead_function.as_deref(), Some("market_regulation"));
    let en = drafts_of(
        "The transport bureau shall inspect every cruise boat by 25 September. A vessel that fails shall be kept off the water until it passes.",
        date(2025, 9, 18),
    );
    assert_eq!(en.len(), 1, "{en:#?}");
    assert!(en[0].text.ends_with("until it passes."));
    assert_eq!(en[0].deadline, Some(date(2025, 9, 25)));
    // A sentence of its own that opens with "Where" is a requirement of its own.
    let own = drafts_of(
        "Schools must close on red warnings. Where a river floods, the town governments must move residents out.",
        date(2024, 7, 2),
    );
    assert_eq!(own.len(), 2, "{own:#?}");
}

#[test]
fn a_subject_narrowed_by_what_it_did_is_a_condition_on_the_requirement_before_it() {
    let en = drafts_of(
        "The market regulation bureau shall check every scale in the market by 10 May. Traders found cheating shall be fined; shops with two offences shall be closed. Any stall that fails twice is not to reopen.",
        date(2025, 4, 20),
    );
    assert_eq!(en.len(), 1, "{en:#?}");
    assert!(en[0].text.ends_with("is not to reopen."), "{}", en[0].text);
    assert_eq!(en[0].lead_function.as_deref(), Some("market_regulation"));
    // Narrowed but doing something itself: a requirement of its own.
    let own = drafts_of(
        "The market regulation bureau shall check every scale in the market. Shops that sell fireworks must keep them in a locked store.",
        date(2025, 4, 20),
    );
    assert_eq!(own.len(), 2, "{own:#?}");
    // A unit's name with "with" in it is a subject of its own.
    let two = drafts_of(
        "The education bureau shall check school buses. The Bureau of Transport with the police shall check coaches.",
        date(2025, 4, 20),
    );
    assert_eq!(two.len(), 2, "{two:#?}");
}

#[test]
fn joint_subjects_give_the_first_named_the_lead_and_the_others_cooperate() {
    assert_eq!(
        leads_and_cooperating("会议要求：\n1. 市商务局、市市场监管局按照职责分工，加强对瓶装液化气经营点的检查。"),
        vec![(Some("commerce".to_string()), owned(&["market_regulation"]))]
    );
    let (lead, cooperating) =
        leads_and_cooperating("区水利局、区自然资源局要加强对山洪沟、地质灾害隐患点的巡查监测。").remove(0);
    assert_eq!(lead.as_deref(), Some("water_resources"));
    assert_eq!(cooperating.first().map(String::as_str), Some("natural_resources"), "the named one first");
    let (lead, cooperating) =
        leads_and_cooperating("县应急管理局会同县林业局，组织扑火队伍开展一次实战演练。").remove(0);
    assert_eq!(lead.as_deref(), Some("emergency_management"));
    assert!(cooperating.contains(&"forestry".to_string()), "{cooperating:?}");
}

#[test]
fn a_dash_list_announced_by_its_points_yields_one_draft_an_item_and_closes() {
    let minutes = "会议要求，要围绕以下几个方面，做好汛期工作。\n\n——加强水库巡查。区水利局要每日巡查水库。\n\n——做好转移准备。各镇要备好安置点。\n\n——保障道路畅通。区交通局要及时抢通道路。\n\n会议强调，各部门要压实责任。";
    let drafts = drafts_of(minutes, date(2024, 6, 26));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("加强水库巡查。区水利局"), "{}", drafts[0].text);
    assert!(super::announces_list("要聚焦以下重点，抓实抓细假期安全工作。"));
    assert!(!super::announces_list("对以下单位开展检查：区医院、区一中。"));
}

#[test]
fn a_unit_that_only_cooperates_joins_the_requirement_before_it() {
    let drafts =
        drafts_of("会议要求，农业农村部门要指导群众科学灌溉，水利部门要配合做好灌溉用水调度。", date(2025, 7, 24));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("agriculture"));
    assert!(drafts[0].cooperating_functions.contains(&"water_resources".to_string()));
}

#[test]
fn a_modal_inside_quotes_is_what_someone_said_not_a_requirement() {
    for minutes in [
        "去年暑期事故调查发现，经营单位“要求游客自行承担风险”的告知书形同虚设。",
        "Interviewed afterwards, he said he had assumed the warehouse \"should be safe after three days\".",
    ] {
        assert_eq!(draft_directives(minutes, &default_rules(), date(2025, 6, 12)), Err(DraftError::NoRequirements));
    }
}

#[test]
fn closing_lines_and_list_announcements_yield_no_drafts() {
    let minutes = "会议要求，各地各部门要进一步提高政治站位，重点抓好以下工作。\n\n一、教育部门要开展防溺水教育。\n\n二、公安机关要加强景区治安巡查。\n\n三、交警部门要加强山区道路巡逻。\n\n会议强调，各镇（街）、各有关部门要切实扛起属地责任。\n\n请区政府督查室加强调度督办。";
    let drafts = drafts_of(minutes, date(2024, 6, 26));
    let leads: Vec<Option<&str>> = drafts.iter().map(|d| d.lead_function.as_deref()).collect();
    assert_eq!(leads, vec![Some("education"), Some("public_security"), Some("traffic_police")], "{drafts:#?}");
    assert_eq!(super::super::closing::closing_line(minutes), Some(7));
    // A numbered section heading ("4. Any other business") is not an item: what follows it stays.
    assert_eq!(
        super::super::closing::closing_line(
            "1. Situation\n2. Decisions\n3. Any other business\nSchools must lock gates."
        ),
        None
    );
}

fn leads(drafts: &[super::super::Draft]) -> Vec<Option<&str>> {
    drafts.iter().map(|d| d.lead_function.as_deref()).collect()
}

#[test]
fn a_later_sentence_that_takes_up_the_requirement_goes_on_with_it_and_gives_its_lead() {
    let vetting = drafts_of(
        "The meeting decided as follows.\n(3) Candidates shall be vetted before their names are announced. Led by the County Civil Affairs Bureau, with the Public Security Bureau cooperating, the vetting shall exclude anyone with a criminal record.",
        date(2026, 3, 2),
    );
    assert_eq!(leads(&vetting), vec![Some("civil_affairs")], "{vetting:#?}");
    assert!(vetting[0].cooperating_functions.contains(&"public_security".to_string()));
    // The same subject again is the same unit's next requirement, not a follow-up.
    let districts = drafts_of(
        "Every district shall hold a weekly clean-up day in the mosquito season. The districts shall also survey mosquito density in every community.",
        date(2024, 5, 28),
    );
    assert_eq!(districts.len(), 2, "{districts:#?}");
}

#[test]
fn a_clause_about_each_of_them_goes_on_with_the_requirement_it_takes_up() {
    let drafts = drafts_of(
        "Towns near rivers shall stock pumps and sandbags by 1 June; the water resources bureau shall check each of them before the rains.",
        date(2025, 5, 2),
    );
    assert_eq!(leads(&drafts), vec![Some("water_resources")], "{drafts:#?}");
    assert!(drafts[0].text.ends_with("before the rains."), "{}", drafts[0].text);
}

#[test]
fn an_items_bare_topic_taken_up_again_goes_on_with_its_requirement() {
    let drafts = drafts_of(
        "The meeting decided as follows.\n\n1. Blasting. No quarry shall blast without a permit. Blasting shall be done by licensed staff only.\n\n2. Dust. Quarries must spray haul roads.",
        date(2025, 5, 2),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert!(drafts[0].text.ends_with("licensed staff only."), "{}", drafts[0].text);
}

#[test]
fn hard_wrapped_decisions_with_will_are_one_requirement_each() {
    let drafts = drafts_of(
        "4. Decisions\n\n4.1  The Housing Bureau will complete a\n     door-to-door check of gas users by 31 December 2025.\n\n4.2  The Fire and Rescue Detachment will hold a gas-leak drill.\n\nThe next meeting will be held in January.",
        date(2025, 11, 18),
    );
    assert_eq!(leads(&drafts), vec![Some("housing_construction"), Some("fire_rescue")], "{drafts:#?}");
    assert!(drafts[0].text.contains("door-to-door check"));
    assert_eq!(drafts[0].deadline, Some(date(2025, 12, 31)));
}

#[test]
fn british_resolutions_are_requirements_and_noting_a_report_is_not() {
    let drafts = drafts_of(
        "RESOLVED that the report be noted.\n\nIt was RESOLVED that:\n\n(a) the Education and Sports Bureau complete a safety inspection of every school by 31 August;\n\n(b) the Health Commission check the vaccination records of all new pupils.",
        date(2025, 8, 21),
    );
    assert_eq!(leads(&drafts), vec![Some("education"), Some("health")], "{drafts:#?}");
    assert_eq!(drafts[0].deadline, Some(date(2025, 8, 31)));
}

#[test]
fn reported_speech_and_exhortations_to_everyone_are_not_requirements() {
    let en = drafts_of(
        "Chen said that every detail of the race should reflect the city's standard. The transport bureau shall inspect every coach.",
        date(2025, 12, 16),
    );
    assert_eq!(leads(&en), vec![Some("transport")], "{en:#?}");
    let zh = drafts_of(
        "会议要求：\n1. 各级各部门要坚持底线思维，守土有责。\n2. 市教育局要在6月30日前完成校舍排查。",
        date(2026, 4, 16),
    );
    assert_eq!(leads(&zh), vec![Some("education")], "{zh:#?}");
}

#[test]
fn an_action_list_under_its_heading_needs_no_shall() {
    let drafts = drafts_of(
        "3. Actions agreed\n\n3.7  Certificates. HR (Wu Jie) to arrange refresher training for the operators by 10 July.\n\n4. Any other business\n\nNone.",
        date(2026, 6, 9),
    );
    assert_eq!(leads(&drafts), vec![Some("human_resources")], "{drafts:#?}");
    assert!(drafts[0].text.starts_with("Certificates. HR"), "the item's heading goes with it");
    assert_eq!(drafts[0].deadline, Some(date(2026, 7, 10)));
}

#[test]
fn a_decided_items_statement_without_a_modal_leads_in_to_the_requirement_after_it() {
    let drafts = drafts_of(
        "The meeting decided as follows.\n\n1. Canteens. The meal subsidy is a fixed sum per pupil and may not be cut. The education bureau shall pay it to every school by 1 March.\n\n2. Buses. Every school bus is to carry a first-aid kit.",
        date(2025, 2, 10),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("education"));
    assert!(drafts[0].text.starts_with("Canteens. The meal subsidy"), "{}", drafts[0].text);
    assert_eq!(drafts[0].deadline, Some(date(2025, 3, 1)));
}

#[test]
fn an_owner_line_names_the_lead_of_the_item_above_and_is_no_draft() {
    let drafts = drafts_of(
        "3. Actions agreed\n\n3.1  Ladders. Every workshop to replace cracked ladders by 30 May. Owner: HSE (Li Na).\n\n3.2  Canteen. Keep food samples for 48 hours.\nOwner: Administration.",
        date(2026, 5, 6),
    );
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("emergency_management"));
    assert!(!drafts.iter().any(|d| d.text.starts_with("Owner")), "{drafts:#?}");
}

#[test]
fn a_requirement_of_an_item_that_names_nobody_shares_the_items_named_lead() {
    let drafts = drafts_of(
        "会议要求：\n一、由市生态环境局牵头，对12项问题逐项制定方案。各区要举一反三，开展同类问题排查。\n二、市教育局要加强校车管理。",
        date(2025, 3, 10),
    );
    assert_eq!(
        leads(&drafts),
        vec![Some("ecology_environment"), Some("ecology_environment"), Some("education")],
        "{drafts:#?}"
    );
    // A unit the table does not know keeps no lead rather than borrowing one.
    let own =
        drafts_of("会议要求：\n一、市文物局要检查古建筑电气线路。市民宗局要督促寺庙设置焚香区。", date(2025, 3, 10));
    assert_eq!(own.len(), 2, "{own:#?}");
    assert_ne!(own[1].lead_function, own[0].lead_function, "{own:#?}");
}

#[test]
fn a_condition_followed_by_a_named_unit_opens_a_requirement_of_its_own() {
    let drafts = drafts_of(
        "会议要求，区水利局要科学调度水库蓄水。对出现饮水困难的村，区应急管理局要组织送水车辆送水到户。",
        date(2025, 8, 12),
    );
    assert_eq!(leads(&drafts), vec![Some("water_resources"), Some("emergency_management")], "{drafts:#?}");
}

#[test]
fn led_by_a_unit_the_clauses_after_it_are_one_requirement_of_that_unit() {
    let drafts = drafts_of(
        "The meeting agreed as follows.\n\n1. Heat. Led by the Municipal Emergency Management Bureau, with the Red Cross assisting, every construction site shall put up a shaded rest area, and every school shall keep drinking water ready by 1 July.",
        date(2025, 6, 1),
    );
    assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
    assert!(drafts[0].text.contains("every school shall"), "{}", drafts[0].text);
}

#[test]
fn a_report_sent_to_a_unit_a_dozen_words_later_is_led_by_that_unit() {
    let drafts = drafts_of(
        "Employers shall report any heat injury suffered at work to the city human resources and social security bureau within a day.",
        date(2025, 7, 1),
    );
    assert_eq!(leads(&drafts), vec![Some("human_resources")], "{drafts:#?}");
}

#[test]
fn a_time_fragment_and_a_clause_of_everyone_join_the_named_units_requirement() {
    let drafts = drafts_of(
        "会议要求：\n一、加强汛期值守。主汛期间，各级各部门要严格执行24小时值班制度，区应急管理局要每日汇总雨情水情。\n二、区水利局要加强水库巡查。",
        date(2025, 6, 3),
    );
    assert_eq!(leads(&drafts), vec![Some("emergency_management"), Some("water_resources")], "{drafts:#?}");
    assert!(drafts[0].text.starts_with("加强汛期值守。主汛期间，各级各部门要"), "{}", drafts[0].text);
    // Everyone asked, with no unit after: a requirement of its own.
    let alone = drafts_of("会议要求，各级各部门要严格执行24小时值班制度。", date(2025, 6, 3));
    assert_eq!(alone.len(), 1, "{alone:#?}");
}

#[test]
fn an_items_heading_gives_the_topic_when_the_requirement_names_no_unit() {
    let drafts = drafts_of(
        "3. Actions agreed\n\n3.1  Reactor HAZOP. Maintenance (Wang Li) to close out the open recommendations by 30 June.",
        date(2026, 6, 1),
    );
    assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
    assert!(drafts[0].text.starts_with("Reactor HAZOP. Maintenance"), "{}", drafts[0].text);
}

#[test]
fn with_nobody_named_the_unit_a_requirement_answers_to_leads() {
    let drafts = drafts_of(
        "Depots shall update their hidden-hazard registers and send them to the Safety and Quality Department by the 5th of each month.",
        date(2025, 6, 12),
    );
    assert_eq!(leads(&drafts), vec![Some("emergency_management")], "{drafts:#?}");
}

#[test]
fn a_paragraphs_slogan_heads_the_requirement_after_it() {
    let drafts = drafts_of(
        "Hidden hazards must be cleared before the peak. The Provincial Forestry and Grassland Administration shall organise an inspection of key forest areas by March 31.",
        date(2026, 3, 12),
    );
    assert_eq!(leads(&drafts), vec![Some("forestry")], "{drafts:#?}");
    assert!(drafts[0].text.starts_with("Hidden hazards must be cleared"));
}

#[test]
fn a_sentence_whose_every_modal_is_quoted_asks_nothing() {
    assert!(super::asks_only_in_quotes("领导明确要求“要确保群众温暖过冬”，公司责任重大。"));
    assert!(super::asks_only_in_quotes("the owner \"should have cleared the spillway\" before the flood season."));
    assert!(!super::asks_only_in_quotes("各地要落实“一院一策”整改措施。"));
    assert!(!super::asks_only_in_quotes("No one asks anything here."));
}

#[test]
fn an_ordinal_before_a_short_first_sentence_still_makes_it_a_paragraph_heading() {
    assert!(super::is_paragraph_heading("Second, make sure that the water people drink is safe.", true));
    assert!(!super::is_paragraph_heading("Second, the bureau shall test the water, and publish failures.", true));
}
