//! The append-only audit trail: who changed what, when, with the state before and after.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{index, m20261128_000002_create_users_and_sessions::Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(big_integer_null(AuditEvents::ActorUnitId))
                    .col(string_len(AuditEvents::Entity, 32))
                    .col(big_integer(AuditEvents::EntityId))
                    .col(string_len(AuditEvents::Action, 32))
                    .col(text_null(AuditEvents::Before))
                    .col(text_null(AuditEvents::After))
                    .col(text_null(AuditEvents::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_actor")
                            .from(AuditEvents::Table, AuditEvents::ActorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_audit_entity", AuditEvents::Table, &["entity", "entity_id", "id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEvents::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    ActorUnitId,
    Entity,
    EntityId,
    Action,
    Before,
    After,
    Note,
}
