//! The directive list finds the directives of the tasks a unit assigned from the index alone.

use sea_orm_migration::prelude::*;

use crate::{index, m20261128_000004_create_tasks::Tasks};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                index("idx_tasks_assigner_directive", Tasks::Table, &["assigner_unit_id", "directive_id"])
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_tasks_assigner_directive").table(Tasks::Table).to_owned()).await
    }
}
