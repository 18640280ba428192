//! Evidence files kept across a refused report: a page's progress or completion report refused
//! for a reason the person can fix keeps the files it carried (already checked and stored as
//! evidence blobs) for that person and task, so that the resubmission attaches them without
//! choosing them again. The background sweep removes those older than a day.

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
                    .table(PendingEvidence::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PendingEvidence::Id))
                    .col(big_integer(PendingEvidence::TaskId))
                    .col(big_integer(PendingEvidence::UserId))
                    .col(string(PendingEvidence::FileName))
                    .col(string_len(PendingEvidence::ContentType, 128))
                    .col(big_integer(PendingEvidence::SizeBytes))
                    .col(string_len(PendingEvidence::Sha256, 64))
                    .col(string(PendingEvidence::StoragePath))
                    .col(timestamp_with_time_zone(PendingEvidence::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_evidence_task")
                            .from(PendingEvidence::Table, PendingEvidence::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_evidence_user")
                            .from(PendingEvidence::Table, PendingEvidence::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_pending_evidence_task_user", PendingEvidence::Table, &["task_id", "user_id"])
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_pending_evidence_created", PendingEvidence::Table, &["created_at"])
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_pending_evidence_sha256", PendingEvidence::Table, &["sha256"]).if_not_exists().to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PendingEvidence::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum PendingEvidence {
    Table,
    Id,
    TaskId,
    UserId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StoragePath,
    CreatedAt,
}
