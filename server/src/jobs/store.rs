use super::Job;
use super::entity::{self, ActiveModel, Column, Entity};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use prospecta_shared::jobs::{JobProgress, JobState};
use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    Statement,
};
use std::time::Duration;

/// Enqueue `job` to run now. Returns the new id, or `None` when a job with the same idempotency
/// key already exists. Takes any connection, so callers enqueue inside the transaction of the
/// write that causes the job.
pub async fn enqueue<C: ConnectionTrait, J: Job>(db: &C, job: &J) -> Result<Option<i64>, DbErr> {
    enqueue_at(db, job, Utc::now()).await
}

pub async fn enqueue_at<C: ConnectionTrait, J: Job>(
    db: &C,
    job: &J,
    run_at: DateTime<Utc>,
) -> Result<Option<i64>, DbErr> {
    let now = Utc::now();
    let payload = serde_json::to_string(job).map_err(|e| DbErr::Custom(format!("job payload: {e}")))?;
    let row = ActiveModel {
        kind: Set(J::KIND.to_string()),
        queue: Set("default".into()),
        payload: Set(payload),
        organization_id: Set(job.organization_id()),
        idempotency_key: Set(job.idempotency_key()),
        state: Set(JobState::Queued),
        priority: Set(0),
        run_at: Set(run_at),
        attempts: Set(0),
        max_attempts: Set(J::MAX_ATTEMPTS),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        heartbeat_at: Set(None),
        progress: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    };
    let result = Entity::insert(row)
        .on_conflict(OnConflict::column(Column::IdempotencyKey).do_nothing().to_owned())
        .exec(db)
        .await;
    match result {
        Ok(r) => Ok(Some(r.last_insert_id)),
        Err(DbErr::RecordNotInserted) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A job this worker now holds the lease of.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

/// Exponential backoff with ±20 % jitter: 5 s, 10 s, 20 s… capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    let base = (5u64 << exp).min(3600) as f64;
    let jitter = rand::rng().random_range(0.8..1.2);
    Duration::from_secs_f64(base * jitter)
}

#[derive(Clone)]
pub struct JobStore {
    db: DatabaseConnection,
}

impl JobStore {
    pub fn new(db: DatabaseConnection) -> Self {
        JobStore { db }
    }

    fn placeholders(&self, from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| match self.db.get_database_backend() {
                DbBackend::Postgres => format!("${i}"),
                // Numbered, so one value can appear twice in the statement.
                _ => format!("?{i}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Claim the most urgent runnable job of one of `kinds`, atomically. On PostgreSQL, `SKIP
    /// LOCKED` lets concurrent workers pass over each other's rows instead of queueing; on SQLite
    /// the database's single writer makes the statement atomic by itself.
    pub async fn claim(&self, worker_id: &str, kinds: &[&str], lease: Duration) -> Result<Option<ClaimedJob>, DbErr> {
        if kinds.is_empty() {
            return Ok(None);
        }
        let backend = self.db.get_database_backend();
        let now = Utc::now();
        let expires = now + ChronoDuration::from_std(lease).unwrap_or(ChronoDuration::seconds(60));
        let p = |i: usize| self.placeholders(i, 1);
        let lock = if backend == DbBackend::Postgres { "FOR UPDATE SKIP LOCKED" } else { "" };
        let sql = format!(
            "UPDATE jobs SET state = 'running', lease_owner = {owner}, lease_expires_at = {expires}, \
               heartbeat_at = {now}, updated_at = {now}, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM jobs \
               WHERE kind IN ({kinds}) \
                 AND ((state = 'queued' AND run_at <= {now2}) \
                   OR (state = 'running' AND lease_expires_at < {now3} AND attempts < max_attempts)) \
               ORDER BY priority DESC, run_at ASC, id ASC LIMIT 1 {lock}) \
             RETURNING id, kind, payload, attempts, max_attempts",
            owner = p(1),
            expires = p(2),
            now = p(3),
            now2 = p(4),
            now3 = p(5),
            kinds = self.placeholders(6, kinds.len()),
        );
        let mut values: Vec<sea_orm::Value> =
            vec![worker_id.into(), expires.into(), now.into(), now.into(), now.into()];
        values.extend(kinds.iter().map(|k| (*k).into()));
        let row = self.db.query_one(Statement::from_sql_and_values(backend, sql, values)).await?;
        row.map(|r| {
            Ok(ClaimedJob {
                id: r.try_get("", "id")?,
                kind: r.try_get("", "kind")?,
                payload: r.try_get("", "payload")?,
                attempts: r.try_get("", "attempts")?,
                max_attempts: r.try_get("", "max_attempts")?,
            })
        })
        .transpose()
    }

    fn held_by(id: i64, worker_id: &str) -> sea_orm::Condition {
        sea_orm::Condition::all()
            .add(Column::Id.eq(id))
            .add(Column::LeaseOwner.eq(worker_id))
            .add(Column::State.eq(JobState::Running))
    }

    /// Extend the lease. `false` means the lease was lost (expired and taken by another worker).
    pub async fn heartbeat(&self, id: i64, worker_id: &str, lease: Duration) -> Result<bool, DbErr> {
        let now = Utc::now();
        let expires = now + ChronoDuration::from_std(lease).unwrap_or(ChronoDuration::seconds(60));
        let r = Entity::update_many()
            .col_expr(Column::LeaseExpiresAt, Expr::value(expires))
            .col_expr(Column::HeartbeatAt, Expr::value(now))
            .filter(Self::held_by(id, worker_id))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    pub async fn complete(&self, id: i64, worker_id: &str) -> Result<bool, DbErr> {
        let now = Utc::now();
        let r = Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Succeeded))
            // `lease_owner` stays: it records which worker ran the job.
            .col_expr(Column::LeaseExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::LastError, Expr::value(Option::<String>::None))
            .filter(Self::held_by(id, worker_id))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// Record a failure: back to the queue after a backoff, or dead when it is permanent or
    /// the attempts are used up.
    pub async fn fail(
        &self,
        job: &ClaimedJob,
        worker_id: &str,
        error: &str,
        permanent: bool,
    ) -> Result<JobState, DbErr> {
        let now = Utc::now();
        let dead = permanent || job.attempts >= job.max_attempts;
        let error: String = error.chars().take(2000).collect();
        let mut update = Entity::update_many()
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(Column::LastError, Expr::value(error))
            .col_expr(Column::UpdatedAt, Expr::value(now));
        let state = if dead {
            update = update.col_expr(Column::FinishedAt, Expr::value(now));
            JobState::Dead
        } else {
            let run_at = now + ChronoDuration::from_std(backoff(job.attempts)).unwrap_or(ChronoDuration::seconds(5));
            update = update.col_expr(Column::RunAt, Expr::value(run_at));
            JobState::Queued
        };
        update
            .col_expr(Column::State, Expr::value(state))
            .filter(Self::held_by(job.id, worker_id))
            .exec(&self.db)
            .await?;
        Ok(state)
    }

    /// Put a job back in the queue for `until`, giving back the attempt its claim counted.
    pub async fn postpone(
        &self,
        job: &ClaimedJob,
        worker_id: &str,
        until: DateTime<Utc>,
        reason: &str,
    ) -> Result<bool, DbErr> {
        let reason: String = reason.chars().take(2000).collect();
        let r = Entity::update_many()
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(Column::LastError, Expr::value(reason))
            .col_expr(Column::RunAt, Expr::value(until))
            .col_expr(Column::Attempts, Expr::value((job.attempts - 1).max(0)))
            .col_expr(Column::UpdatedAt, Expr::value(Utc::now()))
            .col_expr(Column::State, Expr::value(JobState::Queued))
            .filter(Self::held_by(job.id, worker_id))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// Jobs whose worker vanished on their last allowed attempt will never be claimed again:
    /// declare them dead so an admin sees them.
    pub async fn reap_abandoned(&self) -> Result<u64, DbErr> {
        let now = Utc::now();
        let r = Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Dead))
            .col_expr(
                Column::LastError,
                Expr::value(
                    "Le processus qui exécutait cette tâche s'est arrêté (bail expiré) à la dernière tentative.",
                ),
            )
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::State.eq(JobState::Running))
            .filter(Column::LeaseExpiresAt.lt(now))
            .filter(Expr::col(Column::Attempts).gte(Expr::col(Column::MaxAttempts)))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected)
    }

    pub async fn set_progress(&self, id: i64, worker_id: &str, progress: &JobProgress) -> Result<(), DbErr> {
        let json = serde_json::to_string(progress).map_err(|e| DbErr::Custom(e.to_string()))?;
        Entity::update_many()
            .col_expr(Column::Progress, Expr::value(json))
            .col_expr(Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(Self::held_by(id, worker_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Give a dead job a fresh set of attempts (admin action).
    pub async fn retry_dead(&self, id: i64) -> Result<bool, DbErr> {
        let now = Utc::now();
        let r = Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Queued))
            .col_expr(Column::Attempts, Expr::value(0))
            .col_expr(Column::RunAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(Column::Id.eq(id))
            .filter(Column::State.eq(JobState::Dead))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    pub async fn get(&self, id: i64) -> Result<Option<entity::Model>, DbErr> {
        Entity::find_by_id(id).one(&self.db).await
    }

    /// How many jobs of each kind are in each state (the metrics' queue gauge).
    pub async fn count_by_kind_and_state(&self) -> Result<Vec<(String, String, i64)>, DbErr> {
        use sea_orm::QuerySelect;
        Entity::find()
            .select_only()
            .column(Column::Kind)
            .column(Column::State)
            .column_as(Expr::col(Column::Id).count(), "n")
            .group_by(Column::Kind)
            .group_by(Column::State)
            .into_tuple()
            .all(&self.db)
            .await
    }
}

/// Forget an organisation's jobs (its account is closed): every row but the ones a worker is
/// running now, which finish on data that no longer exists and change nothing.
pub async fn forget_organization<C: ConnectionTrait>(
    db: &C,
    organization_id: prospecta_shared::ids::OrgId,
) -> Result<(), DbErr> {
    use super::entity::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Entity::delete_many()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::State.ne(prospecta_shared::jobs::JobState::Running))
        .exec(db)
        .await?;
    Ok(())
}
