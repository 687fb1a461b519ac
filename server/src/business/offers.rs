//! The offers of an organisation and the one each person works in. Every organisation has at
//! least one: its first offer ("Offre principale" until the wizard names it) is made the first
//! time anything asks for it, under a lock, so two requests at once make one.

use super::Result;
use super::entities::{business_profile, offer, offer_choice};
use crate::db::{begin_write, lock_name};
use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::{LINE_MAX, Objective, ObjectiveKind, Offer, OfferDraft, ReplySending, Tone};
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The first offer's name until the profile gives it one.
pub(super) const FIRST_OFFER_NAME: &str = "Offre principale";

fn lock_key(organization_id: OrgId) -> String {
    format!("offers:{organization_id}")
}

async fn ordered<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<offer::Model>, DbErr> {
    offer::Entity::find()
        .filter(offer::Column::OrganizationId.eq(organization_id))
        .order_by_asc(offer::Column::Position)
        .all(db)
        .await
}

/// The organisation's offers' names, in order; unlike [`names`], none is made when there is none.
pub async fn existing_names<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<Vec<(OfferId, String)>, DbErr> {
    Ok(ordered(db, organization_id).await?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// The organisation's offers in order, its first one made now if it has none yet.
async fn offers_of(db: &DatabaseConnection, organization_id: OrgId) -> Result<Vec<offer::Model>, DbErr> {
    let offers = ordered(db, organization_id).await?;
    if !offers.is_empty() {
        return Ok(offers);
    }
    let tx = begin_write(db).await?;
    lock_name(&tx, &lock_key(organization_id)).await?;
    let offers = match ordered(&tx, organization_id).await? {
        found if !found.is_empty() => found,
        _ => {
            let now = Utc::now();
            offer::ActiveModel {
                organization_id: Set(organization_id),
                position: Set(1),
                name: Set(FIRST_OFFER_NAME.into()),
                tone: Set(Tone::Warm),
                objective_kind: Set(ObjectiveKind::Meeting),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            ordered(&tx, organization_id).await?
        }
    };
    tx.commit().await?;
    Ok(offers)
}

/// The organisation's first offer, made now if it has none yet.
pub(super) async fn first_offer(db: &DatabaseConnection, organization_id: OrgId) -> Result<OfferId, DbErr> {
    offers_of(db, organization_id).await?.first().map(|o| o.id).ok_or(DbErr::RecordNotFound("offers".into()))
}

pub(super) async fn owned<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    offer_id: OfferId,
) -> Result<offer::Model> {
    let found =
        offer::Entity::find_by_id(offer_id).filter(offer::Column::OrganizationId.eq(organization_id)).one(db).await?;
    Ok(found.ok_or(AppError::NotFound)?)
}

pub(super) fn view(model: offer::Model, usage: &HashMap<OfferId, (u64, u64)>) -> Offer {
    let (databases, campaigns) = usage.get(&model.id).copied().unwrap_or_default();
    Offer {
        id: model.id,
        name: model.name,
        description: model.description,
        target_sector: model.target_sector,
        target_area: model.target_area,
        persona: model.persona,
        tone: model.tone,
        objective: Objective::from_parts(model.objective_kind, model.objective_detail),
        databases,
        campaigns,
    }
}

pub(super) async fn list(
    db: &DatabaseConnection,
    organization_id: OrgId,
    usage: &HashMap<OfferId, (u64, u64)>,
) -> Result<Vec<Offer>> {
    Ok(offers_of(db, organization_id).await?.into_iter().map(|m| view(m, usage)).collect())
}

pub(super) async fn names(db: &DatabaseConnection, organization_id: OrgId) -> Result<Vec<(OfferId, String)>> {
    Ok(offers_of(db, organization_id).await?.into_iter().map(|m| (m.id, m.name)).collect())
}

/// Two offers of one organisation never share a name: the switcher shows names only.
async fn refuse_taken_name<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    name: &str,
    except: Option<OfferId>,
) -> Result<()> {
    let taken = ordered(db, organization_id)
        .await?
        .iter()
        .any(|o| Some(o.id) != except && o.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(AppError::Conflict("une autre offre porte déjà ce nom".into()).into());
    }
    Ok(())
}

fn apply(model: &mut offer::ActiveModel, draft: OfferDraft) {
    model.name = Set(draft.name);
    model.description = Set(draft.description);
    model.target_sector = Set(draft.target_sector);
    model.target_area = Set(draft.target_area);
    model.persona = Set(draft.persona);
    model.tone = Set(draft.tone);
    model.objective_detail = Set(draft.objective.detail().map(str::to_string));
    model.objective_kind = Set(draft.objective.kind());
    model.updated_at = Set(Utc::now());
}

pub(super) async fn create(db: &DatabaseConnection, organization_id: OrgId, draft: OfferDraft) -> Result<offer::Model> {
    first_offer(db, organization_id).await?;
    let tx = begin_write(db).await?;
    lock_name(&tx, &lock_key(organization_id)).await?;
    refuse_taken_name(&tx, organization_id, &draft.name, None).await?;
    let position = ordered(&tx, organization_id).await?.iter().map(|o| o.position).max().unwrap_or(0) + 1;
    let mut model = offer::ActiveModel {
        organization_id: Set(organization_id),
        position: Set(position),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    apply(&mut model, draft);
    let saved = model.insert(&tx).await?;
    tx.commit().await?;
    Ok(saved)
}

pub(super) async fn update(
    db: &DatabaseConnection,
    organization_id: OrgId,
    offer_id: OfferId,
    draft: OfferDraft,
) -> Result<offer::Model> {
    let tx = begin_write(db).await?;
    lock_name(&tx, &lock_key(organization_id)).await?;
    let found = owned(&tx, organization_id, offer_id).await?;
    refuse_taken_name(&tx, organization_id, &draft.name, Some(offer_id)).await?;
    let mut model = found.into_active_model();
    apply(&mut model, draft);
    let saved = model.update(&tx).await?;
    tx.commit().await?;
    Ok(saved)
}

/// How the offer's agent replies leave. Not a change of the offer's brief: `updated_at` stays,
/// so the prompts are not marked out of date.
pub(super) async fn set_reply_sending(
    db: &DatabaseConnection,
    organization_id: OrgId,
    offer_id: OfferId,
    mode: ReplySending,
) -> Result<()> {
    let mut model = owned(db, organization_id, offer_id).await?.into_active_model();
    model.reply_sending = Set(mode);
    model.update(db).await?;
    Ok(())
}

/// The offer the person chose, while it is still one of their organisation's; else the first.
pub(super) async fn current(db: &DatabaseConnection, actor: &SessionUser) -> Result<OfferId> {
    let chosen = offer_choice::Entity::find().filter(offer_choice::Column::UserId.eq(actor.user_id)).one(db).await?;
    if let Some(choice) = chosen
        && owned(db, actor.organization_id, choice.offer_id).await.is_ok()
    {
        return Ok(choice.offer_id);
    }
    Ok(first_offer(db, actor.organization_id).await?)
}

pub(super) async fn choose(db: &DatabaseConnection, actor: &SessionUser, offer_id: OfferId) -> Result<()> {
    owned(db, actor.organization_id, offer_id).await?;
    let tx = db.begin().await?;
    offer_choice::Entity::delete_many().filter(offer_choice::Column::UserId.eq(actor.user_id)).exec(&tx).await?;
    offer_choice::ActiveModel { user_id: Set(actor.user_id), offer_id: Set(offer_id), ..Default::default() }
        .insert(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The first offer is made from the profile: what the wizard has answered so far becomes its
/// description, target, tone and objective, and the first line of what is sold its name while
/// it still has the default one.
pub(super) async fn follow_profile<C: ConnectionTrait>(
    tx: &C,
    first: OfferId,
    profile: &business_profile::Model,
) -> Result<()> {
    let Some(found) = offer::Entity::find_by_id(first).one(tx).await? else { return Ok(()) };
    let default_name = found.name == FIRST_OFFER_NAME;
    let mut model = found.into_active_model();
    if let Some(offering) = &profile.offering {
        model.description = Set(Some(offering.clone()));
        if default_name && let Some(line) = first_line(offering, 60) {
            model.name = Set(line);
        }
    }
    if let Some(line) = profile.customers.as_deref().and_then(|c| first_line(c, LINE_MAX)) {
        model.target_sector = Set(Some(line));
    }
    if let Some(tone) = profile.tone {
        model.tone = Set(tone);
    }
    if let Some(kind) = profile.objective_kind {
        model.objective_kind = Set(kind);
        model.objective_detail = Set(profile.objective_detail.clone());
    }
    model.updated_at = Set(Utc::now());
    model.update(tx).await?;
    Ok(())
}

/// The first line of a paragraph, cut at a word under `max` characters.
fn first_line(text: &str, max: usize) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if line.chars().count() <= max {
        return Some(line.to_string());
    }
    let cut: String = line.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|at| *at > max / 2).map_or(cut.as_str(), |at| &cut[..at]);
    Some(format!("{}…", at_word.trim_end_matches([',', ';', ' '])))
}

#[cfg(test)]
mod tests {
    use super::first_line;

    #[test]
    fn a_name_is_the_first_line_cut_at_a_word() {
        assert_eq!(
            first_line("\n  Gardiennage de magasins\net le reste", 60).as_deref(),
            Some("Gardiennage de magasins")
        );
        assert_eq!(
            first_line("Interventions d'urgence nocturnes pour les commerces du centre-ville", 40).as_deref(),
            Some("Interventions d'urgence nocturnes pour…")
        );
        assert_eq!(first_line(" \n ", 40), None);
    }
}
