//! Form pool throughput and memory: the real [`FormPool`] and headless Chromium submitting the
//! contact-form corpus (`../shared/fixtures/contact-forms/`, served by `serve.py` on loopback).
//!
//! `bench/forms/run.sh` (or `cargo bench -p prospecta_server --bench forms`) prints, for pools
//! of 1, 2 and 4 tabs: forms per minute (sites visited, whatever their outcome), the speed-up
//! over one tab, the browser's peak resident memory (all its processes) and the peak memory per
//! extra tab, then the slowest cases with one tab. Options: `--rounds N` (corpus passes per
//! size, default enough for 24 sites), `--sizes 1,2,4`.
//!
//! Every fixture is on the same host (127.0.0.1:PORT): the pools run with `host_gap` zero, or
//! politeness would serialise the corpus and measure the gap, not the pool.

use prospecta_server::net::{Guard, NetPolicy};
use prospecta_server::outreach::forms::engine::EngineConfig;
use prospecta_server::outreach::forms::{FormPool, PoolConfig, RunOptions};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Sites per pool size at least, as the targets are stated.
const MIN_SITES: usize = 24;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures")
}

/// `serve.py` on a free port; killed when dropped.
struct CorpusServer {
    child: Child,
    port: u16,
}

impl CorpusServer {
    fn start() -> Result<Self, String> {
        let dir = fixtures().join("contact-forms");
        let mut child = Command::new("python3")
            .arg(fixtures().join("serve.py"))
            .arg(&dir)
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("serve.py ne démarre pas : {e}"))?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        match line.trim().parse() {
            Ok(port) => Ok(CorpusServer { child, port }),
            Err(_) => {
                let _ = child.kill();
                Err(format!("serve.py n'a pas donné de port (corpus attendu dans {})", dir.display()))
            }
        }
    }
}

impl Drop for CorpusServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Case {
    name: String,
    home_path: String,
    acceptable: Vec<String>,
}

fn cases() -> Result<Vec<Case>, String> {
    let path = fixtures().join("contact-forms/expected.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let truth: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    Ok(truth
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, exp)| {
            let mut acceptable = vec![s(&exp["outcome"])];
            acceptable.extend(exp["also_acceptable"].as_array().into_iter().flatten().map(s));
            Case { name: name.clone(), home_path: s(&exp["home_path"]), acceptable }
        })
        .collect())
}

/// One visit: the case, how long it took, its outcome or the pool's error.
type Visit = (String, Duration, Result<String, String>);

struct Figures {
    tabs: usize,
    sites: usize,
    as_expected: usize,
    mismatches: Vec<String>,
    elapsed: Duration,
    idle_mb: u64,
    peak_mb: u64,
    restarts: u64,
    /// Per case: visit durations.
    visits: HashMap<String, Vec<Duration>>,
}

