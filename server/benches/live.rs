//! The campaign page's live stream with 100 pages open on one campaign: what it costs the
//! server, idle and while the campaign moves.
//! `cargo bench -p prospecta_server --bench live [-- PAGES SECONDS]` (PostgreSQL at
//! PROSPECTA_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test).
//!
//! The real server (the integration tests' `TestApp`: the router on a loopback port, sandbox
//! mode) with a client signed up, a database generated on the simulated web and unlocked, and a
//! campaign on it whose two variants have been sent (so the page shows the A/B test's chances,
//! the heaviest figure). PAGES streams (`/app/campagnes/{id}/flux`, the session cookie of the
//! owner) are opened and read to the end of each event. Two phases of SECONDS each:
//! - **idle**: nothing changes; each stream still checks its session and reads the shared
//!   figures every second;
//! - **moving**: one more contact is marked sent every second, so every page receives new
//!   figures every second.
//!
//! It prints, per phase, the CPU time the process used (user + system, from `/proc/self/stat`)
//! as a share of one core, the figure computations (≈ 30 queries each) and the events the pages
//! received. The streams' clients run in the same process: the CPU share is the server's plus
//! theirs, an upper bound of the server's.

#[path = "../tests/it/support.rs"]
#[allow(dead_code, unused_macros)]
mod support;

use prospecta_shared::ids::CampaignId;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{Backend, TestApp, exec, scalar};

const UNLOCKED: u32 = 40;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let pages: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    // The test client ends a request after 120 s: both phases and the set-up must fit.
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20).min(50);
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(backend, pages, Duration::from_secs(seconds)).await;
    }
}

async fn run(backend: Backend, pages: usize, phase: Duration) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("bench@plomberie-conseil.fr", "Plomberie Conseil").await;
    let campaign = support::plumbers_campaign(&app, &client, UNLOCKED).await;
    let contacts =
        scalar(&app, &format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE campaign_id = {campaign}")).await;
    // Half the contacts already went out, split between the two variants, past the minimum
    // sample: the page shows each variant's chance of being the best (the Monte-Carlo).
    exec(&app, &format!("UPDATE campaigns SET min_sample = 1 WHERE id = {campaign}")).await;
    mark_sent(&app, campaign, contacts / 2).await;

    let received = Arc::new(AtomicU64::new(0));
    for _ in 0..pages {
        let response = client
            .http
            .get(format!("{}/app/campagnes/{campaign}/flux", client.base))
            .send()
            .await
            .expect("open the live stream");
        assert_eq!(response.status(), reqwest::StatusCode::OK, "the live stream opens");
        tokio::spawn(read_events(response, received.clone()));
    }
    // Every page got its first figures before measuring.
    let deadline = Instant::now() + Duration::from_secs(30);
    while received.load(Ordering::Relaxed) < pages as u64 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("{backend:?}: {pages} pages open on a campaign of {contacts} contacts");

    let idle = Phase::start(&app, &received);
    tokio::time::sleep(phase).await;
    idle.print("idle", &app, &received, pages);

    let moving = Phase::start(&app, &received);
    let mut sent = contacts / 2;
    let end = Instant::now() + phase;
    while Instant::now() < end {
        sent = (sent + 1).min(contacts);
        mark_sent(&app, campaign, sent).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    moving.print("moving (one more contact sent per second)", &app, &received, pages);
}

/// Reads one stream to its end, counting its `live` events.
async fn read_events(mut response: reqwest::Response, received: Arc<AtomicU64>) {
    let mut pending = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        pending.push_str(&String::from_utf8_lossy(&chunk));
        // An event ends with a blank line.
        while let Some(end) = pending.find("\n\n") {
            if pending[..end].contains("event: live") {
                received.fetch_add(1, Ordering::Relaxed);
            }
            pending.drain(..end + 2);
        }
    }
}

struct Phase {
    started: Instant,
    cpu: Duration,
    computations: u64,
    received: u64,
}

impl Phase {
    fn start(app: &TestApp, received: &AtomicU64) -> Phase {
        Phase {
            started: Instant::now(),
            cpu: process_cpu(),
            computations: app.state.live.computations(),
            received: received.load(Ordering::Relaxed),
        }
    }

    fn print(self, name: &str, app: &TestApp, received: &AtomicU64, pages: usize) {
        let wall = self.started.elapsed().as_secs_f64();
        let cpu = (process_cpu() - self.cpu).as_secs_f64();
        let computations = app.state.live.computations() - self.computations;
        let events = received.load(Ordering::Relaxed) - self.received;
        println!(
            "  {name}: {:.1} % of one core, {:.2} figure computations/s, {:.2} events/s per page",
            100.0 * cpu / wall,
            computations as f64 / wall,
            events as f64 / wall / pages as f64,
        );
    }
}

/// CPU time (user + system) this process used so far.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("stat") + 2..].split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name and state.
    let ticks: u64 = fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // In USER_HZ, which the kernel's ABI fixes at 100 per second on Linux.
    Duration::from_millis(ticks * 10)
}

/// Marks the campaign's first `count` contacts sent, alternating between its two first variants.
async fn mark_sent(app: &TestApp, campaign: CampaignId, count: i64) {
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S%.f+00:00");
    exec(
        app,
        &format!(
            "UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = '{now}', variant_id = \
             (SELECT MIN(id) FROM campaign_variants v WHERE v.campaign_id = {campaign} AND v.kind = 'initial') \
             + (campaign_contacts.id % 2) WHERE campaign_id = {campaign} AND state <> 'sent' AND id IN \
             (SELECT id FROM campaign_contacts c WHERE c.campaign_id = {campaign} ORDER BY id LIMIT {count})"
        ),
    )
    .await;
}
