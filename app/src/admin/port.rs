use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::ids::{OrgId, UserId};
use prospecta_shared::jobs::{AdminOverview, JobRow, JobState, SandboxMail};

#[async_trait]
pub trait Admin: Send + Sync {
    async fn overview(&self) -> Result<AdminOverview, AppError>;
    async fn jobs(&self, state: Option<JobState>) -> Result<Vec<JobRow>, AppError>;
    async fn retry_job(&self, job_id: i64) -> Result<(), AppError>;
    async fn sandbox_mails(&self) -> Result<Vec<SandboxMail>, AppError>;
    /// Keeps an admin's action in the audit log.
    async fn record_action(
        &self,
        admin: &prospecta_shared::accounts::SessionUser,
        action: prospecta_shared::agency::AdminAction,
        detail: String,
        organization_id: Option<OrgId>,
    ) -> Result<(), AppError>;
    /// One page (from 1) of the audit log, the newest first.
    async fn actions(&self, page: u64) -> Result<prospecta_shared::agency::AdminActionsPage, AppError>;
    /// The platform's indicators (clients, MRR, activity, language model, success).
    async fn kpis(&self) -> Result<prospecta_shared::agency::PlatformKpis, AppError>;
    /// Grant (or withdraw, negative) units of one quota to an organisation; returns its new balance.
    async fn grant_credits(
        &self,
        admin_user_id: UserId,
        organization_id: OrgId,
        quota: prospecta_shared::credits::Quota,
        amount: i64,
    ) -> Result<i64, AppError>;
}
