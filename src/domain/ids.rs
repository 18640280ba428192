//! Typed ids: a task's id cannot be passed where a unit's is wanted. Each wraps the row id
//! the database gives (`i64`); the store converts at its boundary, the web at the request's.
//! Serialised as the bare number, shown as the number, so that pages, e-mails and the API
//! document read as before.

macro_rules! id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The row id, for the store and for what a person reads.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id!(
    /// A task: one directive (or part of it) assigned to one unit.
    TaskId
);
id!(
    /// A unit of the organisation tree.
    UnitId
);
id!(
    /// A person who signs in.
    UserId
);
id!(
    /// One requirement of a meeting.
    DirectiveId
);
id!(
    /// A meeting, where directives come from.
    MeetingId
);
id!(
    /// A request to move a task's deadline.
    ExtensionId
);
id!(
    /// An evidence file attached to a report.
    FileId
);
id!(
    /// A progress or completion report.
    ReportId
);
id!(
    /// A message in the outbox.
    NotificationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_bare_number() {
        assert_eq!(serde_json::to_string(&TaskId(42)).expect("json"), "42");
        assert_eq!(serde_json::from_str::<UnitId>("7").expect("json"), UnitId(7));
        assert_eq!(TaskId(42).to_string(), "42");
        assert_eq!("9".parse::<DirectiveId>(), Ok(DirectiveId(9)));
    }
}
