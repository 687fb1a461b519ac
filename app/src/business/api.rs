//! Server functions of the business profile and the offers: who calls, which port, parsed
//! fields. Each wizard step posts its own fields; nothing of another step is touched.

// The objections reach the server as flat form fields (`objection_1`…`answer_5`).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::business::chat::OnboardingChat;
use prospecta_shared::business::{Offer, OfferContext, OfferPrompts, Onboarding, ReplySending};
use prospecta_shared::ids::OfferId;

#[cfg(feature = "ssr")]
use {
    super::port::Business,
    crate::server_ctx::{port, require_user},
    prospecta_shared::business::chat::CHAT_MESSAGE_MAX,
    prospecta_shared::business::{
        Answer, BusinessProfile, OfferDraft, OfferForm, OnboardingStep, ProfileField, required_paragraph,
    },
    prospecta_shared::error::ValidationCode,
};

/// The offer every list, figure and new record of the request belongs to.
#[cfg(feature = "ssr")]
pub async fn current_offer(user: &prospecta_shared::accounts::SessionUser) -> Result<OfferId, AppError> {
    port::<dyn Business>()?.current_offer(user).await
}

#[cfg(feature = "ssr")]
async fn save(step: OnboardingStep, answers: BusinessProfile) -> Result<Onboarding, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.save_step(&user, step, answers).await
}

#[cfg(feature = "ssr")]
fn step_named(raw: &str) -> Result<OnboardingStep, AppError> {
    OnboardingStep::parse(raw).ok_or(AppError::validation("step", ValidationCode::Required))
}

#[server(endpoint = "business/onboarding")]
pub async fn load_onboarding() -> Result<Onboarding, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.onboarding(&user).await
}

/// The answers of a form, read field by field like the chat's and the corrections'.
#[cfg(feature = "ssr")]
fn answers(fields: Vec<(ProfileField, Answer)>) -> Result<BusinessProfile, AppError> {
    let mut profile = BusinessProfile::default();
    for (field, answer) in fields {
        profile.set(field, answer)?;
    }
    Ok(profile)
}

/// The objection pairs as posted (`objection_1`, `answer_1`… `answer_5`).
#[cfg(feature = "ssr")]
fn objection_pairs(fields: [String; 10]) -> Answer {
    let [o1, a1, o2, a2, o3, a3, o4, a4, o5, a5] = fields;
    Answer::Objections(vec![(o1, a1), (o2, a2), (o3, a3), (o4, a4), (o5, a5)])
}

#[server(endpoint = "business/save-activity")]
pub async fn save_activity(
    activity: String,
    offering: String,
    customers: String,
    business_model: String,
    price_range: String,
) -> Result<Onboarding, AppError> {
    let answers = answers(vec![
        (ProfileField::Activity, Answer::Text(activity)),
        (ProfileField::Offering, Answer::Text(offering)),
        (ProfileField::Customers, Answer::Text(customers)),
        (ProfileField::BusinessModel, Answer::Text(business_model)),
        (ProfileField::PriceRange, Answer::Text(price_range)),
    ])?;
    save(OnboardingStep::Activity, answers).await
}

#[server(endpoint = "business/save-arguments")]
pub async fn save_arguments(
    differentiators: String,
    objection_1: String,
    answer_1: String,
    objection_2: String,
    answer_2: String,
    objection_3: String,
    answer_3: String,
    objection_4: String,
    answer_4: String,
    objection_5: String,
    answer_5: String,
) -> Result<Onboarding, AppError> {
    let pairs = objection_pairs([
        objection_1,
        answer_1,
        objection_2,
        answer_2,
        objection_3,
        answer_3,
        objection_4,
        answer_4,
        objection_5,
        answer_5,
    ]);
    let answers = answers(vec![
        (ProfileField::Differentiators, Answer::Text(differentiators)),
        (ProfileField::Objections, pairs),
    ])?;
    save(OnboardingStep::Arguments, answers).await
}

#[server(endpoint = "business/save-style")]
pub async fn save_style(tone: String, preferences: String, never_promise: String) -> Result<Onboarding, AppError> {
    let answers = answers(vec![
        (ProfileField::Tone, Answer::Text(tone)),
        (ProfileField::Preferences, Answer::Text(preferences)),
        (ProfileField::NeverPromise, Answer::Text(never_promise)),
    ])?;
    save(OnboardingStep::Style, answers).await
}

#[server(endpoint = "business/save-objective")]
pub async fn save_objective(
    objective: String,
    objective_url: String,
    objective_detail: String,
) -> Result<Onboarding, AppError> {
    let answer = Answer::Objective { kind: objective, url: objective_url, detail: objective_detail };
    save(OnboardingStep::Objective, answers(vec![(ProfileField::Objective, answer)])?).await
}

/// One answer corrected beside the chat: a text, a business model or a tone (their keys).
#[server(endpoint = "business/correct-answer")]
pub async fn correct_answer(field: String, value: String) -> Result<Onboarding, AppError> {
    let user = require_user()?;
    let field = ProfileField::parse(field.trim())
        .filter(|f| !matches!(f, ProfileField::Objective | ProfileField::Objections))
        .ok_or(AppError::validation("field", ValidationCode::Required))?;
    port::<dyn Business>()?.correct_answer(&user, field, Answer::Text(value)).await
}

/// The objective corrected beside the chat.
#[server(endpoint = "business/correct-objective")]
pub async fn correct_objective(
    objective: String,
    objective_url: String,
    objective_detail: String,
) -> Result<Onboarding, AppError> {
    let user = require_user()?;
    let answer = Answer::Objective { kind: objective, url: objective_url, detail: objective_detail };
    port::<dyn Business>()?.correct_answer(&user, ProfileField::Objective, answer).await
}

