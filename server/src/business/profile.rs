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
    Answer, BusinessProfile, ObjectionAnswer, Objective, Onboarding, OnboardingProgress, OnboardingStep, ProfileField,
};
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, QueryFilter, TryIntoModel,
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

/// Under the profile's lock in `tx`: hands the profile and the progress to `change`, which
/// answers the fields it changed, and writes those. When it changed any, the profile is dated and
/// the first offer follows it; a step skipped or confirmed changes none, so the prompts do not
/// read as out of date for it. A refusal from `change` leaves everything as it was.
pub(super) async fn change_in(
    tx: &DatabaseTransaction,
    actor: &SessionUser,
    first: OfferId,
    change: impl FnOnce(&mut Onboarding) -> Result<Vec<ProfileField>>,
) -> Result<(Onboarding, Vec<ProfileField>)> {
    let organization_id = actor.organization_id;
    lock_name(tx, &format!("business-profile:{organization_id}")).await?;
    let existing = find(tx, organization_id).await?;
    let mut onboarding = existing.as_ref().map(read).unwrap_or_default();
    let is_new = existing.is_none();
    let mut model = match existing {
        Some(found) => found.into_active_model(),
        None => business_profile::ActiveModel {
            organization_id: Set(organization_id),
            objections: Set("[]".into()),
            ..Default::default()
        },
    };
    let changed = change(&mut onboarding)?;
    for field in &changed {
        write(&mut model, *field, &onboarding.profile);
    }
    model.steps_done = Set(stored_steps(&onboarding.progress.done));
    model.steps_skipped = Set(stored_steps(&onboarding.progress.skipped));
    if !changed.is_empty() || is_new {
        model.updated_by = Set(Some(actor.user_id));
        model.updated_at = Set(Utc::now());
    }
    let saved = model.save(tx).await?.try_into_model()?;
    if !changed.is_empty() {
        follow_profile(tx, first, &saved).await?;
    }
    Ok((read(&saved), changed))
}

/// [`change_in`] in a transaction of its own.
async fn change_profile(
    db: &DatabaseConnection,
    actor: &SessionUser,
    change: impl FnOnce(&mut Onboarding) -> Result<Vec<ProfileField>>,
) -> Result<Onboarding> {
    let first = first_offer(db, actor.organization_id).await?;
    let tx = begin_write(db).await?;
    let (saved, _) = change_in(&tx, actor, first, change).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Writes one field of `profile` into the row.
fn write(model: &mut business_profile::ActiveModel, field: ProfileField, profile: &BusinessProfile) {
    let p = profile.clone();
    match field {
        ProfileField::Activity => model.activity = Set(p.activity),
        ProfileField::Offering => model.offering = Set(p.offering),
        ProfileField::Customers => model.customers = Set(p.customers),
        ProfileField::BusinessModel => model.business_model = Set(p.business_model),
        ProfileField::PriceRange => model.price_range = Set(p.price_range),
        ProfileField::Differentiators => model.differentiators = Set(p.differentiators),
        ProfileField::Objections => {
            model.objections = Set(serde_json::to_string(&p.objections).unwrap_or_else(|_| "[]".into()))
        }
        ProfileField::Tone => model.tone = Set(p.tone),
        ProfileField::Preferences => model.preferences = Set(p.preferences),
        ProfileField::NeverPromise => model.never_promise = Set(p.never_promise),
        ProfileField::Objective => {
            model.objective_kind = Set(p.objective.as_ref().map(Objective::kind));
            model.objective_detail = Set(p.objective.as_ref().and_then(|o| o.detail().map(str::to_string)));
        }
    }
}

fn mark_done(progress: &mut OnboardingProgress, step: OnboardingStep) {
    if !progress.done.contains(&step) {
        progress.done.push(step);
    }
    progress.skipped.retain(|s| *s != step);
}

/// The questionnaire's steps whose required answers are all given count as answered, however
/// they were given (the chat, a correction).
pub(super) fn mark_answered(onboarding: &mut Onboarding) {
    for step in onboarding.profile.answered_steps() {
        mark_done(&mut onboarding.progress, step);
    }
}

/// The form of `step`: the fields that step asks, and only those (the company and the person
/// are saved by the settings' own forms, and only confirmed here).
pub(super) async fn save_step(
    db: &DatabaseConnection,
    actor: &SessionUser,
    step: OnboardingStep,
    answers: BusinessProfile,
) -> Result<Onboarding> {
    change_profile(db, actor, |onboarding| {
        let fields: Vec<ProfileField> = ProfileField::of_step(step).collect();
        for field in &fields {
            onboarding.profile.take(*field, &answers);
        }
        mark_done(&mut onboarding.progress, step);
        Ok(fields)
    })
    .await
}

/// One answer corrected (beside the chat): read like the form reads it.
pub(super) async fn correct(
    db: &DatabaseConnection,
    actor: &SessionUser,
    field: ProfileField,
    answer: Answer,
) -> Result<Onboarding> {
    change_profile(db, actor, |onboarding| {
        onboarding.profile.set(field, answer)?;
        mark_answered(onboarding);
        Ok(vec![field])
    })
    .await
}

pub(super) async fn skip_step(
    db: &DatabaseConnection,
    actor: &SessionUser,
    step: OnboardingStep,
) -> Result<Onboarding> {
    change_profile(db, actor, |onboarding| {
        if !onboarding.progress.done.contains(&step) {
            onboarding.progress.skipped.push(step);
        }
        Ok(Vec::new())
    })
    .await
}
