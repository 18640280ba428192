//! The outbox: one row per message to send.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::{Channel, Locale, NotificationStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dedup_key: String,
    pub task_id: Option<i64>,
    pub step_id: Option<i64>,
    pub recipient_user_id: Option<i64>,
    pub recipient_email: String,
    pub template: String,
    pub locale: Locale,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub status: NotificationStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub last_error: Option<String>,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// E-mail, or the vendor of the group robot `robot_id` the row is for.
    pub channel: Channel,
    pub robot_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
