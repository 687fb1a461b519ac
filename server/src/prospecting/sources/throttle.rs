//! Per-host politeness. Shared mode (the product): one row per host holds the earliest time the
//! next request may start, and reserving a slot is one atomic `UPDATE … RETURNING`, so two
//! workers on two machines never take the same slot. Local mode (operator commands without a
//! database): the same rule inside one process.

use crate::db::portable_statement;
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub enum HostThrottle {
    Shared(DatabaseConnection),
    Local(Arc<Mutex<HashMap<String, i64>>>),
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl HostThrottle {
    pub fn new(db: DatabaseConnection) -> Self {
        HostThrottle::Shared(db)
    }

    pub fn local() -> Self {
        HostThrottle::Local(Arc::default())
    }

    /// Wait for this process's turn on `host`: at most one request per `interval` (±20 %
    /// jitter, so our rhythm does not look like a metronome).
    pub async fn wait_turn(&self, host: &str, interval: Duration) -> Result<(), DbErr> {
        let slot = self.reserve(host, interval).await?;
        let wait = slot - now_ms();
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
        Ok(())
    }

    /// Take the next free slot on `host` and return when it starts (ms since the epoch).
    pub async fn reserve(&self, host: &str, interval: Duration) -> Result<i64, DbErr> {
        let jittered = (interval.as_millis() as f64 * rand::rng().random_range(0.8..1.2)) as i64;
        let db = match self {
            HostThrottle::Shared(db) => db,
            HostThrottle::Local(slots) => {
                let now = now_ms();
                let mut slots = slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let next = slots.entry(host.to_string()).or_insert(now);
                let slot = (*next).max(now);
                *next = slot + jittered;
                return Ok(slot);
            }
        };
        let backend = db.get_database_backend();
        let now = now_ms();
        db.execute(portable_statement(
            backend,
            "INSERT INTO host_slots (host, next_ms) VALUES ($1, $2) ON CONFLICT (host) DO NOTHING",
            [host.into(), now.into()],
        ))
        .await?;
        let row = db
            .query_one(portable_statement(
                backend,
                "UPDATE host_slots SET next_ms = (CASE WHEN next_ms < $1 THEN $1 ELSE next_ms END) + $2 \
                 WHERE host = $3 RETURNING next_ms",
                [now.into(), jittered.into(), host.into()],
            ))
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("host slot {host}")))?;
        let next: i64 = row.try_get("", "next_ms")?;
        Ok(next - jittered)
    }
}
