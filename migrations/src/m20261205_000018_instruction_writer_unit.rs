//! An instruction remembers the unit its writer belonged to when it was written: it reaches
//! only the part of the directive's tree that unit sees, whatever the writer's moves since.
//! Instructions written before are given the unit their audit event recorded (the writer's
//! unit then), or else the writer's unit now.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Instructions::Table)
                    .add_column(big_integer_null(Instructions::AuthorUnitId))
                    .to_owned(),
            )
            .await?;
        let written = Expr::cust(
            "COALESCE((SELECT a.actor_unit_id FROM audit_events a WHERE a.entity = 'instruction' \
             AND a.action = 'create' AND a.entity_id = instructions.id), \
             (SELECT u.unit_id FROM users u WHERE u.id = instructions.author_id))",
        );
        manager
            .exec_stmt(Query::update().table(Instructions::Table).value(Instructions::AuthorUnitId, written).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Instructions::Table).drop_column(Instructions::AuthorUnitId).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Instructions {
    Table,
    AuthorUnitId,
}
