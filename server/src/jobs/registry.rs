use super::{Job, JobContext, JobError};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;

type Runner<S> = Arc<dyn Fn(JobContext<S>, String) -> BoxFuture<'static, Result<(), JobError>> + Send + Sync>;

/// Every job kind the workers know (the product's list is `crate::wiring::registry`).
#[derive(Clone)]
pub struct Registry<S> {
    runners: HashMap<&'static str, Runner<S>>,
}

impl<S> Default for Registry<S> {
    fn default() -> Self {
        Registry { runners: HashMap::new() }
    }
}

impl<S: super::Runtime> Registry<S> {
    pub fn register<J: Job<State = S>>(mut self) -> Self {
        let runner: Runner<S> = Arc::new(|ctx, payload| {
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

    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.runners.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }

    pub(super) fn runner(&self, kind: &str) -> Option<Runner<S>> {
        self.runners.get(kind).cloned()
    }
}
