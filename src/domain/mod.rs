//! Duban's rules as plain Rust: no database, no HTTP, no clock of its own. Everything here is
//! decided from values passed in, so every rule can be unit-tested on its own.

pub mod audit;
pub mod bulletin;
pub mod calendar;
pub mod chinese_calendar;
pub mod digest;
pub mod directives;
pub mod documents;
pub mod drafting;
pub mod escalation;
pub mod format;
pub mod hierarchy;
pub mod ical;
pub mod ids;
pub mod lifecycle;
pub mod listing;
pub mod message;
pub mod next_step;
pub mod organisation;
pub mod pacing;
pub mod robots;
pub mod roles;
pub mod rollup;
pub mod text;
pub mod throttle;
pub mod timing;
pub mod unit_names;
pub mod versions;
pub mod vocabulary;

/// Defines a closed set of values stored as a string column: `as_str`, `FromStr`, `Display`,
/// serde as the same string, and `ALL` for exhaustive tests and pickers.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::domain::UnknownValue {
                        kind: stringify!($name),
                        value: s.chars().take(64).collect(),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

/// A string that names no value of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

impl UnknownValue {
    /// What the refusal says to a person: the value is none of those its field takes.
    pub fn message(&self) -> message::Message {
        message::Message::new("error-not-a-value").text("value", self.value.clone())
    }
}
