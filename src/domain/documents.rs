//! 文号, the number an office files a directive under: the issuing unit's prefix, the year and
//! the sequence of that prefix and year, written the way official documents write them
//! (赣安办督〔2024〕12号). The prefix is an admin's setting of the unit; the sequence is given by
//! the store, once, when the directive is issued.

use super::{message::Message, organisation::FieldError};

/// The longest prefix a unit may have, in characters.
pub const PREFIX_MAX: usize = 20;

/// A directive's 文号 from its parts: `赣安办督〔2024〕12号`.
pub fn number(prefix: &str, year: i32, seq: i32) -> String {
    format!("{prefix}〔{year}〕{seq}号")
}

/// A unit's 文号 prefix as an admin typed it: none when left out or blank (which clears it),
/// otherwise trimmed, on one line, at most [`PREFIX_MAX`] characters, and without the brackets
/// and the 号 that the number itself adds.
pub fn check_prefix(prefix: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = prefix else {
        return Ok(None);
    };
    let refuse = |reason: Message| Err(FieldError { field: "doc_prefix", reason });
    // Counted and read as sent, as the API document describes the field.
    if raw.chars().count() > PREFIX_MAX {
        return refuse(Message::new("error-too-long").number("max", PREFIX_MAX));
    }
    if let Some(reason) = super::text::single_line_problem(raw) {
        return refuse(reason);
    }
    let prefix = raw.trim();
    if prefix.is_empty() {
        return Ok(None);
    }
    if let Some(c) = prefix.chars().find(|c| "〔〕[]【】()（）".contains(*c)) {
        return refuse(Message::new("error-prefix-bracket").text("char", c.to_string()));
    }
    if prefix.ends_with('号') {
        return refuse(Message::new("error-prefix-hao"));
    }
    Ok(Some(prefix.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_written_as_offices_write_it() {
        assert_eq!(number("赣安办督", 2024, 12), "赣安办督〔2024〕12号");
        assert_eq!(number("浔安办", 2026, 1), "浔安办〔2026〕1号");
    }

    #[test]
    fn a_prefix_is_trimmed_and_a_blank_one_clears_it() {
        assert_eq!(check_prefix(Some("  赣安办督 ")), Ok(Some("赣安办督".to_owned())));
        assert_eq!(check_prefix(Some("   ")), Ok(None));
        assert_eq!(check_prefix(None), Ok(None));
    }

    #[test]
    fn a_prefix_that_would_garble_the_number_is_refused_naming_the_field() {
        for bad in ["赣安办督〔2024〕", "赣安办督号", "赣安\n办督", &"督".repeat(PREFIX_MAX + 1)] {
            let err = check_prefix(Some(bad)).expect_err(bad);
            assert_eq!(err.field, "doc_prefix", "{bad}");
        }
        assert!(check_prefix(Some(&"督".repeat(PREFIX_MAX))).is_ok());
    }
}
