//! The business capability: the business profile the onboarding wizard fills (ONB-3), and the
//! organisation's offers (what is sold to whom, in which voice, toward which objective), with
//! the offer each person works in. Databases and campaigns carry the id of their offer; this
//! capability never reads their tables: how many each offer has comes through [`OfferUsage`].

pub mod agent_context;
mod chat;
mod entities;
mod offers;

pub use offers::existing_names as offer_names;
mod profile;
mod prompts;
mod writer;

use crate::error::capability_error;
use crate::state::AppState;
use async_trait::async_trait;
use prospecta_app::business::port::Business;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::chat::OnboardingChat;
use prospecta_shared::business::{
    AgentRole, Answer, BusinessProfile, Offer, OfferContext, OfferDraft, OfferPrompts, Onboarding, OnboardingStep,
    ProfileField, ReplySending,
};
use prospecta_shared::campaigns::VariantDraft;
use prospecta_shared::error::LimitedAction;
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::DbErr;
use std::collections::HashMap;
use std::sync::Arc;

capability_error! {
    /// `Refused` carries `NotFound` (another organisation's offer), invalid input and what the
    /// language model could not do; `Limit` the texts written by the model and the chat's
    /// messages per hour.
    pub enum BusinessError logged as "business" {
        Limit(crate::limits::LimitError),
    }
}

type Result<T, E = BusinessError> = std::result::Result<T, E>;

/// How many databases and campaigns each offer of an organisation has (implemented by the
/// wiring from prospecting and outreach).
#[async_trait]
pub trait OfferUsage: Send + Sync {
    async fn usage(&self, organization_id: OrgId) -> Result<HashMap<OfferId, (u64, u64)>, DbErr>;
}

pub struct BusinessService {
    app: AppState,
    usage: Arc<dyn OfferUsage>,
}

impl BusinessService {
    pub fn new(app: AppState, usage: Arc<dyn OfferUsage>) -> Self {
        BusinessService { app, usage }
    }
}

#[async_trait]
impl Business for BusinessService {
    async fn onboarding(&self, actor: &SessionUser) -> Result<Onboarding, AppError> {
        BusinessError::answer(profile::onboarding(&self.app.db, actor.organization_id)).await
    }

    async fn save_step(
        &self,
        actor: &SessionUser,
        step: OnboardingStep,
        answers: BusinessProfile,
    ) -> Result<Onboarding, AppError> {
        BusinessError::answer(profile::save_step(&self.app.db, actor, step, answers)).await
    }

    async fn skip_step(&self, actor: &SessionUser, step: OnboardingStep) -> Result<Onboarding, AppError> {
        BusinessError::answer(profile::skip_step(&self.app.db, actor, step)).await
    }

    async fn correct_answer(
        &self,
        actor: &SessionUser,
        field: ProfileField,
        answer: Answer,
    ) -> Result<Onboarding, AppError> {
        BusinessError::answer(profile::correct(&self.app.db, actor, field, answer)).await
    }

    async fn onboarding_chat(&self, actor: &SessionUser) -> Result<OnboardingChat, AppError> {
        BusinessError::answer(chat::read(&self.app.db, self.app.llm.as_ref(), actor)).await
    }

    async fn chat_reply(&self, actor: &SessionUser, text: String) -> Result<OnboardingChat, AppError> {
        BusinessError::answer(async move {
            let limit = self.app.config.limits.onboarding_chat_per_org;
            let key = actor.organization_id.to_string();
            crate::limits::check(&self.app.db, LimitedAction::OnboardingChat, &key, limit).await?;
            chat::reply(&self.app.db, self.app.llm.as_ref(), actor, text).await
        })
        .await
    }

    async fn offers(&self, actor: &SessionUser) -> Result<Vec<Offer>, AppError> {
        BusinessError::answer(async move {
            let usage = self.usage.usage(actor.organization_id).await?;
            offers::list(&self.app.db, actor.organization_id, &usage).await
        })
        .await
    }

