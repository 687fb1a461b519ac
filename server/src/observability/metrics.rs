//! Prometheus metrics. Counters and histograms live in this process (each `serve` or `worker`
//! process is scraped on its own address); the job queue's gauge is read from the database at
//! scrape time, so any process reports the whole queue.

use crate::jobs::JobStore;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;
use std::sync::OnceLock;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FormLabels {
    /// `sent`, `failed` or `unknown`.
    state: String,
    /// The engine's outcome: the reason of a failure (`captcha`, `no_form`, …).
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TokenLabels {
    purpose: String,
    /// `input` or `output`.
    direction: &'static str,
}

type LatencyHistogram = Family<RequestLabels, Histogram, fn() -> Histogram>;

struct Metrics {
    registry: Registry,
    requests: LatencyHistogram,
    forms: Family<FormLabels, Counter>,
    llm_tokens: Family<TokenLabels, Counter>,
}

fn latency_histogram() -> Histogram {
    // 1 ms … ~16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::with_prefix("prospecta");
        let requests: LatencyHistogram = Family::new_with_constructor(latency_histogram);
        let forms = Family::<FormLabels, Counter>::default();
        let llm_tokens = Family::<TokenLabels, Counter>::default();
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by matched route",
            requests.clone(),
        );
        registry.register("forms", "Contact forms finished by this process, by state and outcome", forms.clone());
        registry.register("llm_tokens", "Language model tokens spent by this process, by purpose", llm_tokens.clone());
        Metrics { registry, requests, forms, llm_tokens }
    })
}

pub fn observe_request(method: &str, route: &str, status: u16, seconds: f64) {
    let labels = RequestLabels { method: method.to_string(), route: route.to_string(), status };
    metrics().requests.get_or_create(&labels).observe(seconds);
}

/// A contact form reached its end (`state`: sent, failed, unknown).
pub fn form_finished(state: &str, outcome: &str) {
    let labels = FormLabels { state: state.to_string(), outcome: outcome.to_string() };
    metrics().forms.get_or_create(&labels).inc();
}

pub fn llm_tokens_spent(purpose: &str, input: u64, output: u64) {
    let m = metrics();
    m.llm_tokens.get_or_create(&TokenLabels { purpose: purpose.to_string(), direction: "input" }).inc_by(input);
    m.llm_tokens.get_or_create(&TokenLabels { purpose: purpose.to_string(), direction: "output" }).inc_by(output);
}

/// The exposition: this process's families, then the queue as the database has it now (in a
/// registry of its own per scrape, so a state that emptied disappears and two scrapes never mix).
pub async fn render(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let counts = JobStore::new(db.clone()).count_by_kind_and_state().await?;
    let jobs = Family::<JobLabels, Gauge>::default();
    for (kind, state, n) in counts {
        jobs.get_or_create(&JobLabels { kind, state }).set(n);
    }
    let mut queue = Registry::with_prefix("prospecta");
    queue.register("jobs", "Jobs in the queue, by kind and state", jobs);
    let mut out = String::new();
    encode_registry(&mut out, &metrics().registry)
        .and_then(|()| encode_registry(&mut out, &queue))
        .and_then(|()| encode_eof(&mut out))
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    Ok(out)
}

async fn scrape(State(db): State<DatabaseConnection>) -> impl IntoResponse {
    match render(&db).await {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "metrics scrape failed");
            (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable").into_response()
        }
    }
}

/// Serves `GET /metrics` on `listener` until the process ends (`PROSPECTA_METRICS_BIND`).
pub async fn serve_metrics(listener: tokio::net::TcpListener, db: DatabaseConnection) -> std::io::Result<()> {
    let router = Router::new().route("/metrics", get(scrape)).with_state(db);
    axum::serve(listener, router).await
}
