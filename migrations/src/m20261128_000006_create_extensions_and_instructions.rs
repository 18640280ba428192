//! Requests to move a deadline, and leaders' instructions (批示) on directives and tasks.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    index, m20261128_000002_create_users_and_sessions::Users,
    m20261128_000003_create_meetings_and_directives::Directives, m20261128_000004_create_tasks::Tasks,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExtensionRequests::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ExtensionRequests::Id))
                    .col(big_integer(ExtensionRequests::TaskId))
                    .col(big_integer_null(ExtensionRequests::RequestedBy))
                    .col(timestamp_with_time_zone(ExtensionRequests::CurrentDeadline))
                    .col(timestamp_with_time_zone(ExtensionRequests::RequestedDeadline))
                    .col(text(ExtensionRequests::Reason))
                    .col(integer(ExtensionRequests::Progress))
                    .col(string_len(ExtensionRequests::Status, 16))
                    .col(big_integer_null(ExtensionRequests::DecidedBy))
                    .col(timestamp_with_time_zone_null(ExtensionRequests::DecidedAt))
                    .col(text_null(ExtensionRequests::DecisionReason))
                    .col(timestamp_with_time_zone(ExtensionRequests::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_extensions_task")
                            .from(ExtensionRequests::Table, ExtensionRequests::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_extensions_requested_by")
                            .from(ExtensionRequests::Table, ExtensionRequests::RequestedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_extensions_decided_by")
                            .from(ExtensionRequests::Table, ExtensionRequests::DecidedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_extensions_task", ExtensionRequests::Table, &["task_id", "status"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Instructions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Instructions::Id))
                    .col(big_integer_null(Instructions::DirectiveId))
                    .col(big_integer_null(Instructions::TaskId))
                    .col(big_integer(Instructions::AuthorId))
                    .col(text(Instructions::Body))
                    .col(big_integer_null(Instructions::LinkedTaskId))
                    .col(timestamp_with_time_zone(Instructions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instructions_directive")
                            .from(Instructions::Table, Instructions::DirectiveId)
                            .to(Directives::Table, Directives::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instructions_task")
                            .from(Instructions::Table, Instructions::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instructions_linked_task")
                            .from(Instructions::Table, Instructions::LinkedTaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instructions_author")
                            .from(Instructions::Table, Instructions::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_instructions_directive", Instructions::Table, &["directive_id"])).await?;
        manager.create_index(index("idx_instructions_task", Instructions::Table, &["task_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Instructions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ExtensionRequests::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum ExtensionRequests {
    Table,
    Id,
    TaskId,
    RequestedBy,
    CurrentDeadline,
    RequestedDeadline,
    Reason,
    Progress,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionReason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Instructions {
    Table,
    Id,
    DirectiveId,
    TaskId,
    AuthorId,
    Body,
    LinkedTaskId,
    CreatedAt,
}
