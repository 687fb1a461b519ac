//! What the conversation agent of an offer works from (AGENT-5, AGENT-7): the offer's
//! conversation prompt in service with its version, the profile and the offer as the prompt
//! agent reads them, the objective, and what must never be promised. The conversations
//! capability asks for it; the tables stay this capability's.

use super::entities::{offer, offer_prompt};
use super::profile;
use prospecta_shared::business::{AgentRole, Objective, PromptState, ReplySending};
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// The agent's brief for one offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentContext {
    /// The conversation prompt in service and its version; `None` before prompts exist.
    pub prompt: Option<(i32, String)>,
    /// The profile and the offer, one field per line.
    pub brief: String,
    /// The objective, in French ("Obtenir un rendez-vous…").
    pub objective: String,
    pub never_promise: Option<String>,
    /// Who signs the messages (the offer's persona, else the organisation).
    pub signature: String,
    /// Whether its replies wait for the client's approval.
    pub reply_sending: ReplySending,
}

pub async fn agent_context(
    db: &DatabaseConnection,
    organization_id: OrgId,
    offer_id: OfferId,
) -> Result<Option<AgentContext>, DbErr> {
    let Some(found) =
        offer::Entity::find_by_id(offer_id).filter(offer::Column::OrganizationId.eq(organization_id)).one(db).await?
    else {
        return Ok(None);
    };
    let profile = profile::onboarding(db, organization_id).await.map_err(|e| DbErr::Custom(e.to_string()))?.profile;
    let organization = crate::accounts::directory::organization_name(db, organization_id).await?.unwrap_or_default();
    let prompt = offer_prompt::Entity::find()
        .filter(offer_prompt::Column::OfferId.eq(offer_id))
        .filter(offer_prompt::Column::Role.eq(AgentRole::Conversation))
        .filter(offer_prompt::Column::State.eq(PromptState::Active))
        .one(db)
        .await?
        .map(|p| (p.version, p.body));
    let objective = Objective::from_parts(found.objective_kind, found.objective_detail.clone()).summary_fr();
    let signature = found.persona.clone().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| organization.clone());
    Ok(Some(AgentContext {
        prompt,
        brief: super::prompts::brief(&organization, &profile, &found),
        objective,
        never_promise: profile.never_promise.clone(),
        signature,
        reply_sending: found.reply_sending,
    }))
}

/// How an offer's agent replies leave (`None`: not an offer of this organisation).
pub async fn reply_sending<C: sea_orm::ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    offer_id: OfferId,
) -> Result<Option<ReplySending>, DbErr> {
    let found =
        offer::Entity::find_by_id(offer_id).filter(offer::Column::OrganizationId.eq(organization_id)).one(db).await?;
    Ok(found.map(|o| o.reply_sending))
}
