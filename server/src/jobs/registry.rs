use super::{Job, JobContext, JobError};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;

type Runner = Arc<dyn Fn(JobContext, String) -> BoxFuture<'static, Result<(), JobError>> + Send + Sync>;

/// Every job kind the workers know, registered in one place (`Registry::standard`).
#[derive(Clone, Default)]
pub struct Registry {
    runners: HashMap<&'static str, Runner>,
}

impl Registry {
    pub fn register<J: Job>(mut self) -> Self {
        let runner: Runner = Arc::new(|ctx, payload| {
            Box::pin(async move {
                // A payload we cannot read will not get better with retries.
                let job: J = serde_json::from_str(&payload)
                    .map_err(|e| JobError::Permanent(format!("payload illisible pour {} : {e}", J::KIND)))?;
                job.run(&ctx).await
            })
        });
        self.runners.insert(J::KIND, runner);
        self
    }

    /// The registry of the product: every kind of job any capability enqueues.
    pub fn standard() -> Self {
        Registry::default()
            .register::<crate::mail::SendEmail>()
            .register::<crate::accounts::jobs::PurgeExpired>()
            .register::<crate::prospecting::GenerateDatabase>()
            .register::<crate::enrichment::jobs::EnrichDatabase>()
            .register::<crate::enrichment::jobs::EnrichCompany>()
            .register::<crate::outreach::campaigns::DispatchCampaign>()
            .register::<crate::outreach::campaigns::SubmitContact>()
            .register::<crate::outreach::campaigns::CampaignTick>()
            .register::<crate::outreach::campaigns::FailureDigest>()
            .register::<crate::retention::PurgeUnusedProspects>()
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.runners.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }

    pub(super) fn runner(&self, kind: &str) -> Option<Runner> {
        self.runners.get(kind).cloned()
    }
}
