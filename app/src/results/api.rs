//! Server functions of the results.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::results::{ResultsPeriod, ResultsView};

#[cfg(feature = "ssr")]
use {
    super::port::Results,
    crate::server_ctx::{port, require_user},
};

/// `period`: `30j`, `3m`, `12m` or `tout`.
#[server(endpoint = "results/overview")]
pub async fn load_results(period: String) -> Result<ResultsView, AppError> {
    let actor = require_user()?;
    let period = ResultsPeriod::parse(&period).ok_or(AppError::NotFound)?;
    port::<dyn Results>()?.results(&actor, period).await
}
