//! Server functions of subscriptions.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use prospecta_shared::AppError;
use prospecta_shared::billing::{
    AdminPricing, BillingAccount, ChangeQuote, LateNotice, PacingView, PlanChoice, PlanInput, PriceBand, Pricing,
};
use prospecta_shared::ids::{OrgId, PlanId};

#[cfg(feature = "ssr")]
use {
    super::port::Billing,
    crate::admin::api::audited,
    crate::server_ctx::{port, require_admin, require_user},
    prospecta_shared::agency::AdminAction,
};

/// The public tiers and the slider's bands (the landing page's pricing section).
#[server(endpoint = "billing/pricing")]
pub async fn load_pricing() -> Result<Pricing, AppError> {
    port::<dyn Billing>()?.pricing().await
}

#[server(endpoint = "billing/account")]
pub async fn load_billing_account() -> Result<BillingAccount, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.account(&actor).await
}

/// Sandbox only: the next monthly charge now, paid or refused (`refuse`).
#[server(endpoint = "billing/simulate-renewal")]
pub async fn simulate_renewal(refuse: bool) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.simulate_renewal(&actor, refuse).await
}

/// The late payment the banner across the client area tells of, if any.
#[server(endpoint = "billing/late")]
pub async fn load_late_notice() -> Result<Option<LateNotice>, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.late_notice(&actor).await
}

/// One period's statement with its lines (`period`: `essai` or the month's payment id).
#[server(endpoint = "billing/statement")]
pub async fn load_statement(period: String) -> Result<prospecta_shared::billing::Statement, AppError> {
    let actor = require_user()?;
    let period = prospecta_shared::billing::StatementPeriod::parse(&period).ok_or(AppError::NotFound)?;
    port::<dyn Billing>()?.statement(&actor, period).await
}

/// The current period's pacing, day by day (the dashboard's chart); none without a subscription.
#[server(endpoint = "billing/pacing")]
pub async fn load_pacing() -> Result<Option<PacingView>, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.pacing(&actor).await
}

/// Buys a credit pack; returns the address of the provider's checkout.
#[server(endpoint = "billing/buy-pack")]
pub async fn buy_pack(pack_id: i64) -> Result<String, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.buy_pack(&actor, pack_id).await
}

/// Pays the failed month again; returns the address of the provider's checkout.
#[server(endpoint = "billing/settle")]
pub async fn settle_payment() -> Result<String, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.settle(&actor).await
}

/// Cancels the subscription at the end of its period; returns its last day.
#[server(endpoint = "billing/cancel")]
pub async fn cancel_subscription() -> Result<String, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.cancel(&actor).await
}

/// Starts the subscription; returns the address of the provider's checkout.
#[server(endpoint = "billing/checkout")]
pub async fn start_checkout(offre: Option<String>, contacts: Option<String>) -> Result<String, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.checkout(&actor, choice_of(offre, contacts)?).await
}

#[cfg(feature = "ssr")]
fn choice_of(offre: Option<String>, contacts: Option<String>) -> Result<PlanChoice, AppError> {
    PlanChoice::from_query(offre.as_deref(), contacts.as_deref())
        .ok_or_else(|| AppError::validation("offre", prospecta_shared::error::ValidationCode::Required))
}

/// What changing to the offer now would charge or pay back.
#[server(endpoint = "billing/quote-change")]
pub async fn quote_change(offre: Option<String>, contacts: Option<String>) -> Result<ChangeQuote, AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.quote_change(&actor, choice_of(offre, contacts)?).await
}

/// Changes to the offer now, prorated.
#[server(endpoint = "billing/change-plan")]
pub async fn change_plan(offre: Option<String>, contacts: Option<String>) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Billing>()?.change_plan(&actor, choice_of(offre, contacts)?).await
}

#[server(endpoint = "billing/admin-pricing")]
pub async fn load_admin_pricing() -> Result<AdminPricing, AppError> {
    require_admin()?;
    port::<dyn Billing>()?.admin_pricing().await
}

/// A new plan; `organization_id` empty for a public tier.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "billing/create-plan")]
pub async fn create_plan(
    name: String,
    pitch: String,
    monthly_price: String,
    prospects: String,
    contacts: String,
    agent_messages: String,
    llm_tokens: String,
    organization_id: String,
) -> Result<PlanId, AppError> {
    let admin = require_admin()?;
    let organization_id = match organization_id.trim() {
        "" => None,
        raw => Some(raw.parse::<OrgId>().map_err(|_| AppError::NotFound)?),
    };
    let detail = format!("« {} », {} € HT par mois", name.trim(), monthly_price.trim());
    let input =
        PlanInput { name, pitch, monthly_price, prospects, contacts, agent_messages, llm_tokens, organization_id };
    let result = port::<dyn Billing>()?.create_plan(input).await;
    audited(&admin, AdminAction::CreatePlan, detail, organization_id, result).await
}

#[server(endpoint = "billing/archive-plan")]
pub async fn archive_plan(id: PlanId) -> Result<(), AppError> {
    let admin = require_admin()?;
    let result = port::<dyn Billing>()?.archive_plan(id).await;
    audited(&admin, AdminAction::ArchivePlan, format!("Offre n° {id}"), None, result).await
}

/// A new credit pack: the quota it refills (`prospects` or `contacts`), how many, its price.
#[server(endpoint = "billing/create-pack")]
pub async fn create_pack(quota: String, units: String, price: String) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let detail = format!("{} {} pour {} € HT", units.trim(), quota.trim(), price.trim());
    let result = port::<dyn Billing>()?.create_pack(quota, units, price).await;
    audited(&admin, AdminAction::CreatePack, detail, None, result).await
}

#[server(endpoint = "billing/archive-pack")]
pub async fn archive_pack(id: i64) -> Result<(), AppError> {
    let admin = require_admin()?;
    let result = port::<dyn Billing>()?.archive_pack(id).await;
    audited(&admin, AdminAction::ArchivePack, format!("Pack n° {id}"), None, result).await
}

#[server(endpoint = "billing/save-bands", input = Json)]
pub async fn save_bands(bands: Vec<PriceBand>) -> Result<(), AppError> {
    let admin = require_admin()?;
    let detail = format!("{} palier{}", bands.len(), if bands.len() > 1 { "s" } else { "" });
    let result = port::<dyn Billing>()?.save_bands(bands).await;
    audited(&admin, AdminAction::SaveBands, detail, None, result).await
}
