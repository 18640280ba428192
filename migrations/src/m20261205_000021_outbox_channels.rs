//! The outbox carries more than e-mail: each row names its channel (email, dingtalk, wecom or
//! feishu) and, for a group robot, the robot it is for. Every row that exists is an e-mail.
//! No foreign key on the robot: a robot removed leaves its rows, which the sender then skips.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(string_len(Notifications::Channel, 16).default("email"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(big_integer_null(Notifications::RobotId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Notifications::Table).drop_column(Notifications::RobotId).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Notifications::Table).drop_column(Notifications::Channel).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Channel,
    RobotId,
}
