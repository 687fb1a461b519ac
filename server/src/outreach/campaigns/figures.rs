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

/// One contact's dated events, for the results' funnel (ONB-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactEvents {
    pub contact_id: prospecta_shared::ids::ContactId,
    pub campaign_id: prospecta_shared::ids::CampaignId,
    /// The A/B variant of its first message.
    pub variant_id: Option<i64>,
    pub added_at: DateTime<Utc>,
    pub first_sent_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    /// The reply was read as interested (or asked for a meeting).
    pub positive: bool,
}

/// Every contact of the organisation's campaigns with its events.
pub async fn contact_events<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<ContactEvents>, DbErr> {
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| ContactEvents {
            contact_id: c.id,
            campaign_id: c.campaign_id,
            variant_id: c.variant_id,
            added_at: c.created_at,
            first_sent_at: c.first_sent_at,
            replied_at: c.replied_at,
            positive: c.reply_positive,
        })
        .collect())
}

/// The organisation's campaigns (id, name, offer) and their variants (id, campaign, label).
pub async fn campaign_names<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<
    (Vec<(prospecta_shared::ids::CampaignId, String, OfferId)>, Vec<(i64, prospecta_shared::ids::CampaignId, String)>),
    DbErr,
> {
    let campaigns =
        campaign::Entity::find().filter(campaign::Column::OrganizationId.eq(organization_id)).all(db).await?;
    let ids: Vec<_> = campaigns.iter().map(|c| c.id).collect();
    let variants = super::entities::variant::Entity::find()
        .filter(super::entities::variant::Column::CampaignId.is_in(ids))
        .all(db)
        .await?;
    Ok((
        campaigns.into_iter().map(|c| (c.id, c.name, c.offer_id)).collect(),
        variants.into_iter().map(|v| (v.id, v.campaign_id, v.label)).collect(),
    ))
}
