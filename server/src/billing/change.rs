//! Changing plan mid-period, prorated. An upgrade charges now, on the mandate, the price
//! difference for the part of the period left, and adds the same share of the extra quotas
//! once the provider says it is paid ([`super::sync`]). A downgrade takes the share of the
//! quotas it removes and pays back the share of the price at once; when the period's quotas
//! are already used beyond what the smaller plan leaves, it is refused and waits for the next
//! renewal. Either way the provider's subscription charges the new price from the next month.

use super::catalog::{self, Offer};
use super::checkout::{self, Payer, current};
use super::entities::{payment, subscription};
use super::provider::{Money, NewPayment, Sequence};
use super::{BillingError, webhook_url};
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use prospecta_shared::billing::{
    ChangeQuote, PaymentKind, PaymentStatus, PlanChoice, PlanQuotas, SubscriptionStatus, with_vat,
};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{PlanId, SubscriptionId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

const MILLION: i64 = 1_000_000;

/// The offer a prorated upgrade moves to, and the quotas it adds to the current period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeTo {
    pub plan_id: Option<PlanId>,
    pub name: String,
    pub volume: Option<i64>,
    pub monthly_price_cents: i64,
    pub quotas: PlanQuotas,
    pub prospects_delta: i64,
    pub contacts_delta: i64,
    // Absent from the changes asked before agent messages were metered.
    #[serde(default)]
    pub agent_messages_delta: i64,
    pub from_name: String,
}

impl ChangeTo {
    /// The prorated change of each of the ledger's quotas.
    fn deltas(&self) -> [(Quota, i64); 3] {
        [
            (Quota::Prospects, self.prospects_delta),
            (Quota::Contacts, self.contacts_delta),
            (Quota::AgentMessages, self.agent_messages_delta),
        ]
    }
}

/// The part of the period left at `now`, in millionths.
fn left_ppm(start: DateTime<Utc>, end: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let whole = (end - start).num_seconds().max(1);
    let left = (end - now).num_seconds().clamp(0, whole);
    left * MILLION / whole
}

fn prorate(amount: i64, ppm: i64) -> i64 {
    let product = amount * ppm;
    // Rounded half away from zero, for gains and losses alike.
    if product >= 0 { (product + MILLION / 2) / MILLION } else { -((-product + MILLION / 2) / MILLION) }
}

/// What changing to `offer` at `now` does.
struct Plan {
    subscription: subscription::Model,
    offer: Offer,
    /// The price difference for the period left, excluding VAT (negative: paid back).
    price_delta: i64,
    prospects_delta: i64,
    contacts_delta: i64,
    agent_messages_delta: i64,
    days_left: u32,
}

impl Plan {
    /// The offer moved to, with what it changes in the current period.
    fn target(&self) -> ChangeTo {
        ChangeTo {
            plan_id: self.offer.plan_id,
            name: self.offer.name.clone(),
            volume: self.offer.volume,
            monthly_price_cents: self.offer.monthly_price_cents,
            quotas: self.offer.quotas,
            prospects_delta: self.prospects_delta,
            contacts_delta: self.contacts_delta,
            agent_messages_delta: self.agent_messages_delta,
            from_name: self.subscription.plan_name.clone(),
        }
    }
}

