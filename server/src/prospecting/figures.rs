//! What the dashboard reads of the prospect databases: one organisation's counts.

use super::entities::{company, database_row, prospect_database};
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatabaseFigures {
    pub databases: u64,
    /// Rows of its databases, those in the bin excluded.
    pub prospects: u64,
    pub unlocked: u64,
}

pub async fn of_organization<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<DatabaseFigures, DbErr> {
    let databases = prospect_database::Entity::find()
        .filter(prospect_database::Column::OrganizationId.eq(organization_id))
        .count(db)
        .await?;
    // Both counts in one pass over the organisation's rows (COUNT of a column skips NULLs).
    let counts: Option<(i64, i64)> = database_row::Entity::find()
        .select_only()
        .column_as(Expr::col(database_row::Column::Id).count(), "prospects")
        .column_as(Expr::col(database_row::Column::UnlockedAt).count(), "unlocked")
        .filter(database_row::Column::OrganizationId.eq(organization_id))
        .filter(database_row::Column::DeletedAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    let (prospects, unlocked) = counts.unwrap_or_default();
    Ok(DatabaseFigures { databases, prospects: prospects.max(0) as u64, unlocked: unlocked.max(0) as u64 })
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
