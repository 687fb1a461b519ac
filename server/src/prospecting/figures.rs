//! What the dashboard and the offers read of the prospect databases: one offer's counts, and
//! the databases per offer.

use super::entities::{company, database_row, prospect_database};
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatabaseFigures {
    pub databases: u64,
    /// Rows of its databases, those in the bin excluded.
    pub prospects: u64,
    pub unlocked: u64,
}

/// The databases of one offer of an organisation, as a subquery of their ids.
fn databases_of_offer(organization_id: OrgId, offer_id: OfferId) -> SelectStatement {
    Query::select()
        .column(prospect_database::Column::Id)
        .from(prospect_database::Entity)
        .and_where(Expr::col(prospect_database::Column::OrganizationId).eq(organization_id))
        .and_where(Expr::col(prospect_database::Column::OfferId).eq(offer_id))
        .to_owned()
}

/// One offer's databases and their rows.
pub async fn of_offer<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    offer_id: OfferId,
) -> Result<DatabaseFigures, DbErr> {
    let databases = prospect_database::Entity::find()
        .filter(prospect_database::Column::OrganizationId.eq(organization_id))
        .filter(prospect_database::Column::OfferId.eq(offer_id))
        .count(db)
        .await?;
    // Both counts in one pass over the organisation's rows (COUNT of a column skips NULLs).
    let counts: Option<(i64, i64)> = database_row::Entity::find()
        .select_only()
        .column_as(Expr::col(database_row::Column::Id).count(), "prospects")
        .column_as(Expr::col(database_row::Column::UnlockedAt).count(), "unlocked")
        .filter(database_row::Column::OrganizationId.eq(organization_id))
        .filter(database_row::Column::DatabaseId.in_subquery(databases_of_offer(organization_id, offer_id)))
        .filter(database_row::Column::DeletedAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    let (prospects, unlocked) = counts.unwrap_or_default();
    Ok(DatabaseFigures { databases, prospects: prospects.max(0) as u64, unlocked: unlocked.max(0) as u64 })
}

/// How many databases each offer of an organisation has.
pub async fn databases_per_offer<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<Vec<(OfferId, u64)>, DbErr> {
    let counts: Vec<(Option<OfferId>, i64)> = prospect_database::Entity::find()
        .select_only()
        .column(prospect_database::Column::OfferId)
        .column_as(Expr::col(prospect_database::Column::Id).count(), "n")
        .filter(prospect_database::Column::OrganizationId.eq(organization_id))
        .group_by(prospect_database::Column::OfferId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().filter_map(|(offer, n)| Some((offer?, n.max(0) as u64))).collect())
}

/// The companies enrichment works on in one database, as a subquery of company ids: its live
/// rows (the bin excluded) of shared companies (not a client's own entries, not canaries).
/// Other capabilities filter their own tables with it (`company_id IN (…)`) instead of reading
/// the prospecting tables.
pub fn enrichable_companies(database_id: DatabaseId) -> SelectStatement {
    Query::select()
        .column((database_row::Entity, database_row::Column::CompanyId))
        .from(database_row::Entity)
        .inner_join(
            company::Entity,
            Expr::col((company::Entity, company::Column::Id))
                .equals((database_row::Entity, database_row::Column::CompanyId)),
        )
        .and_where(Expr::col((database_row::Entity, database_row::Column::DatabaseId)).eq(database_id))
        .and_where(Expr::col((database_row::Entity, database_row::Column::DeletedAt)).is_null())
        .and_where(Expr::col((company::Entity, company::Column::OwnerOrgId)).is_null())
        .and_where(Expr::col((company::Entity, company::Column::CanaryOrgId)).is_null())
        .to_owned()
}

/// How many companies [`enrichable_companies`] gives.
pub async fn enrichable_count<C: ConnectionTrait>(db: &C, database_id: DatabaseId) -> Result<u64, DbErr> {
    database_row::Entity::find()
        .filter(database_row::Column::CompanyId.in_subquery(enrichable_companies(database_id)))
        .filter(database_row::Column::DatabaseId.eq(database_id))
        .filter(database_row::Column::DeletedAt.is_null())
        .count(db)
        .await
}