async fn plan<C: ConnectionTrait>(
    db: &C,
    organization_id: prospecta_shared::ids::OrgId,
    choice: &PlanChoice,
    now: DateTime<Utc>,
) -> Result<Plan, BillingError> {
    let s = current(db, organization_id).await?.ok_or(BillingError::NoActiveSubscription)?;
    let (SubscriptionStatus::Active, Some(start), Some(end)) = (s.status, s.period_start, s.period_end) else {
        return Err(BillingError::NoActiveSubscription);
    };
    if s.cancel_at_period_end {
        return Err(BillingError::ChangeRefused(
            "votre abonnement est résilié : il s'arrête à la fin de la période".into(),
        ));
    }
    let offer = catalog::offer(db, organization_id, choice).await?.ok_or(BillingError::UnknownPlan)?;
    if offer.name == s.plan_name
        && offer.monthly_price_cents == s.monthly_price_cents
        && offer.quotas.contacts == s.contacts
    {
        return Err(BillingError::ChangeRefused("c'est déjà votre offre".into()));
    }
    let ppm = left_ppm(start, end, now);
    Ok(Plan {
        price_delta: prorate(offer.monthly_price_cents - s.monthly_price_cents, ppm),
        prospects_delta: prorate(offer.quotas.prospects - s.prospects, ppm),
        contacts_delta: prorate(offer.quotas.contacts - s.contacts, ppm),
        agent_messages_delta: prorate(offer.quotas.agent_messages - s.agent_messages, ppm),
        // A period paid ahead of its start (the sandbox's renewal clock) is left whole.
        days_left: u32::try_from((end - now.max(start)).num_days().max(0)).unwrap_or(0),
        subscription: s,
        offer,
    })
}

/// What changing to `choice` now would charge or pay back, for the confirmation.
pub async fn quote(app: &AppState, payer: &Payer<'_>, choice: &PlanChoice) -> Result<ChangeQuote, BillingError> {
    let p = plan(&app.db, payer.organization_id, choice, Utc::now()).await?;
    Ok(ChangeQuote {
        plan_name: p.offer.name.clone(),
        monthly_price_cents: p.offer.monthly_price_cents,
        now_cents: with_vat(p.price_delta.abs()),
        refund: p.price_delta < 0,
        days_left: p.days_left,
        prospects_delta: p.prospects_delta,
        contacts_delta: p.contacts_delta,
        agent_messages_delta: p.agent_messages_delta,
        next_renewal: p.subscription.period_end.map(crate::time::date_fr).unwrap_or_default(),
    })
}

/// Changes to `choice` now. An upgrade returns once its prorated charge is asked of the
/// provider (the change is applied when it is paid); a downgrade is applied at once.
pub async fn change(app: &AppState, payer: Payer<'_>, choice: &PlanChoice) -> Result<(), BillingError> {
    let now = Utc::now();
    let p = plan(&app.db, payer.organization_id, choice, now).await?;
    if p.price_delta > 0 {
        return upgrade(app, p, now).await;
    }
    downgrade(app, p, now).await
}

async fn upgrade(app: &AppState, p: Plan, now: DateTime<Utc>) -> Result<(), BillingError> {
    let s = &p.subscription;
    let customer = checkout::account(&app.db, s.organization_id).await?.provider_customer_id;
    let Some(customer_id) = customer else { return Err(BillingError::NoActiveSubscription) };
    let to = p.target();
    let mut row = checkout::charge(s, PaymentKind::Change, now, None);
    row.amount_cents = Set(with_vat(p.price_delta));
    row.period_end = Set(s.period_end.unwrap_or(now));
    row.change_to = Set(Some(serde_json::to_string(&to).map_err(|e| DbErr::Custom(e.to_string()))?));
    row.plan_name = Set(Some(to.name.clone()));
    row.plan_quotas = Set(serde_json::to_string(&to.quotas).ok());
    let local = row.insert(&app.db).await?;
    let created = app
        .payments
        .create_payment(&NewPayment {
            amount: Money::eur(local.amount_cents),
            description: format!("Prospecta · passage de {} à {} (prorata)", s.plan_name, p.offer.name),
            customer_id,
            sequence: Sequence::Recurring,
            redirect_url: None,
            webhook_url: webhook_url(app),
            reference: format!("prospecta-payment-{}", local.id),
        })
        .await;
    let mut sent: payment::ActiveModel = local.into();
    sent.updated_at = Set(Utc::now());
    match created {
        Ok(created) => {
            // Its webhook may come before this write: the payment is then found by its reference.
            sent.provider_payment_id = Set(Some(created.id));
            sent.update(&app.db).await?;
            Ok(())
        }
        Err(e) => {
            sent.status = Set(PaymentStatus::Failed);
            sent.anomaly = Set(Some(format!("création impossible : {e:?}")));
            sent.update(&app.db).await?;
            Err(e.into())
        }
    }
}

