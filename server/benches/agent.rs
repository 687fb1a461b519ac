//! The conversation path on the sandbox's mix of simulated prospects: how fast replies are read,
//! how long a reply takes from the mailbox to the agent's draft without the model's own time,
//! and how many tokens a conversation costs.
//! `cargo bench -p prospecta_server --bench agent [-- PROSPECTS]` (PostgreSQL at
//! PROSPECTA_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test).
//!
//! The real server (the integration tests' `TestApp`, sandbox mode) with the demo mailbox (the
//! sandbox's own SMTP and IMAP servers): a campaign's first e-mails really leave to PROSPECTS
//! simulated prospects (default 40, at most the trial's 50 contacts; the mailbox past its
//! warm-up, so the agent's replies fit in the day's cap too), who answer by their
//! character (interest, a price question, an objection, a refusal, an out-of-office, an unknown
//! address, a request to stop). Then:
//! 1. **parsing**: those replies, read by `conversations::inbound::parse` in a loop;
//! 2. **inbound to draft**: one IMAP poll (read, parse, file, enqueue) and the jobs it starts
//!    (the agent reading each human reply and drafting). The model is the sandbox's simulated
//!    one behind a timing proxy: its time is measured and taken out;
//! 3. **tokens per conversation**: every draft approved and sent, the prospects' answers polled
//!    and read again; the tokens the agent spent, per conversation it wrote in.

#[path = "../tests/it/support.rs"]
#[allow(dead_code, unused_macros)]
mod support;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use prospecta_server::conversations::inbound::parse;
use prospecta_server::conversations::poll::poll_one;
use prospecta_server::outreach::campaigns::dispatch::{Dispatched, dispatch};
use prospecta_server::sandbox::mail::prospect::character;
use prospecta_shared::conversations::{Inbox, MessageStatus, Thread};
use prospecta_shared::ids::{CampaignId, MailboxId};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Backend, Client, TestApp, exec, scalar};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let prospects: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(40).clamp(1, 50);
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(backend, prospects).await;
    }
}

/// The model's own time: a proxy in front of the sandbox's simulated model.
#[derive(Clone, Default)]
struct ModelClock {
    upstream: Arc<Mutex<String>>,
    nanos: Arc<AtomicU64>,
    calls: Arc<AtomicU64>,
}

impl ModelClock {
    fn spent(&self) -> (Duration, u64) {
        (Duration::from_nanos(self.nanos.load(Ordering::Relaxed)), self.calls.load(Ordering::Relaxed))
    }
}

