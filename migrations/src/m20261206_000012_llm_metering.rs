//! The `llm` capability's metering: each exchange's estimated cost (`llm_usage.cost_micro_eur`,
//! micro-euros from the price table at the time of the call; NULL for the calls metered before
//! prices were) and the monthly token cap the agency sets per organisation (`llm_budgets`; an
//! organisation without a row has the server's default).
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
enum LlmUsage {
    Table,
    CostMicroEur,
}

#[derive(DeriveIden)]
enum LlmBudgets {
    Table,
    Id,
    OrganizationId,
    MonthlyTokens,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(LlmUsage::Table).add_column(big_int_null(LlmUsage::CostMicroEur)).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LlmBudgets::Table)
                .col(id(LlmBudgets::Id))
                .col(big_int(LlmBudgets::OrganizationId))
                .col(big_int(LlmBudgets::MonthlyTokens))
                .col(timestamp(LlmBudgets::UpdatedAt))
                .foreign_key(&mut cascade(
                    LlmBudgets::Table,
                    LlmBudgets::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_llm_budgets_org")
                .table(LlmBudgets::Table)
                .col(LlmBudgets::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LlmBudgets::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(LlmUsage::Table).drop_column(LlmUsage::CostMicroEur).to_owned()).await
    }
}