async fn downgrade(app: &AppState, p: Plan, now: DateTime<Utc>) -> Result<(), BillingError> {
    let s = &p.subscription;
    let tx = crate::db::begin_write(&app.db).await?;
    crate::credits::lock(&tx, s.organization_id).await?;
    // What the smaller plan removes must still be there: not already used this period.
    let target = p.target();
    for (quota, delta) in target.deltas() {
        let balance = crate::credits::balance(&tx, s.organization_id, quota).await?;
        if delta < 0 && balance + delta < 0 {
            return Err(BillingError::ChangeRefused(format!(
                "vous avez déjà utilisé une partie de cette période : passer à {} maintenant retirerait {}, alors qu'il vous en reste {}. Vous pourrez changer d'offre à partir du {}",
                p.offer.name,
                quota.count_fr(-delta),
                balance.max(0),
                s.period_end.map(crate::time::date_fr).unwrap_or_default()
            )));
        }
    }
    let stamp = now.timestamp();
    for (quota, delta) in target.deltas() {
        if delta != 0 {
            let reason = format!("Passage de {} à {} (prorata)", s.plan_name, p.offer.name);
            let cause = format!("change:{}:{stamp}:{}", s.id, quota.as_str());
            crate::credits::grant_once(&tx, s.organization_id, quota, delta, &reason, &cause).await?;
        }
    }
    take_offer(&tx, s, &target, now).await?;
    if p.price_delta < 0 {
        enqueue(
            &tx,
            &RefundDifference {
                subscription_id: s.id,
                cents: with_vat(-p.price_delta),
                reference: format!("prospecta-change-{}-{stamp}", s.id),
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(organization_id = %s.organization_id, to = %p.offer.name, "plan changed down");
    Ok(())
}

/// The subscription takes the offer: its price and quotas from now on, the model's token
/// budget, and the provider's monthly amount (by a job, in the same transaction).
pub(super) async fn take_offer<C: ConnectionTrait>(
    tx: &C,
    s: &subscription::Model,
    to: &ChangeTo,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut changed: subscription::ActiveModel = s.clone().into();
    changed.plan_id = Set(to.plan_id);
    changed.plan_name = Set(to.name.clone());
    changed.volume = Set(to.volume);
    changed.monthly_price_cents = Set(to.monthly_price_cents);
    changed.prospects = Set(to.quotas.prospects);
    changed.contacts = Set(to.quotas.contacts);
    changed.agent_messages = Set(to.quotas.agent_messages);
    changed.llm_tokens = Set(to.quotas.llm_tokens);
    changed.updated_at = Set(now);
    changed.update(tx).await?;
    crate::llm::budget::set_cap(tx, s.organization_id, to.quotas.llm_tokens).await?;
    enqueue(tx, &UpdateRenewals { subscription_id: s.id }).await?;
    Ok(())
}

/// A paid prorated upgrade: the extra quotas once, and the new offer.
pub(super) async fn apply_paid<C: ConnectionTrait>(
    tx: &C,
    s: &subscription::Model,
    local: &payment::Model,
    provider_payment_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(to) = local.change_to.as_deref().and_then(|json| serde_json::from_str::<ChangeTo>(json).ok()) else {
        tracing::error!(payment = %provider_payment_id, "paid plan change without its offer");
        return Ok(());
    };
    let reason = format!("Passage de {} à {} (prorata)", to.from_name, to.name);
    for (quota, delta) in to.deltas() {
        if delta > 0 {
            let cause = format!("payment:{provider_payment_id}:{}", quota.as_str());
            crate::credits::grant_once(tx, s.organization_id, quota, delta, &reason, &cause).await?;
        }
    }
    take_offer(tx, s, &to, now).await
}

/// What a paid upgrade's invoice says.
pub(super) fn billed(local: &payment::Model) -> String {
    match local.change_to.as_deref().and_then(|json| serde_json::from_str::<ChangeTo>(json).ok()) {
        Some(to) => format!("Changement d'offre : de {} à {}, au prorata de la période", to.from_name, to.name),
        None => "Changement d'offre, au prorata de la période".into(),
    }
}

/// The provider's subscription charges the subscription's current price from the next month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpdateRenewals {
    pub subscription_id: SubscriptionId,
}

#[async_trait]
impl Job for UpdateRenewals {
    const KIND: &'static str = "billing.update_renewals";
    type State = AppState;

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(s) = subscription::Entity::find_by_id(self.subscription_id).one(&app.db).await? else { return Ok(()) };
        let customer = checkout::account(&app.db, s.organization_id).await?.provider_customer_id;
        let (Some(customer), Some(provider_subscription)) = (customer, s.provider_subscription_id.clone()) else {
            return Ok(());
        };
        // Setting the amount is idempotent: a re-run sets the same one.
        let amount = Money::eur(with_vat(s.monthly_price_cents));
        app.payments
            .update_subscription_amount(&customer, &provider_subscription, &amount)
            .await
            .map_err(JobError::from)?;
        Ok(())
    }
}

/// Pays back a downgrade's prorated price difference on the period's payments (newest first),
/// with a credit note; the provider's idempotency key makes a re-run pay back once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefundDifference {
    pub subscription_id: SubscriptionId,
    /// VAT included.
    pub cents: i64,
    pub reference: String,
}

