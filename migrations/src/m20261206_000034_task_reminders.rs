//! 催办 from above: each reminder a unit, the secretariat or a leader sends about a task, with
//! its short message, kept as a row. The rows are what the task page, the lists and the
//! exports count ("催办 N 次"); a unique key on (task, sender, day) lets one sender remind a
//! task at most once a day, even when two presses race.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000002_create_users_and_sessions::Users;
use crate::m20261128_000004_create_tasks::Tasks;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TaskReminders::Table)
                    .if_not_exists()
                    .col(big_pk_auto(TaskReminders::Id))
                    .col(big_integer(TaskReminders::TaskId))
                    .col(big_integer(TaskReminders::SenderUserId))
                    .col(big_integer(TaskReminders::SenderUnitId))
                    .col(date(TaskReminders::Day))
                    .col(text(TaskReminders::Message).default(""))
                    .col(timestamp_with_time_zone(TaskReminders::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_reminders_task")
                            .from(TaskReminders::Table, TaskReminders::TaskId)
                            .to(Tasks::Table, Tasks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_reminders_sender")
                            .from(TaskReminders::Table, TaskReminders::SenderUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_task_reminders_task_sender_day")
                    .table(TaskReminders::Table)
                    .col(TaskReminders::TaskId)
                    .col(TaskReminders::SenderUserId)
                    .col(TaskReminders::Day)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TaskReminders::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum TaskReminders {
    Table,
    Id,
    TaskId,
    SenderUserId,
    SenderUnitId,
    Day,
    Message,
    CreatedAt,
}
