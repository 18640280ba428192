//! The audit trail becomes a hash chain: each event carries its place (`seq`), the hash of the
//! event before it and its own; `audit_chain` holds the head (one row, the one writers lock
//! to take turns); `audit_checkpoints` records the head from time to time. The events written
//! before are chained here, in id order, with the application's own hashing code.
//!
//! A trigger moves the head to each event inserted, within the insert: one statement fewer on
//! every change than an `UPDATE` of the head from the application (the write benchmark's
//! budget), and the head follows every insert, whoever makes it. sea-query has no builder for
//! triggers, so they are the one piece written in each database's SQL.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend},
};

use crate::index;

/// The application's definition of an event's hash, compiled here from the same file, so
/// that what this migration writes is what the application verifies.
#[path = "../../src/domain/audit/canonical.rs"]
mod canonical;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Events read and chained per round.
const BATCH: u64 = 1000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            big_integer(AuditEvents::Seq).default(0),
            string_len(AuditEvents::PrevHash, 64).default(""),
            string_len(AuditEvents::Hash, 64).default(""),
        ] {
            manager.alter_table(Table::alter().table(AuditEvents::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditChain::Table)
                    .if_not_exists()
                    .col(integer(AuditChain::Id).primary_key())
                    .col(big_integer(AuditChain::Seq))
                    .col(string_len(AuditChain::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditCheckpoints::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditCheckpoints::Id))
                    .col(big_integer(AuditCheckpoints::Seq))
                    .col(string_len(AuditCheckpoints::Hash, 64))
                    .col(timestamp_with_time_zone(AuditCheckpoints::At))
                    .to_owned(),
            )
            .await?;

        let (seq, hash) = chain_existing(manager).await?;
        manager
            .get_connection()
            .execute(
                &Query::insert()
                    .into_table(AuditChain::Table)
                    .columns([AuditChain::Id, AuditChain::Seq, AuditChain::Hash])
                    .values_panic([1.into(), seq.into(), hash.into()])
                    .to_owned(),
            )
            .await?;
        // Unique: two writers can never both append the same place, whatever else fails.
        let mut unique = index("idx_audit_seq", AuditEvents::Table, &["seq"]);
        manager.create_index(unique.unique().to_owned()).await?;
        manager.create_index(index("idx_audit_checkpoints_seq", AuditCheckpoints::Table, &["seq"])).await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_chain_advance() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; RETURN NEW; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_chain_advance AFTER INSERT ON audit_events \
                     FOR EACH ROW EXECUTE FUNCTION audit_chain_advance()",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_chain_advance AFTER INSERT ON audit_events \
                     BEGIN UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP TRIGGER audit_chain_advance ON audit_events").await?;
                db.execute_unprepared("DROP FUNCTION audit_chain_advance()").await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER audit_chain_advance").await?;
            }
        }
        manager.drop_index(Index::drop().name("idx_audit_seq").table(AuditEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuditCheckpoints::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuditChain::Table).to_owned()).await?;
        for column in [AuditEvents::Hash, AuditEvents::PrevHash, AuditEvents::Seq] {
            manager.alter_table(Table::alter().table(AuditEvents::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

/// Gives every event, in id order, its place and hashes; returns the head: the last event's
/// `seq` and hash (0 and the genesis hash when there is none).
async fn chain_existing(manager: &SchemaManager<'_>) -> Result<(i64, String), DbErr> {
    let db = manager.get_connection();
    let (mut seq, mut prev) = (0_i64, canonical::GENESIS.to_owned());
    let mut after_id = 0_i64;
    loop {
        let select = Query::select()
            .columns([
                AuditEvents::Id,
                AuditEvents::At,
                AuditEvents::ActorId,
                AuditEvents::ActorUnitId,
                AuditEvents::Entity,
                AuditEvents::EntityId,
                AuditEvents::Action,
                AuditEvents::Before,
                AuditEvents::After,
                AuditEvents::Note,
            ])
            .from(AuditEvents::Table)
            .and_where(Expr::col(AuditEvents::Id).gt(after_id))
            .order_by(AuditEvents::Id, Order::Asc)
            .limit(BATCH)
            .to_owned();
        let rows = db.query_all(&select).await?;
        if rows.is_empty() {
            return Ok((seq, prev));
        }
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let at: chrono::DateTime<chrono::Utc> = row.try_get("", "at")?;
            let (entity, action): (String, String) = (row.try_get("", "entity")?, row.try_get("", "action")?);
            let (before, after, note): (Option<String>, Option<String>, Option<String>) =
                (row.try_get("", "before")?, row.try_get("", "after")?, row.try_get("", "note")?);
            seq += 1;
            let content = canonical::Content {
                seq,
                at_micros: at.timestamp_micros(),
                actor_id: row.try_get("", "actor_id")?,
                actor_unit_id: row.try_get("", "actor_unit_id")?,
                entity: &entity,
                entity_id: row.try_get("", "entity_id")?,
                action: &action,
                before: before.as_deref(),
                after: after.as_deref(),
                note: note.as_deref(),
            };
            let hash = canonical::event_hash(&prev, &content);
            let update = Query::update()
                .table(AuditEvents::Table)
                .values([
                    (AuditEvents::Seq, seq.into()),
                    (AuditEvents::PrevHash, prev.clone().into()),
                    (AuditEvents::Hash, hash.clone().into()),
                ])
                .and_where(Expr::col(AuditEvents::Id).eq(id))
                .to_owned();
            db.execute(&update).await?;
            prev = hash;
            after_id = id;
        }
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
    Seq,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChain {
    Table,
    Id,
    Seq,
    Hash,
}

#[derive(DeriveIden)]
enum AuditCheckpoints {
    Table,
    Id,
    Seq,
    Hash,
    At,
}
