use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::opposition::OppositionRecorded;

#[cfg(feature = "ssr")]
use {super::port::Opposition, crate::server_ctx::port};

/// Called when the page loads (on the server for the first render): the objection is recorded
/// at once, without a second click, as the law expects of an opt-out link.
#[server(endpoint = "opposition/link")]
pub async fn object_by_link(token: String) -> Result<OppositionRecorded, AppError> {
    port::<dyn Opposition>()?.object_by_token(&token).await
}

#[server(endpoint = "opposition/email")]
pub async fn object_by_email(email: String) -> Result<OppositionRecorded, AppError> {
    port::<dyn Opposition>()?.object_by_email(&email).await
}
