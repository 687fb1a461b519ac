//! `GET /app/factures/releves/{period}/pdf`: one of the organisation's statements as a PDF.
//! Another organisation's period answers 404, like one that does not exist.

use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prospecta_app::server_ctx::RequestIdentity;
use prospecta_shared::billing::StatementPeriod;

pub const PATH: &str = "/app/factures/releves/{period}/pdf";

pub async fn pdf(
    State(app): State<AppState>,
    Path(period): Path<String>,
    identity: Option<Extension<RequestIdentity>>,
) -> Response {
    let Some(user) = identity.and_then(|Extension(identity)| identity.user) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(period) = StatementPeriod::parse(&period) else { return StatusCode::NOT_FOUND.into_response() };
    let simulated = app.payments.simulated();
    let statement =
        match super::document(&app.db, user.organization_id, user.organization_name.clone(), period, simulated).await {
            Ok(Some(statement)) => statement,
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "statement unreadable");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
    let file_name = super::pdf::file_name(&statement);
    crate::billing::pdf_kit::download(file_name, "statement", move || super::pdf::render(&statement)).await
}
