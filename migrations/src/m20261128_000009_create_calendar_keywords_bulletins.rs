//! The working-day calendar, the drafting keyword rules, and published bulletins.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{index, m20261128_000001_create_units::Units};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CalendarDays::Table)
                    .if_not_exists()
                    // Only exceptions are stored: holidays on weekdays, make-up working days on weekends.
                    .col(date(CalendarDays::Day).primary_key())
                    .col(string_len(CalendarDays::Kind, 16))
                    .col(string(CalendarDays::Name))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(KeywordRules::Table)
                    .if_not_exists()
                    .col(big_pk_auto(KeywordRules::Id))
                    .col(string_len(KeywordRules::Keyword, 64))
                    .col(string_len(KeywordRules::Category, 32))
                    .col(string_len_null(KeywordRules::LeadFunction, 32))
                    .col(text(KeywordRules::CooperatingFunctions))
                    .col(integer(KeywordRules::Weight))
                    .col(timestamp_with_time_zone(KeywordRules::CreatedAt))
                    .col(timestamp_with_time_zone(KeywordRules::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_keyword_rules_keyword_category")
                    .table(KeywordRules::Table)
                    .col(KeywordRules::Keyword)
                    .col(KeywordRules::Category)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bulletins::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Bulletins::Id))
                    .col(big_integer(Bulletins::UnitId))
                    .col(date(Bulletins::PeriodStart))
                    .col(date(Bulletins::PeriodEnd))
                    .col(text(Bulletins::Body))
                    .col(timestamp_with_time_zone(Bulletins::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletins_unit")
                            .from(Bulletins::Table, Bulletins::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_bulletins_unit", Bulletins::Table, &["unit_id", "period_end"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Bulletins::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(KeywordRules::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CalendarDays::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Kind,
    Name,
}

#[derive(DeriveIden)]
enum KeywordRules {
    Table,
    Id,
    Keyword,
    Category,
    LeadFunction,
    CooperatingFunctions,
    Weight,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Bulletins {
    Table,
    Id,
    UnitId,
    PeriodStart,
    PeriodEnd,
    Body,
    CreatedAt,
}
