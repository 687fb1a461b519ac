//! What operators see: request ids, spans in JSON logs, the Prometheus endpoint on its own
//! address; and what the wire carries: compressed responses, precompressed bundle files.

use crate::both_databases;
use crate::jobs::{WorkerProcess, wait_for};
use crate::support::{Backend, TestApp};
use prospecta_server::jobs::enqueue;
use prospecta_server::mail::{OutgoingMail, SendEmail};
use reqwest::StatusCode;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

both_databases!(
    metrics_are_served_on_their_own_address,
    a_worker_logs_its_jobs_as_json_with_their_span,
    pages_and_the_bundle_leave_compressed,
    server_function_errors_answer_with_their_status,
);

fn mail(to: &str) -> SendEmail {
    SendEmail {
        mail: OutgoingMail { to: to.into(), subject: "Bonjour".into(), text: "Bonjour".into() },
        organization_id: None,
    }
}

async fn scrape(base: &str) -> String {
    let response = reqwest::get(format!("{base}/metrics")).await.expect("scrape");
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    response.text().await.unwrap()
}

/// The sum of a metric's series whose labels contain every one of `labels`, as this process
/// exposes them now. Counters are per process and tests share one: callers assert "at least".
pub(crate) async fn metric(app: &TestApp, name: &str, labels: &[&str]) -> f64 {
    let body = prospecta_server::observability::metrics::render(app.db()).await.expect("render");
    body.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) && labels.iter().all(|label| l.contains(label)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn metrics_are_served_on_their_own_address(backend: Backend) {
    let app = TestApp::start(backend).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(prospecta_server::observability::serve_metrics(listener, app.db().clone()));

    // A request names its matched route, not its path; its id comes back in a header, and a
    // proxy's id is kept.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client
        .get(format!("{}/app/campagnes/4242", app.base))
        .header("x-request-id", "edge-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "anonymous visitors go to the login page");
    assert_eq!(response.headers()["x-request-id"], "edge-1234");
    let fresh = client.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(fresh.headers()["x-request-id"].len(), 32, "a request without id gets one");
    enqueue(app.db(), &mail("a@exemple.fr")).await.unwrap();
    enqueue(app.db(), &mail("b@exemple.fr")).await.unwrap();

    let body = scrape(&metrics).await;
    let latency = body
        .lines()
        .find(|l| {
            l.starts_with("prospecta_http_request_duration_seconds_count")
                && l.contains("route=\"/app/campagnes/{id}\"")
                && l.contains("status=\"303\"")
                && l.contains("method=\"GET\"")
        })
        .unwrap_or_else(|| panic!("no latency series for the campaign route in:\n{body}"));
    let count: u64 = latency.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 1, "{latency}");
    // Only label sets are checked: a sample's value (a duration sum, a byte count) may happen
    // to contain the digits.
    let labelled_with_path =
        body.lines().filter_map(|l| Some(&l[l.find('{')?..=l.rfind('}')?])).find(|labels| labels.contains("4242"));
    assert_eq!(labelled_with_path, None, "paths never become labels");
    assert!(
        body.lines().any(|l| l.starts_with("prospecta_jobs{")
            && l.contains("kind=\"mail.send\"")
            && l.contains("state=\"queued\"")
            && l.ends_with(" 2")),
        "the queue gauge reads the jobs table:\n{body}"
    );
    // Once sent, the gauge follows the table at the next scrape.
    app.run_jobs().await;
    let body = scrape(&metrics).await;
    assert!(
        body.lines().any(|l| l.starts_with("prospecta_jobs{")
            && l.contains("kind=\"mail.send\"")
            && l.contains("state=\"succeeded\"")
            && l.ends_with(" 2")),
        "{body}"
    );
    assert!(!body.lines().any(|l| l.starts_with("prospecta_jobs{") && l.contains("state=\"queued\"")), "{body}");

    // Not on the public port.
    let public = client.get(format!("{}/metrics", app.base)).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
}

/// The `worker` binary with `LOG_FORMAT=json` and `PROSPECTA_METRICS_BIND`: each line is a JSON
/// object, a job's lines carry its span, and the metrics answer on the configured address.
async fn a_worker_logs_its_jobs_as_json_with_their_span(backend: Backend) {
    let app = TestApp::start(backend).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.database.url)
        .env("PROSPECTA_MODE", "sandbox")
        .env("ENRICHMENT_ENABLED", "false")
        .env("PROSPECTA_JOB_POLL_MS", "50")
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
        .env("PROSPECTA_METRICS_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn prospecta worker");
    let stderr = child.stderr.take().unwrap();
    let _worker = WorkerProcess::from(child);
    let (lines, mut lines_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let metrics = format!("http://127.0.0.1:{port}");
    wait_for("the worker's metrics endpoint", Duration::from_secs(60), async || {
        reqwest::get(format!("{metrics}/metrics")).await.is_ok_and(|r| r.status().is_success())
    })
    .await;
    let id = enqueue(app.db(), &mail("c@exemple.fr")).await.unwrap().expect("a new job");

    let finished = tokio::time::timeout(Duration::from_secs(60), async {
        let mut seen = Vec::new();
        while let Some(line) = lines_rx.recv().await {
            let event: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
            if event["fields"]["message"] == "job succeeded" {
                return event;
            }
            seen.push(line);
        }
        panic!("the worker stopped before the job ended:\n{}", seen.join("\n"))
    })
    .await
    .expect("the job's end is logged");
    assert_eq!(finished["level"], "INFO");
    let span = &finished["span"];
    assert_eq!(span["name"], "job", "{finished}");
    assert_eq!(span["kind"], "mail.send", "{finished}");
    assert_eq!(span["id"], id, "{finished}");
    assert_eq!(span["attempt"], 1, "{finished}");
    assert_eq!(span["outcome"], "succeeded", "{finished}");
    assert!(scrape(&metrics).await.contains("kind=\"mail.send\",state=\"succeeded\"} 1"));
}

async fn pages_and_the_bundle_leave_compressed(backend: Backend) {
    let site = std::env::temp_dir().join(format!("prospecta-site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let css = ".btn{color:#123456;padding:4px}\n".repeat(200);
    std::fs::write(site.join("pkg/prospecta.css"), &css).unwrap();
    // A twin written by the production build: sent as is, never compressed again.
    std::fs::write(site.join("pkg/prospecta.css.br"), b"precompressed twin").unwrap();
    let root = site.display().to_string();
    let app = TestApp::start_with(backend, move |c| c.site_root = root).await;
    let client = reqwest::Client::new();
    let get = async |path: &str, encoding: &str| {
        let r = client.get(format!("{}{path}", app.base)).header("accept-encoding", encoding).send().await.unwrap();
        let headers = r.headers().clone();
        (r.status(), headers, r.bytes().await.unwrap())
    };

    let (status, plain_headers, plain) = get("/connexion", "identity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain_headers.get("content-encoding").is_none());
    let (status, headers, compressed) = get("/connexion", "br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "br");
    assert!(compressed.len() * 2 < plain.len(), "{} bytes brotli for {} plain", compressed.len(), plain.len());
    let (_, headers, _) = get("/connexion", "gzip").await;
    assert_eq!(headers["content-encoding"], "gzip");

    let (status, headers, body) = get("/pkg/prospecta.css", "br, gzip").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(&body[..], b"precompressed twin");
    assert_eq!(headers["cache-control"], "no-cache", "a debug bundle is revalidated");
    let (_, headers, body) = get("/pkg/prospecta.css", "gzip").await;
    assert_eq!(headers["content-encoding"], "gzip", "compressed on the fly without a gzip twin");
    assert!(body.len() < css.len() / 10);
    let (_, headers, body) = get("/pkg/prospecta.css", "identity").await;
    assert!(headers.get("content-encoding").is_none());
    assert_eq!(body.len(), css.len());
    let (status, _, _) = get("/pkg/absent.js", "br").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(site);
}

/// A refused input is a 4xx, not a fault of ours: logs, proxies and the latency metric's status
/// label tell them apart. The body is still the typed error the app reads.
async fn server_function_errors_answer_with_their_status(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("statut@client.fr", "Statut").await;
    let post = async |path: &str, form: &[(&str, &str)]| {
        let r = client
            .http
            .post(format!("{}/api/{path}", app.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, serde_json::from_str::<prospecta_shared::AppError>(&r.text().await.unwrap()).ok())
    };
    let (status, error) = post("campaigns/live", &[("campaign_id", "987654")]).await;
    assert_eq!((status, error), (404, Some(prospecta_shared::AppError::NotFound)));
    let form = [
        ("email", "pas-une-adresse"),
        ("password", "un-mot-de-passe-long"),
        ("company", "ACME"),
        ("first_name", "Camille"),
        ("last_name", "Martin"),
    ];
    let (status, error) = post("accounts/signup", &form).await;
    assert_eq!(status, 400, "{error:?}");
    let anonymous = app.client();
    let r = anonymous
        .http
        .post(format!("{}/api/accounts/login", app.base))
        .header("accept", "application/json")
        .form(&[("email", "statut@client.fr"), ("password", "pas le bon mot de passe"), ("next", "/app")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    // A success is untouched.
    let (status, _) = post("accounts/shell", &[]).await;
    assert_eq!(status, 200);
}
