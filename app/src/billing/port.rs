use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::billing::{
    AdminPricing, BillingAccount, ChangeQuote, LateNotice, PacingView, PlanChoice, PlanInput, PriceBand, Pricing,
};
use prospecta_shared::ids::{OrgId, PlanId};

/// The billing capability, implemented by the server.
#[async_trait]
pub trait Billing: Send + Sync {
    /// Anyone: the public tiers and the slider's bands.
    async fn pricing(&self) -> Result<Pricing, AppError>;
    /// The organisation's offers, subscription and the offer picked before signing up.
    async fn account(&self, actor: &SessionUser) -> Result<BillingAccount, AppError>;
    /// Keeps the offer picked on the landing page through the sign-up (called by the sign-up,
    /// for the organisation it just created).
    async fn remember_choice(&self, organization_id: OrgId, choice: PlanChoice) -> Result<(), AppError>;
    /// Agency admins (the caller checks): every plan on sale and the slider's bands.
    async fn admin_pricing(&self) -> Result<AdminPricing, AppError>;
    /// Agency admins: a new public tier, or a custom plan for one organisation.
    async fn create_plan(&self, input: PlanInput) -> Result<PlanId, AppError>;
    /// Agency admins: takes a plan off sale (subscriptions keep what they bought).
    async fn archive_plan(&self, id: PlanId) -> Result<(), AppError>;
    /// Agency admins: a new credit pack (quota, units, price excluding VAT as typed).
    async fn create_pack(&self, quota: String, units: String, price: String) -> Result<i64, AppError>;
    /// Agency admins: takes a pack off sale.
    async fn archive_pack(&self, id: i64) -> Result<(), AppError>;
    /// Agency admins: replaces the slider's bands.
    async fn save_bands(&self, bands: Vec<PriceBand>) -> Result<(), AppError>;
    /// Anyone of the organisation: the late payment the banner tells of.
    async fn late_notice(&self, actor: &SessionUser) -> Result<Option<LateNotice>, AppError>;
    /// Anyone of the organisation: the current period's pacing.
    async fn pacing(&self, actor: &SessionUser) -> Result<Option<PacingView>, AppError>;
    /// Anyone of the organisation: one period's statement with its lines.
    async fn statement(
        &self,
        actor: &SessionUser,
        period: prospecta_shared::billing::StatementPeriod,
    ) -> Result<prospecta_shared::billing::Statement, AppError>;
    /// Owners: buy a credit pack for the subscription in force; returns the checkout address.
    async fn buy_pack(&self, actor: &SessionUser, pack_id: i64) -> Result<String, AppError>;
    /// Owners: pay a failed month again at the checkout; returns its address.
    async fn settle(&self, actor: &SessionUser) -> Result<String, AppError>;
    /// Owners: what changing to the offer now would charge or pay back.
    async fn quote_change(&self, actor: &SessionUser, choice: PlanChoice) -> Result<ChangeQuote, AppError>;
    /// Owners: change to the offer now, prorated.
    async fn change_plan(&self, actor: &SessionUser, choice: PlanChoice) -> Result<(), AppError>;
    /// Owners, sandbox only: the next monthly charge now, paid or refused.
    async fn simulate_renewal(&self, actor: &SessionUser, declined: bool) -> Result<(), AppError>;
    /// Owners: cancel at the end of the period; returns its last day (`dd/mm/yyyy`).
    async fn cancel(&self, actor: &SessionUser) -> Result<String, AppError>;
    /// Owners: subscribe to the offer; returns the provider's checkout address.
    async fn checkout(&self, actor: &SessionUser, choice: PlanChoice) -> Result<String, AppError>;
}
