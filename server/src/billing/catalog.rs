//! What is for sale: the public tiers, the custom plans of one organisation, the slider's
//! bands, and the offer a choice names.

use super::entities::{credit_pack, plan, price_band};
use prospecta_shared::billing::{PackView, PlanChoice, PlanQuotas, PlanView, PriceBand, Pricing};
use prospecta_shared::ids::{OrgId, PlanId};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub(super) fn view(p: plan::Model) -> PlanView {
    PlanView {
        id: p.id,
        code: p.code,
        name: p.name,
        pitch: p.pitch,
        monthly_price_cents: p.monthly_price_cents,
        quotas: PlanQuotas {
            prospects: p.prospects,
            contacts: p.contacts,
            agent_messages: p.agent_messages,
            llm_tokens: p.llm_tokens,
        },
        highlighted: p.highlighted,
        custom: p.organization_id.is_some(),
    }
}

pub async fn bands<C: ConnectionTrait>(db: &C) -> Result<Vec<PriceBand>, DbErr> {
    Ok(price_band::Entity::find()
        .order_by_asc(price_band::Column::FromContacts)
        .all(db)
        .await?
        .into_iter()
        .map(|b| PriceBand { from_contacts: b.from_contacts, cents_per_contact: b.cents_per_contact })
        .collect())
}

/// The public tiers, in the order the agency set, and the slider's bands.
pub async fn pricing<C: ConnectionTrait>(db: &C) -> Result<Pricing, DbErr> {
    let plans = plan::Entity::find()
        .filter(plan::Column::OrganizationId.is_null())
        .filter(plan::Column::Archived.eq(false))
        .order_by_asc(plan::Column::Position)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(Pricing { plans, bands: bands(db).await? })
}

/// The plans the agency made for this organisation.
pub async fn custom_plans<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<PlanView>, DbErr> {
    Ok(plan::Entity::find()
        .filter(plan::Column::OrganizationId.eq(organization_id))
        .filter(plan::Column::Archived.eq(false))
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// An offer as sold: what a subscription copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub plan_id: Option<PlanId>,
    pub name: String,
    pub volume: Option<i64>,
    pub monthly_price_cents: i64,
    pub quotas: PlanQuotas,
}

/// The offer `choice` names for this organisation: a public tier, one of its custom plans, or
/// the slider's plan. None for a plan that does not exist, is archived or belongs to another
/// organisation.
pub async fn offer<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    choice: &PlanChoice,
) -> Result<Option<Offer>, DbErr> {
    match choice {
        PlanChoice::Plan(code) => {
            let found = plan::Entity::find()
                .filter(plan::Column::Code.eq(code.as_str()))
                .filter(plan::Column::Archived.eq(false))
                .one(db)
                .await?
                .filter(|p| p.organization_id.is_none() || p.organization_id == Some(organization_id));
            Ok(found.map(|p| {
                let v = view(p);
                Offer {
                    plan_id: Some(v.id),
                    name: v.name,
                    volume: None,
                    monthly_price_cents: v.monthly_price_cents,
                    quotas: v.quotas,
                }
            }))
        }
        PlanChoice::Volume(contacts) => {
            let pricing = Pricing { plans: Vec::new(), bands: bands(db).await? };
            if pricing.bands.is_empty() {
                return Ok(None);
            }
            let plan = pricing.volume_plan(*contacts);
            Ok(Some(Offer {
                plan_id: None,
                name: format!("Sur mesure · {} contacts/mois", prospecta_shared::format::integer_fr(plan.contacts)),
                volume: Some(plan.contacts),
                monthly_price_cents: plan.monthly_price_cents,
                quotas: plan.quotas,
            }))
        }
    }
}

/// The credit packs on sale, by quota then size.
pub async fn packs<C: ConnectionTrait>(db: &C) -> Result<Vec<PackView>, DbErr> {
    Ok(credit_pack::Entity::find()
        .filter(credit_pack::Column::Archived.eq(false))
        .order_by_asc(credit_pack::Column::Unit)
        .order_by_asc(credit_pack::Column::Units)
        .all(db)
        .await?
        .into_iter()
        .map(pack_view)
        .collect())
}

pub(super) fn pack_view(p: credit_pack::Model) -> PackView {
    PackView { id: p.id, quota: p.unit, units: p.units, price_cents: p.price_cents }
}

/// One pack on sale, by its id.
pub async fn pack<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<PackView>, DbErr> {
    Ok(packs(db).await?.into_iter().find(|p| p.id == id))
}
