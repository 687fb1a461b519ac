//! Billing (SUB-1 … SUB-7): the plans (three public tiers seeded here, custom plans of one
//! organisation), the slider's price bands, each organisation's billing account (its customer
//! at the payment provider, the offer picked before signing up), subscriptions (with a copy of
//! what was sold: price and quotas stay as bought when the plan is edited later), and payments
//! (one row per charge, keyed by the provider's id). The credit ledger gains `cause`, a unique
//! key per grant, so that a payment's credits are granted once however often it is processed.
//! `sandbox_mollie` holds the objects of the sandbox's simulated Mollie.
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
enum Plans {
    Table,
    Id,
    Code,
    Name,
    Pitch,
    MonthlyPriceCents,
    Prospects,
    Contacts,
    AgentMessages,
    LlmTokens,
    Highlighted,
    OrganizationId,
    Position,
    Archived,
}

#[derive(DeriveIden)]
enum PriceBands {
    Table,
    Id,
    FromContacts,
    CentsPerContact,
}

#[derive(DeriveIden)]
enum BillingAccounts {
    Table,
    Id,
    OrganizationId,
    ProviderCustomerId,
    Choice,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    Id,
    OrganizationId,
    PlanId,
    PlanName,
    Volume,
    MonthlyPriceCents,
    Prospects,
    Contacts,
    AgentMessages,
    LlmTokens,
    Status,
    ProviderMandateId,
    ProviderSubscriptionId,
    PeriodStart,
    PeriodEnd,
    CancelAtPeriodEnd,
    GraceUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    OrganizationId,
    SubscriptionId,
    ProviderPaymentId,
    Kind,
    AmountCents,
    Currency,
    Status,
    PeriodStart,
    PeriodEnd,
    CheckoutUrl,
    Anomaly,
    AppliedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CreditLedger {
    Table,
    Cause,
}

#[derive(DeriveIden)]
enum SandboxMollie {
    Table,
    Id,
    Kind,
    Body,
    CreatedAt,
}

/// The public tiers, as the landing page showed them before they became data.
const TIERS: [(&str, &str, &str, i64, i64, i64, bool); 3] = [
    ("essentiel", "Essentiel", "Pour lancer un premier canal de prospection sur une cible.", 14_900, 150, 300, false),
    (
        "croissance",
        "Croissance",
        "Pour remplir l'agenda d'une équipe commerciale, semaine après semaine.",
        29_900,
        400,
        800,
        true,
    ),
    (
        "performance",
        "Performance",
        "Pour couvrir plusieurs zones ou plusieurs offres à grande échelle.",
        59_900,
        1_000,
        2_000,
        false,
    ),
];

/// The slider's bands: (from this many contacts a month, cents per further contact).
const BANDS: [(i64, i64); 6] = [(50, 99), (200, 69), (500, 55), (1_000, 45), (3_000, 38), (6_000, 32)];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Plans::Table)
                .col(id(Plans::Id))
                .col(text(Plans::Code))
                .col(text(Plans::Name))
                .col(long_text(Plans::Pitch))
                .col(big_int(Plans::MonthlyPriceCents))
                .col(big_int(Plans::Prospects))
                .col(big_int(Plans::Contacts))
                .col(big_int(Plans::AgentMessages))
                .col(big_int(Plans::LlmTokens))
                .col(boolean(Plans::Highlighted))
                .col(big_int_null(Plans::OrganizationId))
                .col(ColumnDef::new(Plans::Position).integer().not_null().default(0))
                .col(boolean(Plans::Archived))
                .foreign_key(&mut cascade(Plans::Table, Plans::OrganizationId, Organizations::Table, Organizations::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ux_plans_code").table(Plans::Table).col(Plans::Code).unique().to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(PriceBands::Table)
                .col(id(PriceBands::Id))
                .col(big_int(PriceBands::FromContacts))
                .col(big_int(PriceBands::CentsPerContact))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BillingAccounts::Table)
                .col(id(BillingAccounts::Id))
                .col(big_int(BillingAccounts::OrganizationId))
                .col(text_null(BillingAccounts::ProviderCustomerId))
                .col(text_null(BillingAccounts::Choice))
                .col(timestamp(BillingAccounts::UpdatedAt))
                .foreign_key(&mut cascade(
                    BillingAccounts::Table,
                    BillingAccounts::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_billing_accounts_org")
                .table(BillingAccounts::Table)
                .col(BillingAccounts::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Subscriptions::Table)
                .col(id(Subscriptions::Id))
                .col(big_int(Subscriptions::OrganizationId))
                .col(big_int_null(Subscriptions::PlanId))
                .col(text(Subscriptions::PlanName))
                .col(big_int_null(Subscriptions::Volume))
                .col(big_int(Subscriptions::MonthlyPriceCents))
                .col(big_int(Subscriptions::Prospects))
                .col(big_int(Subscriptions::Contacts))
                .col(big_int(Subscriptions::AgentMessages))
                .col(big_int(Subscriptions::LlmTokens))
                .col(text(Subscriptions::Status))
                .col(text_null(Subscriptions::ProviderMandateId))
                .col(text_null(Subscriptions::ProviderSubscriptionId))
                .col(timestamp_null(Subscriptions::PeriodStart))
                .col(timestamp_null(Subscriptions::PeriodEnd))
                .col(boolean(Subscriptions::CancelAtPeriodEnd))
                .col(timestamp_null(Subscriptions::GraceUntil))
                .col(timestamp(Subscriptions::CreatedAt))
                .col(timestamp(Subscriptions::UpdatedAt))
                .foreign_key(&mut cascade(
                    Subscriptions::Table,
                    Subscriptions::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_subscriptions_org")
                .table(Subscriptions::Table)
                .col(Subscriptions::OrganizationId)
                .col(Subscriptions::Status)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Payments::Table)
                .col(id(Payments::Id))
                .col(big_int(Payments::OrganizationId))
                .col(big_int(Payments::SubscriptionId))
                .col(text_null(Payments::ProviderPaymentId))
                .col(text(Payments::Kind))
                .col(big_int(Payments::AmountCents))
                .col(text(Payments::Currency))
                .col(text(Payments::Status))
                .col(timestamp(Payments::PeriodStart))
                .col(timestamp(Payments::PeriodEnd))
                .col(ColumnDef::new(Payments::CheckoutUrl).text().null())
                .col(ColumnDef::new(Payments::Anomaly).text().null())
                .col(timestamp_null(Payments::AppliedAt))
                .col(timestamp(Payments::CreatedAt))
                .col(timestamp(Payments::UpdatedAt))
                .foreign_key(&mut cascade(
                    Payments::Table,
                    Payments::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_payments_provider_id")
                .table(Payments::Table)
                .col(Payments::ProviderPaymentId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_payments_subscription")
                .table(Payments::Table)
                .col(Payments::SubscriptionId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(CreditLedger::Table)
                .add_column(ColumnDef::new(CreditLedger::Cause).string().null())
                .to_owned(),
        )
        .await?;
        // Several NULLs are distinct in a unique index on both backends: only keyed grants are
        // deduplicated.
        m.create_index(
            Index::create()
                .name("ux_credit_ledger_cause")
                .table(CreditLedger::Table)
                .col(CreditLedger::Cause)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxMollie::Table)
                .col(ColumnDef::new(SandboxMollie::Id).string().not_null().primary_key())
                .col(text(SandboxMollie::Kind))
                .col(long_text(SandboxMollie::Body))
                .col(timestamp(SandboxMollie::CreatedAt))
                .to_owned(),
        )
        .await?;
        for (position, (code, name, pitch, price, volume, messages, highlighted)) in TIERS.into_iter().enumerate() {
            m.exec_stmt(
                Query::insert()
                    .into_table(Plans::Table)
                    .columns([
                        Plans::Code,
                        Plans::Name,
                        Plans::Pitch,
                        Plans::MonthlyPriceCents,
                        Plans::Prospects,
                        Plans::Contacts,
                        Plans::AgentMessages,
                        Plans::LlmTokens,
                        Plans::Highlighted,
                        Plans::Position,
                        Plans::Archived,
                    ])
                    .values_panic([
                        code.into(),
                        name.into(),
                        pitch.into(),
                        price.into(),
                        volume.into(),
                        volume.into(),
                        messages.into(),
                        (volume * 10_000).into(),
                        highlighted.into(),
                        (position as i32).into(),
                        false.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        }
        for (from, cents) in BANDS {
            m.exec_stmt(
                Query::insert()
                    .into_table(PriceBands::Table)
                    .columns([PriceBands::FromContacts, PriceBands::CentsPerContact])
                    .values_panic([from.into(), cents.into()])
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ux_credit_ledger_cause").table(CreditLedger::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(CreditLedger::Table).drop_column(CreditLedger::Cause).to_owned()).await?;
        for table in [
            SandboxMollie::Table.into_iden(),
            Payments::Table.into_iden(),
            Subscriptions::Table.into_iden(),
            BillingAccounts::Table.into_iden(),
            PriceBands::Table.into_iden(),
            Plans::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
