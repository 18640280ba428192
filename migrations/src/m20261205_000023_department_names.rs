//! The names drafting recognises departments by ("住建部门", "the transport bureau", "AMR"), with
//! the line of work each is: until now compiled in from `assets/drafting/departments.tsv`, now
//! kept here so an admin edits them as the keyword rules. The table starts empty; the defaults
//! are installed into an empty table at `duban migrate` and at start-up, as the keyword rules are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DepartmentNames::Table)
                    .if_not_exists()
                    .col(big_pk_auto(DepartmentNames::Id))
                    .col(string_len_uniq(DepartmentNames::Name, 200))
                    .col(string_len(DepartmentNames::Function, 32))
                    .col(timestamp_with_time_zone(DepartmentNames::CreatedAt))
                    .col(timestamp_with_time_zone(DepartmentNames::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DepartmentNames::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum DepartmentNames {
    Table,
    Id,
    Name,
    Function,
    CreatedAt,
    UpdatedAt,
}
