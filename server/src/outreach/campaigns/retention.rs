//! The campaigns' side of the retention rule (see [`crate::retention`]): which companies a
//! campaign targeted, contacted or heard from since a date, and the deletion of the contact
//! history of the others.

use super::entities::{attempt, contact};
use chrono::{DateTime, Utc};
use prospecta_shared::ids::CompanyId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;

/// IN lists stay well under both backends' parameter limits.
const CHUNK: usize = 500;

/// Among `company_ids`, those a campaign took in, tried to contact, or got a reply from since
/// `cutoff`.
pub async fn in_touch_since<C: ConnectionTrait>(
    db: &C,
    company_ids: &[CompanyId],
    cutoff: DateTime<Utc>,
) -> Result<HashSet<CompanyId>, DbErr> {
    let mut out = HashSet::new();
    for chunk in company_ids.chunks(CHUNK) {
        let attempted: Vec<CompanyId> = attempt::Entity::find()
            .select_only()
            .column(attempt::Column::CompanyId)
            .filter(attempt::Column::CompanyId.is_in(chunk.to_vec()))
            .filter(attempt::Column::StartedAt.gte(cutoff))
            .into_tuple()
            .all(db)
            .await?;
        let contacted: Vec<CompanyId> = contact::Entity::find()
            .select_only()
            .column(contact::Column::CompanyId)
            .filter(contact::Column::CompanyId.is_in(chunk.to_vec()))
            .filter(
                sea_orm::Condition::any()
                    .add(contact::Column::CreatedAt.gte(cutoff))
                    .add(contact::Column::RepliedAt.gte(cutoff)),
            )
            .into_tuple()
            .all(db)
            .await?;
        out.extend(attempted.into_iter().chain(contacted));
    }
    Ok(out)
}

/// Deletes the contacts and attempts of these companies, in every campaign.
pub async fn forget_companies<C: ConnectionTrait>(db: &C, company_ids: &[CompanyId]) -> Result<(), DbErr> {
    for chunk in company_ids.chunks(CHUNK) {
        attempt::Entity::delete_many().filter(attempt::Column::CompanyId.is_in(chunk.to_vec())).exec(db).await?;
        contact::Entity::delete_many().filter(contact::Column::CompanyId.is_in(chunk.to_vec())).exec(db).await?;
    }
    Ok(())
}
