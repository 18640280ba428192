//! Drafting end to end: the fixtures' minutes, leads, titles and the inputs drafting refuses.

use super::fixtures::{FLOOD_ZH, HEATING_EN, date, drafts_of, find, nov17, strs, summary};
use super::*;

#[test]
fn november_minutes_yield_the_six_expected_drafts_in_order() {
    let drafts = nov17();
    let got: Vec<(&str, Category, Option<&str>)> =
        drafts.iter().map(|d| (d.title.as_str(), d.category, d.lead_function.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (
                "Maintain a high degree of vigilance against outstanding risks and hidden dangers",
                Category::General,
                Some("emergency_management")
            ),
            (
                "Strengthen the investigation and rectification of fire hazards in winter",
                Category::FireSafety,
                Some("fire_rescue")
            ),
            ("Strengthen safety supervision in high-risk industries", Category::Mining, Some("emergency_management")),
            ("Strictly investigate and deal with traffic violations", Category::RoadTraffic, Some("traffic_police")),
            (
                "Strictly prevent the risk of stampedes at large-scale gathering activities",
                Category::CrowdSafety,
                Some("public_security")
            ),
            ("Deeply promote urban gas safety", Category::Gas, Some("housing_construction")),
        ]
    );
    assert!(drafts.iter().all(|d| d.language == Language::En && d.deadline.is_none()));
}

#[test]
fn generic_vigilance_clause_is_general_and_steals_no_category() {
    let drafts = nov17();
    let general = find(&drafts, "high degree of vigilance");
    assert_eq!(general.category, Category::General);
    assert!(general.text.starts_with("It is necessary to maintain"));
    assert_eq!(drafts.iter().filter(|d| d.category == Category::FireSafety).count(), 1);
}

#[test]
fn flood_minutes_yield_exactly_the_expected_drafts() {
    let drafts = drafts_of(FLOOD_ZH, date(2024, 5, 20));
    use Category::*;
    assert_eq!(
        summary(&drafts),
        vec![
            (FloodGeological, Some("water_resources"), Some(date(2024, 6, 15))),
            (FloodGeological, Some("water_resources"), None),
            (FloodGeological, Some("emergency_management"), None),
            (Responsibilities, Some("general_office"), None),
            (Construction, Some("housing_construction"), None),
            (CrowdSafety, Some("culture_tourism"), None),
            (FloodGeological, Some("water_resources"), Some(date(2024, 12, 31))),
        ]
    );
    let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "全面开展汛前隐患排查",
            "加强山洪地质灾害监测预警",
            "遇强降雨时及时组织转移群众",
            "严格执行24小时值班值守和领导带班制度",
            "在建工地要落实汛期安全措施",
            "加强旅游景区管理",
            "年底前要全面完成水毁工程修复",
        ]
    );
    assert_eq!(drafts[0].places, strs(&["水库", "山塘", "堤防"]));
    assert!(drafts[0].text.contains("“三个责任人”"));
    assert!(drafts[2].cooperating_functions.contains(&"water_resources".to_string()));
    assert!(drafts[4].cooperating_functions.contains(&"water_resources".to_string()));
    assert!(drafts.iter().all(|d| d.language == Language::Zh));
}

#[test]
fn heating_minutes_yield_exactly_the_expected_drafts() {
    let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
    use Category::*;
    assert_eq!(
        summary(&drafts),
        vec![
            (Gas, Some("housing_construction"), Some(date(2024, 12, 15))),
            (Gas, Some("housing_construction"), None),
            (Gas, Some("market_regulation"), None),
            (Gas, Some("housing_construction"), None),
            (General, Some("health"), None),
            (Responsibilities, Some("general_office"), None),
            (FireSafety, Some("fire_rescue"), Some(date(2024, 12, 31))),
        ]
    );
    assert!(drafts[0].text.starts_with("Heating enterprises must complete"));
    assert_eq!(drafts[1].places, strs(&["restaurants", "shopping malls", "residential areas"]));
    assert_eq!(drafts[2].text, "Gas cylinders without a valid inspection must be removed from use.");
    // Hospitals are a new subject with their own verb: their beds are health's draft, not
    // a rider on the carbon monoxide publicity.
    assert!(drafts[3].text.ends_with("prevention of carbon monoxide poisoning"));
    assert_eq!(drafts[4].text, "Hospitals should prepare beds and medicines for poisoning cases.");
    assert_eq!(drafts[4].why.subject.as_deref(), Some("Hospitals"));
    assert_eq!(drafts[6].places, strs(&["nine small places"]));
    assert!(drafts[6].text.contains("“nine small places”"));
    assert_eq!(
        drafts[6].title,
        "Each district should complete the rectification of fire hazards in the “nine small places”"
    );
}

