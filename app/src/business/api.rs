//! Server functions of the business profile and the offers: who calls, which port, parsed
//! fields. Each wizard step posts its own fields; nothing of another step is touched.

// The objections reach the server as flat form fields (`objection_1`…`answer_5`).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::business::{Offer, OfferContext, OfferPrompts, Onboarding};
use prospecta_shared::ids::OfferId;

#[cfg(feature = "ssr")]
use {
    super::port::Business,
    crate::server_ctx::{port, require_user},
    prospecta_shared::business::{
        ANSWER_MAX, BusinessModel, BusinessProfile, LINE_MAX, Objective, OfferDraft, OfferForm, OnboardingStep, Tone,
        optional_paragraph, parse_objections, required_paragraph,
    },
    prospecta_shared::error::ValidationCode,
    prospecta_shared::organization::optional_text,
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

#[server(endpoint = "business/save-activity")]
pub async fn save_activity(
    activity: String,
    offering: String,
    customers: String,
    business_model: String,
    price_range: String,
) -> Result<Onboarding, AppError> {
    let answers = BusinessProfile {
        activity: Some(prospecta_shared::accounts::required_text("activity", &activity, LINE_MAX)?),
        offering: Some(required_paragraph("offering", &offering, ANSWER_MAX)?),
        customers: Some(required_paragraph("customers", &customers, ANSWER_MAX)?),
        business_model: Some(
            BusinessModel::parse(business_model.trim())
                .ok_or(AppError::validation("business_model", ValidationCode::Required))?,
        ),
        price_range: optional_text("price_range", &price_range, LINE_MAX)?,
        ..BusinessProfile::default()
    };
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
    let answers = BusinessProfile {
        differentiators: Some(required_paragraph("differentiators", &differentiators, ANSWER_MAX)?),
        objections: parse_objections(&[
            (objection_1, answer_1),
            (objection_2, answer_2),
            (objection_3, answer_3),
            (objection_4, answer_4),
            (objection_5, answer_5),
        ])?,
        ..BusinessProfile::default()
    };
    save(OnboardingStep::Arguments, answers).await
}

#[server(endpoint = "business/save-style")]
pub async fn save_style(tone: String, preferences: String, never_promise: String) -> Result<Onboarding, AppError> {
    let answers = BusinessProfile {
        tone: Some(Tone::parse(tone.trim()).ok_or(AppError::validation("tone", ValidationCode::Required))?),
        preferences: optional_paragraph("preferences", &preferences, ANSWER_MAX)?,
        never_promise: optional_paragraph("never_promise", &never_promise, ANSWER_MAX)?,
        ..BusinessProfile::default()
    };
    save(OnboardingStep::Style, answers).await
}

#[server(endpoint = "business/save-objective")]
pub async fn save_objective(
    objective: String,
    objective_url: String,
    objective_detail: String,
) -> Result<Onboarding, AppError> {
    let objective = Objective::parse(&objective, &objective_url, &objective_detail)?;
    save(OnboardingStep::Objective, BusinessProfile { objective: Some(objective), ..BusinessProfile::default() }).await
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
