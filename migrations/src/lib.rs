//! Schema migrations, portable between SQLite and PostgreSQL (SeaORM's schema builder only:
//! no backend-specific SQL here).

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_accounts;
mod m20261125_000002_create_jobs;
mod m20261125_000003_create_prospecting;
mod m20261125_000004_create_sandbox_web;
mod m20261125_000005_create_enrichment;
mod m20261125_000006_create_oppositions;
mod m20261125_000007_create_campaigns;
mod m20261206_000008_abuse_quotas_limits_verification;
mod m20261206_000009_lead_contact_reservations;
mod m20261206_000010_row_table_columns;
mod m20261206_000011_row_filter_index_columns;
mod m20261206_000012_llm_metering;
mod m20261206_000013_organization_identity;
mod m20261206_000014_business_offers;
mod m20261206_000015_guided_tour;
mod m20261206_000016_onboarding_chat;
mod m20261206_000017_inbound_mail;
mod m20261207_000018_mailboxes;
mod m20261207_000019_conversations;
mod m20261207_000020_sandbox_inbox;
mod m20261207_000021_offer_reply_sending;
mod m20261207_000022_mailbox_watch;
mod m20261207_000023_mailbox_reply_tags;
mod m20261207_000024_billing;
mod m20261207_000025_credit_packs;
mod m20261207_000026_payment_refunds;
mod m20261207_000027_invoices;
mod m20261207_000028_dunning_steps;
mod m20261207_000029_plan_changes;
mod m20261207_000030_agent_messages_metered;
mod m20261207_000031_meetings;
mod m20261207_000032_notification_emails;
mod m20261207_000033_bi_views;
mod m20261207_000034_admin_actions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_accounts::Migration),
            Box::new(m20261125_000002_create_jobs::Migration),
            Box::new(m20261125_000003_create_prospecting::Migration),
            Box::new(m20261125_000004_create_sandbox_web::Migration),
            Box::new(m20261125_000005_create_enrichment::Migration),
            Box::new(m20261125_000006_create_oppositions::Migration),
            Box::new(m20261125_000007_create_campaigns::Migration),
            Box::new(m20261206_000008_abuse_quotas_limits_verification::Migration),
            Box::new(m20261206_000009_lead_contact_reservations::Migration),
            Box::new(m20261206_000010_row_table_columns::Migration),
            Box::new(m20261206_000011_row_filter_index_columns::Migration),
            Box::new(m20261206_000012_llm_metering::Migration),
            Box::new(m20261206_000013_organization_identity::Migration),
            Box::new(m20261206_000014_business_offers::Migration),
            Box::new(m20261206_000015_guided_tour::Migration),
            Box::new(m20261206_000016_onboarding_chat::Migration),
            Box::new(m20261206_000017_inbound_mail::Migration),
            Box::new(m20261207_000018_mailboxes::Migration),
            Box::new(m20261207_000019_conversations::Migration),
            Box::new(m20261207_000020_sandbox_inbox::Migration),
            Box::new(m20261207_000021_offer_reply_sending::Migration),
            Box::new(m20261207_000022_mailbox_watch::Migration),
            Box::new(m20261207_000023_mailbox_reply_tags::Migration),
            Box::new(m20261207_000024_billing::Migration),
            Box::new(m20261207_000025_credit_packs::Migration),
            Box::new(m20261207_000026_payment_refunds::Migration),
            Box::new(m20261207_000027_invoices::Migration),
            Box::new(m20261207_000028_dunning_steps::Migration),
            Box::new(m20261207_000029_plan_changes::Migration),
            Box::new(m20261207_000030_agent_messages_metered::Migration),
            Box::new(m20261207_000031_meetings::Migration),
            Box::new(m20261207_000032_notification_emails::Migration),
            Box::new(m20261207_000033_bi_views::Migration),
            Box::new(m20261207_000034_admin_actions::Migration),
        ]
    }
}

/// Helpers shared by every migration so columns look the same everywhere.
pub(crate) mod cols {
    use sea_orm_migration::prelude::*;

    pub fn id<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).big_integer().not_null().auto_increment().primary_key().to_owned()
    }
    pub fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).timestamp_with_time_zone().not_null().to_owned()
    }
    pub fn timestamp_null<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).timestamp_with_time_zone().null().to_owned()
    }
    pub fn text<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).string().not_null().to_owned()
    }
    pub fn text_null<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).string().null().to_owned()
    }
    pub fn long_text<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).text().not_null().to_owned()
    }
    pub fn big_int<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).big_integer().not_null().to_owned()
    }
    pub fn big_int_null<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).big_integer().null().to_owned()
    }
    pub fn int<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).integer().not_null().to_owned()
    }
    /// A foreign key whose rows go when their parent goes.
    pub fn cascade<T: IntoIden + 'static, C: IntoIden, P: IntoIden + 'static, K: IntoIden>(
        table: T,
        column: C,
        parent: P,
        key: K,
    ) -> ForeignKeyCreateStatement {
        ForeignKey::create().from(table, column).to(parent, key).on_delete(ForeignKeyAction::Cascade).to_owned()
    }
    pub fn boolean<T: IntoIden>(name: T) -> ColumnDef {
        ColumnDef::new(name).boolean().not_null().default(false).to_owned()
    }
}