/// The objections corrected beside the chat (the pairs replace the known ones).
#[server(endpoint = "business/correct-objections")]
pub async fn correct_objections(
    objection_1: String,
    answer_1: String,
    objection_2: String,
    answer_2: String,
    objection_3: String,
    answer_3: String,
    objection_4: String,
    answer_4: String,
    objection_5: String,
    answer_5: String,
) -> Result<Onboarding, AppError> {
    let user = require_user()?;
    let pairs = objection_pairs([
        objection_1,
        answer_1,
        objection_2,
        answer_2,
        objection_3,
        answer_3,
        objection_4,
        answer_4,
        objection_5,
        answer_5,
    ]);
    port::<dyn Business>()?.correct_answer(&user, ProfileField::Objections, pairs).await
}

#[server(endpoint = "business/onboarding-chat")]
pub async fn load_onboarding_chat() -> Result<OnboardingChat, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.onboarding_chat(&user).await
}

/// The client's message to the onboarding agent.
#[server(endpoint = "business/chat-reply")]
pub async fn chat_reply(message: String) -> Result<OnboardingChat, AppError> {
    let user = require_user()?;
    let text = required_paragraph("message", &message, CHAT_MESSAGE_MAX)?;
    port::<dyn Business>()?.chat_reply(&user, text).await
}

/// The company and person steps are answered by the settings' own forms; once saved there, the
/// wizard marks them answered here.
#[server(endpoint = "business/complete-step")]
pub async fn complete_step(step: String) -> Result<Onboarding, AppError> {
    let step = step_named(&step)?;
    if !matches!(step, OnboardingStep::Company | OnboardingStep::Person) {
        return Err(AppError::validation("step", ValidationCode::Required));
    }
    save(step, BusinessProfile::default()).await
}

#[server(endpoint = "business/skip-step")]
pub async fn skip_step(step: String) -> Result<Onboarding, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.skip_step(&user, step_named(&step)?).await
}

#[server(endpoint = "business/offers")]
pub async fn load_offers() -> Result<Vec<Offer>, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.offers(&user).await
}

#[server(endpoint = "business/offer")]
pub async fn load_offer(offer_id: OfferId) -> Result<Offer, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.offer(&user, offer_id).await
}

/// `offer_id` empty: a new offer; otherwise that offer, changed.
#[server(endpoint = "business/save-offer")]
pub async fn save_offer(
    offer_id: String,
    name: String,
    description: String,
    target_sector: String,
    target_area: String,
    persona: String,
    tone: String,
    objective: String,
    objective_url: String,
    objective_detail: String,
) -> Result<Offer, AppError> {
    let user = require_user()?;
    let form = OfferForm {
        name,
        description,
        target_sector,
        target_area,
        persona,
        tone,
        objective,
        objective_url,
        objective_detail,
    };
    let draft = OfferDraft::parse(&form)?;
    let business = port::<dyn Business>()?;
    match offer_id.trim() {
        "" => business.create_offer(&user, draft).await,
        id => {
            let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
            business.update_offer(&user, OfferId(id), draft).await
        }
    }
}

#[server(endpoint = "business/offer-context")]
pub async fn load_offer_context() -> Result<OfferContext, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.offer_context(&user).await
}

#[server(endpoint = "business/choose-offer")]
pub async fn choose_offer(offer_id: OfferId) -> Result<(), AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.choose_offer(&user, offer_id).await
}

#[cfg(feature = "ssr")]
fn role_named(raw: &str) -> Result<prospecta_shared::business::AgentRole, AppError> {
    prospecta_shared::business::AgentRole::parse(raw).ok_or(AppError::NotFound)
}

#[server(endpoint = "business/prompts")]
pub async fn load_prompts(offer_id: OfferId) -> Result<OfferPrompts, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.prompts(&user, offer_id).await
}

/// The prompt agent writes the offer's prompts (in use the first time, proposed afterwards).
#[server(endpoint = "business/generate-prompts")]
pub async fn generate_prompts(offer_id: OfferId) -> Result<OfferPrompts, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.generate_prompts(&user, offer_id).await
}

#[server(endpoint = "business/edit-prompt")]
pub async fn edit_prompt(offer_id: OfferId, role: String, body: String) -> Result<OfferPrompts, AppError> {
    let user = require_user()?;
    let body = prospecta_shared::business::prompt_body(&body)?;
    port::<dyn Business>()?.edit_prompt(&user, offer_id, role_named(&role)?, body).await
}

/// How the offer's conversation agent sends its replies.
#[server(endpoint = "business/reply-sending")]
pub async fn set_reply_sending(offer_id: OfferId, mode: ReplySending) -> Result<OfferPrompts, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.set_reply_sending(&user, offer_id, mode).await
}

/// `adopt`: the proposed version is put in use; otherwise it is set aside.
#[server(endpoint = "business/settle-proposal")]
pub async fn settle_proposal(offer_id: OfferId, role: String, adopt: bool) -> Result<OfferPrompts, AppError> {
    let user = require_user()?;
    port::<dyn Business>()?.settle_proposal(&user, offer_id, role_named(&role)?, adopt).await
}

/// Three variants of the first message, written for the offer the caller works in.
#[server(endpoint = "business/propose-variants")]
pub async fn propose_variants() -> Result<Vec<prospecta_shared::campaigns::VariantDraft>, AppError> {
    let user = require_user()?;
    let offer = current_offer(&user).await?;
    port::<dyn Business>()?.propose_variants(&user, offer).await
}