impl Figures {
    fn per_minute(&self) -> f64 {
        self.sites as f64 * 60.0 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// One pool of `tabs` tabs over `rounds` passes of the corpus, with as many concurrent
/// callers as tabs (campaign jobs feeding the pool).
async fn measure(tabs: usize, cases: &[Case], rounds: usize, port: u16, shots: &Path) -> Figures {
    let engine = EngineConfig { screenshot_dir: shots.to_path_buf(), net: local_guard(), ..EngineConfig::default() };
    let pool = Arc::new(FormPool::new(PoolConfig { tabs, host_gap: Duration::ZERO, engine, ..PoolConfig::default() }));
    let opts = RunOptions::default();
    let url = |c: &Case| format!("http://127.0.0.1:{port}/{}/{}", c.name, c.home_path);
    // Warm-up, not timed: a worker launches its browser once, not per site.
    if let Some(first) = cases.first()
        && let Err(e) = pool.run(&url(first), &opts).await
    {
        eprintln!("échauffement : {e}");
    }
    let idle_mb = pool.memory_mb().unwrap_or(0);

    let peak = Arc::new(AtomicU64::new(idle_mb));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = tokio::spawn({
        let (pool, peak, stop) = (pool.clone(), peak.clone(), stop.clone());
        async move {
            while !stop.load(Ordering::SeqCst) {
                if let Some(mb) = tokio::task::spawn_blocking({
                    let pool = pool.clone();
                    move || pool.memory_mb()
                })
                .await
                .ok()
                .flatten()
                {
                    peak.fetch_max(mb, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });

    let queue: Mutex<VecDeque<&Case>> = Mutex::new((0..rounds).flat_map(|_| cases.iter()).collect());
    let results: Mutex<Vec<Visit>> = Mutex::new(Vec::new());
    let started = Instant::now();
    let worker = || async {
        while let Some(case) = queue.lock().ok().and_then(|mut q| q.pop_front()) {
            let t = Instant::now();
            // Named as in the JSON the engine writes, which the corpus's truth uses.
            let got = pool
                .run(&url(case), &opts)
                .await
                .map(|r| serde_json::json!(r.outcome).as_str().unwrap_or_default().to_string())
                .map_err(|e| e.to_string());
            if let Ok(mut r) = results.lock() {
                r.push((case.name.clone(), t.elapsed(), got));
            }
        }
    };
    futures::future::join_all((0..tabs).map(|_| worker())).await;
    let elapsed = started.elapsed();
    stop.store(true, Ordering::SeqCst);
    let _ = sampler.await;

    let results = results.into_inner().unwrap_or_default();
    let mut figures = Figures {
        tabs,
        sites: results.len(),
        as_expected: 0,
        mismatches: Vec::new(),
        elapsed,
        idle_mb,
        peak_mb: peak.load(Ordering::SeqCst),
        restarts: pool.restarts(),
        visits: HashMap::new(),
    };
    for (name, took, got) in results {
        let case = cases.iter().find(|c| c.name == name);
        match (&got, case) {
            (Ok(outcome), Some(c)) if c.acceptable.contains(outcome) => figures.as_expected += 1,
            (Ok(outcome), Some(c)) => {
                figures.mismatches.push(format!("{name}: {outcome} (attendu {:?})", c.acceptable))
            }
            (Err(e), _) => figures.mismatches.push(format!("{name}: erreur {e}")),
            (Ok(_), None) => {}
        }
        figures.visits.entry(name).or_default().push(took);
    }
    figures
}

fn arg_value(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases = match cases() {
        Ok(c) if !c.is_empty() => c,
        Ok(_) => return eprintln!("corpus vide"),
        Err(e) => return eprintln!("{e}"),
    };
    let rounds = arg_value(&args, "--rounds")
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| MIN_SITES.div_ceil(cases.len()))
        .max(1);
    let sizes: Vec<usize> = arg_value(&args, "--sizes")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).filter(|n| *n > 0).collect())
        .unwrap_or_else(|| vec![1, 2, 4]);
    let server = match CorpusServer::start() {
        Ok(s) => s,
        Err(e) => return eprintln!("{e}"),
    };
    let shots = std::env::temp_dir().join(format!("prospecta-bench-forms-{}", std::process::id()));
    println!(
        "form pool: {} cases × {rounds} round(s) per size, loopback fixtures, host_gap 0, real submissions",
        cases.len()
    );
    println!(
        "{:>4} {:>6} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>13} {:>8}",
        "tabs",
        "sites",
        "expected",
        "elapsed",
        "forms/min",
        "speed-up",
        "idle MB",
        "peak MB",
        "MB/extra tab",
        "restarts"
    );
    let mut all: Vec<Figures> = Vec::new();
    for tabs in sizes {
        let f = measure(tabs, &cases, rounds, server.port, &shots).await;
        let base = all.iter().find(|b| b.tabs == 1);
        let speed_up = base.map_or("-".to_string(), |b| format!("{:.2}×", f.per_minute() / b.per_minute()));
        let per_tab = match base {
            Some(b) if tabs > 1 => {
                format!("{:.0}", (f.peak_mb as f64 - b.peak_mb as f64) / (tabs as f64 - 1.0))
            }
            _ => "-".to_string(),
        };
        println!(
            "{:>4} {:>6} {:>9} {:>8.1}s {:>9.1} {:>8} {:>8} {:>8} {:>13} {:>8}",
            tabs,
            f.sites,
            format!("{}/{}", f.as_expected, f.sites),
            f.elapsed.as_secs_f64(),
            f.per_minute(),
            speed_up,
            f.idle_mb,
            f.peak_mb,
            per_tab,
            f.restarts
        );
        for m in &f.mismatches {
            println!("     ≠ {m}");
        }
        all.push(f);
    }
    if let Some(one) = all.iter().find(|f| f.tabs == 1) {
        let mut by_case: Vec<(&String, f64)> = one
            .visits
            .iter()
            .map(|(name, d)| (name, d.iter().map(Duration::as_secs_f64).sum::<f64>() / d.len().max(1) as f64))
            .collect();
        by_case.sort_by(|a, b| b.1.total_cmp(&a.1));
        let total: f64 = by_case.iter().map(|c| c.1).sum();
        println!("visit time with 1 tab: mean {:.1} s; slowest cases:", total / by_case.len().max(1) as f64);
        for (name, secs) in by_case.iter().take(8) {
            println!("  {name:<28} {secs:>5.1} s");
        }
    }
    let _ = std::fs::remove_dir_all(&shots);
    drop(server);
}

/// The corpus is served on loopback: private networks allowed, as in the sandbox.
fn local_guard() -> Guard {
    Guard::system(NetPolicy::permissive())
}
