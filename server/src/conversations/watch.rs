//! IMAP IDLE (RFC 2177): each process holds the inboxes it watches open, so a reply is read
//! within seconds of its arrival instead of at the next minute's poll ([`super::poll`], which
//! stays as the backstop and for servers without IDLE). One watcher per mailbox across processes:
//! a lease on the mailbox's row, renewed at every scan; a process that dies lets its leases run
//! out and another one takes its mailboxes.

use super::poll::poll_one;
use crate::mailboxes::{self, PollError};
use crate::state::AppState;
use prospecta_shared::ids::MailboxId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// How often the process claims mailboxes and renews its leases.
const SCAN: Duration = Duration::from_secs(30);
/// A lease outlives three scans: a slow database does not hand a mailbox over.
const LEASE: Duration = Duration::from_secs(90);
/// IDLE is issued again after this (RFC 2177 asks for less than 29 minutes; routers drop quiet
/// connections sooner).
const IDLE_MAX: Duration = Duration::from_secs(9 * 60);
/// After a failure to reach the server, before trying again.
const RETRY: Duration = Duration::from_secs(60);
/// A server without IDLE is asked again after this (it may have been upgraded).
const NO_IDLE_FOR: Duration = Duration::from_secs(3600);
/// Inboxes one process holds open.
const PER_PROCESS: u64 = 200;

/// Watches the mailboxes this process can hold until `stop` says so, then lets them go.
pub async fn run(app: AppState, watcher: String, mut stop: tokio::sync::watch::Receiver<bool>) {
    let without_idle: Arc<Mutex<HashMap<MailboxId, Instant>>> = Arc::default();
    let mut running: HashMap<MailboxId, JoinHandle<()>> = HashMap::new();
    loop {
        running.retain(|_, task| !task.is_finished());
        match mailboxes::claim_watches(&app.db, &watcher, LEASE, PER_PROCESS).await {
            Ok(held) => {
                // A mailbox paused or disconnected is no longer held: its inbox is let go.
                running.retain(|id, task| {
                    let keep = held.contains(id);
                    if !keep {
                        task.abort();
                    }
                    keep
                });
                for id in held {
                    let skipped = without_idle
                        .lock()
                        .map(|m| m.get(&id).is_some_and(|since| since.elapsed() < NO_IDLE_FOR))
                        .unwrap_or(false);
                    if !skipped && !running.contains_key(&id) {
                        running.insert(id, tokio::spawn(watch_one(app.clone(), id, without_idle.clone())));
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "surveillance des messageries : réclamation impossible"),
        }
        tokio::select! {
            _ = tokio::time::sleep(SCAN) => {}
            _ = stop.changed() => break,
        }
    }
    for (id, task) in running {
        task.abort();
        let _ = mailboxes::release_watch(&app.db, &watcher, id).await;
    }
}

/// Reads what is new, then waits on the inbox; again and again.
#[tracing::instrument(name = "mail.watch", skip(app, without_idle), fields(mailbox_id = %id))]
async fn watch_one(app: AppState, id: MailboxId, without_idle: Arc<Mutex<HashMap<MailboxId, Instant>>>) {
    loop {
        // Mail that arrived before the IDLE began is read now, not at the next change.
        if let Err(e) = poll_one(&app, id).await {
            tracing::debug!("relève impossible : {e}");
        }
        match mailboxes::wait_for_mail(&app, id, IDLE_MAX).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                tracing::info!("le serveur IMAP ne propose pas IDLE : relève chaque minute");
                if let Ok(mut m) = without_idle.lock() {
                    m.insert(id, Instant::now());
                }
                return;
            }
            Err(PollError::Inactive) => return,
            Err(e) => {
                tracing::warn!("messagerie injoignable, nouvel essai dans une minute : {e}");
                tokio::time::sleep(RETRY).await;
            }
        }
    }
}

/// A name for this process's watcher, unique across machines and restarts.
pub fn watcher_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "prospecta".into());
    format!("{host}-{}-{}", std::process::id(), chrono::Utc::now().timestamp_millis())
}
