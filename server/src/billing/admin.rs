//! The catalogue as agency admins edit it (SUB-3, SUB-6): custom plans for one organisation or
//! new public tiers, plans archived (never deleted: subscriptions copied what they sold), and
//! the slider's bands replaced as a whole, checked to stay degressive.

use super::BillingError;
use super::entities::{credit_pack, plan, price_band};
use prospecta_shared::billing::{AdminPricing, PlanInput, PriceBand, check_bands, parse_euros};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::PlanId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

pub async fn pricing(db: &DatabaseConnection) -> Result<AdminPricing, BillingError> {
    let plans = plan::Entity::find()
        .filter(plan::Column::Archived.eq(false))
        .order_by_asc(plan::Column::OrganizationId)
        .order_by_asc(plan::Column::Position)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let org = p.organization_id;
            (super::catalog::view(p), org)
        })
        .collect();
    Ok(AdminPricing { plans, bands: super::catalog::bands(db).await?, packs: super::catalog::packs(db).await? })
}

fn invalid(field: &'static str, code: ValidationCode) -> BillingError {
    BillingError::Invalid { field, code }
}

/// A whole number as typed, spaces between thousands allowed ("2 500 000"). Any other character
/// refuses it: "1,5" or "1.500" is not read as 15 or 1500.
fn quantity(field: &'static str, text: &str, max: u32) -> Result<i64, BillingError> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match cleaned.parse::<i64>() {
        Ok(n) if (0..=i64::from(max)).contains(&n) => Ok(n),
        _ if text.trim().is_empty() => Err(invalid(field, ValidationCode::Required)),
        _ => Err(invalid(field, ValidationCode::OutOfRange { min: 0, max })),
    }
}

/// The address name of a plan: its name in lower case ASCII words joined by dashes, prefixed
/// for a custom plan with its organisation.
fn code_for(input: &PlanInput) -> String {
    let words: Vec<String> = prospecta_shared::format::fold(&input.name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let slug: String = words.join("-").chars().take(30).collect();
    match input.organization_id {
        Some(org) => format!("sur-mesure-{org}-{slug}"),
        None => slug,
    }
}

/// Creates a plan from what the admin typed; every field is checked and named when refused.
pub async fn create_plan(db: &DatabaseConnection, input: PlanInput) -> Result<PlanId, BillingError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(invalid("name", ValidationCode::Required));
    }
    if name.chars().count() > 60 {
        return Err(invalid("name", ValidationCode::TooLong { max: 60 }));
    }
    if input.pitch.chars().count() > 200 {
        return Err(invalid("pitch", ValidationCode::TooLong { max: 200 }));
    }
    let price = parse_euros(&input.monthly_price).ok_or_else(|| {
        if input.monthly_price.trim().is_empty() {
            invalid("monthly_price", ValidationCode::Required)
        } else {
            invalid("monthly_price", ValidationCode::InvalidAmount)
        }
    })?;
    if !(100..=10_000_000).contains(&price) {
        return Err(invalid("monthly_price", ValidationCode::OutOfRange { min: 1, max: 100_000 }));
    }
    let prospects = quantity("prospects", &input.prospects, 1_000_000)?;
    let contacts = quantity("contacts", &input.contacts, 1_000_000)?;
    let agent_messages = quantity("agent_messages", &input.agent_messages, 10_000_000)?;
    let llm_tokens = quantity("llm_tokens", &input.llm_tokens, 2_000_000_000)?;
    let code = code_for(&input);
    if code.trim_end_matches('-').ends_with("sur-mesure") || code.is_empty() {
        return Err(invalid("name", ValidationCode::Required));
    }
    let taken = plan::Entity::find().filter(plan::Column::Code.eq(code.as_str())).count(db).await? > 0;
    if taken {
        return Err(BillingError::Duplicate);
    }
    let position = plan::Entity::find().filter(plan::Column::OrganizationId.is_null()).count(db).await? as i32;
    let created = plan::ActiveModel {
        code: Set(code),
        name: Set(name.to_string()),
        pitch: Set(input.pitch.trim().to_string()),
        monthly_price_cents: Set(price),
        prospects: Set(prospects),
        contacts: Set(contacts),
        agent_messages: Set(agent_messages),
        llm_tokens: Set(llm_tokens),
        highlighted: Set(false),
        organization_id: Set(input.organization_id),
        position: Set(position),
        archived: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// Takes a plan off sale. Subscriptions to it keep what they bought.
pub async fn archive_plan(db: &DatabaseConnection, id: PlanId) -> Result<(), BillingError> {
    let found = plan::Entity::find_by_id(id).one(db).await?.ok_or(BillingError::UnknownPlan)?;
    let mut active: plan::ActiveModel = found.into();
    active.archived = Set(true);
    active.update(db).await?;
    Ok(())
}

/// Replaces the slider's bands, if they make a degressive scale.
pub async fn save_bands(db: &DatabaseConnection, bands: Vec<PriceBand>) -> Result<(), BillingError> {
    check_bands(&bands).map_err(|e| invalid("bands", ValidationCode::InvalidPriceBands(e)))?;
    let tx = db.begin().await?;
    price_band::Entity::delete_many().exec(&tx).await?;
    for band in bands {
        price_band::ActiveModel {
            from_contacts: Set(band.from_contacts),
            cents_per_contact: Set(band.cents_per_contact),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A new credit pack from what the admin typed: the quota it refills, how many units, its price
/// excluding VAT; each refused field is named.
pub async fn create_pack(db: &DatabaseConnection, quota: &str, units: &str, price: &str) -> Result<i64, BillingError> {
    let quota =
        prospecta_shared::credits::Quota::parse(quota.trim()).ok_or(invalid("quota", ValidationCode::Required))?;
    let units = quantity("units", units, 100_000)?;
    if units == 0 {
        return Err(invalid("units", ValidationCode::OutOfRange { min: 1, max: 100_000 }));
    }
    let price_cents = match parse_euros(price) {
        Some(cents) if cents > 0 => cents,
        _ if price.trim().is_empty() => return Err(invalid("price", ValidationCode::Required)),
        _ => return Err(invalid("price", ValidationCode::InvalidAmount)),
    };
    let same = credit_pack::Entity::find()
        .filter(credit_pack::Column::Archived.eq(false))
        .filter(credit_pack::Column::Unit.eq(quota))
        .filter(credit_pack::Column::Units.eq(units))
        .count(db)
        .await?;
    if same > 0 {
        return Err(BillingError::DuplicatePack);
    }
    let created = credit_pack::ActiveModel {
        unit: Set(quota),
        units: Set(units),
        price_cents: Set(price_cents),
        archived: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// Takes a pack off sale. Packs already paid for stay granted and listed.
pub async fn archive_pack(db: &DatabaseConnection, id: i64) -> Result<(), BillingError> {
    let found = credit_pack::Entity::find_by_id(id).one(db).await?.ok_or(BillingError::UnknownPlan)?;
    let mut active: credit_pack::ActiveModel = found.into();
    active.archived = Set(true);
    active.update(db).await?;
    Ok(())
}
