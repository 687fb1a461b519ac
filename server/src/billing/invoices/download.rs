//! `GET /app/factures/{id}/pdf`: one of the organisation's documents as a PDF. Another
//! organisation's document answers 404, like one that does not exist.

use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
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
    match tokio::task::spawn_blocking(move || super::pdf::render(&document)).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "invoice PDF not drawn");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "invoice PDF task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
