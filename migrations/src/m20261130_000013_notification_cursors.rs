//! How far the sweep has read the audit trail for the notifications a change owes (a task
//! assigned, a completion returned, an extension decided, a leader's instruction): one row
//! per reader, holding the last audit event id it has turned into messages, and the floor
//! below which it never reads (the history that was there when it started).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotificationCursors::Table)
                    .if_not_exists()
                    .col(string_len(NotificationCursors::Name, 64).primary_key())
                    .col(big_integer(NotificationCursors::Position))
                    .col(big_integer(NotificationCursors::Floor))
                    .col(timestamp_with_time_zone(NotificationCursors::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NotificationCursors::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum NotificationCursors {
    Table,
    Name,
    Position,
    Floor,
    UpdatedAt,
}
