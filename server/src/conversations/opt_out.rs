//! The short confirmation a person who asked to stop receives, once, from the client's own
//! mailbox — and nothing else after it (the opposition list stops every other message).

use super::entities::{conversation, conversation_message};
use super::threads::tags_json;
use super::threads::{last_from_prospect, reply_subject, reply_to_prospect};
use crate::jobs::{Job, JobContext, JobError};
use crate::mailboxes::{MESSAGE_ID_DOMAIN, SendError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::conversations::{MessageAuthor, MessageStatus};
use prospecta_shared::ids::{ConversationId, OrgId};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde::{Deserialize, Serialize};

/// The confirmation's text: short, no sales pitch.
pub fn confirmation_text(from_name: &str) -> String {
    format!(
        "Bonjour,\n\nC'est noté : vous ne recevrez plus aucun message de notre part, ni de la plateforme \
         Prospecta.\n\nBien cordialement,\n{from_name}"
    )
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfirmOptOut {
    pub conversation_id: ConversationId,
    pub organization_id: OrgId,
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

#[async_trait]
impl Job for ConfirmOptOut {
    const KIND: &'static str = "conversations.confirm_opt_out";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 6;

    /// Once per conversation, whatever the number of requests.
    fn idempotency_key(&self) -> Option<String> {
        Some(format!("opt-out-confirmation:{}", self.conversation_id))
    }

    fn organization_id(&self) -> Option<OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(c) = conversation::Entity::find_by_id(self.conversation_id).one(&app.db).await.map_err(retry)? else {
            return Ok(());
        };
        let request = last_from_prospect(&app.db, c.id).await.map_err(retry)?;
        let Some(from_name) = crate::mailboxes::sender_name(&app.db, c.organization_id).await.map_err(retry)? else {
            tracing::info!(conversation_id = %c.id, "pas de messagerie active : pas de confirmation de désinscription");
            return Ok(());
        };
        let subject = reply_subject(&c.subject);
        let parent = request.and_then(|m| m.message_id);
        let message_id = format!("o{}@{MESSAGE_ID_DOMAIN}", c.id);
        let message = reply_to_prospect(app, &c, message_id, subject.clone(), confirmation_text(&from_name), parent);
        match crate::mailboxes::send(app, c.organization_id, &message).await {
            Ok(_) => {}
            Err(SendError::Unavailable(why)) => return Err(JobError::Retry(why)),
            // Today's limit: tomorrow's retries will take it.
            Err(SendError::DailyLimit { .. }) => return Err(JobError::Retry("limite du jour atteinte".into())),
            // No mailbox, an address refused, a fate unknown: never sent twice.
            Err(other) => {
                tracing::warn!(conversation_id = %c.id, "confirmation de désinscription non envoyée : {other}");
                return Ok(());
            }
        }
        conversation_message::Entity::insert(conversation_message::ActiveModel {
            conversation_id: Set(c.id),
            organization_id: Set(c.organization_id),
            author: Set(MessageAuthor::Platform),
            dedupe_key: Set(None),
            message_id: Set(Some(message.message_id.clone())),
            subject: Set(subject),
            body: Set(message.text.clone()),
            tags: Set(tags_json(&[])),
            reasoning: Set(None),
            tokens: Set(0),
            prompt_version: Set(None),
            status: Set(MessageStatus::Sent),
            sent_at: Set(Some(Utc::now())),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec_without_returning(&app.db)
        .await
        .map_err(retry)?;
        Ok(())
    }
}
