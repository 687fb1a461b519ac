use crate::both_databases;
use crate::support::{Backend, TestApp};
use prospecta_server::accounts::jobs::PurgeExpired;
use prospecta_server::config::{MailTransport, SmtpConfig};
use prospecta_server::jobs::{JobColumn, JobEntity, JobRecord, JobRecordActive, JobStore, enqueue};
use prospecta_server::mail::{OutgoingMail, SendEmail, sink};
use prospecta_shared::jobs::JobState;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

both_databases!(
    idempotency_keys_make_one_job,
    failures_back_off_then_die_keeping_the_error,
    an_unreadable_payload_dies_at_once,
    a_lost_lease_lets_another_worker_take_over,
    two_worker_processes_never_run_a_job_twice,
    a_killed_worker_s_job_is_picked_up_after_its_lease,
);

fn mail(i: usize) -> SendEmail {
    SendEmail {
        mail: OutgoingMail {
            to: format!("client{i}@exemple.fr"),
            subject: format!("Message {i}"),
            text: "Bonjour".into(),
        },
        organization_id: None,
    }
}

async fn jobs(app: &TestApp) -> Vec<JobRecord> {
    JobEntity::find().order_by_asc(JobColumn::Id).all(app.db()).await.unwrap()
}

async fn make_all_due(app: &TestApp) {
    JobEntity::update_many()
        .col_expr(JobColumn::RunAt, Expr::value(chrono::Utc::now() - chrono::Duration::seconds(1)))
        .exec(app.db())
        .await
        .unwrap();
}

async fn idempotency_keys_make_one_job(backend: Backend) {
    let app = TestApp::start(backend).await;
    let tick = PurgeExpired { tick: "2026-11-25T14:07".into() };
    assert!(enqueue(app.db(), &tick).await.unwrap().is_some());
    assert_eq!(enqueue(app.db(), &tick).await.unwrap(), None, "same tick, same job");
    assert!(enqueue(app.db(), &PurgeExpired { tick: "2026-11-25T15:07".into() }).await.unwrap().is_some());
    // Jobs without a key are never deduplicated.
    enqueue(app.db(), &mail(1)).await.unwrap();
    enqueue(app.db(), &mail(1)).await.unwrap();
    assert_eq!(app.count("jobs").await, 4);
    assert_eq!(app.run_jobs().await, 4, "{:#?}", jobs(&app).await);
    assert!(jobs(&app).await.iter().all(|j| j.state == JobState::Succeeded && j.attempts == 1));
}

async fn failures_back_off_then_die_keeping_the_error(backend: Backend) {
    // A relay that refuses connections: every attempt fails with a temporary error.
    let app = TestApp::start_with(backend, |c| {
        c.mail = MailTransport::Smtp(SmtpConfig {
            host: "127.0.0.1".into(),
            port: 1,
            tls: false,
            username: None,
            password: None,
            timeout: Duration::from_secs(2),
        })
    })
    .await;
    enqueue(app.db(), &mail(1)).await.unwrap();
    let mut delays = Vec::new();
    for attempt in 1..=6 {
        assert_eq!(app.run_jobs().await, 1, "attempt {attempt}");
        assert_eq!(app.run_jobs().await, 0, "not due again before its backoff");
        let job = jobs(&app).await.remove(0);
        assert_eq!(job.attempts, attempt);
        assert!(job.last_error.as_deref().is_some_and(|e| !e.is_empty()));
        if attempt < 6 {
            assert_eq!(job.state, JobState::Queued);
            delays.push((job.run_at - job.updated_at).num_milliseconds());
            make_all_due(&app).await;
        } else {
            assert_eq!(job.state, JobState::Dead, "dead after MAX_ATTEMPTS, error kept for the admin");
            assert!(job.finished_at.is_some());
        }
    }
    // 5 s, 10 s, 20 s... with ±20 % jitter.
    for (i, d) in delays.iter().enumerate() {
        let base = 5000.0 * 2f64.powi(i as i32);
        assert!((*d as f64) >= base * 0.79 && (*d as f64) <= base * 1.21, "delay {i}: {d} ms");
    }
    assert_eq!(app.count("sandbox_mails").await, 0);
    // An admin can give it a fresh start.
    let id = jobs(&app).await[0].id;
    assert!(JobStore::new(app.db().clone()).retry_dead(id).await.unwrap());
    assert_eq!(jobs(&app).await[0].state, JobState::Queued);
}

async fn an_unreadable_payload_dies_at_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let id = enqueue(app.db(), &mail(1)).await.unwrap().unwrap();
    let store = JobStore::new(app.db().clone());
    let mut row: JobRecordActive = store.get(id).await.unwrap().unwrap().into();
    row.payload = Set("{\"pas\": \"un courriel\"}".into());
    row.update(app.db()).await.unwrap();
    app.run_jobs().await;
    let job = store.get(id).await.unwrap().unwrap();
    assert_eq!((job.state.as_str(), job.attempts), ("dead", 1), "a permanent error burns no further attempt");
    assert!(job.last_error.unwrap().contains("payload illisible"));
}