#[async_trait]
impl Job for RefundDifference {
    const KIND: &'static str = "billing.refund_difference";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("billing-refund-difference:{}", self.reference))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(s) = subscription::Entity::find_by_id(self.subscription_id).one(&app.db).await? else { return Ok(()) };
        let paid: Vec<payment::Model> = payment::Entity::find()
            .filter(payment::Column::SubscriptionId.eq(s.id))
            .filter(payment::Column::Status.eq(PaymentStatus::Paid))
            .filter(payment::Column::PeriodEnd.eq(s.period_end.unwrap_or_else(Utc::now)))
            .filter(payment::Column::Kind.is_in([PaymentKind::First, PaymentKind::Renewal, PaymentKind::Change]))
            .order_by_desc(payment::Column::Id)
            .all(&app.db)
            .await?;
        // Our own records say what is left to pay back and what each payment can still give:
        // a re-run after a crash computes the same parts and the same idempotency keys.
        let mut owed = self.cents;
        for (i, local) in paid.iter().enumerate() {
            let source = format!("{}-{i}", self.reference);
            let Some(provider_id) = local.provider_payment_id.as_deref() else { continue };
            if owed <= 0 {
                break;
            }
            if let Some(done) = super::invoices::credited_part(&app.db, &source).await? {
                // Paid back and credited before a crash or a replay: counted, not redone.
                owed -= done;
                continue;
            }
            let room = local.amount_cents - super::invoices::credited(&app.db, local).await?;
            let part = owed.min(room);
            if part <= 0 {
                continue;
            }
            let description = format!("Remboursement au prorata : passage à l'offre {}", s.plan_name);
            app.payments.refund(provider_id, &Money::eur(part), &description, &source).await.map_err(JobError::from)?;
            let tx = crate::db::begin_write(&app.db).await?;
            if let Some(issuer) = super::invoices::Issuer::of(app) {
                super::invoices::credit_part(&tx, &issuer, local, part, &description, &source, Utc::now()).await?;
            }
            tx.commit().await?;
            owed -= part;
        }
        Ok(())
    }
}
