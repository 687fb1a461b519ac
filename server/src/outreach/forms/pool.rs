//! [`FormPool`]: one headless Chromium shared by the campaign jobs of a worker process. Each
//! visit gets a tab among a bounded number (a tab costs a renderer process and CPU: the worker
//! has 2 cores), waits for the site's politeness delay, and survives a browser crash: the pool
//! relaunches Chromium once and retries the site once. A browser that grew past its memory cap
//! (Chromium leaks over hundreds of sites) is replaced once no tab is in use.

mod politeness;
mod procfs;

use super::engine::{EngineConfig, FormEngine, FormEngineError, FormRun, RunOptions};
use super::outcome::Outcome;
use politeness::HostGate;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, RwLock, RwLockReadGuard, Semaphore};

/// How the pool shares the browser.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// Sites visited at once, one tab each.
    pub tabs: usize,
    /// Memory of the whole browser (PSS of all its processes, see `procfs`), in MB, above which
    /// it is restarted once idle.
    pub memory_cap_mb: u64,
    /// Minimum delay between the starts of two visits to one host (`www.` ignored).
    pub host_gap: Duration,
    pub engine: EngineConfig,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig { tabs: 2, memory_cap_mb: 1500, host_gap: Duration::from_secs(10), engine: EngineConfig::default() }
    }
}

/// The running browser and its launch number, so that a restart decided for one browser never
/// replaces its successor.
struct Slot {
    engine: Arc<FormEngine>,
    generation: u64,
}

/// A shared, lazily launched browser; see the module documentation.
pub struct FormPool {
    config: PoolConfig,
    permits: Semaphore,
    hosts: HostGate,
    /// Every visit holds a read guard; replacing a browser that still works takes the write
    /// guard, hence waits until no tab is in use. tokio's lock is fair: visits arriving
    /// meanwhile queue behind the restart instead of starving it.
    in_use: RwLock<()>,
    /// Locked after `in_use`, never before (one order, no deadlock). Held during a launch so
    /// that concurrent callers finding the browser dead launch only one.
    slot: Mutex<Option<Slot>>,
    /// Generation of a live browser to replace once idle (over the memory cap, or unable to
    /// open a tab), 0 for none.
    restart_due: AtomicU64,
    /// Successful launches; the first is not a restart.
    launches: AtomicU64,
    /// The current Chromium's pid (0 before the first launch), readable without the lock.
    pid: AtomicU32,
}

impl FormPool {
    /// A pool with no browser yet: Chromium starts on the first visit, so a worker whose jobs
    /// never reach the form step never pays for it.
    pub fn new(config: PoolConfig) -> Self {
        FormPool {
            permits: Semaphore::new(config.tabs.max(1)),
            hosts: HostGate::new(config.host_gap),
            in_use: RwLock::new(()),
            slot: Mutex::new(None),
            restart_due: AtomicU64::new(0),
            launches: AtomicU64::new(0),
            pid: AtomicU32::new(0),
            config,
        }
    }

    /// Visits `url` as [`FormEngine::run`] does, once a tab is free and the host's politeness
    /// delay is over. A dead browser is relaunched and the site retried once; a second failure
    /// is returned.
    pub async fn run(&self, url: &str, opts: &RunOptions) -> Result<FormRun, FormEngineError> {
        let _tab = self
            .permits
            .acquire()
            .await
            .map_err(|_| FormEngineError::NewTab("le pool de navigateurs est fermé".into()))?;
        let mut retried = false;
        loop {
            let (in_use, engine, generation) = self.checkout().await?;
            // Inside the tab, so that the instant reserved is the visit's real start (a browser
            // launch or restart happens before it).
            self.hosts.wait_turn(url).await;
            let result = engine.run(url, opts).await;
            drop(in_use);
            let dead = !engine.process_id().is_none_or(procfs::is_running);
            // A site whose submit click happened (or was submitted) before the crash is not visited
            // again: a second message to a prospect is worse than a lost outcome.
            let submitted = matches!(&result, Ok(run) if run.outcome == Outcome::Submitted || run.submit_attempted);
            if !(result.is_err() || (dead && !submitted)) {
                self.watch_memory(generation);
                return result;
            }
            if !dead {
                // Chromium runs but refuses tabs (DevTools connection lost): the tabs still open
                // in it may be fine, so it is replaced once they are done.
                let _ = self.restart_due.compare_exchange(0, generation, Ordering::SeqCst, Ordering::SeqCst);
            }
            if retried {
                return result;
            }
            retried = true;
            // The retry waits for the host's politeness again: it is a second visit to the site.
            tracing::warn!(url, dead, error = ?result.as_ref().err(), "navigateur en échec : relance et nouvel essai");
        }
    }