async fn forward(State(clock): State<ModelClock>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let body: Bytes = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap_or_default();
    let upstream = clock.upstream.lock().expect("upstream").clone();
    let started = Instant::now();
    let answer = reqwest::Client::new()
        .post(format!("{upstream}{path}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the simulated model answers");
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap_or_default();
    clock.nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    clock.calls.fetch_add(1, Ordering::Relaxed);
    (axum::http::StatusCode::from_u16(status).unwrap_or_default(), [("content-type", "application/json")], bytes)
        .into_response()
}

async fn model_clock() -> (ModelClock, std::net::SocketAddr) {
    let clock = ModelClock::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = axum::Router::new().fallback(forward).with_state(clock.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (clock, addr)
}

async fn run(backend: Backend, prospects: u32) {
    let (clock, proxy) = model_clock().await;
    let upstream = clock.upstream.clone();
    let app = TestApp::start_with(backend, |c| {
        *upstream.lock().expect("upstream") = format!("{}/sandbox/llm", c.public_url);
        if let Some(llm) = c.llm.as_mut() {
            llm.provider.base_url = format!("http://{proxy}/v1");
        }
    })
    .await;
    let client = app.signed_up("bench@atelier-martin.fr", "Atelier Martin").await;
    client.call::<()>("mailboxes/connect-demo", &[]).await.expect("demo mailbox");
    let month_ago = (chrono::Utc::now() - chrono::Duration::days(30)).format("%Y-%m-%d %H:%M:%S%.f+00:00");
    exec(&app, &format!("UPDATE mailboxes SET first_send_at = '{month_ago}'")).await;
    let campaign = campaign(&app, &client, prospects).await;
    let mut sent = 0;
    while sent < prospects {
        exec(&app, &format!("UPDATE campaigns SET next_send_at = NULL WHERE id = {campaign}")).await;
        match dispatch(&app.state, campaign, chrono::Utc::now()).await.expect("dispatch") {
            Dispatched::Reserved { .. } => sent += 1,
            other => panic!("{sent} sent, then {other:?}"),
        }
        app.run_jobs().await;
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM mailbox_sends").await, i64::from(prospects));
    let mailbox = MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);

    // 1. Parsing the replies as they arrived.
    let rows = app
        .db()
        .query_all(Statement::from_string(app.db().get_database_backend(), "SELECT raw FROM sandbox_inbox_messages"))
        .await
        .expect("the replies");
    let replies: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String>("", "raw").ok()).collect();
    let passes = 200;
    let started = Instant::now();
    for _ in 0..passes {
        for raw in &replies {
            let _ = std::hint::black_box(parse(raw.as_bytes()));
        }
    }
    let per_second = (replies.len() * passes) as f64 / started.elapsed().as_secs_f64();

    // 2. From the mailbox to the drafts.
    let started = Instant::now();
    let read = poll_one(&app.state, mailbox).await.expect("poll");
    let polled = started.elapsed();
    app.run_jobs().await;
    let total = started.elapsed();
    let (model, calls) = clock.spent();
    let drafts = scalar(&app, "SELECT COUNT(*) AS n FROM conversation_messages WHERE status = 'draft'").await;
    let ours = total.saturating_sub(model);
    println!(
        "{backend:?}: {prospects} e-mails sent to {}; {read} replies read, {per_second:.0} parsed/s",
        mix(&app).await
    );
    println!(
        "  inbound to draft: {:.0} ms in all for {read} replies, of which the model {:.0} ms ({calls} calls); \
         ours {:.0} ms, {:.1} ms per reply (IMAP poll and filing {:.0} ms), {drafts} drafts",
        total.as_secs_f64() * 1e3,
        model.as_secs_f64() * 1e3,
        ours.as_secs_f64() * 1e3,
        ours.as_secs_f64() * 1e3 / read.max(1) as f64,
        polled.as_secs_f64() * 1e3,
    );

    // 3. Every draft sent, the prospects' answers read again: tokens per conversation.
    let open: Inbox = client.call("conversations/inbox", &[("stage", "Open")]).await.expect("inbox");
    for line in &open.conversations {
        let thread: Thread =
            client.call("conversations/thread", &[("id", &line.id.to_string())]).await.expect("thread");
        for draft in thread.messages.iter().filter(|m| m.status == MessageStatus::Draft) {
            client
                .call::<()>("conversations/send-draft", &[("message_id", &draft.id.to_string())])
                .await
                .expect("send");
        }
    }
    poll_one(&app.state, mailbox).await.expect("poll");
    app.run_jobs().await;
    let rows = app
        .db()
        .query_all(Statement::from_string(
            app.db().get_database_backend(),
            "SELECT conversation_id, SUM(tokens) AS tokens FROM conversation_messages \
             GROUP BY conversation_id HAVING SUM(tokens) > 0",
        ))
        .await
        .expect("tokens");
    let mut tokens: Vec<i64> = rows.iter().filter_map(|r| r.try_get::<i64>("", "tokens").ok()).collect();
    tokens.sort_unstable();
    let won = scalar(&app, "SELECT COUNT(*) AS n FROM conversations WHERE stage = 'won'").await;
    let mean = tokens.iter().sum::<i64>() as f64 / tokens.len().max(1) as f64;
    println!(
        "  tokens per conversation the agent wrote in: mean {mean:.0}, max {} over {} conversations ({won} won)",
        tokens.last().copied().unwrap_or_default(),
        tokens.len()
    );
}

/// The characters of the prospects written to, counted.
async fn mix(app: &TestApp) -> String {
    let rows = app
        .db()
        .query_all(Statement::from_string(app.db().get_database_backend(), "SELECT recipient FROM mailbox_sends"))
        .await
        .expect("recipients");
    let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
    for row in rows {
        let address: String = row.try_get("", "recipient").unwrap_or_default();
        *counts.entry(format!("{:?}", character(&address))).or_default() += 1;
    }
    counts.iter().map(|(who, n)| format!("{n} {who}")).collect::<Vec<_>>().join(", ")
}

/// A campaign whose `prospects` contacts have no usable form and an address of the simulated
/// web (`contact@societe-N.fr`, a character each): they go by e-mail.
async fn campaign(app: &TestApp, client: &Client, prospects: u32) -> CampaignId {
    let campaign = support::plumbers_campaign(app, client, prospects).await;
    exec(
        app,
        &format!(
            "UPDATE campaign_contacts SET state = 'email', channel = 'email', outcome = 'captcha' WHERE campaign_id = {campaign}"
        ),
    )
    .await;
    exec(
        app,
        &format!(
            "UPDATE companies SET email = 'contact@societe-' || id || '.fr' WHERE id IN \
             (SELECT company_id FROM campaign_contacts WHERE campaign_id = {campaign})"
        ),
    )
    .await;
    let _: serde_json::Value = client
        .call("campaigns/run", &[("campaign_id", &campaign.to_string()), ("running", "true")])
        .await
        .expect("play");
    exec(app, "DELETE FROM jobs WHERE kind = 'campaign.dispatch'").await;
    campaign
}
