//! Server functions of the client area's dashboard.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::dashboard::DashboardFigures;

#[cfg(feature = "ssr")]
use {
    super::port::Dashboard,
    crate::server_ctx::{port, require_user},
};

/// `name`: the generated struct would otherwise be called `DashboardFigures`, like the DTO.
#[server(name = DashboardFiguresFn, endpoint = "workspace/dashboard")]
pub async fn dashboard_figures() -> Result<DashboardFigures, AppError> {
    let user = require_user()?;
    let offer = crate::business::api::current_offer(&user).await?;
    port::<dyn Dashboard>()?.figures(&user, offer).await
}
