use super::{Job, enqueue};
use futures::future::BoxFuture;
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::Arc;
use tokio_cron_scheduler::{Job as CronJob, JobScheduler, JobSchedulerError};

type Enqueue = Arc<dyn Fn(DatabaseConnection, String) -> BoxFuture<'static, Result<(), DbErr>> + Send + Sync>;

/// One periodic job: its cron expression (seconds first) and how a tick makes its payload.
pub struct Periodic {
    cron: &'static str,
    kind: &'static str,
    enqueue: Enqueue,
}

impl Periodic {
    pub fn new<J: Job>(cron: &'static str, make: fn(String) -> J) -> Self {
        let enqueue: Enqueue =
            Arc::new(move |db, tick| Box::pin(async move { enqueue(&db, &make(tick)).await.map(|_| ()) }));
        Periodic { cron, kind: J::KIND, enqueue }
    }
}

/// The clock of periodic work. It never runs work itself: each tick enqueues a job whose
/// idempotency key holds the tick, so N server processes ticking together make one job.
pub async fn start_scheduler(
    db: DatabaseConnection,
    schedule: Vec<Periodic>,
) -> Result<JobScheduler, JobSchedulerError> {
    let scheduler = JobScheduler::new().await?;
    for periodic in schedule {
        let (db, Periodic { cron, kind, enqueue }) = (db.clone(), periodic);
        scheduler
            .add(CronJob::new_async(cron, move |_, _| {
                let (db, enqueue) = (db.clone(), enqueue.clone());
                Box::pin(async move {
                    // Truncated to the minute: every process computes the same key for a tick.
                    let tick = chrono::Utc::now().format("%Y-%m-%dT%H:%M").to_string();
                    if let Err(e) = enqueue(db, tick).await {
                        tracing::warn!(kind, error = %e, "could not enqueue periodic job");
                    }
                })
            })?)
            .await?;
    }
    scheduler.start().await?;
    Ok(scheduler)
}
