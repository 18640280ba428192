//! Published bulletins (通报): the `bulletins` table of the first schema was never written, and
//! is made again as an office files them: the issuing unit, the year and the issue number
//! within it (第 N 期, unique per unit and year, so two publishing at once never share one),
//! the period, the secretariat's commentary, who published it, and the snapshot of the ranking
//! and the overdue list taken at publication (JSON), kept unchanged. `bulletin_units` names
//! the units ranked in each, so that each of them finds the bulletins that name it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Bulletins::Table).if_exists().to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(Bulletins::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Bulletins::Id))
                    .col(big_integer(Bulletins::UnitId))
                    .col(integer(Bulletins::Year))
                    .col(integer(Bulletins::Number))
                    .col(date(Bulletins::PeriodStart))
                    .col(date(Bulletins::PeriodEnd))
                    .col(text(Bulletins::Commentary))
                    .col(text(Bulletins::Body))
                    .col(big_integer(Bulletins::PublishedBy))
                    .col(timestamp_with_time_zone(Bulletins::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletins_unit")
                            .from(Bulletins::Table, Bulletins::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletins_publisher")
                            .from(Bulletins::Table, Bulletins::PublishedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_bulletins_unit_year_number")
                    .table(Bulletins::Table)
                    .col(Bulletins::UnitId)
                    .col(Bulletins::Year)
                    .col(Bulletins::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BulletinUnits::Table)
                    .if_not_exists()
                    .col(big_integer(BulletinUnits::BulletinId))
                    .col(big_integer(BulletinUnits::UnitId))
                    .primary_key(Index::create().col(BulletinUnits::BulletinId).col(BulletinUnits::UnitId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletin_units_bulletin")
                            .from(BulletinUnits::Table, BulletinUnits::BulletinId)
                            .to(Bulletins::Table, Bulletins::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulletin_units_unit")
                            .from(BulletinUnits::Table, BulletinUnits::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_bulletin_units_unit", BulletinUnits::Table, &["unit_id", "bulletin_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(BulletinUnits::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Bulletins::Table).to_owned()).await?;
        // The table as the first schema made it.
        manager
            .create_table(
                Table::create()
                    .table(Bulletins::Table)
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
}

#[derive(DeriveIden)]
enum Bulletins {
    Table,
    Id,
    UnitId,
    Year,
    Number,
    PeriodStart,
    PeriodEnd,
    Commentary,
    Body,
    PublishedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BulletinUnits {
    Table,
    BulletinId,
    UnitId,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
