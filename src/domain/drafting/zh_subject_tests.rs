//! Who leads a Chinese requirement (issue 24, fifth round): a unit written right after the one
//! it belongs to, a short lead-in without a subject before the unit that does the work, and the
//! offices and administrations the table learned. Expected values are written by hand.

use super::Category;
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

#[test]
fn a_section_named_with_guanyu_stays_a_heading_in_a_list_announced_by_a_sentence() {
    let minutes = "现将会议议定事项纪要如下。

一、关于当前形势

会议认为，今冬降水偏少，火险等级偏高。

二、关于重点任务

（一）县林业局要在春节前完成检查站设置。
";
    let drafts = drafts_of(minutes, date(2026, 1, 10));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.contains("检查站"), "{drafts:#?}");
}

#[test]
fn everyone_asked_to_feel_urgency_or_draw_lessons_is_an_exhortation() {
    let minutes = "会议要求：
一、提高思想认识。各地各部门要深刻吸取事故教训，切实增强责任感和紧迫感。
二、县住建局要在12月底前完成燃气管道排查。
";
    let drafts = drafts_of(minutes, date(2026, 11, 1));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn how_hard_to_hold_all_the_work_asked_of_everyone_concerned_is_no_draft() {
    let cases = [
        "各相关部门要把校车安全摆在更加突出的位置，坚决守牢安全底线。",
        "各部门要坚持从严要求，从田间到餐桌每一个环节都不能放松。",
        "各单位要坚持安全与发展并重，把市场提升改造作为一项民心工程抓紧抓好。",
    ];
    for case in cases {
        let minutes = format!("会议要求：\n一、县住建局要在12月底前完成燃气管道排查。\n二、{case}\n");
        let drafts = drafts_of(&minutes, date(2026, 11, 1));
        assert_eq!(drafts.len(), 1, "{case}: {drafts:#?}");
    }
}

#[test]
fn an_exhortation_after_the_meetings_introducer_or_towards_all_the_work_is_no_draft() {
    let minutes = "会议要求，各镇（街道）、各部门要切实增强责任感和紧迫感，坚决防范学生溺水事故发生。
要坚持人民至上、生命至上，以高度的责任感抓好各项应对工作。
县教育局要在6月底前完成防溺水专题教育。
";
    let drafts = drafts_of(minutes, date(2024, 5, 28));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("education"));
}

#[test]
fn a_demand_quoted_in_background_or_a_speaker_stressing_significance_is_no_draft() {
    let minutes = "市委主要领导明确要求“要确保群众温暖过冬、用水无忧”，公司冬季保供责任重大。
马建平强调，今年是规划收官之年，做好“三农”工作意义重大。
会议要求：
一、管网部要在11月底前完成老旧管网防冻保温检查。
";
    let drafts = drafts_of(minutes, date(2026, 11, 12));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.contains("防冻保温检查"));
}

#[test]
fn a_unit_asked_to_act_later_in_a_paragraph_the_meeting_pointed_out_is_a_requirement() {
    let minutes = "会议指出，暑期学生交通安全同样不容忽视。近年来学生乘坐违法载人车辆的现象时有发生，区交警大队要加强对摩托车违法载人的查处。
";
    let drafts = drafts_of(minutes, date(2024, 5, 28));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("traffic_police"));
    assert!(drafts[0].text.contains("摩托车违法载人"));
}

#[test]
fn a_list_opened_inside_a_sentence_yields_its_first_item() {
    let minutes = "各镇（街道）、各有关部门要聚焦重点时段、重点水域，抓好以下工作：一是强化宣传教育，区教育局要在端午节前组织全区中小学开展一次防溺水专题教育。二是加强危险水域管控，区水利局要在6月15日前完成警示标志设置。
";
    let drafts = drafts_of(minutes, date(2024, 5, 28));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let education = find(&drafts, "防溺水专题教育");
    assert_eq!(education.lead_function.as_deref(), Some("education"));
    assert_eq!(education.deadline, Some(date(2024, 6, 9)));
}

#[test]
fn forest_and_grassland_fire_prevention_is_forestrys_line_of_work() {
    let minutes = "会议要求：
一、各地要充分利用广播、电视和短信平台，广泛开展森林草原防火宣传。
";
    let drafts = drafts_of(minutes, date(2026, 1, 15));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("forestry"));
    assert_eq!(drafts[0].category, super::Category::ForestFire);
}

#[test]
fn a_unit_the_work_is_done_together_with_cooperates_and_does_not_lead() {
    let minutes = "会议要求：
第一，稳定粮食生产。省农业农村厅要指导各地抓好春耕备耕。会同省财政厅，年底前新建和改造提升高标准农田300万亩以上。
第二，市防指办要落实汛期24小时值班和领导带班制度。
";
    let drafts = drafts_of(minutes, date(2025, 2, 26));
    let farmland = find(&drafts, "高标准农田");
    assert_ne!(farmland.lead_function.as_deref(), Some("finance"), "{farmland:#?}");
    assert!(farmland.cooperating_functions.contains(&"finance".to_string()), "{farmland:#?}");
    assert_eq!(find(&drafts, "领导带班").lead_function.as_deref(), Some("emergency_management"));
}

