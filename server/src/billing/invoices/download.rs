//! `GET /app/factures/{id}/pdf`: one of the organisation's documents as a PDF. Another
//! organisation's document answers 404, like one that does not exist.

use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prospecta_app::server_ctx::RequestIdentity;
use prospecta_shared::ids::InvoiceId;

pub const PATH: &str = "/app/factures/{id}/pdf";

pub async fn pdf(
    State(app): State<AppState>,
    Path(id): Path<InvoiceId>,
    identity: Option<Extension<RequestIdentity>>,
) -> Response {
    let Some(user) = identity.and_then(|Extension(identity)| identity.user) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let document = match super::document(&app.db, user.organization_id, id).await {
        Ok(Some(document)) => document,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "invoice unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let file_name = document.file_name();
    crate::billing::pdf_kit::download(file_name, "invoice", move || super::pdf::render(&document)).await
}
