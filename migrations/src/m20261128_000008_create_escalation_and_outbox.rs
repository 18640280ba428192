//! Escalation as data (policies, ladders of steps) and the outbox of notifications the sweep
//! writes and the sender delivers.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{index, m20261128_000002_create_users_and_sessions::Users, m20261128_000004_create_tasks::Tasks};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EscalationPolicies::Table)
                    .if_not_exists()
                    .col(big_pk_auto(EscalationPolicies::Id))
                    .col(string(EscalationPolicies::Name))
                    // The directive priority this policy serves; NULL is the fallback policy.
                    .col(string_len_null(EscalationPolicies::Priority, 16))
                    .col(boolean(EscalationPolicies::Active))
                    .col(timestamp_with_time_zone(EscalationPolicies::CreatedAt))
                    .col(timestamp_with_time_zone(EscalationPolicies::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EscalationSteps::Table)
                    .if_not_exists()
                    .col(big_pk_auto(EscalationSteps::Id))
                    .col(big_integer(EscalationSteps::PolicyId))
                    .col(integer(EscalationSteps::Position))
                    // Working days relative to the deadline: -3 is three working days before.
                    .col(integer(EscalationSteps::OffsetDays))
                    .col(string_len(EscalationSteps::Audience, 32))
                    .col(string_len(EscalationSteps::Template, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_escalation_steps_policy")
                            .from(EscalationSteps::Table, EscalationSteps::PolicyId)
                            .to(EscalationPolicies::Table, EscalationPolicies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_escalation_steps_policy", EscalationSteps::Table, &["policy_id", "position"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Notifications::Id))
                    // task/step/recipient (or another event key): a second sweep inserts nothing.
                    .col(string_len_uniq(Notifications::DedupKey, 255))
                    .col(big_integer_null(Notifications::TaskId))
                    .col(big_integer_null(Notifications::StepId))
                    .col(big_integer_null(Notifications::RecipientUserId))
                    .col(string(Notifications::RecipientEmail))
                    .col(string_len(Notifications::Template, 64))
                    .col(string_len(Notifications::Locale, 8))
                    .col(string(Notifications::Subject))
                    .col(text(Notifications::BodyText))
                    .col(text(Notifications::BodyHtml))
                    .col(string_len(Notifications::Status, 16))
                    .col(integer(Notifications::Attempts))
                    .col(timestamp_with_time_zone(Notifications::NextAttemptAt))
                    .col(text_null(Notifications::LastError))
                    .col(string_len_null(Notifications::LockedBy, 64))
                    .col(timestamp_with_time_zone_null(Notifications::LockedUntil))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_task")
                            .from(Notifications::Table, Notifications::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_step")
                            .from(Notifications::Table, Notifications::StepId)
                            .to(EscalationSteps::Table, EscalationSteps::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user")
                            .from(Notifications::Table, Notifications::RecipientUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_notifications_due", Notifications::Table, &["status", "next_attempt_at"]))
            .await?;
        manager.create_index(index("idx_notifications_task", Notifications::Table, &["task_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Notifications::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EscalationSteps::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EscalationPolicies::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum EscalationPolicies {
    Table,
    Id,
    Name,
    Priority,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EscalationSteps {
    Table,
    Id,
    PolicyId,
    Position,
    OffsetDays,
    Audience,
    Template,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    DedupKey,
    TaskId,
    StepId,
    RecipientUserId,
    RecipientEmail,
    Template,
    Locale,
    Subject,
    BodyText,
    BodyHtml,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    LockedBy,
    LockedUntil,
    CreatedAt,
    SentAt,
}
