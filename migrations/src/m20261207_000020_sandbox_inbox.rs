//! Sandbox mode's mail (issue 15, sandbox): the messages of the simulated mail server's
//! mailboxes (`sandbox_inbox_messages`), served over IMAP to the product's real polling; the row
//! id is the message's UID.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SandboxInboxMessages {
    Table,
    Id,
    Address,
    Raw,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SandboxInboxMessages::Table)
                .col(id(SandboxInboxMessages::Id))
                .col(text(SandboxInboxMessages::Address))
                .col(long_text(SandboxInboxMessages::Raw))
                .col(timestamp(SandboxInboxMessages::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sandbox_inbox_address")
                .table(SandboxInboxMessages::Table)
                .col(SandboxInboxMessages::Address)
                .col(SandboxInboxMessages::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SandboxInboxMessages::Table).to_owned()).await
    }
}
