//! Agent messages join the ledger's quotas: the organisations already on their trial get the
//! trial's agent replies (dated like their trial contacts), and each payment remembers the
//! offer it was for, so a payment history and a period statement name the plan of the time
//! rather than the subscription's current one.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    PlanName,
    PlanQuotas,
}

/// `credits::TRIAL`'s agent replies when this migration was written.
const TRIAL_AGENT_MESSAGES: i64 = 20;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO credit_ledger (organization_id, unit, delta, reason, actor_user_id, cause, created_at) \
                 SELECT organization_id, 'agent_messages', {TRIAL_AGENT_MESSAGES}, 'Réponses de l''agent d''essai', NULL, \
                        'trial:agent_messages:' || organization_id, MIN(created_at) \
                 FROM credit_ledger WHERE reason = 'Contacts d''essai' GROUP BY organization_id"
            ))
            .await?;
        m.alter_table(
            Table::alter()
                .table(Payments::Table)
                .add_column(ColumnDef::new(Payments::PlanName).text().null())
                .to_owned(),
        )
        .await?;
        // JSON of the plan's quotas (`PlanQuotas`) when the payment was asked.
        m.alter_table(
            Table::alter()
                .table(Payments::Table)
                .add_column(ColumnDef::new(Payments::PlanQuotas).text().null())
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE payments SET plan_name = (SELECT plan_name FROM subscriptions WHERE subscriptions.id = payments.subscription_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Payments::Table).drop_column(Payments::PlanQuotas).to_owned()).await?;
        m.alter_table(Table::alter().table(Payments::Table).drop_column(Payments::PlanName).to_owned()).await?;
        m.get_connection()
            .execute_unprepared("DELETE FROM credit_ledger WHERE cause LIKE 'trial:agent_messages:%'")
            .await?;
        Ok(())
    }
}
