//! Cancelling, without commitment: the subscription stays active until the end of the period
//! paid for, the provider's monthly subscription is cancelled at once (no further charge), and
//! the hourly [`CloseEndedSubscriptions`] ends it when its period is over. The quotas already
//! granted stay in the ledger.

use super::BillingError;
use super::entities::subscription;
use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use prospecta_shared::billing::SubscriptionStatus;
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// Cancels the organisation's subscription at the end of its period; returns that end.
pub async fn cancel(app: &AppState, organization_id: OrgId) -> Result<DateTime<Utc>, BillingError> {
    let current = super::checkout::current(&app.db, organization_id).await?;
    let Some(s) = current.filter(|s| matches!(s.status, SubscriptionStatus::Active | SubscriptionStatus::PastDue))
    else {
        return Err(BillingError::NothingToCancel);
    };
    let end = s.period_end.unwrap_or_else(Utc::now);
    if s.cancel_at_period_end {
        return Ok(end);
    }
    if let Some(provider_subscription) = &s.provider_subscription_id {
        let account = super::checkout::account(&app.db, organization_id).await?;
        if let Some(customer) = account.provider_customer_id {
            match app.payments.cancel_subscription(&customer, provider_subscription).await {
                // Already gone at the provider: nothing more will be charged either.
                Ok(()) | Err(super::provider::ProviderError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let mut active: subscription::ActiveModel = s.into();
    active.cancel_at_period_end = Set(true);
    active.updated_at = Set(Utc::now());
    active.update(&app.db).await?;
    tracing::info!(organization_id = %organization_id, "subscription cancelled at the end of its period");
    Ok(end)
}

/// Ends the cancelled subscriptions whose period is over. Returns how many.
pub async fn close_ended(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(subscription::Entity::update_many()
        .col_expr(subscription::Column::Status, Expr::value(SubscriptionStatus::Canceled.as_str()))
        .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
        .filter(subscription::Column::CancelAtPeriodEnd.eq(true))
        .filter(subscription::Column::Status.ne(SubscriptionStatus::Canceled))
        .filter(subscription::Column::PeriodEnd.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Hourly: cancelled subscriptions end with their period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CloseEndedSubscriptions {
    pub tick: String,
}

#[async_trait]
impl Job for CloseEndedSubscriptions {
    const KIND: &'static str = "billing.close_ended";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let closed = close_ended(&ctx.app.db, Utc::now()).await?;
        if closed > 0 {
            tracing::info!(closed, "cancelled subscriptions ended with their period");
        }
        Ok(())
    }
}
