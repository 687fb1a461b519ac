//! Server functions of the campaigns: who calls, which port, which organisation.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{CampaignDetail, CampaignDraft, CampaignLive, CampaignSummary, ContactPage};
use prospecta_shared::ids::{CampaignId, ContactId};

#[cfg(feature = "ssr")]
use {
    super::port::Campaigns,
    crate::business::api::current_offer,
    crate::server_ctx::{port, require_user},
    prospecta_shared::campaigns::ContactFilter,
};

#[server(endpoint = "campaigns/list")]
pub async fn list_campaigns() -> Result<Vec<CampaignSummary>, AppError> {
    let user = require_user()?;
    let offer = current_offer(&user).await?;
    port::<dyn Campaigns>()?.campaigns(&user, offer).await
}

/// The draft travels as JSON: variants and the sender profile are nested.
#[server(endpoint = "campaigns/create", input = Json)]
pub async fn create_campaign(draft: CampaignDraft) -> Result<CampaignSummary, AppError> {
    let user = require_user()?;
    draft.validate()?;
    let offer = current_offer(&user).await?;
    port::<dyn Campaigns>()?.create_campaign(&user, offer, draft).await
}

#[server(endpoint = "campaigns/get")]
pub async fn get_campaign(campaign_id: CampaignId) -> Result<CampaignDetail, AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.campaign(&user, campaign_id).await
}

/// `name`: the generated struct would otherwise be called `CampaignLive`, like the DTO.
#[server(name = CampaignLiveFn, endpoint = "campaigns/live")]
pub async fn campaign_live(campaign_id: CampaignId) -> Result<CampaignLive, AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.live(&user, campaign_id).await
}

#[server(endpoint = "campaigns/run")]
pub async fn set_campaign_running(campaign_id: CampaignId, running: bool) -> Result<CampaignLive, AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.set_running(&user, campaign_id, running).await
}

#[server(endpoint = "campaigns/variant")]
pub async fn set_variant_active(
    campaign_id: CampaignId,
    variant_id: i64,
    active: bool,
) -> Result<CampaignLive, AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.set_variant_active(&user, campaign_id, variant_id, active).await
}

#[server(endpoint = "campaigns/contacts")]
pub async fn list_contacts(
    campaign_id: CampaignId,
    #[server(default)] filter: String,
    #[server(default)] page: u32,
) -> Result<ContactPage, AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.contacts(&user, campaign_id, ContactFilter::parse(&filter), page).await
}

#[server(endpoint = "campaigns/reply")]
pub async fn record_reply(contact_id: ContactId, positive: bool) -> Result<(), AppError> {
    let user = require_user()?;
    port::<dyn Campaigns>()?.record_reply(&user, contact_id, positive).await
}
