//! 文号: a unit's prefix for the numbers of the directives it issues ("赣安办督"), set by an
//! admin; each issued directive keeps the prefix, the year and the sequence it was given
//! (赣安办督〔2024〕12号), unique together. The last number given per prefix and year is a row
//! of `document_sequences`, raised in the issuing transaction (an upsert that holds the row
//! until commit), so concurrent issues take turns and a number is never given twice.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_create_units::Units;
use crate::m20261128_000003_create_meetings_and_directives::Directives;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column a statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Units::Table)
                    .add_column(string_len_null(DocumentNumbers::DocPrefix, 40))
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(DocumentNumbers::DocPrefix).string_len(40).null().to_owned(),
            ColumnDef::new(DocumentNumbers::DocYear).integer().null().to_owned(),
            ColumnDef::new(DocumentNumbers::DocSeq).integer().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Directives::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_directives_document_number")
                    .table(Directives::Table)
                    .col(DocumentNumbers::DocPrefix)
                    .col(DocumentNumbers::DocYear)
                    .col(DocumentNumbers::DocSeq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentSequences::Table)
                    .if_not_exists()
                    .col(string_len(DocumentSequences::Prefix, 40))
                    .col(integer(DocumentSequences::Year))
                    .col(integer(DocumentSequences::Last))
                    .primary_key(Index::create().col(DocumentSequences::Prefix).col(DocumentSequences::Year))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DocumentSequences::Table).to_owned()).await?;
        manager
            .drop_index(Index::drop().name("uq_directives_document_number").table(Directives::Table).to_owned())
            .await?;
        for column in [DocumentNumbers::DocSeq, DocumentNumbers::DocYear, DocumentNumbers::DocPrefix] {
            manager.alter_table(Table::alter().table(Directives::Table).drop_column(column).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Units::Table).drop_column(DocumentNumbers::DocPrefix).to_owned()).await
    }
}

/// The columns are named as the entities name them (`doc_prefix` …), hence the shared prefix.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum DocumentNumbers {
    DocPrefix,
    DocYear,
    DocSeq,
}

#[derive(DeriveIden)]
enum DocumentSequences {
    Table,
    Prefix,
    Year,
    Last,
}