fn leads(minutes: &str) -> Vec<Option<String>> {
    drafts_of(minutes, date(2024, 6, 3)).into_iter().map(|d| d.lead_function).collect()
}

fn one(f: &str) -> Vec<Option<String>> {
    vec![Some(f.to_string())]
}

#[test]
fn the_department_named_as_subject_or_as_leading_is_the_lead_whatever_the_topic() {
    assert_eq!(leads("自然资源部门要对地质灾害隐患点开展排查。"), one("natural_resources"));
    assert_eq!(
        leads("The transport bureau shall supervise tank trucks carrying hazardous chemicals."),
        one("transport")
    );
    assert_eq!(leads("Public security organs shall crack down on illegal fireworks."), one("public_security"));
    assert_eq!(
        leads("The market regulation bureau shall check the quality of extinguishers on sale."),
        one("market_regulation")
    );
    assert_eq!(leads("会议要求，由市住建局牵头，对地下车库开展消防安全检查。"), one("housing_construction"));
    assert_eq!(leads("会议要求，交警要加强夜间巡查。"), one("traffic_police"));
    assert_eq!(leads("会议要求，文旅部门要加强景区管理。"), one("culture_tourism"));
    assert_eq!(leads("The EMB must inspect fireworks warehouses."), one("emergency_management"));
    let led = drafts_of(
        "Rectification of flooded tunnels shall be led by the transport bureau, with the water resources bureau cooperating.",
        date(2024, 6, 3),
    );
    assert_eq!(led[0].lead_function.as_deref(), Some("transport"));
    assert_eq!(led[0].cooperating_functions.first().map(String::as_str), Some("water_resources"));
    assert_eq!(led[0].why.lead_basis, Some(LeadBasis::NamedDepartment));
    assert_eq!(led[0].title, "Rectification of flooded tunnels");
    // The whole name as written is why, and a list in the object stays in the title.
    let named = drafts_of(
        "Public security organs shall crack down on the illegal production, transport and sale of fireworks.",
        date(2024, 6, 3),
    );
    assert_eq!(named[0].why.lead_words.as_deref(), Some("Public security organs"));
    assert_eq!(named[0].title, "Crack down on the illegal production, transport and sale of fireworks");
    let zh = drafts_of("会议要求，市场监管部门要加强抽检。", date(2024, 6, 3));
    assert_eq!(zh[0].why.lead_words.as_deref(), Some("市场监管部门"));
}

#[test]
fn the_topic_of_the_subject_beats_the_season_of_the_meeting() {
    let drafts = drafts_of(
        "会议要求，确保汛期师生安全，学校要完善极端天气停课预案。景区要在暴雨期间关闭涉水项目。在建工地要在汛期加强基坑巡查。",
        date(2024, 6, 3),
    );
    assert_eq!(
        drafts.iter().map(|d| d.lead_function.as_deref()).collect::<Vec<_>>(),
        vec![Some("education"), Some("culture_tourism"), Some("housing_construction")]
    );
    assert_eq!(drafts[0].title, "学校要完善极端天气停课预案");
    // A clause a little over the title cap stays whole rather than cut mid-word.
    let long = drafts_of(
        "会议要求，各级领导干部要严格落实节日期间领导带班和24小时值班制度，确保信息畅通。",
        date(2024, 12, 26),
    );
    assert_eq!(long[0].title, "各级领导干部要严格落实节日期间领导带班和24小时值班制度");
}

