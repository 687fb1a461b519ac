//! The shared store's side of the retention rule (see [`crate::retention`]): which companies
//! nobody collected or put in a database since a date, and their deletion.

use super::entities::{company, source_page};
use crate::db::portable_statement;
use chrono::{DateTime, Utc};
use prospecta_shared::ids::CompanyId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Companies neither collected (created, merged again by a source, or given a fact by enrichment)
/// nor added to or unlocked in any client's database since `cutoff`.
pub async fn untouched_since<C: ConnectionTrait>(db: &C, cutoff: DateTime<Utc>) -> Result<Vec<CompanyId>, DbErr> {
    let sql = "SELECT c.id AS id FROM companies c \
               WHERE c.first_seen_at < $1 AND c.refreshed_at < $1 \
               AND NOT EXISTS (SELECT 1 FROM company_facts f WHERE f.company_id = c.id AND f.observed_at >= $1) \
               AND NOT EXISTS (SELECT 1 FROM database_rows r WHERE r.company_id = c.id \
                               AND (r.added_at >= $1 OR r.unlocked_at >= $1)) \
               ORDER BY c.id";
    let rows = db.query_all(portable_statement(db.get_database_backend(), sql, [cutoff.into()])).await?;
    rows.iter().map(|r| r.try_get::<CompanyId>("", "id")).collect()
}

/// Deletes these companies; their facts, enrichment outcomes and database rows go with them
/// (foreign keys cascade). Returns how many companies were deleted.
pub async fn forget_companies<C: ConnectionTrait>(db: &C, ids: &[CompanyId]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(company::Entity::delete_many().filter(company::Column::Id.is_in(ids.to_vec())).exec(db).await?.rows_affected)
}

/// Source pages read before `cutoff`: past any reuse (90 days), they only list company ids.
pub async fn forget_source_pages<C: ConnectionTrait>(db: &C, cutoff: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(source_page::Entity::delete_many()
        .filter(source_page::Column::FetchedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

/// Forget what an organisation's use of the store left outside its databases (its account is
/// closed): the audit of the contact details it revealed. Its databases and their rows go with
/// the organisation itself (foreign keys).
pub async fn forget_organization<C: ConnectionTrait>(
    db: &C,
    organization_id: prospecta_shared::ids::OrgId,
) -> Result<(), DbErr> {
    super::entities::reveal::Entity::delete_many()
        .filter(super::entities::reveal::Column::OrganizationId.eq(organization_id))
        .exec(db)
        .await?;
    Ok(())
}
