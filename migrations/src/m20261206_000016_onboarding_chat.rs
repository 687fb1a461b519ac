//! The onboarding chat (ONB-3, the chat way): its messages, one conversation per organisation
//! (`onboarding_chat_messages`), kept so the chat reopens where it stopped.
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
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OnboardingChatMessages {
    Table,
    Id,
    OrganizationId,
    Author,
    UserId,
    Body,
    Asks,
    Filled,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OnboardingChatMessages::Table)
                .col(id(OnboardingChatMessages::Id))
                .col(big_int(OnboardingChatMessages::OrganizationId))
                .col(text(OnboardingChatMessages::Author))
                .col(big_int_null(OnboardingChatMessages::UserId))
                .col(long_text(OnboardingChatMessages::Body))
                .col(text_null(OnboardingChatMessages::Asks))
                .col(ColumnDef::new(OnboardingChatMessages::Filled).string().not_null().default(""))
                .col(timestamp(OnboardingChatMessages::CreatedAt))
                .foreign_key(&mut cascade(
                    OnboardingChatMessages::Table,
                    OnboardingChatMessages::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                // A person who leaves takes their name off their messages, not the messages.
                .foreign_key(
                    ForeignKey::create()
                        .from(OnboardingChatMessages::Table, OnboardingChatMessages::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_onboarding_chat_messages_org")
                .table(OnboardingChatMessages::Table)
                .col(OnboardingChatMessages::OrganizationId)
                .col(OnboardingChatMessages::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OnboardingChatMessages::Table).to_owned()).await
    }
}
