//! Anti-abuse limits (issue 12): fixed-window counters in the `rate_counters` table, so a limit
//! holds across every process of the deployment. One hit is one atomic upsert that answers the
//! count after it: concurrent hits each get a distinct count, so "at most N" holds under a
//! burst (SQLite serialises writers; PostgreSQL's upsert locks the row).

use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::error::LimitedAction;
use sea_orm::{ConnectionTrait, DbErr};
use std::time::Duration;

/// At most `max` per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_hour(max: u32) -> Limit {
        Limit { max, window: Duration::from_secs(3600) }
    }
    pub const fn per_day(max: u32) -> Limit {
        Limit { max, window: Duration::from_secs(24 * 3600) }
    }
}

/// The counter of one bucket after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub count: u64,
    /// Unix seconds at which the window ends and the count starts again.
    pub resets_at: i64,
}

impl Hit {
    pub fn retry_after_secs(&self) -> u64 {
        (self.resets_at - Utc::now().timestamp()).max(1) as u64
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error("too many {action:?} ({limit} per window)")]
    Exceeded { action: LimitedAction, limit: u32, retry_after_secs: u64 },
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<LimitError> for AppError {
    fn from(e: LimitError) -> Self {
        match e {
            LimitError::Exceeded { action, limit, retry_after_secs } => {
                AppError::TooMany { action, limit, retry_after_secs }
            }
            LimitError::Db(e) => crate::error::internal("limits", e),
        }
    }
}

/// Count one more in `bucket`; a window that has ended starts again at 1.
pub async fn hit<C: ConnectionTrait>(db: &C, bucket: &str, window: Duration) -> Result<Hit, DbErr> {
    let now = Utc::now().timestamp();
    let ends = now + window.as_secs().max(1) as i64;
    let statement = crate::db::portable_statement(
        db.get_database_backend(),
        "INSERT INTO rate_counters (bucket, hits, resets_at) VALUES ($1, 1, $2) \
         ON CONFLICT (bucket) DO UPDATE SET \
         hits = CASE WHEN rate_counters.resets_at <= $3 THEN 1 ELSE rate_counters.hits + 1 END, \
         resets_at = CASE WHEN rate_counters.resets_at <= $3 THEN $2 ELSE rate_counters.resets_at END \
         RETURNING hits, resets_at",
        [bucket.chars().take(300).collect::<String>().into(), ends.into(), now.into()],
    );
    let row = db.query_one(statement).await?.ok_or_else(|| DbErr::RecordNotFound("rate_counters".into()))?;
    Ok(Hit { count: row.try_get::<i64>("", "hits")?.max(0) as u64, resets_at: row.try_get("", "resets_at")? })
}

/// A bucket's count without counting (0 when its window ended or it never started).
pub async fn peek<C: ConnectionTrait>(db: &C, bucket: &str) -> Result<Hit, DbErr> {
    let now = Utc::now().timestamp();
    let statement = crate::db::portable_statement(
        db.get_database_backend(),
        "SELECT hits, resets_at FROM rate_counters WHERE bucket = $1 AND resets_at > $2",
        [bucket.into(), now.into()],
    );
    Ok(match db.query_one(statement).await? {
        Some(row) => {
            Hit { count: row.try_get::<i64>("", "hits")?.max(0) as u64, resets_at: row.try_get("", "resets_at")? }
        }
        None => Hit { count: 0, resets_at: now },
    })
}

/// Push the end of a bucket's current window to `until` (unix seconds), never earlier.
pub async fn extend<C: ConnectionTrait>(db: &C, bucket: &str, until: i64) -> Result<(), DbErr> {
    let statement = crate::db::portable_statement(
        db.get_database_backend(),
        "UPDATE rate_counters SET resets_at = $2 WHERE bucket = $1 AND resets_at < $2",
        [bucket.into(), until.into()],
    );
    db.execute(statement).await?;
    Ok(())
}

/// Forget a bucket (a successful login clears its failures).
pub async fn clear<C: ConnectionTrait>(db: &C, bucket: &str) -> Result<(), DbErr> {
    let statement = crate::db::portable_statement(
        db.get_database_backend(),
        "DELETE FROM rate_counters WHERE bucket = $1",
        [bucket.into()],
    );
    db.execute(statement).await?;
    Ok(())
}

/// One `action` for `key` (an IP, an organisation, an address): refused past the limit.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    action: LimitedAction,
    key: &str,
    limit: Limit,
) -> Result<(), LimitError> {
    let hit = hit(db, &format!("{action:?}:{key}"), limit.window).await?;
    if hit.count > u64::from(limit.max) {
        return Err(LimitError::Exceeded { action, limit: limit.max, retry_after_secs: hit.retry_after_secs() });
    }
    Ok(())
}

/// Delete the counters whose window ended (the accounts purge job calls this).
pub async fn purge<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let statement = crate::db::portable_statement(
        db.get_database_backend(),
        "DELETE FROM rate_counters WHERE resets_at <= $1",
        [Utc::now().timestamp().into()],
    );
    Ok(db.execute(statement).await?.rows_affected())
}
