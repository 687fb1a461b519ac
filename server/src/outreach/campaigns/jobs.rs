//! The campaign jobs: the dispatcher's chain, the minute tick and the daily failure digest.

use super::db_retry;
use super::dispatch::{Dispatched, dispatch, sync_contacts};
use super::entities::{attempt, campaign};
use super::states::{AttemptState, ContactOutcome, FAILURE_LABEL};
use super::submission::release_stale_reservations;
use crate::jobs::{Job, JobContext, JobError, enqueue, enqueue_at};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::campaigns::CampaignStatus;
use prospecta_shared::ids::{CampaignId, OrgId};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// Runs the dispatcher once and schedules its next run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchCampaign {
    pub campaign_id: CampaignId,
    /// The slot this run is for (unix seconds, or a tick): part of the idempotency key, so
    /// dispatchers scheduled for the same slot by several processes make one job.
    pub slot: String,
}

#[async_trait]
impl Job for DispatchCampaign {
    const KIND: &'static str = "campaign.dispatch";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("campaign-dispatch:{}:{}", self.campaign_id, self.slot))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let outcome = dispatch(&ctx.app, self.campaign_id, Utc::now()).await.map_err(db_retry)?;
        let next = match outcome {
            Dispatched::Reserved { next, .. } | Dispatched::Later(next) => next,
            Dispatched::Idle | Dispatched::Exhausted => return Ok(()),
        };
        schedule_dispatch(&ctx.app, self.campaign_id, next).await.map_err(db_retry)
    }
}

pub async fn schedule_dispatch(app: &AppState, campaign_id: CampaignId, at: DateTime<Utc>) -> Result<(), DbErr> {
    let job = DispatchCampaign { campaign_id, slot: at.timestamp().to_string() };
    enqueue_at(&app.db, &job, at).await.map(|_| ())
}

/// Every minute: running campaigns take in newly unlocked rows, and a dispatcher chain that
/// died with a process is restarted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignTick {
    pub tick: String,
}

#[async_trait]
impl Job for CampaignTick {
    const KIND: &'static str = "campaign.tick";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("campaign-tick:{}", self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        release_stale_reservations(&ctx.app.db, Utc::now()).await.map_err(db_retry)?;
        let running = campaign::Entity::find()
            .filter(campaign::Column::Status.eq(CampaignStatus::Running))
            .all(&ctx.app.db)
            .await
            .map_err(db_retry)?;
        for c in running {
            sync_contacts(&ctx.app.db, &c).await.map_err(db_retry)?;
            enqueue(&ctx.app.db, &DispatchCampaign { campaign_id: c.id, slot: format!("tick-{}", self.tick) })
                .await
                .map_err(db_retry)?;
        }
        Ok(())
    }
}

/// Once a day: each organisation with failures hears about them in one notification (FORM-7),
/// not one per failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FailureDigest {
    pub tick: String,
}

#[async_trait]
impl Job for FailureDigest {
    const KIND: &'static str = "campaign.digest";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        // One per day, whatever the minute the processes ticked at.
        Some(format!("campaign-digest:{}", self.tick.get(..10).unwrap_or(&self.tick)))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        send_failure_digests(&ctx.app, Utc::now()).await.map_err(db_retry).map(|_| ())
    }
}

/// Posts the digest of the last 24 hours' final failures; returns how many organisations got one.
pub async fn send_failure_digests(app: &AppState, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let failures = attempt::Entity::find()
        .filter(attempt::Column::State.eq(AttemptState::Failed))
        .filter(attempt::Column::FinishedAt.gt(now - Duration::hours(24)))
        .all(&app.db)
        .await?;
    let mut by_org: std::collections::BTreeMap<OrgId, Vec<attempt::Model>> = Default::default();
    for f in failures {
        by_org.entry(f.organization_id).or_default().push(f);
    }
    for (org, list) in &by_org {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for f in list {
            *counts.entry(f.outcome.map_or(FAILURE_LABEL, ContactOutcome::label)).or_default() += 1;
        }
        let mut parts: Vec<(usize, &str)> = counts.into_iter().map(|(label, n)| (n, label)).collect();
        parts.sort_by(|a, b| b.cmp(a));
        let detail: Vec<String> = parts.iter().map(|(n, label)| format!("{label} : {n}")).collect();
        let campaigns: std::collections::BTreeSet<CampaignId> = list.iter().map(|f| f.campaign_id).collect();
        let link = match campaigns.iter().next() {
            Some(id) if campaigns.len() == 1 => format!("/app/campagnes/{id}"),
            _ => "/app/campagnes".to_string(),
        };
        let total = list.len();
        crate::accounts::post_notification(
            &app.db,
            *org,
            None,
            prospecta_shared::notifications::NotificationKind::Other,
            "Bilan des envois du jour",
            &format!(
                "{total} prise{s} de contact n'{a} pas pu aboutir ces dernières 24 h (aucun crédit consommé). {}.",
                detail.join(", "),
                s = if total > 1 { "s" } else { "" },
                a = if total > 1 { "ont" } else { "a" },
            ),
            Some(&link),
        )
        .await?;
    }
    Ok(by_org.len())
}
