//! Billing (SUB-1 … SUB-7, ONB-1): what is for sale ([`catalog`]: public tiers, custom plans,
//! the slider's bands), subscribing ([`checkout`]: a pending subscription and its first payment
//! at the provider), and what the provider's webhooks cause ([`sync`]: the payment fetched from
//! the API, the period's quotas granted once in the credit ledger, renewals set up at the
//! provider). The provider is behind [`provider::PaymentProvider`]; [`mollie`] speaks Mollie's
//! v2 API, which the sandbox simulates (`crate::sandbox::mollie`).

pub mod admin;
pub mod cancel;
pub mod catalog;
pub mod change;
pub mod checkout;
pub mod dunning;
mod entities;
pub mod invoices;
pub mod mollie;
pub mod notices;
pub mod pacing;
mod pdf_kit;
pub mod provider;
pub mod statement;
pub mod sync;
pub mod webhook;

use crate::state::AppState;
use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{OrgRole, SessionUser};
use prospecta_shared::billing::{AdminPricing, PlanInput, PriceBand};
use prospecta_shared::billing::{BillingAccount, Delivered, PlanChoice, PlanQuotas, Pricing, SubscriptionView};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{OrgId, PlanId};
use provider::ProviderError;
use sea_orm::DbErr;

pub use cancel::CloseEndedSubscriptions;
pub use change::{RefundDifference, UpdateRenewals};
pub use dunning::{AdvanceDunning, RetryCharge};
pub use notices::DunningNotice;
pub use sync::{RefundPayment, StartRenewals, SyncPayment};

/// The billing capability's error.
#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// The offer named does not exist, is archived or is another organisation's.
    #[error("unknown plan")]
    UnknownPlan,
    /// A pack is bought for a subscription in force.
    #[error("no active subscription")]
    NoActiveSubscription,
    /// No failed charge to pay again.
    #[error("nothing to settle")]
    NothingToSettle,
    /// No subscription in force to cancel.
    #[error("nothing to cancel")]
    NothingToCancel,
    /// A subscription is already paid for: it is changed, not taken twice.
    #[error("already subscribed")]
    AlreadySubscribed,
    /// The organisation has no legal name or address to put on its invoices.
    #[error("buyer identity missing")]
    BuyerIdentityMissing,
    /// A plan change that cannot be made now, with why (in French).
    #[error("plan change refused: {0}")]
    ChangeRefused(String),
    /// Only the organisation's owner commits it to paying.
    #[error("only the owner subscribes")]
    NotOwner,
    /// A field of an admin's form is refused.
    #[error("invalid {field}: {code:?}")]
    Invalid { field: &'static str, code: prospecta_shared::error::ValidationCode },
    /// A pack of this quota and size is on sale already.
    #[error("duplicate pack")]
    DuplicatePack,
    /// A plan with this name exists already.
    #[error("duplicate plan")]
    Duplicate,
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<BillingError> for AppError {
    fn from(e: BillingError) -> Self {
        match e {
            BillingError::UnknownPlan => AppError::NotFound,
            BillingError::AlreadySubscribed => {
                AppError::Conflict("votre abonnement est déjà actif ; changez d'offre depuis cette page".into())
            }
            BillingError::NotOwner => AppError::Forbidden,
            BillingError::ChangeRefused(why) => AppError::Conflict(why),
            BillingError::BuyerIdentityMissing => AppError::Conflict(
                "complétez d'abord la raison sociale et l'adresse de votre entreprise dans Paramètres : vos factures sont établies à son nom".into(),
            ),
            BillingError::NoActiveSubscription => AppError::Conflict(
                "les recharges s'achètent avec un abonnement actif : choisissez d'abord une offre".into(),
            ),
            BillingError::NothingToSettle => AppError::Conflict("aucun paiement en retard à régulariser".into()),
            BillingError::NothingToCancel => AppError::Conflict("aucun abonnement en cours à résilier".into()),
            BillingError::Invalid { field, code } => AppError::validation(field, code),
            BillingError::Duplicate => AppError::Conflict("une offre porte déjà ce nom".into()),
            BillingError::DuplicatePack => {
                AppError::Conflict("une recharge de cette taille est déjà en vente pour ce quota".into())
            }
            BillingError::Provider(e) => AppError::Payment(e.to_string()),
            BillingError::Db(e) => crate::error::internal("billing", e),
        }
    }
}

/// Where the provider tells us a payment changed.
pub fn webhook_url(app: &AppState) -> String {
    format!("{}{}", app.config.public_url, webhook::PATH)
}

/// The organisation's owner, who alone commits it to paying.
fn owner_payer(actor: &SessionUser) -> Result<checkout::Payer<'_>, BillingError> {
    if actor.role != OrgRole::Owner {
        return Err(BillingError::NotOwner);
    }
    Ok(checkout::Payer {
        organization_id: actor.organization_id,
        organization_name: &actor.organization_name,
        email: &actor.email,
    })
}

