//! What the dashboard and the offers read of the campaigns: one offer's contacts and replies,
//! and the campaigns per offer.

use super::entities::{attempt, campaign, contact};
use super::states::AttemptState;
use crate::outreach::schedule;
use chrono::{DateTime, Datelike, Utc};
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
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

/// The campaigns of one offer of an organisation, as a subquery of their ids.
fn campaigns_of_offer(organization_id: OrgId, offer_id: OfferId) -> SelectStatement {
    Query::select()
        .column(campaign::Column::Id)
        .from(campaign::Entity)
        .and_where(Expr::col(campaign::Column::OrganizationId).eq(organization_id))
        .and_where(Expr::col(campaign::Column::OfferId).eq(offer_id))
        .to_owned()
}

/// How many campaigns each offer of an organisation has.
pub async fn campaigns_per_offer<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<Vec<(OfferId, u64)>, DbErr> {
    let counts: Vec<(Option<OfferId>, i64)> = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::OfferId)
        .column_as(Expr::col(campaign::Column::Id).count(), "n")
        .filter(campaign::Column::OrganizationId.eq(organization_id))
        .group_by(campaign::Column::OfferId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().filter_map(|(offer, n)| Some((offer?, n.max(0) as u64))).collect())
}

/// One offer's campaigns: their contacts and replies.
pub async fn of_offer<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    offer_id: OfferId,
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
        .filter(attempt::Column::CampaignId.in_subquery(campaigns_of_offer(organization_id, offer_id)))
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
        .filter(contact::Column::CampaignId.in_subquery(campaigns_of_offer(organization_id, offer_id)))
        .into_tuple()
        .one(db)
        .await?;
    let campaigns: Option<(i64, i64)> = campaign::Entity::find()
        .select_only()
        .column_as(Expr::col(campaign::Column::Id).count(), "campaigns")
        .column_as(Expr::col(campaign::Column::StartedAt).count(), "started")
        .filter(campaign::Column::OrganizationId.eq(organization_id))
        .filter(campaign::Column::OfferId.eq(offer_id))
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
