//! Tasks: one directive (or part of one) assigned to one unit, possibly split further down.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    index, m20261128_000001_create_units::Units, m20261128_000002_create_users_and_sessions::Users,
    m20261128_000003_create_meetings_and_directives::Directives,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Tasks::Id))
                    .col(big_integer(Tasks::DirectiveId))
                    .col(big_integer_null(Tasks::ParentId))
                    .col(big_integer(Tasks::AssigneeUnitId))
                    .col(big_integer(Tasks::AssignerUnitId))
                    .col(string_len(Tasks::Role, 16))
                    .col(string(Tasks::Title))
                    .col(text(Tasks::Description))
                    .col(string_len(Tasks::Status, 16))
                    .col(integer(Tasks::Progress))
                    .col(timestamp_with_time_zone(Tasks::AckDueAt))
                    .col(integer_null(Tasks::ReportEveryDays))
                    .col(timestamp_with_time_zone(Tasks::Deadline))
                    .col(timestamp_with_time_zone(Tasks::OriginalDeadline))
                    .col(timestamp_with_time_zone_null(Tasks::AcknowledgedAt))
                    .col(timestamp_with_time_zone_null(Tasks::LastReportAt))
                    .col(timestamp_with_time_zone_null(Tasks::SubmittedAt))
                    .col(timestamp_with_time_zone_null(Tasks::CompletedAt))
                    .col(timestamp_with_time_zone_null(Tasks::ClosedAt))
                    .col(big_integer_null(Tasks::CreatedBy))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .col(integer(Tasks::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_directive")
                            .from(Tasks::Table, Tasks::DirectiveId)
                            .to(Directives::Table, Directives::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_parent")
                            .from(Tasks::Table, Tasks::ParentId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_assignee")
                            .from(Tasks::Table, Tasks::AssigneeUnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_assigner")
                            .from(Tasks::Table, Tasks::AssignerUnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_created_by")
                            .from(Tasks::Table, Tasks::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Inboxes and subtree rollups read by assignee; reviews by assigner; sweeps by deadline.
        for (name, cols) in [
            ("idx_tasks_assignee_status", &["assignee_unit_id", "status", "deadline"][..]),
            ("idx_tasks_assigner_status", &["assigner_unit_id", "status"][..]),
            ("idx_tasks_directive", &["directive_id", "status"][..]),
            ("idx_tasks_parent", &["parent_id"][..]),
            ("idx_tasks_status_deadline", &["status", "deadline"][..]),
        ] {
            manager.create_index(index(name, Tasks::Table, cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Tasks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum Tasks {
    Table,
    Id,
    DirectiveId,
    ParentId,
    AssigneeUnitId,
    AssignerUnitId,
    Role,
    Title,
    Description,
    Status,
    Progress,
    AckDueAt,
    ReportEveryDays,
    Deadline,
    OriginalDeadline,
    AcknowledgedAt,
    LastReportAt,
    SubmittedAt,
    CompletedAt,
    ClosedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}
