//! A leader's speech recorded as minutes (issue 24, fifth round): points numbered by ordinal
//! words ("首先，" "其次，" "最后，"), a speaker announcing his points, what "some comrades say"
//! quoted, and "we" asked for an attitude. Expected values are written by hand from the minutes.

use super::fixtures::{date, drafts_of, find};

const SPEECH: &str = "在全县防汛工作会议上的讲话

同志们：

今年汛期来得早。有的同志说，雨还没下来，要等预报准了再动。这种想法要不得。

下面，我讲三点意见。

首先，要把责任再压实。县水利局要在5月底前完成全部病险水库的安全鉴定。

其次，要把预案再细化。县应急管理局要组织各乡镇修订转移避险预案。

最后，要把值守再加强。县防办要落实24小时值班制度。

关于物资保障，我再补充一点。县粮食和物资储备局要在6月10日前补足防汛物资。

同志们，我们一定要以对群众高度负责的态度，把各项措施抓实抓细。
";

#[test]
fn a_speech_numbered_by_ordinal_words_yields_each_point_and_goes_on_after_the_last() {
    let drafts = drafts_of(SPEECH, date(2026, 5, 8));
    assert_eq!(find(&drafts, "病险水库").deadline, Some(date(2026, 5, 31)));
    find(&drafts, "转移避险预案");
    find(&drafts, "24小时值班");
    // A point's slogan ("要把责任再压实。") heads its requirement, it is no draft of its own.
    assert!(find(&drafts, "病险水库").text.starts_with("要把责任再压实。"));
    // The point after "最后，" is no closing: what follows it is still read.
    assert_eq!(find(&drafts, "防汛物资").deadline, Some(date(2026, 6, 10)));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
}

#[test]
fn a_quoted_saying_an_announcement_of_points_and_we_yield_no_draft() {
    let drafts = drafts_of(SPEECH, date(2026, 5, 8));
    for banned in ["等预报准了", "三点意见", "我们一定要"] {
        assert!(drafts.iter().all(|d| !d.text.contains(banned)), "{banned:?} became a draft: {drafts:#?}");
    }
}

#[test]
fn everyone_or_a_speaker_stressing_an_attitude_asks_nothing() {
    let minutes = "会议要求：
一、县教育局要在6月20日前完成防溺水安全教育。
二、各镇（街道）、各部门要切实增强紧迫感，坚决防范事故发生。

王明强调，要坚持生命至上，决不能有丝毫松懈。
会议最后强调，全县上下要以如履薄冰的态度做好各项工作。
";
    let drafts = drafts_of(minutes, date(2026, 6, 1));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(drafts[0].deadline, Some(date(2026, 6, 20)));
}

#[test]
fn departments_at_every_level_asked_for_urgency_ask_nothing_in_english() {
    let minutes = "Departments at every level must maintain a sense of urgency.
The Education Bureau shall brief every school by 20 June.
";
    let drafts = drafts_of(minutes, date(2026, 6, 1));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(drafts[0].text.starts_with("The Education Bureau"), "{drafts:#?}");
}

/// A deputy governor's report in a paper: what he stressed heads the items numbered after it.
const STRESSED: &str = "全省养老诈骗专项行动推进会召开
本报讯 7月9日，全省专项行动推进会在郑州召开。

赵文博强调，要坚持打击、整治、防范、宣传一体推进，坚决守护好老年人的“养老钱”。一是保持严打高压态势，全省公安机关要在9月30日前组织开展一轮集中收网行动。二是深化重点领域整治，省市场监管局要集中查处虚假宣传和会议营销。

赵文博强调，要着力构建长效常治机制。一是完善制度规范，省民政厅要牵头研究制定预付费资金监管办法。二是强化科技支撑，省公安厅要建立涉老诈骗预警模型。

陈志强强调，安全生产没有旁观者，也没有局外人。

周志强在讲话中强调：“一个阀门没关严就可能酿成大祸。”全体干部员工要牢固树立安全发展理念，坚决守住安全底线。
";

#[test]
fn what_a_speaker_stressed_over_items_numbered_after_it_heads_them() {
    let drafts = drafts_of(STRESSED, date(2026, 7, 9));
    assert_eq!(drafts.len(), 4, "{drafts:#?}");
    let raid = find(&drafts, "集中收网行动");
    assert!(raid.text.starts_with("赵文博强调，要坚持打击、整治、防范、宣传一体推进"), "{raid:#?}");
    assert_eq!(raid.lead_function.as_deref(), Some("public_security"));
    assert_eq!(raid.deadline, Some(date(2026, 9, 30)));
    let rules = find(&drafts, "预付费资金监管办法");
    assert!(rules.text.starts_with("赵文博强调，要着力构建长效常治机制。"), "{rules:#?}");
    assert_eq!(rules.lead_function.as_deref(), Some("civil_affairs"));
}

#[test]
fn a_speaker_stressing_a_view_or_the_whole_staff_an_attitude_asks_nothing() {
    let drafts = drafts_of(STRESSED, date(2026, 7, 9));
    for words in ["局外人", "安全发展理念"] {
        assert!(drafts.iter().all(|d| !d.text.contains(words)), "{words}: {drafts:#?}");
    }
}

#[test]
fn we_asked_after_what_others_did_asks_nothing_and_the_heading_goes_to_the_unit() {
    let speech = "在全市推进会上的讲话
（2025年7月8日）
第二，要加快推进统建统管，从根本上理顺管理体制。这几年，深圳、广州等城市推行专业化统一运营管理，效果很好，我们要认真学习借鉴。市水利局要牵头制定移交接管实施办法，9月底前报市政府审定。
";
    let drafts = drafts_of(speech, date(2025, 7, 8));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    let rules = find(&drafts, "移交接管实施办法");
    assert!(rules.text.starts_with("要加快推进统建统管"), "{rules:#?}");
    assert!(!rules.text.contains("学习借鉴"), "{rules:#?}");
    assert_eq!(rules.lead_function.as_deref(), Some("water_resources"));
}

#[test]
fn leaders_asked_to_do_all_of_it_well_are_asked_for_an_attitude() {
    let minutes = "会议要求：\n一、县民政局要对养老机构开展全面排查。各级领导干部要把群众的事当作自己家的事来办，真正把好事办好、把实事办实。\n";
    let drafts = drafts_of(minutes, date(2026, 7, 9));
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert!(!drafts[0].text.contains("好事办好"), "{drafts:#?}");
}
