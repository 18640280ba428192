//! A unit can be deactivated: it keeps its history and stays readable, but is assigned no new
//! tasks. Every unit that exists already is active.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_create_units::Units;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Units::Table).add_column(boolean(UnitsActive::Active).default(true)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Units::Table).drop_column(UnitsActive::Active).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum UnitsActive {
    Active,
}
