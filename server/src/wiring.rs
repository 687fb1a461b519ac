//! The composition of the capabilities: the job kinds the workers run, the periodic schedule,
//! and the links a lower capability cannot import (prospecting is told about enrichment and
//! outreach through [`Downstream`], implemented here). Like `state` and `main`, this module may
//! name every capability; the capabilities themselves depend downwards only (see the tidy test).

use crate::jobs::{Periodic, Registry, enqueue};
use crate::prospecting::Downstream;
use crate::state::AppState;
use async_trait::async_trait;
use prospecta_shared::ids::OrgId;
use prospecta_shared::ids::{CompanyId, DatabaseId, OfferId};
use prospecta_shared::prospecting::EnrichmentProgress;
use sea_orm::{DatabaseConnection, DbErr};
use std::collections::HashMap;

/// Every kind of job any capability enqueues.
pub fn registry() -> Registry<AppState> {
    Registry::default()
        .register::<crate::mail::SendEmail>()
        .register::<crate::billing::SyncPayment>()
        .register::<crate::billing::StartRenewals>()
        .register::<crate::billing::RefundPayment>()
        .register::<crate::billing::CloseEndedSubscriptions>()
        .register::<crate::billing::AdvanceDunning>()
        .register::<crate::billing::RetryCharge>()
        .register::<crate::billing::DunningNotice>()
        .register::<crate::billing::UpdateRenewals>()
        .register::<crate::billing::RefundDifference>()
        .register::<crate::accounts::jobs::PurgeExpired>()
        .register::<crate::prospecting::GenerateDatabase>()
        .register::<crate::enrichment::jobs::EnrichDatabase>()
        .register::<crate::enrichment::jobs::EnrichCompany>()
        .register::<crate::outreach::campaigns::DispatchCampaign>()
        .register::<crate::outreach::campaigns::SubmitContact>()
        .register::<crate::outreach::campaigns::CampaignTick>()
        .register::<crate::outreach::campaigns::FailureDigest>()
        .register::<crate::retention::PurgeUnusedProspects>()
        .register::<crate::conversations::poll::PollMailboxes>()
        .register::<crate::conversations::opt_out::ConfirmOptOut>()
        .register::<crate::conversations::agent::AgentTurn>()
        .register::<crate::conversations::drafts::SendApproved>()
        .register::<crate::meetings::jobs::SyncCalendars>()
        .register::<crate::meetings::jobs::RemindOutcomes>()
        .register::<crate::outreach::campaigns::finished::CampaignFinished>()
        .register::<crate::accounts::notify::EmailNotification>()
        .register::<crate::accounts::notify::SendDigests>()
}

/// The periodic work (cron expressions, seconds first, in UTC).
pub fn schedule() -> Vec<Periodic> {
    vec![
        Periodic::new("0 7 * * * *", |tick| crate::accounts::jobs::PurgeExpired { tick }),
        // Cancelled subscriptions end with their period, within the hour.
        Periodic::new("0 12 * * * *", |tick| crate::billing::CloseEndedSubscriptions { tick }),
        // Late payments: the grace's notices, retries and suspension (SUB-5), within the hour.
        Periodic::new("0 17 * * * *", |tick| crate::billing::AdvanceDunning { tick }),
        Periodic::new("0 * * * * *", |tick| crate::outreach::campaigns::CampaignTick { tick }),
        // Replies: every minute, half a minute after the campaigns' tick.
        Periodic::new("30 * * * * *", |tick| crate::conversations::poll::PollMailboxes { tick }),
        // 17:30 UTC: the end of the Paris working day, winter and summer alike.
        Periodic::new("0 30 17 * * *", |tick| crate::outreach::campaigns::FailureDigest { tick }),
        // The calendars' busy times, every quarter of an hour.
        Periodic::new("0 */15 * * * *", |tick| crate::meetings::jobs::SyncCalendars { tick }),
        // 08:05 UTC, the morning in France: the meetings whose outcome is still to mark.
        Periodic::new("0 5 8 * * *", |tick| crate::meetings::jobs::RemindOutcomes { tick }),
        // 06:30 UTC, before the working day in France: each person's digest of notifications.
        Periodic::new("0 30 6 * * *", |tick| crate::accounts::notify::SendDigests { tick }),
        // 02:40 UTC, at night in France: prospect data unused for 3 years (privacy policy).
        Periodic::new("0 40 2 * * *", |tick| crate::retention::PurgeUnusedProspects { tick }),
    ]
}

/// What prospecting and outreach tell the offers: how many databases and campaigns each has.
#[async_trait]
impl crate::business::OfferUsage for Links {
    async fn usage(&self, organization_id: OrgId) -> Result<HashMap<OfferId, (u64, u64)>, DbErr> {
        let mut usage: HashMap<OfferId, (u64, u64)> = HashMap::new();
        for (offer, n) in crate::prospecting::figures::databases_per_offer(&self.db, organization_id).await? {
            usage.entry(offer).or_default().0 = n;
        }
        for (offer, n) in crate::outreach::campaigns::figures::campaigns_per_offer(&self.db, organization_id).await? {
            usage.entry(offer).or_default().1 = n;
        }
        Ok(usage)
    }
}

/// What enrichment and outreach add to prospecting.
pub struct Links {
    db: DatabaseConnection,
    enrichment_enabled: bool,
}

impl Links {
    pub fn new(db: DatabaseConnection, enrichment_enabled: bool) -> Self {
        Links { db, enrichment_enabled }
    }
}

#[async_trait]
impl Downstream for Links {
    async fn database_filled(&self, organization_id: OrgId, database_id: DatabaseId) -> Result<(), DbErr> {
        if self.enrichment_enabled {
            enqueue(&self.db, &crate::enrichment::jobs::EnrichDatabase { database_id, organization_id }).await?;
        }
        Ok(())
    }

    async fn enrichment_progress(&self, database_id: DatabaseId) -> Result<EnrichmentProgress, DbErr> {
        crate::enrichment::storage::progress_of(&self.db, database_id).await
    }

    async fn row_statuses(
        &self,
        organization_id: OrgId,
        company_ids: &[CompanyId],
    ) -> Result<HashMap<CompanyId, String>, DbErr> {
        crate::outreach::campaigns::row_statuses(&self.db, organization_id, company_ids).await
    }
}