/// The subscription page's port.
pub struct BillingService {
    app: AppState,
}

impl BillingService {
    pub fn new(app: AppState) -> Self {
        BillingService { app }
    }
}

/// What the subscription's current period delivered so far.
async fn delivered(db: &sea_orm::DatabaseConnection, s: &entities::subscription::Model) -> Result<Delivered, DbErr> {
    let (Some(from), Some(to)) = (s.period_start, s.period_end) else { return Ok(Delivered::default()) };
    let org = s.organization_id;
    Ok(Delivered {
        prospects: crate::credits::consumed_between(db, org, Quota::Prospects, from, to).await?,
        contacts: crate::credits::consumed_between(db, org, Quota::Contacts, from, to).await?,
        agent_messages: crate::credits::consumed_between(db, org, Quota::AgentMessages, from, to).await?,
        llm_tokens: crate::llm::usage::spent_since(db, org, from).await?.tokens(),
    })
}

/// What the subscription includes each month, as it is now.
fn quotas(s: &entities::subscription::Model) -> PlanQuotas {
    PlanQuotas {
        prospects: s.prospects,
        contacts: s.contacts,
        agent_messages: s.agent_messages,
        llm_tokens: s.llm_tokens,
    }
}

fn subscription_view(s: entities::subscription::Model, delivered: Delivered) -> SubscriptionView {
    SubscriptionView {
        quotas: quotas(&s),
        delivered,
        failed_charge: None,
        id: s.id,
        plan_name: s.plan_name,
        status: s.status,
        monthly_price_cents: s.monthly_price_cents,
        ends_on: s.period_end.filter(|_| s.cancel_at_period_end).map(checkout::last_day_fr),
        period: match (s.period_start, s.period_end) {
            (Some(start), Some(end)) => Some((crate::time::date_fr(start), checkout::last_day_fr(end))),
            _ => None,
        },
    }
}

#[async_trait]
impl prospecta_app::billing::port::Billing for BillingService {
    async fn pricing(&self) -> Result<Pricing, AppError> {
        catalog::pricing(&self.app.db).await.map_err(|e| BillingError::Db(e).into())
    }

    async fn account(&self, actor: &SessionUser) -> Result<BillingAccount, AppError> {
        let db = &self.app.db;
        let org = actor.organization_id;
        let result: Result<BillingAccount, BillingError> = async {
            let account = checkout::account(db, org).await?;
            Ok(BillingAccount {
                pricing: catalog::pricing(db).await?,
                custom_plans: catalog::custom_plans(db, org).await?,
                subscription: match checkout::current(db, org).await? {
                    Some(s) => {
                        let mut view = subscription_view(s.clone(), delivered(db, &s).await?);
                        use prospecta_shared::billing::SubscriptionStatus::{PastDue, Suspended};
                        if matches!(s.status, PastDue | Suspended) {
                            view.failed_charge = checkout::failed_charge(db, &s).await?;
                        }
                        Some(view)
                    }
                    None => None,
                },
                chosen: account.choice.as_deref().and_then(PlanChoice::from_stored_query),
                payments: checkout::history(db, org).await?,
                invoices: invoices::list(db, org).await?,
                statements: statement::list(db, org).await?,
                buyer_identified: invoices::buyer_identified(db, org).await?,
                packs: catalog::packs(db).await?,
                simulated: self.app.payments.simulated(),
            })
        }
        .await;
        result.map_err(Into::into)
    }

