use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::results::{ResultsPeriod, ResultsView};

/// The results, implemented by the server, for the caller's organisation.
#[async_trait]
pub trait Results: Send + Sync {
    async fn results(&self, actor: &SessionUser, period: ResultsPeriod) -> Result<ResultsView, AppError>;
}
