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
