use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::opposition::OppositionRecorded;

#[async_trait]
pub trait Opposition: Send + Sync {
    /// Record the objection a personal link stands for (its address and its company).
    async fn object_by_token(&self, token: &str) -> Result<OppositionRecorded, AppError>;
    /// Record an objection typed on the page (another address of the same person).
    async fn object_by_email(&self, email: &str) -> Result<OppositionRecorded, AppError>;
}