async fn a_lost_lease_lets_another_worker_take_over(backend: Backend) {
    let app = TestApp::start(backend).await;
    let store = JobStore::new(app.db().clone());
    let id = enqueue(app.db(), &mail(1)).await.unwrap().unwrap();
    let kinds = ["mail.send"];
    let lease = Duration::from_millis(1500);
    let first = store.claim("worker-a", &kinds, lease).await.unwrap().expect("claimed");
    assert_eq!((first.id, first.attempts), (id, 1));
    assert!(store.claim("worker-b", &kinds, lease).await.unwrap().is_none(), "held by A");
    assert!(store.heartbeat(id, "worker-a", lease).await.unwrap(), "A extends its lease");
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let second = store.claim("worker-b", &kinds, lease).await.unwrap().expect("expired lease: B takes over");
    assert_eq!((second.id, second.attempts), (id, 2));
    assert!(!store.heartbeat(id, "worker-a", lease).await.unwrap(), "A learns it lost the lease");
    assert!(!store.complete(id, "worker-a").await.unwrap(), "A cannot complete B's job");
    assert!(store.complete(id, "worker-b").await.unwrap());
    assert_eq!(store.get(id).await.unwrap().unwrap().state, JobState::Succeeded);
}

pub(crate) struct WorkerProcess(Child);

impl From<Child> for WorkerProcess {
    fn from(child: Child) -> Self {
        WorkerProcess(child)
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn spawn_worker(database_url: &str, extra_env: &[(&str, String)]) -> WorkerProcess {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prospecta"));
    cmd.arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("PROSPECTA_MODE", "sandbox")
        // As in `TestApp`: these workers test the job runtime, not enrichment.
        .env("ENRICHMENT_ENABLED", "false")
        .env("PROSPECTA_JOB_LEASE_SECS", "2")
        .env("PROSPECTA_JOB_POLL_MS", "50")
        .env("PROSPECTA_WORKER_CONCURRENCY", "4")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    WorkerProcess(cmd.spawn().expect("spawn prospecta worker"))
}

pub(crate) async fn wait_for(what: &str, timeout: Duration, mut check: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn two_worker_processes_never_run_a_job_twice(backend: Backend) {
    let app = TestApp::start(backend).await;
    const N: usize = 300;
    let _a = spawn_worker(&app.database.url, &[]);
    let _b = spawn_worker(&app.database.url, &[]);
    // Jobs trickle in until both processes have taken one: then both are polling, however late
    // one of them started on a loaded machine.
    let mut enqueued = 0;
    wait_for("both worker processes to take jobs", Duration::from_secs(60), async || {
        enqueue(app.db(), &mail(enqueued)).await.unwrap();
        enqueued += 1;
        let owners: HashSet<_> = jobs(&app).await.into_iter().filter_map(|j| j.lease_owner).collect();
        owners.len() == 2
    })
    .await;
    let total = N.max(enqueued);
    for i in enqueued..total {
        enqueue(app.db(), &mail(i)).await.unwrap();
    }
    wait_for("all jobs done", Duration::from_secs(90), async || {
        jobs(&app).await.iter().filter(|j| j.state == JobState::Succeeded).count() == total
    })
    .await;
    let done = jobs(&app).await;
    assert!(done.iter().all(|j| j.attempts == 1), "no job was claimed twice");
    let mails = sink::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(mails.len(), total, "each e-mail sent exactly once");
    assert_eq!(mails.iter().map(|m| m.subject.clone()).collect::<HashSet<_>>().len(), total);
}

async fn a_killed_worker_s_job_is_picked_up_after_its_lease(backend: Backend) {
    let app = TestApp::start(backend).await;
    // A relay that accepts the connection and never answers: the first worker hangs in it.
    let relay = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_port = relay.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = relay.accept().await {
            held.push(socket);
        }
    });
    let id = enqueue(app.db(), &mail(7)).await.unwrap().unwrap();
    let store = JobStore::new(app.db().clone());
    let mut first = spawn_worker(
        &app.database.url,
        &[
            ("SMTP_HOST", "127.0.0.1".into()),
            ("SMTP_PORT", relay_port.to_string()),
            ("SMTP_TLS", "false".into()),
            ("SMTP_TIMEOUT_SECS", "600".into()),
        ],
    );
    wait_for("the first worker to claim the job", Duration::from_secs(30), async || {
        store.get(id).await.unwrap().unwrap().state == JobState::Running
    })
    .await;
    let dead_owner = store.get(id).await.unwrap().unwrap().lease_owner.unwrap();
    first.0.kill().unwrap(); // SIGKILL: no clean-up runs
    first.0.wait().unwrap();
    assert_eq!(store.get(id).await.unwrap().unwrap().state, JobState::Running, "nobody released it");

    let _second = spawn_worker(&app.database.url, &[]);
    wait_for("the job to be taken over", Duration::from_secs(30), async || {
        store.get(id).await.unwrap().unwrap().state == JobState::Succeeded
    })
    .await;
    let job = store.get(id).await.unwrap().unwrap();
    assert_eq!(job.attempts, 2);
    assert_ne!(job.lease_owner.unwrap(), dead_owner);
    assert_eq!(app.count("sandbox_mails").await, 1);
}
