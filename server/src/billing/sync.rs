//! What a payment's webhook causes. The webhook carries only an id: this job fetches the payment
//! from the provider's API and trusts nothing else. Applying is idempotent: a payment's effect
//! (the period's credits, the subscription's activation) is applied once, marked by
//! `applied_at` and by the ledger's unique causes, so replays and out-of-order deliveries change
//! nothing, and an id the provider does not know changes nothing either.

use super::entities::{payment, subscription};
use super::invoices::{self, Billed, Issuer};
use super::provider::{Money, NewSubscription, ProviderError, ProviderPayment};
use super::webhook_url;
use crate::credits;
use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::billing::{PaymentKind, PaymentStatus, SubscriptionStatus};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{PaymentId, SubscriptionId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::notices::GRACE_DAYS;

/// Brings one payment in line with the provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncPayment {
    pub provider_payment_id: String,
}

/// Creates the provider's monthly subscription once the first payment set up the mandate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartRenewals {
    pub subscription_id: SubscriptionId,
}

#[async_trait]
impl Job for SyncPayment {
    const KIND: &'static str = "billing.sync_payment";
    type State = AppState;

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let remote = match app.payments.payment(&self.provider_payment_id).await {
            Ok(remote) => remote,
            Err(ProviderError::NotFound) => {
                tracing::warn!(payment = %self.provider_payment_id, "webhook for a payment the provider does not know");
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let Some(local) = local_payment(&app.db, &remote).await? else {
            tracing::warn!(payment = %remote.id, "webhook for a payment that is none of ours");
            return Ok(());
        };
        apply(&app.db, super::invoices::Issuer::of(app).as_ref(), local.id, &remote, Utc::now()).await?;
        Ok(())
    }
}

/// Our row for the provider's payment: one we created, or a renewal the provider's
/// subscription charged (recorded here the first time it is seen).
async fn local_payment<C: ConnectionTrait>(db: &C, remote: &ProviderPayment) -> Result<Option<payment::Model>, DbErr> {
    let by_id = || payment::Entity::find().filter(payment::Column::ProviderPaymentId.eq(remote.id.as_str())).one(db);
    if let Some(found) = by_id().await? {
        return Ok(Some(found));
    }
    // One we created whose id we had not saved yet (its webhook came first): found by the
    // reference we gave it, which the API (not the webhook) reports.
    let ours =
        remote.reference.as_deref().and_then(|r| r.strip_prefix("prospecta-payment-")).and_then(|n| n.parse().ok());
    if let Some(id) = ours
        && let Some(found) = payment::Entity::find_by_id(PaymentId(id)).one(db).await?
        && found.provider_payment_id.is_none()
    {
        let mut known: payment::ActiveModel = found.into();
        known.provider_payment_id = Set(Some(remote.id.clone()));
        known.updated_at = Set(Utc::now());
        return Ok(Some(known.update(db).await?));
    }
    let Some(provider_subscription) = &remote.subscription_id else { return Ok(None) };
    let Some(s) = subscription::Entity::find()
        .filter(subscription::Column::ProviderSubscriptionId.eq(provider_subscription.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // The month after the one paid last.
    let start = s.period_end.unwrap_or_else(Utc::now);
    let inserted =
        payment::Entity::insert(super::checkout::charge(&s, PaymentKind::Renewal, start, Some(remote.id.clone())))
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(payment::Column::ProviderPaymentId).do_nothing().to_owned(),
            )
            .exec_without_returning(db)
            .await;
    match inserted {
        Ok(_) | Err(DbErr::RecordNotInserted) => by_id().await,
        Err(e) => Err(e),
    }
}

/// Why a paid payment is not applied: it must be in euros and of the amount we asked.
fn anomaly(local: &payment::Model, amount: &Money) -> Option<String> {
    if amount.currency != local.currency {
        return Some(format!("devise inattendue : {} au lieu de {}", amount.currency, local.currency));
    }
    (amount.cents != local.amount_cents)
        .then(|| format!("montant inattendu : {} centimes au lieu de {}", amount.cents, local.amount_cents))
}

/// Applies the provider's view of one of our payments, in one transaction. What it leaves to
/// do at the provider (set up the renewals after a first payment; pay back a first payment for
/// a choice replaced while another was paid for) is queued in the same transaction, so a
/// process dying after the commit loses none of it.
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    issuer: Option<&Issuer>,
    payment_id: PaymentId,
    remote: &ProviderPayment,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let Some(local) = payment::Entity::find_by_id(payment_id).one(&tx).await? else {
        return tx.commit().await;
    };
    // The ledger's lock serialises the organisation's billing too: two deliveries of the same
    // payment apply one after the other, and the second finds it applied.
    credits::lock(&tx, local.organization_id).await?;
    let local = payment::Entity::find_by_id(payment_id).one(&tx).await?.unwrap_or(local);
    let Some(s) = subscription::Entity::find_by_id(local.subscription_id).one(&tx).await? else {
        return tx.commit().await;
    };
    // A final status never goes back to a pending one.
    let status = if local.status.is_final() && !remote.status.is_final() { local.status } else { remote.status };
    let mut row: payment::ActiveModel = local.clone().into();
    row.status = Set(status);
    row.updated_at = Set(now);
    // The client chose again before paying this one (another tab, an old checkout).
    let superseded = local.kind == PaymentKind::First && s.status == SubscriptionStatus::Canceled;
    let paid_elsewhere = superseded && other_paid_subscription(&tx, &s).await?;
    if status == PaymentStatus::Paid && local.applied_at.is_none() && paid_elsewhere {
        if local.refunded_at.is_none() {
            row.anomaly =
                Set(Some("payé pour une offre remplacée alors qu'un autre abonnement était payé : remboursé".into()));
            crate::jobs::enqueue(&tx, &RefundPayment { payment_id: local.id }).await?;
        }
    } else if status == PaymentStatus::Paid && local.applied_at.is_none() {
        if superseded {
            // Nothing else is paid for: this payment wins, the choices left unpaid are dropped.
            subscription::Entity::update_many()
                .col_expr(subscription::Column::Status, Expr::value(SubscriptionStatus::Canceled.as_str()))
                .col_expr(subscription::Column::UpdatedAt, Expr::value(now))
                .filter(subscription::Column::OrganizationId.eq(s.organization_id))
                .filter(subscription::Column::Status.eq(SubscriptionStatus::Pending))
                .exec(&tx)
                .await?;
        }
        match anomaly(&local, &remote.amount) {
            Some(why) => {
                tracing::error!(payment = %remote.id, %why, "paid payment not applied");
                row.anomaly = Set(Some(why));
            }
            None if local.kind == PaymentKind::Pack => {
                grant_pack(&tx, &local, &remote.id).await?;
                row.applied_at = Set(Some(now));
            }
            None if local.kind == PaymentKind::Change => {
                super::change::apply_paid(&tx, &s, &local, &remote.id, now).await?;
                row.applied_at = Set(Some(now));
            }
            None => {
                grant_period(&tx, &s, &local, &remote.id).await?;
                row.applied_at = Set(Some(now));
                let first = local.kind == PaymentKind::First;
                if let (SubscriptionStatus::PastDue | SubscriptionStatus::Suspended, Some(grace_until)) =
                    (s.status, s.grace_until)
                {
                    // A late month paid: sending resumes, and the owners are told.
                    let cycle = super::notices::cycle_start(grace_until).timestamp();
                    let notice = super::notices::DunningNotice {
                        subscription_id: s.id,
                        cycle,
                        step: super::notices::Step::Recovered,
                    };
                    crate::jobs::enqueue(&tx, &notice).await?;
                }
                let mut active: subscription::ActiveModel = s.clone().into();
                active.status = Set(SubscriptionStatus::Active);
                active.period_start = Set(Some(local.period_start));
                active.period_end = Set(Some(local.period_end));
                active.grace_until = Set(None);
                if let Some(mandate) = &remote.mandate_id {
                    active.provider_mandate_id = Set(Some(mandate.clone()));
                }
                active.updated_at = Set(now);
                active.update(&tx).await?;
                crate::llm::budget::set_cap(&tx, s.organization_id, s.llm_tokens).await?;
                if first && s.provider_subscription_id.is_none() {
                    crate::jobs::enqueue(&tx, &StartRenewals { subscription_id: s.id }).await?;
                }
            }
        }
    }
    // Money received is invoiced, whatever becomes of it (a payment for a replaced choice gets
    // its credit note when it is paid back); a payment of another amount is an anomaly first.
    if status == PaymentStatus::Paid && anomaly(&local, &remote.amount).is_none() {
        match issuer {
            Some(issuer) => invoices::invoice_payment(&tx, issuer, &local, billed(&tx, &s, &local).await?, now).await?,
            None => tracing::error!(payment = %remote.id, "paid payment not invoiced: no seller configured"),
        }
    }
    if matches!(status, PaymentStatus::Failed | PaymentStatus::Expired | PaymentStatus::Canceled)
        && local.applied_at.is_none()
    {
        let mut active: subscription::ActiveModel = s.clone().into();
        match (local.kind, s.status) {
            // The checkout was not completed: the subscription never started.
            (PaymentKind::First, SubscriptionStatus::Pending) => active.status = Set(SubscriptionStatus::Canceled),
            // A renewal failed: the grace starts (once), sending goes on meanwhile.
            (PaymentKind::Renewal, SubscriptionStatus::Active) => {
                active.status = Set(SubscriptionStatus::PastDue);
                active.grace_until = Set(Some(now + Duration::days(GRACE_DAYS)));
            }
            _ => {}
        }
        active.updated_at = Set(now);
        active.update(&tx).await?;
    }
    row.update(&tx).await?;
    tx.commit().await
}

/// Whether the organisation has another subscription paid for (in force, late or suspended).
async fn other_paid_subscription<C: ConnectionTrait>(tx: &C, s: &subscription::Model) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(subscription::Entity::find()
        .filter(subscription::Column::OrganizationId.eq(s.organization_id))
        .filter(subscription::Column::Id.ne(s.id))
        .filter(subscription::Column::Status.is_in([
            SubscriptionStatus::Active,
            SubscriptionStatus::PastDue,
            SubscriptionStatus::Suspended,
        ]))
        .count(tx)
        .await?
        > 0)
}

