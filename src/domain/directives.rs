//! A meeting and its directives as a secretariat writes them: the one description of each that
//! the API, the command line, the demo seed, the services and the store all pass along.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    drafting::Category,
    vocabulary::{DirectiveSource, DirectiveStatus, Priority},
};

/// The most draft directives one meeting holds at once: far more than any meeting decides, few
/// enough that its page and its review stay usable. Drafting more is refused, naming the cap.
pub const MAX_DRAFTS_PER_MEETING: usize = 300;

/// What a secretariat enters about a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub title_zh: String,
    pub title_en: String,
    pub held_on: NaiveDate,
    pub host: String,
    pub venue: String,
    pub attendees: String,
    pub minutes: String,
}

/// What a secretariat writes of a directive, and may change while it is a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveFields {
    pub title_zh: String,
    pub title_en: String,
    pub body: String,
    pub category: Category,
    pub priority: Priority,
    pub deadline: DateTime<Utc>,
    pub places: Vec<String>,
    pub industries: Vec<String>,
}

/// Where a new directive is filed and how it starts out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filing {
    pub meeting_id: Option<i64>,
    pub unit_id: i64,
    /// Its number among the directives of the meeting (or of the unit, with no meeting).
    pub seq: i32,
    pub status: DirectiveStatus,
    pub source: DirectiveSource,
}