#[test]
fn an_object_fronted_with_dui_stays_with_the_clause_that_acts_on_it() {
    let minutes = "会议要求：
五、对下游有村庄、学校、集镇等人员集中区域的水库，要逐库修订完善调度运用方案和应急预案，明确转移路线和转移责任人。
";
    let drafts = drafts_of(minutes, date(2026, 4, 22));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("对下游"), "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("water_resources"));
}

#[test]
fn a_unit_named_before_as_a_helper_then_as_subject_asks_something_of_its_own() {
    let minutes = "三、保障景区交通顺畅。市公安局交警支队要会同市交通运输局，制定景区周边道路交通疏导方案。市交通运输局要加密旅游专线班次，做好游客集散和换乘保障。
";
    let drafts = drafts_of(minutes, date(2025, 9, 18));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "加密旅游专线班次").lead_function.as_deref(), Some("transport"));
    assert_eq!(find(&drafts, "疏导方案").lead_function.as_deref(), Some("traffic_police"));
}

#[test]
fn a_short_sentence_over_items_numbered_inside_the_paragraph_is_their_heading() {
    let minutes = "会议要求，要压紧压实消防安全责任。一是各医院要逐级签订消防安全责任书。二是县卫生健康局要开展一次全覆盖检查。\n\
要全面开展火灾隐患排查整治。一是县卫生健康局要会同县消防救援大队开展联合检查。\n";
    let drafts = drafts_of(minutes, date(2025, 10, 28));
    assert!(
        drafts.iter().all(|d| d.text != "要压紧压实消防安全责任。" && d.text != "要全面开展火灾隐患排查整治。"),
        "{drafts:#?}"
    );
    find(&drafts, "逐级签订");
    find(&drafts, "联合检查");
}

#[test]
fn a_sentence_saying_only_that_a_speaker_will_speak_asks_nothing() {
    let minutes = "陈志刚在讲话中指出，形势不容乐观。他引用省自然资源厅的要求强调，“地质灾害防治要坚持人民至上”，各乡镇各部门务必克服麻痹思想和松劲心态。\n\
就做好下阶段工作，陈志刚提出具体要求。一是全面复核隐患。县自然资源局要在8月20日前对全县隐患点开展一轮复核排查。\n";
    let drafts = drafts_of(minutes, date(2025, 8, 5));
    assert!(drafts.iter().all(|d| !d.text.contains("提出具体要求") && !d.text.contains("强调")), "{drafts:#?}");
    assert!(drafts.iter().all(|d| !d.text.contains("麻痹思想")), "{drafts:#?}");
    assert_eq!(find(&drafts, "复核排查").lead_function.as_deref(), Some("natural_resources"));
}

#[test]
fn slogans_of_how_hard_to_hold_the_work_and_the_meetings_own_follow_up_are_no_draft() {
    let minutes = "刘明提出了四个方面的要求。
要把隐患排查抓在前面。要把责任链条压紧压实。
各县区要引起高度重视。
各区县、各责任单位要按照会议议定事项，细化措施、压实责任，确保整治工作取得实效。
县市场监管局要在3月31日前完成全部燃气具经营单位检查。
会后，县政府办公室将加强调度督办。
";
    let drafts = drafts_of(minutes, date(2026, 3, 2));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("market_regulation"));
    assert_eq!(drafts[0].deadline, Some(date(2026, 3, 31)));
}

