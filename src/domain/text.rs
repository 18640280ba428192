//! What a single-line field (a title, a name, a keyword) may hold. Titles and names end up in
//! e-mail subjects and headers, CSV rows and log lines, where a line break starts something
//! new; so a line break or any other control character is refused, never silently dropped.

/// Characters no single-line field may hold: controls (TAB, CR, LF, NEL …), the Unicode line
/// and paragraph separators, and the bidirectional overrides that make text read otherwise
/// than it is stored.
use super::message::Message;

fn refused(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why `value` cannot be a single-line field, if it cannot: the first character refused,
/// named by its code point.
pub fn single_line_problem(value: &str) -> Option<Message> {
    let c = value.chars().find(|c| refused(*c))?;
    let key = if matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
        "error-single-line-break"
    } else {
        "error-single-line-control"
    };
    Some(Message::new(key).text("code", format!("U+{:04X}", u32::from(c))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::message::Arg;

    #[test]
    fn line_breaks_and_control_characters_are_refused_by_code_point() {
        for (value, code) in [
            ("标题\r\n第二行", "U+000D"),
            ("title\nBcc: x@evil.example", "U+000A"),
            ("tab\there", "U+0009"),
            ("nul\u{0}", "U+0000"),
            ("next\u{85}line", "U+0085"),
            ("line\u{2028}separator", "U+2028"),
            ("evil\u{202E}txt.exe", "U+202E"),
            ("isolate\u{2066}x", "U+2066"),
            ("del\u{7f}", "U+007F"),
        ] {
            let problem = single_line_problem(value).unwrap_or_else(|| panic!("{value:?} is refused"));
            assert_eq!(problem.args, [("code", Arg::Text(code.to_owned()))], "{value:?}: {problem}");
        }
        assert!(single_line_problem("a\r\nb").is_some_and(|p| p.key == "error-single-line-break"));
        assert!(single_line_problem("a\tb").is_some_and(|p| p.key == "error-single-line-control"));
    }

    #[test]
    fn ordinary_titles_pass() {
        for value in ["关于加强冬季道路交通安全管理的通知", "=HYPERLINK(\"x\")", "  spaced  ", "赣安办〔2026〕12号", ""]
        {
            assert_eq!(single_line_problem(value), None, "{value:?}");
        }
    }
}
