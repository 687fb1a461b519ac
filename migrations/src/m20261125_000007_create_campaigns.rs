//! Outreach campaigns through contact forms (issue 6): the campaign and its targets, its message
//! variants, one contact row per targeted company (its state machine), and the log of every
//! attempt, which the platform-wide 7-day guard and the dashboards read.
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
enum ProspectDatabases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    OrganizationId,
    CreatedBy,
    Name,
    Status,
    PauseReason,
    Sender,
    SendingWindow,
    DailyPace,
    FollowUpDays,
    MaxFollowUps,
    MinSample,
    NextSendAt,
    StartedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampaignDatabases {
    Table,
    Id,
    CampaignId,
    DatabaseId,
}

#[derive(DeriveIden)]
enum CampaignVariants {
    Table,
    Id,
    CampaignId,
    Label,
    Kind,
    Subject,
    Body,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CampaignContacts {
    Table,
    Id,
    CampaignId,
    OrganizationId,
    CompanyId,
    DatabaseRowId,
    VariantId,
    State,
    Step,
    Outcome,
    Detail,
    Transient,
    ContactUrl,
    Screenshot,
    FirstSentAt,
    LastSentAt,
    NextActionAt,
    RepliedAt,
    ReplyPositive,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ContactAttempts {
    Table,
    Id,
    ContactId,
    CampaignId,
    OrganizationId,
    CompanyId,
    VariantId,
    Step,
    Channel,
    State,
    Outcome,
    Detail,
    Charged,
    StartedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Campaigns::Table)
                .col(id(Campaigns::Id))
                .col(big_int(Campaigns::OrganizationId))
                .col(big_int_null(Campaigns::CreatedBy))
                .col(text(Campaigns::Name))
                .col(text(Campaigns::Status))
                .col(text_null(Campaigns::PauseReason))
                .col(long_text(Campaigns::Sender))
                .col(text(Campaigns::SendingWindow))
                .col(int(Campaigns::DailyPace))
                .col(int(Campaigns::FollowUpDays))
                .col(int(Campaigns::MaxFollowUps))
                .col(int(Campaigns::MinSample))
                .col(timestamp_null(Campaigns::NextSendAt))
                .col(timestamp_null(Campaigns::StartedAt))
                .col(timestamp(Campaigns::CreatedAt))
                .col(timestamp(Campaigns::UpdatedAt))
                .foreign_key(&mut cascade(
                    Campaigns::Table,
                    Campaigns::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_campaigns_org").table(Campaigns::Table).col(Campaigns::OrganizationId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CampaignDatabases::Table)
                .col(id(CampaignDatabases::Id))
                .col(big_int(CampaignDatabases::CampaignId))
                .col(big_int(CampaignDatabases::DatabaseId))
                .foreign_key(&mut cascade(
                    CampaignDatabases::Table,
                    CampaignDatabases::CampaignId,
                    Campaigns::Table,
                    Campaigns::Id,
                ))
                .foreign_key(&mut cascade(
                    CampaignDatabases::Table,
                    CampaignDatabases::DatabaseId,
                    ProspectDatabases::Table,
                    ProspectDatabases::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_campaign_databases")
                .table(CampaignDatabases::Table)
                .col(CampaignDatabases::CampaignId)
                .col(CampaignDatabases::DatabaseId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CampaignVariants::Table)
                .col(id(CampaignVariants::Id))
                .col(big_int(CampaignVariants::CampaignId))
                .col(text(CampaignVariants::Label))
                .col(text(CampaignVariants::Kind))
                .col(text(CampaignVariants::Subject))
                .col(long_text(CampaignVariants::Body))
                .col(boolean(CampaignVariants::Active))
                .col(timestamp(CampaignVariants::CreatedAt))
                .foreign_key(&mut cascade(
                    CampaignVariants::Table,
                    CampaignVariants::CampaignId,
                    Campaigns::Table,
                    Campaigns::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_campaign_variants_campaign")
                .table(CampaignVariants::Table)
                .col(CampaignVariants::CampaignId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CampaignContacts::Table)
                .col(id(CampaignContacts::Id))
                .col(big_int(CampaignContacts::CampaignId))
                .col(big_int(CampaignContacts::OrganizationId))
                .col(big_int(CampaignContacts::CompanyId))
                .col(big_int(CampaignContacts::DatabaseRowId))
                .col(big_int_null(CampaignContacts::VariantId))
                .col(text(CampaignContacts::State))
                .col(int(CampaignContacts::Step))
                .col(text_null(CampaignContacts::Outcome))
                .col(ColumnDef::new(CampaignContacts::Detail).text().null())
                .col(int(CampaignContacts::Transient))
                .col(ColumnDef::new(CampaignContacts::ContactUrl).text().null())
                .col(ColumnDef::new(CampaignContacts::Screenshot).text().null())
                .col(timestamp_null(CampaignContacts::FirstSentAt))
                .col(timestamp_null(CampaignContacts::LastSentAt))
                .col(timestamp_null(CampaignContacts::NextActionAt))
                .col(timestamp_null(CampaignContacts::RepliedAt))
                .col(boolean(CampaignContacts::ReplyPositive))
                .col(timestamp(CampaignContacts::CreatedAt))
                .col(timestamp(CampaignContacts::UpdatedAt))
                .foreign_key(&mut cascade(
                    CampaignContacts::Table,
                    CampaignContacts::CampaignId,
                    Campaigns::Table,
                    Campaigns::Id,
                ))
                .to_owned(),
        )
        .await?;
        // A company is contacted once per campaign, whatever its databases and the retries.
        m.create_index(
            Index::create()
                .name("ux_campaign_contacts")
                .table(CampaignContacts::Table)
                .col(CampaignContacts::CampaignId)
                .col(CampaignContacts::CompanyId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_campaign_contacts_state")
                .table(CampaignContacts::Table)
                .col(CampaignContacts::CampaignId)
                .col(CampaignContacts::State)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_campaign_contacts_company")
                .table(CampaignContacts::Table)
                .col(CampaignContacts::CompanyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ContactAttempts::Table)
                .col(id(ContactAttempts::Id))
                .col(big_int(ContactAttempts::ContactId))
                .col(big_int(ContactAttempts::CampaignId))
                .col(big_int(ContactAttempts::OrganizationId))
                .col(big_int(ContactAttempts::CompanyId))
                .col(big_int_null(ContactAttempts::VariantId))
                .col(int(ContactAttempts::Step))
                .col(text(ContactAttempts::Channel))
                .col(text(ContactAttempts::State))
                .col(text_null(ContactAttempts::Outcome))
                .col(ColumnDef::new(ContactAttempts::Detail).text().null())
                .col(boolean(ContactAttempts::Charged))
                .col(timestamp(ContactAttempts::StartedAt))
                .col(timestamp_null(ContactAttempts::FinishedAt))
                .foreign_key(&mut cascade(
                    ContactAttempts::Table,
                    ContactAttempts::ContactId,
                    CampaignContacts::Table,
                    CampaignContacts::Id,
                ))
                .to_owned(),
        )
        .await?;
        // The 7-day platform guard reads by company and date, across every organisation.
        m.create_index(
            Index::create()
                .name("ix_contact_attempts_company")
                .table(ContactAttempts::Table)
                .col(ContactAttempts::CompanyId)
                .col(ContactAttempts::StartedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_contact_attempts_campaign")
                .table(ContactAttempts::Table)
                .col(ContactAttempts::CampaignId)
                .col(ContactAttempts::StartedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ContactAttempts::Table.into_iden(),
            CampaignContacts::Table.into_iden(),
            CampaignVariants::Table.into_iden(),
            CampaignDatabases::Table.into_iden(),
            Campaigns::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