/// Pays a payment back in full, once: a re-run finds it refunded at the provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefundPayment {
    pub payment_id: PaymentId,
}

#[async_trait]
impl Job for RefundPayment {
    const KIND: &'static str = "billing.refund";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("billing-refund:{}", self.payment_id))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(local) = payment::Entity::find_by_id(self.payment_id).one(&app.db).await? else { return Ok(()) };
        let Some(provider_id) = local.provider_payment_id.clone() else { return Ok(()) };
        if local.refunded_at.is_some() {
            return Ok(());
        }
        let remote = app.payments.payment(&provider_id).await.map_err(JobError::from)?;
        let owed = remote.amount.cents - remote.refunded_cents;
        if owed > 0 {
            let amount = Money { currency: remote.amount.currency.clone(), cents: owed };
            let description = "Prospecta · offre remplacée avant paiement : remboursement";
            let key = format!("prospecta-refund-{}", local.id);
            app.payments.refund(&provider_id, &amount, description, &key).await.map_err(JobError::from)?;
        }
        // The refund and its credit note are recorded together.
        let tx = crate::db::begin_write(&app.db).await?;
        let now = Utc::now();
        if let Some(issuer) = Issuer::of(app) {
            invoices::credit_refund(&tx, &issuer, &local, now).await?;
        }
        let mut row: payment::ActiveModel = local.into();
        row.refunded_at = Set(Some(now));
        row.updated_at = Set(now);
        row.update(&tx).await?;
        tx.commit().await?;
        tracing::info!(payment = %provider_id, "payment for a replaced choice refunded");
        Ok(())
    }
}

