//! [`FormPool`] with a real headless Chromium: concurrent visits of corpus sites through a
//! bounded number of tabs, recovery from a killed browser (between visits and during one),
//! per-host politeness seen from the server side, and the memory cap's restart.

use super::forms::{corpus_dir, start_corpus_server, text};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use prospecta_server::net::{Guard, NetPolicy};
use prospecta_server::outreach::forms::engine::EngineConfig;
use prospecta_server::outreach::forms::{FormPool, PoolConfig, RunOptions};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(corpus_dir().join("expected.json")).expect("read")).expect("json")
}

fn config(tabs: usize, host_gap: Duration, shots: &str) -> (PoolConfig, PathBuf) {
    let dir = std::env::temp_dir().join(format!("prospecta-pool-{shots}-{}", std::process::id()));
    let engine = EngineConfig { screenshot_dir: dir.clone(), net: local_guard(), ..EngineConfig::default() };
    (PoolConfig { tabs, host_gap, engine, ..PoolConfig::default() }, dir)
}

/// The case's home page on the corpus server, and whether `outcome` is one its truth accepts.
fn case(port: u16, name: &str) -> (String, Vec<String>) {
    let exp = &expected()[name];
    let url = format!("http://127.0.0.1:{port}/{name}/{}", text(&exp["home_path"]));
    let mut ok = vec![text(&exp["outcome"])];
    ok.extend(exp["also_acceptable"].as_array().into_iter().flatten().map(text));
    (url, ok)
}

async fn run_case(pool: &FormPool, port: u16, name: &str) -> Result<(), String> {
    let (url, ok) = case(port, name);
    match pool.run(&url, &RunOptions::default()).await {
        // Named as in the JSON the engine writes, which the corpus's truth uses.
        Ok(run) => match text(&serde_json::json!(run.outcome)) {
            outcome if ok.contains(&outcome) => Ok(()),
            outcome => Err(format!("{name}: outcome {outcome} (expected {ok:?}); evidence: {}", run.evidence)),
        },
        Err(e) => Err(format!("{name}: {e}")),
    }
}

fn kill(pid: u32) {
    let status = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("run kill");
    assert!(status.success(), "kill -9 {pid} failed");
}

