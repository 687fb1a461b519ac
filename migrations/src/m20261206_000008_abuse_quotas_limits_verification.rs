//! Abuse and money (issue 12, item 4):
//! - the credit ledger gets a `unit`: a plan carries separate quotas (prospects unlocked,
//!   companies contacted…), each line counts against one of them. Existing lines were all spent
//!   or granted as the one "credit" a client saw, so they stay `prospects` (the balance a client
//!   saw is unchanged) and every existing organisation receives the trial's contacts;
//! - `rate_counters`: fixed-window counters shared by every process (sign-ups per IP,
//!   invitations per organisation, reset requests per address, previews and generations per
//!   organisation, login failures per account and IP), one atomic upsert per hit;
//! - e-mail verification: `users.email_verified_at` and single-use `email_verifications` links
//!   (hash only). Existing users signed up before verification existed: they count as verified.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CreditLedger {
    Table,
    Unit,
}

#[derive(DeriveIden)]
enum RateCounters {
    Table,
    Bucket,
    Hits,
    ResetsAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    EmailVerifiedAt,
}

#[derive(DeriveIden)]
enum EmailVerifications {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

/// The trial's contacts, as `prospecta_server::prospecting::credits::TRIAL` grants them today.
const TRIAL_CONTACTS: i64 = 50;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CreditLedger::Table)
                .add_column(ColumnDef::new(CreditLedger::Unit).string().not_null().default("prospects"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO credit_ledger (organization_id, unit, delta, reason, actor_user_id, created_at) \
                 SELECT id, 'contacts', {TRIAL_CONTACTS}, 'Contacts d''essai', NULL, created_at FROM organizations"
            ))
            .await?;
        m.create_index(
            Index::create()
                .name("ix_credit_ledger_org_unit")
                .table(CreditLedger::Table)
                .col(Alias::new("organization_id"))
                .col(CreditLedger::Unit)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RateCounters::Table)
                .col(ColumnDef::new(RateCounters::Bucket).string().not_null().primary_key())
                .col(big_int(RateCounters::Hits))
                // Unix seconds: compared in SQL on both backends without date functions.
                .col(big_int(RateCounters::ResetsAt))
                .to_owned(),
        )
        .await?;

        m.alter_table(Table::alter().table(Users::Table).add_column(timestamp_null(Users::EmailVerifiedAt)).to_owned())
            .await?;
        m.get_connection().execute_unprepared("UPDATE users SET email_verified_at = created_at").await?;
        m.create_table(
            Table::create()
                .table(EmailVerifications::Table)
                .col(id(EmailVerifications::Id))
                .col(big_int(EmailVerifications::UserId))
                .col(text(EmailVerifications::TokenHash))
                .col(timestamp(EmailVerifications::CreatedAt))
                .col(timestamp(EmailVerifications::ExpiresAt))
                .col(timestamp_null(EmailVerifications::UsedAt))
                .foreign_key(&mut cascade(
                    EmailVerifications::Table,
                    EmailVerifications::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_email_verifications_token")
                .table(EmailVerifications::Table)
                .col(EmailVerifications::TokenHash)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EmailVerifications::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::EmailVerifiedAt).to_owned()).await?;
        m.drop_table(Table::drop().table(RateCounters::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_credit_ledger_org_unit").table(CreditLedger::Table).to_owned()).await?;
        m.get_connection().execute_unprepared("DELETE FROM credit_ledger WHERE unit <> 'prospects'").await?;
        m.alter_table(Table::alter().table(CreditLedger::Table).drop_column(CreditLedger::Unit).to_owned()).await
    }
}
