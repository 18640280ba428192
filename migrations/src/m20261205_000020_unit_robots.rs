//! Group robots of a unit: the webhooks of 钉钉 (DingTalk), 企业微信 (WeCom) and 飞书 (Feishu)
//! that the outbox posts the unit's notices to, besides e-mail.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{index, m20261128_000001_create_units::Units};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnitRobots::Table)
                    .if_not_exists()
                    .col(big_pk_auto(UnitRobots::Id))
                    .col(big_integer(UnitRobots::UnitId))
                    // dingtalk | wecom | feishu
                    .col(string_len(UnitRobots::Kind, 16))
                    .col(string_len(UnitRobots::Name, 200))
                    // The whole webhook URL, its access token included: a secret, never shown again.
                    .col(text(UnitRobots::WebhookUrl))
                    // The signing secret of DingTalk or Feishu, if the robot signs: never shown again.
                    .col(text_null(UnitRobots::Secret))
                    .col(boolean(UnitRobots::Enabled).default(true))
                    .col(timestamp_with_time_zone(UnitRobots::CreatedAt))
                    .col(timestamp_with_time_zone(UnitRobots::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_robots_unit")
                            .from(UnitRobots::Table, UnitRobots::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_unit_robots_unit", UnitRobots::Table, &["unit_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UnitRobots::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum UnitRobots {
    Table,
    Id,
    UnitId,
    Kind,
    Name,
    WebhookUrl,
    Secret,
    Enabled,
    CreatedAt,
    UpdatedAt,
}
