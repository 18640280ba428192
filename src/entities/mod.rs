//! sea-orm entities, one file per table, kept apart from the behaviour written by hand in
//! `store/`. Columns holding a closed vocabulary use the domain's enums, stored as strings.

pub mod api_tokens;
pub mod audit_chain;
pub mod audit_checkpoints;
pub mod audit_events;
pub mod bulletin_units;
pub mod bulletins;
pub mod calendar_days;
pub mod calendar_feeds;
pub mod department_names;
pub mod directives;
pub mod document_sequences;
pub mod escalation_policies;
pub mod escalation_steps;
pub mod evidence_files;
pub mod extension_requests;
pub mod instructions;
pub mod keyword_rules;
pub mod meetings;
pub mod notification_cursors;
pub mod notifications;
pub mod pending_evidence;
pub mod reports;
pub mod sessions;
pub mod sign_in_throttles;
pub mod task_reminders;
pub mod tasks;
pub mod unit_closure;
pub mod unit_robots;
pub mod units;
pub mod users;

use crate::domain::{
    drafting::Category,
    lifecycle::TaskStatus,
    vocabulary::{
        Audience, Channel, DayKind, DirectiveSource, DirectiveStatus, ExtensionStatus, Locale, NotificationStatus,
        Priority, ReportKind, ReviewOutcome, RobotKind, Role, TaskRole, UnitKind, UnitLevel,
    },
};

/// Lets a domain enum be a string column: the same impls `DeriveValueType` generates, written
/// here so that `domain/` stays free of sea-orm.
macro_rules! string_column {
    ($($ty:ty),+ $(,)?) => {$(
        impl From<$ty> for sea_orm::Value {
            fn from(source: $ty) -> Self {
                source.as_str().to_owned().into()
            }
        }

        impl sea_orm::TryGetable for $ty {
            fn try_get_by<I: sea_orm::ColIdx>(res: &sea_orm::QueryResult, idx: I) -> Result<Self, sea_orm::TryGetError> {
                let text = String::try_get_by(res, idx)?;
                text.parse().map_err(|err: crate::domain::UnknownValue| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(err.to_string()))
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $ty {
            fn try_from(v: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let text = <String as sea_orm::sea_query::ValueType>::try_from(v)?;
                text.parse().map_err(|_| sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($ty).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $ty {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$ty> for $ty {
            fn into_active_value(self) -> sea_orm::ActiveValue<$ty> {
                sea_orm::ActiveValue::Set(self)
            }
        }

        impl sea_orm::sea_query::postgres_array::NotU8 for $ty {}
    )+};
}

string_column!(
    Audience,
    Category,
    Channel,
    DayKind,
    DirectiveSource,
    DirectiveStatus,
    ExtensionStatus,
    Locale,
    NotificationStatus,
    Priority,
    ReportKind,
    ReviewOutcome,
    Role,
    RobotKind,
    TaskRole,
    TaskStatus,
    UnitKind,
    UnitLevel,
);