/// Waits until `pid` is gone or a zombie (headless_chrome reaps it only when dropped).
async fn wait_dead(pid: u32) {
    for _ in 0..50 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rfind(')').and_then(|i| stat[i + 1..].split_whitespace().next().map(str::to_string));
        if state.is_none_or(|s| s == "Z" || s == "X") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Chromium {pid} still runs after kill -9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_of_two_tabs_visits_four_sites_at_once_with_their_expected_outcomes() {
    let port = start_corpus_server().await;
    // All the corpus is on one host: politeness off, or the four visits would line up.
    let (config, shots) = config(2, Duration::ZERO, "four");
    let pool = FormPool::new(config);
    assert_eq!(pool.memory_mb(), None, "the browser starts on first use");
    let names = ["01-cf7-ajax", "06-php-reload", "11-recaptcha-v2", "12-no-form"];
    let results = futures::future::join_all(names.iter().map(|n| run_case(&pool, port, n))).await;
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    assert!(pool.memory_mb().is_some_and(|mb| mb > 0), "memory of a running browser");
    assert_eq!(pool.restarts(), 0);
    drop(pool);
    let _ = std::fs::remove_dir_all(&shots);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_browser_is_relaunched_and_the_site_still_visited() {
    let port = start_corpus_server().await;
    let (config, shots) = config(1, Duration::ZERO, "kill");
    let pool = FormPool::new(config);
    run_case(&pool, port, "06-php-reload").await.expect("first visit");
    let first = pool.browser_pid().expect("pid of the running browser");

    // Killed between two visits: the next one relaunches it.
    kill(first);
    wait_dead(first).await;
    run_case(&pool, port, "01-cf7-ajax").await.expect("visit after the kill");
    assert_eq!(pool.restarts(), 1);
    let second = pool.browser_pid().expect("pid of the new browser");
    assert_ne!(second, first);

    // Killed during a visit (a no-form site polls its contact page for several seconds): the
    // site is retried once in a new browser.
    let during = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        kill(second);
    };
    let (visit, ()) = tokio::join!(run_case(&pool, port, "12-no-form"), during);
    visit.expect("visit retried after a kill during it");
    assert_eq!(pool.restarts(), 2);
    drop(pool);
    let _ = std::fs::remove_dir_all(&shots);
}

/// Arrival instants of the requests a test server received, by path.
type Arrivals = Arc<Mutex<Vec<(String, Instant)>>>;

async fn record(State(seen): State<Arrivals>, uri: Uri) -> (StatusCode, &'static str) {
    seen.lock().expect("arrivals").push((uri.path().to_string(), Instant::now()));
    // A 404 ends the visit at once (site down): the test measures starts, not visits.
    (StatusCode::NOT_FOUND, "<!DOCTYPE html><title>Introuvable</title>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visits_to_one_host_start_at_least_the_gap_apart() {
    let seen: Arrivals = Arc::default();
    let app = Router::new().fallback(record).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let gap = Duration::from_secs(2);
    let (config, shots) = config(2, gap, "gap");
    let pool = FormPool::new(config);
    let opts = RunOptions { timeout: Duration::from_secs(20), ..RunOptions::default() };
    // A first visit launches the browser, so that the two measured ones open tabs alike.
    pool.run(&format!("http://127.0.0.1:{port}/visit/0"), &opts).await.expect("warm-up visit");
    let called = Instant::now();
    let (url_a, url_b) = (format!("http://127.0.0.1:{port}/visit/a"), format!("http://127.0.0.1:{port}/visit/b"));
    let (a, b) = tokio::join!(pool.run(&url_a, &opts), pool.run(&url_b, &opts));
    a.expect("visit a");
    b.expect("visit b");
    let returned = called.elapsed();
    drop(pool);
    let _ = std::fs::remove_dir_all(&shots);

    let mut starts: Vec<Instant> =
        seen.lock().expect("arrivals").iter().filter(|(p, _)| p.starts_with("/visit/")).map(|(_, t)| *t).collect();
    starts.sort();
    assert_eq!(starts.len(), 3, "one request per visit");
    // Two free tabs would start both at once; politeness spaces the three visits by the gap
    // (minus a margin for the time a tab takes to send its request, which varies a little).
    for pair in starts.windows(2) {
        let apart = pair[1] - pair[0];
        assert!(apart >= gap - Duration::from_millis(300), "visits {apart:?} apart (gap {gap:?})");
    }
    // Seen from the caller: the second visit could not start before two gaps after the first.
    assert!(returned >= gap, "both visits returned after {returned:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_over_its_memory_cap_is_restarted_before_the_next_visit() {
    let port = start_corpus_server().await;
    let (mut config, shots) = config(1, Duration::ZERO, "cap");
    // Any browser is over 1 MB: every visit marks it for a restart.
    config.memory_cap_mb = 1;
    let pool = FormPool::new(config);
    let opts = RunOptions { timeout: Duration::from_secs(20), ..RunOptions::default() };
    let missing = format!("http://127.0.0.1:{port}/absent/");
    pool.run(&missing, &opts).await.expect("first visit");
    let first = pool.browser_pid().expect("pid");
    assert_eq!(pool.restarts(), 0, "the restart waits for the next visit, once no tab is in use");
    pool.run(&missing, &opts).await.expect("second visit");
    assert_eq!(pool.restarts(), 1);
    assert_ne!(pool.browser_pid(), Some(first));
    drop(pool);
    let _ = std::fs::remove_dir_all(&shots);
}

/// The corpus is served on loopback: private networks allowed, as in the sandbox.
fn local_guard() -> Guard {
    Guard::system(NetPolicy::permissive())
}
