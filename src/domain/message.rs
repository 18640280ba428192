//! A sentence for a person, as data: the id of a message in the locale files and its
//! arguments. Refusals carry one instead of English words, so the web renders the reason in the
//! reader's language (the JSON API in English) and the rules here stay free of any language.

use chrono::{DateTime, NaiveDate, Utc};

/// One argument of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Shown as it is: a name, a value someone sent, a file's name.
    Text(String),
    /// A count or a limit; plurals select on it.
    Number(i64),
    /// A day, written as the reader writes days.
    Date(NaiveDate),
    /// An instant, written in the reader's zone and language.
    Instant(DateTime<Utc>),
    /// Another message with its own arguments: the reason inside a line of a file's refusal.
    Message(Box<Message>),
    /// Several messages, one a line: every line of a file that is wrong.
    Lines(Vec<Message>),
    /// Another message, by its id: a status, a role, a field's name in the reader's language.
    Term(String),
}

/// What a refusal says: `key` names a message in `locales/*/`, `args` fill its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Message { key, args: Vec::new() }
    }

    /// `$name` shown as written.
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    /// `$name` as a number.
    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Self {
        self.args.push((name, Arg::Number(value.try_into().unwrap_or(i64::MAX))));
        self
    }

    /// `$name` as a day.
    pub fn date(mut self, name: &'static str, day: NaiveDate) -> Self {
        self.args.push((name, Arg::Date(day)));
        self
    }

    /// `$name` as an instant.
    pub fn instant(mut self, name: &'static str, at: DateTime<Utc>) -> Self {
        self.args.push((name, Arg::Instant(at)));
        self
    }

    /// `$vocabulary` as the message `<vocabulary>-<value>`: a status, a role, a relation.
    pub fn term(mut self, vocabulary: &'static str, value: &str) -> Self {
        self.args.push((vocabulary, Arg::Term(format!("{vocabulary}-{value}"))));
        self
    }

    /// `$name` as another message with its arguments.
    pub fn nested(mut self, name: &'static str, message: Message) -> Self {
        self.args.push((name, Arg::Message(Box::new(message))));
        self
    }

    /// `$name` as several messages, one a line.
    pub fn lines(mut self, name: &'static str, messages: Vec<Message>) -> Self {
        self.args.push((name, Arg::Lines(messages)));
        self
    }

    /// `$name` as the message with id `key`.
    pub fn message(mut self, name: &'static str, key: impl Into<String>) -> Self {
        self.args.push((name, Arg::Term(key.into())));
        self
    }
}

/// The id of the message naming a thing that was not found: "calendar day" → `entity-calendar-day`.
pub fn entity_key(what: &str) -> String {
    format!("entity-{}", what.replace([' ', '_'], "-"))
}

/// The id of the message naming a field: `assignee_unit_id` → `field-assignee_unit_id`,
/// `leads.cooperating_unit_ids` → `field-leads-cooperating_unit_ids`.
pub fn field_key(field: &str) -> String {
    let name: String = field.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    format!("field-{name}")
}

/// Without a language (a log line): the id and its arguments.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)?;
        for (i, (name, arg)) in self.args.iter().enumerate() {
            f.write_str(if i == 0 { " (" } else { ", " })?;
            match arg {
                Arg::Text(text) => write!(f, "{name}: {text:?}")?,
                Arg::Number(n) => write!(f, "{name}: {n}")?,
                Arg::Date(day) => write!(f, "{name}: {day}")?,
                Arg::Instant(at) => write!(f, "{name}: {}", at.to_rfc3339())?,
                Arg::Term(key) => write!(f, "{name}: {key}")?,
                Arg::Message(message) => write!(f, "{name}: {message}")?,
                Arg::Lines(lines) => {
                    write!(f, "{name}: [")?;
                    for line in lines {
                        write!(f, "{line}; ")?;
                    }
                    f.write_str("]")?;
                }
            }
        }
        if !self.args.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}
