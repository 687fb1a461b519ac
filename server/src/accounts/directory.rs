//! What other capabilities use of the organisations: the agency back office's reads across
//! organisations (its callers have checked the admin role), and the organisation's lock.

use super::entities::{organization, user};
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::ids::OrgId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// The agency's own organisations: those with an agency admin among their members. They are no
/// clients, and the back office's counts and lists leave them out.
fn clients_only() -> sea_orm::Condition {
    use sea_orm::sea_query::Query;
    let agency = Query::select()
        .column(user::Column::OrganizationId)
        .from(user::Entity)
        .and_where(user::Column::IsAdmin.eq(true))
        .to_owned();
    sea_orm::Condition::all().add(organization::Column::Id.not_in_subquery(agency))
}

/// How many client organisations and users there are, and the users who signed up in the last
/// 7 days.
pub struct AccountTotals {
    pub organizations: u64,
    pub users: u64,
    pub signups_last_7_days: u64,
}

pub async fn totals<C: ConnectionTrait>(db: &C) -> Result<AccountTotals, DbErr> {
    Ok(AccountTotals {
        organizations: organization::Entity::find().filter(clients_only()).count(db).await?,
        users: user::Entity::find().count(db).await?,
        signups_last_7_days: user::Entity::find()
            .filter(user::Column::CreatedAt.gt(Utc::now() - Duration::days(7)))
            .count(db)
            .await?,
    })
}

/// One organisation as the back office lists it.
pub struct OrganizationListing {
    pub id: OrgId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub members: u64,
}

/// The `limit` most recent client organisations, newest first, with their member counts.
pub async fn latest_organizations<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<OrganizationListing>, DbErr> {
    let orgs = organization::Entity::find()
        .filter(clients_only())
        .order_by_desc(organization::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(orgs.len());
    for org in orgs {
        let members = user::Entity::find().filter(user::Column::OrganizationId.eq(org.id)).count(db).await?;
        out.push(OrganizationListing { id: org.id, name: org.name, created_at: org.created_at, members });
    }
    Ok(out)
}

/// The organisation's name (it signs what is written for it).
pub async fn organization_name<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Option<String>, DbErr> {
    Ok(organization::Entity::find_by_id(organization_id).one(db).await?.map(|o| o.name))
}

/// The organisation's legal identity (what its invoices name as the buyer).
pub async fn organization_details<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<Option<prospecta_shared::organization::OrganizationDetails>, DbErr> {
    Ok(organization::Entity::find_by_id(organization_id).one(db).await?.map(details))
}

pub(super) fn details(org: organization::Model) -> prospecta_shared::organization::OrganizationDetails {
    prospecta_shared::organization::OrganizationDetails {
        name: org.name,
        legal_name: org.legal_name,
        siret: org.siret,
        street: org.street,
        postcode: org.postcode,
        city: org.city,
        naf_code: org.naf_code,
        vat_number: org.vat_number,
    }
}

/// The addresses of the organisation's owners (who answer for its payments).
pub async fn owner_emails<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<String>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Role.eq(prospecta_shared::accounts::OrgRole::Owner))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect())
}

pub async fn organization_exists<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<bool, DbErr> {
    Ok(organization::Entity::find_by_id(organization_id).one(db).await?.is_some())
}

/// The names of those of `ids` who are members of the organisation (someone who left is absent).
pub async fn member_names<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    ids: &[prospecta_shared::ids::UserId],
) -> Result<std::collections::HashMap<prospecta_shared::ids::UserId, String>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    Ok(members.into_iter().map(|u| (u.id, format!("{} {}", u.first_name, u.last_name))).collect())
}
