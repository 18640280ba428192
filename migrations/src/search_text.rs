//! How text is cut for the full-text index of tasks (`task_search`), and how a query is cut
//! the same way: kept here, beside the migration that fills the index, so that the migration
//! and the application (`store::search`) cut text identically.
//!
//! Chinese (and Japanese and Korean) text has no spaces between words, and a query of one or
//! two characters must still be answered, which a trigram index cannot do. So every CJK
//! character is a token of its own, and a CJK query is searched as a phrase of its
//! characters: it matches where its characters stand one after another. Between two runs of
//! CJK characters (punctuation, a Latin word, a new line) the tokens are kept apart (a gap in
//! the positions, or a separator token), so a phrase never spans punctuation: a CJK query
//! matches exactly where it is a substring of one run of CJK characters. Anything else that
//! is a letter or a digit forms words, lower-cased; a query word matches a word that starts
//! with it. Every part of a query must match (AND).

/// One piece of indexed text: a token, or a break between runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Token(String),
    Break,
}

/// One part of a query: a phrase of CJK characters, or a Latin (or other) word, a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Phrase(Vec<String>),
    Word(String),
}

/// Whether `c` is written without spaces between words: CJK ideographs, kana, hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF | 0x30000..=0x3134F)
}

/// The longest word indexed, in characters (longer ones are cut).
const MAX_WORD: usize = 100;

/// `text` as tokens and breaks: each CJK character a token, other letters and digits as
/// lower-cased words, a break wherever a run of CJK characters ends.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_cjk = false;
    let flush = |word: &mut String, out: &mut Vec<Piece>| {
        if !word.is_empty() {
            out.push(Piece::Token(word.chars().take(MAX_WORD).collect()));
            word.clear();
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut out);
            out.push(Piece::Token(c.to_string()));
            in_cjk = true;
            continue;
        }
        if in_cjk {
            out.push(Piece::Break);
            in_cjk = false;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A query as its parts: each run of CJK characters a phrase, each other word a word.
pub fn terms(query: &str) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut phrase: Vec<String> = Vec::new();
    for piece in pieces(query).into_iter().chain(std::iter::once(Piece::Break)) {
        match piece {
            Piece::Token(t) if t.chars().next().is_some_and(is_cjk) => phrase.push(t),
            Piece::Token(t) => {
                if !phrase.is_empty() {
                    out.push(Term::Phrase(std::mem::take(&mut phrase)));
                }
                out.push(Term::Word(t));
            }
            Piece::Break => {
                if !phrase.is_empty() {
                    out.push(Term::Phrase(std::mem::take(&mut phrase)));
                }
            }
        }
    }
    out
}

/// The token SQLite's index reads as a break: the one token made of `|` (a token character
/// of the table's tokenizer, and never part of a query's terms).
pub const SQLITE_BREAK: &str = "|";

/// The body SQLite's FTS5 table indexes: the tokens separated by spaces, [`SQLITE_BREAK`] at
/// each break.
pub fn sqlite_body(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        if !out.is_empty() {
            out.push(' ');
        }
        match piece {
            Piece::Token(t) => out.push_str(t),
            Piece::Break => out.push_str(SQLITE_BREAK),
        }
    }
    out
}

/// An FTS5 query of the terms: phrases quoted, words as prefixes, all required.
pub fn sqlite_query(terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| match t {
            Term::Phrase(chars) => format!("\"{}\"", chars.join(" ")),
            Term::Word(w) => format!("\"{}\"*", w.replace('"', "\"\"")),
        })
        .collect();
    parts.join(" AND ")
}

/// The highest position PostgreSQL keeps in a `tsvector`; text beyond it is not indexed.
const PG_MAX_POSITION: usize = 16_383;

fn pg_quote(lexeme: &str) -> String {
    format!("'{}'", lexeme.replace('\\', "\\\\").replace('\'', "''"))
}

/// A `tsvector` literal of the pieces, positions counted by hand: a break leaves a position
/// empty, so that a phrase (`<->`, adjacent positions) does not reach across it.
pub fn pg_vector(pieces: &[Piece]) -> String {
    let mut positions: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (at, piece) in (1..=PG_MAX_POSITION).zip(pieces) {
        if let Piece::Token(t) = piece {
            positions.entry(t.as_str()).or_default().push(at);
        }
    }
    let parts: Vec<String> = positions
        .into_iter()
        .map(|(lexeme, at)| {
            let at: Vec<String> = at.iter().map(usize::to_string).collect();
            format!("{}:{}", pg_quote(lexeme), at.join(","))
        })
        .collect();
    parts.join(" ")
}

/// A `tsquery` literal of the terms: phrases with `<->`, words as prefixes (`:*`), all
/// required.
pub fn pg_query(terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| match t {
            Term::Phrase(chars) => {
                let quoted: Vec<String> = chars.iter().map(|c| pg_quote(c)).collect();
                format!("({})", quoted.join(" <-> "))
            }
            Term::Word(w) => format!("{}:*", pg_quote(w)),
        })
        .collect();
    parts.join(" & ")
}

/// The text a task is found by: its title and description, its directive's titles and
/// requirements, and the texts of its reports.
pub fn task_text<'a>(
    title: &str,
    description: &'a str,
    directive: [&'a str; 3],
    reports: impl IntoIterator<Item = &'a str>,
) -> Vec<Piece> {
    let mut out = pieces(title);
    for text in [description].into_iter().chain(directive).chain(reports) {
        out.push(Piece::Break);
        out.extend(pieces(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_a_character_at_a_time_and_runs_are_kept_apart() {
        let cut = pieces("燃气安全，A级 Gas检查");
        let body = sqlite_body(&cut);
        assert_eq!(body, "燃 气 安 全 | a 级 | gas 检 查");
        assert_eq!(
            terms("燃气 gas检"),
            vec![
                Term::Phrase(vec!["燃".into(), "气".into()]),
                Term::Word("gas".into()),
                Term::Phrase(vec!["检".into()])
            ]
        );
        assert_eq!(sqlite_query(&terms("燃气 Gas")), "\"燃 气\" AND \"gas\"*");
        assert_eq!(pg_query(&terms("燃气 it's")), "('燃' <-> '气') & 'it':* & 's':*");
        assert_eq!(pg_vector(&pieces("气，气 o'k")), "'k':6 'o':5 '气':1,3");
    }
}