    async fn remember_choice(&self, organization_id: OrgId, choice: PlanChoice) -> Result<(), AppError> {
        checkout::remember_choice(&self.app.db, organization_id, &choice).await.map_err(|e| BillingError::Db(e).into())
    }

    async fn admin_pricing(&self) -> Result<AdminPricing, AppError> {
        admin::pricing(&self.app.db).await.map_err(Into::into)
    }

    async fn create_plan(&self, input: PlanInput) -> Result<PlanId, AppError> {
        admin::create_plan(&self.app.db, input).await.map_err(Into::into)
    }

    async fn archive_plan(&self, id: PlanId) -> Result<(), AppError> {
        admin::archive_plan(&self.app.db, id).await.map_err(Into::into)
    }

    async fn create_pack(&self, quota: String, units: String, price: String) -> Result<i64, AppError> {
        admin::create_pack(&self.app.db, &quota, &units, &price).await.map_err(Into::into)
    }

    async fn archive_pack(&self, id: i64) -> Result<(), AppError> {
        admin::archive_pack(&self.app.db, id).await.map_err(Into::into)
    }

    async fn save_bands(&self, bands: Vec<PriceBand>) -> Result<(), AppError> {
        admin::save_bands(&self.app.db, bands).await.map_err(Into::into)
    }

    async fn buy_pack(&self, actor: &SessionUser, pack_id: i64) -> Result<String, AppError> {
        let payer = owner_payer(actor)?;
        checkout::buy_pack(&self.app, payer, pack_id).await.map_err(Into::into)
    }

    async fn late_notice(
        &self,
        actor: &SessionUser,
    ) -> Result<Option<prospecta_shared::billing::LateNotice>, AppError> {
        Ok(dunning::late_notice(&self.app.db, actor.organization_id).await.map_err(BillingError::from)?)
    }

    async fn pacing(&self, actor: &SessionUser) -> Result<Option<prospecta_shared::billing::PacingView>, AppError> {
        let now = chrono::Utc::now();
        Ok(pacing::view(&self.app.db, actor.organization_id, now).await.map_err(BillingError::from)?)
    }

    async fn statement(
        &self,
        actor: &SessionUser,
        period: prospecta_shared::billing::StatementPeriod,
    ) -> Result<prospecta_shared::billing::Statement, AppError> {
        let simulated = self.app.payments.simulated();
        let name = actor.organization_name.clone();
        statement::document(&self.app.db, actor.organization_id, name, period, simulated)
            .await
            .map_err(BillingError::from)?
            .ok_or(AppError::NotFound)
    }

    async fn settle(&self, actor: &SessionUser) -> Result<String, AppError> {
        let payer = owner_payer(actor)?;
        checkout::settle(&self.app, payer).await.map_err(Into::into)
    }

    async fn simulate_renewal(&self, actor: &SessionUser, declined: bool) -> Result<(), AppError> {
        let payer = owner_payer(actor)?;
        checkout::simulate_renewal(&self.app, payer.organization_id, declined).await.map_err(Into::into)
    }

    async fn quote_change(
        &self,
        actor: &SessionUser,
        choice: PlanChoice,
    ) -> Result<prospecta_shared::billing::ChangeQuote, AppError> {
        let payer = owner_payer(actor)?;
        change::quote(&self.app, &payer, &choice).await.map_err(Into::into)
    }

    async fn change_plan(&self, actor: &SessionUser, choice: PlanChoice) -> Result<(), AppError> {
        let payer = owner_payer(actor)?;
        change::change(&self.app, payer, &choice).await.map_err(Into::into)
    }

    async fn cancel(&self, actor: &SessionUser) -> Result<String, AppError> {
        let payer = owner_payer(actor)?;
        let end = cancel::cancel(&self.app, payer.organization_id).await?;
        Ok(checkout::last_day_fr(end))
    }

    async fn checkout(&self, actor: &SessionUser, choice: PlanChoice) -> Result<String, AppError> {
        let payer = owner_payer(actor)?;
        // The address the invoices go to is confirmed first, as for everything that spends.
        if !actor.email_verified {
            return Err(AppError::EmailNotVerified);
        }
        checkout::start(&self.app, payer, &choice).await.map_err(Into::into)
    }
}
