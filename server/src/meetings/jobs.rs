//! The meetings' periodic work: the calendars read again (their busy times mirrored), and the
//! daily reminder of the outcomes still to mark (RDV-2).

use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use serde::{Deserialize, Serialize};

/// Every quarter of an hour: each calendar read again. One calendar's failure is kept on its
/// row and does not stop the others.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncCalendars {
    pub tick: String,
}

#[async_trait]
impl Job for SyncCalendars {
    const KIND: &'static str = "meetings.sync_calendars";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 2;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        for org in super::calendars(&ctx.app).await? {
            if let Err(e) = super::sync(&ctx.app, org).await {
                tracing::warn!(organization_id = %org, error = %e, "agenda non relu");
            }
        }
        Ok(())
    }
}

/// Each morning: one bell entry per organisation whose past meetings wait for their outcome,
/// until they are marked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemindOutcomes {
    pub tick: String,
}

#[async_trait]
impl Job for RemindOutcomes {
    const KIND: &'static str = "meetings.remind_outcomes";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        for (org, n) in super::unmarked(&ctx.app, Utc::now()).await? {
            let body = if n == 1 {
                "Un rendez-vous passé attend son issue : tenu ou non, signé ou non.".to_string()
            } else {
                format!("{n} rendez-vous passés attendent leur issue : tenus ou non, signés ou non.")
            };
            crate::accounts::post_notification(
                &ctx.app.db,
                org,
                None,
                prospecta_shared::notifications::NotificationKind::Other,
                "Issue de vos rendez-vous",
                &body,
                Some("/app/rendez-vous"),
            )
            .await?;
        }
        Ok(())
    }
}
