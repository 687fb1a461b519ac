//! What the dashboard reads of the campaigns: one organisation's contacts and replies.

use super::entities::{attempt, campaign, contact};
use super::states::AttemptState;
use crate::outreach::schedule;
use chrono::{DateTime, Datelike, Utc};
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

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
    // One pass over the contacts and one over the campaigns, each counting several things
    // (COUNT of an expression skips NULLs).
    let contacts: Option<(i64, i64, i64)> = contact::Entity::find()
        .select_only()
        .column_as(Expr::cust("COUNT(DISTINCT CASE WHEN first_sent_at IS NOT NULL THEN company_id END)"), "total")
        .column_as(Expr::col(contact::Column::RepliedAt).count(), "replies")
        .column_as(Expr::cust("COUNT(CASE WHEN reply_positive THEN 1 END)"), "positive")
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .one(db)
        .await?;
    let campaigns: Option<(i64, i64)> = campaign::Entity::find()
        .select_only()
        .column_as(Expr::col(campaign::Column::Id).count(), "campaigns")
        .column_as(Expr::col(campaign::Column::StartedAt).count(), "started")
        .filter(campaign::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .one(db)
        .await?;
    let count = |n: i64| n.max(0) as u64;
    let (contacted_total, replies, positive_replies) = contacts.unwrap_or_default();
    let (campaigns, campaigns_started) = campaigns.unwrap_or_default();
    Ok(OutreachFigures {
        contacted_this_month: count(contacted_this_month.unwrap_or(0)),
        contacted_total: count(contacted_total),
        replies: count(replies),
        positive_replies: count(positive_replies),
        campaigns: count(campaigns),
        campaigns_started: count(campaigns_started),
    })
}