#[test]
fn one_subject_with_several_verbs_is_one_draft_and_two_subjects_are_two() {
    let one_req = drafts_of(
        "Hazardous chemicals enterprises must check their storage tanks and lightning protection, and strictly prevent leaks caused by flooding.",
        date(2024, 6, 3),
    );
    assert_eq!(one_req.len(), 1);
    assert_eq!(one_req[0].lead_function.as_deref(), Some("emergency_management"));
    let two = drafts_of("会议要求，交通运输部门要抢通道路，公安交警部门要实施交通管制。", date(2024, 6, 3));
    assert_eq!(
        two.iter().map(|d| (d.title.as_str(), d.lead_function.as_deref())).collect::<Vec<_>>(),
        vec![("抢通道路", Some("transport")), ("实施交通管制", Some("traffic_police"))]
    );
}

#[test]
fn rescue_teams_and_supplies_are_for_emergency_management_and_titles_say_what_to_do() {
    assert_eq!(leads("会议要求，应急物资和抢险救援队伍要提前预置到位。"), one("emergency_management"));
    assert_eq!(leads("Rescue teams and supplies must be in place."), one("emergency_management"));
    let d = drafts_of(
        "The emergency management bureau shall inspect hazardous chemical enterprises before January 20.",
        date(2024, 12, 1),
    );
    assert_eq!(d[0].title, "Inspect hazardous chemical enterprises");
    assert_eq!(d[0].deadline, Some(date(2025, 1, 20)));
}

#[test]
fn empty_and_whitespace_minutes_are_refused() {
    for input in ["", "   ", "\n\t \r\n　"] {
        assert_eq!(draft_directives(input, &default_rules(), date(2024, 1, 1)), Err(DraftError::Empty));
    }
}

#[test]
fn oversized_minutes_are_refused() {
    let big = "a".repeat(MAX_MINUTES_CHARS + 1);
    assert_eq!(
        draft_directives(&big, &default_rules(), date(2024, 1, 1)),
        Err(DraftError::TooLarge { limit_chars: MAX_MINUTES_CHARS, actual_chars: MAX_MINUTES_CHARS + 1 })
    );
    let msg = DraftError::TooLarge { limit_chars: 10, actual_chars: 20 }.to_string();
    assert!(msg.contains("20 characters") && msg.contains("limit is 10"));
}

#[test]
fn text_without_requirements_is_refused() {
    let recipe = "Tomato and egg stir-fry\nBeat three eggs with a pinch of salt. Fry them until just set. Add the tomatoes and a spoon of sugar. Serve hot.";
    let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore.";
    let numbers = "1 2 3 4 5\n6.7 8.9 10\n42";
    for input in [recipe, lorem, numbers, "西红柿炒鸡蛋：鸡蛋打散，加盐，炒熟盛出。"] {
        assert_eq!(
            draft_directives(input, &default_rules(), date(2024, 1, 1)),
            Err(DraftError::NoRequirements),
            "{input}"
        );
    }
}

#[test]
fn odd_inputs_never_panic() {
    let long_line = "It is necessary to inspect fire exits, ".repeat(MAX_MINUTES_CHARS / 39);
    assert!(long_line.chars().count() <= MAX_MINUTES_CHARS);
    let long_zh = "要加强消防检查，“九小场所".repeat(MAX_MINUTES_CHARS / 13);
    let inputs = [
        "。。；；，，！？…….;,!?",
        "“要加强",
        "”要”加强“",
        "\"must \"\"",
        "《要",
        "「必须」」」",
        "要",
        "must",
        "It is necessary to",
        "会议要求",
        "会议要求：",
        "The meeting required that",
        "要加强🔥消防🚒检查 and must check gas ⛽ too; 务必。",
        "Mixed 中文 and English: 要 must 必须 should 1月 by June 31 2月30日前 99月99日前",
        "(一)",
        "（",
        "1.",
        "一是",
        "\u{0}\u{feff}要\u{200b}加强",
        "İİİ must İstanbul fire",
        long_line.as_str(),
        long_zh.as_str(),
    ];
    for input in inputs {
        // Drafts or an error, never a panic. Rendering drafts is tested beside the command line.
        let _ = draft_directives(input, &default_rules(), date(2024, 2, 29));
    }
    let drafts = drafts_of(&long_line, date(2024, 1, 1));
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].category, Category::FireSafety);
}

