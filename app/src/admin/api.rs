use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::ids::OrgId;
use prospecta_shared::jobs::{AdminOverview, JobRow, SandboxMail};

#[cfg(feature = "ssr")]
use {
    super::port::Admin,
    crate::server_ctx::{port, require_admin},
    prospecta_shared::jobs::JobState,
};

#[server(endpoint = "admin/overview")]
pub async fn load_admin_overview() -> Result<AdminOverview, AppError> {
    require_admin()?;
    port::<dyn Admin>()?.overview().await
}

/// `state` is one of the job states ("dead", "queued"...) or empty for all.
#[server(endpoint = "admin/jobs")]
pub async fn admin_jobs(state: String) -> Result<Vec<JobRow>, AppError> {
    require_admin()?;
    let state = if state.is_empty() { None } else { Some(JobState::parse(&state).ok_or(AppError::NotFound)?) };
    port::<dyn Admin>()?.jobs(state).await
}

#[server(endpoint = "admin/retry-job")]
pub async fn admin_retry_job(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let result = port::<dyn Admin>()?.retry_job(id).await;
    audited(&admin, prospecta_shared::agency::AdminAction::RetryJob, format!("Tâche n° {id}"), None, result).await
}

/// Keeps a successful admin action in the audit log (ADM), then answers as the action did. A
/// failed action is not kept: nothing happened.
#[cfg(feature = "ssr")]
pub(crate) async fn audited<T>(
    admin: &prospecta_shared::accounts::SessionUser,
    action: prospecta_shared::agency::AdminAction,
    detail: String,
    organization_id: Option<OrgId>,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    if result.is_ok() {
        port::<dyn Admin>()?.record_action(admin, action, detail, organization_id).await?;
    }
    result
}

/// `page` from 1.
#[server(endpoint = "admin/actions")]
pub async fn load_admin_actions(page: u64) -> Result<prospecta_shared::agency::AdminActionsPage, AppError> {
    require_admin()?;
    port::<dyn Admin>()?.actions(page.max(1)).await
}

#[server(endpoint = "admin/kpis")]
pub async fn load_platform_kpis() -> Result<prospecta_shared::agency::PlatformKpis, AppError> {
    require_admin()?;
    port::<dyn Admin>()?.kpis().await
}

#[server(endpoint = "admin/mails")]
pub async fn admin_sandbox_mails() -> Result<Vec<SandboxMail>, AppError> {
    require_admin()?;
    port::<dyn Admin>()?.sandbox_mails().await
}

/// Until billing credits each period, agency staff grant quotas by hand (`quota`: `prospects`
/// or `contacts`).
#[server(endpoint = "admin/grant-credits")]
pub async fn admin_grant_credits(organization_id: OrgId, quota: String, amount: String) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let quota = prospecta_shared::credits::Quota::parse(quota.trim())
        .ok_or_else(|| AppError::validation("quota", prospecta_shared::error::ValidationCode::Required))?;
    let amount: i64 = amount.trim().parse().map_err(|_| {
        AppError::validation("amount", prospecta_shared::error::ValidationCode::OutOfRange { min: 1, max: 100_000 })
    })?;
    if amount == 0 || amount.abs() > 100_000 {
        return Err(AppError::validation(
            "amount",
            prospecta_shared::error::ValidationCode::OutOfRange { min: 1, max: 100_000 },
        ));
    }
    let result = port::<dyn Admin>()?.grant_credits(admin.user_id, organization_id, quota, amount).await;
    let detail = format!("{} : {}", if amount > 0 { "Accordé" } else { "Retiré" }, quota.count_fr(amount.abs()));
    audited(&admin, prospecta_shared::agency::AdminAction::GrantCredits, detail, Some(organization_id), result).await
}
