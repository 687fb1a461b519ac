use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::campaigns::{
    CampaignDetail, CampaignDraft, CampaignLive, CampaignSummary, ContactFilter, ContactPage,
};
use prospecta_shared::ids::{CampaignId, ContactId, OfferId};

/// The campaigns capability, implemented by the server. Every method scopes to the actor's
/// organisation: another organisation's id answers `NotFound`.
#[async_trait]
pub trait Campaigns: Send + Sync {
    /// The campaigns of one offer.
    async fn campaigns(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Vec<CampaignSummary>, AppError>;
    /// A campaign of the offer, on databases of that offer.
    async fn create_campaign(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        draft: CampaignDraft,
    ) -> Result<CampaignSummary, AppError>;
    async fn campaign(&self, actor: &SessionUser, campaign_id: CampaignId) -> Result<CampaignDetail, AppError>;
    async fn live(&self, actor: &SessionUser, campaign_id: CampaignId) -> Result<CampaignLive, AppError>;
    /// PLAY (`true`) or PAUSE (`false`); effective within seconds, queued work included.
    async fn set_running(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        running: bool,
    ) -> Result<CampaignLive, AppError>;
    /// Stop (or resume) one message variant (FORM-3).
    async fn set_variant_active(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        variant_id: i64,
        active: bool,
    ) -> Result<CampaignLive, AppError>;
    async fn contacts(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        filter: ContactFilter,
        page: u32,
    ) -> Result<ContactPage, AppError>;
    /// A reply recorded by hand until the conversations capability reads the mailbox.
    async fn record_reply(&self, actor: &SessionUser, contact_id: ContactId, positive: bool) -> Result<(), AppError>;
}
