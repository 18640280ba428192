//! Character tests shared by every scanner in drafting: scripts, word characters, Chinese
//! numerals, and whether a scan is inside quotes.

/// Chinese numerals, for list numbering ("二是") and dates ("十二月三十一日").
pub(super) const ZH_NUMERALS: &str = "〇零一二两三四五六七八九十";

/// Case-insensitive ASCII prefix test that looks only at the prefix's length, so scanning a
/// long line stays linear.
pub(super) fn starts_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Letters and digits of alphabetic scripts, where keywords need word boundaries.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『' | '《' | '〈' | '【')
}

pub(super) fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '》' | '〉' | '】')
}

/// Tracks whether the scan is inside quotes. Curly ’ is left alone: the translations use it
/// as an apostrophe ("province’s").
#[derive(Default)]
pub(super) struct Quotes {
    pub(super) depth: usize,
    pub(super) straight: bool,
}

impl Quotes {
    pub(super) fn feed(&mut self, c: char) {
        if is_open_quote(c) {
            self.depth += 1;
        } else if is_close_quote(c) {
            self.depth = self.depth.saturating_sub(1);
        } else if c == '"' {
            self.straight = !self.straight;
        }
    }

    pub(super) fn inside(&self) -> bool {
        self.depth > 0 || self.straight
    }
}
