//! What the conversations capability needs of campaigns: which contact an inbound message
//! belongs to (by our Message-ID first, by address second), and recording that the prospect
//! answered (it stops the follow-ups, FORM-8, and credits the variant that opened the thread,
//! FORM-3).

use super::entities::{campaign, contact};
use super::states::ContactState;
use chrono::{DateTime, Utc};
use prospecta_shared::ids::{CampaignId, CompanyId, ContactId, OfferId, OrgId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The campaign contact a message answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub organization_id: OrgId,
    pub campaign_id: CampaignId,
    pub offer_id: OfferId,
    pub contact_id: ContactId,
    pub company_id: CompanyId,
    pub variant_id: Option<i64>,
}

/// The contact of one of our Message-IDs (`c{contact}.s{step}.r{reservation}@…`).
pub fn contact_of_message_id(id: &str) -> Option<ContactId> {
    let local = id.trim().trim_start_matches('<').split('@').next()?;
    local.strip_prefix('c')?.split('.').next()?.parse().ok()
}

/// The states of a contact we wrote to.
const WRITTEN_TO: [ContactState; 5] =
    [ContactState::Sent, ContactState::Unknown, ContactState::Replied, ContactState::Queued, ContactState::Sending];

async fn origin_of<C: ConnectionTrait>(db: &C, k: contact::Model) -> Result<Option<Origin>, DbErr> {
    let Some(c) = campaign::Entity::find_by_id(k.campaign_id).one(db).await? else { return Ok(None) };
    Ok(Some(Origin {
        organization_id: k.organization_id,
        campaign_id: k.campaign_id,
        offer_id: c.offer_id,
        contact_id: k.id,
        company_id: k.company_id,
        variant_id: k.variant_id,
    }))
}

/// The contact a message of ours went to.
pub async fn origin_by_contact<C: ConnectionTrait>(db: &C, contact_id: ContactId) -> Result<Option<Origin>, DbErr> {
    match contact::Entity::find_by_id(contact_id).one(db).await? {
        Some(k) => origin_of(db, k).await,
        None => Ok(None),
    }
}

/// The contact most recently written to among these companies (an address's), in the
/// organisation when it is known (a reply read from its own mailbox), in the campaign when the
/// reply was sent to the campaign's own address.
pub async fn origin_by_companies<C: ConnectionTrait>(
    db: &C,
    companies: &[CompanyId],
    organization: Option<OrgId>,
    campaign: Option<CampaignId>,
) -> Result<Option<Origin>, DbErr> {
    if companies.is_empty() {
        return Ok(None);
    }
    let mut query = contact::Entity::find()
        .filter(contact::Column::CompanyId.is_in(companies.to_vec()))
        .filter(contact::Column::State.is_in(WRITTEN_TO))
        .filter(contact::Column::LastSentAt.is_not_null());
    if let Some(org) = organization {
        query = query.filter(contact::Column::OrganizationId.eq(org));
    }
    if let Some(campaign) = campaign {
        query = query.filter(contact::Column::CampaignId.eq(campaign));
    }
    match query.order_by_desc(contact::Column::LastSentAt).one(db).await? {
        Some(k) => origin_of(db, k).await,
        None => Ok(None),
    }
}

/// The prospect answered: no more follow-ups. `positive` sets the A/B outcome when known.
pub async fn record_reply<C: ConnectionTrait>(
    db: &C,
    contact_id: ContactId,
    positive: Option<bool>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = contact::Entity::update_many()
        .col_expr(contact::Column::State, Expr::value(ContactState::Replied))
        .col_expr(contact::Column::RepliedAt, Expr::value(at));
    update = update.col_expr(contact::Column::UpdatedAt, Expr::value(at));
    if let Some(positive) = positive {
        update = update.col_expr(contact::Column::ReplyPositive, Expr::value(positive));
    }
    // A follow-up being sent right now finishes first; the next poll's reply stops the rest.
    update
        .filter(contact::Column::Id.eq(contact_id))
        .filter(contact::Column::State.is_in([
            ContactState::Sent,
            ContactState::Unknown,
            ContactState::Replied,
            ContactState::Queued,
        ]))
        .exec(db)
        .await?;
    Ok(())
}

/// The offer's prospects contacted and not answering yet, newest first (at most `limit`), and
/// how many there are: the inbox's first tab and the sequences in progress (ONB-8).
pub async fn awaiting<C: ConnectionTrait>(
    db: &C,
    organization: OrgId,
    offer: OfferId,
    limit: u64,
) -> Result<(u64, Vec<prospecta_shared::conversations::AwaitingReply>), DbErr> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let campaigns: Vec<campaign::Model> = campaign::Entity::find()
        .filter(campaign::Column::OrganizationId.eq(organization))
        .filter(campaign::Column::OfferId.eq(offer))
        .all(db)
        .await?;
    let ids: Vec<CampaignId> = campaigns.iter().map(|c| c.id).collect();
    let waiting = || {
        contact::Entity::find()
            .filter(contact::Column::OrganizationId.eq(organization))
            .filter(contact::Column::CampaignId.is_in(ids.clone()))
            .filter(contact::Column::State.eq(ContactState::Sent))
    };
    let total = waiting().count(db).await?;
    let contacts = waiting().order_by_desc(contact::Column::LastSentAt).limit(limit).all(db).await?;
    let companies: Vec<CompanyId> = contacts.iter().map(|k| k.company_id).collect();
    let names = crate::prospecting::outreach_view::company_labels(db, &companies).await?;
    let rows = contacts
        .into_iter()
        .filter_map(|k| {
            let c = campaigns.iter().find(|c| c.id == k.campaign_id)?;
            let follow_ups = (k.step - 1).max(0) as u32;
            let next = (k.step <= c.max_follow_ups)
                .then(|| k.last_sent_at.map(|at| at + chrono::Duration::days(i64::from(c.follow_up_days.max(1)))))
                .flatten();
            Some(prospecta_shared::conversations::AwaitingReply {
                prospect_name: names.get(&k.company_id).map(|(n, _)| n.clone()).unwrap_or_default(),
                campaign_name: c.name.clone(),
                channel: if k.channel == super::states::Channel::Email { "E-mail" } else { "Formulaire" }.into(),
                first_sent_at: k.first_sent_at.map(crate::time::date_fr).unwrap_or_default(),
                follow_ups,
                next_follow_up: next.map(crate::time::date_fr),
            })
        })
        .collect();
    Ok((total, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_message_ids_name_their_contact() {
        assert_eq!(contact_of_message_id("<c42.s1.r3@mail.prospecta.fr>"), Some(ContactId(42)));
        assert_eq!(contact_of_message_id("c7.s2.r1@mail.prospecta.fr"), Some(ContactId(7)));
        assert_eq!(contact_of_message_id("CAF1@mail.gmail.com"), None);
        assert_eq!(contact_of_message_id("cx.s1@mail.prospecta.fr"), None);
    }
}
