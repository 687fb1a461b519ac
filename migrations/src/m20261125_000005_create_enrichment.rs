//! Enrichment: the outcome of enriching each shared company (`company_enrichments`, what the
//! outreach engine reads: contact page, form), how each fact was obtained (`company_facts.method`)
//! and the LLM tokens spent, per company and per organisation (`llm_usage`).
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CompanyFacts {
    Table,
    Method,
}

#[derive(DeriveIden)]
enum CompanyEnrichments {
    Table,
    Id,
    CompanyId,
    Status,
    Detail,
    Website,
    WebsiteMethod,
    WebsiteConfidence,
    Email,
    EmailConfidence,
    ContactPage,
    HasForm,
    PagesRead,
    TokensIn,
    TokensOut,
    EnrichedAt,
}

#[derive(DeriveIden)]
enum LlmUsage {
    Table,
    Id,
    OrganizationId,
    CompanyId,
    Purpose,
    Model,
    TokensIn,
    TokensOut,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(CompanyFacts::Table).add_column(text_null(CompanyFacts::Method)).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(CompanyEnrichments::Table)
                .col(id(CompanyEnrichments::Id))
                .col(big_int(CompanyEnrichments::CompanyId))
                .col(text(CompanyEnrichments::Status))
                .col(text_null(CompanyEnrichments::Detail))
                .col(text_null(CompanyEnrichments::Website))
                .col(text_null(CompanyEnrichments::WebsiteMethod))
                .col(ColumnDef::new(CompanyEnrichments::WebsiteConfidence).integer().null())
                .col(text_null(CompanyEnrichments::Email))
                .col(ColumnDef::new(CompanyEnrichments::EmailConfidence).integer().null())
                .col(text_null(CompanyEnrichments::ContactPage))
                .col(boolean(CompanyEnrichments::HasForm))
                .col(int(CompanyEnrichments::PagesRead))
                .col(big_int(CompanyEnrichments::TokensIn))
                .col(big_int(CompanyEnrichments::TokensOut))
                .col(timestamp(CompanyEnrichments::EnrichedAt))
                .foreign_key(&mut cascade(
                    CompanyEnrichments::Table,
                    CompanyEnrichments::CompanyId,
                    Companies::Table,
                    Companies::Id,
                ))
                .to_owned(),
        )
        .await?;
        // One outcome per company: concurrent enrichments of one company upsert on it.
        m.create_index(
            Index::create()
                .name("ux_company_enrichments_company")
                .table(CompanyEnrichments::Table)
                .col(CompanyEnrichments::CompanyId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LlmUsage::Table)
                .col(id(LlmUsage::Id))
                .col(big_int_null(LlmUsage::OrganizationId))
                .col(big_int_null(LlmUsage::CompanyId))
                .col(text(LlmUsage::Purpose))
                .col(text(LlmUsage::Model))
                .col(big_int(LlmUsage::TokensIn))
                .col(big_int(LlmUsage::TokensOut))
                .col(timestamp(LlmUsage::CreatedAt))
                .foreign_key(&mut cascade(
                    LlmUsage::Table,
                    LlmUsage::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_llm_usage_org")
                .table(LlmUsage::Table)
                .col(LlmUsage::OrganizationId)
                .col(LlmUsage::CreatedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LlmUsage::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(CompanyEnrichments::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(CompanyFacts::Table).drop_column(CompanyFacts::Method).to_owned()).await
    }
}
