//! The business tables. Only this capability reads or writes them.

use crate::db::entity;

entity!(business_profile, "business_profiles", {
    organization_id: prospecta_shared::ids::OrgId,
    activity: Option<String>,
    offering: Option<String>,
    customers: Option<String>,
    business_model: Option<prospecta_shared::business::BusinessModel>,
    price_range: Option<String>,
    differentiators: Option<String>,
    // JSON of `Vec<ObjectionAnswer>`.
    objections: String,
    tone: Option<prospecta_shared::business::Tone>,
    preferences: Option<String>,
    never_promise: Option<String>,
    objective_kind: Option<prospecta_shared::business::ObjectiveKind>,
    objective_detail: Option<String>,
    // Step keys, comma-separated (`OnboardingStep::as_str`).
    steps_done: String,
    steps_skipped: String,
    updated_by: Option<prospecta_shared::ids::UserId>,
    updated_at: DateTimeUtc,
});

entity!(offer, "offers", prospecta_shared::ids::OfferId, {
    organization_id: prospecta_shared::ids::OrgId,
    position: i32,
    name: String,
    description: Option<String>,
    target_sector: Option<String>,
    target_area: Option<String>,
    persona: Option<String>,
    tone: prospecta_shared::business::Tone,
    objective_kind: prospecta_shared::business::ObjectiveKind,
    objective_detail: Option<String>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    reply_sending: prospecta_shared::business::ReplySending,
});

entity!(offer_choice, "offer_choices", {
    user_id: prospecta_shared::ids::UserId,
    offer_id: prospecta_shared::ids::OfferId,
});

entity!(offer_prompt, "offer_prompts", {
    organization_id: prospecta_shared::ids::OrgId,
    offer_id: prospecta_shared::ids::OfferId,
    role: prospecta_shared::business::AgentRole,
    version: i32,
    body: String,
    state: prospecta_shared::business::PromptState,
    // `None`: written by the prompt agent.
    author_id: Option<prospecta_shared::ids::UserId>,
    created_at: DateTimeUtc,
});

entity!(onboarding_chat_message, "onboarding_chat_messages", {
    organization_id: prospecta_shared::ids::OrgId,
    author: prospecta_shared::business::chat::ChatAuthor,
    // Who wrote it, for the client's messages.
    user_id: Option<prospecta_shared::ids::UserId>,
    body: String,
    // The field the agent's question is about; `None` when it has nothing left to ask.
    asks: Option<prospecta_shared::business::ProfileField>,
    // Field keys the client's message filled, comma-separated (on the agent's answer to it).
    filled: String,
    created_at: DateTimeUtc,
});
