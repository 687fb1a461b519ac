//! What the dashboard reads of the accounts: the size of a team.

use super::entities::{invitation, user};
use prospecta_shared::ids::OrgId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

/// Members of the organisation, and invitations it sent (pending, expired or accepted).
pub async fn team_counts<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<(u64, u64), DbErr> {
    let members = user::Entity::find().filter(user::Column::OrganizationId.eq(organization_id)).count(db).await?;
    let invitations =
        invitation::Entity::find().filter(invitation::Column::OrganizationId.eq(organization_id)).count(db).await?;
    Ok((members, invitations))
}
