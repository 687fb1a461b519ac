//! Retention of prospect data: what the privacy policy promises (`/confidentialite`, "Durées
//! de conservation") and the landing page repeats, made true by a daily job.
//!
//! A company of the shared store is *unused* when, for [`RETENTION_MONTHS`], it was neither
//! collected (created, seen again by a source, given a fact by enrichment), nor added to or
//! unlocked in a client's database, nor taken into a campaign, nor contacted, nor did it reply.
//! Unused companies are deleted with everything about them: facts, enrichment outcomes, database
//! rows, campaign contacts and attempts. The opposition list is never touched: it holds only
//! keyed hashes and must outlive the data so an objection keeps being honoured.

use crate::db::begin_write;
use crate::jobs::{Job, JobContext, JobError};
use crate::outreach::campaigns::retention as campaigns;
use crate::prospecting::retention as store;
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Months, Utc};
use prospecta_shared::ids::CompanyId;
use sea_orm::DbErr;
use serde::{Deserialize, Serialize};

/// Three years, as the privacy policy says.
pub const RETENTION_MONTHS: u32 = 36;
/// Companies deleted per transaction, so a large purge never holds the write lock for long.
const BATCH: usize = 200;

/// What one purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub companies: u64,
    pub source_pages: u64,
}

/// The date before which untouched prospect data is deleted.
pub fn cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(RETENTION_MONTHS)).unwrap_or(now)
}

/// Deletes the prospect data unused since [`cutoff`] (see the module's doc). Idempotent: a
/// second run finds nothing left to delete.
pub async fn purge_unused_prospects(app: &AppState, now: DateTime<Utc>) -> Result<Purged, DbErr> {
    let cutoff = cutoff(now);
    let candidates = store::untouched_since(&app.db, cutoff).await?;
    let in_touch = campaigns::in_touch_since(&app.db, &candidates, cutoff).await?;
    let unused: Vec<CompanyId> = candidates.into_iter().filter(|id| !in_touch.contains(id)).collect();
    let mut purged = Purged::default();
    for batch in unused.chunks(BATCH) {
        let tx = begin_write(&app.db).await?;
        campaigns::forget_companies(&tx, batch).await?;
        purged.companies += store::forget_companies(&tx, batch).await?;
        tx.commit().await?;
    }
    purged.source_pages = store::forget_source_pages(&app.db, cutoff).await?;
    Ok(purged)
}

/// The daily purge, enqueued by the scheduler.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurgeUnusedProspects {
    pub tick: String,
}

#[async_trait]
impl Job for PurgeUnusedProspects {
    const KIND: &'static str = "retention.purge_prospects";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        // One per day, whatever the minute each process ticked at.
        Some(format!("{}:{}", Self::KIND, self.tick.get(..10).unwrap_or(&self.tick)))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let purged = purge_unused_prospects(&ctx.app, Utc::now()).await?;
        tracing::info!(companies = purged.companies, source_pages = purged.source_pages, "unused prospect data purged");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_three_calendar_years_back() {
        let now = "2026-12-06T02:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(cutoff(now), "2023-12-06T02:00:00Z".parse::<DateTime<Utc>>().unwrap());
        let leap = "2028-02-29T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(cutoff(leap), "2025-02-28T00:00:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn one_purge_a_day_whatever_the_minute() {
        let a = PurgeUnusedProspects { tick: "2026-12-06T02:40".into() };
        let b = PurgeUnusedProspects { tick: "2026-12-06T02:41".into() };
        assert_eq!(a.idempotency_key(), b.idempotency_key());
    }
}
