//! What units report back: progress and completion reports, the review of a completion, and
//! the evidence files attached to them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    index, m20261128_000001_create_units::Units, m20261128_000002_create_users_and_sessions::Users,
    m20261128_000004_create_tasks::Tasks,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Reports::Id))
                    .col(big_integer(Reports::TaskId))
                    .col(string_len(Reports::Kind, 16))
                    .col(integer(Reports::Progress))
                    .col(text(Reports::Body))
                    .col(big_integer(Reports::UnitId))
                    .col(big_integer_null(Reports::AuthorId))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(string_len_null(Reports::ReviewOutcome, 16))
                    .col(text_null(Reports::ReviewReason))
                    .col(big_integer_null(Reports::ReviewedBy))
                    .col(timestamp_with_time_zone_null(Reports::ReviewedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_task")
                            .from(Reports::Table, Reports::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_unit")
                            .from(Reports::Table, Reports::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_author")
                            .from(Reports::Table, Reports::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_reports_task", Reports::Table, &["task_id", "created_at"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(EvidenceFiles::Table)
                    .if_not_exists()
                    .col(big_pk_auto(EvidenceFiles::Id))
                    .col(big_integer(EvidenceFiles::TaskId))
                    .col(big_integer_null(EvidenceFiles::ReportId))
                    .col(string(EvidenceFiles::FileName))
                    .col(string_len(EvidenceFiles::ContentType, 128))
                    .col(big_integer(EvidenceFiles::SizeBytes))
                    .col(string_len(EvidenceFiles::Sha256, 64))
                    .col(string(EvidenceFiles::StoragePath))
                    .col(big_integer_null(EvidenceFiles::UploadedBy))
                    .col(timestamp_with_time_zone(EvidenceFiles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_task")
                            .from(EvidenceFiles::Table, EvidenceFiles::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_report")
                            .from(EvidenceFiles::Table, EvidenceFiles::ReportId)
                            .to(Reports::Table, Reports::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_uploaded_by")
                            .from(EvidenceFiles::Table, EvidenceFiles::UploadedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_evidence_task", EvidenceFiles::Table, &["task_id"])).await?;
        manager.create_index(index("idx_evidence_report", EvidenceFiles::Table, &["report_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EvidenceFiles::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Reports::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    TaskId,
    Kind,
    Progress,
    Body,
    UnitId,
    AuthorId,
    CreatedAt,
    ReviewOutcome,
    ReviewReason,
    ReviewedBy,
    ReviewedAt,
}

#[derive(DeriveIden)]
enum EvidenceFiles {
    Table,
    Id,
    TaskId,
    ReportId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StoragePath,
    UploadedBy,
    CreatedAt,
}
