//! Exhortations: sentences that ask for an attitude, or everyone at once, and no one for a task
//! ("各级各部门要牢固树立底线思维", "All departments must spare no effort"). They yield no draft.

use super::{
    scan,
    segments::{MarkerKind, find_markers},
};

/// "但也要清醒看到，全市已建人防工程中，相当一部分…": the situation as the meeting must see it,
/// weighed, not acted on; a "要" of seeing ("要清醒看到", "也要看到", "要清醒认识到") asks no one.
fn sees_the_situation(seg: &str) -> bool {
    let mut rest = seg;
    while let Some(r) = ["但是", "但", "同时", "也", "，"].iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    ["要清醒看到", "要看到", "要清醒认识到"].iter().any(|w| rest.starts_with(w))
}

/// An exhortation with nobody in particular to do anything: a collective subject ("各级各部门",
/// "全区上下", "All localities and departments") asked for an attitude ("底线思维", "keep a clear
/// head", "spare no effort").
pub(super) fn is_exhortation(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    const COLLECTIVE: &[&str] = &[
        "各级各部门",
        "各地各部门",
        "全区上下",
        "全市上下",
        "全县上下",
        "各镇街、各部门",
        "all units",
        "all localities",
        "every sector",
        "everyone",
        "all departments",
        "all levels and departments",
        "localities and departments",
        "every district and department",
        "各级党政领导干部",
        "各级领导干部",
        "各级党组织",
        "各地各有关部门",
        "各有关单位",
        "各部门负责人",
        "主要负责同志",
        "各乡镇各部门",
        "各乡镇、各部门",
        "各镇各部门",
        "各县区各部门",
        "各成员单位",
    ];
    const ATTITUDE: &[&str] = &[
        "底线思维",
        "战时状态",
        "政治站位",
        "思想认识",
        "守土有责",
        "clear head",
        "political responsibility",
        "lower their guard",
        "spare no effort",
        "put safety first",
        "sense of responsibility",
        "讲政治",
        "人民至上",
        "这根弦",
        "靠前指挥",
        "以身作则",
        "lead by example",
        "为标尺",
        "高度负责",
        "挺在前面",
        "放在心上",
        "心存侥幸",
        "钉钉子精神",
        "扛起安全责任",
        "亲自部署",
        "亲自过问",
        "如履薄冰",
        "厌战",
        "松劲",
        "麻痹思想",
        "锚定",
        "稳中求进",
        "落地见效",
        "只争朝夕",
        "生命至上",
        "调度督办",
        "sense of urgency",
        "spirit of nailing nails",
        "紧迫感",
        "责任感",
        "深刻吸取",
        "落到实处",
        "shoulder",
        "take responsibility",
        "at the centre",
        "plan for the worst",
        "hold its ground",
        "wellbeing first",
        "make every effort",
        "implement the decisions",
        "高度重视",
        "更高标准",
        "更严要求",
        "取得实效",
        "突出的位置",
        "突出位置",
        "牢固树立",
        "生命线",
        // "充分认识…的极端重要性", "抓紧抓实抓细", "以“钉钉子”精神", "树牢“一盘棋”思想",
        // "各司其职、通力协作", "营造…的良好氛围", "…的关键一年": how to hold the work, no work.
        "重要性",
        "抓紧抓实抓细",
        "钉钉子",
        "扛起责任",
        "一盘棋",
        "各司其职",
        "良好氛围",
        "关键一年",
        // "各地各部门要突出重点、精准施策", "街道和部门要形成监管合力": how to work, no work.
        "精准施策",
        "狠抓落实",
        "合力",
        "营造稳定",
        "营造良好",
        // "切实扛起安全生产政治责任", "把安全责任扛在肩上、抓在手上", "亲自研究部署、亲自检查落实".
        "政治责任",
        "扛在肩上",
        "抓在手上",
        "亲自研究",
        "亲自检查",
        // "真正把好事办好、把实事办实": the stock words for doing all of it well.
        "好事办好",
        "实事办实",
        // "把…作为一项民心工程抓紧抓好", "每一个环节都不能放松": how hard to hold all of it.
        "抓紧抓好",
        "不能放松",
    ];
    // "要把思想认识再提高。", "这种想法要不得。": a slogan of a few characters, tightening
    // what is already asked ("再…"), or a rebuke.
    let cjk = seg.chars().filter(|c| scan::is_cjk(*c)).count();
    // "要把安全教育抓在前面。", "要把责任链条压紧压实。": a short "要把…" that only says how hard
    // to hold what the items below ask.
    const HOLD: &[&str] = &["在前面", "在实处", "压紧压实", "抓实抓细", "抓紧抓实", "落到实处", "放在首位", "摆在首位"];
    let core = seg.trim_end_matches(['。', '！', '；']);
    let slogan = cjk <= 12
        && ((seg.starts_with("要把") && (seg.contains('再') || HOLD.iter().any(|h| core.ends_with(h))))
            || seg.contains("要不得"));
    // "会后，县政府办公室将加强调度督办。": the meeting's own follow-up of what it asked.
    let follow_up = ["调度督办", "跟踪问效", "督查督办", "跟踪督办"].iter().any(|w| seg.contains(w))
        && (seg.starts_with("会后") || ["督查室", "办公室", "督办室"].iter().any(|w| seg.contains(w)));
    if follow_up || sees_the_situation(seg) {
        return true;
    }
    // "… undertook to carry out the requirements of this meeting without delay": a pledge to do
    // all the meeting asked, no piece of it.
    let pledge = [
        "requirements of this meeting",
        "requirements of the meeting",
        "decisions of this meeting",
        "decisions of the meeting",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if pledge {
        return true;
    }
    // "我们一定要以高度负责的态度，把各项措施抓实抓细": the speaker and the audience together
    // ("we", "everyone") are asked for an attitude, no one for a task.
    // "各镇（街道）、各部门要…", "全省上下要…", "Departments at every level must …": everyone
    // named before the modal.
    // A modal inside a quotation before it ("“…要坚持人民至上…”，各乡镇各部门务必…") is what
    // someone said, not the sentence's own.
    let modal = find_markers(seg)
        .iter()
        .find(|&&(p, k)| k == MarkerKind::Modal && !super::segments::quoted_at(seg, p))
        .map_or(seg.len(), |&(p, _)| p);
    let subject = lower.get(..modal).unwrap_or(&lower);
    // "这几年，…效果很好，我们要认真学习借鉴。": the clause of the modal opens with "we".
    let clause = subject.rsplit(['，', ',']).next().unwrap_or(subject);
    let we = ["我们", "大家", "咱们", "同志们"].iter().any(|w| seg.starts_with(w) || clause.starts_with(w));
    let everyone = [
        "各部门",
        "各级",
        "上下",
        "各地",
        "各有关",
        // "各相关部门要把…摆在更加突出的位置".
        "各相关",
        "各单位",
        "各责任单位",
        "各县区",
        "各区县",
        "各乡镇",
        "各区政府",
        "各县政府",
        // "全体干部员工要牢固树立安全发展理念": the whole staff.
        "全体",
        "at every level",
        "all levels",
        // "The Chair asked every manager to lead by example".
        "every ",
        "each ",
    ]
    .iter()
    .any(|w| subject.contains(w))
        // "各医疗机构主要负责人…要亲自研究部署": every body of a kind.
        || subject.match_indices('各').any(|(p, _)| {
            let kind: String = subject[p..].chars().skip(1).take(6).collect();
            ["机构", "企业", "单位", "医院", "学校", "乡镇", "街道"].iter().any(|k| kind.contains(k))
        });
    // "陈晓燕强调，生命至上，…", "他强调，要坚持人民至上…": a speaker stressing an attitude.
    let stressing = seg.split_once("强调").is_some_and(|(head, _)| head.chars().count() <= 6)
        || lower.split_once(" stressed that ").is_some_and(|(head, _)| head.split_whitespace().count() <= 4);
    let attitude = ATTITUDE.iter().any(|w| lower.contains(w));
    // "马建平强调，今年是…收官之年，做好“三农”工作意义重大。", "He stressed that the election
    // must uphold the leadership of the Party": why the work matters, or the Party's lead.
    // "赵红军强调，滑县是…，农资质量直接关系农民增收和粮食丰收。": what the work bears on.
    let significance =
        ["意义重大", "重要意义", "极端重要", "直接关系", "事关", "leadership of the party", "great significance"]
            .iter()
            .any(|w| lower.contains(w));
    // "刘海峰强调，…，既要坚定不移推进，又要把握好力度和温度": a speaker weighing how to hold
    // the work, no piece of it.
    let balanced = seg.contains("既要") && seg.contains("又要");
    if stressing && (significance || balanced) {
        return true;
    }
    // "要坚持人民至上、生命至上，以…的责任感抓好各项应对工作": an attitude towards all the work
    // at once, no piece of it.
    let all_the_work = ["各项工作", "各项应对工作", "各项措施", "各项任务", "all the work", "every task"]
        .iter()
        .any(|w| lower.contains(w));
    // "要以对游客生命安全高度负责的态度，确保假期安全有序。": the attitude is all it asks.
    let attitude_alone = ["要以", "以"].iter().any(|w| seg.starts_with(w))
        && ["态度", "精神", "作风"].iter().any(|w| seg.split('，').next().unwrap_or("").ends_with(w));
    // "要把安全责任扛在肩上、抓在手上，真正做到守土有责…": attitudes heaped on one another, no work.
    let attitudes = ATTITUDE.iter().filter(|w| lower.contains(*w)).count();
    let heaped = seg.starts_with('要') && attitudes >= 2;
    // "要开展为期一个月的集中整治行动。", "自即日起…开展为期半年的专项整治行动。": the campaign
    // announced, its tasks set out after it, no office named to run it.
    let campaign = seg.contains("为期")
        && core.ends_with("行动")
        && !["局", "厅", "委", "办", "部门", "政府", "公司", "队"].iter().any(|w| seg.contains(w));
    slogan
        || heaped
        || campaign
        || we
        || attitude_alone
        || (attitude && (everyone || stressing || all_the_work || COLLECTIVE.iter().any(|w| lower.contains(w))))
}
