//! The convening unit's line of work. Minutes a line department issues about a meeting it called
//! for its own system ("省卫生健康委召开全省医疗机构消防安全工作视频会议", "the Provincial
//! Department of Agriculture and Rural Affairs held a province-wide video conference on African
//! swine fever") ask that system: a requirement that names no unit ("要逐级签订消防安全责任书",
//! "dead pigs found in rivers must be collected") is the convener's work, whatever topic words
//! it holds — a careful clerk files a hospital's fire drills under health, not fire and rescue.
//! A government, its general office or a safety committee convenes every line of work, so it
//! decides nothing here.

use super::{Ctx, Draft, LeadBasis, meeting};

/// How many non-empty lines the header and the opening paragraph take at most.
const OPENING_LINES: usize = 8;

/// The function of the unit that convened the meeting, from the minutes' opening lines: a unit of
/// the table right before "召开" / "held" / "convened"; failing that, the unit a source line names
/// as publishing the minutes ("来源：濂溪区教育体育局"). Only a line department counts.
pub(super) fn convener_line(ctx: &Ctx, minutes: &str) -> Option<String> {
    const ZH_VERBS: &[&str] = &["组织召开", "主持召开", "召开"];
    const EN_VERBS: &[&str] = &[" held ", " convened ", " hosted "];
    const SOURCES: &[&str] = &["来源：", "来源:", "发布单位：", "发布机构：", "source:", "issued by:"];
    let line_of_work =
        |f: &str| (!f.is_empty() && !["general_office", "emergency_management"].contains(&f)).then(|| f.to_string());
    let mut source: Option<String> = None;
    for line in minutes.lines().map(str::trim).filter(|l| !l.is_empty()).take(OPENING_LINES) {
        let lower = line.to_ascii_lowercase();
        if source.is_none()
            && let Some(at) = SOURCES.iter().find_map(|s| lower.find(s).map(|p| p + s.len()))
        {
            source = ctx.departments.find(line.get(at..).unwrap_or("")).first().map(|d| d.function.clone());
        }
        let at = ZH_VERBS.iter().find_map(|v| line.find(v)).or_else(|| EN_VERBS.iter().find_map(|v| lower.find(v)));
        let Some(at) = at else {
            continue;
        };
        let head = &line[..at];
        // The clause of the verb: after the last comma or full stop before it.
        let clause_at = head
            .rfind(['，', '。', ',', ';', '；'])
            .map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
        let clause = head[clause_at..].trim();
        // The unit is the subject, right before the verb ("省卫生健康委召开", "… Affairs held").
        if let Some(unit) = ctx.departments.find(clause).last()
            && clause[unit.end..].trim().chars().count() <= 2
        {
            return line_of_work(&unit.function);
        }
    }
    source.and_then(|f| line_of_work(&f))
}

/// Gives the convener's line of work to every draft that names no doer and took its lead from
/// topic words or from nothing.
pub(super) fn fill_from_convener(ctx: &Ctx, minutes: &str, drafts: &mut [Draft]) {
    let Some(line) = convener_line(ctx, minutes) else {
        return;
    };
    for d in drafts.iter_mut() {
        let unnamed = matches!(d.why.lead_basis, None | Some(LeadBasis::Keyword))
            && d.lead_unit.is_none()
            && !d.why.subject.as_deref().is_some_and(meeting::names_a_doer)
            && !meeting::opens_with_a_doer(&d.text);
        // Duty rosters and reports to the office ("24小时值班", "duty system") are the general
        // office's in any system.
        let office = matches!(d.why.lead_basis, Some(LeadBasis::Keyword))
            && d.lead_function.as_deref() == Some("general_office");
        if !unnamed || office || d.lead_function.as_deref() == Some(line.as_str()) {
            continue;
        }
        d.cooperating_functions.retain(|f| f != &line);
        d.lead_function = Some(line.clone());
        d.why.lead_basis = Some(LeadBasis::Meeting);
        d.why.lead_words = None;
    }
}
