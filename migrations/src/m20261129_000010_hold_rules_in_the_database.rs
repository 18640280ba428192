//! Rules that a check in the application cannot hold on its own when several servers write at
//! once (PostgreSQL at READ COMMITTED): at most one lead per directive, at most one pending
//! extension request per task, one number per directive of a meeting. And sign-in throttling as
//! one counter row per key, bumped atomically, in place of a log of failures that parallel
//! guesses all read before any of them was written.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{
    m20261128_000002_create_users_and_sessions::LoginFailures,
    m20261128_000003_create_meetings_and_directives::Directives, m20261128_000004_create_tasks::Tasks,
    m20261128_000006_create_extensions_and_instructions::ExtensionRequests,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A directive's own assignment names one lead; a cancelled lead may be replaced.
        manager.create_index(crate::one_open_lead("ux_tasks_one_lead", false)).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_extensions_one_pending")
                    .table(ExtensionRequests::Table)
                    .col(ExtensionRequests::TaskId)
                    .unique()
                    .and_where(Expr::col(ExtensionRequests::Status).eq("pending"))
                    .to_owned(),
            )
            .await?;
        // Directives are numbered within their meeting, or within their unit when they have none.
        manager
            .create_index(
                Index::create()
                    .name("ux_directives_seq_in_meeting")
                    .table(Directives::Table)
                    .col(Directives::MeetingId)
                    .col(Directives::Seq)
                    .unique()
                    .and_where(Expr::col(Directives::MeetingId).is_not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_directives_seq_in_unit")
                    .table(Directives::Table)
                    .col(Directives::UnitId)
                    .col(Directives::Seq)
                    .unique()
                    .and_where(Expr::col(Directives::MeetingId).is_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInThrottles::Table)
                    .if_not_exists()
                    .col(string_len(SignInThrottles::Key, 200).primary_key())
                    .col(integer(SignInThrottles::Failures))
                    .col(timestamp_with_time_zone(SignInThrottles::NextAttemptAt))
                    .col(timestamp_with_time_zone(SignInThrottles::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(LoginFailures::Table).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .if_not_exists()
                    .col(big_pk_auto(LoginFailures::Id))
                    .col(string_len(LoginFailures::Username, 64))
                    .col(string_len(LoginFailures::Address, 64))
                    .col(timestamp_with_time_zone(LoginFailures::At))
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(SignInThrottles::Table).to_owned()).await?;
        for (name, table) in [
            ("ux_directives_seq_in_unit", Directives::Table.into_iden()),
            ("ux_directives_seq_in_meeting", Directives::Table.into_iden()),
            ("ux_extensions_one_pending", ExtensionRequests::Table.into_iden()),
            ("ux_tasks_one_lead", Tasks::Table.into_iden()),
        ] {
            manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum SignInThrottles {
    Table,
    /// `account:<name>@<address>` or `address:<address>`.
    Key,
    /// Attempts since the last success: each is counted before its password is checked.
    Failures,
    /// No attempt under this key is checked before this instant.
    NextAttemptAt,
    UpdatedAt,
}
