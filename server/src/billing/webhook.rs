//! `POST /webhooks/mollie`: the provider says "something happened to payment `id`" and nothing
//! more. The handler only queues [`super::SyncPayment`], which fetches the payment from the API
//! before believing anything, and answers 200 at once (the provider retries anything else). A
//! malformed or forged id costs one lookup and changes nothing.

use super::SyncPayment;
use crate::state::AppState;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use std::collections::HashMap;

pub const PATH: &str = "/webhooks/mollie";

/// A Mollie payment id: `tr_` and letters or digits. Anything else names none of ours.
pub fn is_payment_id(id: &str) -> bool {
    id.len() > 3 && id.len() <= 64 && id.starts_with("tr_") && id[3..].chars().all(|c| c.is_ascii_alphanumeric())
}

pub async fn receive(State(app): State<AppState>, Form(form): Form<HashMap<String, String>>) -> StatusCode {
    let Some(id) = form.get("id").map(|id| id.trim()) else {
        return StatusCode::BAD_REQUEST;
    };
    if !is_payment_id(id) {
        // Answered like a known id: the endpoint does not tell which ids exist.
        tracing::warn!(id = %id.chars().take(70).collect::<String>(), "payment webhook with a malformed id");
        return StatusCode::OK;
    }
    match crate::jobs::enqueue(&app.db, &SyncPayment { provider_payment_id: id.to_string() }).await {
        Ok(_) => StatusCode::OK,
        // The provider delivers again later.
        Err(e) => {
            tracing::error!(error = %e, "payment webhook not queued");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn payment_ids() {
        assert!(super::is_payment_id("tr_7UhSN1zuXS"));
        for bad in ["", "tr_", "sub_123", "tr_../../customers", "tr_a b", &format!("tr_{}", "a".repeat(70))] {
            assert!(!super::is_payment_id(bad), "{bad}");
        }
    }
}
