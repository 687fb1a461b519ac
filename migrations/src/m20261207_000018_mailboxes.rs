//! The organisations' sending mailboxes (issue 15, sending): one per organisation, its password
//! encrypted (`mailboxes.secret`), where its IMAP polling stands; and every message it sent
//! (`mailbox_sends`), for its daily cap, its warm-up and its hard-bounce rate. A campaign
//! contact now says by which channel its next message goes (`campaign_contacts.channel`):
//! contacts waiting for e-mail sending get `email`.
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
enum Mailboxes {
    Table,
    Id,
    OrganizationId,
    FromName,
    FromAddress,
    Login,
    Secret,
    SmtpHost,
    SmtpPort,
    SmtpSecurity,
    ImapHost,
    ImapPort,
    ImapSecurity,
    DailyCap,
    Status,
    PauseReason,
    FirstSendAt,
    CheckedAt,
    ImapUidValidity,
    ImapLastUid,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampaignContacts {
    Table,
    Channel,
    State,
}

#[derive(DeriveIden)]
enum MailboxSends {
    Table,
    Id,
    MailboxId,
    OrganizationId,
    MessageId,
    Recipient,
    SentAt,
    HardBounce,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Mailboxes::Table)
                .col(id(Mailboxes::Id))
                .col(big_int(Mailboxes::OrganizationId))
                .col(text(Mailboxes::FromName))
                .col(text(Mailboxes::FromAddress))
                .col(text(Mailboxes::Login))
                .col(text(Mailboxes::Secret))
                .col(text(Mailboxes::SmtpHost))
                .col(int(Mailboxes::SmtpPort))
                .col(text(Mailboxes::SmtpSecurity))
                .col(text(Mailboxes::ImapHost))
                .col(int(Mailboxes::ImapPort))
                .col(text(Mailboxes::ImapSecurity))
                .col(int(Mailboxes::DailyCap))
                .col(text(Mailboxes::Status))
                .col(text_null(Mailboxes::PauseReason))
                .col(timestamp_null(Mailboxes::FirstSendAt))
                .col(timestamp(Mailboxes::CheckedAt))
                .col(big_int_null(Mailboxes::ImapUidValidity))
                .col(big_int_null(Mailboxes::ImapLastUid))
                .col(timestamp(Mailboxes::CreatedAt))
                .col(timestamp(Mailboxes::UpdatedAt))
                .foreign_key(&mut cascade(
                    Mailboxes::Table,
                    Mailboxes::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_mailboxes_organization")
                .table(Mailboxes::Table)
                .col(Mailboxes::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MailboxSends::Table)
                .col(id(MailboxSends::Id))
                .col(big_int(MailboxSends::MailboxId))
                .col(big_int(MailboxSends::OrganizationId))
                .col(text(MailboxSends::MessageId))
                .col(text(MailboxSends::Recipient))
                .col(timestamp(MailboxSends::SentAt))
                .col(boolean(MailboxSends::HardBounce))
                .foreign_key(&mut cascade(
                    MailboxSends::Table,
                    MailboxSends::MailboxId,
                    Mailboxes::Table,
                    Mailboxes::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_mailbox_sends_message")
                .table(MailboxSends::Table)
                .col(MailboxSends::MessageId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_mailbox_sends_mailbox_sent")
                .table(MailboxSends::Table)
                .col(MailboxSends::MailboxId)
                .col(MailboxSends::SentAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(CampaignContacts::Table)
                .add_column(ColumnDef::new(CampaignContacts::Channel).text().not_null().default("form"))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table(CampaignContacts::Table)
                .value(CampaignContacts::Channel, "email")
                .and_where(Expr::col(CampaignContacts::State).eq("email"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(CampaignContacts::Table).drop_column(CampaignContacts::Channel).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MailboxSends::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Mailboxes::Table).to_owned()).await
    }
}
