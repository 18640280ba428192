//! A unit's group robots: webhooks of DingTalk, WeCom or Feishu its notices are posted to.

use sea_orm::entity::prelude::*;

use crate::domain::vocabulary::RobotKind;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_robots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub kind: RobotKind,
    pub name: String,
    /// The whole webhook URL with its access token: a secret, never shown again once saved.
    #[sea_orm(column_type = "Text")]
    pub webhook_url: String,
    /// The signing secret (DingTalk, Feishu): never shown again once saved.
    #[sea_orm(column_type = "Text")]
    pub secret: Option<String>,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Written by hand so that a log line or a panic never prints the URL's token or the secret.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("unit_robots::Model")
            .field("id", &self.id)
            .field("unit_id", &self.unit_id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
