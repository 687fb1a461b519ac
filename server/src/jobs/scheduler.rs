use super::{Job, enqueue};
use crate::state::AppState;
use tokio_cron_scheduler::{Job as CronJob, JobScheduler, JobSchedulerError};

/// The clock of periodic work. It never runs work itself: each tick enqueues a job whose
/// idempotency key holds the tick, so N server processes ticking together make one job.
pub async fn start_scheduler(app: AppState) -> Result<JobScheduler, JobSchedulerError> {
    let scheduler = JobScheduler::new().await?;
    add_periodic(&scheduler, &app, "0 7 * * * *", |tick| crate::accounts::jobs::PurgeExpired { tick }).await?;
    add_periodic(&scheduler, &app, "0 * * * * *", |tick| crate::outreach::campaigns::CampaignTick { tick }).await?;
    // 17:30 UTC: the end of the Paris working day, winter and summer alike.
    add_periodic(&scheduler, &app, "0 30 17 * * *", |tick| crate::outreach::campaigns::FailureDigest { tick }).await?;
    // 02:40 UTC, at night in France: prospect data unused for 3 years (privacy policy).
    add_periodic(&scheduler, &app, "0 40 2 * * *", |tick| crate::retention::PurgeUnusedProspects { tick }).await?;
    scheduler.start().await?;
    Ok(scheduler)
}

async fn add_periodic<J: Job>(
    scheduler: &JobScheduler,
    app: &AppState,
    cron: &str,
    make: fn(String) -> J,
) -> Result<(), JobSchedulerError> {
    let app = app.clone();
    scheduler
        .add(CronJob::new_async(cron, move |_, _| {
            let app = app.clone();
            Box::pin(async move {
                // Truncated to the minute: every process computes the same key for a tick.
                let tick = chrono::Utc::now().format("%Y-%m-%dT%H:%M").to_string();
                if let Err(e) = enqueue(&app.db, &make(tick)).await {
                    tracing::warn!(kind = J::KIND, error = %e, "could not enqueue periodic job");
                }
            })
        })?)
        .await?;
    Ok(())
}
