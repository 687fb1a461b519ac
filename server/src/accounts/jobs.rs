use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Hourly clean-up of expired sessions, old login attempts and spent reset links.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurgeExpired {
    /// The scheduler tick this run belongs to (one run per tick across all processes).
    pub tick: String,
}

#[async_trait]
impl Job for PurgeExpired {
    const KIND: &'static str = "accounts.purge_expired";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let purged = super::service::purge_expired(&ctx.app.db, chrono::Utc::now())
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        tracing::info!(purged, "expired account data purged");
        Ok(())
    }
}
