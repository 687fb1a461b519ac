//! `POST /webhooks/mail/inbound`: mail providers that push the messages they receive (an inbound
//! route) post each raw message (RFC 5322 bytes) here with `Authorization: Bearer
//! <INBOUND_MAIL_TOKEN>`. The message is read, acted on and stored at once
//! (`conversations::receive`); the same message delivered again changes nothing. Without a
//! configured token the endpoint does not exist.

use crate::conversations::receive::{ReceiveError, receive};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The largest message accepted (attachments included).
pub const MAX_MESSAGE_BYTES: usize = 40 * 1024 * 1024;

/// Compares the whole of both tokens whatever differs first.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

pub async fn inbound_mail(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(expected) = app.config.inbound_mail_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_token(given.trim().as_bytes(), expected.as_bytes()) {
        tracing::warn!("inbound mail refused: missing or wrong token");
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "jeton d'authentification manquant ou invalide"})))
            .into_response();
    }
    match receive(&app.db, &app.config.opposition_hash_key, &body, None).await {
        Ok(receipt) => (StatusCode::ACCEPTED, Json(receipt)).into_response(),
        Err(ReceiveError::NotAMessage(e)) => {
            (StatusCode::BAD_REQUEST, Json(json!({"error": e.to_string()}))).into_response()
        }
        // The provider delivers again later: nothing was stored, nothing is lost.
        Err(ReceiveError::Db(e)) => {
            tracing::error!(error = %e, "inbound mail not stored");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"error": "stockage indisponible, réessayez"})))
                .into_response()
        }
    }
}