#[test]
fn a_paragraph_opened_by_two_short_phrases_is_headed_by_them_not_drafted_from_them() {
    let minutes = "要深化自建房安全专项整治，守住安全底线。各乡镇要对辖区内经营性自建房逐栋开展安全隐患排查，6月30日前完成整治销号。
要健全长效机制，巩固整治成果。县住建局要在年底前研究出台农村房屋建设管理办法。
要把好“入口关”。各学校要落实晨午检制度，发现异常及时报告。
";
    let drafts = drafts_of(minutes, date(2026, 4, 16));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    assert!(drafts[2].text.starts_with("要把好“入口关”。各学校要落实晨午检"), "{drafts:#?}");
    assert!(drafts[0].text.starts_with("要深化自建房安全专项整治"), "{drafts:#?}");
    assert_eq!(drafts[0].deadline, Some(date(2026, 6, 30)));
    assert_eq!(drafts[1].lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn how_everyone_should_work_and_a_speech_announced_after_its_topic_are_no_drafts() {
    let minutes = "5月14日上午，区食品安全委员会召开推进会。
就做好下一阶段工作，刘洋提出明确要求。区市场监管局要在6月30日前完成入网餐饮单位证照核查。
刘洋强调，街道和部门要形成监管合力。区城管局要加强夜间流动摊贩排查整治。
会议强调，各地各部门要突出重点、精准施策，全力防范遏制有限空间作业事故。
";
    let drafts = drafts_of(minutes, date(2026, 5, 14));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    find(&drafts, "证照核查");
    find(&drafts, "流动摊贩");
}

#[test]
fn items_the_meeting_settled_on_are_drafts_titled_by_their_headings() {
    let minutes = "三、会议决定及整改清单
会议研究确定以下整改事项，由各责任部门按时限完成：
1. 全网设备温升专项检测。运维部负责，8月20日前完成全网充电桩温度检测。
2. 应急演练。各区域分公司于8月25日前组织站点值守人员开展一次应急疏散演练。
";
    let drafts = drafts_of(minutes, date(2026, 8, 6));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert_eq!(find(&drafts, "温度检测").title, "全网设备温升专项检测");
    let drill = find(&drafts, "应急疏散演练");
    assert_eq!(drill.title, "应急演练");
    assert_eq!(drill.deadline, Some(date(2026, 8, 25)));
}

#[test]
fn what_follows_a_requirement_that_opens_by_naming_its_lead_is_more_of_it() {
    let minutes = "会议要求：
（一）由县交通运输局牵头，于1月31日前对全县渡口渡船开展一次安全隐患排查，重点排查船舶证书和救生消防设备，建立问题清单，逐项明确整改责任人和整改时限。
";
    let drafts = drafts_of(minutes, date(2027, 1, 14));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("transport"));
    assert!(drafts[0].text.ends_with("整改时限。"), "{drafts:#?}");
}

#[test]
fn each_record_of_a_work_plan_table_is_a_draft_with_its_lead_helpers_and_date() {
    let minutes = "某建设集团有限公司专题会议纪要
二、工作安排
会议研究确定了近期重点工作，形成工作安排表如下：

序号1
工作事项：对所有在建深基坑工程开展汛期专项安全检查
牵头部门：安全监督部
配合部门：工程管理部
完成时间：2026年6月20日

序号2
工作事项：对特种作业人员开展专项安全培训，考核不合格的不得上岗
牵头部门：人力资源部
完成时间：2026年7月31日
";
    let drafts = drafts_of(minutes, date(2026, 6, 5));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let check = find(&drafts, "汛期专项安全检查");
    assert_eq!(check.lead_function.as_deref(), Some("emergency_management"));
    assert!(check.cooperating_functions.contains(&"housing_construction".to_string()), "{check:#?}");
    assert_eq!(check.deadline, Some(date(2026, 6, 20)));
    let training = find(&drafts, "专项安全培训");
    assert_eq!(training.lead_function.as_deref(), Some("human_resources"));
    assert_eq!(training.deadline, Some(date(2026, 7, 31)));
}

#[test]
fn a_national_meetings_words_relayed_and_everyone_asked_for_an_attitude_are_no_drafts() {
    let minutes = "8月21日，省公安厅召开视频会议。
公安部在全国会议上明确要求，要坚决守住民爆物品“不流失、不被盗、不炸响”的安全底线。
窨井盖虽小，却连着群众的安全。各成员单位要进一步提高思想认识，切实增强责任感和紧迫感。
各区政府要切实履行属地管理责任，主要负责同志要亲自过问。
各市公安局要在9月30日前完成对民爆物品生产企业的全覆盖检查。
";
    let drafts = drafts_of(minutes, date(2026, 8, 21));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    find(&drafts, "全覆盖检查");
}

#[test]
fn a_one_phrase_heading_over_a_requirement_that_names_its_lead_heads_it() {
    use super::structure::is_two_phrase_heading;
    let next = "由区城市管理和综合执法局牵头，各镇街配合，在城中村新建电动自行车集中充电停放场所。";
    assert!(is_two_phrase_heading("要紧盯电动自行车这一突出风险。", next));
    // A sentence that names no one after it is no heading of it.
    assert!(!is_two_phrase_heading("要紧盯电动自行车这一突出风险。", "充电端口1月底前新增2万个以上。"));
    // "城市管理和综合执法局" is urban management.
    let drafts = drafts_of(&format!("会议要求：{next}"), date(2026, 1, 9));
    assert_eq!(drafts[0].lead_function.as_deref(), Some("urban_management"));
}

#[test]
fn the_unit_another_cooperates_with_leads() {
    let drafts =
        drafts_of("会议要求，市卫生健康委配合市教育局，对全市中小学食堂开展一次食品安全检查。", date(2026, 5, 6));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("education"));
    assert!(drafts[0].cooperating_functions.contains(&"health".to_string()), "{drafts:#?}");
}

#[test]
fn the_unit_reports_go_to_leads_when_the_text_names_no_one_else() {
    let drafts = drafts_of(
        "会议要求，各物业企业要完善电动自行车充电设施，并于6月底前向区住房和城乡建设局书面报送整改情况。",
        date(2026, 5, 6),
    );
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn a_brigade_written_after_its_branch_bureau_is_the_unit_named() {
    let drafts = drafts_of("会议要求，区公安分局交警大队要在9月10日前对全区校车开展一次检查。", date(2026, 8, 25));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].lead_function.as_deref(), Some("traffic_police"));
}

