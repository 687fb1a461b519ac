//! The business profile and the wizard's progress: one row per organisation, saved one step at
//! a time in a transaction holding the profile's lock (two teammates answering at once each
//! keep their step), the first offer following it in the same transaction.

use super::Result;
use super::entities::business_profile;
use super::offers::{first_offer, follow_profile};
use crate::db::{begin_write, lock_name};
use chrono::Utc;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::{
    BusinessProfile, ObjectionAnswer, Objective, Onboarding, OnboardingProgress, OnboardingStep,
};
use prospecta_shared::ids::OrgId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, TryIntoModel,
};

async fn find<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Option<business_profile::Model>> {
    Ok(business_profile::Entity::find()
        .filter(business_profile::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?)
}

fn steps(stored: &str) -> Vec<OnboardingStep> {
    stored.split(',').filter_map(OnboardingStep::parse).collect()
}

fn stored_steps(steps: &[OnboardingStep]) -> String {
    let mut sorted = steps.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

fn read(model: &business_profile::Model) -> Onboarding {
    let objections: Vec<ObjectionAnswer> = serde_json::from_str(&model.objections).unwrap_or_else(|e| {
        tracing::warn!(organization_id = %model.organization_id, error = %e, "unreadable objections, shown empty");
        Vec::new()
    });
    Onboarding {
        profile: BusinessProfile {
            activity: model.activity.clone(),
            offering: model.offering.clone(),
            customers: model.customers.clone(),
            business_model: model.business_model,
            price_range: model.price_range.clone(),
            differentiators: model.differentiators.clone(),
            objections,
            tone: model.tone,
            preferences: model.preferences.clone(),
            never_promise: model.never_promise.clone(),
            objective: model.objective_kind.map(|k| Objective::from_parts(k, model.objective_detail.clone())),
        },
        progress: OnboardingProgress { done: steps(&model.steps_done), skipped: steps(&model.steps_skipped) },
    }
}

/// The profile's row, if the wizard was ever answered.
pub(super) async fn model(db: &DatabaseConnection, organization_id: OrgId) -> Result<Option<business_profile::Model>> {
    find(db, organization_id).await
}

pub(super) async fn onboarding(db: &DatabaseConnection, organization_id: OrgId) -> Result<Onboarding> {
    Ok(find(db, organization_id).await?.as_ref().map(read).unwrap_or_default())
}

/// Opens the write, locks the profile and hands its row (made empty if none) to `change`. When
/// `change` wrote answers (`true`), the profile is dated and the first offer follows it; a step
/// skipped or confirmed changes neither, so the prompts do not read as out of date for it.
async fn change_profile(
    db: &DatabaseConnection,
    actor: &SessionUser,
    change: impl FnOnce(&mut business_profile::ActiveModel, &mut OnboardingProgress) -> bool,
) -> Result<Onboarding> {
    let organization_id = actor.organization_id;
    let first = first_offer(db, organization_id).await?;
    let tx = begin_write(db).await?;
    lock_name(&tx, &format!("business-profile:{organization_id}")).await?;
    let existing = find(&tx, organization_id).await?;
    let mut progress = existing.as_ref().map(read).unwrap_or_default().progress;
    let is_new = existing.is_none();
    let mut model = match existing {
        Some(found) => found.into_active_model(),
        None => business_profile::ActiveModel {
            organization_id: Set(organization_id),
            objections: Set("[]".into()),
            ..Default::default()
        },
    };
    let answered = change(&mut model, &mut progress);
    model.steps_done = Set(stored_steps(&progress.done));
    model.steps_skipped = Set(stored_steps(&progress.skipped));
    if answered || is_new {
        model.updated_by = Set(Some(actor.user_id));
        model.updated_at = Set(Utc::now());
    }
    let saved = model.save(&tx).await?.try_into_model()?;
    if answered {
        follow_profile(&tx, first, &saved).await?;
    }
    tx.commit().await?;
    Ok(read(&saved))
}

/// Writes the fields `step` asks, and only those.
fn apply(model: &mut business_profile::ActiveModel, step: OnboardingStep, answers: BusinessProfile) {
    match step {
        // Saved by the settings' own forms (the organisation, the person).
        OnboardingStep::Company | OnboardingStep::Person => {}
        OnboardingStep::Activity => {
            model.activity = Set(answers.activity);
            model.offering = Set(answers.offering);
            model.customers = Set(answers.customers);
            model.business_model = Set(answers.business_model);
            model.price_range = Set(answers.price_range);
        }
        OnboardingStep::Arguments => {
            model.differentiators = Set(answers.differentiators);
            model.objections = Set(serde_json::to_string(&answers.objections).unwrap_or_else(|_| "[]".into()));
        }
        OnboardingStep::Style => {
            model.tone = Set(answers.tone);
            model.preferences = Set(answers.preferences);
            model.never_promise = Set(answers.never_promise);
        }
        OnboardingStep::Objective => {
            model.objective_kind = Set(answers.objective.as_ref().map(Objective::kind));
            model.objective_detail = Set(answers.objective.as_ref().and_then(|o| o.detail().map(str::to_string)));
        }
    }
}

pub(super) async fn save_step(
    db: &DatabaseConnection,
    actor: &SessionUser,
    step: OnboardingStep,
    answers: BusinessProfile,
) -> Result<Onboarding> {
    change_profile(db, actor, |model, progress| {
        apply(model, step, answers);
        progress.done.push(step);
        progress.skipped.retain(|s| *s != step);
        // The company and the person are answered in the settings, not in the profile.
        !matches!(step, OnboardingStep::Company | OnboardingStep::Person)
    })
    .await
}

pub(super) async fn skip_step(
    db: &DatabaseConnection,
    actor: &SessionUser,
    step: OnboardingStep,
) -> Result<Onboarding> {
    change_profile(db, actor, |_, progress| {
        if !progress.done.contains(&step) {
            progress.skipped.push(step);
        }
        false
    })
    .await
}
