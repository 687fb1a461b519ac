//! Read-only views for an external BI tool (ADM: "read-only metrics for a BI tool instead of
//! re-building a BI suite"), documented in the README. They count client organisations only: an
//! organisation with an agency admin among its members is the agency's own. Days are UTC
//! calendar days written `YYYY-MM-DD`, the same text on both backends; counts and sums are
//! BIGINT on both.
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The views, oldest first (each may read the ones before it).
const VIEWS: [&str; 6] =
    ["bi_clients", "bi_daily_outreach", "bi_daily_emails", "bi_daily_llm", "bi_meetings", "bi_campaign_funnel"];

fn definitions(backend: DbBackend) -> Vec<String> {
    let day = |column: &str| match backend {
        DbBackend::Postgres => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        _ => format!("substr({column}, 1, 10)"),
    };
    vec![
        // One row per client organisation: its team, its current subscription and what it adds
        // to the monthly recurring revenue (HT) while paid or in its grace.
        "CREATE VIEW bi_clients AS \
         SELECT o.id AS organization_id, o.name, o.city, o.postcode, o.created_at, \
                CAST((SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) AS BIGINT) AS members, \
                s.plan_name, s.status AS subscription_status, \
                CASE WHEN s.status IN ('active', 'past_due') THEN s.monthly_price_cents ELSE 0 END AS mrr_cents_ht \
         FROM organizations o \
         LEFT JOIN subscriptions s ON s.id = (SELECT MAX(id) FROM subscriptions WHERE organization_id = o.id) \
         WHERE NOT EXISTS (SELECT 1 FROM users a WHERE a.organization_id = o.id AND a.is_admin = TRUE)"
            .to_string(),
        // First messages and follow-ups that left, per day, organisation and channel (form, e-mail).
        format!(
            "CREATE VIEW bi_daily_outreach AS \
             SELECT organization_id, {} AS day, channel, COUNT(*) AS sent \
             FROM contact_attempts \
             WHERE state = 'sent' AND organization_id IN (SELECT organization_id FROM bi_clients) \
             GROUP BY organization_id, {}, channel",
            day("started_at"),
            day("started_at")
        ),
        // Every e-mail that left a client's mailbox (first messages, follow-ups, the agent's replies).
        format!(
            "CREATE VIEW bi_daily_emails AS \
             SELECT organization_id, {} AS day, COUNT(*) AS sent, \
                    CAST(SUM(CASE WHEN hard_bounce THEN 1 ELSE 0 END) AS BIGINT) AS hard_bounces \
             FROM mailbox_sends \
             WHERE organization_id IN (SELECT organization_id FROM bi_clients) \
             GROUP BY organization_id, {}",
            day("sent_at"),
            day("sent_at")
        ),
        // Language-model tokens and their estimated cost (micro-euros), per day, client and feature.
        format!(
            "CREATE VIEW bi_daily_llm AS \
             SELECT organization_id, {} AS day, purpose AS feature, \
                    CAST(SUM(tokens_in) AS BIGINT) AS tokens_in, CAST(SUM(tokens_out) AS BIGINT) AS tokens_out, \
                    CAST(SUM(COALESCE(cost_micro_eur, 0)) AS BIGINT) AS cost_micro_eur \
             FROM llm_usage \
             WHERE organization_id IN (SELECT organization_id FROM bi_clients) \
             GROUP BY organization_id, {}, purpose",
            day("created_at"),
            day("created_at")
        ),
        // Each meeting booked (cancelled ones included, with their status) and its outcome.
        format!(
            "CREATE VIEW bi_meetings AS \
             SELECT id AS meeting_id, organization_id, conversation_id, {} AS booked_on, status, \
                    attendance, deal, amount_cents AS signed_amount_cents_ht \
             FROM meetings \
             WHERE organization_id IN (SELECT organization_id FROM bi_clients)",
            day("created_at")
        ),
        // Each campaign's funnel so far: companies in it, contacted, replied, interested.
        "CREATE VIEW bi_campaign_funnel AS \
         SELECT c.id AS campaign_id, c.organization_id, c.offer_id, c.name, c.status, \
                COUNT(k.id) AS prospects, \
                COUNT(k.first_sent_at) AS contacted, \
                COUNT(k.replied_at) AS replied, \
                CAST(SUM(CASE WHEN k.reply_positive THEN 1 ELSE 0 END) AS BIGINT) AS interested \
         FROM campaigns c LEFT JOIN campaign_contacts k ON k.campaign_id = c.id \
         WHERE c.organization_id IN (SELECT organization_id FROM bi_clients) \
         GROUP BY c.id, c.organization_id, c.offer_id, c.name, c.status"
            .to_string(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in definitions(m.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for view in VIEWS.iter().rev() {
            db.execute_unprepared(&format!("DROP VIEW IF EXISTS {view}")).await?;
        }
        Ok(())
    }
}