#[test]
fn attitudes_heaped_together_a_campaign_announced_and_every_body_of_a_kind_asked_for_zeal_are_no_drafts() {
    let minutes = "3月5日，市卫生健康委召开全市医院安全工作会议。
市长强调，要开展为期两个月的集中整治行动。
要把安全责任扛在肩上、抓在手上，真正做到守土有责。
各级党委政府要切实扛起安全生产政治责任。
各医疗机构主要负责人是第一责任人，要亲自研究部署、亲自检查落实。
市卫生健康委要在4月30日前完成对全市二级以上医院的消防检查。
县公安局要开展为期一个月的打击非法营运行动。
";
    let drafts = drafts_of(minutes, date(2026, 3, 5));
    find(&drafts, "消防检查");
    // A campaign with an office to run it is a task.
    find(&drafts, "打击非法营运行动");
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

#[test]
fn xu_alone_asks_as_bixu_does_but_not_in_wuxu_or_xuzhi() {
    let minutes = "6月16日，余干县召开防溺水工作会议。
会议要求，一是县公安局要加强涉水区域巡逻。二是发生溺水事故须1小时内报告县政府。
各村无须另行报送周报。游客须知已印发。
";
    let drafts = drafts_of(minutes, date(2026, 6, 16));
    find(&drafts, "1小时内报告县政府");
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

const COOPERATING_ZH: &str = "某市冷链食品安全工作会议纪要

2025年12月9日，市政府召开冷链食品安全工作会议。会议议定事项如下：
1.加强冷链运输环节监管。市交通运输局要加强对冷藏运输车辆的监督检查；市市场监管局配合做好运输环节食品安全抽检。
2.严格冷库管理。市商务局要督促冷库经营者建立出入库台账。
";

#[test]
fn a_unit_that_cooperates_without_yao_joins_the_requirement_before_it() {
    let drafts = drafts_of(COOPERATING_ZH, date(2025, 12, 9));
    let transport = find(&drafts, "冷藏运输车辆的监督检查");
    assert_eq!(transport.lead_function.as_deref(), Some("transport"));
    assert!(transport.cooperating_functions.iter().any(|f| f == "market_regulation"), "{transport:#?}");
    // The cooperating unit's sentence is no draft of its own.
    assert!(drafts.iter().all(|d| !d.text.starts_with("市市场监管局")), "{drafts:#?}");
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
}

const GOAL_HEADINGS_ZH: &str = "某市餐饮场所燃气安全整治推进会

2025年9月4日，市政府召开餐饮场所燃气安全整治推进会。副市长讲话要求：

（一）聚焦报警器安装，确保应装尽装。市住建局要会同市市场监管局，对全市餐饮场所逐户建档，10月底前实现报警器安装全覆盖。

（二）压实各方责任，确保整治见效。市商务局要指导餐饮行业协会开展燃气安全培训。
";

#[test]
fn a_task_and_its_goal_heading_an_item_are_its_heading_not_a_draft() {
    let drafts = drafts_of(GOAL_HEADINGS_ZH, date(2025, 9, 4));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let alarms = find(&drafts, "逐户建档");
    assert_eq!(alarms.lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(alarms.deadline, Some(date(2025, 10, 31)));
    assert_eq!(find(&drafts, "燃气安全培训").lead_function.as_deref(), Some("commerce"));
}

#[test]
fn what_to_do_when_something_happens_goes_on_with_the_requirement_before_it() {
    let minutes = "会议要求：\n一、县水利局、县气象局要加强夫夷江流域水情雨情监测，及时向景区推送预警信息；遇强降雨或河道水位暴涨时，要立即暂停漂流活动。\n二、县公安局要在五一前完成景区周边交通疏导方案。\n";
    let drafts = drafts_of(minutes, date(2026, 4, 23));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let watch = find(&drafts, "水情雨情监测");
    assert!(watch.text.contains("暂停漂流活动"), "{watch:#?}");
    assert_eq!(watch.lead_function.as_deref(), Some("water_resources"));
}

#[test]
fn the_localities_asked_later_in_a_decided_item_have_a_requirement_of_their_own() {
    let minutes = "9月18日上午，县政府召开专题会议。
二、会议议定事项
1、有序推进报废处置。县农业农村局要制定补助办法，11月15日前印发实施。各乡镇要对确认报废的沼气池安全处置，做到处置一口、销号一口，年底前全部完成。要建立处置台账。
2、县市场监管局要对沼气灶具开展质量抽检。
";
    let drafts = drafts_of(minutes, date(2025, 9, 18));
    assert_eq!(drafts.len(), 3, "{drafts:#?}");
    let rules = find(&drafts, "补助办法");
    assert_eq!(rules.deadline, Some(date(2025, 11, 15)));
    assert!(!rules.text.contains("处置一口"), "{rules:#?}");
    let disposal = find(&drafts, "处置一口");
    assert_eq!(disposal.deadline, Some(date(2025, 12, 31)));
    // A later sentence naming no one still goes on with the requirement before it.
    assert!(disposal.text.ends_with("要建立处置台账。"), "{disposal:#?}");
}

#[test]
fn a_condition_whose_clause_names_a_doer_after_it_opens_a_requirement_of_its_own() {
    let minutes = "7月8日上午，市政府召开推进会。
一、市水利局要牵头制定二次供水设施移交接管实施办法，9月底前报市政府审定。对符合移交条件的，市水务集团要做到应接尽接、能接快接。对检验不合格的，一律停止使用。
二、省文化和旅游厅要加强对低空旅游项目的安全监管。对举办无人机编队灯光秀等大型活动的，要严格落实安全评估和许可，公安机关要落实现场安保和观众疏导措施。
";
    let drafts = drafts_of(minutes, date(2025, 7, 8));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    let rules = find(&drafts, "移交接管实施办法");
    assert!(!rules.text.contains("应接尽接"), "{rules:#?}");
    let takeover = find(&drafts, "应接尽接");
    // A condition naming no one goes on with the requirement before it.
    assert!(takeover.text.ends_with("对检验不合格的，一律停止使用。"), "{takeover:#?}");
    let crowds = find(&drafts, "观众疏导措施");
    assert!(!crowds.text.contains("低空旅游"), "{crowds:#?}");
    assert_eq!(crowds.lead_function.as_deref(), Some("public_security"));
}

#[test]
fn a_company_department_leading_an_item_keeps_its_words_and_the_item_whole() {
    let minutes = "6月5日，集团召开雨季防治水工作会议。会议议定：
1.开展雨季隐患排查。地测防治水部牵头，安监部配合，组织各矿对井田范围内的河流、水库逐一排查，建立隐患台账，明确整改责任人。完成时限：6月20日。
2.调度中心要严格执行雨季24小时值班制度。
";
    let drafts = drafts_of(minutes, date(2026, 6, 5));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let survey = find(&drafts, "逐一排查");
    assert!(survey.text.contains("地测防治水部牵头，安监部配合，"), "{survey:#?}");
    assert!(survey.text.contains("建立隐患台账"), "{survey:#?}");
    assert_eq!(survey.deadline, Some(date(2026, 6, 20)));
    let led = minutes.replace("。地测防治水部牵头，", "。由地测防治水部牵头，");
    let drafts = drafts_of(&led, date(2026, 6, 5));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    assert!(find(&drafts, "逐一排查").text.contains("由地测防治水部牵头，安监部配合，"), "{drafts:#?}");
}

#[test]
fn others_to_do_the_same_go_on_with_the_requirement_before_them() {
    let minutes = "3月12日上午，市政府召开常务会议。会议要求：
（二）落实负责人陪餐制度。市教育局要督促幼儿园严格执行园长陪餐制度；托育机构参照执行，由市卫生健康委负责督促。
（三）市市场监管局要对校外供餐单位开展全覆盖检查。
";
    let drafts = drafts_of(minutes, date(2026, 3, 12));
    assert_eq!(drafts.len(), 2, "{drafts:#?}");
    let meals = find(&drafts, "园长陪餐");
    assert!(meals.text.contains("托育机构参照执行"), "{meals:#?}");
    assert_eq!(meals.lead_function.as_deref(), Some("education"));
}

#[test]
fn what_the_unit_is_to_act_on_put_first_is_part_of_its_requirement() {
    let minutes = "8月14日，县政府召开耕地保护工作会议。\n会议要求，县自然资源局要加强卫片执法。对群众举报的违法占地线索，县自然资源局要在3个工作日内完成核查处理并反馈举报人。县农业农村局要组织撂荒地复耕，对举办土地流转的，要严格落实资格审查，县市场监管局要加强合同监管。\n1. 对排查发现的破损、缺失界桩，各乡镇要立即设置警示标志并限时修复；基本农田保护区的问题界桩，9月30日前全部更换。";
    let drafts = drafts_of(minutes, date(2025, 8, 14));
    let tips = find(&drafts, "群众举报的违法占地线索");
    assert!(tips.text.starts_with("对群众举报的违法占地线索，县自然资源局要"), "{tips:#?}");
    assert_eq!(tips.lead_function.as_deref(), Some("natural_resources"));
    // "对…的，要…" is a condition of the requirement before it, not a topic put first.
    assert!(!drafts.iter().any(|d| d.text.starts_with("对举办土地流转的")), "{drafts:#?}");
    let posts = find(&drafts, "缺失界桩");
    assert!(posts.text.starts_with("对排查发现的破损、缺失界桩，各乡镇要"), "{posts:#?}");
    assert_eq!(drafts.len(), 6, "{drafts:#?}");
}

#[test]
fn what_the_unit_is_to_act_on_after_what_the_meeting_said_and_when_is_part_of_its_requirement() {
    let minutes = "7月8日，区政府召开拆除工程安全工作会议。\n\
        当前正值主汛期，会议特别提出，汛期结束前，对停工待拆、拆至半截的危险房屋，区住建局要落实专人巡查。\n";
    let drafts = drafts_of(minutes, date(2025, 7, 8));
    let patrols = find(&drafts, "专人巡查");
    assert!(patrols.text.starts_with("对停工待拆、拆至半截的危险房屋，区住建局要"), "{patrols:#?}");
    assert_eq!(patrols.lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn each_of_those_a_unit_organised_asked_in_the_next_sentence_have_a_requirement_of_their_own() {
    let minutes = "某县防溺水工作会议纪要\n6月3日上午，县政府召开会议。会议要求：\n\
        1.县水利局要组织全县各水库管理单位开展一次安全巡查，6月10日前报县政府。各水库管理单位要在6月底前设置警示标牌，落实专人巡查。\n\
        2.严格熏蒸作业安全管理。熏蒸作业必须由持证人员实施。\n";
    let drafts = drafts_of(minutes, date(2026, 6, 3));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    assert!(!find(&drafts, "安全巡查").text.contains("警示标牌"), "{texts:#?}");
    // What the requirement is about, taken up as the next subject, goes on with it.
    assert!(find(&drafts, "熏蒸作业安全管理").text.contains("持证人员"), "{texts:#?}");
}

#[test]
fn an_office_the_table_lacks_asked_later_in_a_decided_item_has_a_requirement_of_its_own() {
    let minutes = "某市人民政府专题会议纪要\n2025年3月12日下午，市政府召开专题会议。\n二、会议议定事项\n\
        （一）妥善化解纠纷。由市信访局会同市公安局第一时间启动应急处置预案，做好接访工作。市司法局要组织律师提供法律咨询服务。\n\
        （二）开展全面摸底。由市商务局牵头，对全市发卡企业开展摸底，4月底前完成。\n";
    let drafts = drafts_of(minutes, date(2025, 3, 12));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    assert!(!find(&drafts, "应急处置预案").text.contains("法律咨询"), "{texts:#?}");
}

#[test]
fn points_counted_before_they_are_spoken_and_what_is_unacceptable_ask_nothing() {
    let minutes = "某区扬尘治理会议纪要\n3月2日上午，区政府召开会议。\n\
        王强在讲话中指出，有的企业认为“工期紧，措施可以缓一缓”，这种做法要不得。\n\
        王强强调了三点。\n\
        一是区住建局要加强工地巡查。\n二是区城管局要加强渣土车管理。\n";
    let drafts = drafts_of(minutes, date(2027, 3, 2));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 2, "{texts:#?}");
    assert_eq!(find(&drafts, "工地巡查").lead_function.as_deref(), Some("housing_construction"));
}

#[test]
fn a_sentence_saying_only_by_when_the_work_is_finished_dates_the_requirement_before_it() {
    let minutes = "某县防控工作会议纪要\n9月10日上午，县政府召开会议。会议要求：\n\
        一、开展集中清除。由县农业农村局牵头，对农田、河道沿岸的入侵植物开展集中清除。10月31日前必须完成第一轮清除。\n\
        二、各乡镇要在11月底前完成监测点设置。\n";
    let drafts = drafts_of(minutes, date(2025, 9, 10));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 2, "{texts:#?}");
    assert_eq!(find(&drafts, "集中清除").deadline, Some(date(2025, 10, 31)));
    assert_eq!(find(&drafts, "监测点").deadline, Some(date(2025, 11, 30)));
}

#[test]
fn a_speaker_weighing_how_to_hold_the_work_asks_nothing() {
    let minutes = "某县殡葬改革工作会议纪要\n3月5日上午，县政府召开会议。\n\
        王明强调，殡葬改革关系群众切身利益，既要坚定不移推进，又要把握好力度和温度，做到依法、稳妥、有序。\n\
        一是县民政局要在3月31日前完成散埋乱葬坟墓排查。\n";
    let drafts = drafts_of(minutes, date(2026, 3, 5));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 1, "{texts:#?}");
    assert_eq!(find(&drafts, "坟墓排查").lead_function.as_deref(), Some("civil_affairs"));
}

#[test]
fn keeping_people_out_of_poverty_is_agriculture_and_rural_affairs_work_whatever_else_it_checks() {
    let minutes = "某县防止返贫动态监测和帮扶工作会议纪要\n8月27日上午，县政府召开会议。会议要求：\n\
        一、各乡镇要在9月30日前完成新一轮防返贫集中排查，逐户核实住房和饮水安全情况。\n\
        二、各村要巩固拓展脱贫攻坚成果，逐户落实帮扶措施。\n\
        三、各乡镇要在10月底前制定乡村振兴重点项目清单。\n";
    let drafts = drafts_of(minutes, date(2024, 8, 27));
    for needle in ["防返贫集中排查", "脱贫攻坚成果", "重点项目清单"] {
        let d = find(&drafts, needle);
        assert_eq!((d.lead_function.as_deref(), d.category), (Some("agriculture"), Category::Rural), "{needle}");
    }
}

#[test]
fn a_cement_plants_own_workshops_work_in_its_line() {
    let minutes = "皖南华峰水泥有限公司\n安全生产专题会议纪要\n会议时间：2027年2月22日\n二、议定事项\n\
        1．烧成车间、设备动力部要在2月28日前编制完成2号窑年度大修施工方案和安全技术措施。\n\
        2．安全环保部要在3月底前组织一次应急演练。\n";
    let drafts = drafts_of(minutes, date(2027, 2, 22));
    assert_eq!(find(&drafts, "年度大修施工方案").lead_function.as_deref(), Some("emergency_management"));
    assert_eq!(super::meeting::company_line("江南建材集团有限公司"), Some("emergency_management"));
    assert_eq!(super::meeting::company_line("Ribblesdale Cement Ltd"), Some("emergency_management"));
}

#[test]
fn a_companys_own_support_department_doing_fire_work_does_the_fire_services_work() {
    let minutes = "杭州西湖明珠酒店集团有限公司\n春节前消防安全专题会议纪要\n时间：2026年1月20日\n二、会议要求\n\
        1．工程部要在1月25日前对消防设施进行全面检测维保。\n\
        2．工程部要在1月30日前完成客房空调和电梯的检修。\n\
        3．保安部要每晚组织一次消防应急疏散演练。\n\
        4．安全监察部要在1月22日前组织一次消防疏散演练。\n";
    let drafts = drafts_of(minutes, date(2026, 1, 20));
    assert_eq!(find(&drafts, "全面检测维保").lead_function.as_deref(), Some("fire_rescue"));
    assert_eq!(find(&drafts, "客房空调").lead_function.as_deref(), Some("housing_construction"));
    assert_eq!(find(&drafts, "疏散演练").lead_function.as_deref(), Some("fire_rescue"));
    // The company's safety department keeps its own line.
    assert_eq!(find(&drafts, "消防疏散演练").lead_function.as_deref(), Some("emergency_management"));
    // A department running the company's own business keeps the company's line.
    let minutes = "国网某供电有限公司\n安全生产专题会议纪要\n时间：2026年7月2日\n二、会议要求\n\
        1．运维检修部要在7月10日前完成变电站电缆沟消防封堵检查。\n";
    let drafts = drafts_of(minutes, date(2026, 7, 2));
    assert_eq!(find(&drafts, "电缆沟").lead_function.as_deref(), Some("energy"));
}

#[test]
fn a_hydropower_companys_stations_work_in_energy() {
    let minutes = "四川岷源水电开发有限公司\n大坝安全度汛专题会议纪要\n时间：2026年5月8日上午\n二、会议要求\n\
        1．各电站要于5月31日前完成泄洪闸门和备用电源的全面检修和启闭试验。\n\
        2．安全环保部要在端午节前组织一次防汛应急演练。\n";
    let drafts = drafts_of(minutes, date(2026, 5, 8));
    assert_eq!(find(&drafts, "启闭试验").lead_function.as_deref(), Some("energy"));
    assert_eq!(super::meeting::company_line("金沙江某电站有限公司"), Some("energy"));
}

#[test]
fn a_telecom_operators_branch_works_in_industry_and_information_and_a_dairy_in_food() {
    let minutes = "中国移动某市分公司召开防汛应急通信保障工作会议
6月2日下午，公司召开会议。
        （一）各县分公司要在6月10日前完成低洼地区基站的排查。
";
    let drafts = drafts_of(minutes, date(2026, 6, 2));
    assert_eq!(find(&drafts, "基站的排查").lead_function.as_deref(), Some("industry_information"));
    for name in [
        "中国移动某市分公司",
        "中国联通某省分公司",
        "中国电信某市分公司",
        "中国铁塔股份有限公司某市分公司",
        "某某通信工程有限公司",
    ] {
        assert_eq!(super::meeting::company_line(name), Some("industry_information"), "{name}");
    }
    assert_eq!(super::meeting::company_line("Northern Telecom Ltd"), Some("industry_information"));
    assert_eq!(super::meeting::company_line("Fibreway Communications Ltd"), Some("industry_information"));
    for name in ["宁夏某某乳业有限公司", "某某乳品有限公司", "某某奶业集团有限公司"] {
        assert_eq!(super::meeting::company_line(name), Some("market_regulation"), "{name}");
    }
}

#[test]
fn the_situation_the_meeting_must_see_asks_no_one_and_the_requirement_after_it_stands() {
    let minutes = "某市人防工作会议纪要\n10月29日上午，市政府召开会议。\n\
        今年以来，全市共检查人防工程386处。但也要清醒看到，部分工程建成年代久远，防护设备设施老化；\
        有的使用单位日常维护投入严重不足。同时也要看到，汛期暴雨多发。但是要清醒认识到，地下空间有倒灌风险。各区要在元旦前将责任人名单报市人防办备案。\n";
    let drafts = drafts_of(minutes, date(2024, 10, 29));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 1, "{texts:#?}");
    assert_eq!(find(&drafts, "责任人名单").deadline, Some(date(2024, 12, 31)));
}

#[test]
fn an_office_the_table_lacks_asked_after_what_the_meeting_pointed_out_is_a_requirement() {
    let minutes = "某发电有限公司安全生产会议纪要\n1月13日上午，公司召开会议。\n\
        会议指出，输煤系统投运已近18年，部分皮带机托辊磨损严重，整改费用约680万元。\
        计划经营部要在年度预算中优先保障隐患治理资金。\n";
    let drafts = drafts_of(minutes, date(2026, 1, 13));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 1, "{texts:#?}");
    assert!(drafts[0].text.starts_with("计划经营部要"), "{texts:#?}");
}

