//! Units gain the names minutes call them by besides their full names: a short name
//! ("市住建局") and aliases ("住建局", "the housing bureau"), one a line. Drafting matches the
//! departments minutes name against them. Existing units have none.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_create_units::Units;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column a statement.
        manager
            .alter_table(
                Table::alter().table(Units::Table).add_column(string_len_null(UnitNames::ShortName, 200)).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Units::Table).add_column(text(UnitNames::Aliases).default("")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Units::Table).drop_column(UnitNames::Aliases).to_owned()).await?;
        manager.alter_table(Table::alter().table(Units::Table).drop_column(UnitNames::ShortName).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum UnitNames {
    ShortName,
    Aliases,
}