    async fn offer(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Offer, AppError> {
        BusinessError::answer(async move {
            let usage = self.usage.usage(actor.organization_id).await?;
            let model = offers::owned(&self.app.db, actor.organization_id, offer_id).await?;
            Ok(offers::view(model, &usage))
        })
        .await
    }

    async fn create_offer(&self, actor: &SessionUser, draft: OfferDraft) -> Result<Offer, AppError> {
        BusinessError::answer(async move {
            let model = offers::create(&self.app.db, actor.organization_id, draft).await?;
            Ok(offers::view(model, &HashMap::new()))
        })
        .await
    }

    async fn update_offer(&self, actor: &SessionUser, offer_id: OfferId, draft: OfferDraft) -> Result<Offer, AppError> {
        BusinessError::answer(async move {
            let model = offers::update(&self.app.db, actor.organization_id, offer_id, draft).await?;
            let usage = self.usage.usage(actor.organization_id).await?;
            Ok(offers::view(model, &usage))
        })
        .await
    }

    async fn current_offer(&self, actor: &SessionUser) -> Result<OfferId, AppError> {
        BusinessError::answer(offers::current(&self.app.db, actor)).await
    }

    async fn offer_context(&self, actor: &SessionUser) -> Result<OfferContext, AppError> {
        BusinessError::answer(async move {
            let current = offers::current(&self.app.db, actor).await?;
            let offers = offers::names(&self.app.db, actor.organization_id).await?;
            Ok(OfferContext { current, offers })
        })
        .await
    }

    async fn choose_offer(&self, actor: &SessionUser, offer_id: OfferId) -> Result<(), AppError> {
        BusinessError::answer(offers::choose(&self.app.db, actor, offer_id)).await
    }

    async fn propose_variants(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Vec<VariantDraft>, AppError> {
        BusinessError::answer(async move {
            let db = &self.app.db;
            self.limit_ai_writing(actor).await?;
            let profile = profile::onboarding(db, actor.organization_id).await?.profile;
            writer::propose(db, self.app.llm.as_ref(), actor, offer_id, &profile).await
        })
        .await
    }

    async fn prompts(&self, actor: &SessionUser, offer_id: OfferId) -> Result<OfferPrompts, AppError> {
        BusinessError::answer(self.read_prompts(actor, offer_id)).await
    }

    async fn generate_prompts(&self, actor: &SessionUser, offer_id: OfferId) -> Result<OfferPrompts, AppError> {
        BusinessError::answer(async move {
            let db = &self.app.db;
            self.limit_ai_writing(actor).await?;
            let profile = profile::onboarding(db, actor.organization_id).await?.profile;
            let organization = &actor.organization_name;
            prompts::generate(db, self.app.llm.as_ref(), actor, offer_id, organization, &profile).await?;
            self.read_prompts(actor, offer_id).await
        })
        .await
    }

    async fn edit_prompt(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        role: AgentRole,
        body: String,
    ) -> Result<OfferPrompts, AppError> {
        BusinessError::answer(async move {
            prompts::edit(&self.app.db, actor, offer_id, role, body).await?;
            self.read_prompts(actor, offer_id).await
        })
        .await
    }

    async fn set_reply_sending(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        mode: ReplySending,
    ) -> Result<OfferPrompts, AppError> {
        BusinessError::answer(async move {
            offers::set_reply_sending(&self.app.db, actor.organization_id, offer_id, mode).await?;
            self.read_prompts(actor, offer_id).await
        })
        .await
    }

    async fn settle_proposal(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        role: AgentRole,
        adopt: bool,
    ) -> Result<OfferPrompts, AppError> {
        BusinessError::answer(async move {
            prompts::settle_proposal(&self.app.db, actor, offer_id, role, adopt).await?;
            self.read_prompts(actor, offer_id).await
        })
        .await
    }
}

impl BusinessService {
    /// Texts written by the model on request cost us: so many an hour per organisation.
    async fn limit_ai_writing(&self, actor: &SessionUser) -> Result<()> {
        let limit = self.app.config.limits.ai_writing_per_org;
        let key = actor.organization_id.to_string();
        crate::limits::check(&self.app.db, LimitedAction::AiWriting, &key, limit).await?;
        Ok(())
    }

    async fn read_prompts(&self, actor: &SessionUser, offer_id: OfferId) -> Result<OfferPrompts> {
        let profile = profile::model(&self.app.db, actor.organization_id).await?;
        prompts::read(&self.app.db, actor, offer_id, profile.as_ref()).await
    }
}
