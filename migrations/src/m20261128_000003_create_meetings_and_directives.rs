//! Where work comes from: meetings and the directives they decide.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{index, m20261128_000001_create_units::Units, m20261128_000002_create_users_and_sessions::Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Meetings::Id))
                    .col(big_integer(Meetings::UnitId))
                    .col(string(Meetings::TitleZh))
                    .col(string(Meetings::TitleEn))
                    .col(date(Meetings::HeldOn))
                    .col(string(Meetings::Host))
                    .col(string(Meetings::Venue))
                    .col(text(Meetings::Attendees))
                    .col(text(Meetings::Minutes))
                    .col(big_integer_null(Meetings::CreatedBy))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_unit")
                            .from(Meetings::Table, Meetings::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_created_by")
                            .from(Meetings::Table, Meetings::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_meetings_unit", Meetings::Table, &["unit_id", "held_on"])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Directives::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Directives::Id))
                    .col(big_integer_null(Directives::MeetingId))
                    .col(big_integer(Directives::UnitId))
                    .col(integer(Directives::Seq))
                    .col(string(Directives::TitleZh))
                    .col(string(Directives::TitleEn))
                    .col(text(Directives::Body))
                    .col(string_len(Directives::Category, 32))
                    .col(string_len(Directives::Priority, 16))
                    .col(timestamp_with_time_zone(Directives::Deadline))
                    .col(string_len(Directives::Status, 16))
                    // A drafted directive keeps what the minutes named and whom Duban suggested,
                    // as JSON, until the secretariat confirms the units it really assigns.
                    .col(text(Directives::Places))
                    .col(text(Directives::Industries))
                    .col(text(Directives::SuggestedUnits))
                    .col(string_len(Directives::Source, 16))
                    .col(big_integer_null(Directives::CreatedBy))
                    .col(timestamp_with_time_zone(Directives::CreatedAt))
                    .col(timestamp_with_time_zone_null(Directives::IssuedAt))
                    .col(integer(Directives::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_meeting")
                            .from(Directives::Table, Directives::MeetingId)
                            .to(Meetings::Table, Meetings::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_unit")
                            .from(Directives::Table, Directives::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_directives_created_by")
                            .from(Directives::Table, Directives::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_directives_meeting", Directives::Table, &["meeting_id", "seq"])).await?;
        manager.create_index(index("idx_directives_unit", Directives::Table, &["unit_id", "status"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Directives::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Meetings::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    UnitId,
    TitleZh,
    TitleEn,
    HeldOn,
    Host,
    Venue,
    Attendees,
    Minutes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Directives {
    Table,
    Id,
    MeetingId,
    UnitId,
    Seq,
    TitleZh,
    TitleEn,
    Body,
    Category,
    Priority,
    Deadline,
    Status,
    Places,
    Industries,
    SuggestedUnits,
    Source,
    CreatedBy,
    CreatedAt,
    IssuedAt,
    Version,
}