    /// How many times the browser was relaunched (crash, lost connection or memory cap).
    pub fn restarts(&self) -> u64 {
        self.launches.load(Ordering::SeqCst).saturating_sub(1)
    }

    /// Memory of the running browser and all its processes (PSS summed), in MB, measured now;
    /// `None` before the first launch or when it is dead.
    pub fn memory_mb(&self) -> Option<u64> {
        match self.pid.load(Ordering::SeqCst) {
            0 => None,
            pid => procfs::tree_memory_kb(pid).map(|kb| kb / 1024),
        }
    }

    /// The running Chromium's pid (tests kill it to check crash recovery).
    pub fn browser_pid(&self) -> Option<u32> {
        Some(self.pid.load(Ordering::SeqCst)).filter(|p| *p != 0)
    }

    /// The browser to visit with, and the guard that marks a tab in use: launches it on first
    /// use, relaunches it at once when dead (its tabs fail anyway), and carries out a restart
    /// due for a live browser once no tab uses it.
    async fn checkout(&self) -> Result<(RwLockReadGuard<'_, ()>, Arc<FormEngine>, u64), FormEngineError> {
        let due = self.restart_due.load(Ordering::SeqCst);
        if due != 0 {
            let idle = self.in_use.write().await;
            let mut slot = self.slot.lock().await;
            if slot.as_ref().is_some_and(|s| s.generation == due) {
                self.relaunch(&mut slot).await?;
            }
            let _ = self.restart_due.compare_exchange(due, 0, Ordering::SeqCst, Ordering::SeqCst);
            drop(slot);
            drop(idle);
        }
        let in_use = self.in_use.read().await;
        let mut slot = self.slot.lock().await;
        let alive = slot.as_ref().is_some_and(|s| s.engine.process_id().is_none_or(procfs::is_running));
        if !alive {
            self.relaunch(&mut slot).await?;
        }
        match slot.as_ref() {
            Some(s) => Ok((in_use, s.engine.clone(), s.generation)),
            None => Err(FormEngineError::NewTab("navigateur indisponible".into())),
        }
    }

    /// Replaces the browser in `slot` (or starts the first one). Launching and dropping
    /// Chromium block (process spawn, kill and wait, profile removal): both run off the async
    /// threads.
    async fn relaunch(&self, slot: &mut Option<Slot>) -> Result<(), FormEngineError> {
        self.pid.store(0, Ordering::SeqCst);
        if let Some(old) = slot.take() {
            // The old Chromium goes first: two browsers side by side would double the memory
            // the cap is there to bound.
            let _ = tokio::task::spawn_blocking(move || drop(old)).await;
        }
        let config = self.config.engine.clone();
        let path = config.chromium_path.display().to_string();
        let engine = tokio::task::spawn_blocking(move || FormEngine::launch(config))
            .await
            .map_err(|e| FormEngineError::BrowserLaunch { path, reason: e.to_string() })??;
        let generation = self.launches.fetch_add(1, Ordering::SeqCst) + 1;
        self.pid.store(engine.process_id().unwrap_or(0), Ordering::SeqCst);
        if generation > 1 {
            tracing::info!(generation, "navigateur des formulaires relancé");
        }
        *slot = Some(Slot { engine: Arc::new(engine), generation });
        Ok(())
    }

    /// After a visit: a browser over the cap is marked for a restart once idle. Reading `/proc`
    /// takes a few milliseconds, negligible beside a visit.
    fn watch_memory(&self, generation: u64) {
        if let Some(mb) = self.memory_mb()
            && mb > self.config.memory_cap_mb
            && self.restart_due.compare_exchange(0, generation, Ordering::SeqCst, Ordering::SeqCst).is_ok()
        {
            tracing::info!(
                mb,
                cap = self.config.memory_cap_mb,
                "navigateur au-dessus du plafond mémoire : redémarrage"
            );
        }
    }
}