#[test]
fn the_meeting_deciding_that_someone_act_after_the_items_is_a_requirement_an_arrangement_is_not() {
    let minutes = "全省治超工作会议召开\n3月18日下午，全省治超工作会议在合肥召开。\n\
        一是省交通运输厅要加强源头管控。\n二是省公安厅要强化路面执法。\n三是省市场监管局要整治非法改装。\n\
        刘志坚强调，治超工作是一项长期性工作，必须坚持综合施策。\n\
        会议明确，省治超办要建立全省治超工作月调度、月通报制度。\n\
        会议明确，联席会议办公室设在省交通运输厅，各成员单位确定一名联络员。\n";
    let drafts = drafts_of(minutes, date(2025, 3, 18));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 4, "{texts:#?}");
    find(&drafts, "月调度、月通报制度");
}

/// Decided items whose later sentence names another unit after what it acts on, or after when
/// the item's work is done.
const DECIDED_ITEMS_WITH_FRONTED_CLAUSES: &str = "5月8日，县政府召开校园安全工作会议。

二、会议议定事项

（一）加强校园周边治安管控。县教育局要督促学校落实门卫登记制度。对长期旷课的学生，县公安局要逐人登记、落实帮教措施。

（二）加强校舍维修管理。县住建局要在暑假前完成危旧校舍排查。维修施工期间，县教育局要安排专人现场监管。
";

