use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::dashboard::DashboardFigures;
use prospecta_shared::ids::OfferId;

/// The dashboard's figures, implemented by the server from every capability's records, scoped
/// to the actor's organisation and to one of its offers.
#[async_trait]
pub trait Dashboard: Send + Sync {
    async fn figures(&self, actor: &SessionUser, offer_id: OfferId) -> Result<DashboardFigures, AppError>;
}
