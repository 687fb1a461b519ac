//! A campaign's end (ONB-12): once no first message is left to try, the client is told, once
//! for a given number of contacts.

use super::entities::{campaign, contact};
use super::states::ContactState;
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::state::AppState;
use async_trait::async_trait;
use prospecta_shared::ids::{CampaignId, OrgId};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// Once no first message is left to try (none waiting, queued or being sent), the client hears
/// that the campaign is finished: once for a given number of contacts (the notice's job is
/// idempotent by it), so a campaign that takes in new rows and finishes them is told again.
pub async fn notice<C: ConnectionTrait>(tx: &C, c: &campaign::Model) -> Result<(), DbErr> {
    let contacts = contact::Entity::find().filter(contact::Column::CampaignId.eq(c.id));
    let waiting = contacts
        .clone()
        .filter(contact::Column::State.is_in([
            ContactState::Pending,
            ContactState::Queued,
            ContactState::Sending,
            ContactState::Email,
        ]))
        .count(tx)
        .await?;
    if waiting > 0 {
        return Ok(());
    }
    let total = contacts.clone().count(tx).await?;
    let sent = contacts.filter(contact::Column::FirstSentAt.is_not_null()).count(tx).await?;
    let notice = CampaignFinished { campaign_id: c.id, organization_id: c.organization_id, total, sent };
    enqueue(tx, &notice).await?;
    Ok(())
}

/// Tells the client a campaign is finished (ONB-12), once per number of contacts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignFinished {
    pub campaign_id: CampaignId,
    pub organization_id: OrgId,
    pub total: u64,
    pub sent: u64,
}

#[async_trait]
impl Job for CampaignFinished {
    const KIND: &'static str = "campaign.finished";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("campaign-finished:{}:{}", self.campaign_id, self.total))
    }

    fn organization_id(&self) -> Option<OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let Some(c) = campaign::Entity::find_by_id(self.campaign_id).one(&ctx.app.db).await? else { return Ok(()) };
        let plural = if self.sent > 1 { "s" } else { "" };
        let mut body = format!(
            "« {} » : tous les premiers messages sont partis ou ont été tentés, {} entreprise{plural} contactée{plural} sur {}.",
            c.name, self.sent, self.total
        );
        if c.max_follow_ups > 0 {
            body += " Les relances suivent leur calendrier.";
        }
        crate::accounts::post_notification(
            &ctx.app.db,
            c.organization_id,
            None,
            prospecta_shared::notifications::NotificationKind::CampaignFinished,
            "Campagne terminée",
            &body,
            Some(&format!("/app/campagnes/{}", c.id)),
        )
        .await?;
        Ok(())
    }
}