#[test]
fn a_unit_named_after_what_it_acts_on_asks_its_own_and_one_after_the_items_time_goes_with_it() {
    let drafts = drafts_of(DECIDED_ITEMS_WITH_FRONTED_CLAUSES, date(2026, 5, 8));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(drafts.len(), 3, "{texts:#?}");
    assert!(texts[1].starts_with("对长期旷课的学生，县公安局要逐人登记"), "{texts:#?}");
    assert_eq!(drafts[1].lead_function.as_deref(), Some("public_security"));
    assert!(texts[2].ends_with("维修施工期间，县教育局要安排专人现场监管。"), "{texts:#?}");
    assert_eq!(drafts[2].lead_function.as_deref(), Some("housing_construction"));
    for when in ["检修过程中，", "动火作业时，", "开学前，", "汛期过后，"] {
        assert!(super::structure::opens_with_a_time(&format!("{when}安全部要安排专人监护。")), "{when}");
    }
    assert!(!super::structure::opens_with_a_time("长江禁渔工作仍处于关键期，县农业农村局要继续清理。"));
}

/// A condition on a requirement that hands what it asks to another line of work ("由X…"), one
/// that hands it to the same line, others told to do the same, and conditions with a deadline of
/// their own or the requirement's.
const CONDITIONS_NAMING_DOERS: &str = "6月3日，县政府召开安全生产工作会议。

