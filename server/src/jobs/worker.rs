use super::store::{ClaimedJob, JobStore};
use super::{JobContext, JobError, Registry, Runtime};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, watch};
use tracing::{Instrument, Span};

/// A worker: claims jobs and runs up to `concurrency` of them at once, heartbeating each.
pub struct Worker<S> {
    app: S,
    registry: Arc<Registry<S>>,
    id: String,
}

impl<S: Runtime> Worker<S> {
    pub fn new(app: S, registry: Registry<S>) -> Self {
        let id = format!(
            "{}-{}-{}",
            std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into()),
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..6]
        );
        Worker { app, registry: Arc::new(registry), id }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Run until `shutdown` turns true; jobs already started are finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let config = self.app.jobs_config().clone();
        let store = JobStore::new(self.app.db().clone());
        let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
        let kinds = self.registry.kinds();
        tracing::info!(worker = %self.id, ?kinds, "worker started");
        let mut last_reap = std::time::Instant::now() - Duration::from_secs(3600);
        loop {
            if *shutdown.borrow() {
                break;
            }
            if last_reap.elapsed() > Duration::from_secs(30) {
                if let Err(e) = store.reap_abandoned().await {
                    tracing::warn!(error = %e, "reaping abandoned jobs failed");
                }
                last_reap = std::time::Instant::now();
            }
            let Ok(permit) = permits.clone().acquire_owned().await else { break };
            match store.claim(&self.id, &kinds, config.lease).await {
                Ok(Some(job)) => {
                    let (app, registry, id) = (self.app.clone(), self.registry.clone(), self.id.clone());
                    tokio::spawn(async move {
                        execute(app, &registry, &id, job).await;
                        drop(permit);
                    });
                }
                Ok(None) => {
                    drop(permit);
                    tokio::select! {
                        _ = tokio::time::sleep(config.poll_interval) => {}
                        _ = shutdown.changed() => {}
                    }
                }
                Err(e) => {
                    drop(permit);
                    tracing::warn!(error = %e, "claiming a job failed; retrying shortly");
                    tokio::time::sleep(config.poll_interval * 4).await;
                }
            }
        }
        // Wait for the jobs in flight.
        let _ = permits.acquire_many(config.concurrency.max(1) as u32).await;
        tracing::info!(worker = %self.id, "worker stopped");
    }
}

/// Run one claimed job to its end: heartbeat while it runs, then record the outcome. Everything
/// it logs carries the `job` span (kind, id, attempt, outcome).
async fn execute<S: Runtime>(app: S, registry: &Registry<S>, worker_id: &str, job: ClaimedJob) {
    let span = tracing::info_span!(
        "job",
        kind = %job.kind,
        id = job.id,
        attempt = job.attempts,
        outcome = tracing::field::Empty,
    );
    execute_in_span(app, registry, worker_id, job, span.clone()).instrument(span).await
}

async fn execute_in_span<S: Runtime>(app: S, registry: &Registry<S>, worker_id: &str, job: ClaimedJob, span: Span) {
    let store = JobStore::new(app.db().clone());
    let lease = app.jobs_config().lease;
    let Some(runner) = registry.runner(&job.kind) else {
        span.record("outcome", "unknown_kind");
        let _ = store.fail(&job, worker_id, &format!("type de tâche inconnu : {}", job.kind), true).await;
        return;
    };
    let ctx = JobContext { app: app.clone(), job_id: job.id, attempt: job.attempts, worker_id: worker_id.to_string() };
    let heartbeat = {
        let (store, worker_id, id) = (store.clone(), worker_id.to_string(), job.id);
        tokio::spawn(
            async move {
                loop {
                    tokio::time::sleep(lease / 3).await;
                    match store.heartbeat(id, &worker_id, lease).await {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!("lease lost; another worker may take this job over");
                            break;
                        }
                        Err(e) => tracing::warn!(error = %e, "heartbeat failed"),
                    }
                }
            }
            .in_current_span(),
        )
    };
    // A panicking job must not take the worker down: run it in its own task.
    let outcome = tokio::spawn({
        let payload = job.payload.clone();
        async move { runner(ctx, payload).await }.in_current_span()
    })
    .await
    .unwrap_or_else(|panic| Err(JobError::Retry(format!("la tâche a paniqué : {panic}"))));
    heartbeat.abort();
    let (recorded, outcome_name) = match &outcome {
        Ok(()) => (store.complete(job.id, worker_id).await.map(|_| ()), "succeeded"),
        Err(JobError::Retry(msg)) => (store.fail(&job, worker_id, msg, false).await.map(|_| ()), "retry"),
        Err(JobError::Permanent(msg)) => (store.fail(&job, worker_id, msg, true).await.map(|_| ()), "failed"),
        Err(JobError::Wait { until, reason }) => {
            (store.postpone(&job, worker_id, *until, reason).await.map(|_| ()), "waiting")
        }
    };
    span.record("outcome", outcome_name);
    match (&outcome, recorded) {
        (_, Err(e)) => tracing::error!(error = %e, "could not record the job's outcome"),
        (Ok(()), Ok(())) => tracing::info!("job succeeded"),
        (Err(e), Ok(())) => tracing::warn!(error = %e, "job failed"),
    }
}

/// Run every job that is due, one after the other, in this process; for tests and operator
/// commands. Returns how many ran.
pub async fn run_pending_jobs<S: Runtime>(app: &S, registry: &Registry<S>) -> Result<usize, sea_orm::DbErr> {
    let store = JobStore::new(app.db().clone());
    let kinds = registry.kinds();
    let worker_id = format!("inline-{}", std::process::id());
    let mut ran = 0;
    while let Some(job) = store.claim(&worker_id, &kinds, app.jobs_config().lease).await? {
        execute(app.clone(), registry, &worker_id, job).await;
        ran += 1;
    }
    Ok(ran)
}
