//! The organisation tree: units and their closure table.
//!
//! Why a closure table and not a materialized path: every permission check and every rollup
//! asks "the tasks of unit U and of every unit below it". With `unit_closure(ancestor,
//! descendant)` that is a plain equality join on an indexed integer column, and it behaves the
//! same on SQLite and PostgreSQL. A path column would need `LIKE '/1/5/%'`, which SQLite
//! only serves from an index under case-sensitive LIKE or GLOB and PostgreSQL only with
//! `text_pattern_ops` or the C collation. At 5,000 units a five-level tree holds about 25,000
//! closure rows, tiny next to 1,000,000 tasks; units move rarely, so rewriting the closure of
//! a moved subtree is cheap.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Units::Id))
                    .col(string_len_uniq(Units::Key, 64))
                    .col(big_integer_null(Units::ParentId))
                    .col(string_len(Units::Kind, 16))
                    .col(string_len(Units::Level, 16))
                    .col(string_len_null(Units::Function, 32))
                    .col(integer(Units::Depth))
                    .col(string(Units::NameZh))
                    .col(string(Units::NameEn))
                    .col(string_null(Units::Email))
                    .col(string_null(Units::HeadEmail))
                    .col(timestamp_with_time_zone(Units::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_units_parent")
                            .from(Units::Table, Units::ParentId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_units_parent", Units::Table, &["parent_id"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(UnitClosure::Table)
                    .if_not_exists()
                    .col(big_integer(UnitClosure::AncestorId))
                    .col(big_integer(UnitClosure::DescendantId))
                    .col(integer(UnitClosure::Distance))
                    .primary_key(Index::create().col(UnitClosure::AncestorId).col(UnitClosure::DescendantId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_closure_ancestor")
                            .from(UnitClosure::Table, UnitClosure::AncestorId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_closure_descendant")
                            .from(UnitClosure::Table, UnitClosure::DescendantId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Which units are above me" (escalation up the chain, permission checks) reads by descendant.
        manager
            .create_index(index("idx_unit_closure_descendant", UnitClosure::Table, &["descendant_id", "distance"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UnitClosure::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Units::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum Units {
    Table,
    Id,
    Key,
    ParentId,
    Kind,
    Level,
    Function,
    Depth,
    NameZh,
    NameEn,
    Email,
    HeadEmail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UnitClosure {
    Table,
    AncestorId,
    DescendantId,
    Distance,
}