会议要求：

一是县住建局要在6月底前完成全县自建房安全排查。对排查发现的危房，要立即停止使用，由县应急管理局会同各乡镇做好人员转移安置。

二是县教育局要加强校舍安全管理；民办幼儿园参照执行，由县市场监管局负责督促。

三是县水利局要加强水库巡查。对巡查发现的险情，要立即上报，由县水利局组织抢险。

四是县交通运输局要在5月底前完成农村公路隐患排查。对排查发现的临水临崖路段，要在年底前完善防护设施。

五是县林业局要在5月底前完成林区防火检查。对检查发现问题的单位，要在5月底前整改到位。
";

#[test]
fn a_condition_that_hands_its_work_to_another_line_or_has_its_own_deadline_asks_on_its_own() {
    let drafts = drafts_of(CONDITIONS_NAMING_DOERS, date(2026, 6, 3));
    let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
    let leads: Vec<Option<&str>> = drafts.iter().map(|d| d.lead_function.as_deref()).collect();
    assert_eq!(
        leads,
        vec![
            Some("housing_construction"),
            Some("emergency_management"),
            Some("education"),
            Some("water_resources"),
            Some("transport"),
            Some("transport"),
            Some("forestry")
        ],
        "{texts:#?}"
    );
    // A condition with a deadline of its own asks on its own; one due when the work is, does not.
    assert_eq!(drafts[5].deadline, Some(date(2026, 12, 31)));
    assert!(texts[6].ends_with("要在5月底前整改到位。"), "{texts:#?}");
    assert!(texts[1].starts_with("对排查发现的危房，要立即停止使用"), "{texts:#?}");
    assert_eq!(drafts[1].title, "立即停止使用");
    assert!(texts[2].ends_with("民办幼儿园参照执行，由县市场监管局负责督促。"), "{texts:#?}");
    assert!(texts[3].ends_with("对巡查发现的险情，要立即上报，由县水利局组织抢险。"), "{texts:#?}");
}
