//! An index of the outbox by the time a row was written, for the sweep's count of what each
//! recipient has had today (a few reminders alone, then bundles): it reads the day's rows, not
//! an outbox that grows by a hundred thousand rows on a province's first morning.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    CreatedAt,
}

const NAME: &str = "idx_notifications_created";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Notifications::Table)
                    .col(Notifications::CreatedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(NAME).table(Notifications::Table).to_owned()).await
    }
}
