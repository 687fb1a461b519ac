//! The campaign page's live figures, shared by every open page of a campaign in this process.
//!
//! Each open page used to compute the whole figure set every second (≈ 30 queries), so the
//! cost grew with viewers × seconds. Here one computation per campaign serves every viewer for
//! [`FRESHNESS`]: viewers that ask meanwhile get the same JSON, and one that asks while it is
//! being computed waits for it instead of starting another. The figures are deterministic (the
//! A/B test's Monte-Carlo is seeded by its counts), so a stream compares JSON to push only
//! what changed.

use super::entities::campaign;
use super::service::live_of;
use prospecta_shared::ids::{CampaignId, OrgId};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How old shared figures may be: the stream's own period.
pub const FRESHNESS: Duration = Duration::from_secs(1);

/// Entries not read for this long are dropped (campaigns nobody watches any more).
const IDLE: Duration = Duration::from_secs(120);

type Slot = Arc<tokio::sync::Mutex<Option<(Instant, Arc<str>)>>>;

/// Per-process cache of the live figures, by organisation and campaign: a viewer can only ever
/// be served figures computed under its own organisation's filter.
#[derive(Default)]
pub struct LiveBoard {
    slots: Mutex<HashMap<(OrgId, CampaignId), (Instant, Slot)>>,
    computed: AtomicU64,
}

impl LiveBoard {
    /// The live figures of the organisation's campaign as JSON, at most [`FRESHNESS`] old;
    /// `None` when the organisation has no such campaign (any more).
    pub async fn figures(
        &self,
        db: &DatabaseConnection,
        organization_id: OrgId,
        campaign_id: CampaignId,
    ) -> Result<Option<Arc<str>>, DbErr> {
        let slot = self.slot((organization_id, campaign_id));
        let mut cached = slot.lock().await;
        if let Some((at, json)) = cached.as_ref()
            && at.elapsed() < FRESHNESS
        {
            return Ok(Some(json.clone()));
        }
        // Read again each time: status and next send date live on the campaign's row.
        let Some(campaign) = campaign::Entity::find_by_id(campaign_id)
            .filter(campaign::Column::OrganizationId.eq(organization_id))
            .one(db)
            .await?
        else {
            *cached = None;
            return Ok(None);
        };
        self.computed.fetch_add(1, Ordering::Relaxed);
        let live = live_of(db, &campaign).await?;
        let json: Arc<str> = serde_json::to_string(&live).map_err(|e| DbErr::Custom(e.to_string()))?.into();
        *cached = Some((Instant::now(), json.clone()));
        Ok(Some(json))
    }

    /// How many times figures were computed in this process (each costs ≈ 30 queries).
    pub fn computations(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    fn slot(&self, key: (OrgId, CampaignId)) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        if slots.len() > 256 {
            slots.retain(|_, (read, _)| now.duration_since(*read) < IDLE);
        }
        let (read, slot) = slots.entry(key).or_insert_with(|| (now, Slot::default()));
        *read = now;
        slot.clone()
    }
}
