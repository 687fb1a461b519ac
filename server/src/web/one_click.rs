//! `/opposition/un-clic?jeton=…`, the `List-Unsubscribe` address of every e-mail we send: a
//! `POST` (RFC 8058 one-click, `List-Unsubscribe=One-Click`, sent by the recipient's mail
//! provider) records the objection at once; a `GET` (the link opened in a browser) leads to the
//! opposition page, which asks for a confirmation click.

use crate::opposition::OppositionService;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use prospecta_app::opposition::port::Opposition;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Token {
    #[serde(default)]
    jeton: String,
}

pub async fn page(Query(token): Query<Token>) -> Redirect {
    Redirect::to(&format!("/opposition?jeton={}", prospecta_shared::format::percent_encode(&token.jeton, b"")))
}

pub async fn object(State(app): State<AppState>, Query(token): Query<Token>) -> Response {
    let service = OppositionService::new(
        app.db.clone(),
        app.config.opposition_secret.clone(),
        app.config.opposition_hash_key.clone(),
    );
    match service.object_by_token(&token.jeton).await {
        Ok(_) => {
            (StatusCode::OK, "Votre opposition est enregistrée : vous ne recevrez plus de messages.").into_response()
        }
        Err(e) if e.http_status() == 400 => (StatusCode::BAD_REQUEST, e.message_fr()).into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e.message_fr()).into_response(),
    }
}