/// What a payment bills, in the words of its invoice.
async fn billed<C: ConnectionTrait>(tx: &C, s: &subscription::Model, local: &payment::Model) -> Result<Billed, DbErr> {
    use super::entities::credit_pack;
    if local.kind == PaymentKind::Change {
        return Ok(Billed {
            description: super::change::billed(local),
            period: Some((local.period_start, local.period_end)),
        });
    }
    if local.kind == PaymentKind::Pack {
        let pack = credit_pack::Entity::find_by_id(local.pack_id.unwrap_or_default()).one(tx).await?;
        let what = pack.map(|pack| super::catalog::pack_view(pack).label_fr()).unwrap_or_default();
        return Ok(Billed { description: format!("Recharge {what} (offre {})", s.plan_name), period: None });
    }
    Ok(Billed {
        description: format!("Abonnement Prospecta, offre {} : un mois", s.plan_name),
        period: Some((local.period_start, local.period_end)),
    })
}

/// A pack's units, one ledger line keyed by the payment.
async fn grant_pack<C: ConnectionTrait>(
    tx: &C,
    local: &payment::Model,
    provider_payment_id: &str,
) -> Result<(), DbErr> {
    use super::entities::credit_pack;
    let Some(pack) = credit_pack::Entity::find_by_id(local.pack_id.unwrap_or_default()).one(tx).await? else {
        tracing::error!(payment = %provider_payment_id, "paid pack that does not exist");
        return Ok(());
    };
    let pack = super::catalog::pack_view(pack);
    let reason = format!("Recharge {}", pack.label_fr());
    let cause = format!("payment:{provider_payment_id}:{}", pack.quota.as_str());
    credits::grant_once(tx, local.organization_id, pack.quota, pack.units, &reason, &cause).await?;
    Ok(())
}

