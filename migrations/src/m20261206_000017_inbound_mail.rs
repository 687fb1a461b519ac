//! Inbound mail received (issue 15): every message a provider pushed to the inbound webhook,
//! read (`inbound_messages`, one row per message: a second delivery of the same one is
//! recognised by `dedupe_key`), and the addresses no message may be sent to any more
//! (`mail_suppressions`: a hard bounce).
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InboundMessages {
    Table,
    Id,
    DedupeKey,
    MessageId,
    Kind,
    FromAddress,
    InReplyTo,
    Subject,
    NewText,
    BounceHard,
    BounceRecipient,
    BounceStatus,
    OptOut,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum MailSuppressions {
    Table,
    Id,
    Address,
    Reason,
    InboundMessageId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InboundMessages::Table)
                .col(id(InboundMessages::Id))
                .col(text(InboundMessages::DedupeKey))
                .col(text_null(InboundMessages::MessageId))
                .col(text(InboundMessages::Kind))
                .col(text_null(InboundMessages::FromAddress))
                .col(text_null(InboundMessages::InReplyTo))
                .col(text(InboundMessages::Subject))
                .col(long_text(InboundMessages::NewText))
                .col(ColumnDef::new(InboundMessages::BounceHard).boolean().null())
                .col(text_null(InboundMessages::BounceRecipient))
                .col(text_null(InboundMessages::BounceStatus))
                .col(boolean(InboundMessages::OptOut))
                .col(timestamp(InboundMessages::ReceivedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_inbound_messages_dedupe")
                .table(InboundMessages::Table)
                .col(InboundMessages::DedupeKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MailSuppressions::Table)
                .col(id(MailSuppressions::Id))
                .col(text(MailSuppressions::Address))
                .col(text(MailSuppressions::Reason))
                .col(big_int_null(MailSuppressions::InboundMessageId))
                .col(timestamp(MailSuppressions::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_mail_suppressions_address")
                .table(MailSuppressions::Table)
                .col(MailSuppressions::Address)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MailSuppressions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(InboundMessages::Table).to_owned()).await
    }
}
