//! Conversations (AGENT-2): one per prospect contacted by a campaign and answering
//! (`conversations`: its stage, score and tags), and every message of it in either direction
//! (`conversation_messages`: who wrote it, its text, its tags, and for the agent's its reasoning,
//! its tokens and the prompt version used; a draft, sent or set aside). An inbound message is
//! filed once (`dedupe_key`). What the client answered to the agent's questions is its knowledge
//! base (`knowledge_entries`, AGENT-6); what the client corrects of the agent becomes a versioned
//! instruction of the offer (`agent_corrections`, AGENT-5).
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
enum Conversations {
    Table,
    Id,
    OrganizationId,
    CampaignId,
    ContactId,
    CompanyId,
    OfferId,
    ProspectAddress,
    ProspectName,
    Subject,
    Stage,
    Score,
    Tags,
    AgentMessages,
    Question,
    Debrief,
    LastMessageAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConversationMessages {
    Table,
    Id,
    ConversationId,
    OrganizationId,
    Author,
    DedupeKey,
    MessageId,
    Subject,
    Body,
    Tags,
    Reasoning,
    Tokens,
    PromptVersion,
    Status,
    SentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum KnowledgeEntries {
    Table,
    Id,
    OrganizationId,
    OfferId,
    Question,
    Answer,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AgentCorrections {
    Table,
    Id,
    OrganizationId,
    OfferId,
    Version,
    Instruction,
    MessageId,
    AuthorId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Conversations::Table)
                .col(id(Conversations::Id))
                .col(big_int(Conversations::OrganizationId))
                .col(big_int_null(Conversations::CampaignId))
                .col(big_int_null(Conversations::ContactId))
                .col(big_int_null(Conversations::CompanyId))
                .col(big_int_null(Conversations::OfferId))
                .col(text(Conversations::ProspectAddress))
                .col(text(Conversations::ProspectName))
                .col(text(Conversations::Subject))
                .col(text(Conversations::Stage))
                .col(ColumnDef::new(Conversations::Score).integer().null())
                .col(ColumnDef::new(Conversations::Tags).text().not_null().default("[]"))
                .col(ColumnDef::new(Conversations::AgentMessages).integer().not_null().default(0))
                .col(ColumnDef::new(Conversations::Question).text().null())
                .col(ColumnDef::new(Conversations::Debrief).text().null())
                .col(timestamp(Conversations::LastMessageAt))
                .col(timestamp(Conversations::CreatedAt))
                .col(timestamp(Conversations::UpdatedAt))
                .foreign_key(&mut cascade(
                    Conversations::Table,
                    Conversations::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_conversations_contact")
                .table(Conversations::Table)
                .col(Conversations::ContactId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_conversations_org_stage")
                .table(Conversations::Table)
                .col(Conversations::OrganizationId)
                .col(Conversations::Stage)
                .col(Conversations::LastMessageAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ConversationMessages::Table)
                .col(id(ConversationMessages::Id))
                .col(big_int(ConversationMessages::ConversationId))
                .col(big_int(ConversationMessages::OrganizationId))
                .col(text(ConversationMessages::Author))
                .col(text_null(ConversationMessages::DedupeKey))
                .col(text_null(ConversationMessages::MessageId))
                .col(text(ConversationMessages::Subject))
                .col(long_text(ConversationMessages::Body))
                .col(ColumnDef::new(ConversationMessages::Tags).text().not_null().default("[]"))
                .col(ColumnDef::new(ConversationMessages::Reasoning).text().null())
                .col(ColumnDef::new(ConversationMessages::Tokens).integer().not_null().default(0))
                .col(ColumnDef::new(ConversationMessages::PromptVersion).integer().null())
                .col(ColumnDef::new(ConversationMessages::Status).text().not_null().default("received"))
                .col(timestamp_null(ConversationMessages::SentAt))
                .col(timestamp(ConversationMessages::CreatedAt))
                .foreign_key(&mut cascade(
                    ConversationMessages::Table,
                    ConversationMessages::ConversationId,
                    Conversations::Table,
                    Conversations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_conversation_messages_dedupe")
                .table(ConversationMessages::Table)
                .col(ConversationMessages::DedupeKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(KnowledgeEntries::Table)
                .col(id(KnowledgeEntries::Id))
                .col(big_int(KnowledgeEntries::OrganizationId))
                .col(big_int_null(KnowledgeEntries::OfferId))
                .col(text(KnowledgeEntries::Question))
                .col(long_text(KnowledgeEntries::Answer))
                .col(timestamp(KnowledgeEntries::CreatedAt))
                .foreign_key(&mut cascade(
                    KnowledgeEntries::Table,
                    KnowledgeEntries::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AgentCorrections::Table)
                .col(id(AgentCorrections::Id))
                .col(big_int(AgentCorrections::OrganizationId))
                .col(big_int_null(AgentCorrections::OfferId))
                .col(int(AgentCorrections::Version))
                .col(long_text(AgentCorrections::Instruction))
                .col(big_int_null(AgentCorrections::MessageId))
                .col(big_int_null(AgentCorrections::AuthorId))
                .col(timestamp(AgentCorrections::CreatedAt))
                .foreign_key(&mut cascade(
                    AgentCorrections::Table,
                    AgentCorrections::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AgentCorrections::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(KnowledgeEntries::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ConversationMessages::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Conversations::Table).to_owned()).await
    }
}
