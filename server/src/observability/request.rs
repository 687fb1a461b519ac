//! The `request` span: one per HTTP request, with an id echoed in `X-Request-Id`.

use super::metrics;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use prospecta_shared::ids::OrgId;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Wraps every request in a span and records its latency. The route is the matched pattern
/// (`/app/campagnes/{id}`), never the raw path, so logs group and metrics keep few series.
pub async fn trace_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = route_of(&req);
    let method = req.method().clone();
    let id = request_id(req.headers().get(REQUEST_ID_HEADER));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        route = %route,
        org = tracing::field::Empty,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    let mut response = next.run(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    span.record("status", status);
    span.record("latency_ms", elapsed.as_secs_f64() * 1000.0);
    span.in_scope(|| {
        if response.status().is_server_error() {
            // With its context in the event itself: at `RUST_LOG=warn` the span is filtered out.
            tracing::warn!(request_id = %id, method = %method, route = %route, status, "request failed");
        } else {
            tracing::info!("request served");
        }
    });
    metrics::observe_request(method.as_str(), &route, status, elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Called once the session is resolved: the organisation joins the request's span.
pub fn record_organization(organization_id: OrgId) {
    tracing::Span::current().record("org", organization_id.0);
}

fn route_of(req: &Request) -> String {
    if let Some(path) = req.extensions().get::<MatchedPath>() {
        return path.as_str().to_string();
    }
    // Unmatched requests are static files or 404s: one series each, whatever the path.
    if req.uri().path().starts_with("/pkg/") { "/pkg/{file}".into() } else { "unmatched".into() }
}

/// A proxy's id is kept when it is a short token (so a request can be followed across hops);
/// anything else is replaced, so a client cannot forge log lines through it.
fn request_id(incoming: Option<&HeaderValue>) -> String {
    incoming
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_request_id_is_kept_only_when_it_is_a_plain_token() {
        let kept = HeaderValue::from_static("lb-7f3a.42_x");
        assert_eq!(request_id(Some(&kept)), "lb-7f3a.42_x");
        for forged in ["a b", "x\u{7f}", "", "id;drop", &"x".repeat(65)] {
            let value = HeaderValue::from_str(forged).ok();
            let id = request_id(value.as_ref());
            assert_ne!(id, forged);
            assert_eq!(id.len(), 32, "a fresh id replaces {forged:?}");
        }
        assert_eq!(request_id(None).len(), 32);
    }
}
