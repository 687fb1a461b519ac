use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::chat::OnboardingChat;
use prospecta_shared::business::{
    AgentRole, Answer, BusinessProfile, Offer, OfferContext, OfferDraft, OfferPrompts, Onboarding, OnboardingStep,
    ProfileField, ReplySending,
};
use prospecta_shared::ids::OfferId;

/// The business capability, implemented by the server, scoped to the actor's organisation: an
/// offer of another organisation answers `NotFound`.
#[async_trait]
pub trait Business: Send + Sync {
    /// The profile and the wizard's progress.
    async fn onboarding(&self, actor: &SessionUser) -> Result<Onboarding, AppError>;
    /// Saves the answers of `step` (only the fields that step asks) and marks it answered; the
    /// first offer follows the profile.
    async fn save_step(
        &self,
        actor: &SessionUser,
        step: OnboardingStep,
        answers: BusinessProfile,
    ) -> Result<Onboarding, AppError>;
    /// Passed for now: recalled on the dashboard until answered.
    async fn skip_step(&self, actor: &SessionUser, step: OnboardingStep) -> Result<Onboarding, AppError>;
    /// One answer corrected, read like the wizard's form reads it; a step whose required answers
    /// are all given counts as answered.
    async fn correct_answer(
        &self,
        actor: &SessionUser,
        field: ProfileField,
        answer: Answer,
    ) -> Result<Onboarding, AppError>;
    /// The onboarding chat so far (its opening when it has not started) and the profile.
    async fn onboarding_chat(&self, actor: &SessionUser) -> Result<OnboardingChat, AppError>;
    /// The client's message answered by the onboarding agent, its answers read into the
    /// profile; nothing saved when the agent could not answer.
    async fn chat_reply(&self, actor: &SessionUser, text: String) -> Result<OnboardingChat, AppError>;
    async fn offers(&self, actor: &SessionUser) -> Result<Vec<Offer>, AppError>;
    async fn offer(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Offer, AppError>;
    async fn create_offer(&self, actor: &SessionUser, draft: OfferDraft) -> Result<Offer, AppError>;
    async fn update_offer(&self, actor: &SessionUser, offer_id: OfferId, draft: OfferDraft) -> Result<Offer, AppError>;
    /// The offer the actor works in (their organisation's first one until they choose).
    async fn current_offer(&self, actor: &SessionUser) -> Result<OfferId, AppError>;
    async fn offer_context(&self, actor: &SessionUser) -> Result<OfferContext, AppError>;
    async fn choose_offer(&self, actor: &SessionUser, offer_id: OfferId) -> Result<(), AppError>;
    /// The message writer's three variants of the offer's first message.
    async fn propose_variants(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
    ) -> Result<Vec<prospecta_shared::campaigns::VariantDraft>, AppError>;
    /// Every version of the offer's prompts.
    async fn prompts(&self, actor: &SessionUser, offer_id: OfferId) -> Result<OfferPrompts, AppError>;
    /// The prompt agent writes them from the profile and the offer: in use the first time,
    /// proposed afterwards.
    async fn generate_prompts(&self, actor: &SessionUser, offer_id: OfferId) -> Result<OfferPrompts, AppError>;
    /// The client's text, a new version in use (`body` checked by `prompt_body`).
    async fn edit_prompt(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        role: AgentRole,
        body: String,
    ) -> Result<OfferPrompts, AppError>;
    /// The proposed version adopted, or set aside.
    async fn set_reply_sending(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        mode: ReplySending,
    ) -> Result<OfferPrompts, AppError>;
    async fn settle_proposal(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        role: AgentRole,
        adopt: bool,
    ) -> Result<OfferPrompts, AppError>;
}