/// The period's quotas, one ledger line each, keyed by the payment so they are granted once.
async fn grant_period<C: ConnectionTrait>(
    tx: &C,
    s: &subscription::Model,
    local: &payment::Model,
    provider_payment_id: &str,
) -> Result<(), DbErr> {
    let period = format!(
        "du {} au {}",
        crate::time::date_fr(local.period_start),
        super::checkout::last_day_fr(local.period_end)
    );
    for (quota, amount) in
        [(Quota::Prospects, s.prospects), (Quota::Contacts, s.contacts), (Quota::AgentMessages, s.agent_messages)]
    {
        let reason = format!("Abonnement {} · {period}", s.plan_name);
        let cause = format!("payment:{provider_payment_id}:{}", quota.as_str());
        credits::grant_once(tx, s.organization_id, quota, amount, &reason, &cause).await?;
    }
    Ok(())
}

#[async_trait]
impl Job for StartRenewals {
    const KIND: &'static str = "billing.start_renewals";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("billing-renewals:{}", self.subscription_id))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(s) = subscription::Entity::find_by_id(self.subscription_id).one(&app.db).await? else {
            return Ok(());
        };
        if s.provider_subscription_id.is_some() || s.status != SubscriptionStatus::Active {
            return Ok(());
        }
        let account = super::checkout::account(&app.db, s.organization_id).await?;
        let Some(customer_id) = account.provider_customer_id else { return Ok(()) };
        let start = s.period_end.unwrap_or_else(Utc::now);
        let created = app
            .payments
            .create_subscription(&NewSubscription {
                customer_id,
                // No mandate named: Mollie charges the customer's valid one, so a client who pays a
                // failed month with another card or account keeps being charged on that one.
                mandate_id: None,
                amount: Money::eur(prospecta_shared::billing::with_vat(s.monthly_price_cents)),
                start: start.with_timezone(&chrono_tz::Europe::Paris).date_naive(),
                description: format!("Prospecta · {}", s.plan_name),
                webhook_url: webhook_url(app),
                // The provider's idempotency: a re-run after a crash gets the same subscription.
                reference: format!("prospecta-subscription-{}", s.id),
            })
            .await
            .map_err(JobError::from)?;
        let mut active: subscription::ActiveModel = s.into();
        active.provider_subscription_id = Set(Some(created.id));
        active.updated_at = Set(Utc::now());
        active.update(&app.db).await?;
        Ok(())
    }
}
