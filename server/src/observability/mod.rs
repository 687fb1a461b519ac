//! What operators see of a running process: structured logs with a span per request and per
//! job, and Prometheus metrics on their own listen address.
//!
//! - Logs go to stderr, human-readable by default, one JSON object per line with
//!   `LOG_FORMAT=json` (fields of the enclosing span included); `RUST_LOG` filters them.
//! - Every request runs in a `request` span (request id, method, matched route, organisation,
//!   status, latency) and every job in a `job` span (kind, id, attempt, outcome): any line logged
//!   while serving either carries them.
//! - `PROSPECTA_METRICS_BIND` (e.g. `127.0.0.1:9100`) serves `GET /metrics` in the Prometheus
//!   text format, away from the public port.

pub mod metrics;
mod request;

pub use metrics::serve_metrics;
pub use request::{REQUEST_ID_HEADER, record_organization, trace_request};

/// How log lines are written (`LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT=json` or `text` (the default); anything else is a configuration error.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("LOG_FORMAT").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            Err(_) | Ok("") | Ok("text") => Ok(LogFormat::Text),
            Ok("json") => Ok(LogFormat::Json),
            Ok(other) => Err(format!("LOG_FORMAT must be text or json, not {other:?}")),
        }
    }
}

/// Installs the process's log subscriber (once, at start-up).
pub fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        // One object per line, with the request's or job's span fields on every line.
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).init(),
    }
}
