//! The agent's drafts leaving: on the client's approval ([`send_draft`]), or on their own once
//! the client approved enough of the offer's ([`SendApproved`]). At most once: a draft is
//! claimed (draft → sent) before the mailbox is asked, and given back as a draft when nothing
//! left.

use super::entities::{conversation, conversation_message};
use super::internal;
use super::threads::{last_from_prospect, prospect_target, reply_to_prospect};
use crate::credits;
use crate::jobs::{Job, JobContext, JobError};
use crate::mailboxes::{MESSAGE_ID_DOMAIN, SendError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::conversations::{AGENT_MESSAGES_MAX, MessageAuthor, MessageStatus};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{ConversationId, MessageId, OrgId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

/// Sends the draft. Claimed first (draft → sent), so two clicks send once; given back as a
/// draft when nothing left (no mailbox, today's limit, the server down, a refusal).
pub async fn send_draft(app: &AppState, org: OrgId, message_id: MessageId) -> Result<(), AppError> {
    let db = &app.db;
    let (draft, c) = super::agent_message_of(db, org, message_id).await?;
    if c.agent_messages >= AGENT_MESSAGES_MAX as i32 {
        return Err(AppError::Conflict(format!(
            "l'agent a déjà envoyé {AGENT_MESSAGES_MAX} messages dans cette conversation : répondez vous-même depuis votre messagerie"
        )));
    }
    if crate::billing::pacing::sending_suspended(db, org).await.map_err(internal)? {
        return Err(AppError::Conflict(crate::billing::pacing::SUSPENDED_FR.into()));
    }
    let left = credits::balance(db, org, Quota::AgentMessages).await.map_err(internal)?;
    if left <= 0 {
        return Err(AppError::InsufficientCredits { quota: Quota::AgentMessages, available: left.max(0), needed: 1 });
    }
    let claimed = conversation_message::Entity::update_many()
        .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Sent))
        .filter(conversation_message::Column::Id.eq(message_id))
        .filter(conversation_message::Column::Status.eq(MessageStatus::Draft))
        .exec(db)
        .await
        .map_err(internal)?;
    if claimed.rows_affected == 0 {
        return Err(AppError::Conflict("ce brouillon a déjà été envoyé ou écarté".into()));
    }
    let parent = last_from_prospect(db, c.id).await.map_err(internal)?.and_then(|m| m.message_id);
    let link = crate::opposition::link_for(&app.config.public_url, &app.config.opposition_secret, &prospect_target(&c));
    let message = reply_to_prospect(
        app,
        &c,
        format!("m{}@{MESSAGE_ID_DOMAIN}", draft.id),
        draft.subject.clone(),
        format!("{}\n\n—\nPour ne plus être sollicité : {link}", draft.body.trim_end()),
        parent,
    );
    let refused = match crate::mailboxes::send(app, org, &message).await {
        Ok(_) | Err(SendError::Unknown(_)) => None,
        Err(SendError::NoMailbox) => {
            Some(AppError::Conflict("aucune messagerie active : connectez-la dans Paramètres".into()))
        }
        Err(SendError::DailyLimit { limit }) => Some(AppError::Conflict(format!(
            "la limite du jour de votre messagerie est atteinte ({limit} e-mails) : réessayez demain"
        ))),
        Err(SendError::Unavailable(_)) => Some(AppError::Unavailable),
        Err(SendError::Rejected(why)) => Some(AppError::Conflict(format!("le serveur a refusé l'e-mail : {why}"))),
        Err(SendError::Db(e)) => Some(internal(e)),
    };
    if let Some(refused) = refused {
        conversation_message::Entity::update_many()
            .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Draft))
            .filter(conversation_message::Column::Id.eq(message_id))
            .exec(db)
            .await
            .map_err(internal)?;
        return Err(refused);
    }
    let now = Utc::now();
    let tx = crate::db::begin_write(db).await.map_err(internal)?;
    conversation_message::Entity::update_many()
        .col_expr(conversation_message::Column::SentAt, Expr::value(now))
        .col_expr(conversation_message::Column::MessageId, Expr::value(format!("<{}>", message.message_id)))
        .col_expr(conversation_message::Column::Body, Expr::value(message.text.clone()))
        .filter(conversation_message::Column::Id.eq(message_id))
        .exec(&tx)
        .await
        .map_err(internal)?;
    conversation::Entity::update_many()
        .col_expr(conversation::Column::AgentMessages, Expr::col(conversation::Column::AgentMessages).add(1))
        .col_expr(conversation::Column::LastMessageAt, Expr::value(now))
        .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
        .filter(conversation::Column::Id.eq(c.id))
        .exec(&tx)
        .await
        .map_err(internal)?;
    // The reply left: it costs one of the quota. If a concurrent send took the last one, the
    // fact is recorded all the same, uncharged, and the balance stays at zero.
    match credits::consume(&tx, org, Quota::AgentMessages, 1, &format!("Réponse à {}", c.prospect_name), None).await {
        Ok(()) => {}
        Err(credits::CreditsError::Insufficient { .. }) => {
            tracing::warn!(organization_id = %org, "agent reply sent with the quota already spent");
        }
        Err(credits::CreditsError::Db(e)) => return Err(internal(e)),
    }
    tx.commit().await.map_err(internal)
}

/// Agent replies of the offer the client approved (sent by hand from a draft).
pub async fn approvals<C: sea_orm::ConnectionTrait>(
    db: &C,
    offer: prospecta_shared::ids::OfferId,
) -> Result<u32, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    let conversations: Vec<ConversationId> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .filter(conversation::Column::OfferId.eq(offer))
        .into_tuple()
        .all(db)
        .await?;
    Ok(conversation_message::Entity::find()
        .filter(conversation_message::Column::ConversationId.is_in(conversations))
        .filter(conversation_message::Column::Author.eq(MessageAuthor::Agent))
        .filter(conversation_message::Column::Status.eq(MessageStatus::Sent))
        .count(db)
        .await? as u32)
}

/// Sends a draft the offer's past approvals let leave on its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendApproved {
    pub organization_id: OrgId,
    pub message_id: MessageId,
}

#[async_trait]
impl Job for SendApproved {
    const KIND: &'static str = "conversations.send_approved";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 6;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("send-approved:{}", self.message_id))
    }

    fn organization_id(&self) -> Option<OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        match send_draft(&ctx.app, self.organization_id, self.message_id).await {
            Ok(()) => Ok(()),
            Err(prospecta_shared::AppError::Unavailable) => Err(JobError::Retry("messagerie indisponible".into())),
            // No mailbox, today's limit, the cap, a refusal: the draft waits for the client.
            Err(e) => {
                tracing::info!(message_id = %self.message_id, "réponse laissée en brouillon : {}", e.message_fr());
                Ok(())
            }
        }
    }
}
