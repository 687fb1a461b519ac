//! Subscribing: the offer chosen becomes a pending subscription and its first payment at the
//! provider, whose checkout (card or SEPA direct debit) creates the customer's mandate. Nothing
//! is granted here: credits come when the provider says the payment is paid ([`super::sync`]).

use super::catalog::{self, Offer};
use super::entities::{billing_account, payment, subscription};
use super::provider::{Money, NewPayment, Sequence};
use super::{BillingError, webhook_url};
use crate::state::AppState;
use chrono::{DateTime, Months, Utc};
use prospecta_shared::billing::{PaymentKind, PaymentRow, PaymentStatus, PlanChoice, SubscriptionStatus, with_vat};
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Who pays: the organisation and the person at the checkout.
pub struct Payer<'a> {
    pub organization_id: OrgId,
    pub organization_name: &'a str,
    pub email: &'a str,
}

/// The end of a monthly period that starts at `start` (the same day next month, or the month's
/// last day when it has fewer days).
pub fn period_end(start: DateTime<Utc>) -> DateTime<Utc> {
    start.checked_add_months(Months::new(1)).unwrap_or(start + chrono::Duration::days(30))
}

/// The last day a period ending at `end` (excluded) covers, `dd/mm/yyyy`, as the client reads
/// it ("du 07/12/2026 au 06/01/2027").
pub fn last_day_fr(end: DateTime<Utc>) -> String {
    crate::time::date_fr(end - chrono::Duration::days(1))
}

