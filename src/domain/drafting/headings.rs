//! Section headings inside a list of requirements: "4. TRAINING OF RURAL BUILDERS", "2.2 Staff
//! and training", "（四）压实责任，确保整治见效", "一、基本情况" — a numbered line that heads the
//! lines under it rather than asking anything itself.

use super::scan;
use super::segments::strip_enumerator;

/// The shape of a line's number ("1.", "1.1", "(a)", "（一）", "一、"): digits, Chinese numerals
/// and letters folded, so "3." and "10." share a shape and "（四）" and "10." do not. Empty when
/// the line is not numbered.
pub(super) fn enumerator_shape(line: &str) -> String {
    let rest = strip_enumerator(line);
    let number = line.get(..line.len() - rest.len()).unwrap_or("").trim_end();
    let mut shape = String::new();
    for c in number.chars() {
        let folded = if c.is_ascii_digit() {
            '1'
        } else if "一二三四五六七八九十".contains(c) {
            '一'
        } else if c.is_ascii_alphabetic() {
            'a'
        } else {
            c
        };
        // "10." is "1." again, not "11.".
        if !(shape.ends_with(folded) && matches!(folded, '1' | '一' | 'a')) {
            shape.push(folded);
        }
    }
    shape
}

/// Whether a numbered line is a section heading: short, with no sentence end, and followed by a
/// line that is not numbered the same way (a paragraph, or items of another shape under it).
pub(super) fn is_section_heading(line: &str, next: Option<&str>) -> bool {
    let shape = enumerator_shape(line);
    if shape.is_empty() {
        return false;
    }
    let text = strip_enumerator(line).trim();
    if text.is_empty()
        || text.ends_with(['。', '.', '；', ';', '！', '!', '：', ':'])
        || text.contains(['。', ';', '；'])
    {
        return false;
    }
    let cjk = text.chars().filter(|c| scan::is_cjk(*c)).count();
    let words = text.split_whitespace().count();
    // "1. Special Event Permit - Canada Day Parade and Downtown Street Festival, Wednesday, July
    // 1, 2026 (CS2026-019) (Ward 5)": a report's item named in title case, however long.
    let short = if cjk > 0 { cjk <= 16 } else { words <= 6 || (words <= 24 && title_case(text)) };
    short && next.is_some_and(|n| enumerator_shape(n) != shape)
}

/// Most words capitalised, as a title is written (the small words aside).
fn title_case(text: &str) -> bool {
    const SMALL: &[&str] = &["of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with", "-", "–"];
    let words: Vec<&str> =
        text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic) && !SMALL.contains(w)).collect();
    let capital = words.iter().filter(|w| w.trim_start_matches('(').starts_with(|c: char| c.is_uppercase())).count();
    words.len() >= 3 && capital * 4 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_line_over_items_of_another_shape_is_a_section_heading() {
        assert!(is_section_heading("2.2 Staff and training", Some("(a) The Department of Civil Affairs shall …")));
        assert!(is_section_heading("（四）压实责任，确保整治见效", Some("10. 各地要落实“一院一策”整改措施。")));
        assert!(is_section_heading("4. TRAINING OF RURAL BUILDERS", Some("The Director reported that …")));
    }

    #[test]
    fn a_terse_item_among_items_of_its_own_shape_is_no_heading() {
        assert!(!is_section_heading("3. 加强隐患排查", Some("4. 严格执法检查")));
        assert!(!is_section_heading("10. 各地要落实整改措施。", Some("（五）加强督查")));
        assert!(!is_section_heading("A paragraph with no number", Some("1. An item")));
    }
}
