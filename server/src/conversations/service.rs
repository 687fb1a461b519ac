//! The inbox's port: one tab of an offer's conversations, and one thread, scoped to the actor's
//! organisation.

use super::entities::{conversation, conversation_message};
use super::internal;
use super::threads::tags_of;
use crate::state::AppState;
use async_trait::async_trait;
use prospecta_app::conversations::port::Conversations;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::conversations::{
    ConversationStage, ConversationSummary, Inbox, InboxCounts, MessageStatus, Thread, ThreadMessage,
};
use prospecta_shared::ids::{ConversationId, MessageId, OfferId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// Conversations listed per tab.
const PER_TAB: u64 = 100;

pub struct ConversationService {
    app: AppState,
}

impl ConversationService {
    pub fn new(app: AppState) -> Self {
        ConversationService { app }
    }
}

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(140) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

impl ConversationService {
    async fn summary(&self, c: &conversation::Model) -> Result<ConversationSummary, DbErr> {
        // The last message exchanged: a draft is not one yet.
        let last = conversation_message::Entity::find()
            .filter(conversation_message::Column::ConversationId.eq(c.id))
            .filter(conversation_message::Column::Status.is_in([MessageStatus::Received, MessageStatus::Sent]))
            .order_by_desc(conversation_message::Column::Id)
            .one(&self.app.db)
            .await?;
        Ok(ConversationSummary {
            id: c.id,
            prospect_name: if c.prospect_name.is_empty() {
                c.prospect_address.clone()
            } else {
                c.prospect_name.clone()
            },
            prospect_address: c.prospect_address.clone(),
            subject: c.subject.clone(),
            stage: c.stage,
            score: c.score.and_then(|s| u8::try_from(s).ok()),
            tags: tags_of(&c.tags),
            excerpt: last.map(|m| excerpt(&m.body)).unwrap_or_default(),
            last_message_at: crate::time::datetime_fr(c.last_message_at),
        })
    }
}

#[async_trait]
impl Conversations for ConversationService {
    async fn inbox(&self, actor: &SessionUser, offer: OfferId, stage: ConversationStage) -> Result<Inbox, AppError> {
        let db = &self.app.db;
        let org = actor.organization_id;
        let of_offer = || {
            conversation::Entity::find()
                .filter(conversation::Column::OrganizationId.eq(org))
                .filter(conversation::Column::OfferId.eq(offer))
        };
        let count = |stage: ConversationStage| of_offer().filter(conversation::Column::Stage.eq(stage)).count(db);
        let (awaiting_total, awaiting) =
            crate::outreach::campaigns::replies::awaiting(db, org, offer, PER_TAB).await.map_err(internal)?;
        let counts = InboxCounts {
            contacted: awaiting_total,
            open: count(ConversationStage::Open).await.map_err(internal)?,
            questions: count(ConversationStage::Question).await.map_err(internal)?,
            won: count(ConversationStage::Won).await.map_err(internal)?,
            lost: count(ConversationStage::Lost).await.map_err(internal)?,
        };
        let mut conversations = Vec::new();
        if stage != ConversationStage::Contacted {
            let rows = of_offer()
                .filter(conversation::Column::Stage.eq(stage))
                .order_by_desc(conversation::Column::LastMessageAt)
                .limit(PER_TAB)
                .all(db)
                .await
                .map_err(internal)?;
            for row in &rows {
                conversations.push(self.summary(row).await.map_err(internal)?);
            }
        }
        Ok(Inbox {
            counts,
            conversations,
            awaiting: if stage == ConversationStage::Contacted { awaiting } else { Vec::new() },
            mailbox_active: crate::mailboxes::is_active(db, org).await.map_err(internal)?,
        })
    }

    async fn thread(&self, actor: &SessionUser, id: ConversationId) -> Result<Thread, AppError> {
        let db = &self.app.db;
        let c = conversation::Entity::find_by_id(id)
            .filter(conversation::Column::OrganizationId.eq(actor.organization_id))
            .one(db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let messages = conversation_message::Entity::find()
            .filter(conversation_message::Column::ConversationId.eq(c.id))
            .order_by_asc(conversation_message::Column::Id)
            .all(db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|m| ThreadMessage {
                id: m.id,
                author: m.author,
                status: m.status,
                reasoning: m.reasoning,
                subject: m.subject,
                body: m.body,
                tags: tags_of(&m.tags),
                at: crate::time::datetime_fr(m.created_at),
            })
            .collect();
        let (approvals, reply_sending) = match c.offer_id {
            Some(offer) => (
                super::drafts::approvals(db, offer).await.map_err(internal)?,
                crate::business::agent_context::reply_sending(db, c.organization_id, offer)
                    .await
                    .map_err(internal)?
                    .unwrap_or_default(),
            ),
            None => (0, Default::default()),
        };
        Ok(Thread {
            summary: self.summary(&c).await.map_err(internal)?,
            messages,
            question: c.question.clone(),
            debrief: c.debrief.clone(),
            agent_messages: c.agent_messages.max(0) as u32,
            approvals,
            reply_sending,
            corrections: super::corrections::shown(
                super::agent::in_force(db, c.organization_id, c.offer_id).await.map_err(internal)?,
            ),
        })
    }

    async fn correct_agent(
        &self,
        actor: &SessionUser,
        message_id: MessageId,
        instruction: String,
    ) -> Result<u32, AppError> {
        super::corrections::correct(&self.app, actor, message_id, &instruction).await
    }

    async fn send_draft(&self, actor: &SessionUser, message_id: MessageId) -> Result<(), AppError> {
        super::drafts::send_draft(&self.app, actor.organization_id, message_id).await
    }

    async fn discard_draft(&self, actor: &SessionUser, message_id: MessageId) -> Result<(), AppError> {
        let discarded = conversation_message::Entity::update_many()
            .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Discarded))
            .filter(conversation_message::Column::Id.eq(message_id))
            .filter(conversation_message::Column::OrganizationId.eq(actor.organization_id))
            .filter(conversation_message::Column::Status.eq(MessageStatus::Draft))
            .exec(&self.app.db)
            .await
            .map_err(internal)?;
        if discarded.rows_affected == 0 {
            return Err(AppError::NotFound);
        }
        Ok(())
    }

    async fn answer_question(&self, actor: &SessionUser, id: ConversationId, answer: String) -> Result<(), AppError> {
        super::replies::answer_question(&self.app, actor.organization_id, id, &answer).await
    }

    async fn book_meeting(&self, actor: &SessionUser, id: ConversationId, starts_at: String) -> Result<(), AppError> {
        super::replies::book_meeting(&self.app, actor, id, &starts_at).await
    }
}
