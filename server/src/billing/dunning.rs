//! Dunning (SUB-5). A failed monthly charge opens a 7-day grace ([`super::sync`]); this module
//! walks it: day 0 the owners are told (e-mail and the bell, and a banner across the client
//! area for as long as it lasts); days 3 and 6 a new charge is made on the mandate (Mollie
//! never retries a failed recurring payment itself) and the owners are reminded; at the end of
//! the grace sending is suspended (data kept, login works). Paying, by a retry or at the
//! checkout, puts the subscription back in force, and the pacing ([`super::pacing`]) spreads
//! what remains of the period over its remaining business days: nothing lost, nothing doubled.
//!
//! Each step is a row of `dunning_steps`, unique per subscription, grace and step, claimed in
//! the transaction that acts, so the hourly job takes every step once, in order, even after a
//! downtime (steps overtaken by a later one are recorded, not acted on: one retry, not two).

use super::entities::{dunning_step, payment, subscription};
use super::notices::{DunningNotice, Step, cycle_start};
use super::provider::{Money, NewPayment, Sequence};
use super::sync::SyncPayment;
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::billing::{LateNotice, PaymentKind, PaymentStatus, SubscriptionStatus};
use prospecta_shared::ids::{OrgId, PaymentId, SubscriptionId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// Records `step` of the cycle once; false when it was already taken.
async fn claim<C: ConnectionTrait>(
    tx: &C,
    subscription_id: SubscriptionId,
    cycle: i64,
    step: Step,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = dunning_step::Entity::insert(dunning_step::ActiveModel {
        subscription_id: Set(subscription_id),
        cycle: Set(cycle),
        step: Set(step.code()),
        done_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            dunning_step::Column::SubscriptionId,
            dunning_step::Column::Cycle,
            dunning_step::Column::Step,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await;
    match inserted {
        Ok(n) => Ok(n > 0),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Takes every step `now` has reached for every late subscription; returns how many were acted
/// on. Run hourly by [`AdvanceDunning`], and by the tests with a clock of their own.
pub async fn advance(db: &sea_orm::DatabaseConnection, now: DateTime<Utc>) -> Result<u32, DbErr> {
    let late = subscription::Entity::find()
        .filter(subscription::Column::Status.eq(SubscriptionStatus::PastDue))
        .filter(subscription::Column::GraceUntil.is_not_null())
        .all(db)
        .await?;
    let mut acted = 0;
    for s in late {
        let Some(grace_until) = s.grace_until else { continue };
        let start = cycle_start(grace_until);
        let due: Vec<Step> = Step::WALK.into_iter().filter(|step| now >= start + Duration::days(step.day())).collect();
        let Some(&latest) = due.last() else { continue };
        let tx = crate::db::begin_write(db).await?;
        // The ledger's lock serialises with a payment being applied meanwhile.
        crate::credits::lock(&tx, s.organization_id).await?;
        let Some(s) = subscription::Entity::find_by_id(s.id).one(&tx).await? else { continue };
        if s.status != SubscriptionStatus::PastDue || s.grace_until != Some(grace_until) {
            tx.commit().await?;
            continue;
        }
        let cycle = start.timestamp();
        let mut act = false;
        for step in &due {
            // Steps a downtime let pass are recorded without acting: only the latest acts.
            act = claim(&tx, s.id, cycle, *step, now).await? && *step == latest;
        }
        if act {
            match latest {
                Step::Retry | Step::LastRetry => {
                    if let Some(failed) = super::checkout::last_failed_renewal(&tx, &s).await? {
                        let retry = super::checkout::charge(&s, PaymentKind::Renewal, failed.period_start, None)
                            .insert(&tx)
                            .await?;
                        enqueue(&tx, &RetryCharge { payment_id: retry.id }).await?;
                    }
                }
                Step::Suspended => {
                    let mut suspended: subscription::ActiveModel = s.clone().into();
                    suspended.status = Set(SubscriptionStatus::Suspended);
                    suspended.updated_at = Set(now);
                    suspended.update(&tx).await?;
                    tracing::warn!(organization_id = %s.organization_id, "sending suspended: grace over unpaid");
                }
                Step::Failed | Step::Recovered => {}
            }
            enqueue(&tx, &DunningNotice { subscription_id: s.id, cycle, step: latest }).await?;
            acted += 1;
        }
        tx.commit().await?;
    }
    Ok(acted)
}

/// Hourly: the graces' steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdvanceDunning {
    pub tick: String,
}

#[async_trait]
impl Job for AdvanceDunning {
    const KIND: &'static str = "billing.dunning";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let acted = advance(&ctx.app.db, Utc::now()).await?;
        if acted > 0 {
            tracing::info!(acted, "dunning steps taken");
        }
        Ok(())
    }
}

/// A new charge of a failed month on the customer's mandate. The payment row was written with
/// the step that decided it; the provider's idempotency key (its reference) makes a re-run
/// after a crash charge once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetryCharge {
    pub payment_id: PaymentId,
}

#[async_trait]
impl Job for RetryCharge {
    const KIND: &'static str = "billing.retry_charge";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("billing-retry:{}", self.payment_id))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(local) = payment::Entity::find_by_id(self.payment_id).one(&app.db).await? else { return Ok(()) };
        if let Some(provider_id) = local.provider_payment_id {
            // Created already: make sure its outcome is applied.
            enqueue(&app.db, &SyncPayment { provider_payment_id: provider_id }).await?;
            return Ok(());
        }
        let Some(s) = subscription::Entity::find_by_id(local.subscription_id).one(&app.db).await? else {
            return Ok(());
        };
        let account = super::checkout::account(&app.db, s.organization_id).await?;
        let give_up = |why: String| {
            let mut row: payment::ActiveModel = local.clone().into();
            row.status = Set(PaymentStatus::Failed);
            row.anomaly = Set(Some(why));
            row.updated_at = Set(Utc::now());
            row
        };
        let (Some(customer_id), true) = (
            account.provider_customer_id,
            matches!(s.status, SubscriptionStatus::PastDue | SubscriptionStatus::Suspended),
        ) else {
            give_up("nouvelle tentative sans objet : abonnement à jour ou sans client".into()).update(&app.db).await?;
            return Ok(());
        };
        let created = app
            .payments
            .create_payment(&NewPayment {
                amount: Money::eur(local.amount_cents),
                description: format!("Prospecta · {} · nouvelle tentative", s.plan_name),
                customer_id,
                sequence: Sequence::Recurring,
                redirect_url: None,
                webhook_url: super::webhook_url(app),
                reference: format!("prospecta-payment-{}", local.id),
            })
            .await;
        let created = match created {
            Ok(created) => created,
            Err(e) if e.is_transient() => return Err(e.into()),
            Err(e) => {
                // No valid mandate any more (card expired, mandate revoked): paying at the
                // checkout is what is left, and the notices say so.
                tracing::warn!(payment_id = %local.id, error = ?e, "retry charge refused by the provider");
                give_up(format!("nouvelle tentative refusée : {e}")).update(&app.db).await?;
                return Ok(());
            }
        };
        let mut sent: payment::ActiveModel = local.into();
        // Its webhook may come before this write: the payment is then found by its reference.
        sent.provider_payment_id = Set(Some(created.id));
        sent.updated_at = Set(Utc::now());
        sent.update(&app.db).await?;
        Ok(())
    }
}

/// What the banner across the client area says while a payment is late; none otherwise.
pub async fn late_notice<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Option<LateNotice>, DbErr> {
    let Some(s) = super::checkout::current(db, organization_id).await? else { return Ok(None) };
    let (suspended, Some(grace_until)) = (
        s.status == SubscriptionStatus::Suspended,
        s.grace_until.filter(|_| matches!(s.status, SubscriptionStatus::PastDue | SubscriptionStatus::Suspended)),
    ) else {
        return Ok(None);
    };
    let failed = super::checkout::last_failed_renewal(db, &s).await?;
    Ok(Some(LateNotice {
        suspended,
        failed_on: crate::time::date_fr(cycle_start(grace_until)),
        suspends_on: crate::time::date_fr(grace_until),
        amount_cents: failed.map(|p| p.amount_cents),
    }))
}
