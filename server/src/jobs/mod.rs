//! The durable job runtime. Jobs are rows in `jobs`; any number of worker processes, on any
//! number of machines sharing one PostgreSQL, claim them with a lease:
//! - claim: one atomic `UPDATE … WHERE id = (SELECT … [FOR UPDATE SKIP LOCKED]) RETURNING`;
//! - heartbeat: a running job extends its lease; a worker that dies stops extending it, and
//!   the job becomes claimable again once the lease has expired;
//! - completion and failure only apply while the worker still holds the lease;
//! - `Retry` errors back off exponentially with jitter, `Permanent` ones (and exhausted
//!   attempts) make the job dead, keeping its error for the admin;
//! - idempotency keys make enqueueing the same logical job twice a no-op.

//!
//! The runtime knows no capability and no application state: it is generic over the state
//! it hands to jobs ([`Runtime`]); the composition (`crate::wiring`) registers the kinds and
//! the schedule.

mod entity;
mod registry;
mod scheduler;
mod store;
mod worker;

pub use entity::{ActiveModel as JobRecordActive, Column as JobColumn, Entity as JobEntity, Model as JobRecord};
pub use registry::Registry;
pub use scheduler::{Periodic, start_scheduler};
pub use store::{ClaimedJob, JobStore, enqueue, enqueue_at, forget_organization};
pub use worker::{Worker, run_pending_jobs};

use async_trait::async_trait;
use prospecta_shared::jobs::JobProgress;
use sea_orm::DatabaseConnection;
use serde::{Serialize, de::DeserializeOwned};
use std::time::Duration;

/// How a job failed: worth another try, or not.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Retry(String),
    #[error("{0}")]
    Permanent(String),
    /// An outside service asked us to come back later (anti-bot page, 429): run again at
    /// `until` without spending an attempt — waiting is not failing.
    #[error("waiting until {until}: {reason}")]
    Wait { until: chrono::DateTime<chrono::Utc>, reason: String },
}

/// A database failure is worth another try: a job's `?` on a `DbErr` retries it.
impl From<sea_orm::DbErr> for JobError {
    fn from(e: sea_orm::DbErr) -> Self {
        JobError::Retry(format!("base de données : {e}"))
    }
}

/// How the workers of a process run: lease length, polling, jobs at once.
#[derive(Debug, Clone)]
pub struct JobsConfig {
    pub lease: Duration,
    pub poll_interval: Duration,
    pub concurrency: usize,
}

/// What the runtime needs of the state it hands to jobs.
pub trait Runtime: Clone + Send + Sync + 'static {
    fn db(&self) -> &DatabaseConnection;
    fn jobs_config(&self) -> &JobsConfig;
}

/// A kind of background work. The payload is the struct itself, stored as JSON.
#[async_trait]
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    const KIND: &'static str;
    const MAX_ATTEMPTS: i32 = 5;

    /// What the job runs with: the application's state, handed over by the worker.
    type State: Runtime;

    /// Two enqueues with the same key make one job.
    fn idempotency_key(&self) -> Option<String> {
        None
    }

    /// The organisation the job works for, when there is one (admin views, quotas).
    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        None
    }

    async fn run(&self, ctx: &JobContext<Self::State>) -> Result<(), JobError>;
}

/// What a running job may use: the application state and a handle on its own row.
#[derive(Clone)]
pub struct JobContext<S> {
    pub app: S,
    pub job_id: i64,
    pub attempt: i32,
    pub worker_id: String,
}

impl<S: Runtime> JobContext<S> {
    /// Record progress for the progress bars. Best effort: a failure here never fails the job.
    pub async fn set_progress(&self, progress: &JobProgress) {
        let store = JobStore::new(self.app.db().clone());
        if let Err(e) = store.set_progress(self.job_id, &self.worker_id, progress).await {
            tracing::warn!(job_id = self.job_id, error = %e, "could not record job progress");
        }
    }
}
