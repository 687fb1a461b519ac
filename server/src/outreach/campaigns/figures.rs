//! What the dashboard reads of the campaigns: one organisation's contacts and replies.

use super::entities::{attempt, campaign, contact};
use super::states::AttemptState;
use crate::outreach::schedule;
use chrono::{DateTime, Datelike, Utc};
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutreachFigures {
    /// Distinct companies a form was really sent to since the first of the month (Paris).
    pub contacted_this_month: u64,
    /// Distinct companies whose first message was sent, ever.
    pub contacted_total: u64,
    pub replies: u64,
    pub positive_replies: u64,
    pub campaigns: u64,
    pub campaigns_started: u64,
}

pub async fn of_organization<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    now: DateTime<Utc>,
) -> Result<OutreachFigures, DbErr> {
    let today = schedule::paris_day(now);
    let month_start = schedule::paris_day_start(today.with_day(1).unwrap_or(today));
    // Counted by the database (COUNT(DISTINCT …)): the dashboard is read on every visit, and
    // the number of companies contacted only grows.
    let contacted_this_month: Option<i64> = attempt::Entity::find()
        .select_only()
        .column_as(Expr::col(attempt::Column::CompanyId).count_distinct(), "n")
        .filter(attempt::Column::OrganizationId.eq(organization_id))
        .filter(attempt::Column::State.eq(AttemptState::Sent))
        .filter(attempt::Column::StartedAt.gte(month_start))
        .into_tuple()
        .one(db)
        .await?;
    let contacted_total: Option<i64> = contact::Entity::find()
        .select_only()
        .column_as(Expr::col(contact::Column::CompanyId).count_distinct(), "n")
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::FirstSentAt.is_not_null())
        .into_tuple()
        .one(db)
        .await?;
    let contacts = || contact::Entity::find().filter(contact::Column::OrganizationId.eq(organization_id));
    let campaigns = || campaign::Entity::find().filter(campaign::Column::OrganizationId.eq(organization_id));
    Ok(OutreachFigures {
        contacted_this_month: contacted_this_month.unwrap_or(0).max(0) as u64,
        contacted_total: contacted_total.unwrap_or(0).max(0) as u64,
        replies: contacts().filter(contact::Column::RepliedAt.is_not_null()).count(db).await?,
        positive_replies: contacts().filter(contact::Column::ReplyPositive.eq(true)).count(db).await?,
        campaigns: campaigns().count(db).await?,
        campaigns_started: campaigns().filter(campaign::Column::StartedAt.is_not_null()).count(db).await?,
    })
}
