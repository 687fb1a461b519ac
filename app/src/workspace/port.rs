use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::dashboard::DashboardFigures;

/// The dashboard's figures, implemented by the server from every capability's records, scoped
/// to the actor's organisation.
#[async_trait]
pub trait Dashboard: Send + Sync {
    async fn figures(&self, actor: &SessionUser) -> Result<DashboardFigures, AppError>;
}
