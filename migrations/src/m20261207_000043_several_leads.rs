//! A directive given to many units, each as lead of its own task ("各市各自牵头"): the one-lead
//! rule of a directive becomes one lead task per unit, and a cooperating task may name the lead
//! task it works with (none: it cooperates with the directive as a whole).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000004_create_tasks::Tasks;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_tasks_one_lead").table(Tasks::Table).to_owned()).await?;
        // Two assignments naming the same lead at once: the second is refused, whatever the
        // application read before.
        manager.create_index(crate::one_open_lead("ux_tasks_one_lead_per_unit", true)).await?;
        manager
            .alter_table(
                Table::alter().table(Tasks::Table).add_column(big_integer_null(SeveralLeads::LeadTaskId)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Tasks::Table).drop_column(SeveralLeads::LeadTaskId).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("ux_tasks_one_lead_per_unit").table(Tasks::Table).to_owned()).await?;
        manager.create_index(crate::one_open_lead("ux_tasks_one_lead", false)).await
    }
}

#[derive(DeriveIden)]
pub enum SeveralLeads {
    /// On `tasks`: the lead task a cooperating task works with.
    LeadTaskId,
}