#[test]
fn drafts_serialize_with_snake_case_enums() {
    let drafts = drafts_of(HEATING_EN, date(2024, 11, 5));
    let json = serde_json::to_value(&drafts[0]).expect("serialize");
    assert_eq!(json["category"], "gas");
    assert_eq!(json["language"], "en");
    assert_eq!(json["deadline"], "2024-12-15");
    let back: Draft = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, drafts[0]);
}

#[test]
fn process_safety_words_of_a_plant_give_the_safety_line_of_work() {
    for (minutes, lead) in [
        ("会议要求，各车间要在月底前完成二号反应釜安全联锁校验。", "emergency_management"),
        ("会议要求，检修期间的特殊作业一律执行审批制度。", "emergency_management"),
        ("会议要求，要加强危险货物运输车辆的进出厂登记。", "transport"),
    ] {
        let drafts = drafts_of(minutes, date(2026, 5, 6));
        assert_eq!(drafts[0].lead_function.as_deref(), Some(lead), "{minutes}: {drafts:#?}");
    }
}

#[test]
fn a_requirement_naming_no_unit_goes_to_the_line_its_one_topic_word_names() {
    // Each sentence holds one of the words alone, so each rule is held by its own row.
    let zh = [
        ("要全面推进垃圾分类进小区。", "urban_management", Category::Ecology),
        ("要提高生活垃圾清运频次。", "urban_management", Category::Ecology),
        ("要加快厨余垃圾处理设施建设。", "urban_management", Category::Ecology),
        ("要落实公共场所控烟措施。", "health", Category::PublicHealth),
        ("要在二级以上医院开设戒烟门诊。", "health", Category::PublicHealth),
        ("要严格落实院感防控制度。", "health", Category::PublicHealth),
        ("要开展医院感染暴发风险排查。", "health", Category::PublicHealth),
        ("要深入开展禁毒宣传进校园活动。", "public_security", Category::SocialStability),
        ("要严厉打击毒品违法犯罪。", "public_security", Category::SocialStability),
        ("要加强社区吸毒人员管控。", "public_security", Category::SocialStability),
        ("要定期校验硫化氢报警仪。", "emergency_management", Category::HazardousChemicals),
        ("要全面排查油气管道占压隐患。", "energy", Category::HazardousChemicals),
        ("要落实管道保护责任。", "energy", Category::HazardousChemicals),
        ("要规范农村集体聚餐备案管理。", "market_regulation", Category::FoodSafety),
        ("要对问题户厕逐户登记。", "agriculture", Category::Rural),
        ("要严把改厕产品质量关。", "agriculture", Category::Rural),
        ("要持续改善人居环境。", "agriculture", Category::Rural),
        ("要深入开展村庄清洁行动。", "agriculture", Category::Rural),
    ];
    let en = [
        ("Fly-tipping hotspots must be cleared within five working days.", "urban_management", Category::Ecology),
        ("Maternity triage must be staffed at all times.", "health", Category::PublicHealth),
        ("Midwifery rotas must be reviewed monthly.", "health", Category::PublicHealth),
        ("Crocodile warning signs must be checked after each wet season.", "forestry", Category::Ecology),
        ("Hydrogen sulphide monitors must be bump-tested daily.", "emergency_management", Category::HazardousChemicals),
        ("Stopbank crest levels must be surveyed by June.", "water_resources", Category::FloodGeological),
        ("Levee breaches must be reported within the hour.", "water_resources", Category::FloodGeological),
    ];
    let minutes = zh
        .iter()
        .map(|&(s, lead, category)| (format!("3月5日，市政府召开会议。\n会议要求，{s}"), lead, category))
        .chain(en.iter().map(|&(s, lead, category)| {
            (format!("Minutes of the meeting held on 5 March 2026\n\n{s}"), lead, category)
        }));
    for (text, lead, category) in minutes {
        let drafts = drafts_of(&text, date(2026, 3, 5));
        let got: Vec<(Option<&str>, Category)> =
            drafts.iter().map(|d| (d.lead_function.as_deref(), d.category)).collect();
        assert_eq!(got, vec![(Some(lead), category)], "{text}");
    }
}
