//! The agency back office's data. Callers (server functions) have already checked the admin
//! role; this reads across organisations on purpose, and only here.

use crate::accounts::directory;
use crate::credits;
use crate::error::capability_error;
use crate::jobs::{JobColumn, JobEntity, JobStore};
use crate::mail::sink;
use crate::time::{date_fr, datetime_fr};
use async_trait::async_trait;
use prospecta_app::admin::port::Admin;
use prospecta_shared::AppError;
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{OrgId, UserId};
use prospecta_shared::jobs::{AdminOverview, JobRow, JobState, OrgSummary, SandboxMail};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

crate::db::entity!(admin_action, "admin_actions", {
    admin_user_id: prospecta_shared::ids::UserId,
    admin_email: String,
    action: prospecta_shared::agency::AdminAction,
    detail: String,
    organization_id: Option<prospecta_shared::ids::OrgId>,
    created_at: DateTimeUtc,
});

/// The audit log's page size.
const ACTIONS_PER_PAGE: u64 = 50;

capability_error! {
    /// What the back office fails with; `Refused` carries `NotFound` (no such job or organisation).
    pub enum AdminError logged as "admin" {}
}

pub struct AdminService {
    db: DatabaseConnection,
}

impl AdminService {
    pub fn new(db: DatabaseConnection) -> Self {
        AdminService { db }
    }
}

fn job_row(j: crate::jobs::JobRecord) -> JobRow {
    JobRow {
        id: j.id,
        state: j.state,
        kind: j.kind,
        attempts: j.attempts,
        max_attempts: j.max_attempts,
        last_error: j.last_error,
        run_at: datetime_fr(j.run_at),
        updated_at: datetime_fr(j.updated_at),
    }
}

/// The port. Each method's work fails with `AdminError`, which becomes the `AppError` the user
/// sees as the method answers.
#[async_trait]
impl Admin for AdminService {
    async fn overview(&self) -> Result<AdminOverview, AppError> {
        AdminError::answer(async move {
            let totals = directory::totals(&self.db).await?;
            let mut jobs_by_state = Vec::new();
            for state in JobState::ALL {
                let n = JobEntity::find().filter(JobColumn::State.eq(state)).count(&self.db).await?;
                jobs_by_state.push((state, n));
            }
            let recent_dead_jobs = JobEntity::find()
                .filter(JobColumn::State.eq(JobState::Dead))
                .order_by_desc(JobColumn::UpdatedAt)
                .limit(5)
                .all(&self.db)
                .await?
                .into_iter()
                .map(job_row)
                .collect();
            let orgs = directory::latest_organizations(&self.db, 50).await?;
            let mut organizations_list = Vec::with_capacity(orgs.len());
            for org in orgs {
                organizations_list.push(OrgSummary {
                    id: org.id,
                    name: org.name,
                    members: org.members,
                    created_on: date_fr(org.created_at),
                    balances: credits::balances(&self.db, org.id).await?,
                    llm_tokens: crate::llm::usage::spent_ever(&self.db, org.id).await?.tokens(),
                });
            }
            Ok(AdminOverview {
                organizations: totals.organizations,
                users: totals.users,
                signups_last_7_days: totals.signups_last_7_days,
                jobs_by_state,
                recent_dead_jobs,
                organizations_list,
            })
        })
        .await
    }

    async fn jobs(&self, state: Option<JobState>) -> Result<Vec<JobRow>, AppError> {
        AdminError::answer(async move {
            let mut query = JobEntity::find().order_by_desc(JobColumn::Id).limit(200);
            if let Some(state) = state {
                query = query.filter(JobColumn::State.eq(state));
            }
            Ok(query.all(&self.db).await?.into_iter().map(job_row).collect())
        })
        .await
    }

    async fn retry_job(&self, job_id: i64) -> Result<(), AppError> {
        AdminError::answer(async move {
            let retried = JobStore::new(self.db.clone()).retry_dead(job_id).await?;
            if retried { Ok(()) } else { Err(AppError::NotFound.into()) }
        })
        .await
    }

    async fn record_action(
        &self,
        admin: &prospecta_shared::accounts::SessionUser,
        action: prospecta_shared::agency::AdminAction,
        detail: String,
        organization_id: Option<OrgId>,
    ) -> Result<(), AppError> {
        AdminError::answer(async move {
            tracing::info!(admin_user_id = %admin.user_id, action = action.as_str(), %detail, "action du back-office");
            admin_action::Entity::insert(admin_action::ActiveModel {
                admin_user_id: sea_orm::ActiveValue::Set(admin.user_id),
                admin_email: sea_orm::ActiveValue::Set(admin.email.clone()),
                action: sea_orm::ActiveValue::Set(action),
                detail: sea_orm::ActiveValue::Set(detail),
                organization_id: sea_orm::ActiveValue::Set(organization_id),
                created_at: sea_orm::ActiveValue::Set(chrono::Utc::now()),
                ..Default::default()
            })
            .exec_without_returning(&self.db)
            .await?;
            Ok(())
        })
        .await
    }

    async fn actions(&self, page: u64) -> Result<prospecta_shared::agency::AdminActionsPage, AppError> {
        AdminError::answer(async move {
            let query = admin_action::Entity::find()
                .order_by_desc(admin_action::Column::CreatedAt)
                .order_by_desc(admin_action::Column::Id);
            let total = query.clone().count(&self.db).await?;
            let pages = total.div_ceil(ACTIONS_PER_PAGE).max(1);
            let page = page.clamp(1, pages);
            let found = query.offset((page - 1) * ACTIONS_PER_PAGE).limit(ACTIONS_PER_PAGE).all(&self.db).await?;
            let mut rows = Vec::with_capacity(found.len());
            for a in found {
                let organization = match a.organization_id {
                    Some(org) => directory::organization_name(&self.db, org).await?,
                    None => None,
                };
                rows.push(prospecta_shared::agency::AdminActionRow {
                    at: datetime_fr(a.created_at),
                    admin_email: a.admin_email,
                    action: a.action,
                    detail: a.detail,
                    organization,
                });
            }
            Ok(prospecta_shared::agency::AdminActionsPage { rows, page, pages, total })
        })
        .await
    }

    async fn kpis(&self) -> Result<prospecta_shared::agency::PlatformKpis, AppError> {
        AdminError::answer(async move { Ok(crate::agency::kpis(&self.db).await?) }).await
    }

    async fn sandbox_mails(&self) -> Result<Vec<SandboxMail>, AppError> {
        AdminError::answer(async move { Ok(sink::latest(&self.db, None, 100).await?) }).await
    }

    async fn grant_credits(
        &self,
        admin_user_id: UserId,
        organization_id: OrgId,
        quota: Quota,
        amount: i64,
    ) -> Result<i64, AppError> {
        AdminError::answer(async move {
            if !directory::organization_exists(&self.db, organization_id).await? {
                return Err(AppError::NotFound.into());
            }
            let reason = if amount > 0 { "Accordé par l'agence" } else { "Retiré par l'agence" };
            credits::grant(&self.db, organization_id, quota, amount, reason, Some(admin_user_id)).await?;
            Ok(credits::balance(&self.db, organization_id, quota).await?)
        })
        .await
    }
}
