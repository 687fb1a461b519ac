//! What the dashboard reads of the prospect databases: one organisation's counts.

use super::entities::{database_row, prospect_database};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatabaseFigures {
    pub databases: u64,
    /// Rows of its databases, those in the bin excluded.
    pub prospects: u64,
    pub unlocked: u64,
}

pub async fn of_organization<C: ConnectionTrait>(db: &C, organization_id: i64) -> Result<DatabaseFigures, DbErr> {
    let databases = prospect_database::Entity::find()
        .filter(prospect_database::Column::OrganizationId.eq(organization_id))
        .count(db)
        .await?;
    let rows = || {
        database_row::Entity::find()
            .filter(database_row::Column::OrganizationId.eq(organization_id))
            .filter(database_row::Column::DeletedAt.is_null())
    };
    let prospects = rows().count(db).await?;
    let unlocked = rows().filter(database_row::Column::UnlockedAt.is_not_null()).count(db).await?;
    Ok(DatabaseFigures { databases, prospects, unlocked })
}
