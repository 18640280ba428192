//! The append-only audit trail, each event a link of the hash chain (`domain::audit`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor_unit_id: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    #[sea_orm(column_type = "Text")]
    pub before: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub after: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    /// The event's place in the chain: 1, 2, 3, … with no gap.
    pub seq: i64,
    /// The hash of the event at `seq - 1` (the genesis hash for the first).
    pub prev_hash: String,
    /// SHA-256 of this event's canonical content, `prev_hash` included.
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