/// The organisation's billing account, created on first use.
pub async fn account<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<billing_account::Model, DbErr> {
    billing_account::Entity::insert(billing_account::ActiveModel {
        organization_id: Set(organization_id),
        provider_customer_id: Set(None),
        choice: Set(None),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(billing_account::Column::OrganizationId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    billing_account::Entity::find()
        .filter(billing_account::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("billing account".into()))
}

/// Remembers the offer picked before signing up, to preselect it on the subscription page.
pub async fn remember_choice<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    choice: &PlanChoice,
) -> Result<(), DbErr> {
    let mut active: billing_account::ActiveModel = account(db, organization_id).await?.into();
    active.choice = Set(Some(choice.to_query()));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}

/// The subscription that counts for the organisation: the latest one not canceled.
pub async fn current<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Option<subscription::Model>, DbErr> {
    use sea_orm::QueryOrder;
    subscription::Entity::find()
        .filter(subscription::Column::OrganizationId.eq(organization_id))
        .filter(subscription::Column::Status.ne(SubscriptionStatus::Canceled))
        .order_by_desc(subscription::Column::Id)
        .one(db)
        .await
}

/// Starts the subscription to the offer `choice` names and returns the provider's checkout
/// address. A subscription already paid for is changed, not doubled; a pending one (a checkout
/// abandoned) is replaced.
pub async fn start(app: &AppState, payer: Payer<'_>, choice: &PlanChoice) -> Result<String, BillingError> {
    let db = &app.db;
    let org = payer.organization_id;
    let offer = catalog::offer(db, org, choice).await?.ok_or(BillingError::UnknownPlan)?;
    if !super::invoices::buyer_identified(db, org).await? {
        return Err(BillingError::BuyerIdentityMissing);
    }
    if let Some(existing) = current(db, org).await? {
        match existing.status {
            SubscriptionStatus::Pending => {
                let mut abandoned: subscription::ActiveModel = existing.into();
                abandoned.status = Set(SubscriptionStatus::Canceled);
                abandoned.updated_at = Set(Utc::now());
                abandoned.update(db).await?;
            }
            _ => return Err(BillingError::AlreadySubscribed),
        }
    }
    let customer_id = customer(app, &payer).await?;
    let now = Utc::now();
    let (subscription, payment) = pending(db, org, &offer, now).await?;
    let new_payment = at_checkout(app, &payment, customer_id, format!("Prospecta · {} · premier mois", offer.name));
    let subscription_id = subscription.id;
    let checkout = match send(app, payment, &new_payment).await {
        Ok(checkout) => checkout,
        Err(e) => {
            // Nothing was charged: the subscription never started.
            let mut failed: subscription::ActiveModel = subscription.into();
            failed.status = Set(SubscriptionStatus::Canceled);
            failed.updated_at = Set(Utc::now());
            failed.update(db).await?;
            return Err(e);
        }
    };
    tracing::info!(organization_id = %org, subscription_id = %subscription_id, "checkout started");
    Ok(checkout)
}

/// The organisation's customer at the provider, created once.
async fn customer(app: &AppState, payer: &Payer<'_>) -> Result<String, BillingError> {
    let account = account(&app.db, payer.organization_id).await?;
    if let Some(id) = account.provider_customer_id {
        return Ok(id);
    }
    let reference = format!("prospecta-org-{}", payer.organization_id);
    let id = app.payments.create_customer(payer.organization_name, payer.email, &reference).await?;
    let mut active: billing_account::ActiveModel = account.into();
    active.provider_customer_id = Set(Some(id.clone()));
    active.updated_at = Set(Utc::now());
    active.update(&app.db).await?;
    Ok(id)
}

/// The pending subscription, with a copy of the offer, and its first payment's row.
async fn pending(
    db: &sea_orm::DatabaseConnection,
    org: OrgId,
    offer: &Offer,
    now: DateTime<Utc>,
) -> Result<(subscription::Model, payment::Model), DbErr> {
    let subscription = subscription::ActiveModel {
        organization_id: Set(org),
        plan_id: Set(offer.plan_id),
        plan_name: Set(offer.name.clone()),
        volume: Set(offer.volume),
        monthly_price_cents: Set(offer.monthly_price_cents),
        prospects: Set(offer.quotas.prospects),
        contacts: Set(offer.quotas.contacts),
        agent_messages: Set(offer.quotas.agent_messages),
        llm_tokens: Set(offer.quotas.llm_tokens),
        status: Set(SubscriptionStatus::Pending),
        provider_mandate_id: Set(None),
        provider_subscription_id: Set(None),
        period_start: Set(None),
        period_end: Set(None),
        cancel_at_period_end: Set(false),
        grace_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let payment = charge(&subscription, PaymentKind::First, now, None).insert(db).await?;
    Ok((subscription, payment))
}

/// A month's charge of `subscription` starting at `start`, at its price with VAT, not paid yet.
pub(super) fn charge(
    subscription: &subscription::Model,
    kind: PaymentKind,
    start: DateTime<Utc>,
    provider_payment_id: Option<String>,
) -> payment::ActiveModel {
    let now = Utc::now();
    payment::ActiveModel {
        organization_id: Set(subscription.organization_id),
        subscription_id: Set(subscription.id),
        provider_payment_id: Set(provider_payment_id),
        kind: Set(kind),
        amount_cents: Set(with_vat(subscription.monthly_price_cents)),
        currency: Set("EUR".into()),
        status: Set(PaymentStatus::Open),
        period_start: Set(start),
        period_end: Set(period_end(start)),
        checkout_url: Set(None),
        anomaly: Set(None),
        applied_at: Set(None),
        pack_id: Set(None),
        refunded_at: Set(None),
        plan_name: Set(Some(subscription.plan_name.clone())),
        plan_quotas: Set(serde_json::to_string(&super::quotas(subscription)).ok()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Buys a credit pack for the subscription in force; returns the provider's checkout address.
/// The units are granted when the provider says it is paid, like a month.
pub async fn buy_pack(app: &AppState, payer: Payer<'_>, pack_id: i64) -> Result<String, BillingError> {
    let db = &app.db;
    let pack = catalog::pack(db, pack_id).await?.ok_or(BillingError::UnknownPlan)?;
    let subscription = current(db, payer.organization_id)
        .await?
        .filter(|s| s.status == SubscriptionStatus::Active)
        .ok_or(BillingError::NoActiveSubscription)?;
    let customer_id = customer(app, &payer).await?;
    let now = Utc::now();
    let mut row = charge(&subscription, PaymentKind::Pack, now, None);
    row.amount_cents = Set(with_vat(pack.price_cents));
    row.period_end = Set(now);
    row.pack_id = Set(Some(pack.id));
    let payment = row.insert(db).await?;
    let new_payment = at_checkout(app, &payment, customer_id, format!("Prospecta · recharge {}", pack.label_fr()));
    send(app, payment, &new_payment).await
}

/// Pays a failed month again, at the checkout (the card or account may change): the month's
/// quotas come when it is paid, and the subscription is in force again.
pub async fn settle(app: &AppState, payer: Payer<'_>) -> Result<String, BillingError> {
    let db = &app.db;
    let subscription = current(db, payer.organization_id)
        .await?
        .filter(|s| matches!(s.status, SubscriptionStatus::PastDue | SubscriptionStatus::Suspended))
        .ok_or(BillingError::NothingToSettle)?;
    let failed = last_failed_renewal(db, &subscription).await?.ok_or(BillingError::NothingToSettle)?;
    let customer_id = customer(app, &payer).await?;
    let payment = charge(&subscription, PaymentKind::Renewal, failed.period_start, None).insert(db).await?;
    let new_payment =
        at_checkout(app, &payment, customer_id, format!("Prospecta · {} · régularisation", subscription.plan_name));
    send(app, payment, &new_payment).await
}

/// Sandbox only: the provider's subscription charges its next month now, paid or refused, so
/// that renewals and late payments can be tried without waiting a month.
pub async fn simulate_renewal(app: &AppState, organization_id: OrgId, declined: bool) -> Result<(), BillingError> {
    let db = &app.db;
    let subscription = current(db, organization_id)
        .await?
        .filter(|s| s.status == SubscriptionStatus::Active && !s.cancel_at_period_end)
        .ok_or(BillingError::NoActiveSubscription)?;
    let customer = account(db, organization_id).await?.provider_customer_id;
    let (Some(customer), Some(provider_subscription)) = (customer, subscription.provider_subscription_id) else {
        return Err(BillingError::NoActiveSubscription);
    };
    app.payments.simulate_next_charge(&customer, &provider_subscription, declined).await?;
    Ok(())
}

/// The subscription's latest renewal the provider could not charge.
pub(super) async fn last_failed_renewal<C: ConnectionTrait>(
    db: &C,
    subscription: &subscription::Model,
) -> Result<Option<payment::Model>, DbErr> {
    use sea_orm::QueryOrder;
    payment::Entity::find()
        .filter(payment::Column::SubscriptionId.eq(subscription.id))
        .filter(payment::Column::Kind.eq(PaymentKind::Renewal))
        .filter(payment::Column::Status.eq(PaymentStatus::Failed))
        .order_by_desc(payment::Column::Id)
        .one(db)
        .await
}

/// The failed charge a late subscription waits on: its date and period, `dd/mm/yyyy`.
pub async fn failed_charge<C: ConnectionTrait>(
    db: &C,
    subscription: &subscription::Model,
) -> Result<Option<(String, String, String)>, DbErr> {
    Ok(last_failed_renewal(db, subscription)
        .await?
        .map(|p| (crate::time::date_fr(p.created_at), crate::time::date_fr(p.period_start), last_day_fr(p.period_end))))
}

/// `payment` as the provider is asked to create it: paid at its checkout (card or SEPA direct
/// debit, which sets up a mandate), back to the subscription page, its webhook ours.
fn at_checkout(app: &AppState, payment: &payment::Model, customer_id: String, description: String) -> NewPayment {
    NewPayment {
        amount: Money::eur(payment.amount_cents),
        description,
        customer_id,
        sequence: Sequence::First,
        redirect_url: Some(format!("{}/app/abonnement?paiement={}", app.config.public_url, payment.id)),
        webhook_url: webhook_url(app),
        reference: format!("prospecta-payment-{}", payment.id),
    }
}

/// Creates `payment` at the provider and records its id and checkout; a refusal leaves the
/// payment failed (nothing was charged).
async fn send(app: &AppState, payment: payment::Model, new_payment: &NewPayment) -> Result<String, BillingError> {
    let created = match app.payments.create_payment(new_payment).await {
        Ok(created) => created,
        Err(e) => {
            tracing::warn!(error = ?e, payment_id = %payment.id, "payment not created at the provider");
            let mut unsent: payment::ActiveModel = payment.into();
            unsent.status = Set(PaymentStatus::Failed);
            unsent.anomaly = Set(Some(format!("création impossible : {e:?}")));
            unsent.updated_at = Set(Utc::now());
            unsent.update(&app.db).await?;
            return Err(e.into());
        }
    };
    let checkout = created.checkout_url.clone().ok_or_else(|| {
        BillingError::Provider(super::provider::ProviderError::Malformed("no checkout address".into()))
    })?;
    let mut sent: payment::ActiveModel = payment.into();
    sent.provider_payment_id = Set(Some(created.id));
    sent.checkout_url = Set(Some(checkout.clone()));
    sent.updated_at = Set(Utc::now());
    sent.update(&app.db).await?;
    Ok(checkout)
}

/// The charges made at the provider for the organisation, newest first, with the plan each
/// paid for.
pub async fn history<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<PaymentRow>, DbErr> {
    use sea_orm::QueryOrder;
    let payments = payment::Entity::find()
        .filter(payment::Column::OrganizationId.eq(organization_id))
        .filter(payment::Column::ProviderPaymentId.is_not_null())
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?;
    let subscriptions: std::collections::HashMap<_, _> = subscription::Entity::find()
        .filter(subscription::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.plan_name))
        .collect();
    // Archived packs too: a payment names the pack it bought.
    let packs: Vec<_> =
        super::entities::credit_pack::Entity::find().all(db).await?.into_iter().map(catalog::pack_view).collect();
    Ok(payments
        .into_iter()
        .map(|p| PaymentRow {
            date: crate::time::date_fr(p.created_at),
            plan_name: p.plan_name.or_else(|| subscriptions.get(&p.subscription_id).cloned()).unwrap_or_default(),
            kind: p.kind,
            what: match p.kind {
                PaymentKind::First => "premier mois".to_string(),
                PaymentKind::Renewal => "renouvellement".to_string(),
                PaymentKind::Change => "changement d'offre au prorata".to_string(),
                PaymentKind::Pack => packs
                    .iter()
                    .find(|pack| Some(pack.id) == p.pack_id)
                    .map_or_else(|| "recharge".to_string(), |pack| format!("recharge {}", pack.label_fr())),
            },
            amount_cents: p.amount_cents,
            status: p.status,
            refunded: p.refunded_at.is_some(),
            period: (p.kind != PaymentKind::Pack)
                .then(|| (crate::time::date_fr(p.period_start), last_day_fr(p.period_end))),
        })
        .collect())
}
