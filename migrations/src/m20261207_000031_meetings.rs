//! Meetings (RDV-1, RDV-2): the organisation's calendar (CalDAV or an ICS feed, its password
//! sealed like a mailbox's, and the hours it takes meetings in), the calendar's busy times as
//! last read (what "Rendez-vous" shows and slots avoid), and the meetings booked with their
//! outcome. At most one booked meeting starts at a given time in one organisation.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Calendars {
    Table,
    Id,
    OrganizationId,
    Kind,
    Url,
    Username,
    PasswordSealed,
    Availability,
    LastError,
    SyncedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CalendarBusy {
    Table,
    Id,
    OrganizationId,
    Uid,
    Summary,
    StartsAt,
    EndsAt,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    OrganizationId,
    ConversationId,
    ProspectName,
    ProspectEmail,
    StartsAt,
    EndsAt,
    Uid,
    Status,
    InCalendar,
    Attendance,
    Deal,
    AmountCents,
    MarkedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Calendars::Table)
                .col(id(Calendars::Id))
                .col(big_int(Calendars::OrganizationId))
                .col(text(Calendars::Kind))
                .col(long_text(Calendars::Url))
                .col(text_null(Calendars::Username))
                .col(text_null(Calendars::PasswordSealed))
                // JSON of `Availability`.
                .col(long_text(Calendars::Availability))
                .col(text_null(Calendars::LastError))
                .col(timestamp_null(Calendars::SyncedAt))
                .col(timestamp(Calendars::CreatedAt))
                .col(timestamp(Calendars::UpdatedAt))
                .foreign_key(&mut cascade(
                    Calendars::Table,
                    Calendars::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_calendars_organization")
                .table(Calendars::Table)
                .col(Calendars::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CalendarBusy::Table)
                .col(id(CalendarBusy::Id))
                .col(big_int(CalendarBusy::OrganizationId))
                .col(text(CalendarBusy::Uid))
                .col(text(CalendarBusy::Summary))
                .col(timestamp(CalendarBusy::StartsAt))
                .col(timestamp(CalendarBusy::EndsAt))
                .foreign_key(&mut cascade(
                    CalendarBusy::Table,
                    CalendarBusy::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_calendar_busy_org_start")
                .table(CalendarBusy::Table)
                .col(CalendarBusy::OrganizationId)
                .col(CalendarBusy::StartsAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Meetings::Table)
                .col(id(Meetings::Id))
                .col(big_int(Meetings::OrganizationId))
                .col(big_int_null(Meetings::ConversationId))
                .col(text(Meetings::ProspectName))
                .col(text(Meetings::ProspectEmail))
                .col(timestamp(Meetings::StartsAt))
                .col(timestamp(Meetings::EndsAt))
                .col(text(Meetings::Uid))
                .col(text(Meetings::Status))
                .col(boolean(Meetings::InCalendar))
                .col(text_null(Meetings::Attendance))
                .col(text_null(Meetings::Deal))
                .col(big_int_null(Meetings::AmountCents))
                .col(timestamp_null(Meetings::MarkedAt))
                .col(timestamp(Meetings::CreatedAt))
                .col(timestamp(Meetings::UpdatedAt))
                .foreign_key(&mut cascade(
                    Meetings::Table,
                    Meetings::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ux_meetings_uid").table(Meetings::Table).col(Meetings::Uid).unique().to_owned(),
        )
        .await?;
        // No double booking: one booked meeting per start time and organisation (both backends
        // know partial indexes).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_meetings_booked_start ON meetings (organization_id, starts_at) WHERE status = 'booked'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Meetings::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(CalendarBusy::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Calendars::Table).to_owned()).await
    }
}
